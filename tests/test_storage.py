"""Storage on real SQLite files: migrations, the single writer, the reader, dedupe, indexes."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.domain.model import ACTIVE
from storage import tickets as ticket_store
from storage import users as user_store
from storage.db import Database
from storage.migrations import ACTIVE_SQL, MIGRATIONS, Migration

NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}


def add_user(conn: sqlite3.Connection, user_id: int) -> None:
    user_store.upsert_profile(
        conn, user_id=user_id, name=f"u{user_id}", username=None, language_code=None, now=NOW
    )


async def test_fresh_database_is_migrated_once(db_path: Path) -> None:
    db = await Database.open(db_path)
    await db.close()
    db = await Database.open(db_path)  # a second start applies nothing again
    await db.close()
    with sqlite3.connect(db_path) as conn:
        versions = conn.execute("select version from schema_migrations").fetchall()
        assert versions == [(m.version,) for m in MIGRATIONS]
        assert conn.execute("pragma journal_mode").fetchone() == ("wal",)
    assert {"users", "tickets", "events", "pending_inputs"} <= tables(db_path)


async def test_a_failing_migration_leaves_the_database_unchanged(db_path: Path) -> None:
    db = await Database.open(db_path)
    await db.close()
    before = tables(db_path)
    broken = Migration(
        len(MIGRATIONS) + 1,
        "half-done",
        ("create table new_things (id integer primary key)", "alter table nowhere add x int"),
    )
    with pytest.raises(sqlite3.OperationalError):
        await Database.open(db_path, migrations=(*MIGRATIONS, broken))
    assert tables(db_path) == before
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select max(version) from schema_migrations").fetchone() == (
            len(MIGRATIONS),
        )


async def test_a_failing_transaction_is_rolled_back_and_others_go_on(db_path: Path) -> None:
    db = await Database.open(db_path)

    def half_then_fail(conn: sqlite3.Connection) -> None:
        add_user(conn, 1)
        raise RuntimeError("boom")

    results = await asyncio.gather(
        db.write(half_then_fail), db.write(add_user, 2), return_exceptions=True
    )
    assert isinstance(results[0], RuntimeError) and results[1] is None
    assert await db.read(user_store.get_user, 1) is None
    assert await db.read(user_store.get_user, 2) is not None
    await db.close()


async def test_concurrent_writers_never_interleave(db_path: Path) -> None:
    db = await Database.open(db_path)

    def bump(conn: sqlite3.Connection, user_id: int) -> None:
        add_user(conn, user_id)
        # read-modify-write inside one transaction: lost updates would show in the name
        row = user_store.get_user(conn, 1)
        name = str(int(row.name) + 1) if row and row.name.isdigit() else "1"
        conn.execute("update users set name = ? where id = 1", (name,))

    await db.write(add_user, 1)
    await asyncio.gather(*(db.write(bump, n) for n in range(2, 52)))
    row = await db.read(user_store.get_user, 1)
    assert row is not None and row.name == "50"
    await db.close()


async def test_the_same_source_message_cannot_make_two_tickets(db_path: Path) -> None:
    db = await Database.open(db_path)

    def twice(conn: sqlite3.Connection) -> tuple[int | None, int | None]:
        add_user(conn, 1)
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
        return ticket_store.insert_ticket(conn, **values), ticket_store.insert_ticket(
            conn, **values
        )

    assert await db.write(twice) == (1, None)
    await db.close()


async def test_times_are_stored_as_utc_text(db_path: Path) -> None:
    db = await Database.open(db_path)
    await db.write(add_user, 1)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select created_at from users where id = 1").fetchone() == (
            "2026-11-30T01:00:00+00:00",
        )
    await db.close()


def test_active_statuses_match_the_partial_index() -> None:
    listed = ACTIVE_SQL.split("(")[1].rstrip(")").replace("'", "").split(", ")
    assert set(listed) == {status.value for status in ACTIVE}


@pytest.mark.parametrize(
    ("filter_name", "by", "index"),
    [
        ("active", None, "tickets_active"),
        ("finished", None, "tickets_finished"),
        ("on_hold", None, "tickets_on_hold"),
        ("active", "assignee_id", "tickets_assignee_active"),
        ("all", "reporter_id", "tickets_reporter"),
        ("all", "assignee_id", "tickets_assignee"),
    ],
)
async def test_list_queries_use_their_index(
    db_path: Path, filter_name: str, by: str | None, index: str
) -> None:
    db = await Database.open(db_path)
    await db.close()
    where = [ticket_store.FILTERS[filter_name]]
    params: list[int] = []
    if by:
        where.append(f"t.{by} = ?")
        params.append(1)
    sql = f"{ticket_store._SELECT} where {' and '.join(where)} order by t.id desc limit 11"
    with sqlite3.connect(db_path) as conn:
        plan = " ".join(str(row[-1]) for row in conn.execute(f"explain query plan {sql}", params))
    assert f"USING INDEX {index}" in plan or f"USING COVERING INDEX {index}" in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # no sort of the whole match
