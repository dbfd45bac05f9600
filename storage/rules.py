"""The written rules, every version kept; who signed which post's responsibility letter."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from bot.domain.model import RuleDoc, Signature
from storage.db import fetch_all, fetch_one, from_db_time, to_db_time


def _doc(row: sqlite3.Row) -> RuleDoc:
    return RuleDoc(
        key=row["key"],
        title=row["title"],
        version=row["version"],
        on_date=date.fromisoformat(row["on_date"]),
        body=row["body"],
    )


def current(conn: sqlite3.Connection) -> list[RuleDoc]:
    """Return the latest loaded version of each rule, in the order they were first loaded."""
    rows = fetch_all(
        conn,
        "select r.* from rules r where r.seq = (select max(seq) from rules where key = r.key)"
        " order by (select min(seq) from rules where key = r.key)",
    )
    return [_doc(row) for row in rows]


def version(conn: sqlite3.Connection, key: str, wanted: str) -> RuleDoc | None:
    row = fetch_one(conn, "select * from rules where key = ? and version = ?", (key, wanted))
    return _doc(row) if row else None


def versions(conn: sqlite3.Connection, key: str) -> list[str]:
    rows = fetch_all(conn, "select version from rules where key = ? order by seq", (key,))
    return [row["version"] for row in rows]


def add(conn: sqlite3.Connection, doc: RuleDoc, now: datetime) -> None:
    conn.execute(
        "insert into rules (key, version, title, on_date, body, loaded_at)"
        " values (?, ?, ?, ?, ?, ?)",
        (doc.key, doc.version, doc.title, doc.on_date.isoformat(), doc.body, to_db_time(now)),
    )


def sign(
    conn: sqlite3.Connection, post_key: str, user_id: int, standard: str, now: datetime
) -> bool:
    cursor = conn.execute(
        "insert or ignore into post_signatures (post_key, user_id, standard, at)"
        " values (?, ?, ?, ?)",
        (post_key, user_id, standard, to_db_time(now)),
    )
    return cursor.rowcount == 1


def signatures(conn: sqlite3.Connection) -> list[Signature]:
    rows = fetch_all(conn, "select * from post_signatures order by at")
    return [
        Signature(row["post_key"], row["user_id"], row["standard"], from_db_time(row["at"]))
        for row in rows
    ]
