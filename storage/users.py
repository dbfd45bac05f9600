"""Users as the chat shows them, and who is a worker."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from storage.db import fetch_all, fetch_one, to_db_time


@dataclass(frozen=True)
class UserRow:
    """One remembered user."""

    id: int
    name: str
    username: str | None
    language_code: str | None
    worker_name: str | None
    is_worker: bool

    @property
    def display_name(self) -> str:
        """Return the name colleagues know: the worker name if set, else the chat's."""
        return self.worker_name or self.name


_COLUMNS = "id, name, username, language_code, worker_name, is_worker"


def _user(row: sqlite3.Row) -> UserRow:
    return UserRow(
        id=row["id"],
        name=row["name"],
        username=row["username"],
        language_code=row["language_code"],
        worker_name=row["worker_name"],
        is_worker=bool(row["is_worker"]),
    )


def upsert_profile(
    conn: sqlite3.Connection,
    *,
    user_id: int,
    name: str,
    username: str | None,
    language_code: str | None,
    now: datetime,
) -> None:
    """Insert the user or refresh the name, username and language the chat reports."""
    stamp = to_db_time(now)
    conn.execute(
        "insert into users (id, name, username, language_code, created_at, updated_at)"
        " values (?, ?, ?, ?, ?, ?)"
        " on conflict (id) do update set name = excluded.name, username = excluded.username,"
        " language_code = coalesce(excluded.language_code, users.language_code),"
        " updated_at = excluded.updated_at",
        (user_id, name, username, language_code, stamp, stamp),
    )


def get_user(conn: sqlite3.Connection, user_id: int) -> UserRow | None:
    """Return the user with this chat user id, or None."""
    row = fetch_one(conn, f"select {_COLUMNS} from users where id = ?", (user_id,))
    return _user(row) if row else None


def set_worker(
    conn: sqlite3.Connection,
    *,
    user_id: int,
    is_worker: bool,
    worker_name: str | None,
    now: datetime,
) -> None:
    """Make the user a worker (with a display name) or take that away; creates unknown ids."""
    stamp = to_db_time(now)
    conn.execute(
        "insert into users (id, name, worker_name, is_worker, created_at, updated_at)"
        " values (?, ?, ?, ?, ?, ?)"
        " on conflict (id) do update set is_worker = excluded.is_worker,"
        " worker_name = coalesce(excluded.worker_name, users.worker_name),"
        " updated_at = excluded.updated_at",
        (user_id, worker_name or str(user_id), worker_name, int(is_worker), stamp, stamp),
    )


def list_workers(conn: sqlite3.Connection) -> list[UserRow]:
    """Return every current worker, by display name."""
    rows = fetch_all(
        conn,
        f"select {_COLUMNS} from users where is_worker = 1 order by coalesce(worker_name, name)",
    )
    return [_user(row) for row in rows]
