"""Meetings and visits in chat (会务, 接待): the guided form, the head's one-press approval, the
organiser's buttons (move, cancel), sign-in, /meetings and /visits, a fault found while
setting up turned into a repair in one press.

The form is an awaited answer kept in the database (a restart forgets nothing): each step is
a question with buttons wherever the choice is small; typed answers fill the rest.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.domain.errors import Refused
from bot.domain.meetings import Request, on_time_by_post
from bot.domain.model import Meeting
from bot.domain.pending import PendingInput
from bot.domain.places import place_by_key, recognise_place
from bot.domain.roster import parse_day
from bot.domain.routing import guess_category, guess_urgency, route
from bot.domain.setup import LAYOUTS, NEEDS, RECEPTIONS
from bot.domain.users import Actor
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
    send_private,
    user_lang,
)
from handlers.views import meeting_progress

FORM = "meeting"  # the awaited answer: the next step of a meeting or visit request
FAULT = "meeting_fault"  # the awaited answer: what is broken, found while setting up
FORM_BUTTON = re.compile(r"mf:([0-9]{1,15}):([a-z_]{1,12})(?::([0-9]{1,4}))?")
MEETING_BUTTON = re.compile(r"mg:(ok|no|sign|cancel|cancelyes|fault):([0-9]{1,9})")
TIME_SPAN = re.compile(r"([0-9]{1,2})[:：]([0-9]{2})\s*[-–~到至]\s*([0-9]{1,2})[:：]([0-9]{2})")
PEOPLE_CHOICES = (10, 20, 30, 50, 100)
STEPS_MEETING = ("title", "day", "time", "room", "people", "needs", "layout", "note", "confirm")
STEPS_VISIT = ("title", "guests", "day", "time", "room", "people", "reception", "note", "confirm")


# --- the form -------------------------------------------------------------------------------


def steps(data: dict) -> tuple[str, ...]:
    return STEPS_VISIT if data.get("kind") == "visit" else STEPS_MEETING


def next_step(data: dict) -> str:
    """Return the first step without an answer."""
    for step in steps(data):
        if step not in data.get("done", []):
            return step
    return "confirm"


def answered(data: dict, step: str, **values: object) -> dict:
    return {**data, **values, "done": [*data.get("done", []), step]}


def button(
    lang: Lang, author: int, label: str, verb: str, value: int | None = None
) -> InlineKeyboardButton:
    data = f"mf:{author}:{verb}" + (f":{value}" if value is not None else "")
    return InlineKeyboardButton(label, callback_data=data)


def question(
    lang: Lang, context: HouqinContext, author: int, data: dict
) -> tuple[str, InlineKeyboardMarkup]:
    """Return the form's current question with its buttons (✖ 取消 always)."""
    step = next_step(data)
    rows: list[list[InlineKeyboardButton]] = []
    setup = context.setup
    if step == "day":
        rows.append([button(lang, author, t(lang, f"meeting.day{n}"), "day", n) for n in range(3)])
    elif step == "room":
        for index, key in enumerate(setup.meetings.rooms[:8]):
            found = place_by_key(setup, key)
            if found is not None:
                rows.append([button(lang, author, found.label, "room", index)])
    elif step == "people":
        rows.append([button(lang, author, str(n), "ppl", n) for n in PEOPLE_CHOICES])
    elif step == "needs":
        chosen = set(data.get("needs", []))
        for index in range(0, len(NEEDS), 2):
            rows.append(
                [
                    button(
                        lang,
                        author,
                        ("☑️ " if need in chosen else "▫️ ") + t(lang, f"need.{need}"),
                        "need",
                        NEEDS.index(need),
                    )
                    for need in NEEDS[index : index + 2]
                ]
            )
        rows.append([button(lang, author, t(lang, "meeting.needs_done"), "needs_done")])
    elif step == "layout":
        rows.append(
            [button(lang, author, t(lang, f"layout.{x}"), "lay", i) for i, x in enumerate(LAYOUTS)]
        )
    elif step == "reception":
        rows.append(
            [
                button(lang, author, reception_label(lang, context, x), "rec", i)
                for i, x in enumerate(RECEPTIONS)
            ]
        )
    elif step == "note":
        rows.append([button(lang, author, t(lang, "meeting.no_note"), "skip")])
    elif step == "confirm":
        rows.append([button(lang, author, t(lang, "meeting.submit"), "submit")])
    rows.append([button(lang, author, t(lang, "btn.form_cancel"), "cancel")])
    text = summary(lang, data) + "\n\n" + t(lang, f"meeting.ask.{step}")
    return text.strip(), InlineKeyboardMarkup(rows)


def reception_label(lang: Lang, context: HouqinContext, reception: str) -> str:
    budget = context.setup.meetings.reception.get(reception, 0)
    label = t(lang, f"reception.{reception}")
    return label + (t(lang, "reception.budget", yuan=budget) if budget else "")


def summary(lang: Lang, data: dict) -> str:
    """Return what the form holds so far, a line per answer."""
    lines = [t(lang, f"meeting.form.{data.get('kind', 'meeting')}")]
    if "title" in data:
        lines.append(t(lang, "meeting.line.title", value=data["title"]))
    if data.get("guests"):
        lines.append(t(lang, "meeting.line.guests", value=data["guests"]))
    if "day" in data:
        span = f"{data['day']} {data.get('starts', '')}–{data.get('ends', '')}".rstrip("–")
        lines.append(t(lang, "meeting.line.when", value=span))
    if "room" in data:
        lines.append(t(lang, "meeting.line.room", value=data["room"]))
    if "people" in data:
        lines.append(t(lang, "meeting.line.people", value=data["people"]))
    if data.get("needs"):
        lines.append(t(lang, "meeting.line.needs", value=needs_text(lang, data["needs"])))
    if data.get("layout") not in (None, "none"):
        lines.append(t(lang, "meeting.line.layout", value=t(lang, f"layout.{data['layout']}")))
    if data.get("reception"):
        lines.append(
            t(lang, "meeting.line.reception", value=t(lang, f"reception.{data['reception']}"))
        )
    if data.get("note"):
        lines.append(t(lang, "meeting.line.note", value=data["note"]))
    return "\n".join(lines)


def needs_text(lang: Lang, needs: list[str] | tuple[str, ...]) -> str:
    return ("、" if lang == "zh" else ", ").join(t(lang, f"need.{n}") for n in needs)


async def start_form(update: Update, context: HouqinContext, kind: str) -> None:
    """/meeting or /visit in private: the first question."""
    if not is_private(update):
        await reply(update, context, t(lang_of(update, context), "private_only", command=kind))
        return
    actor = await actor_of(update, context)
    await show_question(update, context, actor, {"kind": kind, "done": []}, in_place=False)


async def show_question(
    update: Update, context: HouqinContext, actor: Actor, data: dict, *, in_place: bool
) -> None:
    services = context.services
    lang = lang_of(update, context)
    text, markup = question(lang, context, actor.user_id, data)
    pending = PendingInput(user_id=actor.user_id, chat_id=actor.user_id, kind=FORM, data=data)
    await services.inputs.put(pending, now=services.clock.now())
    query = update.callback_query
    if in_place and query is not None:
        await query.answer()
        await edit_quietly(query.edit_message_text(fit(text), reply_markup=markup))
    else:
        await reply(update, context, fit(text), markup)


def parse_time_span(text: str) -> tuple[time, time] | None:
    found = TIME_SPAN.search(text.replace(" ", ""))
    if found is None:
        return None
    try:
        return time(int(found[1]), int(found[2])), time(int(found[3]), int(found[4]))
    except ValueError:
        return None


async def complete_form(update: Update, context: HouqinContext, pending: PendingInput) -> None:
    """A typed answer to the form's current question."""
    message = update.effective_message
    assert message is not None
    lang = lang_of(update, context)
    text = " ".join((message.text or "").split())
    data = dict(pending.data)
    step = next_step(data)
    actor = await actor_of(update, context)
    today = context.services.clock.now().astimezone(context.settings.tz).date()
    if not text:
        await reply(update, context, t(lang, "form.need_text"))
        return
    if step in ("title", "guests"):
        data = answered(data, step, **{step: text[:60]})
    elif step == "day":
        day = parse_day(text, today)
        if day is None or day < today:
            await reply(update, context, t(lang, "meeting.bad_day"))
            return
        data = answered(data, "day", day=day.isoformat())
    elif step == "time":
        span = parse_time_span(text)
        if span is None or span[1] <= span[0]:
            await reply(update, context, t(lang, "meeting.bad_time"))
            return
        data = answered(data, "time", starts=f"{span[0]:%H:%M}", ends=f"{span[1]:%H:%M}")
    elif step == "room":
        found = recognise_place(context.setup, text)
        data = answered(
            data,
            "room",
            room=found.label if found else text[:40],
            room_key=found.key if found else None,
        )
    elif step == "people":
        digits = re.sub(r"[^0-9]", "", text)
        if not digits or not 1 <= int(digits) <= 5000:
            await reply(update, context, t(lang, "meeting.bad_people"))
            return
        data = answered(data, "people", people=int(digits))
    elif step == "note":
        data = answered(data, "note", note=text[:200])
    else:  # a button's step: typing is not an answer
        await reply(update, context, t(lang, "meeting.use_buttons"))
        return
    await show_question(update, context, actor, data, in_place=False)


async def on_form_button(update: Update, context: HouqinContext) -> None:
    """A button of the form: only its author may press it."""
    query = update.callback_query
    assert query is not None
    match = FORM_BUTTON.fullmatch(query.data or "")
    if match is None:
        raise Refused("button_invalid")
    author, verb = int(match[1]), match[2]
    value = int(match[3]) if match[3] is not None else None
    actor = await actor_of(update, context)
    if actor.user_id != author:
        raise Refused("meeting_form_not_yours")
    services = context.services
    pending = await services.inputs.get(user_id=author, chat_id=author)
    if pending is None or pending.kind != FORM:
        raise Refused("meeting_form_gone")
    data = dict(pending.data)
    lang = lang_of(update, context)
    setup = context.setup
    today = services.clock.now().astimezone(context.settings.tz).date()
    if verb == "cancel":
        await services.inputs.clear(user_id=author, chat_id=author)
        await query.answer()
        await edit_quietly(query.edit_message_text(t(lang, "form.cancelled")))
        return
    if verb == "day" and value is not None and value < 3:
        data = answered(data, "day", day=(today + timedelta(days=value)).isoformat())
    elif verb == "room" and value is not None and value < len(setup.meetings.rooms):
        found = place_by_key(setup, setup.meetings.rooms[value])
        if found is None:
            raise Refused("button_invalid")
        data = answered(data, "room", room=found.label, room_key=found.key)
    elif verb == "ppl" and value in PEOPLE_CHOICES:
        data = answered(data, "people", people=value)
    elif verb == "need" and value is not None and value < len(NEEDS):
        chosen = list(data.get("needs", []))
        need = NEEDS[value]
        chosen = [n for n in chosen if n != need] if need in chosen else [*chosen, need]
        data = {**data, "needs": [n for n in NEEDS if n in chosen]}
    elif verb == "needs_done":
        data = answered(data, "needs")
    elif verb == "lay" and value is not None and value < len(LAYOUTS):
        data = answered(data, "layout", layout=LAYOUTS[value])
    elif verb == "rec" and value is not None and value < len(RECEPTIONS):
        data = answered(data, "reception", reception=RECEPTIONS[value])
    elif verb == "skip" and next_step(data) == "note":
        data = answered(data, "note", note="")
    elif verb == "submit" and next_step(data) == "confirm":
        await submit(update, context, actor, data)
        return
    else:
        raise Refused("stale_form_button")
    await show_question(update, context, actor, data, in_place=True)


async def submit(update: Update, context: HouqinContext, actor: Actor, data: dict) -> None:
    """File the request: approved at once (no approval needed, or the head's own), or sent
    to the head with one-press buttons."""
    query = update.callback_query
    assert query is not None
    services = context.services
    request = Request(
        kind=data["kind"],
        title=data["title"],
        day=date.fromisoformat(data["day"]),
        starts=time.fromisoformat(data["starts"]),
        ends=time.fromisoformat(data["ends"]),
        room=data["room"],
        room_key=data.get("room_key"),
        people=int(data["people"]),
        needs=tuple(data.get("needs", ())),
        layout=data.get("layout", "none"),
        note=data.get("note", ""),
        guests=data.get("guests", ""),
        reception=data.get("reception", ""),
    )
    meeting = await services.meetings.request(actor, request, services.clock.now())
    await services.inputs.clear(user_id=actor.user_id, chat_id=actor.user_id)
    lang = lang_of(update, context)
    key = (
        "meeting.approved_at_once" if meeting.status == "approved" else "meeting.sent_for_approval"
    )
    await query.answer()
    await edit_quietly(
        query.edit_message_text(fit(summary(lang, data) + "\n\n" + t(lang, key, id=meeting.id)))
    )
    if meeting.status == "requested":
        for admin in sorted(context.settings.admin_user_ids):
            admin_lang = await user_lang(context, admin)
            await send_private(
                context,
                admin,
                fit(request_text(admin_lang, meeting)),
                decision_markup(admin_lang, meeting),
            )


def request_text(lang: Lang, meeting: Meeting) -> str:
    """Return a request as the head reads it."""
    lines = [
        t(lang, f"meeting.request.{meeting.kind}", id=meeting.id, title=meeting.title),
        f"🕐 {meeting.span()} · 📍 {meeting.room} · 👥 {meeting.people}",
    ]
    if meeting.guests:
        lines.append(t(lang, "meeting.line.guests", value=meeting.guests))
    if meeting.needs:
        lines.append(t(lang, "meeting.line.needs", value=needs_text(lang, meeting.needs)))
    if meeting.layout != "none":
        lines.append(t(lang, "meeting.line.layout", value=t(lang, f"layout.{meeting.layout}")))
    if meeting.reception:
        lines.append(
            t(lang, "meeting.line.reception", value=t(lang, f"reception.{meeting.reception}"))
        )
    if meeting.note:
        lines.append(t(lang, "meeting.line.note", value=meeting.note))
    lines.append(t(lang, "meeting.line.organiser", value=meeting.organiser_name))
    return "\n".join(lines)


def decision_markup(lang: Lang, meeting: Meeting) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(lang, "btn.approve"), callback_data=f"mg:ok:{meeting.id}"),
                InlineKeyboardButton(t(lang, "btn.reject"), callback_data=f"mg:no:{meeting.id}"),
            ]
        ]
    )


# --- decisions, cancelling, sign-in, faults ---------------------------------------------------


async def on_meeting_button(update: Update, context: HouqinContext) -> None:
    """✅ 批准 / ✖ 不批准 (the head), ✖ 取消会议 (asks once), ✅ 签到 (anyone), 🔧 报修."""
    query = update.callback_query
    assert query is not None
    match = MEETING_BUTTON.fullmatch(query.data or "")
    if match is None:
        raise Refused("button_invalid")
    verb, number = match[1], int(match[2])
    actor = await actor_of(update, context)
    services = context.services
    now = services.clock.now()
    lang = lang_of(update, context)
    if verb in ("ok", "no"):
        meeting = await services.meetings.decide(actor, number, approve=verb == "ok", now=now)
        key = "meeting.approved" if verb == "ok" else "meeting.rejected"
        await query.answer(t(lang, key, id=meeting.id, title=meeting.title))
        await edit_quietly(
            query.edit_message_text(
                fit(
                    request_text(lang, meeting)
                    + "\n"
                    + t(lang, key, id=meeting.id, title=meeting.title)
                )
            )
        )
        theirs = await user_lang(context, meeting.organiser_id)
        await send_private(
            context,
            meeting.organiser_id,
            t(theirs, f"{key}_you", id=meeting.id, title=meeting.title),
        )
    elif verb == "cancel":
        meeting = await services.meetings.get(number)
        if actor.user_id != meeting.organiser_id and not actor.is_admin:
            raise Refused("meeting_not_yours", id=number, organiser=meeting.organiser_name)
        yes = InlineKeyboardButton(
            t(lang, "btn.meeting_cancel_yes"), callback_data=f"mg:cancelyes:{number}"
        )
        await query.answer()
        await send_private(
            context,
            actor.user_id,
            t(lang, "meeting.cancel_ask", id=number, title=meeting.title),
            InlineKeyboardMarkup([[yes]]),
        )
    elif verb == "cancelyes":
        meeting = await services.meetings.cancel(actor, number, now)
        await query.answer(t(lang, "meeting.cancelled", id=number, title=meeting.title))
        await edit_quietly(
            query.edit_message_text(t(lang, "meeting.cancelled", id=number, title=meeting.title))
        )
    elif verb == "sign":
        first = await services.meetings.sign_in(number, actor, now)
        await query.answer(t(lang, "meeting.signed" if first else "meeting.signed_already"))
    elif verb == "fault":
        await ask_fault(update, context, actor, number)


async def ask_fault(update: Update, context: HouqinContext, actor: Actor, task_id: int) -> None:
    """🔧 on a meeting's task: what is broken (the next message) becomes a repair there."""
    query = update.callback_query
    assert query is not None
    services = context.services
    task = await services.tickets.get(task_id)
    if task.meeting_id is None or (
        actor.user_id not in (task.assignee_id, task.suggested_id) and not actor.is_admin
    ):
        raise Refused("forbidden_inspect", id=task_id, assignee=task.assignee_name or "")
    pending = PendingInput(
        user_id=actor.user_id, chat_id=actor.user_id, kind=FAULT, ticket_id=task_id
    )
    await services.inputs.put(pending, now=services.clock.now())
    lang = lang_of(update, context)
    await query.answer()
    await send_private(
        context, actor.user_id, t(lang, "meeting.ask_fault", place=task.location or "")
    )


async def complete_fault(update: Update, context: HouqinContext, pending: PendingInput) -> None:
    """What is broken, found while setting up: a repair at the meeting's room, linked."""
    message = update.effective_message
    assert message is not None and pending.ticket_id is not None
    services = context.services
    actor = await actor_of(update, context)
    words = message.text or message.caption or ""
    photo = message.photo[-1].file_id if message.photo else None
    task = await services.tickets.get(pending.ticket_id)
    setup, now = context.setup, services.clock.now()
    category = guess_category(setup, words)
    urgency = guess_urgency(words)
    routing = route(
        setup,
        category,
        now,
        context.settings.tz,
        context.settings.admin_user_ids,
        urgent=urgency == "urgent",
    )
    try:
        outcome = await services.tickets.report(
            actor=actor,
            description=words or t(lang_of(update, context), "meeting.fault_default"),
            location=task.location,
            location_key=task.location_key,
            category=category,
            urgency=urgency,
            now=now,
            photos=(photo,) if photo else (),
            routing=routing,
            found_in=task.id,
        )
    finally:
        await services.inputs.clear(user_id=pending.user_id, chat_id=pending.chat_id)
    await reply(
        update, context, t(lang_of(update, context), "meeting.fault_filed", id=outcome.ticket.id)
    )


# --- commands -------------------------------------------------------------------------------


async def on_meeting(update: Update, context: HouqinContext) -> None:
    """/meeting: the form; /meeting N: one meeting with its tasks (and buttons for its
    organiser and the head); /meeting N move 2026-12-04 14:30-16:00."""
    args = context.args or []
    if not args:
        await start_form(update, context, "meeting")
        return
    number = meeting_number(args[0])
    actor = await actor_of(update, context)
    services = context.services
    lang = lang_of(update, context)
    if len(args) >= 2 and args[1].lower() in ("move", "改期", "改时间"):
        today = services.clock.now().astimezone(context.settings.tz).date()
        day = parse_day(args[2], today) if len(args) >= 3 else None
        span = parse_time_span(" ".join(args[3:])) if len(args) >= 4 else None
        if day is None or span is None:
            await reply(update, context, t(lang, "meeting.usage_move"))
            return
        meeting = await services.meetings.move(
            actor, number, day=day, starts=span[0], ends=span[1], now=services.clock.now()
        )
        await reply(update, context, t(lang, "meeting.moved", id=meeting.id, span=meeting.span()))
        return
    meeting = await services.meetings.get(number)
    tasks = await services.meetings.tasks(number)
    text = meeting_progress(lang, meeting, tasks, context.settings.tz)
    markup = None
    if (
        is_private(update)
        and (actor.is_admin or actor.user_id == meeting.organiser_id)
        and meeting.live
    ):
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t(lang, "btn.meeting_cancel"), callback_data=f"mg:cancel:{meeting.id}"
                    )
                ]
            ]
        )
    await reply(update, context, fit(text + "\n" + t(lang, "meeting.hint", id=meeting.id)), markup)


def meeting_number(text: str) -> int:
    found = re.fullmatch(r"[mM#]?([0-9]{1,9})", text.strip())
    if found is None:
        raise Refused("meeting_usage")
    return int(found[1])


async def on_visit(update: Update, context: HouqinContext) -> None:
    """/visit: the form for a visit (接待)."""
    await start_form(update, context, "visit")


async def on_meetings(update: Update, context: HouqinContext) -> None:
    """/meetings: the next two weeks' meetings and visits, and the last few."""
    services = context.services
    lang = lang_of(update, context)
    today = services.clock.now().astimezone(context.settings.tz).date()
    coming = [
        m for m in await services.meetings.between(today, today + timedelta(days=14)) if m.live
    ]
    past = await services.meetings.recent(today, limit=5)
    lines = [t(lang, "meetings.coming")]
    lines += [meeting_line(lang, m) for m in coming] or [t(lang, "meetings.none")]
    if past:
        lines += ["", t(lang, "meetings.past")]
        lines += [meeting_line(lang, m) for m in past]
    actor = await actor_of(update, context)
    if actor.is_admin and is_private(update):  # how each post kept its meeting tasks' times
        term = context.setup.calendar.term_on(today)
        if term is not None:
            tasks = await services.meetings.tasks_between(term.first, term.last)
            figures = on_time_by_post(context.setup, tasks)
            if figures:
                lines += ["", t(lang, "meetings.by_post", term=term.name)]
                lines += [
                    t(lang, "meetings.post_line", post=post, on_time=a, late=b, open=c)
                    for post, (a, b, c) in figures.items()
                ]
    await reply(update, context, fit("\n".join(lines)))


def meeting_line(lang: Lang, meeting: Meeting) -> str:
    status = t(lang, f"meeting.status.{meeting.status}")
    mark = "🤝" if meeting.kind == "visit" else "📅"
    return f"{mark} M{meeting.id} {meeting.span()} {meeting.title} · {meeting.room} · {status}"


async def on_visits(update: Update, context: HouqinContext) -> None:
    """/visits: this term's visits with their cost (the head; in private: money)."""
    actor = await actor_of(update, context)
    lang = lang_of(update, context)
    if not actor.is_admin:
        raise Refused("only_admin")
    if not is_private(update):
        await reply(update, context, t(lang, "private_only", command="visits"))
        return
    services = context.services
    today = services.clock.now().astimezone(context.settings.tz).date()
    term = context.setup.calendar.term_on(today)
    first, last = (
        (term.first, term.last)
        if term
        else (today - timedelta(days=120), today + timedelta(days=60))
    )
    visits = await services.meetings.between(first, last, kind="visit")
    lines = [t(lang, "visits.title", term=term.name if term else f"{first}..{last}")]
    total = 0.0
    for visit in visits:
        cost = "—" if visit.cost is None else f"{visit.cost:g} 元"
        total += visit.cost or 0
        lines.append(f"{meeting_line(lang, visit)} · {visit.people}人 · {cost}")
    if not visits:
        lines.append(t(lang, "meetings.none"))
    lines.append(t(lang, "visits.total", count=len(visits), total=f"{total:g}"))
    await reply(update, context, fit("\n".join(lines)))


async def on_cost(update: Update, context: HouqinContext) -> None:
    """/cost M3 350: what a visit or meeting cost (its organiser or the head)."""
    args = context.args or []
    lang = lang_of(update, context)
    amount = (
        re.fullmatch(r"([0-9]{1,7}(?:\.[0-9]{1,2})?)(?:元)?", args[1]) if len(args) == 2 else None
    )
    if amount is None:
        await reply(update, context, t(lang, "meeting.usage_cost"))
        return
    actor = await actor_of(update, context)
    services = context.services
    meeting = await services.meetings.set_cost(
        actor, meeting_number(args[0]), float(amount[1]), services.clock.now()
    )
    await reply(
        update, context, t(lang, "meeting.cost_set", id=meeting.id, cost=f"{meeting.cost:g}")
    )


async def on_signin(update: Update, context: HouqinContext) -> None:
    """/signin M3, in the chat where people should sign in: a message with ✅ 签到."""
    args = context.args or []
    lang = lang_of(update, context)
    if len(args) != 1:
        await reply(update, context, t(lang, "meeting.usage_signin"))
        return
    actor = await actor_of(update, context)
    chat = update.effective_chat
    assert chat is not None
    services = context.services
    meeting = await services.meetings.post_sign_in(
        actor, meeting_number(args[0]), chat.id, services.clock.now()
    )
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(lang, "btn.sign_in"), callback_data=f"mg:sign:{meeting.id}")]]
    )
    await reply(
        update,
        context,
        t(lang, "meeting.signin_posted", title=meeting.title, span=meeting.span()),
        markup,
    )


def register(application: HouqinApp) -> None:
    """Add /meeting, /visit, /meetings, /visits, /cost, /signin and the buttons."""
    application.add_handler(MenuCommand("meeting", on_meeting))
    application.add_handler(MenuCommand("visit", on_visit))
    application.add_handler(MenuCommand("meetings", on_meetings, group=True))
    application.add_handler(MenuCommand("visits", on_visits))
    application.add_handler(MenuCommand("cost", on_cost))
    application.add_handler(MenuCommand("signin", on_signin, group=True))
    application.add_handler(CallbackQueryHandler(on_form_button, pattern=r"^mf:"))
    application.add_handler(CallbackQueryHandler(on_meeting_button, pattern=r"^mg:"))
