"""Ticket actions by command or button. The card in the group and the other side's notice
are owed by the domain in the same transaction and sent by the outbox's sender.

A button carries the ticket's version; what a button cannot carry is asked for in private: a
reason (on hold, not fixed), a new category, who to hand the ticket to, a confirmation before
withdrawing a report, and — once, after ✅ — an optional note or photo of the fix.
"""

from __future__ import annotations

import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto, Update
from telegram.error import Forbidden
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.domain.errors import Refused
from bot.domain.model import Action, Ticket, Urgency
from bot.domain.pending import PendingInput
from bot.domain.routing import route
from bot.domain.setup import Staff
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
    person_of,
    reply,
    send_private,
    ticket_number,
    user_lang,
)
from handlers.repair_log import ticket_view
from handlers.views import (
    card_text,
    category_markup,
    deadline_lines,
    personal_markup,
    place,
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
    "thanks": Action.THANK,
    "skip": Action.SKIP,
}
BUTTON = re.compile(
    r"tk:(claim|done|hold|resume|confirm|reopen|cancel|rate|recategorize|set_urgency|dispatch"
    r"|note|view|thank|photos|skip):([0-9]{1,9}):([0-9]{1,9})(?::([a-z0-9_]{1,20}))?"
)
NOTE = "note"  # what the bot awaits after ✅: a note or a photo of the fix
THANKS = "thanks"  # what the bot awaits after 💐: a word of thanks for the worker
REASONS = (Action.HOLD, Action.REOPEN, Action.SKIP)
MAX_CHOICES = 12  # workers offered on the "hand to whom?" question


# --- re-sorting and urgency --------------------------------------------------------------------


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


URGENCY_WORDS = {
    "紧急": Urgency.URGENT,
    "急": Urgency.URGENT,
    "urgent": Urgency.URGENT,
    "普通": Urgency.NORMAL,
    "不急": Urgency.NORMAL,
    "normal": Urgency.NORMAL,
}


async def set_urgency(
    context: HouqinContext, actor: Actor, ticket_id: int, urgency: Urgency, version: int | None
) -> Ticket:
    outcome = await context.services.tickets.act(
        Action.SET_URGENCY,
        actor=actor,
        ticket_id=ticket_id,
        now=context.services.clock.now(),
        version=version,
        given=Given(urgency=urgency),
    )
    return outcome.ticket


def urgency_text(lang: Lang, context: HouqinContext, ticket: Ticket) -> str:
    now = context.services.clock.now()
    lines = deadline_lines(lang, ticket, now, context.settings.tz)
    head = t(lang, "done.set_urgency", id=ticket.id, urgency=t(lang, f"urgency.{ticket.urgency}"))
    return "\n".join([head, *lines])


async def on_urgency_command(update: Update, context: HouqinContext) -> None:
    """/urgency N 紧急|普通: change how urgent a ticket is; its time limits follow."""
    args = context.args or []
    ticket_id = ticket_number(args, "urgency")
    lang = lang_of(update, context)
    urgency = URGENCY_WORDS.get(args[1].lower()) if len(args) == 2 else None
    if urgency is None:
        await reply(update, context, t(lang, "urgency_usage", id=ticket_id))
        return
    ticket = await set_urgency(context, await actor_of(update, context), ticket_id, urgency, None)
    await reply(update, context, urgency_text(lang, context, ticket))


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


# --- handing a ticket to someone (派单, 转单) --------------------------------------------------


def staff_choices(context: HouqinContext, ticket: Ticket) -> list[Staff]:
    """Return the workers to offer for a ticket: its post's people first, then the others."""
    setup = context.setup
    category = setup.category(ticket.category)
    post_key = category.post_key if category else None
    first = [s for s in setup.staff if post_key in s.posts]
    rest = [s for s in setup.staff if s not in first]
    return [s for s in (*first, *rest) if s.user_id != ticket.assignee_id]


def find_staff(context: HouqinContext, name: str) -> Staff:
    """Return the worker called `name` (or the one whose name starts so), or refuse."""
    staff = context.setup.staff
    wanted = name.strip()
    exact = [s for s in staff if s.name == wanted]
    close = exact or [s for s in staff if s.name.startswith(wanted)]
    if len(close) == 1:
        return close[0]
    raise Refused("no_such_staff", value=wanted[:20])


async def dispatch(
    context: HouqinContext, actor: Actor, ticket_id: int, worker_id: int, version: int | None
) -> Ticket:
    outcome = await context.services.tickets.act(
        Action.DISPATCH,
        actor=actor,
        ticket_id=ticket_id,
        now=context.services.clock.now(),
        version=version,
        given=Given(assignee=await person_of(context, worker_id)),
    )
    return outcome.ticket


async def on_dispatch_command(update: Update, context: HouqinContext) -> None:
    """/dispatch N 名字: give ticket N to a named worker (or hand it over from another)."""
    args = context.args or []
    ticket_id = ticket_number(args, "dispatch")
    lang = lang_of(update, context)
    if len(args) < 2:
        ticket = await context.services.tickets.get(ticket_id)
        await reply(
            update, context, t(lang, "ask.dispatch", id=ticket.id), choices(lang, context, ticket)
        )
        return
    worker = find_staff(context, " ".join(args[1:]))
    actor = await actor_of(update, context)
    ticket = await dispatch(context, actor, ticket_id, worker.user_id, None)
    await reply(update, context, done_text(lang, Action.DISPATCH, ticket))


def choices(lang: Lang, context: HouqinContext, ticket: Ticket) -> InlineKeyboardMarkup:
    """Return a button per worker to hand the ticket to, two to a row."""
    buttons = [
        InlineKeyboardButton(
            staff.name,
            callback_data=f"tk:{Action.DISPATCH}:{ticket.id}:{ticket.version}:{staff.user_id}",
        )
        for staff in staff_choices(context, ticket)[:MAX_CHOICES]
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


# --- doing an action ---------------------------------------------------------------------------


def done_text(lang: Lang, action: Action, ticket: Ticket) -> str:
    """Return what the person who took `action` is told."""
    key = f"done.{action}"
    if action is Action.CONFIRM and ticket.rating is not None:
        key = "done.confirm_rated"
    if action is Action.DONE and ticket.planned:  # nobody to confirm a task: it is closed
        key = "done.done_task"
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
    if action is Action.DONE and not note and not photo:
        await ask_for_note(context, actor, ticket)


# --- buttons -----------------------------------------------------------------------------------


async def on_button(update: Update, context: HouqinContext) -> None:
    """A ticket button: act on the version of the ticket the button was drawn for, or ask in
    private for what the button cannot carry."""
    query = update.callback_query
    assert query is not None
    match = BUTTON.fullmatch(query.data or "")
    if match is None:
        raise Refused("button_invalid")
    action, extra = match[1], match[4]
    ticket_id, version = int(match[2]), int(match[3])
    actor = await actor_of(update, context)
    lang = lang_of(update, context)
    if action == "view":
        await show_privately(update, context, actor, ticket_id)
        return
    if action == NOTE:
        await skip_note(update, context, actor, ticket_id)
        return
    if action == "photos":
        await send_photos(update, context, actor, ticket_id)
        return
    act = Action(action)
    if act is Action.THANK:
        await thank_by_button(update, context, actor, ticket_id, extra)
        return
    if act in REASONS or (act in ASKED and extra is None):
        await ask_privately(update, context, actor, act, ticket_id, version)
        return
    if act is Action.RECATEGORIZE:
        if extra is None or context.setup.category(extra) is None:
            raise Refused("button_invalid")
        ticket = await recategorize(
            context, actor, ticket_id=ticket_id, category=extra, version=version
        )
        await answer_in_place(update, context, recategorized_text(lang, context, ticket), None)
        return
    if act is Action.DISPATCH:
        worker = int(extra) if extra and extra.isdigit() else None
        if worker is None or context.setup.staff_member(worker) is None:
            raise Refused("button_invalid")
        ticket = await dispatch(context, actor, ticket_id, worker, version)
        await answer_in_place(update, context, done_text(lang, act, ticket), None)
        return
    if act is Action.SET_URGENCY:
        urgency = Urgency(extra) if extra in {u.value for u in Urgency} else None
        if urgency is None:
            raise Refused("button_invalid")
        ticket = await set_urgency(context, actor, ticket_id, urgency, version)
        await answer_in_place(update, context, urgency_text(lang, context, ticket), ticket, actor)
        return
    if act is Action.CANCEL:
        await cancel_by_button(update, context, actor, ticket_id, version, extra)
        return
    rating = int(extra) if act is Action.RATE and extra in {"1", "2", "3", "4", "5"} else None
    if (act is Action.RATE) != (rating is not None) or (extra is not None and rating is None):
        raise Refused("button_invalid")
    ticket = await perform(
        context, actor, ticket_id=ticket_id, action=act, rating=rating, version=version
    )
    await answer_in_place(update, context, done_text(lang, act, ticket), ticket, actor)
    if act is Action.DONE:
        await ask_for_note(context, actor, ticket)


# Actions whose button, pressed bare, asks a question first.
ASKED = (Action.RECATEGORIZE, Action.DISPATCH, Action.CANCEL)


async def answer_in_place(
    update: Update,
    context: HouqinContext,
    text: str,
    ticket: Ticket | None,
    actor: Actor | None = None,
) -> None:
    """Answer the press with a toast; a private message is also rewritten with the result and
    the buttons that fit now (a group card is the sender's to edit)."""
    query = update.callback_query
    assert query is not None
    await query.answer(fit(text, 200))
    message = query.message
    if message is None or message.chat.type != "private":
        return
    lang = lang_of(update, context)
    markup = None
    if ticket is not None and actor is not None:
        markup = personal_markup(lang, ticket, allowed_actions(actor, ticket))
        text = text + "\n\n" + card_text(lang, ticket, context.setup, viewer=actor)
    if getattr(message, "photo", None):
        await edit_quietly(query.edit_message_caption(fit(text, MAX_CAPTION), reply_markup=markup))
    else:
        await edit_quietly(query.edit_message_text(fit(text), reply_markup=markup))


async def cancel_by_button(
    update: Update,
    context: HouqinContext,
    actor: Actor,
    ticket_id: int,
    version: int,
    extra: str | None,
) -> None:
    """Withdrawing a report asks first, on the same message: yes, or keep it."""
    query = update.callback_query
    assert query is not None
    lang = lang_of(update, context)
    services = context.services
    ticket = await services.tickets.get(ticket_id)
    if extra == "no":
        await answer_in_place(update, context, t(lang, "cancel.kept", id=ticket_id), ticket, actor)
        return
    if extra != "yes":
        raise Refused("button_invalid")
    ticket = await perform(
        context, actor, ticket_id=ticket_id, action=Action.CANCEL, version=version
    )
    await answer_in_place(update, context, done_text(lang, Action.CANCEL, ticket), ticket, actor)


async def ask_privately(
    update: Update,
    context: HouqinContext,
    actor: Actor,
    action: Action,
    ticket_id: int,
    version: int,
) -> None:
    """Ask in private for what a button cannot carry: a reason (hold, not fixed) — awaited
    as the next private message — or a choice with buttons: a category, a worker, yes or no."""
    query = update.callback_query
    assert query is not None
    services = context.services
    ticket = await services.tickets.get(ticket_id)
    # Withdrawing asks again, showing the ticket as it is now: an older receipt may ask it.
    checked = None if action is Action.CANCEL else version
    services.tickets.check(actor=actor, ticket=ticket, action=action, version=checked)
    lang = await user_lang(context, actor.user_id)
    message = query.message
    if action is Action.CANCEL and message is not None and message.chat.type == "private":
        await query.answer(t(lang, "ask.cancel", id=ticket.id, status=status_now(lang, ticket)))
        await edit_quietly(query.edit_message_reply_markup(confirm_cancel(lang, ticket)))
        return
    if action in REASONS:
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
    else:
        text, markup = question(lang, context, ticket, action)
        sent = await send_private(context, actor.user_id, text, markup)
    here = lang_of(update, context)
    if sent is None:
        command = {Action.RECATEGORIZE: "category"}.get(action, action.value)
        await query.answer(
            t(here, "ask.private_first", action=command, id=ticket_id), show_alert=True
        )
        return
    await query.answer(t(here, "ask.sent_private"))


def question(
    lang: Lang, context: HouqinContext, ticket: Ticket, action: Action
) -> tuple[str, InlineKeyboardMarkup]:
    """Return the private question a bare button asks, with its choices."""
    if action is Action.RECATEGORIZE:
        category = context.setup.category_label(ticket.category, lang)
        text = t(lang, "ask.recategorize", id=ticket.id, category=category)
        return text, category_markup(lang, ticket, context.setup)
    if action is Action.DISPATCH:
        return t(lang, "ask.dispatch", id=ticket.id), choices(lang, context, ticket)
    text = t(lang, "ask.cancel", id=ticket.id, status=status_now(lang, ticket))
    return text, confirm_cancel(lang, ticket)


def status_now(lang: Lang, ticket: Ticket) -> str:
    """Return where a ticket stands, with who has it: 维修中 · 张师傅."""
    status = t(lang, f"status.{ticket.status}")
    return f"{status} · {ticket.assignee_name}" if ticket.assignee_name else status


def confirm_cancel(lang: Lang, ticket: Ticket) -> InlineKeyboardMarkup:
    """Return the two buttons that confirm withdrawing a report, or keep it."""
    data = f"tk:{Action.CANCEL}:{ticket.id}:{ticket.version}"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(lang, "btn.cancel_yes"), callback_data=f"{data}:yes"),
                InlineKeyboardButton(t(lang, "btn.cancel_no"), callback_data=f"{data}:no"),
            ]
        ]
    )


async def show_privately(
    update: Update, context: HouqinContext, actor: Actor, ticket_id: int
) -> None:
    """📄 on a reminder or an escalation: the ticket with its history, in private."""
    query = update.callback_query
    assert query is not None
    lang = await user_lang(context, actor.user_id)
    text, markup = await ticket_view(context, lang, actor, ticket_id)
    sent = await send_private(context, actor.user_id, text, markup)
    await query.answer(None if sent else t(lang_of(update, context), "ask.private_first_view"))


# --- the note after a fix, and awaited reasons ------------------------------------------------


async def ask_for_note(context: HouqinContext, actor: Actor, ticket: Ticket) -> None:
    """Once, after ✅: a note or a photo for the reporter? [不用了] skips. (A planned task
    has no reporter to tell.)"""
    if ticket.assignee_id != actor.user_id or ticket.last_note or ticket.fix_photo_file_id:
        return
    if ticket.planned:
        return
    services = context.services
    pending = PendingInput(
        user_id=actor.user_id,
        chat_id=actor.user_id,
        kind=NOTE,
        ticket_id=ticket.id,
        version=ticket.version,
    )
    await services.inputs.put(pending, now=services.clock.now())
    lang = await user_lang(context, actor.user_id)
    skip = InlineKeyboardButton(
        t(lang, "btn.no_note"), callback_data=f"tk:{NOTE}:{ticket.id}:{ticket.version}"
    )
    sent = await send_private(
        context, actor.user_id, t(lang, "ask.note", id=ticket.id), InlineKeyboardMarkup([[skip]])
    )
    if sent is None:
        await services.inputs.clear(user_id=actor.user_id, chat_id=actor.user_id)


async def skip_note(update: Update, context: HouqinContext, actor: Actor, ticket_id: int) -> None:
    """[不用了]: no note for this fix."""
    query = update.callback_query
    assert query is not None
    inputs = context.services.inputs
    pending = await inputs.get(user_id=actor.user_id, chat_id=actor.user_id)
    if pending is not None and pending.kind == NOTE and pending.ticket_id == ticket_id:
        await inputs.clear(user_id=actor.user_id, chat_id=actor.user_id)
    await query.answer()
    await edit_quietly(query.edit_message_text(t(lang_of(update, context), "note.skipped")))


async def complete_note(update: Update, context: HouqinContext, pending: PendingInput) -> None:
    """The note or photo after ✅ arrived: it goes on the ticket and to the reporter."""
    message = update.effective_message
    assert message is not None and pending.ticket_id is not None
    text = message.text or message.caption
    photo = message.photo[-1].file_id if message.photo else None
    if not text and not photo:
        await reply(update, context, t(lang_of(update, context), "note.need_text_or_photo"))
        return
    actor = await actor_of(update, context)
    try:
        await perform(
            context,
            actor,
            ticket_id=pending.ticket_id,
            action=Action.NOTE,
            note=text,
            photo_file_id=photo,
        )
    finally:
        await context.services.inputs.clear(user_id=pending.user_id, chat_id=pending.chat_id)
    await reply(update, context, t(lang_of(update, context), "done.note", id=pending.ticket_id))


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


# --- thanks (感动后勤) and photos ----------------------------------------------------------------


async def thank_by_button(
    update: Update, context: HouqinContext, actor: Actor, ticket_id: int, extra: str | None
) -> None:
    """💐: ask in private for a word of thanks (the next message), or — [就说声谢谢] — send a
    plain thank-you at once. Either way the worker who fixed it hears it."""
    query = update.callback_query
    assert query is not None
    services = context.services
    lang = await user_lang(context, actor.user_id)
    if extra == "plain":
        await thank(update, context, actor, ticket_id, None)
        return
    if extra is not None:
        raise Refused("button_invalid")
    ticket = await services.tickets.get(ticket_id)
    services.tickets.check(actor=actor, ticket=ticket, action=Action.THANK, version=None)
    pending = PendingInput(
        user_id=actor.user_id, chat_id=actor.user_id, kind=THANKS, ticket_id=ticket_id
    )
    await services.inputs.put(pending, now=services.clock.now())
    plain_thanks = InlineKeyboardButton(
        t(lang, "btn.thanks_plain"), callback_data=f"tk:thank:{ticket.id}:0:plain"
    )
    text = t(lang, "ask.thanks", id=ticket.id, assignee=ticket.assignee_name or "")
    sent = await send_private(context, actor.user_id, text, InlineKeyboardMarkup([[plain_thanks]]))
    if sent is None:
        await services.inputs.clear(user_id=actor.user_id, chat_id=actor.user_id)
        await query.answer(t(lang, "ask.private_first_view"), show_alert=True)
        return
    await query.answer()


async def thank(
    update: Update, context: HouqinContext, actor: Actor, ticket_id: int, words: str | None
) -> None:
    """Send the thanks: it goes on the ticket's history and to its worker."""
    services = context.services
    try:
        ticket = await perform(
            context, actor, ticket_id=ticket_id, action=Action.THANK, note=words
        )
    finally:
        pending = await services.inputs.get(user_id=actor.user_id, chat_id=actor.user_id)
        if pending is not None and pending.kind == THANKS:
            await services.inputs.clear(user_id=actor.user_id, chat_id=actor.user_id)
    lang = lang_of(update, context)
    text = t(lang, "done.thank", id=ticket.id, assignee=ticket.assignee_name or "")
    if update.callback_query is not None:
        await answer_in_place(update, context, text, ticket, actor)
    else:
        await reply(update, context, text)


async def complete_thanks(update: Update, context: HouqinContext, pending: PendingInput) -> None:
    """The awaited word of thanks arrived."""
    message = update.effective_message
    assert message is not None and pending.ticket_id is not None
    actor = await actor_of(update, context)
    await thank(update, context, actor, pending.ticket_id, message.text or "")


async def send_photos(
    update: Update, context: HouqinContext, actor: Actor, ticket_id: int
) -> None:
    """🖼: every photo of a report (an album), sent privately as one album."""
    query = update.callback_query
    assert query is not None
    ticket = await context.services.tickets.get(ticket_id)
    lang = lang_of(update, context)
    if not ticket.photos:
        await query.answer(t(lang, "photos.none", id=ticket.id), show_alert=True)
        return
    caption = fit(t(lang, "photos.caption", id=ticket.id, place=place(lang, ticket)), MAX_CAPTION)
    media = [
        InputMediaPhoto(photo, caption=caption if index == 0 else None)
        for index, photo in enumerate(ticket.photos)
    ]
    try:
        if len(media) == 1:
            await context.bot.send_photo(actor.user_id, ticket.photos[0], caption=caption)
        else:
            await context.bot.send_media_group(actor.user_id, media)
    except Forbidden:
        await query.answer(t(lang, "ask.private_first_view"), show_alert=True)
        return
    await query.answer(None if is_private(update) else t(lang, "ask.sent_private"))


def view_button(lang: Lang, ticket: Ticket) -> InlineKeyboardButton:
    """Return 📄 #N: the ticket and its history, sent privately."""
    return InlineKeyboardButton(
        t(lang, "btn.view", id=ticket.id), callback_data=f"tk:view:{ticket.id}:0"
    )


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
    application.add_handler(MenuCommand("dispatch", on_dispatch_command))
    application.add_handler(MenuCommand("category", on_category_command))
    application.add_handler(MenuCommand("urgency", on_urgency_command))
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^tk:"))
