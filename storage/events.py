"""The audit trail: one row per state change, which is also each ticket's history."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from storage.db import fetch_all, from_db_time, to_db_time


@dataclass(frozen=True)
class EventRow:
    """One recorded change."""

    id: int
    at: datetime
    actor_id: int | None
    actor_name: str | None
    action: str
    ticket_id: int | None
    subject_user_id: int | None
    from_status: str | None
    to_status: str | None
    note: str | None
    rating: int | None
    fix_by: datetime | None = None


def add_event(
    conn: sqlite3.Connection,
    *,
    at: datetime,
    actor_id: int | None,
    action: str,
    ticket_id: int | None = None,
    subject_user_id: int | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
    note: str | None = None,
    rating: int | None = None,
    fix_by: datetime | None = None,
) -> None:
    """Record one change; call inside the transaction that makes it."""
    conn.execute(
        "insert into events (at, actor_id, action, ticket_id, subject_user_id,"
        " from_status, to_status, note, rating, fix_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            to_db_time(at),
            actor_id,
            action,
            ticket_id,
            subject_user_id,
            from_status,
            to_status,
            note,
            rating,
            to_db_time(fix_by) if fix_by else None,
        ),
    )


def ticket_history(conn: sqlite3.Connection, ticket_id: int) -> list[EventRow]:
    """Return a ticket's events, oldest first, with the actor's display name."""
    rows = fetch_all(
        conn,
        "select e.*, coalesce(u.worker_name, u.name) as actor_name"
        " from events e left join users u on u.id = e.actor_id"
        " where e.ticket_id = ? order by e.id",
        (ticket_id,),
    )
    return [event_row(row) for row in rows]


def event_row(row: sqlite3.Row) -> EventRow:
    """Turn an `events` row (with `actor_name`) into an EventRow."""
    return EventRow(
        id=row["id"],
        at=from_db_time(row["at"]),
        actor_id=row["actor_id"],
        actor_name=row["actor_name"],
        action=row["action"],
        ticket_id=row["ticket_id"],
        subject_user_id=row["subject_user_id"],
        from_status=row["from_status"],
        to_status=row["to_status"],
        note=row["note"],
        rating=row["rating"],
        fix_by=from_db_time(row["fix_by"]) if row["fix_by"] else None,
    )
