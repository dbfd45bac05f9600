"""The outbox: what the bot owes the chats, committed with the change that owes it.

Three kinds of rows. A `card` row says a ticket's public card must show its current state;
it is rendered when sent, and several changes of one ticket fold into the one row (its
generation counts them, so a change made while a send is in flight is not lost). A `notice`
tells one person about a ticket, also rendered when sent. A `message` is already rendered.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storage.db import fetch_all, fetch_one, from_db_time, to_db_time

CARD, NOTICE, MESSAGE, REFRESH = "card", "notice", "message", "refresh"


@dataclass(frozen=True)
class Owed:
    """One row of the outbox."""

    id: int
    kind: str
    chat_id: int | None
    ticket_id: int | None
    payload: dict[str, Any] = field(default_factory=dict)
    message_id: int | None = None
    generation: int = 1
    attempts: int = 0
    not_before: datetime | None = None


def _row(row: sqlite3.Row) -> Owed:
    return Owed(
        id=row["id"],
        kind=row["kind"],
        chat_id=row["chat_id"],
        ticket_id=row["ticket_id"],
        payload=json.loads(row["payload"]),
        message_id=row["message_id"],
        generation=row["generation"],
        attempts=row["attempts"],
        not_before=from_db_time(row["not_before"]),
    )


def owe_card(
    conn: sqlite3.Connection, ticket_id: int, now: datetime, *, chat_id: int | None = None
) -> None:
    """Owe the ticket's card its current state (folds into a row already waiting).

    `chat_id` is where cards are shown (None: nowhere; the row then only waits to be dropped).
    """
    stamp = to_db_time(now)
    conn.execute(
        "insert into outbox (kind, chat_id, ticket_id, not_before, created_at)"
        " values ('card', ?, ?, ?, ?)"
        " on conflict (ticket_id) where kind = 'card'"
        " do update set generation = generation + 1",
        (chat_id, ticket_id, stamp, stamp),
    )


def owe(
    conn: sqlite3.Connection,
    kind: str,
    *,
    chat_id: int | None,
    payload: dict[str, Any],
    now: datetime,
    ticket_id: int | None = None,
) -> None:
    """Owe a notice or a message."""
    stamp = to_db_time(now)
    conn.execute(
        "insert into outbox (kind, chat_id, ticket_id, payload, not_before, created_at)"
        " values (?, ?, ?, ?, ?, ?)",
        (kind, chat_id, ticket_id, json.dumps(payload, ensure_ascii=False), stamp, stamp),
    )


def due(
    conn: sqlite3.Connection, now: datetime, *, limit: int, skip: Iterable[int] = ()
) -> list[Owed]:
    """Return rows whose time has come, oldest first, but none for the chats in `skip`
    (a group waiting for its rate limit must not crowd out everyone else's rows)."""
    skipped = sorted(set(skip))
    marks = ", ".join("?" for _ in skipped)
    rows = fetch_all(
        conn,
        "select * from outbox where not_before <= ?"
        + (f" and coalesce(chat_id, 0) not in ({marks})" if skipped else "")
        + " order by id limit ?",
        (to_db_time(now), *skipped, limit),
    )
    return [_row(row) for row in rows]


def next_due(conn: sqlite3.Connection) -> datetime | None:
    """Return when the earliest row may be sent (None: the outbox is empty)."""
    row = fetch_one(conn, "select min(not_before) as at from outbox")
    return from_db_time(row["at"]) if row and row["at"] else None


def waiting(conn: sqlite3.Connection) -> int:
    """Return how many rows wait."""
    row = fetch_one(conn, "select count(*) as n from outbox")
    return int(row["n"]) if row else 0


def done(conn: sqlite3.Connection, owed: Owed) -> bool:
    """Drop a sent row, unless its card changed again meanwhile; True if it was dropped."""
    cursor = conn.execute(
        "delete from outbox where id = ? and generation = ?", (owed.id, owed.generation)
    )
    return cursor.rowcount == 1


def retry(conn: sqlite3.Connection, owed: Owed, *, at: datetime, error: str, count: bool) -> None:
    """Try the row again at `at`; `count` adds one to its attempts (a wait for a rate limit
    is not a failed attempt)."""
    conn.execute(
        "update outbox set not_before = ?, last_error = ?, attempts = attempts + ? where id = ?",
        (to_db_time(at), error[:500], int(count), owed.id),
    )


def give_up(conn: sqlite3.Connection, owed: Owed, *, error: str, now: datetime) -> None:
    """Move a row Telegram refused for good to `outbox_failed`, with the reason."""
    conn.execute(
        "insert or replace into outbox_failed"
        " (id, kind, chat_id, ticket_id, payload, attempts, error, failed_at)"
        " values (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            owed.id,
            owed.kind,
            owed.chat_id,
            owed.ticket_id,
            json.dumps(owed.payload, ensure_ascii=False),
            owed.attempts + 1,
            error[:500],
            to_db_time(now),
        ),
    )
    conn.execute("delete from outbox where id = ?", (owed.id,))


@dataclass(frozen=True)
class Shown:
    """A message (not the ticket's card) that shows tickets: a digest, a ping, a notice."""

    chat_id: int
    message_id: int
    ticket_ids: list[int]
    payload: dict[str, Any] = field(default_factory=dict)


def record_shown(conn: sqlite3.Connection, shown: Shown) -> None:
    """Remember that a message shows these tickets (in this order)."""
    conn.executemany(
        "insert or replace into shown (chat_id, message_id, ticket_id, position, payload)"
        " values (?, ?, ?, ?, ?)",
        [
            (shown.chat_id, shown.message_id, ticket_id, position, json.dumps(shown.payload))
            for position, ticket_id in enumerate(shown.ticket_ids)
        ],
    )


def shown_in(conn: sqlite3.Connection, chat_id: int, message_id: int) -> Shown | None:
    """Return what a message shows (None: it shows no ticket but its own card)."""
    rows = fetch_all(
        conn,
        "select ticket_id, payload from shown where chat_id = ? and message_id = ?"
        " order by position",
        (chat_id, message_id),
    )
    if not rows:
        return None
    return Shown(
        chat_id, message_id, [r["ticket_id"] for r in rows], json.loads(rows[0]["payload"])
    )


def owe_refreshes(conn: sqlite3.Connection, ticket_id: int, now: datetime) -> None:
    """Owe each private message that shows the ticket its current state (one row per
    message: several changes fold into one)."""
    stamp = to_db_time(now)
    conn.execute(
        "insert into outbox (kind, chat_id, message_id, ticket_id, not_before, created_at)"
        " select 'refresh', chat_id, message_id, ?, ?, ? from shown"
        " where ticket_id = ? and chat_id > 0"
        " on conflict (chat_id, message_id) where kind = 'refresh'"
        " do update set generation = generation + 1",
        (ticket_id, stamp, stamp, ticket_id),
    )
