"""Ticket actions by command or button. The card in the group and the other side's notice
are owed by the domain in the same transaction and sent by the outbox's sender."""

from __future__ import annotations

import logging
import re

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.domain.errors import Refused
from bot.domain.model import Action, Ticket, Urgency
from bot.domain.pending import PendingInput
from bot.domain.routing import route
from bot.domain.text import plain
from bot.domain.tickets import Given, allowed_actions
from bot.domain.users import Actor
from bot.i18n import Lang, stars, t
from handlers.common import (
    MAX_CAPTION,
    HouqinApp,
    HouqinContext,
    MenuCommand,
    actor_of,
    edit_quietly,
    fit,
    is_private,
    lang_of,
    reply,
    send_private,
    ticket_number,
    user_lang,
)
from handlers.views import (
    card_text,
    category_markup,
    deadline_lines,
    personal_markup,
)

log = logging.getLogger(__name__)

ACTION_COMMANDS: dict[str, Action] = {
    "claim": Action.CLAIM,
    "done": Action.DONE,
    "hold": Action.HOLD,
    "resume": Action.RESUME,
    "confirm": Action.CONFIRM,
    "reopen": Action.REOPEN,
    "cancel": Action.CANCEL,
    "rate": Action.RATE,
}
BUTTON = re.compile(
    r"tk:(claim|done|hold|resume|confirm|reopen|cancel|rate|recategorize)"
    r":([0-9]{1,9}):([0-9]{1,9})(?::([a-z0-9_]{1,20}))?"
)


async def recategorize(
    context: HouqinContext,
    actor: Actor,
    *,
    ticket_id: int,
    category: str,
    version: int | None = None,
) -> Ticket:
    """Move a ticket to another category; the routing follows and the new handler is told
    (by the notice the domain owes)."""
    services = context.services
    now = services.clock.now()
    routing = route(
        context.setup, category, now, context.settings.tz, context.settings.admin_user_ids
    )
    outcome = await services.tickets.act(
        Action.RECATEGORIZE,
        actor=actor,
        ticket_id=ticket_id,
        now=now,
        version=version,
        given=Given(category=category, routing=routing),
    )
    return outcome.ticket


def recategorized_text(lang: Lang, context: HouqinContext, ticket: Ticket) -> str:
    """Return what the person who re-sorted a ticket is told."""
    setup = context.setup
    category = setup.category(ticket.category)
    post = setup.post(category.post_key if category else None)
    return t(
        lang,
        "done.recategorize",
        id=ticket.id,
        category=setup.category_label(ticket.category, lang),
        post=post.label(lang) if post else t(lang, "role.admin"),
    )


def category_from(context: HouqinContext, text: str) -> str:
    """Find a category by key or name (either language), or refuse listing the choices."""
    wanted = text.strip().lower()
    for category in context.setup.categories:
        names = {category.key, category.name.lower(), (category.name_en or "").lower()}
        if wanted in names:
            return category.key
    choices = "、".join(c.name for c in context.setup.categories)
    raise Refused("unknown_category", value=text[:20], choices=choices)


URGENCY_WORDS = {"紧急": "urgent", "urgent": "urgent", "普通": "normal", "normal": "normal"}


async def on_urgency_command(update: Update, context: HouqinContext) -> None:
    """/urgency N 紧急|普通: change how urgent a ticket is; its time limits follow."""
    args = context.args or []
    ticket_id = ticket_number(args, "urgency")
    lang = lang_of(update, context)
    urgency = URGENCY_WORDS.get(args[1].lower()) if len(args) == 2 else None
    if urgency is None:
        await reply(update, context, t(lang, "urgency_usage", id=ticket_id))
        return
    actor = await actor_of(update, context)
    outcome = await context.services.tickets.act(
        Action.SET_URGENCY,
        actor=actor,
        ticket_id=ticket_id,
        now=context.services.clock.now(),
        given=Given(urgency=Urgency(urgency)),
    )
    now = context.services.clock.now()
    lines = deadline_lines(lang, outcome.ticket, now, context.settings.tz)
    head = t(lang, "done.set_urgency", id=ticket_id, urgency=t(lang, f"urgency.{urgency}"))
    await reply(update, context, "\n".join([head, *lines]))


async def on_category_command(update: Update, context: HouqinContext) -> None:
    """/category N name: put a ticket in another category."""
    args = context.args or []
    ticket_id = ticket_number(args, "category")
    lang = lang_of(update, context)
    if len(args) < 2:
        ticket = await context.services.tickets.get(ticket_id)
        text = t(
            lang,
            "ask.recategorize",
            id=ticket.id,
            category=context.setup.category_label(ticket.category, lang),
        )
        await reply(update, context, text, category_markup(lang, ticket, context.setup))
        return
    category = category_from(context, " ".join(args[1:]))
    actor = await actor_of(update, context)
    ticket = await recategorize(context, actor, ticket_id=ticket_id, category=category)
    await reply(update, context, recategorized_text(lang, context, ticket))


# --- doing an action ---------------------------------------------------------------------------


def done_text(lang: Lang, action: Action, ticket: Ticket) -> str:
    """Return what the person who took `action` is told."""
    key = f"done.{action}"
    if action is Action.CONFIRM and ticket.rating is not None:
        key = "done.confirm_rated"
    return t(
        lang,
        key,
        id=ticket.id,
        assignee=ticket.assignee_name or t(lang, "nobody"),
        stars=stars(ticket.rating or 0),
    )


async def perform(
    context: HouqinContext,
    actor: Actor,
    *,
    ticket_id: int,
    action: Action,
    note: str | None = None,
    rating: int | None = None,
    photo_file_id: str | None = None,
    version: int | None = None,
) -> Ticket:
    """Take the action (the card and the other side's notice go out by the outbox)."""
    outcome = await context.services.tickets.act(
        action,
        actor=actor,
        ticket_id=ticket_id,
        now=context.services.clock.now(),
        version=version,
        given=Given(note=note, rating=rating, photo_file_id=photo_file_id),
    )
    return outcome.ticket


async def drop_awaited_input(update: Update, context: HouqinContext) -> bool:
    """Stop waiting for this person's answer here (form or reason); False if none awaited."""
    assert update.effective_user is not None and update.effective_chat is not None
    inputs = context.services.inputs
    user_id, chat_id = update.effective_user.id, update.effective_chat.id
    if await inputs.get(user_id=user_id, chat_id=chat_id) is None:
        return False
    await inputs.clear(user_id=user_id, chat_id=chat_id)
    await reply(update, context, t(lang_of(update, context), "form.cancelled"))
    return True


def parse_rest(action: Action, rest: list[str]) -> tuple[str | None, int | None]:
    """Split what follows the ticket number into a note or a rating."""
    if action in (Action.CONFIRM, Action.RATE):
        if not rest:
            return None, None
        score = plain(rest[0])
        if not (score.isascii() and score.isdigit()):
            raise Refused("bad_rating")
        return None, int(score)
    return (" ".join(rest) or None), None


async def on_action_command(update: Update, context: HouqinContext) -> None:
    """/claim N, /done N [note], /hold N reason, /resume N, /confirm N [1-5], /reopen N
    reason, /cancel N, /rate N 1-5 — and a photo captioned /done N [note]."""
    message = update.effective_message
    assert message is not None
    words = (message.text or message.caption or "").split()
    command = words[0][1:].split("@")[0].lower()
    action = ACTION_COMMANDS[command]
    if action is Action.CANCEL and len(words) == 1 and await drop_awaited_input(update, context):
        return  # a bare /cancel in the middle of a form or a question cancels that
    ticket_id = ticket_number(words[1:], command)
    note, rating = parse_rest(action, words[2:])
    if action is Action.RATE and rating is None:
        raise Refused("bad_rating")
    photo = message.photo[-1].file_id if message.photo else None
    actor = await actor_of(update, context)
    ticket = await perform(
        context,
        actor,
        ticket_id=ticket_id,
        action=action,
        note=note,
        rating=rating,
        photo_file_id=photo,
    )
    lang = lang_of(update, context)
    markup = None
    if is_private(update):
        markup = personal_markup(lang, ticket, allowed_actions(actor, ticket))
    await reply(update, context, done_text(lang, action, ticket), markup)


async def on_button(update: Update, context: HouqinContext) -> None:
    """A ticket button: act on the version of the ticket the button was drawn for."""
    query = update.callback_query
    assert query is not None
    match = BUTTON.fullmatch(query.data or "")
    if match is None:
        raise Refused("button_invalid")
    action = Action(match[1])
    ticket_id, version, extra = int(match[2]), int(match[3]), match[4]
    rating = int(extra) if action is Action.RATE and extra in {"1", "2", "3", "4", "5"} else None
    if (action is Action.RATE) != (rating is not None) or (
        extra is not None and action not in (Action.RATE, Action.RECATEGORIZE)
    ):
        raise Refused("button_invalid")
    actor = await actor_of(update, context)
    lang = lang_of(update, context)
    if action in (Action.HOLD, Action.REOPEN) or (action is Action.RECATEGORIZE and not extra):
        await ask_privately(update, context, actor, action, ticket_id, version)
        return
    if action is Action.RECATEGORIZE:
        assert extra is not None
        if context.setup.category(extra) is None:
            raise Refused("button_invalid")
        ticket = await recategorize(
            context, actor, ticket_id=ticket_id, category=extra, version=version
        )
        await query.answer(recategorized_text(lang, context, ticket))
        if query.message is not None and query.message.chat.type == "private":
            await edit_quietly(query.edit_message_text(recategorized_text(lang, context, ticket)))
        return
    ticket = await perform(
        context, actor, ticket_id=ticket_id, action=action, rating=rating, version=version
    )
    await query.answer(done_text(lang, action, ticket))
    message = query.message
    if message is not None and message.chat.type == "private":
        markup = personal_markup(lang, ticket, allowed_actions(actor, ticket))
        text = done_text(lang, action, ticket) + "\n\n" + card_text(lang, ticket, context.setup)
        if getattr(message, "photo", None):
            await edit_quietly(
                query.edit_message_caption(fit(text, MAX_CAPTION), reply_markup=markup)
            )
        else:
            await edit_quietly(query.edit_message_text(fit(text), reply_markup=markup))


async def ask_privately(
    update: Update,
    context: HouqinContext,
    actor: Actor,
    action: Action,
    ticket_id: int,
    version: int,
) -> None:
    """Ask in private for what a button cannot carry: a reason (hold, not fixed) or a new
    category. A reason is awaited as the next private message; categories are buttons."""
    query = update.callback_query
    assert query is not None
    services = context.services
    ticket = await services.tickets.get(ticket_id)
    services.tickets.check(actor=actor, ticket=ticket, action=action, version=version)
    lang = await user_lang(context, actor.user_id)
    if action is Action.RECATEGORIZE:
        text = t(
            lang,
            "ask.recategorize",
            id=ticket.id,
            category=context.setup.category_label(ticket.category, lang),
        )
        sent = await send_private(
            context, actor.user_id, text, category_markup(lang, ticket, context.setup)
        )
    else:
        pending = PendingInput(
            user_id=actor.user_id,
            chat_id=actor.user_id,
            kind=action,
            ticket_id=ticket_id,
            version=version,
        )
        await services.inputs.put(pending, now=services.clock.now())
        sent = await send_private(context, actor.user_id, t(lang, f"ask.{action}", id=ticket_id))
        if sent is None:
            await services.inputs.clear(user_id=actor.user_id, chat_id=actor.user_id)
    here = lang_of(update, context)
    if sent is None:
        command = "category" if action is Action.RECATEGORIZE else action
        await query.answer(
            t(here, "ask.private_first", action=command, id=ticket_id), show_alert=True
        )
        return
    await query.answer(t(here, "ask.sent_private"))


async def complete_reason(update: Update, context: HouqinContext, pending: PendingInput) -> None:
    """The awaited reason arrived: take the held-back action with it."""
    message = update.effective_message
    assert message is not None and pending.ticket_id is not None
    actor = await actor_of(update, context)
    services = context.services
    try:
        ticket = await perform(
            context,
            actor,
            ticket_id=pending.ticket_id,
            action=Action(pending.kind),
            note=message.text,
            version=pending.version,
        )
    finally:
        await services.inputs.clear(user_id=pending.user_id, chat_id=pending.chat_id)
    lang = lang_of(update, context)
    markup = personal_markup(lang, ticket, allowed_actions(actor, ticket))
    await reply(update, context, done_text(lang, Action(pending.kind), ticket), markup)


def register(application: HouqinApp) -> None:
    """Add the ticket commands and buttons."""
    for command in ACTION_COMMANDS:
        in_group = command in ("claim", "done")
        application.add_handler(MenuCommand(command, on_action_command, group=in_group))
    application.add_handler(
        MessageHandler(
            filters.PHOTO & filters.CaptionRegex(r"^/done(@\w+)?(\s|$)"), on_action_command
        )
    )
    application.add_handler(MenuCommand("category", on_category_command))
    application.add_handler(MenuCommand("urgency", on_urgency_command))
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^tk:"))
