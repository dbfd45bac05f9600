"""Reporting: `/report place problem` (or a captioned photo) and the guided form in private."""

from __future__ import annotations

import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.domain.errors import Refused
from bot.domain.model import Action, Ticket, Urgency
from bot.domain.pending import FORM, PendingInput
from bot.domain.routing import plan_report
from bot.domain.text import clean_text
from bot.domain.tickets import MAX_LOCATION_CHARS, MAX_REPORT_CHARS
from bot.i18n import Lang, t
from handlers.common import (
    HouqinApp,
    HouqinContext,
    MenuCommand,
    actor_of,
    edit_quietly,
    fit,
    is_private,
    lang_of,
    reply,
)
from handlers.views import card_text, personal_markup

log = logging.getLogger(__name__)

FORM_BUTTON = re.compile(r"rp:(cat|urg|skip|cancel)(?::(\w+))?")


def split_report(text: str) -> tuple[str | None, str]:
    """Split `/report` arguments into place and problem: the first word is the place."""
    words = text.split(maxsplit=1)
    if len(words) < 2:
        return None, text.strip()
    return words[0], words[1]


async def on_report(update: Update, context: HouqinContext) -> None:
    """/report place problem — or, with nothing after it, the form (private) or a hint."""
    message = update.effective_message
    assert message is not None
    raw = message.text or message.caption or ""
    body = raw.split(maxsplit=1)[1] if len(raw.split(maxsplit=1)) > 1 else ""
    photo = message.photo[-1].file_id if message.photo else None
    if not body.strip():
        if is_private(update):
            await start_form(update, context, photo=photo)
            return
        await reply(
            update,
            context,
            t(lang_of(update, context), "report_usage"),
            private_button(context, update),
        )
        return
    location, description = split_report(body)
    await file_report(
        update,
        context,
        description=description,
        location=location,
        category=None,
        urgency=None,
        photo=photo,
        source=message,
    )


def private_button(context: HouqinContext, update: Update) -> InlineKeyboardMarkup:
    """Return a button that opens the private form (a t.me deep link)."""
    username = context.bot.username
    label = t(lang_of(update, context), "btn.report_private")
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, url=f"https://t.me/{username}?start=report")]]
    )


async def file_report(
    update: Update,
    context: HouqinContext,
    *,
    description: str,
    location: str | None,
    category: str | None,
    urgency: Urgency | None,
    photo: str | None,
    source: Message,
) -> Ticket:
    """Open the ticket (category guessed unless chosen). Its card and the notices to whoever
    should fix it are owed in the same transaction; the reporter is answered at once."""
    services = context.services
    actor = await actor_of(update, context)
    now = services.clock.now()
    plan = plan_report(
        context.setup,
        text=description,
        place=location,
        category=category,
        moment=now,
        tz=context.settings.tz,
        admin_ids=context.settings.admin_user_ids,
        urgency=urgency,
    )
    outcome = await services.tickets.report(
        actor=actor,
        description=description,
        location=plan.location,
        category=plan.category,
        urgency=plan.urgency,
        now=now,
        photo_file_id=photo,
        source_chat_id=source.chat_id,
        source_message_id=source.message_id,
        routing=plan.routing,
        location_key=plan.location_key,
    )
    ticket = outcome.ticket
    lang = lang_of(update, context)
    if not outcome.changed:
        await reply(update, context, t(lang, "report_already", id=ticket.id))
    elif is_private(update):
        markup = personal_markup(lang, ticket, [Action.CANCEL], urgency=True)
        card = card_text(lang, ticket, context.setup, viewer=actor)
        text = t(lang, "reported", id=ticket.id) + "\n\n" + card
        await source.reply_text(fit(text), reply_markup=markup, do_quote=False)
    elif source.chat_id != context.settings.announce_chat_id:
        # Reported in the school group, announced in the workers' chat: a short receipt here.
        await reply(update, context, t(lang, "reported_group_ack", name=actor.name, id=ticket.id))
    # In the group the card itself answers the report (a reply to it, sent by the outbox).
    return ticket


# --- the guided form ---------------------------------------------------------------------------


def cancel_row(lang: Lang) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(t(lang, "btn.form_cancel"), callback_data="rp:cancel")]


async def start_form(update: Update, context: HouqinContext, *, photo: str | None = None) -> None:
    """Begin the form: what is broken → where → category → urgency."""
    assert update.effective_user is not None and update.effective_chat is not None
    services = context.services
    lang = lang_of(update, context)
    await services.inputs.put(
        PendingInput(
            user_id=update.effective_user.id,
            chat_id=update.effective_chat.id,
            kind=FORM,
            data={"step": "what", "photo": photo},
        ),
        now=services.clock.now(),
    )
    await reply(update, context, t(lang, "form.what"), InlineKeyboardMarkup([cancel_row(lang)]))


async def form_input(update: Update, context: HouqinContext, pending: PendingInput) -> None:
    """Take the user's typed answer to the form's current step."""
    message = update.effective_message
    assert message is not None
    lang = lang_of(update, context)
    data = dict(pending.data)
    step = data.get("step")
    if step in ("category", "urgency"):
        await reply(update, context, t(lang, "form.use_buttons"))
        return
    text = clean_text(message.text or message.caption)
    if step == "what" and message.photo:
        data["photo"] = message.photo[-1].file_id
        if not text:
            await save_form(context, pending, data)
            await reply(
                update,
                context,
                t(lang, "form.photo_kept"),
                InlineKeyboardMarkup([cancel_row(lang)]),
            )
            return
    if not text:
        await reply(update, context, t(lang, "form.need_text"))
        return
    if step == "what":
        if len(text) > MAX_REPORT_CHARS:
            raise Refused("report_too_long", limit=MAX_REPORT_CHARS, length=len(text))
        data.update(step="where", description=text)
        await save_form(context, pending, data)
        skip = InlineKeyboardButton(t(lang, "btn.skip"), callback_data="rp:skip")
        await reply(
            update,
            context,
            t(lang, "form.where"),
            InlineKeyboardMarkup([[skip, *cancel_row(lang)]]),
        )
        return
    if len(text) > MAX_LOCATION_CHARS:
        raise Refused("location_too_long", limit=MAX_LOCATION_CHARS)
    data.update(step="category", location=text)
    await save_form(context, pending, data)
    await reply(update, context, t(lang, "form.category"), category_keyboard(lang, context))


def category_keyboard(lang: Lang, context: HouqinContext) -> InlineKeyboardMarkup:
    """Return the school's category buttons, two to a row."""
    buttons = [
        InlineKeyboardButton(c.label(lang), callback_data=f"rp:cat:{c.key}")
        for c in context.setup.categories
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return InlineKeyboardMarkup([*rows, cancel_row(lang)])


def urgency_keyboard(lang: Lang) -> InlineKeyboardMarkup:
    """Return the urgency buttons."""
    buttons = [
        InlineKeyboardButton(t(lang, f"urgency.{u}"), callback_data=f"rp:urg:{u}") for u in Urgency
    ]
    return InlineKeyboardMarkup([buttons, cancel_row(lang)])


async def save_form(context: HouqinContext, pending: PendingInput, data: dict) -> None:
    services = context.services
    updated = PendingInput(user_id=pending.user_id, chat_id=pending.chat_id, kind=FORM, data=data)
    await services.inputs.put(updated, now=services.clock.now())


async def on_form_button(update: Update, context: HouqinContext) -> None:
    """A button of the form: skip the place, pick a category or urgency, or cancel."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    assert update.effective_chat is not None
    services = context.services
    lang = lang_of(update, context)
    match = FORM_BUTTON.fullmatch(query.data or "")
    pending = await services.inputs.get(
        user_id=update.effective_user.id, chat_id=update.effective_chat.id
    )
    if match is None:
        raise Refused("button_invalid")
    if pending is None or pending.kind != FORM:
        await query.answer(t(lang, "form.expired"), show_alert=True)
        return
    kind, value = match[1], match[2]
    data = dict(pending.data)
    step = data.get("step")
    if kind == "cancel":
        await services.inputs.clear(user_id=pending.user_id, chat_id=pending.chat_id)
        await query.answer()
        await edit_quietly(query.edit_message_text(t(lang, "form.cancelled")))
        return
    if kind == "skip" and step == "where":
        data.update(step="category", location=None)
        await save_form(context, pending, data)
        await query.answer()
        await edit_quietly(
            query.edit_message_text(
                t(lang, "form.category"), reply_markup=category_keyboard(lang, context)
            )
        )
        return
    if kind == "cat" and step == "category" and context.setup.category(value or ""):
        data.update(step="urgency", category=value)
        await save_form(context, pending, data)
        await query.answer()
        text = t(lang, "form.urgency") + "\n" + t(lang, "form.urgent_hint")
        await edit_quietly(query.edit_message_text(text, reply_markup=urgency_keyboard(lang)))
        return
    if kind == "urg" and step == "urgency" and value in set(Urgency):
        await query.answer()
        message = query.message
        assert isinstance(message, Message)
        await edit_quietly(query.edit_message_reply_markup(None))
        # The form's last message is the source: pressing twice cannot file two tickets.
        await file_report(
            update,
            context,
            description=data["description"],
            location=data.get("location"),
            category=data["category"],
            urgency=Urgency(value),
            photo=data.get("photo"),
            source=message,
        )
        await services.inputs.clear(user_id=pending.user_id, chat_id=pending.chat_id)
        return
    await query.answer(t(lang, "form.expired"), show_alert=True)


def register(application: HouqinApp) -> None:
    """Add /report, photo reports and the form's buttons."""
    application.add_handler(MenuCommand("report", on_report, group=True))
    application.add_handler(
        MessageHandler(filters.PHOTO & filters.CaptionRegex(r"^/report(@\w+)?(\s|$)"), on_report)
    )
    application.add_handler(CallbackQueryHandler(on_form_button, pattern=r"^rp:"))
