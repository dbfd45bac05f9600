"""Checks that run before any handler: remember the user, refuse what the bot must not serve."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot.i18n import t
from handlers.common import HouqinApp, HouqinContext, lang_of, profile_of

log = logging.getLogger(__name__)

REMEMBER_GROUP = -2
GUARD_GROUP = -1


async def remember_user(update: Update, context: HouqinContext) -> None:
    """Keep each user's name and language current."""
    profile = profile_of(update)
    if profile is not None:
        await context.services.users.remember(profile, now=context.services.clock.now())


def _is_command(update: Update) -> bool:
    message = update.effective_message
    text = (message.text or message.caption or "") if message else ""
    return text.startswith("/")


async def guard(update: Update, context: HouqinContext) -> None:
    """Stop updates the bot must not act on, answering where a person is waiting."""
    chat = update.effective_chat
    if update.channel_post or update.edited_channel_post:
        log.info("ignored a channel post in %s", chat.id if chat else None)
        raise ApplicationHandlerStop
    lang = lang_of(update, context)
    message = update.effective_message
    in_group = chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
    if in_group and chat.id not in context.settings.served_chat_ids:
        log.info("update from unserved chat %s", chat.id)
        if _is_command(update) and message is not None:
            await message.reply_text(t(lang, "not_served"))
        elif update.callback_query is not None:
            await update.callback_query.answer(t(lang, "not_served"), show_alert=True)
        raise ApplicationHandlerStop
    if message is not None and message.sender_chat is not None:
        # An anonymous group admin or a channel speaking in the group: nobody to hold to account.
        if _is_command(update):
            await message.reply_text(t(lang, "anonymous"))
        raise ApplicationHandlerStop
    if update.edited_message is not None:
        private = chat is not None and chat.type == ChatType.PRIVATE
        if _is_command(update) or private:
            await update.edited_message.reply_text(t(lang, "edit_ignored"))
        raise ApplicationHandlerStop
    if update.effective_user is None or update.effective_user.is_bot:
        raise ApplicationHandlerStop


def register(application: HouqinApp) -> None:
    """Add the guards ahead of every other handler."""
    application.add_handler(TypeHandler(Update, remember_user), group=REMEMBER_GROUP)
    application.add_handler(TypeHandler(Update, guard), group=GUARD_GROUP)
