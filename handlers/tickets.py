"""Ticket actions by command or button, the public card kept up to date, and the lists."""

from __future__ import annotations

import logging
import re

from telegram import InlineKeyboardMarkup, ReplyParameters, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.domain.errors import Refused
from bot.domain.model import Action, Ticket, Urgency
from bot.domain.pending import PendingInput
from bot.domain.routing import Routing, route
from bot.domain.tickets import Given, allowed_actions
from bot.domain.users import Actor
from bot.i18n import Lang, stars, t
from handlers.common import (
    HouqinApp,
    HouqinContext,
    MenuCommand,
    actor_of,
    edit_quietly,
    group_lang,
    is_private,
    lang_of,
    reply,
    send_private,
    ticket_number,
    user_lang,
)
from handlers.views import (
    card_markup,
    card_text,
    category_markup,
    deadline_lines,
    personal_markup,
    place,
    ticket_button,
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
CAPTION_DESCRIPTION = 600  # a photo caption holds 1,024 characters in all
BUTTON = re.compile(
    r"tk:(claim|done|hold|resume|confirm|reopen|cancel|rate|recategorize)"
    r":(\d{1,9}):(\d{1,9})(?::([a-z0-9_]{1,20}))?"
)
# Who hears about an action besides the person taking it.
TOLD_REPORTER = {Action.CLAIM, Action.DONE, Action.HOLD, Action.RESUME}
TOLD_ASSIGNEE = {Action.CONFIRM, Action.REOPEN, Action.CANCEL, Action.RATE}


# --- the public card ---------------------------------------------------------------------------


async def announce(context: HouqinContext, ticket: Ticket) -> None:
    """Post the ticket's card to the announcement chat, replying to the report if it is there."""
    chat_id = context.settings.announce_chat_id
    if chat_id is None:
        return
    lang = group_lang(context)
    markup = card_markup(lang, ticket)
    reply_to = None
    if ticket.source_chat_id == chat_id and ticket.source_message_id is not None:
        reply_to = ReplyParameters(ticket.source_message_id, allow_sending_without_reply=True)
    if ticket.photo_file_id:
        message = await context.bot.send_photo(
            chat_id,
            ticket.photo_file_id,
            caption=card_text(lang, ticket, context.setup, max_description=CAPTION_DESCRIPTION),
            reply_markup=markup,
            reply_parameters=reply_to,
        )
    else:
        message = await context.bot.send_message(
            chat_id,
            card_text(lang, ticket, context.setup),
            reply_markup=markup,
            reply_parameters=reply_to,
        )
    await context.services.tickets.set_announcement(
        ticket_id=ticket.id, chat_id=chat_id, message_id=message.message_id
    )


async def refresh_card(context: HouqinContext, ticket: Ticket) -> None:
    """Edit the ticket's public card to show its current state and buttons."""
    if ticket.announce_chat_id is None or ticket.announce_message_id is None:
        return
    lang = group_lang(context)
    markup = card_markup(lang, ticket)
    if ticket.photo_file_id:
        await edit_quietly(
            context.bot.edit_message_caption(
                chat_id=ticket.announce_chat_id,
                message_id=ticket.announce_message_id,
                caption=card_text(
                    lang, ticket, context.setup, max_description=CAPTION_DESCRIPTION
                ),
                reply_markup=markup,
            )
        )
    else:
        await edit_quietly(
            context.bot.edit_message_text(
                card_text(lang, ticket, context.setup),
                chat_id=ticket.announce_chat_id,
                message_id=ticket.announce_message_id,
                reply_markup=markup,
            )
        )


async def tell_handlers(
    context: HouqinContext, ticket: Ticket, routing: Routing, *, skip: int | None = None
) -> None:
    """Tell the worker on duty (or the post's holders, or the admins) about a new ticket."""
    setup = context.setup
    post = setup.post(routing.post_key)
    for user_id in routing.notify_ids:
        if user_id == skip:
            continue
        lang = await user_lang(context, user_id)
        text = t(
            lang,
            f"tell.new.{routing.reason}",
            id=ticket.id,
            place=place(lang, ticket),
            description=ticket.description[:200],
            post=post.label(lang) if post else "",
            category=setup.category_label(ticket.category, lang),
        )
        markup = InlineKeyboardMarkup([[ticket_button(lang, Action.CLAIM, ticket)]])
        await send_private(context, user_id, text, markup)


async def recategorize(
    context: HouqinContext,
    actor: Actor,
    *,
    ticket_id: int,
    category: str,
    version: int | None = None,
) -> Ticket:
    """Move a ticket to another category; the routing follows and the new handler is told."""
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
        given=Given(category=category, suggested_id=routing.suggested_id),
    )
    await refresh_card(context, outcome.ticket)
    await tell_handlers(context, outcome.ticket, routing, skip=actor.user_id)
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
        await reply(update, t(lang, "urgency_usage", id=ticket_id))
        return
    actor = await actor_of(update, context)
    outcome = await context.services.tickets.act(
        Action.SET_URGENCY,
        actor=actor,
        ticket_id=ticket_id,
        now=context.services.clock.now(),
        given=Given(urgency=Urgency(urgency)),
    )
    await refresh_card(context, outcome.ticket)
    now = context.services.clock.now()
    lines = deadline_lines(lang, outcome.ticket, now, context.settings.tz)
    head = t(lang, "done.set_urgency", id=ticket_id, urgency=t(lang, f"urgency.{urgency}"))
    await reply(update, "\n".join([head, *lines]))


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
        await reply(update, text, category_markup(lang, ticket, context.setup))
        return
    category = category_from(context, " ".join(args[1:]))
    actor = await actor_of(update, context)
    ticket = await recategorize(context, actor, ticket_id=ticket_id, category=category)
    await reply(update, recategorized_text(lang, context, ticket))


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
    """Take the action, then update the card and tell the other side."""
    outcome = await context.services.tickets.act(
        action,
        actor=actor,
        ticket_id=ticket_id,
        now=context.services.clock.now(),
        version=version,
        given=Given(note=note, rating=rating, photo_file_id=photo_file_id),
    )
    ticket = outcome.ticket
    await refresh_card(context, ticket)
    await tell_other_side(context, ticket, action, actor)
    return ticket


async def tell_other_side(
    context: HouqinContext, ticket: Ticket, action: Action, actor: Actor
) -> None:
    """Tell the reporter or the handler what just happened to their ticket, privately."""
    if action in TOLD_REPORTER:
        user_id = ticket.reporter_id
    elif action in TOLD_ASSIGNEE and ticket.assignee_id is not None:
        user_id = ticket.assignee_id
    else:
        return
    if user_id == actor.user_id:
        return
    lang = await user_lang(context, user_id)
    note = ticket.last_note or ""
    if action is Action.DONE and note:
        note = f"（{note}）" if lang == "zh" else f" ({note})"
    text = t(
        lang,
        f"tell.{action}",
        id=ticket.id,
        place=place(lang, ticket),
        assignee=ticket.assignee_name or "",
        note=note,
        stars=stars(ticket.rating or 0),
    )
    person = await context.services.users.actor(user_id)
    markup = personal_markup(lang, ticket, allowed_actions(person, ticket))
    if action is Action.DONE and ticket.fix_photo_file_id:
        try:
            await context.bot.send_photo(
                user_id, ticket.fix_photo_file_id, caption=text, reply_markup=markup
            )
            return
        except TelegramError:
            log.info("could not send the fix photo of #%s to %s", ticket.id, user_id)
    await send_private(context, user_id, text, markup)


async def drop_awaited_input(update: Update, context: HouqinContext) -> bool:
    """Stop waiting for this person's answer here (form or reason); False if none awaited."""
    assert update.effective_user is not None and update.effective_chat is not None
    inputs = context.services.inputs
    user_id, chat_id = update.effective_user.id, update.effective_chat.id
    if await inputs.get(user_id=user_id, chat_id=chat_id) is None:
        return False
    await inputs.clear(user_id=user_id, chat_id=chat_id)
    await reply(update, t(lang_of(update, context), "form.cancelled"))
    return True


def parse_rest(action: Action, rest: list[str]) -> tuple[str | None, int | None]:
    """Split what follows the ticket number into a note or a rating."""
    if action in (Action.CONFIRM, Action.RATE):
        if not rest:
            return None, None
        if not rest[0].isdigit():
            raise Refused("bad_rating")
        return None, int(rest[0])
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
    await reply(update, done_text(lang, action, ticket), markup)


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
            await edit_quietly(query.edit_message_caption(text[:1024], reply_markup=markup))
        else:
            await edit_quietly(query.edit_message_text(text, reply_markup=markup))


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
    await reply(update, done_text(lang, Action(pending.kind), ticket), markup)


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
