"""One SQLite file: a single writer for short transactions, a separate reader connection."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from storage.migrations import MIGRATIONS, Migration, apply_migrations

Row = sqlite3.Row


def to_db_time(moment: datetime) -> str:
    """Store times as UTC ISO text, which sorts and compares correctly as text."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_db_time(text: str) -> datetime:
    """Read a time written by `to_db_time`."""
    return datetime.fromisoformat(text)


class Database:
    """Wraps one SQLite file opened twice: a writer guarded by a lock, and a reader.

    Handlers run concurrently. On one shared connection their statements would interleave,
    and one handler's rollback could undo another's work, so every write is a short
    `BEGIN IMMEDIATE` transaction taken under `_write_lock`. Reads use a second connection,
    which in WAL mode sees only committed data.
    """

    def __init__(self, writer: aiosqlite.Connection, reader: aiosqlite.Connection) -> None:
        self._writer = writer
        self._reader = reader
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(
        cls, path: Path | str, migrations: Sequence[Migration] = MIGRATIONS
    ) -> Database:
        """Open (creating if needed) and migrate the database at `path`."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = await _connect(path)
        try:
            await writer.execute("pragma journal_mode = wal")
            await apply_migrations(writer, migrations)
            reader = await _connect(path)
        except BaseException:
            await writer.close()
            raise
        return cls(writer, reader)

    async def close(self) -> None:
        """Close both connections."""
        await self._reader.close()
        await self._writer.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run the block as one `BEGIN IMMEDIATE` transaction; roll back if it raises."""
        async with self._write_lock:
            await self._writer.execute("begin immediate")
            try:
                yield self._writer
            except BaseException:
                await self._writer.rollback()
                raise
            else:
                await self._writer.commit()

    @property
    def reader(self) -> aiosqlite.Connection:
        """Return the read-only connection (sees committed data only)."""
        return self._reader


async def fetch_one(
    conn: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()
) -> Row | None:
    """Return the first row of a query, or None."""
    async with conn.execute(sql, tuple(params)) as cursor:
        return await cursor.fetchone()


async def fetch_all(conn: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()) -> list[Row]:
    """Return every row of a query."""
    async with conn.execute(sql, tuple(params)) as cursor:
        return list(await cursor.fetchall())


async def _connect(path: Path) -> aiosqlite.Connection:
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, sqlite3 must not add its own.
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    await conn.execute("pragma foreign_keys = on")
    await conn.execute("pragma busy_timeout = 5000")
    await conn.execute("pragma synchronous = normal")
    return conn
