"""What every handler shares: the services, the user's language, sending that never crashes."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application, CallbackContext, CommandHandler, ExtBot

from bot.config import Settings
from bot.domain.errors import Refused
from bot.domain.routing import dispatchable
from bot.domain.setup import Setup
from bot.domain.text import plain
from bot.domain.users import Actor, Profile
from bot.i18n import Lang, pick_language, t
from bot.services import Services

log = logging.getLogger(__name__)


class HouqinContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The callback context, with typed access to the services."""

    @property
    def services(self) -> Services:
        return self.application.bot_data["services"]

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def setup(self) -> Setup:
        """The school's current set-up (posts, categories, roster), kept in memory."""
        return self.services.school.setup


HouqinApp = Application[Any, HouqinContext, Any, Any, Any, Any]


class MenuCommand(CommandHandler[HouqinContext, None]):
    """A command listed in Telegram's command menu: in private chats, and in groups too if
    `group`. The menu is read from these registrations, so it cannot drift from them."""

    def __init__(self, command: str, callback: Any, *, group: bool = False) -> None:
        super().__init__(command, callback)
        self.command = command
        self.in_group_menu = group


def menu(application: HouqinApp) -> tuple[list[str], list[str]]:
    """Return the group menu's commands and the private menu's, in registration order."""
    group: list[str] = []
    private: list[str] = []
    for handlers in application.handlers.values():
        for handler in handlers:
            if isinstance(handler, MenuCommand):
                private.append(handler.command)
                if handler.in_group_menu:
                    group.append(handler.command)
    return group, private


def profile_of(update: Update) -> Profile | None:
    """Return what Telegram says about the person behind the update."""
    user = update.effective_user
    if user is None or user.is_bot:
        return None
    return Profile(
        user_id=user.id,
        name=user.full_name,
        username=user.username,
        language_code=user.language_code,
    )


def lang_of(update: Update, context: HouqinContext) -> Lang:
    """Return the language to answer this update's user in."""
    user = update.effective_user
    return pick_language(user.language_code if user else None, context.settings.bot_language)


def group_lang(context: HouqinContext) -> Lang:
    """Return the language of group messages."""
    return context.settings.bot_language


async def actor_of(update: Update, context: HouqinContext) -> Actor:
    """Return the actor behind the update, with the posts they are on duty for now."""
    assert update.effective_user is not None
    return await person_of(context, update.effective_user.id)


async def person_of(context: HouqinContext, user_id: int) -> Actor:
    """Return who a user is to the bot right now (roles, and the posts they are on duty for,
    whose tickets they may hand to a colleague)."""
    actor = await context.services.users.actor(user_id)
    if not actor.is_worker:
        return actor
    now = context.services.clock.now()
    return replace(
        actor, dispatches=dispatchable(context.setup, user_id, now, context.settings.tz)
    )


def is_private(update: Update) -> bool:
    """Tell whether the update comes from a private chat with the bot."""
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


_NUMBER = re.compile(r"#?([0-9]{1,9})")


def ticket_number(args: list[str], command: str) -> int:
    """Parse the ticket number that a command starts with (full-width digits too), or refuse
    clearly."""
    if not args:
        raise Refused("needs_ticket_number", command=command)
    match = _NUMBER.fullmatch(plain(args[0]))
    if match is None:
        raise Refused("bad_ticket_number", value=args[0][:20], command=command)
    return int(match.group(1))


# Telegram's limits, counted as Telegram counts: UTF-16 code units of the text people see.
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64  # bytes


def utf16_len(text: str) -> int:
    """Return the length Telegram counts: UTF-16 code units (an emoji beyond the BMP is 2)."""
    return len(text.encode("utf-16-le")) // 2


def fit(text: str, limit: int = MAX_TEXT) -> str:
    """Cut plain text to at most `limit` UTF-16 units, ending with … when cut."""
    if utf16_len(text) <= limit:
        return text
    kept, used = [], 0
    for char in text:
        width = 2 if ord(char) > 0xFFFF else 1
        if used + width > limit - 1:
            break
        kept.append(char)
        used += width
    return "".join(kept) + "…"


_HTML_TOKEN = re.compile(r"<(/?)([a-z-]+)[^>]*>|&#?\w+;|.", re.DOTALL)


def fit_html(text: str, limit: int = MAX_TEXT) -> str:
    """Cut Telegram HTML to at most `limit` units of visible text: never inside a tag or an
    entity, and every tag left open is closed."""
    out: list[str] = []
    open_tags: list[str] = []
    used = 0
    for match in _HTML_TOKEN.finditer(text):
        token = match.group(0)
        if match.group(2):  # a tag takes no room
            if match.group(1):
                if open_tags and open_tags[-1] == match.group(2):
                    open_tags.pop()
            else:
                open_tags.append(match.group(2))
            out.append(token)
            continue
        width = 1 if token.startswith("&") else utf16_len(token)
        if used + width > limit - 1:
            out.append("…")
            break
        out.append(token)
        used += width
    out.extend(f"</{tag}>" for tag in reversed(open_tags))
    return "".join(out)


def message_payload(
    text: str,
    *,
    markup: InlineKeyboardMarkup | None = None,
    reply_to: int | None = None,
    parse_mode: str | None = None,
) -> dict[str, Any]:
    """Return a rendered message as the outbox keeps it."""
    payload: dict[str, Any] = {"text": text}
    if markup is not None:
        payload["markup"] = markup.to_dict()
    if reply_to is not None:
        payload["reply_to"] = reply_to
    if parse_mode is not None:
        payload["parse_mode"] = parse_mode
    return payload


def refusal_text(lang: Lang, refused: Refused) -> str:
    """Render a refusal in `lang`, translating the status and action it names."""
    params = dict(refused.params)
    if "status" in params:
        params["status_text"] = t(lang, f"status.{params['status']}")
    if "action" in params:
        params["action_text"] = t(lang, f"action.{params['action']}")
    return t(lang, refused.key, **params)


async def reply(
    update: Update,
    context: HouqinContext,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Answer the update's message: at once in private; in a group through the outbox, so
    the group's rate limit holds up nobody (the answer replies to the message it answers)."""
    message = update.effective_message
    if message is None:
        return
    text = fit(text)
    if is_private(update) or update.effective_chat is None:
        await message.reply_text(text, reply_markup=markup, do_quote=False)
        return
    payload = message_payload(text, markup=markup, reply_to=message.message_id)
    services = context.services
    await services.outbox.owe_message(message.chat_id, payload, now=services.clock.now())


async def send_private(
    context: HouqinContext,
    user_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> Message | None:
    """Message a user privately; None if they never started the bot or blocked it."""
    try:
        return await context.bot.send_message(user_id, fit(text), reply_markup=markup)
    except Forbidden:
        log.info("user %s cannot be messaged privately", user_id)
    except BadRequest as exc:
        log.warning("private message to %s failed: %s", user_id, exc)
    return None


async def edit_quietly(coroutine: Any) -> None:
    """Run an edit; an unchanged or vanished message is not an error worth showing anyone."""
    try:
        await coroutine
    except BadRequest as exc:
        if "not modified" not in str(exc) and "not found" not in str(exc):
            raise
        log.debug("edit skipped: %s", exc)


async def user_lang(context: HouqinContext, user_id: int) -> Lang:
    """Return the language a (possibly absent) user reads."""
    code = await context.services.users.language_code(user_id)
    return pick_language(code, context.settings.bot_language)


async def on_error(update: object, context: HouqinContext) -> None:
    """Answer refusals in the user's language; log anything else and say sorry, never a trace."""
    error = context.error
    if not isinstance(update, Update):
        log.error("error outside an update", exc_info=error)
        return
    lang = lang_of(update, context)
    if isinstance(error, Refused):
        text = refusal_text(lang, error)
    else:
        log.error("update %s failed", update.update_id, exc_info=error)
        text = t(lang, "internal_error")
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.effective_message is not None and update.effective_chat is not None:
            await reply(update, context, text)
    except TelegramError:
        log.exception("could not tell the user about an error")
