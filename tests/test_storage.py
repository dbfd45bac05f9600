"""Storage on real SQLite files: migrations, the single writer, the reader, dedupe."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage import tickets as ticket_store
from storage import users as user_store
from storage.db import Database
from storage.migrations import MIGRATIONS, Migration

NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}


async def test_fresh_database_is_migrated_once(db_path: Path) -> None:
    db = await Database.open(db_path)
    await db.close()
    db = await Database.open(db_path)  # a second start applies nothing again
    await db.close()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select version from schema_migrations").fetchall() == [(1,)]
        assert conn.execute("pragma journal_mode").fetchone() == ("wal",)
    assert {"users", "tickets", "events", "pending_inputs"} <= tables(db_path)


async def test_a_failing_migration_leaves_the_database_unchanged(db_path: Path) -> None:
    db = await Database.open(db_path)
    await db.close()
    before = tables(db_path)
    broken = Migration(
        2,
        "half-done",
        ("create table new_things (id integer primary key)", "alter table nowhere add x int"),
    )
    with pytest.raises(sqlite3.OperationalError):
        await Database.open(db_path, migrations=(*MIGRATIONS, broken))
    assert tables(db_path) == before
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select max(version) from schema_migrations").fetchone() == (1,)


async def test_rollback_in_one_transaction_does_not_touch_another(db_path: Path) -> None:
    db = await Database.open(db_path)
    started = asyncio.Event()

    async def failing() -> None:
        async with db.transaction() as conn:
            await user_store.upsert_profile(
                conn, user_id=1, name="a", username=None, language_code=None, now=NOW
            )
            started.set()
            await asyncio.sleep(0)
            raise RuntimeError("boom")

    async def succeeding() -> None:
        await started.wait()
        async with db.transaction() as conn:
            await user_store.upsert_profile(
                conn, user_id=2, name="b", username=None, language_code=None, now=NOW
            )

    results = await asyncio.gather(failing(), succeeding(), return_exceptions=True)
    assert isinstance(results[0], RuntimeError) and results[1] is None
    assert await user_store.get_user(db.reader, 1) is None
    assert (await user_store.get_user(db.reader, 2)) is not None
    await db.close()


async def test_the_reader_never_sees_uncommitted_writes(db_path: Path) -> None:
    db = await Database.open(db_path)
    async with db.transaction() as conn:
        await user_store.upsert_profile(
            conn, user_id=1, name="a", username=None, language_code=None, now=NOW
        )
        assert await user_store.get_user(db.reader, 1) is None
    assert await user_store.get_user(db.reader, 1) is not None
    await db.close()


async def test_the_same_source_message_cannot_make_two_tickets(db_path: Path) -> None:
    db = await Database.open(db_path)
    async with db.transaction() as conn:
        await user_store.upsert_profile(
            conn, user_id=1, name="a", username=None, language_code=None, now=NOW
        )
        values = dict(
            reporter_id=1,
            description="灯不亮",
            location="302",
            category="other",
            urgency="normal",
            photo_file_id=None,
            status="open",
            source_chat_id=-5,
            source_message_id=9,
            now=NOW,
        )
        first = await ticket_store.insert_ticket(conn, **values)
        second = await ticket_store.insert_ticket(conn, **values)
    assert (first, second) == (1, None)
    await db.close()


async def test_times_are_stored_as_utc_text(db_path: Path) -> None:
    db = await Database.open(db_path)
    async with db.transaction() as conn:
        await user_store.upsert_profile(
            conn, user_id=1, name="a", username=None, language_code="en", now=NOW
        )
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select created_at from users").fetchone() == (
            "2026-11-30T01:00:00+00:00",
        )
    await db.close()
