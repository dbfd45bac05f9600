"""Numbered schema migrations, each applied in one transaction together with its record."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Migration:
    """One schema step: its number, a name, and the statements it runs in order."""

    version: int
    name: str
    statements: tuple[str, ...]


# Partial-index conditions. A query uses such an index only when its WHERE clause carries the
# same term, so storage/tickets.py builds its list filters from these very strings.
ACTIVE_SQL = "status in ('open', 'claimed', 'on_hold', 'done')"
FINISHED_SQL = "status in ('closed', 'cancelled')"

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
            # The repair-log lists read newest first from these, never the whole table.
            "create index tickets_on_hold on tickets(id) where status = 'on_hold'",
            "create index tickets_reporter on tickets(reporter_id, id)",
            "create index tickets_assignee on tickets(assignee_id, id)",
            f"create index tickets_active on tickets(id) where {ACTIVE_SQL}",
            f"create index tickets_assignee_active on tickets(assignee_id, id) where {ACTIVE_SQL}",
            f"create index tickets_finished on tickets(id) where {FINISHED_SQL}",
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
    Migration(
        2,
        "posts, categories, locations, staff posts, duty roster, holidays; ticket routing",
        (
            """
            create table posts (
                key text primary key,
                name text not null,
                name_en text,
                standard text not null default '',
                responsibilities text not null default '[]',   -- JSON list
                time_limits text not null default '{}',        -- JSON {urgency: {claim, fix}}
                position integer not null default 0,
                active integer not null default 1
            )
            """,
            """
            create table categories (
                key text primary key,
                name text not null,
                name_en text,
                post_key text,
                keywords text not null default '[]',           -- JSON list
                position integer not null default 0,
                active integer not null default 1
            )
            """,
            """
            create table locations (
                building text primary key,
                aliases text not null default '[]',            -- JSON list
                rooms text not null default '[]',              -- JSON list
                position integer not null default 0,
                active integer not null default 1
            )
            """,
            """
            create table post_members (
                post_key text not null,
                user_id integer not null references users(id),
                active integer not null default 1,
                primary key (post_key, user_id)
            )
            """,
            # One table for the plan: weekly shifts (weekday), single-date overrides (on_date)
            # and the holiday duty (holiday = 1). It is a plan, not history: replaced freely.
            """
            create table duty_shifts (
                id integer primary key autoincrement,
                post_key text not null,
                user_id integer not null references users(id),
                weekday integer,
                on_date text,
                holiday integer not null default 0,
                starts text not null,
                ends text not null,
                note text
            )
            """,
            "create table holidays (on_date text primary key, name text not null)",
            "create table school_settings (key text primary key, value text not null)",
            "alter table tickets add column suggested_id integer references users(id)",
            "alter table tickets add column location_key text",
            # The categories every school starts with; a school.yaml import adds keywords.
            """
            insert into categories (key, name, name_en, position) values
                ('electrical', '电路照明', 'Electrical', 1),
                ('plumbing', '水暖', 'Plumbing', 2),
                ('carpentry', '门窗桌椅', 'Carpentry', 3),
                ('av_network', '电教网络', 'AV & network', 4),
                ('cleaning', '保洁', 'Cleaning', 5),
                ('grounds', '绿化', 'Grounds', 6),
                ('other', '其他', 'Other', 99)
            """,
        ),
    ),
    Migration(
        3,
        "deadlines, reminder bookkeeping, muting the morning list",
        (
            "alter table tickets add column claim_by text",
            "alter table tickets add column fix_by text",
            "alter table tickets add column done_at text",
            "alter table tickets add column held_at text",
            # When the sweep next has something to do for this ticket; null when nothing.
            "alter table tickets add column next_due_at text",
            """
            create index tickets_next_due on tickets(next_due_at)
            where next_due_at is not null
            """,
            # A reminder is recorded only after Telegram accepted it: sent once, never lost.
            """
            create table reminders_sent (
                key text primary key,
                sent_at text not null
            )
            """,
            "alter table users add column remind_morning integer not null default 1",
            # The daily summary counts yesterday's fixes without reading every ticket.
            "create index tickets_done_at on tickets(done_at) where done_at is not null",
            # Statistics and exports read a period's events.
            "create index events_at on events(at)",
            # The fix-by in force after each change: on time or late is judged from history.
            "alter table events add column fix_by text",
        ),
    ),
    Migration(
        4,
        "structured history: the field an event changed, from what, to what; time on hold",
        (
            "alter table events add column field text",
            "alter table events add column old_value text",
            "alter table events add column new_value text",
            "alter table events add column minutes integer",
            # Notes that views used to parse back ("other → carpentry", "paused:240",
            # "confirmed by default") become fields; the note keeps only what people wrote.
            """
            update events set
                field = case action when 'recategorize' then 'category' else 'urgency' end,
                old_value = substr(note, 1, instr(note, ' → ') - 1),
                new_value = substr(note, instr(note, ' → ') + 3),
                note = null
            where action in ('recategorize', 'set_urgency') and instr(note, ' → ') > 0
            """,
            """
            update events set minutes = cast(substr(note, 8) as integer), note = null
            where action = 'resume' and note like 'paused:%'
            """,
            "update events set note = null where action = 'auto_confirm'",
        ),
    ),
    Migration(
        5,
        "outbox (what the bot owes the chats), inbox (updates fetched, not yet handled)",
        (
            # Committed with the change that owes it, sent by one sender at Telegram's pace.
            # A card row says "ticket N's public card must show its current state": several
            # changes fold into one row (the generation counts them), rendered when sent.
            # A notice tells one person about a ticket, rendered when sent in their language.
            # A message is already rendered (a reply in a group, a reminder).
            """
            create table outbox (
                id integer primary key autoincrement,
                kind text not null,                 -- card | notice | message | refresh
                chat_id integer,                    -- null for a card: the ticket's own chat
                ticket_id integer references tickets(id),
                message_id integer,                 -- a refresh: the message to bring up to date
                payload text not null default '{}', -- JSON: what to say
                generation integer not null default 1,
                attempts integer not null default 0,
                not_before text not null,
                last_error text,
                created_at text not null
            )
            """,
            "create unique index outbox_card on outbox(ticket_id) where kind = 'card'",
            """
            create unique index outbox_refresh on outbox(chat_id, message_id)
            where kind = 'refresh'
            """,
            "create index outbox_due on outbox(not_before, id)",
            # What was given up on (Telegram refused it for good), kept for the head to read.
            """
            create table outbox_failed (
                id integer primary key,
                kind text not null,
                chat_id integer,
                ticket_id integer,
                payload text not null,
                attempts integer not null,
                error text not null,
                failed_at text not null
            )
            """,
            # Where each ticket is shown besides its card: a digest in the group (several new
            # tickets in one message, in a storm), a private ping or notice. When the ticket
            # moves, each is brought up to date (the Claim button gone, who has it now).
            """
            create table shown (
                chat_id integer not null,
                message_id integer not null,
                ticket_id integer not null,
                position integer not null default 0,  -- the order in a message of several
                payload text not null default '{}',   -- JSON: what the message said
                primary key (chat_id, message_id, ticket_id)
            )
            """,
            "create index shown_ticket on shown(ticket_id)",
            # Updates fetched from Telegram are kept until handled: a kill -9 loses none.
            """
            create table inbox (
                update_id integer primary key,
                body text not null,                 -- the update as Telegram sent it
                received_at text not null,
                handled_at text                     -- kept a while, so a redelivery is ignored
            )
            """,
            "create index inbox_waiting on inbox(update_id) where handled_at is null",
            # Tickets saved before this release but never announced get their card now.
            f"""
            insert into outbox (kind, ticket_id, not_before, created_at)
            select 'card', id, created_at, created_at from tickets
            where announce_message_id is null and {ACTIVE_SQL}
            """,
        ),
    ),
    Migration(
        6,
        "who was called about a ticket when it was reported",
        ("alter table tickets add column called text not null default '[]'",),
    ),
    Migration(
        7,
        "reports as people make them: albums, followers of a ticket, thanks",
        (
            # JSON lists: every photo of the report; who else reported it; who thanked.
            "alter table tickets add column photos text not null default '[]'",
            "alter table tickets add column followers text not null default '[]'",
            "alter table tickets add column thanked_by text not null default '[]'",
            "update tickets set photos = json_array(photo_file_id)"
            " where photo_file_id is not null",
            # "Is it #12?": the open tickets of one place and category, found by index.
            f"create index tickets_place on tickets(location_key, category) where {ACTIVE_SQL}",
            # A half-filled report form of the release before becomes a draft.
            """
            update pending_inputs set kind = 'draft', data = json_object(
                'description', coalesce(json_extract(data, '$.description'), ''),
                'photos', case when json_extract(data, '$.photo') is null then json('[]')
                          else json_array(json_extract(data, '$.photo')) end,
                'place_text', json_extract(data, '$.location'),
                'category', json_extract(data, '$.category'),
                'awaiting', case when json_extract(data, '$.description') is null
                            then 'what' else '' end)
            where kind = 'report'
            """,
            # A reply to a card in the group names the ticket by its card.
            "create index tickets_card on tickets(announce_chat_id, announce_message_id)"
            " where announce_message_id is not null",
        ),
    ),
    Migration(
        8,
        "plans and inspections, the term plan, make-up working days",
        (
            # Recurring planned work, as the set-up says (replaced by an import, like posts).
            """
            create table plans (
                key text primary key,
                position integer not null,
                data text not null,                 -- JSON: the plan as school.yaml has it
                active integer not null default 1
            )
            """,
            # How far each plan's tasks have been made: kept apart from the plan, so a
            # re-import or a pause never makes a day's task twice.
            """
            create table plan_progress (
                plan_key text primary key,
                created_through text not null       -- the last day whose task exists
            )
            """,
            # Days the school works though it would not (调休), and whose weekday they keep.
            """
            create table workdays (
                on_date text primary key,
                name text not null,
                like_weekday integer not null default 0
            )
            """,
            """
            create table term_items (
                key text primary key,
                position integer not null,
                data text not null,                 -- JSON: term, title, due, owner, note
                done_at text,
                done_by integer references users(id)
            )
            """,
            "alter table tickets add column plan_key text",
            "alter table tickets add column plan_date text",
            "alter table tickets add column checklist text not null default '[]'",
            "alter table tickets add column rooms text not null default '[]'",
            "alter table tickets add column found_in integer references tickets(id)",
            # One task per plan and day, whatever happens to the process or the set-up.
            "create unique index tickets_plan on tickets(plan_key, plan_date)"
            " where plan_key is not null",
            "create index tickets_found_in on tickets(found_in) where found_in is not null",
            # Each point of an inspection, as checked: one row per room and item.
            """
            create table inspection_results (
                ticket_id integer not null references tickets(id),
                room_key text not null,             -- '' for a task with no room
                item integer not null,              -- its position in the checklist
                result text not null,               -- ok | fail | na
                value real,                         -- a number read, if the item asks one
                note text,
                photo text,
                repair_id integer references tickets(id),  -- the repair a fault opened
                at text not null,
                by_id integer references users(id),
                primary key (ticket_id, room_key, item)
            )
            """,
            # Planned tasks are filed by the plan itself: a reporter row nobody logs in as.
            """
            insert or ignore into users (id, name, created_at, updated_at)
            values (0, '后勤计划', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')
            """,
        ),
    ),
    Migration(
        9,
        "meetings and visits (会务, 接待), their tasks and sign-ins",
        (
            """
            create table meetings (
                id integer primary key autoincrement,
                kind text not null,                 -- meeting | visit
                title text not null,
                organiser_id integer not null references users(id),
                day text not null,                  -- ISO date
                starts text not null,               -- HH:MM, school time
                ends text not null,
                room_key text,                      -- a known place, or null
                room text not null,
                people integer not null,
                needs text not null default '[]',   -- JSON: sound, projector, …
                layout text not null default 'none',
                note text not null default '',
                guests text not null default '',    -- a visit: who is coming
                reception text not null default '', -- a visit: tea | meal
                cost real,                          -- a visit: what it cost, once known
                status text not null,               -- requested | approved | rejected | cancelled
                signin_chat integer,                -- where its sign-in was posted
                version integer not null default 1,
                created_at text not null,
                updated_at text not null
            )
            """,
            "create index meetings_day on meetings(day, starts)",
            "alter table tickets add column meeting_id integer references meetings(id)",
            "create index tickets_meeting on tickets(meeting_id) where meeting_id is not null",
            """
            create table meeting_signins (
                meeting_id integer not null references meetings(id),
                user_id integer not null,
                name text not null,
                at text not null,
                primary key (meeting_id, user_id)
            )
            """,
        ),
    ),
    Migration(
        10,
        "written rules with their versions, responsibility letters, damage settlements",
        (
            """
            create table rules (
                seq integer primary key autoincrement,  -- the order versions were loaded
                key text not null,
                version text not null,
                title text not null,
                on_date text not null,
                body text not null,
                loaded_at text not null,
                unique (key, version)
            )
            """,
            # 责任状: a holder signed this post's standard (its hash) on that day.
            """
            create table post_signatures (
                post_key text not null,
                user_id integer not null references users(id),
                standard text not null,
                at text not null,
                primary key (post_key, user_id, standard)
            )
            """,
            # 公物损坏赔偿: a repair's cause and, when someone is answerable, the settlement.
            """
            create table damage (
                ticket_id integer primary key references tickets(id),
                cause text not null,        -- wear | poor_care | by_person | deliberate | unknown
                class_name text,            -- a class (三年级2班), or null
                person text,                -- or a person, or null
                item text,                  -- from the price list, or null (the worker's cost)
                quantity real,
                proposed real,              -- the amount the rule gives, yuan
                amount real,                -- the amount the head confirmed
                status text not null,       -- none | proposed | confirmed | paid | waived
                reason text,                -- why it was changed or waived
                set_by integer references users(id),
                decided_by integer references users(id),
                at text not null,
                updated_at text not null
            )
            """,
            "create index damage_class on damage(class_name) where class_name is not null",
        ),
    ),
    Migration(
        11,
        "meter readings (水电管理): every reading kept, corrections too",
        (
            """
            create table readings (
                id integer primary key autoincrement,
                meter_key text not null,
                at text not null,                   -- when it was read
                value real not null,                -- what the dial showed
                use real,                           -- since the reading before (rollover counted)
                ticket_id integer references tickets(id),  -- the reading round it closed
                by_id integer references users(id),
                flags text not null default '[]',   -- JSON: rollover, high, missed, closed_high
                corrects integer references readings(id),  -- a correction of that reading
                status text not null default 'ok'   -- ok | corrected (a later row replaced it)
            )
            """,
            "create index readings_meter on readings(meter_key, at) where status = 'ok'",
        ),
    ),
)


def apply_migrations(conn: sqlite3.Connection, migrations: Sequence[Migration]) -> None:
    """Apply every migration not yet recorded; a failing one leaves the database as it was."""
    conn.execute(
        "create table if not exists schema_migrations ("
        " version integer primary key, name text not null, applied_at text not null)"
    )
    applied = {row[0] for row in conn.execute("select version from schema_migrations")}
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version in applied:
            continue
        conn.execute("begin immediate")
        try:
            for statement in migration.statements:
                conn.execute(statement)
            conn.execute(
                "insert into schema_migrations (version, name, applied_at) values (?, ?, ?)",
                (migration.version, migration.name, datetime.now(UTC).isoformat()),
            )
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
