"""Repair tickets (报修单): rows, the conditional status update, and the repair-log lists."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bot.domain.model import CheckItem, Status, Ticket, Urgency
from bot.domain.setup import check_item_data, check_item_from
from storage.db import fetch_all, fetch_one, from_db_time, to_db_time
from storage.migrations import ACTIVE_SQL, FINISHED_SQL

_SELECT = (
    "select t.*, coalesce(r.worker_name, r.name) as reporter_name,"
    " coalesce(a.worker_name, a.name) as assignee_name,"
    " coalesce(s.worker_name, s.name) as suggested_name"
    " from tickets t join users r on r.id = t.reporter_id"
    " left join users a on a.id = t.assignee_id"
    " left join users s on s.id = t.suggested_id"
)


def _ticket(row: sqlite3.Row) -> Ticket:
    values: dict[str, Any] = {key: row[key] for key in row.keys()}  # noqa: SIM118
    for key in _TIMES:
        if values.get(key) is not None:
            values[key] = from_db_time(values[key])
    values["status"] = _STATUS[values["status"]]
    values["urgency"] = _URGENCY[values["urgency"]]
    for key in _LISTS:
        values[key] = tuple(json.loads(values.get(key) or "[]"))
    values["checklist"] = tuple(check_item_from(item) for item in values["checklist"])
    values["rooms"] = tuple(tuple(room) for room in values["rooms"])
    return Ticket(**values)


_STATUS = {status.value: status for status in Status}
_URGENCY = {urgency.value: urgency for urgency in Urgency}
# JSON lists in the row
_LISTS = ("called", "photos", "followers", "thanked_by", "checklist", "rooms")
_TIMES = ("created_at", "updated_at", "claim_by", "fix_by", "done_at", "held_at", "next_due_at")


def insert_ticket(
    conn: sqlite3.Connection,
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
    suggested_id: int | None = None,
    location_key: str | None = None,
    claim_by: datetime | None = None,
    fix_by: datetime | None = None,
    called: list[int] = (),  # type: ignore[assignment]
    unknown_name: str = "",
    photos: tuple[str, ...] = (),
    plan: tuple[str, str] | None = None,
    checklist: tuple[CheckItem, ...] = (),
    rooms: tuple[tuple[str, str], ...] = (),
    found_in: int | None = None,
    meeting_id: int | None = None,
) -> int | None:
    """Insert a ticket and return its number; None if this source message (or this plan's
    day, `plan` = (plan key, ISO date)) made one already.
    `called`: who is told of it; their names are kept on the ticket."""
    stamp = to_db_time(now)
    try:
        cursor = conn.execute(
            "insert into tickets (reporter_id, description, location, category, urgency,"
            " photo_file_id, status, source_chat_id, source_message_id, created_at, updated_at,"
            " suggested_id, location_key, claim_by, fix_by, called, photos, plan_key, plan_date,"
            " checklist, rooms, found_in, meeting_id)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                suggested_id,
                location_key,
                _time(claim_by),
                _time(fix_by),
                json.dumps(names_of(conn, called, unknown_name), ensure_ascii=False),
                json.dumps(list(photos)),
                plan[0] if plan else None,
                plan[1] if plan else None,
                json.dumps([check_item_data(item) for item in checklist], ensure_ascii=False),
                json.dumps([list(room) for room in rooms], ensure_ascii=False),
                found_in,
                meeting_id,
            ),
        )
    except sqlite3.IntegrityError:
        if source_message_id is None and plan is None:
            raise
        return None
    return cursor.lastrowid


def names_of(conn: sqlite3.Connection, user_ids: list[int], unknown: str) -> list[str]:
    """Return the names people know these users by, in order (`unknown` for someone who
    never wrote to the bot: a head known only by id)."""
    names = []
    for user_id in user_ids:
        row = fetch_one(
            conn, "select coalesce(worker_name, name) as name from users where id = ?", (user_id,)
        )
        names.append(row["name"] if row else unknown)
    return names


def _time(moment: datetime | None) -> str | None:
    return to_db_time(moment) if moment is not None else None


def get_ticket(conn: sqlite3.Connection, ticket_id: int) -> Ticket | None:
    """Return ticket `ticket_id`, or None."""
    row = fetch_one(conn, f"{_SELECT} where t.id = ?", (ticket_id,))
    return _ticket(row) if row else None


def get_many(conn: sqlite3.Connection, ticket_ids: Iterable[int]) -> dict[int, Ticket]:
    """Return the tickets with these numbers, by number."""
    wanted = sorted(set(ticket_ids))
    found: dict[int, Ticket] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in fetch_all(conn, f"{_SELECT} where t.id in ({marks})", chunk):
            ticket = _ticket(row)
            found[ticket.id] = ticket
    return found


def find_by_source(conn: sqlite3.Connection, chat_id: int, message_id: int) -> Ticket | None:
    """Return the ticket made from this chat message, if any."""
    row = fetch_one(
        conn,
        f"{_SELECT} where t.source_chat_id = ? and t.source_message_id = ?",
        (chat_id, message_id),
    )
    return _ticket(row) if row else None


def update_ticket(
    conn: sqlite3.Connection,
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
    values = [_column_value(changes[c]) for c in columns]
    cursor = conn.execute(
        f"update tickets set version = version + 1, updated_at = ?{assignments}"
        " where id = ? and version = ?",
        (to_db_time(now), *values, ticket_id, expected_version),
    )
    return cursor.rowcount == 1


def _column_value(value: Any) -> Any:
    """A moment is stored as text, a list (followers, thanks) as JSON."""
    if isinstance(value, datetime):
        return _time(value)
    if isinstance(value, tuple | list):
        return json.dumps(list(value), ensure_ascii=False)
    return value


def set_announcement(
    conn: sqlite3.Connection, *, ticket_id: int, chat_id: int, message_id: int
) -> None:
    """Remember which chat message announces the ticket, so it can be edited in place."""
    conn.execute(
        "update tickets set announce_chat_id = ?, announce_message_id = ? where id = ?",
        (chat_id, message_id, ticket_id),
    )


def clear_announcement(conn: sqlite3.Connection, ticket_id: int) -> None:
    """Forget the ticket's card message (it was deleted from the chat)."""
    conn.execute(
        "update tickets set announce_chat_id = null, announce_message_id = null where id = ?",
        (ticket_id,),
    )


# Named filters only: each is a partial index's own condition, or served by an index.
FILTERS: dict[str, str] = {
    "all": "1",
    "active": f"t.{ACTIVE_SQL}",
    "on_hold": "t.status = 'on_hold'",
    "finished": f"t.{FINISHED_SQL}",
    "planned": "t.plan_key is not null",
}


def list_tickets(
    conn: sqlite3.Connection,
    *,
    filter_name: str = "all",
    reporter_id: int | None = None,
    assignee_id: int | None = None,
    before_id: int | None = None,
    after_id: int | None = None,
    limit: int,
) -> list[Ticket]:
    """Return up to `limit` tickets, newest first, paged by ticket number (keyset paging)."""
    where = [FILTERS[filter_name]]
    params: list[Any] = []
    for clause, value in (
        ("t.reporter_id = ?", reporter_id),
        ("t.assignee_id = ?", assignee_id),
        ("t.id < ?", before_id),
        ("t.id > ?", after_id),
    ):
        if value is not None:
            where.append(clause)
            params.append(value)
    # Paging towards newer tickets reads upwards from the anchor, then turns the page round.
    order = "asc" if after_id is not None else "desc"
    rows = fetch_all(
        conn,
        f"{_SELECT} where {' and '.join(where)} order by t.id {order} limit ?",
        (*params, limit),
    )
    return sorted((_ticket(row) for row in rows), key=lambda t: t.id, reverse=True)


def list_involving(
    conn: sqlite3.Connection,
    *,
    user_id: int,
    before_id: int | None = None,
    after_id: int | None = None,
    limit: int,
) -> list[Ticket]:
    """Return tickets the user reported or handles, newest first (two indexed reads merged)."""
    paging = {"before_id": before_id, "after_id": after_id, "limit": limit}
    reported = list_tickets(conn, reporter_id=user_id, **paging)
    handled = list_tickets(conn, assignee_id=user_id, **paging)
    merged = {ticket.id: ticket for ticket in (*reported, *handled)}
    newest_first = sorted(merged.values(), key=lambda t: t.id, reverse=True)
    # Moving towards newer tickets, the page is the `limit` just above the anchor.
    return newest_first[-limit:] if after_id is not None else newest_first[:limit]


def open_at(
    conn: sqlite3.Connection, location_key: str, category: str, *, limit: int = 3
) -> list[Ticket]:
    """Return the unfinished tickets of one place and category, newest first ("is it #12?")."""
    rows = fetch_all(
        conn,
        f"{_SELECT} where t.location_key = ? and t.category = ? and t.{ACTIVE_SQL}"
        " order by t.id desc limit ?",
        (location_key, category, limit),
    )
    return [_ticket(row) for row in rows]


def find_by_announcement(conn: sqlite3.Connection, chat_id: int, message_id: int) -> Ticket | None:
    """Return the ticket whose card is this chat message, if any."""
    row = fetch_one(
        conn,
        f"{_SELECT} where t.announce_chat_id = ? and t.announce_message_id = ?",
        (chat_id, message_id),
    )
    return _ticket(row) if row else None


def open_in(
    conn: sqlite3.Connection, categories: list[str], *, limit: int, planned: bool = True
) -> list[Ticket]:
    """Return unclaimed tickets of these categories, oldest first (`planned`: with planned
    tasks, which otherwise come with their own call on their day)."""
    marks = ", ".join("?" for _ in categories)
    reports_only = "" if planned else " and t.plan_key is null"
    rows = fetch_all(
        conn,
        f"{_SELECT} where t.{ACTIVE_SQL} and t.status = 'open' and t.category in ({marks})"
        f"{reports_only} order by t.id limit ?",
        (*categories, limit),
    )
    return [_ticket(row) for row in rows]


def due_tickets(conn: sqlite3.Connection, now: datetime, *, limit: int) -> list[Ticket]:
    """Return tickets the sweep has something due for, oldest due first (indexed)."""
    rows = fetch_all(
        conn,
        f"{_SELECT} where t.next_due_at is not null and t.next_due_at <= ?"
        " order by t.next_due_at limit ?",
        (to_db_time(now), limit),
    )
    return [_ticket(row) for row in rows]


def set_next_due(conn: sqlite3.Connection, due: dict[int, datetime | None]) -> None:
    """Store when the sweep next has something to do for each ticket (no version bump:
    bookkeeping, not a change anyone sees)."""
    conn.executemany(
        "update tickets set next_due_at = ? where id = ?",
        [(_time(moment), ticket_id) for ticket_id, moment in due.items()],
    )


def summary_counts(
    conn: sqlite3.Connection, *, fixed_from: datetime, fixed_to: datetime, late_at: datetime
) -> dict[str, int]:
    """Return the day's repair-log figures: still open, of those late (not claimed by its
    claim-by, or not fixed by its fix-by), fixed in the window."""
    row = fetch_one(
        conn,
        f"select count(*) as open, coalesce(sum({LATE_SQL}), 0) as late from tickets t"
        f" where t.{ACTIVE_SQL}",
        {"now": to_db_time(late_at)},
    )
    fixed = fetch_one(
        conn,
        "select count(*) as fixed from tickets where done_at >= ? and done_at < ?",
        (to_db_time(fixed_from), to_db_time(fixed_to)),
    )
    assert row is not None and fixed is not None
    return {"open": row["open"], "late": row["late"], "fixed": fixed["fixed"]}


LATE_SQL = (
    "(t.status = 'open' and t.claim_by < :now) or (t.status = 'claimed' and t.fix_by < :now)"
)


def late_tickets(conn: sqlite3.Connection, now: datetime, *, limit: int) -> list[Ticket]:
    """Return the late tickets, the longest late first."""
    rows = fetch_all(
        conn,
        f"{_SELECT} where t.{ACTIVE_SQL} and ({LATE_SQL})"
        " order by case t.status when 'open' then t.claim_by else t.fix_by end limit :limit",
        {"now": to_db_time(now), "limit": limit},
    )
    return [_ticket(row) for row in rows]


def week_rows(conn: sqlite3.Connection, start: datetime, stop: datetime) -> list[sqlite3.Row]:
    """Return, per ticket opened or fixed in [start, stop): its category and 0/1 flags for
    opened, fixed and fixed late."""
    a, b = to_db_time(start), to_db_time(stop)
    return fetch_all(
        conn,
        "select category,"
        " (created_at >= :a and created_at < :b) as opened,"
        " coalesce(done_at >= :a and done_at < :b, 0) as fixed,"
        " coalesce(done_at >= :a and done_at < :b and done_at > fix_by, 0) as late"
        " from tickets where (created_at >= :a and created_at < :b)"
        " or (done_at >= :a and done_at < :b)",
        {"a": a, "b": b},
    )


def of_meeting(conn: sqlite3.Connection, meeting_id: int) -> list[Ticket]:
    """Return a meeting's tasks, in the order they are due."""
    rows = fetch_all(
        conn, f"{_SELECT} where t.meeting_id = ? order by t.fix_by, t.id", (meeting_id,)
    )
    return [_ticket(row) for row in rows]


def meeting_tasks_between(conn: sqlite3.Connection, first: str, last: str) -> list[Ticket]:
    """Return the tasks of the meetings on days first..last (ISO dates)."""
    rows = fetch_all(
        conn,
        f"{_SELECT} where t.meeting_id is not null and t.plan_date >= ? and t.plan_date <= ?"
        " order by t.id",
        (first, last),
    )
    return [_ticket(row) for row in rows]
