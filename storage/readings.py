"""Meter readings: appended, never overwritten; a correction marks the reading it replaces."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from bot.domain.model import Reading
from storage.db import fetch_all, fetch_one, from_db_time, to_db_time


def _reading(row: sqlite3.Row) -> Reading:
    return Reading(
        id=row["id"],
        meter_key=row["meter_key"],
        at=from_db_time(row["at"]),
        value=row["value"],
        use=row["use"],
        ticket_id=row["ticket_id"],
        by_id=row["by_id"],
        flags=tuple(json.loads(row["flags"])),
        corrects=row["corrects"],
    )


def last(conn: sqlite3.Connection, meter_key: str) -> Reading | None:
    row = fetch_one(
        conn,
        "select * from readings where meter_key = ? and status = 'ok' order by at desc, id desc"
        " limit 1",
        (meter_key,),
    )
    return _reading(row) if row else None


def between(
    conn: sqlite3.Connection, meter_key: str, start: datetime, end: datetime
) -> list[Reading]:
    """Return a meter's readings in force taken in [start, end), oldest first."""
    rows = fetch_all(
        conn,
        "select * from readings where meter_key = ? and status = 'ok' and at >= ? and at < ?"
        " order by at, id",
        (meter_key, to_db_time(start), to_db_time(end)),
    )
    return [_reading(row) for row in rows]


def add(conn: sqlite3.Connection, reading: Reading, *, replaces: int | None = None) -> int:
    """Append a reading (a correction marks the one it replaces); return its id."""
    if replaces is not None:
        conn.execute("update readings set status = 'corrected' where id = ?", (replaces,))
    cursor = conn.execute(
        "insert into readings (meter_key, at, value, use, ticket_id, by_id, flags, corrects)"
        " values (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            reading.meter_key, to_db_time(reading.at), reading.value, reading.use,
            reading.ticket_id, reading.by_id, json.dumps(list(reading.flags)), replaces,
        ),
    )  # fmt: skip
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def before(conn: sqlite3.Connection, meter_key: str, at: datetime) -> Reading | None:
    """Return the reading in force just before `at`."""
    row = fetch_one(
        conn,
        "select * from readings where meter_key = ? and status = 'ok' and at < ?"
        " order by at desc, id desc limit 1",
        (meter_key, to_db_time(at)),
    )
    return _reading(row) if row else None
