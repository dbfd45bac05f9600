"""What the bot is waiting for a user to type next in a chat (a form step, a reason)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storage.db import fetch_one, from_db_time, to_db_time


@dataclass(frozen=True)
class PendingInput:
    """One awaited answer; kept in the database so a restart does not forget it."""

    user_id: int
    chat_id: int
    kind: str
    ticket_id: int | None = None
    version: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None


def get_pending(conn: sqlite3.Connection, *, user_id: int, chat_id: int) -> PendingInput | None:
    """Return what the bot awaits from this user in this chat, if anything."""
    row = fetch_one(
        conn, "select * from pending_inputs where user_id = ? and chat_id = ?", (user_id, chat_id)
    )
    if row is None:
        return None
    return PendingInput(
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        kind=row["kind"],
        ticket_id=row["ticket_id"],
        version=row["version"],
        data=json.loads(row["data"]),
        created_at=from_db_time(row["created_at"]),
    )


def put_pending(conn: sqlite3.Connection, pending: PendingInput, now: datetime) -> None:
    """Set (replacing any earlier one) what the bot awaits from this user in this chat."""
    conn.execute(
        "insert or replace into pending_inputs"
        " (user_id, chat_id, kind, ticket_id, version, data, created_at)"
        " values (?, ?, ?, ?, ?, ?, ?)",
        (
            pending.user_id,
            pending.chat_id,
            pending.kind,
            pending.ticket_id,
            pending.version,
            json.dumps(pending.data, ensure_ascii=False),
            to_db_time(now),
        ),
    )


def clear_pending(conn: sqlite3.Connection, *, user_id: int, chat_id: int) -> None:
    """Stop waiting for this user in this chat."""
    conn.execute(
        "delete from pending_inputs where user_id = ? and chat_id = ?", (user_id, chat_id)
    )
