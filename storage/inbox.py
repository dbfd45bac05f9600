"""Updates fetched from the chat, kept until handled: a kill -9 loses none of them.

Once handled, only the update's number stays (its body is dropped), for a while, so the
same update handed over again after a crash is recognised and not handled twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

from storage.db import fetch_all, to_db_time


def keep(conn: sqlite3.Connection, updates: list[tuple[int, str]], now: datetime) -> set[int]:
    """Store fetched updates (number, body); return the numbers not seen before."""
    fresh = set()
    stamp = to_db_time(now)
    for update_id, body in updates:
        cursor = conn.execute(
            "insert or ignore into inbox (update_id, body, received_at) values (?, ?, ?)",
            (update_id, body, stamp),
        )
        if cursor.rowcount == 1:
            fresh.add(update_id)
    return fresh


def handled(conn: sqlite3.Connection, update_ids: Iterable[int], now: datetime) -> None:
    """Mark updates handled and drop their bodies."""
    conn.executemany(
        "update inbox set handled_at = ?, body = '' where update_id = ? and handled_at is null",
        [(to_db_time(now), update_id) for update_id in update_ids],
    )


def handled_among(conn: sqlite3.Connection, update_ids: list[int]) -> list[int]:
    """Return which of these updates were handled already."""
    marks = ", ".join("?" for _ in update_ids)
    rows = fetch_all(
        conn,
        f"select update_id from inbox where handled_at is not null and update_id in ({marks})",
        update_ids,
    )
    return [row["update_id"] for row in rows]


def waiting(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """Return the updates fetched but not handled, oldest first."""
    rows = fetch_all(
        conn, "select update_id, body from inbox where handled_at is null order by update_id"
    )
    return [(row["update_id"], row["body"]) for row in rows]


def forget_before(conn: sqlite3.Connection, moment: datetime) -> None:
    """Drop the numbers of updates handled before `moment`."""
    conn.execute(
        "delete from inbox where handled_at is not null and handled_at < ?", (to_db_time(moment),)
    )
