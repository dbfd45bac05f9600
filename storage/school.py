"""The school's set-up tables: read them as one `Setup`, or make them equal to one."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, time

from bot.domain.setup import (
    Calendar,
    CategoryDef,
    DamageRules,
    Location,
    MeetingRules,
    Post,
    Reminders,
    Setup,
    Shift,
    Staff,
    TermItem,
    TimeLimit,
    WorkDay,
    calendar_data,
    calendar_from_data,
    damage_rules_data,
    damage_rules_from,
    meeting_rules_data,
    meeting_rules_from,
    meter_data,
    meter_from,
    plan_data,
    plan_from,
    reminders_data,
    reminders_from_data,
    room_data,
    room_from_data,
    shift_order,
)
from storage.db import fetch_all
from storage.users import set_worker


def load_setup(conn: sqlite3.Connection) -> Setup:
    """Read the active set-up, in the order it was written."""
    posts = tuple(
        Post(
            key=row["key"],
            name=row["name"],
            name_en=row["name_en"],
            standard=row["standard"],
            responsibilities=tuple(json.loads(row["responsibilities"])),
            time_limits={
                urgency: TimeLimit(**limits)
                for urgency, limits in json.loads(row["time_limits"]).items()
            },
        )
        for row in fetch_all(conn, "select * from posts where active = 1 order by position, key")
    )
    categories = []
    retired = {}
    for row in fetch_all(conn, "select * from categories order by position, key"):
        category = CategoryDef(
            key=row["key"],
            name=row["name"],
            name_en=row["name_en"],
            post_key=row["post_key"],
            keywords=tuple(json.loads(row["keywords"])),
        )
        if row["active"]:
            categories.append(category)
        else:
            retired[category.key] = category
    locations = tuple(
        Location(
            row["building"],
            tuple(json.loads(row["aliases"])),
            tuple(room_from_data(room) for room in json.loads(row["rooms"])),
        )
        for row in fetch_all(
            conn, "select * from locations where active = 1 order by position, building"
        )
    )
    post_order = {post.key: index for index, post in enumerate(posts)}
    members: dict[int, list[str]] = {}
    for row in fetch_all(conn, "select post_key, user_id from post_members where active = 1"):
        if row["post_key"] in post_order:
            members.setdefault(row["user_id"], []).append(row["post_key"])
    staff = tuple(
        Staff(
            name=row["name"],
            user_id=row["id"],
            posts=tuple(sorted(members.get(row["id"], []), key=post_order.__getitem__)),
        )
        for row in fetch_all(
            conn,
            "select id, coalesce(worker_name, name) as name from users where is_worker = 1"
            " order by id",
        )
    )
    shifts = tuple(
        sorted(
            (
                Shift(
                    post_key=row["post_key"],
                    user_id=row["user_id"],
                    starts=time.fromisoformat(row["starts"]),
                    ends=time.fromisoformat(row["ends"]),
                    weekday=row["weekday"],
                    on_date=date.fromisoformat(row["on_date"]) if row["on_date"] else None,
                    holiday=bool(row["holiday"]),
                    note=row["note"],
                )
                for row in fetch_all(conn, "select * from duty_shifts")
            ),
            key=lambda s: shift_order(s, post_order),
        )
    )
    holidays = {
        date.fromisoformat(row["on_date"]): row["name"]
        for row in fetch_all(conn, "select * from holidays order by on_date")
    }
    workdays = {
        date.fromisoformat(row["on_date"]): WorkDay(row["name"], row["like_weekday"])
        for row in fetch_all(conn, "select * from workdays order by on_date")
    }
    plans = tuple(
        plan_from(json.loads(row["data"]))
        for row in fetch_all(conn, "select data from plans where active = 1 order by position")
    )
    term_plan = tuple(
        term_item_from(json.loads(row["data"]))
        for row in fetch_all(conn, "select data from term_items order by position")
    )
    settings = {
        row["key"]: row["value"] for row in fetch_all(conn, "select * from school_settings")
    }
    calendar = settings.get("calendar")
    reminders = settings.get("reminders")
    meetings = settings.get("meetings")
    damage = settings.get("damage")
    meters = settings.get("meters")
    return Setup(
        school_name=settings.get("name", ""),
        calendar=calendar_from_data(json.loads(calendar)) if calendar else Calendar(),
        reminders=reminders_from_data(json.loads(reminders)) if reminders else Reminders(),
        posts=posts,
        categories=tuple(categories),
        locations=locations,
        staff=staff,
        shifts=shifts,
        holidays=holidays,
        workdays=workdays,
        plans=plans,
        term_plan=term_plan,
        meetings=meeting_rules_from(json.loads(meetings)) if meetings else MeetingRules(),
        damage=damage_rules_from(json.loads(damage)) if damage else DamageRules(),
        meters=tuple(meter_from(m) for m in json.loads(meters)) if meters else (),
        pupils=int(settings.get("pupils", "0")),
        retired_categories=retired,
    )


def revision(conn: sqlite3.Connection) -> int:
    """Return the set-up's revision, raised by every change (from any process)."""
    row = conn.execute("select value from school_settings where key = 'revision'").fetchone()
    return int(row[0]) if row else 0


def bump_revision(conn: sqlite3.Connection) -> None:
    """Raise the set-up's revision: every process holding the set-up reads it again."""
    conn.execute(
        "insert into school_settings (key, value) values ('revision', '1')"
        " on conflict (key) do update set value = cast(value as integer) + 1"
    )


def replace_setup(conn: sqlite3.Connection, current: Setup, new: Setup, *, now: datetime) -> str:
    """Make the tables hold `new`: upsert what it has, deactivate what it dropped.

    Posts, categories, places and staff are deactivated, never deleted, so history keeps its
    names. The roster and holidays are a plan, not history: they are replaced.
    Returns a one-line summary of what changed.
    """
    changes: list[str] = []
    bump_revision(conn)
    conn.executemany(
        "insert into school_settings (key, value) values (?, ?)"
        " on conflict (key) do update set value = excluded.value",
        [
            ("name", new.school_name),
            ("calendar", _json(calendar_data(new.calendar))),
            ("reminders", _json(reminders_data(new.reminders))),
            ("meetings", _json(meeting_rules_data(new.meetings))),
            ("damage", _json(damage_rules_data(new.damage))),
            ("meters", _json([meter_data(m) for m in new.meters])),
            ("pupils", str(new.pupils)),
        ],
    )
    _replace_posts(conn, new)
    _replace_categories(conn, new)
    _replace_locations(conn, new)
    _replace_staff(conn, current, new, now)
    conn.execute("delete from duty_shifts")
    conn.executemany(
        "insert into duty_shifts (post_key, user_id, weekday, on_date, holiday, starts, ends,"
        " note) values (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                s.post_key,
                s.user_id,
                s.weekday,
                s.on_date.isoformat() if s.on_date else None,
                int(s.holiday),
                s.starts.isoformat("minutes"),
                s.ends.isoformat("minutes"),
                s.note,
            )
            for s in new.shifts
        ],
    )
    conn.execute("delete from holidays")
    conn.executemany(
        "insert into holidays (on_date, name) values (?, ?)",
        [(day.isoformat(), name) for day, name in new.holidays.items()],
    )
    conn.execute("delete from workdays")
    conn.executemany(
        "insert into workdays (on_date, name, like_weekday) values (?, ?, ?)",
        [(day.isoformat(), work.name, work.like) for day, work in new.workdays.items()],
    )
    _replace_plans(conn, new)
    for label, before, after in (
        ("posts", current.posts, new.posts),
        ("categories", current.categories, new.categories),
        ("locations", current.locations, new.locations),
        ("staff", current.staff, new.staff),
        ("shifts", current.shifts, new.shifts),
    ):
        if before != after:
            changes.append(f"{label} {len(before)}→{len(after)}")
    for label, was, now_is in (
        ("holidays", current.holidays, new.holidays),
        ("workdays", current.workdays, new.workdays),
        ("plans", current.plans, new.plans),
        ("term plan", current.term_plan, new.term_plan),
    ):
        if was != now_is:
            changes.append(f"{label} {len(was)}→{len(now_is)}")
    if current.school_name != new.school_name:
        changes.append("school name")
    if current.calendar != new.calendar:
        changes.append("calendar")
    if current.reminders != new.reminders:
        changes.append("reminders")
    if current.meetings != new.meetings:
        changes.append("meeting rules")
    if current.damage != new.damage:
        changes.append("compensation rule")
    if current.meters != new.meters:
        changes.append(f"meters {len(current.meters)}→{len(new.meters)}")
    return "; ".join(changes) or "reordered"


def _replace_plans(conn: sqlite3.Connection, new: Setup) -> None:
    """Plans are upserted and deactivated (their tasks name them); term items are upserted,
    and their done marks kept: an import does not undo what was done."""
    conn.execute("update plans set active = 0")
    conn.executemany(
        "insert into plans (key, position, data, active) values (?, ?, ?, 1)"
        " on conflict (key) do update set position = excluded.position, data = excluded.data,"
        " active = 1",
        [(plan.key, i, _json(plan_data(plan))) for i, plan in enumerate(new.plans)],
    )
    keys = [item.key for item in new.term_plan]
    marks = ", ".join("?" for _ in keys)
    conn.execute(f"delete from term_items where key not in ({marks})", keys)
    conn.executemany(
        "insert into term_items (key, position, data) values (?, ?, ?)"
        " on conflict (key) do update set position = excluded.position, data = excluded.data",
        [(item.key, i, _json(term_item_data(item))) for i, item in enumerate(new.term_plan)],
    )


def term_item_data(item: TermItem) -> dict[str, str]:
    """Return a term-plan item as plain data (school.yaml's `term_plan:` entries)."""
    data = {
        "key": item.key,
        "term": item.term,
        "title": item.title,
        "due": item.due.isoformat(),
        "owner": item.owner,
        "note": item.note,
    }
    return {key: value for key, value in data.items() if value}


def term_item_from(data: dict[str, str]) -> TermItem:
    """Read what `term_item_data` wrote."""
    return TermItem(
        key=data["key"],
        term=data["term"],
        title=data["title"],
        due=date.fromisoformat(data["due"]),
        owner=data["owner"],
        note=data.get("note", ""),
    )


def _replace_posts(conn: sqlite3.Connection, new: Setup) -> None:
    conn.execute("update posts set active = 0")
    conn.executemany(
        "insert into posts (key, name, name_en, standard, responsibilities, time_limits,"
        " position, active) values (?, ?, ?, ?, ?, ?, ?, 1)"
        " on conflict (key) do update set name = excluded.name, name_en = excluded.name_en,"
        " standard = excluded.standard, responsibilities = excluded.responsibilities,"
        " time_limits = excluded.time_limits, position = excluded.position, active = 1",
        [
            (
                p.key,
                p.name,
                p.name_en,
                p.standard,
                _json(list(p.responsibilities)),
                _json({u: {"claim": t.claim, "fix": t.fix} for u, t in p.time_limits.items()}),
                index,
            )
            for index, p in enumerate(new.posts)
        ],
    )


def _replace_categories(conn: sqlite3.Connection, new: Setup) -> None:
    conn.execute("update categories set active = 0")
    conn.executemany(
        "insert into categories (key, name, name_en, post_key, keywords, position, active)"
        " values (?, ?, ?, ?, ?, ?, 1)"
        " on conflict (key) do update set name = excluded.name, name_en = excluded.name_en,"
        " post_key = excluded.post_key, keywords = excluded.keywords,"
        " position = excluded.position, active = 1",
        [
            (c.key, c.name, c.name_en, c.post_key, _json(list(c.keywords)), index)
            for index, c in enumerate(new.categories)
        ],
    )


def _replace_locations(conn: sqlite3.Connection, new: Setup) -> None:
    conn.execute("update locations set active = 0")
    conn.executemany(
        "insert into locations (building, aliases, rooms, position, active)"
        " values (?, ?, ?, ?, 1)"
        " on conflict (building) do update set aliases = excluded.aliases,"
        " rooms = excluded.rooms, position = excluded.position, active = 1",
        [
            (
                loc.building,
                _json(list(loc.aliases)),
                _json([room_data(room) for room in loc.rooms]),
                index,
            )
            for index, loc in enumerate(new.locations)
        ],
    )


def _replace_staff(conn: sqlite3.Connection, current: Setup, new: Setup, now: datetime) -> None:
    kept = {member.user_id for member in new.staff}
    for member in current.staff:
        if member.user_id not in kept:
            set_worker(conn, user_id=member.user_id, is_worker=False, worker_name=None, now=now)
    conn.execute("update post_members set active = 0")
    for member in new.staff:
        set_worker(conn, user_id=member.user_id, is_worker=True, worker_name=member.name, now=now)
        conn.executemany(
            "insert into post_members (post_key, user_id, active) values (?, ?, 1)"
            " on conflict (post_key, user_id) do update set active = 1",
            [(post, member.user_id) for post in member.posts],
        )


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
