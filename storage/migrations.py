"""Numbered schema migrations, each applied in one transaction together with its record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import aiosqlite


@dataclass(frozen=True)
class Migration:
    """One schema step: its number, a name, and the statements it runs in order."""

    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "users, tickets, events, pending inputs",
        (
            """
            create table users (
                id integer primary key,          -- the Telegram user id
                name text not null,              -- as Telegram shows it
                username text,
                language_code text,              -- as the user's client reports it
                worker_name text,                -- display name given by an admin
                is_worker integer not null default 0,
                created_at text not null,
                updated_at text not null
            )
            """,
            """
            create table tickets (
                id integer primary key autoincrement,
                reporter_id integer not null references users(id),
                description text not null,
                location text,
                category text not null,
                urgency text not null,
                photo_file_id text,
                status text not null,
                assignee_id integer references users(id),
                version integer not null default 1,
                reopen_count integer not null default 0,
                rating integer,
                last_note text,
                fix_photo_file_id text,
                source_chat_id integer,
                source_message_id integer,
                announce_chat_id integer,
                announce_message_id integer,
                created_at text not null,
                updated_at text not null
            )
            """,
            # A report redelivered by Telegram after a crash must not open a second ticket.
            """
            create unique index tickets_source on tickets(source_chat_id, source_message_id)
            where source_message_id is not null
            """,
            "create index tickets_status on tickets(status, id)",
            "create index tickets_reporter on tickets(reporter_id, id)",
            "create index tickets_assignee on tickets(assignee_id, status, id)",
            """
            create table events (
                id integer primary key autoincrement,
                at text not null,
                actor_id integer,
                action text not null,
                ticket_id integer references tickets(id),
                subject_user_id integer,
                from_status text,
                to_status text,
                note text,
                rating integer
            )
            """,
            "create index events_ticket on events(ticket_id, id)",
            """
            create table pending_inputs (
                user_id integer not null,
                chat_id integer not null,
                kind text not null,
                ticket_id integer,
                version integer,
                data text not null default '{}',
                created_at text not null,
                primary key (user_id, chat_id)
            )
            """,
        ),
    ),
)


async def apply_migrations(conn: aiosqlite.Connection, migrations: Sequence[Migration]) -> None:
    """Apply every migration not yet recorded; a failing one leaves the database as it was."""
    await conn.execute(
        "create table if not exists schema_migrations ("
        " version integer primary key, name text not null, applied_at text not null)"
    )
    async with conn.execute("select version from schema_migrations") as cursor:
        applied = {row[0] for row in await cursor.fetchall()}
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version in applied:
            continue
        await conn.execute("begin immediate")
        try:
            for statement in migration.statements:
                await conn.execute(statement)
            await conn.execute(
                "insert into schema_migrations (version, name, applied_at) values (?, ?, ?)",
                (migration.version, migration.name, datetime.now(UTC).isoformat()),
            )
        except BaseException:
            await conn.rollback()
            raise
        await conn.commit()
