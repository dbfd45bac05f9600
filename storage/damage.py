"""公物损坏: each repair's cause and its settlement, one row per ticket."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.domain.model import Damage
from storage.db import fetch_all, fetch_one, from_db_time, to_db_time

_SELECT = (
    "select d.*, t.location, t.description, t.category from damage d"
    " join tickets t on t.id = d.ticket_id"
)


def _damage(row: sqlite3.Row) -> Damage:
    return Damage(
        ticket_id=row["ticket_id"],
        cause=row["cause"],
        class_name=row["class_name"],
        person=row["person"],
        item=row["item"],
        quantity=row["quantity"],
        proposed=row["proposed"],
        amount=row["amount"],
        status=row["status"],
        reason=row["reason"],
        at=from_db_time(row["at"]),
        place=row["location"],
        description=row["description"],
        category=row["category"],
    )


def get(conn: sqlite3.Connection, ticket_id: int) -> Damage | None:
    row = fetch_one(conn, f"{_SELECT} where d.ticket_id = ?", (ticket_id,))
    return _damage(row) if row else None


def put(conn: sqlite3.Connection, damage: Damage, by: int, now: datetime) -> None:
    """Record (or correct) a repair's cause; its settlement starts again from the proposal."""
    stamp = to_db_time(now)
    conn.execute(
        "insert into damage (ticket_id, cause, class_name, person, item, quantity, proposed,"
        " status, set_by, at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " on conflict (ticket_id) do update set cause = excluded.cause,"
        " class_name = excluded.class_name, person = excluded.person, item = excluded.item,"
        " quantity = excluded.quantity, proposed = excluded.proposed, amount = null,"
        " status = excluded.status, reason = null, set_by = excluded.set_by,"
        " updated_at = excluded.updated_at",
        (
            damage.ticket_id, damage.cause, damage.class_name, damage.person, damage.item,
            damage.quantity, damage.proposed, damage.status, by, stamp, stamp,
        ),
    )  # fmt: skip


def settle(
    conn: sqlite3.Connection, ticket_id: int, *, status: str, amount: float | None,
    reason: str | None, by: int, now: datetime,
) -> None:  # fmt: skip
    conn.execute(
        "update damage set status = ?, amount = ?, reason = ?, decided_by = ?, updated_at = ?"
        " where ticket_id = ?",
        (status, amount, reason, by, to_db_time(now), ticket_id),
    )


def between(conn: sqlite3.Connection, start: datetime, end: datetime) -> list[Damage]:
    """Return the causes recorded in [start, end), oldest first."""
    rows = fetch_all(
        conn,
        f"{_SELECT} where d.at >= ? and d.at < ? order by d.at",
        (to_db_time(start), to_db_time(end)),
    )
    return [_damage(row) for row in rows]
