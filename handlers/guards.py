"""Checks that run before any handler: who is served, what the bot must not act on.

The bot serves one school: the members of its group (Telegram's own list, asked with
getChatMember and kept a few minutes), its workers and its heads. Anyone else gets one polite
line in private — no ticket, no list, no roster, no name — and an alert for a button;
/start, /help and /whoami still answer, so a new colleague can send the head their id.
Nothing is stored about people the bot refuses.
"""

from __future__ import annotations

import logging
import time

from telegram import ChatMember, ChatMemberUpdated, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ChatMemberHandler, TypeHandler

from bot.domain.users import Bounded
from bot.i18n import t
from handlers.common import HouqinApp, HouqinContext, lang_of, profile_of, reply

log = logging.getLogger(__name__)

MEMBERS_GROUP = -3
GUARD_GROUP = -2
REMEMBER_GROUP = -1

MEMBER_STATUSES = frozenset(
    {ChatMember.OWNER, ChatMember.ADMINISTRATOR, ChatMember.MEMBER, ChatMember.RESTRICTED}
)
KEEP_MEMBERSHIP = 300.0  # seconds a getChatMember answer is trusted
CACHED_MEMBERS = 5000


class Membership:
    """Who is in the school group, as Telegram said a little while ago."""

    def __init__(self) -> None:
        self._known: Bounded[int, tuple[bool, float]] = Bounded(CACHED_MEMBERS)

    def learn(self, user_id: int, member: bool) -> None:
        """Note what a chat_member update (or an answer) says about someone."""
        self._known[user_id] = (member, time.monotonic())

    async def is_member(self, context: HouqinContext, user_id: int) -> bool:
        """Return whether the user is in the school group (False if Telegram cannot say)."""
        known = self._known.get(user_id)
        if known is not None and time.monotonic() - known[1] < KEEP_MEMBERSHIP:
            return bool(known[0])
        chat_id = context.settings.school_chat_id
        if chat_id is None:
            return False
        try:
            found = await context.bot.get_chat_member(chat_id, user_id)
        except TelegramError as exc:  # not cached: asked again next time
            log.warning("could not ask whether %s is in the group: %s", user_id, exc)
            return False
        member = found.status in MEMBER_STATUSES
        self.learn(user_id, member)
        return member


def membership(context: HouqinContext) -> Membership:
    return context.application.bot_data.setdefault("membership", Membership())


async def served(update: Update, context: HouqinContext) -> bool:
    """Tell whether the person behind the update is one of the school's people."""
    user = update.effective_user
    if user is None:
        return False
    if user.id in context.settings.admin_user_ids:
        return True
    chat = update.effective_chat
    if (
        update.message is not None
        and chat is not None
        and chat.id in context.settings.served_chat_ids
    ):
        return True  # they are writing in the school's own group
    if (await context.services.users.actor(user.id)).is_worker:
        return True
    return await membership(context).is_member(context, user.id)


def _command(update: Update) -> str | None:
    message = update.effective_message
    text = (message.text or message.caption or "") if message else ""
    if not text.startswith("/"):
        return None
    return text.split(maxsplit=1)[0][1:].split("@")[0].lower()


async def guard(update: Update, context: HouqinContext) -> None:
    """Stop updates the bot must not act on, answering where a person is waiting."""
    chat = update.effective_chat
    if update.channel_post or update.edited_channel_post:
        log.info("ignored a channel post in %s", chat.id if chat else None)
        raise ApplicationHandlerStop
    lang = lang_of(update, context)
    message = update.effective_message
    command = _command(update)
    in_group = chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
    if in_group and chat.id not in context.settings.served_chat_ids:
        log.info("update from unserved chat %s", chat.id)
        if command == "setup" and message is not None:  # a new school: which id is this group?
            await message.reply_text(t(lang, "setup_group_id", id=chat.id))
        elif command is not None and message is not None:
            await message.reply_text(t(lang, "not_served"))
        elif update.callback_query is not None:
            await update.callback_query.answer(t(lang, "not_served"), show_alert=True)
        raise ApplicationHandlerStop
    if message is not None and message.sender_chat is not None:
        # An anonymous group admin or a channel speaking in the group: nobody to hold to account.
        if command is not None:
            await reply(update, context, t(lang, "anonymous"))
        raise ApplicationHandlerStop
    if update.effective_user is None or update.effective_user.is_bot:
        raise ApplicationHandlerStop
    if not await served(update, context):
        await refuse_stranger(update, context, command)
        raise ApplicationHandlerStop
    if update.edited_message is not None:
        private = chat is not None and chat.type == ChatType.PRIVATE
        if command is not None or private:
            await reply(update, context, t(lang, "edit_ignored"))
        raise ApplicationHandlerStop


async def refuse_stranger(update: Update, context: HouqinContext, command: str | None) -> None:
    """Answer someone the bot does not serve: one line, and nothing else."""
    user = update.effective_user
    assert user is not None
    lang = lang_of(update, context)
    text = t(lang, "not_member", id=user.id)
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
        return
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE or update.edited_message is not None:
        return  # in a group only members speak; an edit gets nothing
    message = update.effective_message
    assert message is not None
    if command == "whoami":
        text = t(lang, "whoami_stranger", name=user.full_name, id=user.id)
    await message.reply_text(text, do_quote=False)


async def remember_user(update: Update, context: HouqinContext) -> None:
    """Keep each served person's name and language current."""
    profile = profile_of(update)
    if profile is not None:
        await context.services.users.remember(profile, now=context.services.clock.now())


async def on_member_change(update: Update, context: HouqinContext) -> None:
    """Someone joined or left the school group: served, or no longer, from now on."""
    change: ChatMemberUpdated | None = update.chat_member
    if change is None or change.chat.id != context.settings.school_chat_id:
        raise ApplicationHandlerStop
    member = change.new_chat_member.status in MEMBER_STATUSES
    membership(context).learn(change.new_chat_member.user.id, member)
    log.info("%s is %s", change.new_chat_member.user.id, "in the group" if member else "gone")
    raise ApplicationHandlerStop


def register(application: HouqinApp) -> None:
    """Add the guards ahead of every other handler."""
    application.bot_data["membership"] = Membership()
    application.add_handler(
        ChatMemberHandler(on_member_change, ChatMemberHandler.CHAT_MEMBER), group=MEMBERS_GROUP
    )
    application.add_handler(TypeHandler(Update, guard), group=GUARD_GROUP)
    application.add_handler(TypeHandler(Update, remember_user), group=REMEMBER_GROUP)
