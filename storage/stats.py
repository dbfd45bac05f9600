"""Reads for statistics and exports: a period's tickets with their whole history."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime

from bot.domain.model import Event, Ticket
from storage.db import fetch_all, to_db_time
from storage.events import event_row
from storage.migrations import ACTIVE_SQL
from storage.tickets import _SELECT, _ticket, get_many

CHUNK = 500


def tickets_touched(
    conn: sqlite3.Connection, start: datetime, end: datetime, *, since: datetime | None = None
) -> list[Ticket]:
    """Return tickets with any event in [start, end), or reported in [since, end), or open now."""
    rows = fetch_all(
        conn,
        "select distinct ticket_id from events where at >= ? and at < ? and ticket_id is not null",
        (to_db_time(start), to_db_time(end)),
    )
    ids = {row["ticket_id"] for row in rows}
    if since is not None:
        rows = fetch_all(
            conn,
            "select id from tickets where created_at >= ? and created_at < ?",
            (to_db_time(since), to_db_time(end)),
        )
        ids.update(row["id"] for row in rows)
    ids.update(row["id"] for row in fetch_all(conn, f"select id from tickets where {ACTIVE_SQL}"))
    return sorted(get_many(conn, ids).values(), key=lambda t: t.id)


def iter_reported(
    conn: sqlite3.Connection, start: datetime, end: datetime, *, batch: int = 2000
) -> Iterator[list[Ticket]]:
    """Yield the tickets reported in [start, end) in batches, for long exports."""
    last = 0
    while True:
        rows = fetch_all(
            conn,
            f"{_SELECT} where t.created_at >= ? and t.created_at < ? and t.id > ?"
            " order by t.id limit ?",
            (to_db_time(start), to_db_time(end), last, batch),
        )
        if not rows:
            return
        tickets = [_ticket(row) for row in rows]
        last = tickets[-1].id
        yield tickets


def planned_in(conn: sqlite3.Connection, first: str, last: str) -> list[Ticket]:
    """Return the planned tasks whose day is in [first, last] (ISO dates), by day."""
    rows = fetch_all(
        conn,
        f"{_SELECT} where t.plan_key is not null and t.meeting_id is null"
        " and t.plan_date >= ? and t.plan_date <= ?"
        " order by t.plan_date, t.id",
        (first, last),
    )
    return [_ticket(row) for row in rows]


def histories(conn: sqlite3.Connection, ticket_ids: list[int]) -> dict[int, list[Event]]:
    """Return the history of each ticket."""
    found: dict[int, list[Event]] = {ticket_id: [] for ticket_id in ticket_ids}
    for start in range(0, len(ticket_ids), CHUNK):
        chunk = ticket_ids[start : start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        rows = fetch_all(
            conn,
            "select e.*, coalesce(u.worker_name, u.name) as actor_name"
            " from events e left join users u on u.id = e.actor_id"
            f" where e.ticket_id in ({marks}) order by e.id",
            chunk,
        )
        for row in rows:
            found[row["ticket_id"]].append(event_row(row))
    return found


def inspection_faults(
    conn: sqlite3.Connection, ticket_ids: list[int]
) -> list[tuple[int, str, int | None]]:
    """Return the faults the inspections among these tickets found: (task, room, repair)."""
    found: list[tuple[int, str, int | None]] = []
    for start in range(0, len(ticket_ids), CHUNK):
        chunk = ticket_ids[start : start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        rows = fetch_all(
            conn,
            "select ticket_id, room_key, repair_id from inspection_results"
            f" where result = 'fail' and ticket_id in ({marks}) order by ticket_id, rowid",
            chunk,
        )
        found.extend((row["ticket_id"], row["room_key"], row["repair_id"]) for row in rows)
    return found
