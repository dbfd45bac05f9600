"""Meetings and visits (会务, 接待): rows, the room's other meetings, sign-ins."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, time

from bot.domain.model import Meeting
from storage.db import fetch_all, fetch_one, from_db_time, to_db_time

LIVE = "('requested', 'approved')"

_SELECT = (
    "select m.*, coalesce(u.worker_name, u.name) as organiser_name"
    " from meetings m join users u on u.id = m.organiser_id"
)


def _meeting(row: sqlite3.Row) -> Meeting:
    return Meeting(
        id=row["id"],
        kind=row["kind"],
        title=row["title"],
        organiser_id=row["organiser_id"],
        organiser_name=row["organiser_name"],
        day=date.fromisoformat(row["day"]),
        starts=time.fromisoformat(row["starts"]),
        ends=time.fromisoformat(row["ends"]),
        room_key=row["room_key"],
        room=row["room"],
        people=row["people"],
        needs=tuple(json.loads(row["needs"])),
        layout=row["layout"],
        note=row["note"],
        guests=row["guests"],
        reception=row["reception"],
        cost=row["cost"],
        status=row["status"],
        signin_chat=row["signin_chat"],
        version=row["version"],
        created_at=from_db_time(row["created_at"]),
    )


def insert(conn: sqlite3.Connection, meeting: Meeting, now: datetime) -> int:
    """Store a new meeting and return its number."""
    stamp = to_db_time(now)
    cursor = conn.execute(
        "insert into meetings (kind, title, organiser_id, day, starts, ends, room_key, room,"
        " people, needs, layout, note, guests, reception, status, created_at, updated_at)"
        " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            meeting.kind,
            meeting.title,
            meeting.organiser_id,
            meeting.day.isoformat(),
            meeting.starts.isoformat("minutes"),
            meeting.ends.isoformat("minutes"),
            meeting.room_key,
            meeting.room,
            meeting.people,
            json.dumps(list(meeting.needs)),
            meeting.layout,
            meeting.note,
            meeting.guests,
            meeting.reception,
            meeting.status,
            stamp,
            stamp,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def get(conn: sqlite3.Connection, meeting_id: int) -> Meeting | None:
    row = fetch_one(conn, f"{_SELECT} where m.id = ?", (meeting_id,))
    return _meeting(row) if row else None


def update(conn: sqlite3.Connection, meeting_id: int, now: datetime, **columns: object) -> None:
    """Change a meeting's columns (named by the caller, never by a user) and its version."""
    values = {
        key: value.isoformat("minutes") if isinstance(value, time)
        else value.isoformat() if isinstance(value, date)
        else value
        for key, value in columns.items()
    }  # fmt: skip
    sets = ", ".join(f"{key} = ?" for key in values)
    conn.execute(
        f"update meetings set {sets}, version = version + 1, updated_at = ? where id = ?",
        (*values.values(), to_db_time(now), meeting_id),
    )


def clashes(
    conn: sqlite3.Connection, room: str, day: date, starts: time, ends: time, *, skip: int = 0
) -> list[Meeting]:
    """Return the live meetings in this room that overlap [starts, ends) on `day`."""
    rows = fetch_all(
        conn,
        f"{_SELECT} where (m.room_key = ? or m.room = ?) and m.day = ? and m.status in {LIVE}"
        " and m.starts < ? and m.ends > ? and m.id != ? order by m.starts",
        (
            room,
            room,
            day.isoformat(),
            ends.isoformat("minutes"),
            starts.isoformat("minutes"),
            skip,
        ),
    )
    return [_meeting(row) for row in rows]


def between(
    conn: sqlite3.Connection, first: date, last: date, *, kind: str | None = None
) -> list[Meeting]:
    """Return the meetings (all statuses) on days first..last, in time order."""
    wanted = " and m.kind = ?" if kind else ""
    rows = fetch_all(
        conn,
        f"{_SELECT} where m.day >= ? and m.day <= ?{wanted} order by m.day, m.starts",
        (first.isoformat(), last.isoformat(), *((kind,) if kind else ())),
    )
    return [_meeting(row) for row in rows]


def recent(conn: sqlite3.Connection, before: date, *, limit: int) -> list[Meeting]:
    """Return the latest meetings before `before`, newest first."""
    rows = fetch_all(
        conn,
        f"{_SELECT} where m.day < ? order by m.day desc, m.starts desc limit ?",
        (before.isoformat(), limit),
    )
    return [_meeting(row) for row in rows]


def sign_in(
    conn: sqlite3.Connection, meeting_id: int, user_id: int, name: str, now: datetime
) -> bool:
    """Record a sign-in; False if this person had signed in already."""
    cursor = conn.execute(
        "insert or ignore into meeting_signins (meeting_id, user_id, name, at)"
        " values (?, ?, ?, ?)",
        (meeting_id, user_id, name, to_db_time(now)),
    )
    return cursor.rowcount == 1


def signed_in(conn: sqlite3.Connection, meeting_id: int) -> list[str]:
    """Return who signed in, in the order they did."""
    rows = fetch_all(
        conn, "select name from meeting_signins where meeting_id = ? order by at", (meeting_id,)
    )
    return [row["name"] for row in rows]
