"""How tickets look in chat: the card, its buttons for each state, lists and history."""

from __future__ import annotations

from datetime import datetime, tzinfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.model import Action, Event, Field, Status, Ticket
from bot.domain.setup import Setup
from bot.i18n import Lang, stars, t

MAX_LINE_DESCRIPTION = 40


def ticket_button(
    lang: Lang, action: Action, ticket: Ticket, *, numbered: bool = False
) -> InlineKeyboardButton:
    """Return the button for `action` on `ticket`, bound to the ticket's current version
    (`numbered` puts the ticket's number on it, for messages about several tickets)."""
    label = t(lang, f"btn.{action}")
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
CARD_BUTTONS: dict[str, tuple[Action, ...]] = {
    Status.OPEN: (Action.CLAIM,),
    Status.CLAIMED: (Action.DONE, Action.HOLD),
    Status.ON_HOLD: (Action.RESUME,),
    Status.DONE: (Action.CONFIRM, Action.REOPEN),
}


def card_markup(lang: Lang, ticket: Ticket) -> InlineKeyboardMarkup | None:
    """Return the buttons that fit the ticket's state on its public card."""
    if ticket.status == Status.CLOSED:
        return InlineKeyboardMarkup([rating_row(ticket)]) if ticket.rating is None else None
    actions = CARD_BUTTONS.get(ticket.status, ())
    if not actions:
        return None
    rows = [[ticket_button(lang, action, ticket) for action in actions]]
    if ticket.status in (Status.OPEN, Status.CLAIMED, Status.ON_HOLD):
        rows.append([ticket_button(lang, Action.RECATEGORIZE, ticket)])
    return InlineKeyboardMarkup(rows)


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
    lang: Lang, ticket: Ticket, actions: list[Action]
) -> InlineKeyboardMarkup | None:
    """Return the buttons for what one person may do (rating as a row of stars)."""
    rows = []
    plain = [a for a in actions if a is not Action.RATE]
    if plain:
        rows.append([ticket_button(lang, action, ticket) for action in plain])
    if Action.RATE in actions:
        rows.append(rating_row(ticket))
    return InlineKeyboardMarkup(rows) if rows else None


def place(lang: Lang, ticket: Ticket) -> str:
    """Return where the ticket is, or 'not given'."""
    return ticket.location or t(lang, "unknown_place")


def card_text(
    lang: Lang, ticket: Ticket, setup: Setup, *, max_description: int | None = None
) -> str:
    """Return the ticket card: number, state, place, kind, what, who."""
    description = ticket.description
    if max_description is not None and len(description) > max_description:
        description = description[: max_description - 1] + "…"
    lines = [
        t(lang, "card.title", id=ticket.id, status=t(lang, f"status.{ticket.status}")),
        t(lang, "card.place", place=place(lang, ticket)),
        t(
            lang,
            "card.kind",
            category=setup.category_label(ticket.category, lang),
            urgency=t(lang, f"urgency.{ticket.urgency}"),
        ),
        t(lang, "card.what", description=description),
        t(lang, "card.reporter", name=ticket.reporter_name),
    ]
    if ticket.assignee_name:
        lines.append(t(lang, "card.assignee", name=ticket.assignee_name))
    elif ticket.suggested_name and ticket.status == Status.OPEN:
        lines.append(t(lang, "card.suggested", name=ticket.suggested_name))
    if ticket.last_note and ticket.status in (Status.ON_HOLD, Status.DONE, Status.CLAIMED):
        lines.append(t(lang, "card.note", note=ticket.last_note))
    if ticket.reopen_count:
        lines.append(t(lang, "card.reopened", count=ticket.reopen_count))
    if ticket.rating:
        lines.append(t(lang, "card.rating", stars=stars(ticket.rating)))
    return "\n".join(lines)


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


def event_detail(lang: Lang, event: Event, setup: Setup) -> str | None:
    """Return what an event changed, as people read it (None: the action says it all)."""
    if event.minutes is not None:
        return t(lang, "history.paused", duration=span_text(lang, event.minutes, days=False))
    if event.action == Action.AUTO_CONFIRM:
        return t(lang, "history.by_default")
    if event.field is Field.URGENCY:
        return f"{t(lang, f'urgency.{event.old_value}')} → {t(lang, f'urgency.{event.new_value}')}"
    if event.field is Field.CATEGORY:
        old, new = event.old_value or "", event.new_value or ""
        return f"{setup.category_label(old, lang)} → {setup.category_label(new, lang)}"
    return event.note


def local_time(moment: datetime, tz: tzinfo) -> str:
    """Return a short school-time stamp like 11-26 09:05."""
    return moment.astimezone(tz).strftime("%m-%d %H:%M")


def list_line(lang: Lang, ticket: Ticket) -> str:
    """Return one line of a ticket list."""
    description = ticket.description.replace("\n", " ")
    if len(description) > MAX_LINE_DESCRIPTION:
        description = description[: MAX_LINE_DESCRIPTION - 1] + "…"
    return t(
        lang,
        "list.line",
        id=ticket.id,
        status=t(lang, f"status.{ticket.status}"),
        place=place(lang, ticket),
        description=description,
    )


def span_text(lang: Lang, minutes: int, *, days: bool = True) -> str:
    """Return a duration like 1天3小时 / 1 d 3 h (no days: 27小时, for working time)."""
    hours, rest = divmod(abs(minutes), 60)
    days, hours = divmod(hours, 24) if days else (0, hours)
    parts = []
    if days:
        parts.append(t(lang, "span.d", n=days))
    if hours:
        parts.append(t(lang, "span.h", n=hours))
    if rest or not parts:
        parts.append(t(lang, "span.m", n=rest))
    return ("" if lang == "zh" else " ").join(parts)


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
