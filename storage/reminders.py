"""Which reminders went out (recorded only after the chat accepted them), and muting."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

from storage.db import fetch_all, fetch_one, to_db_time


def sent_among(conn: sqlite3.Connection, keys: Iterable[str]) -> set[str]:
    """Return which of `keys` are already recorded as sent."""
    wanted = list(keys)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = fetch_all(conn, f"select key from reminders_sent where key in ({marks})", chunk)
        found.update(row["key"] for row in rows)
    return found


def record_sent(conn: sqlite3.Connection, keys: Iterable[str], now: datetime) -> None:
    """Record reminders as sent (a key already there stays as it was)."""
    conn.executemany(
        "insert or ignore into reminders_sent (key, sent_at) values (?, ?)",
        [(key, to_db_time(now)) for key in keys],
    )


def set_morning_list(conn: sqlite3.Connection, user_id: int, wanted: bool) -> None:
    """Mute or unmute a user's morning list."""
    conn.execute("update users set remind_morning = ? where id = ?", (int(wanted), user_id))


def muted_users(conn: sqlite3.Connection) -> set[int]:
    """Return the users who muted their morning list."""
    rows = fetch_all(conn, "select id from users where remind_morning = 0")
    return {row["id"] for row in rows}


def wants_morning_list(conn: sqlite3.Connection, user_id: int) -> bool:
    """Tell whether a user gets the morning list."""
    row = fetch_one(conn, "select remind_morning from users where id = ?", (user_id,))
    return bool(row["remind_morning"]) if row else True
