"""Repair tickets (报修单): rows, the conditional status update, and the repair-log lists."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.db import fetch_all, fetch_one, from_db_time, to_db_time


@dataclass(frozen=True)
class TicketRow:
    """One ticket with its reporter's and handler's display names."""

    id: int
    reporter_id: int
    reporter_name: str
    description: str
    location: str | None
    category: str
    urgency: str
    photo_file_id: str | None
    status: str
    assignee_id: int | None
    assignee_name: str | None
    version: int
    reopen_count: int
    rating: int | None
    last_note: str | None
    fix_photo_file_id: str | None
    source_chat_id: int | None
    source_message_id: int | None
    announce_chat_id: int | None
    announce_message_id: int | None
    created_at: datetime
    updated_at: datetime


_SELECT = (
    "select t.*, coalesce(r.worker_name, r.name) as reporter_name,"
    " coalesce(a.worker_name, a.name) as assignee_name"
    " from tickets t join users r on r.id = t.reporter_id"
    " left join users a on a.id = t.assignee_id"
)


def _ticket(row: aiosqlite.Row) -> TicketRow:
    values: dict[str, Any] = {key: row[key] for key in row.keys()}  # noqa: SIM118
    values["created_at"] = from_db_time(values["created_at"])
    values["updated_at"] = from_db_time(values["updated_at"])
    return TicketRow(**values)


async def insert_ticket(
    conn: aiosqlite.Connection,
    *,
    reporter_id: int,
    description: str,
    location: str | None,
    category: str,
    urgency: str,
    photo_file_id: str | None,
    status: str,
    source_chat_id: int | None,
    source_message_id: int | None,
    now: datetime,
) -> int | None:
    """Insert a ticket and return its number; None if this source message made one already."""
    stamp = to_db_time(now)
    try:
        cursor = await conn.execute(
            "insert into tickets (reporter_id, description, location, category, urgency,"
            " photo_file_id, status, source_chat_id, source_message_id, created_at, updated_at)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                reporter_id,
                description,
                location,
                category,
                urgency,
                photo_file_id,
                status,
                source_chat_id,
                source_message_id,
                stamp,
                stamp,
            ),
        )
    except sqlite3.IntegrityError:
        if source_message_id is None:
            raise
        return None
    return cursor.lastrowid


async def get_ticket(conn: aiosqlite.Connection, ticket_id: int) -> TicketRow | None:
    """Return ticket `ticket_id`, or None."""
    row = await fetch_one(conn, f"{_SELECT} where t.id = ?", (ticket_id,))
    return _ticket(row) if row else None


async def find_by_source(
    conn: aiosqlite.Connection, chat_id: int, message_id: int
) -> TicketRow | None:
    """Return the ticket made from this chat message, if any."""
    row = await fetch_one(
        conn,
        f"{_SELECT} where t.source_chat_id = ? and t.source_message_id = ?",
        (chat_id, message_id),
    )
    return _ticket(row) if row else None


async def update_ticket(
    conn: aiosqlite.Connection,
    *,
    ticket_id: int,
    expected_version: int,
    now: datetime,
    **changes: Any,
) -> bool:
    """Apply `changes` only if the ticket is still at `expected_version`; bump the version.

    The version condition is what makes two simultaneous claims resolve to one winner.
    """
    columns = sorted(changes)
    assignments = "".join(f", {column} = ?" for column in columns)
    cursor = await conn.execute(
        f"update tickets set version = version + 1, updated_at = ?{assignments}"
        " where id = ? and version = ?",
        (to_db_time(now), *(changes[c] for c in columns), ticket_id, expected_version),
    )
    return cursor.rowcount == 1


async def set_announcement(
    conn: aiosqlite.Connection, *, ticket_id: int, chat_id: int, message_id: int
) -> None:
    """Remember which chat message announces the ticket, so it can be edited in place."""
    await conn.execute(
        "update tickets set announce_chat_id = ?, announce_message_id = ? where id = ?",
        (chat_id, message_id, ticket_id),
    )


async def unannounced(conn: aiosqlite.Connection, statuses: Iterable[str]) -> list[TicketRow]:
    """Return tickets in `statuses` whose announcement was never sent (e.g. after a crash)."""
    marks = _marks(statuses)
    rows = await fetch_all(
        conn,
        f"{_SELECT} where t.announce_message_id is null and t.status in ({marks[0]})"
        " order by t.id",
        marks[1],
    )
    return [_ticket(row) for row in rows]


async def list_page(
    conn: aiosqlite.Connection,
    *,
    statuses: Sequence[str] | None,
    reporter_id: int | None = None,
    assignee_id: int | None = None,
    involving_id: int | None = None,
    before_id: int | None = None,
    after_id: int | None = None,
    limit: int,
) -> list[TicketRow]:
    """Return up to `limit` tickets, newest first, by keyset paging on the ticket number."""
    where: list[str] = []
    params: list[Any] = []
    if statuses is not None:
        marks, values = _marks(statuses)
        where.append(f"t.status in ({marks})")
        params.extend(values)
    if reporter_id is not None:
        where.append("t.reporter_id = ?")
        params.append(reporter_id)
    if assignee_id is not None:
        where.append("t.assignee_id = ?")
        params.append(assignee_id)
    if involving_id is not None:
        where.append("(t.reporter_id = ? or t.assignee_id = ?)")
        params.extend((involving_id, involving_id))
    if before_id is not None:
        where.append("t.id < ?")
        params.append(before_id)
    if after_id is not None:
        where.append("t.id > ?")
        params.append(after_id)
    clause = f" where {' and '.join(where)}" if where else ""
    # Paging towards newer tickets reads upwards from the anchor, then turns the page round.
    order = "asc" if after_id is not None else "desc"
    rows = await fetch_all(
        conn, f"{_SELECT}{clause} order by t.id {order} limit ?", (*params, limit)
    )
    tickets = [_ticket(row) for row in rows]
    return sorted(tickets, key=lambda t: t.id, reverse=True)


def _marks(values: Iterable[str]) -> tuple[str, list[str]]:
    listed = list(values)
    return ", ".join("?" for _ in listed), listed
