"""How tickets look in chat: the card, its buttons for each state, lists and history."""

from __future__ import annotations

from datetime import datetime, tzinfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.model import Action, Event, Meeting, Status, Ticket, Urgency
from bot.domain.setup import Setup
from bot.domain.users import Actor
from bot.formats.readable import event_detail, span_text
from bot.i18n import Lang, stars, t

MAX_LINE_DESCRIPTION = 40


def ticket_button(
    lang: Lang, action: Action, ticket: Ticket, *, numbered: bool = False
) -> InlineKeyboardButton:
    """Return the button for `action` on `ticket`, bound to the ticket's current version
    (`numbered` puts the ticket's number on it, for messages about several tickets)."""
    label = t(lang, f"btn.{action}")
    if action is Action.DONE and ticket.planned:  # a task is done, not fixed
        label = t(lang, "btn.done_task")
    return InlineKeyboardButton(
        f"#{ticket.id} {label}" if numbered else label,
        callback_data=f"tk:{action}:{ticket.id}:{ticket.version}",
    )


def rating_row(ticket: Ticket) -> list[InlineKeyboardButton]:
    """Return the five rating buttons for a closed ticket."""
    return [
        InlineKeyboardButton(
            f"{score}⭐",
            callback_data=f"tk:rate:{ticket.id}:{ticket.version}:{score}",
        )
        for score in range(1, 6)
    ]


# The buttons a ticket's public card carries in each state. The server checks who presses.
# A rating is asked of the reporter privately: the card in the group shows no stars.
CARD_BUTTONS: dict[str, tuple[Action, ...]] = {
    Status.OPEN: (Action.CLAIM,),
    Status.CLAIMED: (Action.DONE, Action.HOLD),
    Status.ON_HOLD: (Action.RESUME,),
    Status.DONE: (Action.CONFIRM, Action.REOPEN),
}


def card_markup(lang: Lang, ticket: Ticket) -> InlineKeyboardMarkup | None:
    """Return the buttons that fit the ticket's state on its public card."""
    actions = CARD_BUTTONS.get(ticket.status, ())
    if not actions:
        return None
    rows = [[ticket_button(lang, action, ticket) for action in actions]]
    if ticket.status is Status.OPEN:
        rows.append(
            [ticket_button(lang, Action.RECATEGORIZE, ticket), urgency_button(lang, ticket)]
        )
    elif ticket.status in (Status.CLAIMED, Status.ON_HOLD):
        rows.append([ticket_button(lang, Action.RECATEGORIZE, ticket)])
    return InlineKeyboardMarkup(rows)


def urgency_button(lang: Lang, ticket: Ticket) -> InlineKeyboardButton:
    """Return the one press that turns the urgency guess round (普通 ⇄ 紧急)."""
    other = Urgency.NORMAL if ticket.urgent else Urgency.URGENT
    return InlineKeyboardButton(
        t(lang, f"btn.make_{other}"),
        callback_data=f"tk:{Action.SET_URGENCY}:{ticket.id}:{ticket.version}:{other}",
    )


def category_markup(lang: Lang, ticket: Ticket, setup: Setup) -> InlineKeyboardMarkup:
    """Return one button per category (but the ticket's own), to re-sort the ticket."""
    buttons = [
        InlineKeyboardButton(
            category.label(lang),
            callback_data=f"tk:{Action.RECATEGORIZE}:{ticket.id}:{ticket.version}:{category.key}",
        )
        for category in setup.categories
        if category.key != ticket.category
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def personal_markup(
    lang: Lang,
    ticket: Ticket,
    actions: list[Action],
    *,
    urgency: bool = False,
    photos: bool = False,
) -> InlineKeyboardMarkup | None:
    """Return the buttons for what one person may do (rating as a row of stars; `urgency`
    adds the one press that turns the urgency round, on a reporter's receipt; `photos` the
    button that sends every photo of an album)."""
    rows = []
    plain = [a for a in actions if a not in (Action.RATE, Action.THANK)]
    if ticket.checklist and Action.DONE in plain:  # an inspection is done by walking it
        plain.remove(Action.DONE)
        rows.append([walk_button(lang, ticket)])
    if ticket.reading_round and Action.DONE in plain:  # a reading round, by its reading
        plain.remove(Action.DONE)
        label = t(lang, "btn.meter_read")
        rows.append([InlineKeyboardButton(label, callback_data=f"mr:go:{ticket.id}")])
    if plain:
        rows.append([ticket_button(lang, action, ticket) for action in plain])
    if ticket.meeting_id is not None and ticket.status is Status.CLAIMED and plain:
        # something broken found while setting up: a repair there, in one press
        fault = t(lang, "btn.meeting_fault")
        rows.append([InlineKeyboardButton(fault, callback_data=f"mg:fault:{ticket.id}")])
    if urgency and ticket.status is Status.OPEN:
        rows.append([urgency_button(lang, ticket)])
    if Action.RATE in actions:
        rows.append(rating_row(ticket))
    if Action.THANK in actions:
        rows.append([ticket_button(lang, Action.THANK, ticket)])
    if photos and len(ticket.photos) > 1:
        rows.append(photos_row(lang, ticket))
    return InlineKeyboardMarkup(rows) if rows else None


def walk_button(lang: Lang, ticket: Ticket) -> InlineKeyboardButton:
    """Return 🔎: start (or go on with) an inspection, point by point."""
    return InlineKeyboardButton(t(lang, "btn.walk"), callback_data=f"in:{ticket.id}:go")


def photos_row(lang: Lang, ticket: Ticket) -> list[InlineKeyboardButton]:
    """Return 🖼: every photo of the report (an album), sent privately as one album."""
    label = t(lang, "btn.photos", count=len(ticket.photos))
    return [InlineKeyboardButton(label, callback_data=f"tk:photos:{ticket.id}:0")]


def urgency_mark(lang: Lang, ticket: Ticket) -> str:
    """Return "⚡紧急 " for an urgent ticket, nothing for a normal one (to lead a line)."""
    return t(lang, "urgency.urgent") + " " if ticket.urgent else ""


SHORT_DESCRIPTION = 16


def place(lang: Lang, ticket: Ticket) -> str:
    """Return where the ticket is — or, with no known place, how its report begins (the
    words say where): enough to tell which ticket a message is about."""
    if ticket.location:
        return ticket.location
    words = " ".join(ticket.description.split())
    if len(words) <= SHORT_DESCRIPTION:
        return words
    return words[: SHORT_DESCRIPTION - 1].rstrip() + "…"


def card_text(
    lang: Lang,
    ticket: Ticket,
    setup: Setup,
    *,
    max_description: int | None = None,
    viewer: Actor | None = None,
) -> str:
    """Return the ticket card: number, state, place, kind, what, who.

    How it was rated and how often it came back show only to those it concerns — its
    worker, its reporter, the head (`viewer`) — never on the card in the all-staff group."""
    description = ticket.description
    if max_description is not None and len(description) > max_description:
        description = description[: max_description - 1] + "…"
    lines = [
        t(lang, "card.title", id=ticket.id, status=t(lang, f"status.{ticket.status}")),
        t(lang, "card.place", place=ticket.location or t(lang, "unknown_place")),
        t(
            lang,
            "card.kind",
            category=setup.category_label(ticket.category, lang),
            urgency=t(lang, f"urgency.{ticket.urgency}"),
        ),
        t(lang, "card.what", description=description),
        reporter_line(lang, ticket),
    ]
    if ticket.assignee_name:
        lines.append(t(lang, "card.assignee", name=ticket.assignee_name))
    elif ticket.status is Status.OPEN and ticket.urgent and len(ticket.called) > 1:
        lines.append(t(lang, "card.called", names=names_text(lang, ticket.called)))
    elif ticket.suggested_name and ticket.status is Status.OPEN:
        lines.append(t(lang, "card.suggested", name=ticket.suggested_name))
    if ticket.followers:
        lines.append(t(lang, "card.followers", count=len(ticket.followers)))
    if len(ticket.photos) > 1:
        lines.append(t(lang, "card.photos", count=len(ticket.photos)))
    if ticket.last_note and ticket.status in (Status.ON_HOLD, Status.DONE, Status.CLAIMED):
        lines.append(t(lang, "card.note", note=ticket.last_note))
    concerned = viewer is not None and (
        viewer.is_admin or viewer.user_id in (ticket.assignee_id, ticket.reporter_id)
    )
    if ticket.reopen_count and concerned:
        lines.append(t(lang, "card.reopened", count=ticket.reopen_count))
    if ticket.rating:
        rated = t(lang, "card.rating", stars=stars(ticket.rating))
        lines.append(rated if concerned else t(lang, "card.rated"))
    return "\n".join(lines)


def reporter_line(lang: Lang, ticket: Ticket) -> str:
    """Return who reported it — for planned work, the plan and its day, and what to check."""
    if not ticket.planned:
        return t(lang, "card.reporter", name=ticket.reporter_name)
    line = t(lang, "card.planned", day=ticket.plan_date or "")
    if ticket.checklist:
        rooms = max(len(ticket.rooms), 1)
        line += " · " + t(lang, "card.checklist", items=len(ticket.checklist), rooms=rooms)
    return line


def names_text(lang: Lang, names: tuple[str, ...] | list[str]) -> str:
    """Return names joined as the language joins them."""
    return ("、" if lang == "zh" else ", ").join(names)


def history_text(lang: Lang, events: list[Event], tz: tzinfo, setup: Setup) -> str:
    """Return a ticket's history, one line per change, in school time."""
    lines = [t(lang, "card.history")]
    for event in events:
        shown = event_detail(lang, event, setup)
        note = (f"：{shown}" if lang == "zh" else f": {shown}") if shown else ""
        if event.rating:
            note += f" {stars(event.rating)}"
        lines.append(
            t(
                lang,
                "card.history_line",
                at=local_time(event.at, tz),
                who=event.actor_name or t(lang, "system"),
                action=t(lang, f"action.{event.action}"),
                note=note,
            )
        )
    return "\n".join(lines)


def local_time(moment: datetime, tz: tzinfo) -> str:
    """Return a short school-time stamp like 11-26 09:05."""
    return moment.astimezone(tz).strftime("%m-%d %H:%M")


def list_line(lang: Lang, ticket: Ticket) -> str:
    """Return one line of a ticket list."""
    description = ticket.description.replace("\n", " ")
    if len(description) > MAX_LINE_DESCRIPTION:
        description = description[: MAX_LINE_DESCRIPTION - 1] + "…"
    where = f"{ticket.location} · " if ticket.location else ""
    if ticket.planned and ticket.plan_date:  # 📋 planned work, with the day it is for
        description = f"📋 {description} · {ticket.plan_date[5:]}"
    status = t(lang, f"status.{ticket.status}")
    return t(lang, "list.line", id=ticket.id, status=status, place=where, description=description)


def deadline_lines(lang: Lang, ticket: Ticket, now: datetime, tz: tzinfo) -> list[str]:
    """Return the claim-by and fix-by lines of an active ticket, with time left or late."""
    lines = []
    for key, moment, live in (
        ("card.claim_by", ticket.claim_by, ticket.status == Status.OPEN),
        ("card.fix_by", ticket.fix_by, ticket.status in (Status.OPEN, Status.CLAIMED)),
    ):
        if moment is None or not live:
            continue
        minutes = int((moment - now).total_seconds() // 60)
        state = (
            t(lang, "card.left", span=span_text(lang, minutes))
            if minutes >= 0
            else t(lang, "card.late", span=span_text(lang, minutes))
        )
        lines.append(t(lang, key, at=local_time(moment, tz), state=state))
    if ticket.status == Status.ON_HOLD and ticket.fix_by is not None:
        lines.append(t(lang, "card.clock_stopped"))
    return lines


def meeting_task_text(lang: Lang, ticket: Ticket, tz: tzinfo) -> str:
    """Return the call to do a meeting's task: what, where, by when."""
    due = ticket.fix_by.astimezone(tz) if ticket.fix_by else None
    return t(
        lang,
        "tell.new.meeting",
        id=ticket.id,
        description=ticket.description,
        place=ticket.location or "",
        at=f"{due:%m-%d %H:%M}" if due else "",
    )


def meeting_progress(lang: Lang, meeting: Meeting, tasks: list[Ticket], tz: tzinfo) -> str:
    """Return the organiser's view of a meeting: when, where, and each task's state."""
    lines = [
        t(
            lang,
            f"meeting.progress.{meeting.status}",
            id=meeting.id,
            title=meeting.title,
            span=meeting.span(),
            room=meeting.room,
        )
    ]
    for task in tasks:
        due = task.fix_by.astimezone(tz) if task.fix_by else None
        what = task.description.split(" · ")[0]
        if task.status is Status.CLOSED:
            mark = "✅"
        elif task.status is Status.CANCELLED:
            mark = "✖"
        elif task.assignee_name:
            mark = "🛠"
        else:
            mark = "⏳"
        who = task.assignee_name or task.suggested_name or ""
        lines.append(
            f"{mark} {what} · {due:%H:%M} · {who}".rstrip(" ·") if due else f"{mark} {what}"
        )
    done = sum(1 for task in tasks if task.status is Status.CLOSED)
    lines.append(t(lang, "meeting.progress.tally", done=done, total=len(tasks)))
    return "\n".join(lines)
