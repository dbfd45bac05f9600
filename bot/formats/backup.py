"""Backups and restores of the database, and the lock that says a bot is running on it."""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import IO

from storage.migrations import MIGRATIONS

SQLITE_HEADER = b"SQLite format 3\x00"
REQUIRED_TABLES = {"schema_migrations", "tickets", "events", "users"}


class RestoreError(Exception):
    """The snapshot was refused; the database was not touched."""


class BotLock:
    """An exclusive lock on `<database>.lock` held while a bot runs on the database."""

    def __init__(self, database: Path) -> None:
        self._path = database.with_name(database.name + ".lock")
        self._file: IO[str] | None = None

    def acquire(self) -> bool:
        """Take the lock; False if another process holds it."""
        self._path.parent.mkdir(parents=True, exist_ok=True)
        handle = self._path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._file = handle
        return True

    def release(self) -> None:
        """Let go of the lock."""
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None


def check_snapshot(snapshot: Path) -> int:
    """Check that `snapshot` is a sound houqin database; return its schema version."""
    if not snapshot.is_file():
        raise RestoreError(f"{snapshot}: no such file")
    with snapshot.open("rb") as handle:
        if handle.read(16) != SQLITE_HEADER:
            raise RestoreError(f"{snapshot}: not an SQLite database")
    try:
        conn = sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)
        try:
            result = conn.execute("pragma integrity_check").fetchone()[0]
            tables = {r[0] for r in conn.execute("select name from sqlite_master")}
            version = (
                conn.execute("select max(version) from schema_migrations").fetchone()[0]
                if "schema_migrations" in tables
                else None
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise RestoreError(f"{snapshot}: damaged ({exc})") from None
    if result != "ok":
        raise RestoreError(f"{snapshot}: damaged ({result})")
    missing = REQUIRED_TABLES - tables
    if missing or version is None:
        raise RestoreError(f"{snapshot}: not a houqin database (missing {sorted(missing)})")
    if version > len(MIGRATIONS):
        raise RestoreError(f"{snapshot}: made by a newer houqin (schema {version})")
    return int(version)


def restore(snapshot: Path, database: Path) -> Path | None:
    """Put a checked snapshot in place of `database` (the bot must be stopped).

    The current database is kept beside it as `<name>.before-restore-<time>`; that path is
    returned (None if there was no database).
    """
    check_snapshot(snapshot)
    lock = BotLock(database)
    if not lock.acquire():
        raise RestoreError("the bot is running on this database; stop it first")
    try:
        kept = None
        if database.exists():
            stamp = datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
            kept = database.with_name(f"{database.name}.before-restore-{stamp}")
            source = sqlite3.connect(database)
            target = sqlite3.connect(kept)
            try:
                source.backup(target)  # includes what is still in the WAL
            finally:
                target.close()
                source.close()
        incoming = database.with_name(database.name + ".restoring")
        shutil.copyfile(snapshot, incoming)
        for suffix in ("-wal", "-shm"):  # they belong to the old file, never to the snapshot
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        os.replace(incoming, database)
        return kept
    finally:
        lock.release()


NIGHTLY = "houqin-{day}.sqlite3"
KEEP_DAILY = 7  # the last seven nights …
KEEP_WEEKLY = 4  # … and the last four Sundays' before them


def nightly_name(day: date) -> str:
    return NIGHTLY.format(day=day.isoformat())


def to_prune(folder: Path, today: date) -> list[Path]:
    """Return the nightly snapshots to delete: all but the last 7 days' and the 4 Sundays'
    before them (files of other names are never touched)."""
    dated = []
    for path in folder.glob("houqin-*.sqlite3"):
        try:
            dated.append((date.fromisoformat(path.stem.removeprefix("houqin-")), path))
        except ValueError:
            continue
    dated.sort(reverse=True)
    daily = {day for day, _ in dated if (today - day).days < KEEP_DAILY}
    sundays = [day for day, _ in dated if day not in daily and day.weekday() == 6]
    kept = daily | set(sundays[:KEEP_WEEKLY])
    return [path for day, path in dated if day not in kept]
