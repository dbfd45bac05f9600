"""What is left after every known command and button: awaited answers, then a clear reply."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.domain.errors import Refused
from bot.domain.pending import DRAFT
from bot.i18n import t
from handlers import meetings, meters, plans, report, rules, tickets
from handlers.common import HouqinApp, HouqinContext, is_private, lang_of, reply


async def on_private_message(update: Update, context: HouqinContext) -> None:
    """A private message that is not a command: an awaited answer, or a report (a new draft,
    or more for the one under way)."""
    assert update.effective_user is not None and update.effective_chat is not None
    message = update.effective_message
    assert message is not None
    lang = lang_of(update, context)
    pending = await context.services.inputs.get(
        user_id=update.effective_user.id, chat_id=update.effective_chat.id
    )
    if pending is None or pending.kind == DRAFT:
        await report.take_private(update, context, pending)
    elif pending.kind == tickets.NOTE:
        await tickets.complete_note(update, context, pending)
    elif pending.kind == plans.INSPECT:
        await plans.complete_inspection(update, context, pending)
    elif pending.kind == meetings.FORM:
        await meetings.complete_form(update, context, pending)
    elif pending.kind == meetings.FAULT:
        await meetings.complete_fault(update, context, pending)
    elif pending.kind == rules.AMOUNT:
        await rules.complete_amount(update, context, pending)
    elif pending.kind == meters.READING:
        await meters.complete_reading(update, context, pending)
    elif not message.text:
        await reply(update, context, t(lang, "form.need_text"))
    elif pending.kind == tickets.THANKS:
        await tickets.complete_thanks(update, context, pending)
    else:
        await tickets.complete_reason(update, context, pending)


async def on_unknown_command(update: Update, context: HouqinContext) -> None:
    """Unknown commands: always answered in private; in groups only when addressed to us."""
    message = update.effective_message
    assert message is not None
    command = (message.text or message.caption or "").split()[0]
    username = context.bot.username
    if is_private(update) or command.lower().endswith(f"@{username}".lower()):
        await reply(update, context, t(lang_of(update, context), "unknown_command"))


async def on_unknown_button(update: Update, context: HouqinContext) -> None:
    """A button whose data the bot never made."""
    raise Refused("button_invalid")


def register(application: HouqinApp) -> None:
    """Add the catch-alls; they must come after every other handler of the default group."""
    application.add_handler(MessageHandler(filters.COMMAND, on_unknown_command))
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & ~filters.COMMAND, on_private_message)
    )
    application.add_handler(CallbackQueryHandler(on_unknown_button))
