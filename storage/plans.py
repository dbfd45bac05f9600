"""Planned work's own rows: how far each plan's tasks are made, inspection results, and the
term plan's done marks."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from storage.db import fetch_all, fetch_one, from_db_time, to_db_time


def created_through(conn: sqlite3.Connection) -> dict[str, date]:
    """Return, per plan, the last day whose task has been made."""
    return {
        row["plan_key"]: date.fromisoformat(row["created_through"])
        for row in fetch_all(conn, "select * from plan_progress")
    }


def set_created_through(conn: sqlite3.Connection, plan_key: str, day: date) -> None:
    """Record that every task of `plan_key` up to `day` exists."""
    conn.execute(
        "insert into plan_progress (plan_key, created_through) values (?, ?)"
        " on conflict (plan_key) do update set created_through = excluded.created_through",
        (plan_key, day.isoformat()),
    )


@dataclass(frozen=True)
class Result:
    """One point of an inspection as checked."""

    room_key: str
    item: int
    result: str  # ok | fail | na
    value: float | None
    note: str | None
    photo: str | None
    repair_id: int | None
    at: datetime
    by_id: int | None


def results(conn: sqlite3.Connection, ticket_id: int) -> list[Result]:
    """Return an inspection's results, in the order they were given."""
    rows = fetch_all(
        conn,
        "select * from inspection_results where ticket_id = ? order by at, rowid",
        (ticket_id,),
    )
    return [
        Result(
            row["room_key"],
            row["item"],
            row["result"],
            row["value"],
            row["note"],
            row["photo"],
            row["repair_id"],
            from_db_time(row["at"]),
            row["by_id"],
        )
        for row in rows
    ]


def add_result(conn: sqlite3.Connection, ticket_id: int, result: Result) -> bool:
    """Record one point; False if it was already recorded (a double press)."""
    cursor = conn.execute(
        "insert or ignore into inspection_results (ticket_id, room_key, item, result, value,"
        " note, photo, repair_id, at, by_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            ticket_id,
            result.room_key,
            result.item,
            result.result,
            result.value,
            result.note,
            result.photo,
            result.repair_id,
            to_db_time(result.at),
            result.by_id,
        ),
    )
    return cursor.rowcount == 1


def term_done(conn: sqlite3.Connection) -> dict[str, tuple[datetime, int | None]]:
    """Return the term-plan items marked done: when, and by whom."""
    return {
        row["key"]: (from_db_time(row["done_at"]), row["done_by"])
        for row in fetch_all(
            conn, "select key, done_at, done_by from term_items where done_at is not null"
        )
    }


def mark_term_done(conn: sqlite3.Connection, key: str, *, at: datetime, by: int) -> bool:
    """Mark a term-plan item done; False if it is unknown or was done already."""
    cursor = conn.execute(
        "update term_items set done_at = ?, done_by = ? where key = ? and done_at is null",
        (to_db_time(at), by, key),
    )
    return cursor.rowcount == 1


def term_item_exists(conn: sqlite3.Connection, key: str) -> bool:
    return fetch_one(conn, "select 1 from term_items where key = ?", (key,)) is not None
