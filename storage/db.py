"""One SQLite file: a writer connection that runs whole transactions, and a reader.

Storage modules are plain synchronous functions over a `sqlite3.Connection`. The async code
hands such a function to `Database.write` or `Database.read`, which runs it whole. A write
function runs inside `BEGIN IMMEDIATE … COMMIT` (rolled back if it raises). Reads use the
second connection, which in WAL mode sees committed data.

Where it runs: the bot's statements are small and indexed (tens of microseconds), while
handing one to aiosqlite's thread and back costs about 0.3 ms of CPU here — more than the
work. So a function runs at once on the event loop, which also means two handlers'
transactions can never interleave. Only when another process holds the database (an import
running beside the bot) does it wait on aiosqlite's thread instead, off the event loop, and
the functions after it follow it there until it is done, in order. Long reads (statistics,
exports) and backups always run apart, on their own connection and thread.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import aiosqlite

from storage.migrations import MIGRATIONS, Migration, apply_migrations

log = logging.getLogger(__name__)
Row = sqlite3.Row
P = ParamSpec("P")
T = TypeVar("T")


def to_db_time(moment: datetime) -> str:
    """Store times as UTC ISO text, which sorts and compares correctly as text."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_db_time(text: str) -> datetime:
    """Read a time written by `to_db_time`."""
    return datetime.fromisoformat(text)


Params = Iterable[Any] | Mapping[str, Any]


def _bind(params: Params) -> tuple[Any, ...] | Mapping[str, Any]:
    return params if isinstance(params, Mapping) else tuple(params)


def fetch_one(conn: sqlite3.Connection, sql: str, params: Params = ()) -> Row | None:
    """Return the first row of a query, or None."""
    return conn.execute(sql, _bind(params)).fetchone()


def fetch_all(conn: sqlite3.Connection, sql: str, params: Params = ()) -> list[Row]:
    """Return every row of a query."""
    return conn.execute(sql, _bind(params)).fetchall()


class Database:
    """Wraps one SQLite file opened twice: a writer and a reader, each on its own thread."""

    def __init__(
        self, writer: aiosqlite.Connection, reader: aiosqlite.Connection, path: Path
    ) -> None:
        self._writer = writer
        self._reader = reader
        self.path = path
        self._detours = 0  # functions waiting on a connection's thread for another process

    @classmethod
    async def open(
        cls, path: Path | str, migrations: Sequence[Migration] = MIGRATIONS
    ) -> Database:
        """Open (creating if needed) and migrate the database at `path`."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = await _connect(path)
        try:
            await _run(writer, _patiently, _set_wal)
            await _run(writer, _patiently, apply_migrations, migrations)
            reader = await _connect(path)
        except BaseException:
            await writer.close()
            raise
        return cls(writer, reader, path)

    async def close(self) -> None:
        """Close both connections."""
        await self._reader.close()
        await self._writer.close()

    async def write(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `work(conn, ...)` as one `BEGIN IMMEDIATE` transaction."""
        return await self._run(self._writer, _in_transaction, work, *args, **kwargs)

    async def read_apart(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a long read (a report, an export) on its own connection and thread, so the
        shared reader — and every handler waiting on it — is not held up."""

        def run() -> T:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            conn.row_factory = sqlite3.Row
            try:
                return work(conn, *args, **kwargs)
            finally:
                conn.close()

        return await asyncio.to_thread(run)

    async def backup(
        self, target: Path, progress: Callable[[int, int], None] | None = None
    ) -> None:
        """Copy a consistent snapshot to `target` with SQLite's online backup, while the bot
        keeps writing; `progress(done, total)` is called as pages are copied."""

        def run() -> None:
            source = sqlite3.connect(self.path)
            copy = sqlite3.connect(target)
            try:
                source.backup(
                    copy,
                    pages=256,
                    progress=(lambda _, left, total: progress(total - left, total))
                    if progress
                    else None,
                )
            finally:
                copy.close()
                source.close()

        await asyncio.to_thread(run)

    async def checkpoint(self) -> None:
        """Copy the WAL into the database without blocking writers (a passive checkpoint), on
        a connection and thread of its own: it waits for the disk."""

        def run() -> None:
            conn = sqlite3.connect(self.path)
            try:
                _passive_checkpoint(conn)
            finally:
                conn.close()

        await asyncio.to_thread(run)

    async def read(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `work(conn, ...)` on the reader; it sees only committed data."""
        return await self._run(self._reader, work, *args, **kwargs)

    async def _run(
        self, connection: aiosqlite.Connection, work: Callable[..., T], *args: Any, **kw: Any
    ) -> T:
        """Run at once on the event loop; if another process holds the database, wait for it
        on the connection's thread instead (and let what comes next follow, in order)."""
        if not self._detours:
            try:
                return work(connection._conn, *args, **kw)
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise
                log.info("the database is busy (another process): waiting off the event loop")
        self._detours += 1
        try:
            return await _run(connection, _patiently, work, *args, **kw)
        finally:
            self._detours -= 1


# How long a statement run on the event loop may wait for another process's lock before it
# moves to its thread, and how long it then waits there.
QUICK_BUSY_MS = 20
PATIENT_BUSY_MS = 5000


def _busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _patiently(conn: sqlite3.Connection, work: Callable[..., T], *args: Any, **kw: Any) -> T:
    conn.execute(f"pragma busy_timeout = {PATIENT_BUSY_MS}")
    try:
        return work(conn, *args, **kw)
    finally:
        conn.execute(f"pragma busy_timeout = {QUICK_BUSY_MS}")


def _in_transaction(conn: sqlite3.Connection, work: Callable[..., T], *args: Any, **kw: Any) -> T:
    conn.execute("begin immediate")
    try:
        result = work(conn, *args, **kw)
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
    return result


# The WAL is copied back into the database by `checkpoint` (the sweep calls it every minute,
# off the event loop); a commit does it itself only past this many pages, so a handler
# rarely pays for a checkpoint.
AUTOCHECKPOINT_PAGES = 10_000


def _passive_checkpoint(conn: sqlite3.Connection) -> None:
    conn.execute("pragma wal_checkpoint(passive)")


def _set_wal(conn: sqlite3.Connection) -> None:
    conn.execute("pragma journal_mode = wal")
    conn.execute(f"pragma wal_autocheckpoint = {AUTOCHECKPOINT_PAGES}")


async def _run(
    connection: aiosqlite.Connection, work: Callable[..., T], *args: Any, **kwargs: Any
) -> T:
    """Run a synchronous function with the raw connection on aiosqlite's thread.

    aiosqlite already owns one thread per connection and runs every call there; handing it a
    whole function costs one round trip instead of one per statement. `_execute` is the
    method its own public calls go through (pinned by the version range in pyproject.toml).
    """

    def call() -> T:
        return work(connection._conn, *args, **kwargs)

    return await connection._execute(call)


async def _connect(path: Path) -> aiosqlite.Connection:
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, sqlite3 must not add its own.
    # check_same_thread=False: statements run on the event loop (see the module's docstring);
    # never on two threads at once, since a detour to the thread holds back what follows.
    conn = await aiosqlite.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    await conn.execute("pragma foreign_keys = on")
    await conn.execute(f"pragma busy_timeout = {QUICK_BUSY_MS}")
    await conn.execute("pragma synchronous = normal")
    return conn
