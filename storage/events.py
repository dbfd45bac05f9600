"""The audit trail: one row per state change, which is also each ticket's history."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from bot.domain.model import Event, Field, Status, event_kind
from storage.db import fetch_all, from_db_time, to_db_time

# Plain look-ups: an export reads hundreds of thousands of events.
_STATUS: dict[str | None, Status | None] = {None: None, **{s.value: s for s in Status}}
_FIELD: dict[str | None, Field | None] = {None: None, **{f.value: f for f in Field}}


@dataclass(frozen=True)
class Changed:
    """The one field an event changed, from what to what (category, urgency)."""

    field: Field
    old: str
    new: str


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
    changed: Changed | None = None,
    minutes: int | None = None,
) -> None:
    """Record one change; call inside the transaction that makes it."""
    conn.execute(
        "insert into events (at, actor_id, action, ticket_id, subject_user_id, from_status,"
        " to_status, note, rating, fix_by, field, old_value, new_value, minutes)"
        " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            changed.field if changed else None,
            changed.old if changed else None,
            changed.new if changed else None,
            minutes,
        ),
    )


def ticket_history(conn: sqlite3.Connection, ticket_id: int) -> list[Event]:
    """Return a ticket's events, oldest first, with the actor's display name."""
    rows = fetch_all(
        conn,
        "select e.*, coalesce(u.worker_name, u.name) as actor_name"
        " from events e left join users u on u.id = e.actor_id"
        " where e.ticket_id = ? order by e.id",
        (ticket_id,),
    )
    return [event_row(row) for row in rows]


def event_row(row: sqlite3.Row) -> Event:
    """Turn an `events` row (with `actor_name`) into an Event."""
    return Event(
        id=row["id"],
        at=from_db_time(row["at"]),
        actor_id=row["actor_id"],
        actor_name=row["actor_name"],
        action=event_kind(row["action"]),
        ticket_id=row["ticket_id"],
        subject_user_id=row["subject_user_id"],
        from_status=_STATUS[row["from_status"]],
        to_status=_STATUS[row["to_status"]],
        note=row["note"],
        rating=row["rating"],
        fix_by=from_db_time(row["fix_by"]) if row["fix_by"] else None,
        field=_FIELD[row["field"]],
        old_value=row["old_value"],
        new_value=row["new_value"],
        minutes=row["minutes"],
    )
