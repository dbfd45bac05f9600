"""The repair log (维修一览表) as a spreadsheet: .xlsx with the history on a second sheet, or
CSV (UTF-8 with BOM, so Excel opens the Chinese correctly).

Builders are synchronous and take their own read connection: they run in a thread, so a
50,000-ticket export never holds the bot up.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from bot.domain.model import Action, Event, Meeting, Status, Ticket
from bot.domain.setup import Setup
from bot.domain.stats import Period
from bot.formats.readable import event_detail
from bot.formats.xlsx import Workbook
from bot.i18n import Lang, stars, t
from storage import damage as damage_store
from storage import meetings as meeting_store
from storage import stats as stats_store
from storage import tickets as ticket_store
from storage.db import to_db_time

Progress = Callable[[int, int], None]
LOG_COLUMNS = (
    ("number", 8),
    ("reported_at", 17),
    ("reporter", 12),
    ("place", 18),
    ("category", 12),
    ("urgency", 8),
    ("description", 40),
    ("status", 10),
    ("handler", 12),
    ("claimed_at", 17),
    ("fixed_at", 17),
    ("confirmed_at", 17),
    ("on_time", 16),
    ("rating", 8),
    ("reopened", 8),
    ("notes", 40),
)
PLANNED_COLUMNS = (
    ("number", 8),
    ("plan", 20),
    ("day", 11),
    ("place", 18),
    ("handler", 12),
    ("status", 10),
    ("fixed_at", 17),
    ("on_time", 16),
    ("faults", 8),
    ("repairs", 14),
    ("notes", 40),
)
MEETING_COLUMNS = (
    ("meeting", 8),
    ("kind", 8),
    ("title", 20),
    ("day", 11),
    ("time", 12),
    ("place", 18),
    ("people", 8),
    ("organiser", 12),
    ("status", 10),
    ("tasks", 8),
    ("on_time", 8),
    ("late", 8),
    ("cost", 10),
)
DAMAGE_COLUMNS = (
    ("number", 8),
    ("place", 18),
    ("description", 30),
    ("cause", 10),
    ("class", 12),
    ("item", 10),
    ("proposed", 10),
    ("amount", 10),
    ("settlement", 10),
    ("reason", 24),
)
HISTORY_COLUMNS = (
    ("number", 8),
    ("at", 17),
    ("who", 12),
    ("action", 14),
    ("from", 12),
    ("to", 12),
    ("note", 40),
    ("rating", 8),
)


def log_row(
    lang: Lang,
    ticket: Ticket,
    events: list[Event],
    setup: Setup,
    tz: tzinfo,
    now: datetime,
) -> list[Any]:
    """Return one ticket's row of the repair log (dates as local naive datetimes)."""

    def first(action: Action) -> datetime | None:
        return next((e.at for e in events if e.action == action), None)

    def last(*actions: Action) -> datetime | None:
        return next((e.at for e in reversed(events) if e.action in actions), None)

    fixed = last(Action.DONE)
    first_fix = next((e for e in events if e.action is Action.DONE), None)
    return [
        ticket.id,
        _local(ticket.created_at, tz),
        ticket.reporter_name,
        ticket.location or "",
        setup.category_label(ticket.category, lang),
        t(lang, f"urgency.{ticket.urgency}").lstrip("⚡"),
        ticket.description,
        t(lang, f"status.{ticket.status}"),
        ticket.assignee_name or "",
        _local(first(Action.CLAIM), tz),
        _local(fixed, tz),
        _local(last(Action.CONFIRM, Action.AUTO_CONFIRM), tz),
        _on_time(lang, ticket, first_fix, now),
        ticket.rating or "",
        ticket.reopen_count,
        # The worker's notes (维修说明): what they wrote when they held, fixed or added to it.
        "\n".join(
            e.note
            for e in events
            if e.note and e.action in (Action.HOLD, Action.DONE, Action.NOTE)
        ),
    ]


def _on_time(lang: Lang, ticket: Ticket, first_fix: Event | None, now: datetime) -> str:
    """On time, or late by how much: the first fix against the fix-by then in force
    (a ticket still not fixed is measured against now)."""
    if ticket.status is Status.CANCELLED:
        return ""
    if first_fix is not None:
        due, end = first_fix.fix_by, first_fix.at
    else:
        due, end = ticket.fix_by, now
    if due is None:
        return ""
    late = end - due
    if late.total_seconds() <= 0:
        return t(lang, "export.on_time") if first_fix else ""
    return t(lang, "export.late", hours=f"{late.total_seconds() / 3600:.1f}")


def _local(moment: datetime | None, tz: tzinfo) -> datetime | None:
    # Excel has no time zones: write school time, without tzinfo.
    return moment.astimezone(tz).replace(tzinfo=None) if moment else None


def history_row(lang: Lang, event: Event, tz: tzinfo, setup: Setup) -> list[Any]:
    """Return one history event as a row, its detail as people read it."""
    return [
        event.ticket_id,
        _local(event.at, tz),
        event.actor_name or t(lang, "system"),
        t(lang, f"action.{event.action}"),
        t(lang, f"status.{event.from_status}") if event.from_status else "",
        t(lang, f"status.{event.to_status}") if event.to_status else "",
        event_detail(lang, event, setup) or "",
        stars(event.rating) if event.rating else "",
    ]


def _batches(
    conn: sqlite3.Connection, period: Period, tz: tzinfo
) -> Iterator[tuple[list[Ticket], dict[int, list[Event]]]]:
    start, end = period.bounds(tz)
    for tickets in stats_store.iter_reported(conn, start, end):
        yield tickets, stats_store.histories(conn, [ticket.id for ticket in tickets])


def count(conn: sqlite3.Connection, period: Period, tz: tzinfo) -> int:
    """Return how many tickets the period's export holds."""
    start, end = period.bounds(tz)
    row = conn.execute(
        "select count(*) from tickets where created_at >= ? and created_at < ?",
        (to_db_time(start), to_db_time(end)),
    ).fetchone()
    return int(row[0])


def write_xlsx(
    conn: sqlite3.Connection,
    target: Path,
    *,
    lang: Lang,
    period: Period,
    setup: Setup,
    tz: tzinfo,
    now: datetime,
    progress: Progress | None = None,
    workbook: Callable[[Path], Workbook] = Workbook,
) -> int:
    """Write the period's repair log and history to an .xlsx file; return the ticket count.

    Two passes over the period, one per sheet, so nothing big is held in memory.
    `workbook` lets the benchmark try other writers behind the same interface.
    """
    total = count(conn, period, tz)
    done = 0
    with workbook(target) as book:
        log = book.sheet(t(lang, "export.sheet_log"), *_columns(lang, LOG_COLUMNS))
        for tickets, histories in _batches(conn, period, tz):
            for ticket in tickets:
                log.append(log_row(lang, ticket, histories[ticket.id], setup, tz, now))
            done += len(tickets)
            if progress:
                progress(done // 2, total)
        history = book.sheet(t(lang, "export.sheet_history"), *_columns(lang, HISTORY_COLUMNS))
        written = 0
        for tickets, histories in _batches(conn, period, tz):
            for ticket in tickets:
                for event in histories[ticket.id]:
                    history.append(history_row(lang, event, tz, setup))
            written += len(tickets)
            if progress:
                progress((done + written) // 2, total)
        planned = stats_store.planned_in(conn, period.first.isoformat(), period.last.isoformat())
        if planned:  # 后勤规划: the period's planned tasks, with what their inspections found
            sheet = book.sheet(t(lang, "export.sheet_planned"), *_columns(lang, PLANNED_COLUMNS))
            ids = [ticket.id for ticket in planned]
            histories = stats_store.histories(conn, ids)
            faults: dict[int, list[int | None]] = {}
            for task_id, _room, repair_id in stats_store.inspection_faults(conn, ids):
                faults.setdefault(task_id, []).append(repair_id)
            for ticket in planned:
                sheet.append(
                    planned_row(lang, ticket, histories[ticket.id], faults, setup, tz, now)
                )
        start, end = period.bounds(tz)
        damage = damage_store.between(conn, start, end)
        if damage:  # 公物损坏: the head's file; the class teachers are told in private only
            sheet = book.sheet(t(lang, "export.sheet_damage"), *_columns(lang, DAMAGE_COLUMNS))
            for item in damage:
                sheet.append(
                    [
                        item.ticket_id, item.place or "", item.description,
                        t(lang, f"cause.{item.cause}"), item.class_name or item.person or "",
                        item.item or "", item.proposed or "", item.amount or "",
                        t(lang, f"settlement.{item.status}"), item.reason or "",
                    ]
                )  # fmt: skip
        meetings = meeting_store.between(conn, period.first, period.last)
        if meetings:  # 会务 and 接待: each with how its tasks went and what it cost
            sheet = book.sheet(t(lang, "export.sheet_meetings"), *_columns(lang, MEETING_COLUMNS))
            for meeting in meetings:
                sheet.append(meeting_row(lang, meeting, ticket_store.of_meeting(conn, meeting.id)))
    return done


def meeting_row(lang: Lang, meeting: Meeting, tasks: list[Ticket]) -> list[Any]:
    """Return one meeting's row: when, where, who asked, its tasks on time and late, cost."""
    done = [task for task in tasks if task.status is Status.CLOSED]
    on_time = sum(
        1 for task in done if task.done_at and task.fix_by and task.done_at <= task.fix_by
    )
    return [
        f"M{meeting.id}",
        t(lang, f"export.kind.{meeting.kind}"),
        meeting.title,
        meeting.day.isoformat(),
        f"{meeting.starts:%H:%M}–{meeting.ends:%H:%M}",
        meeting.room,
        meeting.people,
        meeting.organiser_name,
        t(lang, f"meeting.status.{meeting.status}"),
        len(tasks),
        on_time,
        len(done) - on_time,
        "" if meeting.cost is None else meeting.cost,
    ]


def planned_row(
    lang: Lang,
    ticket: Ticket,
    events: list[Event],
    faults: dict[int, list[int | None]],
    setup: Setup,
    tz: tzinfo,
    now: datetime,
) -> list[Any]:
    """Return one planned task's row: its plan and day, who did it, when, what was found."""
    plan = setup.plan(ticket.plan_key or "")
    first_fix = next((e for e in events if e.action is Action.DONE), None)
    found = faults.get(ticket.id, [])
    notes = [e.note for e in events if e.note and e.action in (Action.DONE, Action.SKIP)]
    return [
        ticket.id,
        plan.label(lang) if plan else ticket.description,
        ticket.plan_date or "",
        ticket.location or "",
        ticket.assignee_name or "",
        t(lang, f"status.{ticket.status}"),
        _local(first_fix.at if first_fix else None, tz),
        _on_time(lang, ticket, first_fix, now),
        len(found) if ticket.checklist else "",
        " ".join(f"#{n}" for n in found if n is not None),
        "\n".join(notes),
    ]


def _columns(lang: Lang, columns: tuple[tuple[str, int], ...]) -> tuple[list[int], list[str]]:
    return [width for _, width in columns], [t(lang, f"export.col.{key}") for key, _ in columns]


def write_csv(
    conn: sqlite3.Connection,
    *,
    lang: Lang,
    period: Period,
    setup: Setup,
    tz: tzinfo,
    now: datetime,
    progress: Progress | None = None,
) -> tuple[bytes, int]:
    """Return the period's repair log as CSV bytes, UTF-8 with a BOM, and its ticket count.

    A cell that a spreadsheet would read as a formula (=, +, -, @, a tab or a return first) is
    written with a leading apostrophe, as text (OWASP's rule against CSV injection)."""
    total = count(conn, period, tz)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([t(lang, f"export.col.{key}") for key, _ in LOG_COLUMNS])
    done = 0
    for tickets, histories in _batches(conn, period, tz):
        for ticket in tickets:
            row = log_row(lang, ticket, histories[ticket.id], setup, tz, now)
            writer.writerow(
                [v.strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime) else safe(v) for v in row]
            )
        done += len(tickets)
        if progress:
            progress(done, total)
    return buffer.getvalue().encode("utf-8-sig"), done


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    """Return a CSV cell that no spreadsheet runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
