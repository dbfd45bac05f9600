"""Planned work (后勤规划, 超前意识): tasks made from the plans ahead of their day, inspection
walks point by point, and the term plan.

A planned task is a ticket like any other (routing, deadlines, reminders, history) with three
differences: the plan files it (reporter `PLAN_REPORTER`), it has no card in the group, and
done is closed. Each plan's day makes one task, exactly once: a unique index on (plan, day)
and a per-plan mark of how far tasks exist.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from bot.domain.deadlines import limits_for
from bot.domain.errors import Refused
from bot.domain.model import PLAN_REPORTER, Action, CheckItem, Status, Ticket, Urgency
from bot.domain.places import Place, place_by_key
from bot.domain.plans import lead_days, plan_days, plan_places
from bot.domain.routing import Routing, route
from bot.domain.setup import DateSpan, Plan, Setup, TermItem
from bot.domain.text import clean_text
from bot.domain.tickets import Given, Tickets, owe_new_ticket
from bot.domain.users import Actor
from bot.domain.workcal import at_time, hours_of, next_loud, school_day
from storage import events as event_store
from storage import plans as plan_store
from storage import tickets as ticket_store
from storage.db import Database

MAX_CHECK_NOTE = 200
MAX_WHERE = 40  # characters of a planned task's places on its card
OK, FAIL, NA = "ok", "fail", "na"
VERDICTS = (OK, FAIL, NA)


# --- making the tasks -------------------------------------------------------------------------


def day_start(setup: Setup, day: date, tz: tzinfo) -> datetime:
    """Return when a planned day's work starts: the day's working hours (a make-up day keeps
    the weekday it stands for; a day off, its own weekday's)."""
    return at_time(day, hours_of(setup, school_day(setup, day).like)[0], tz)


def make_due_tasks(
    conn: sqlite3.Connection, setup: Setup, tz: tzinfo, admins: frozenset[int], now: datetime
) -> list[int]:
    """Make every planned task due by now (each plan's lead time ahead), in one transaction;
    return their numbers. Days missed while the bot was down or the plan paused are not
    made up: the plan goes on from today."""
    today = now.astimezone(tz).date()
    progress = plan_store.created_through(conn)
    made: list[int] = []
    routes: dict[tuple[str, datetime], Routing] = {}  # one routing per kind and start
    for plan in setup.all_plans():
        if plan.paused:
            continue
        horizon = today + timedelta(days=lead_days(plan))
        first = max(progress.get(plan.key, today - timedelta(days=1)) + timedelta(days=1), today)
        if first > horizon:
            continue
        for day in plan_days(plan, setup, first, horizon):
            ticket_id = _make_task(conn, setup, tz, admins, plan, day, now, routes)
            if ticket_id is not None:
                made.append(ticket_id)
        plan_store.set_created_through(conn, plan.key, horizon)
    return made


def _make_task(
    conn: sqlite3.Connection,
    setup: Setup,
    tz: tzinfo,
    admins: frozenset[int],
    plan: Plan,
    day: date,
    now: datetime,
    routes: dict[tuple[str, datetime], Routing],
) -> int | None:
    category = plan.category or setup.post_category(plan.post_key)
    start = max(day_start(setup, day, tz), now)
    limits = limits_for(setup, category=category, urgency=Urgency.NORMAL, start=start, tz=tz)
    if (category, start) not in routes:
        routes[(category, start)] = route(setup, category, start, tz, admins)
    routing = routes[(category, start)]
    places = plan_places(plan, setup)
    single = places[0] if len(places) == 1 else None
    ticket_id = ticket_store.insert_ticket(
        conn,
        reporter_id=PLAN_REPORTER,
        description=plan.title,
        location=where_text(places),
        location_key=single.key if single else None,
        category=category,
        urgency=Urgency.NORMAL,
        photo_file_id=None,
        status=Status.OPEN,
        source_chat_id=None,
        source_message_id=None,
        now=now,
        suggested_id=routing.suggested_id,
        claim_by=limits.claim_by,
        fix_by=limits.fix_by,
        called=list(routing.notify_ids),
        plan=(plan.key, day.isoformat()),
        checklist=plan.checklist,
        rooms=tuple((p.key, p.label) for p in places) if plan.checklist else (),
    )
    if ticket_id is None:  # made before (a restart, a re-import): exactly once
        return None
    event_store.add_event(
        conn,
        at=now,
        actor_id=None,
        action=Action.PLAN,
        ticket_id=ticket_id,
        to_status=Status.OPEN,
        note=day.isoformat(),
        fix_by=limits.fix_by,
    )
    ticket_store.set_next_due(conn, {ticket_id: limits.claim_by})
    # Its worker hears on the day, when the day's work starts (never in quiet hours).
    ping_at = max(next_loud(setup, start, tz), now)
    owe_new_ticket(conn, ticket_id, routing, skip=PLAN_REPORTER, now=ping_at)
    return ticket_id


def where_text(places: list[Place]) -> str | None:
    """Return where a planned task is done, short enough for a card: the places, or the
    first and how many."""
    if not places:
        return None
    joined = "、".join(p.label for p in places)
    if len(joined) <= MAX_WHERE:
        return joined
    return f"{places[0].label} … ({len(places)})"


# --- inspections ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One point of an inspection: an item of the checklist in one room."""

    room_key: str  # "" when the task has no rooms
    room_name: str
    item_index: int
    item: CheckItem
    number: int  # its position in the walk, from 1
    total: int


def points(ticket: Ticket) -> list[Point]:
    """Return an inspection's points in walking order: room by room, item by item."""
    rooms = ticket.rooms or (("", ticket.location or ""),)
    total = len(rooms) * len(ticket.checklist)
    found = []
    for room_key, room_name in rooms:
        for index, item in enumerate(ticket.checklist):
            found.append(Point(room_key, room_name, index, item, len(found) + 1, total))
    return found


def next_point(
    ticket: Ticket, checked: set[tuple[str, int]], *, room_key: str | None = None
) -> Point | None:
    """Return the first point not yet checked (in `room_key`'s room, if given)."""
    for point in points(ticket):
        if (point.room_key, point.item_index) in checked:
            continue
        if room_key is None or point.room_key == room_key:
            return point
    return None


def point_at(ticket: Ticket, room_key: str, item_index: int) -> Point | None:
    """Return the point of this room and item, if the inspection has it."""
    return next(
        (p for p in points(ticket) if p.room_key == room_key and p.item_index == item_index),
        None,
    )


def verdict_of(item: CheckItem, verdict: str, value: float | None) -> str:
    """A number outside its range is a fault, whatever was pressed."""
    if value is None or verdict == NA:
        return verdict
    if (item.low is not None and value < item.low) or (
        item.high is not None and value > item.high
    ):
        return FAIL
    return OK


@dataclass(frozen=True)
class Checked:
    """What one answer did: the point, its verdict, the repair it opened, what comes next."""

    ticket: Ticket
    point: Point
    verdict: str
    repair: Ticket | None
    next: Point | None
    finished: bool  # the last point: the task is done
    recorded: bool = True  # False: it had been answered already (a double press)


@dataclass(frozen=True)
class Walk:
    """Where an inspection stands."""

    ticket: Ticket
    results: list[plan_store.Result]
    next: Point | None

    @property
    def checked(self) -> set[tuple[str, int]]:
        return {(r.room_key, r.item) for r in self.results}

    @property
    def faults(self) -> list[plan_store.Result]:
        return [r for r in self.results if r.result == FAIL]


class PlannedWork:
    """Makes the planned tasks, walks inspections, and keeps the term plan."""

    def __init__(
        self,
        db: Database,
        setup: Callable[[], Setup],
        tz: tzinfo,
        admin_ids: frozenset[int],
        tickets: Tickets,
        *,
        owed: Callable[[], None] = lambda: None,
    ) -> None:
        self._db = db
        self._setup = setup
        self._tz = tz
        self._admins = admin_ids
        self._tickets = tickets
        self._owed = owed
        self._made_for: tuple[date, int] | None = None  # (day, set-up revision) last made

    async def make_due(self, now: datetime) -> list[int]:
        """Make the tasks due by now; called by every sweep (cheap when there is none)."""
        setup = self._setup()
        today = now.astimezone(self._tz).date()
        if not setup.all_plans() or self._made_for == (today, setup.revision):
            return []  # done today for this set-up: no write every minute
        made = await self._db.write(make_due_tasks, setup, self._tz, self._admins, now)
        self._made_for = (today, setup.revision)
        if made:
            self._owed()
        return made

    async def progress(self) -> dict[str, date]:
        """Return, per plan, the last day whose task exists."""
        return await self._db.read(plan_store.created_through)

    async def walk(self, ticket_id: int) -> Walk:
        """Return an inspection with its results so far and its next point."""
        ticket = await self._tickets.get(ticket_id)
        if not ticket.checklist:
            raise Refused("not_an_inspection", id=ticket_id)
        results = await self._db.read(plan_store.results, ticket_id)
        checked = {(r.room_key, r.item) for r in results}
        return Walk(ticket, results, next_point(ticket, checked))

    async def check(
        self,
        actor: Actor,
        ticket_id: int,
        *,
        room_key: str,
        item_index: int,
        verdict: str,
        now: datetime,
        value: float | None = None,
        note: str | None = None,
        photo: str | None = None,
    ) -> Checked:
        """Record one point; a fault opens a repair for its room (in the same transaction);
        the last point finishes the task."""
        walk = await self.walk(ticket_id)
        ticket = walk.ticket
        if ticket.status is not Status.CLAIMED:
            raise Refused("inspection_not_started", id=ticket_id)
        if actor.user_id != ticket.assignee_id and not actor.is_admin:
            raise Refused("forbidden_inspect", id=ticket_id, assignee=ticket.assignee_name or "")
        point = point_at(ticket, room_key, item_index)
        if point is None or verdict not in VERDICTS:
            raise Refused("stale_button", id=ticket_id)
        if (room_key, item_index) in walk.checked:
            return Checked(ticket, point, verdict, None, walk.next, False, recorded=False)
        if point.item.wants_number and value is None and verdict != NA:
            raise Refused("number_needed", item=point.item.text)
        if point.item.photo and photo is None and verdict == OK:
            raise Refused("photo_needed", item=point.item.text)
        verdict = verdict_of(point.item, verdict, value)
        note = clean_text(note) or None
        if note and len(note) > MAX_CHECK_NOTE:
            raise Refused("note_too_long", limit=MAX_CHECK_NOTE, length=len(note))
        if verdict == FAIL and not note and value is None:
            raise Refused("fault_needs_note", item=point.item.text)
        result = plan_store.Result(
            room_key, item_index, verdict, value, note, photo, None, now, actor.user_id
        )
        repair = None
        if verdict == FAIL:
            repair = await self._open_repair(actor, ticket, point, result, now)
        else:
            await self._db.write(_record, ticket.id, result, actor, point)
        checked = {*walk.checked, (room_key, item_index)}
        following = next_point(ticket, checked, room_key=room_key) or next_point(ticket, checked)
        finished = following is None
        if finished:
            ticket = await self.finish(actor, ticket.id, now)
        return Checked(ticket, point, verdict, repair, following, finished)

    async def finish(self, actor: Actor, ticket_id: int, now: datetime) -> Ticket:
        """Close an inspection whose every point is checked, with its tally as the note."""
        walk = await self.walk(ticket_id)
        if walk.next is not None:
            raise Refused("inspection_unfinished", id=ticket_id)
        ticket = walk.ticket
        if ticket.status is not Status.CLAIMED:
            return ticket
        faults = walk.faults
        repairs = [f"#{r.repair_id}" for r in faults if r.repair_id]
        tally = f"✅{len(walk.results) - len(faults)} ❌{len(faults)}"
        note = tally + (" → " + " ".join(repairs) if repairs else "")
        outcome = await self._tickets.act(
            Action.DONE,
            actor=actor,
            ticket_id=ticket_id,
            now=now,
            given=Given(note=note, walked=True),
        )
        return outcome.ticket

    async def _open_repair(
        self, actor: Actor, ticket: Ticket, point: Point, result: plan_store.Result, now: datetime
    ) -> Ticket:
        setup = self._setup()
        category = point.item.category or ticket.category
        where = place_by_key(setup, point.room_key) if point.room_key else None
        detail = result.note or f"{result.value:g}{point.item.unit or ''}"
        description = f"{point.item.text}：{detail}"
        urgency = Urgency.NORMAL
        routing = route(setup, category, now, self._tz, self._admins)

        def record(conn: sqlite3.Connection, repair_id: int) -> None:
            if not _record(conn, ticket.id, _with_repair(result, repair_id), actor, point):
                raise Refused("checked_already", item=point.item.text)  # no second repair

        outcome = await self._tickets.report(
            actor=actor,
            description=description,
            location=where.label if where else ticket.location,
            location_key=where.key if where else ticket.location_key,
            category=category,
            urgency=urgency,
            now=now,
            photos=(result.photo,) if result.photo else (),
            routing=routing,
            found_in=ticket.id,
            then=record,
        )
        return outcome.ticket

    # --- the term plan ----------------------------------------------------------------------

    async def term_done(self) -> dict[str, tuple[datetime, int | None]]:
        """Return the term-plan items done: when and by whom."""
        return await self._db.read(plan_store.term_done)

    async def mark_term_done(self, actor: Actor, item: TermItem, now: datetime) -> None:
        """Mark a term-plan item done (its owner or the head): one event."""
        setup = self._setup()
        if not (actor.is_admin or actor.user_id in term_owners(setup, item)):
            raise Refused("only_owner", owner=item.owner)

        def mark(conn: sqlite3.Connection) -> None:
            if not plan_store.mark_term_done(conn, item.key, at=now, by=actor.user_id):
                raise Refused("term_item_done_already", title=item.title)
            event_store.add_event(
                conn, at=now, actor_id=actor.user_id, action="term_item_done", note=item.title
            )

        await self._db.write(mark)


def _with_repair(result: plan_store.Result, repair_id: int) -> plan_store.Result:
    return plan_store.Result(
        result.room_key, result.item, result.result, result.value, result.note, result.photo,
        repair_id, result.at, result.by_id,
    )  # fmt: skip


def _record(
    conn: sqlite3.Connection, ticket_id: int, result: plan_store.Result, actor: Actor, point: Point
) -> bool:
    """Record one point and its event; False (nothing recorded) if it was already."""
    if not plan_store.add_result(conn, ticket_id, result):
        return False
    mark = {OK: "✅", FAIL: "❌", NA: "—"}[result.result]
    value = f" {result.value:g}{point.item.unit or ''}" if result.value is not None else ""
    where = f"{point.room_name} · " if point.room_name else ""
    words = f"{where}{point.item.text} {mark}{value}"
    if result.note:
        words += f"（{result.note}）"
    event_store.add_event(
        conn, at=result.at, actor_id=actor.user_id, action=Action.INSPECT, ticket_id=ticket_id,
        note=words[:300],
    )  # fmt: skip
    return True


def term_owners(setup: Setup, item: TermItem) -> list[int]:
    """Return who carries a term-plan item: its post's holders, or the person named."""
    post = setup.post(item.owner)
    if post is not None:
        return [s.user_id for s in setup.holders(post.key)]
    named = setup.staff_named(item.owner)
    return [named.user_id] if named else []


def current_term(setup: Setup, today: date) -> DateSpan | None:
    """Return the term `today` is in, or else the next one to start."""
    terms = sorted(setup.calendar.terms, key=lambda span: span.first)
    now = setup.calendar.term_on(today)
    return now or next((span for span in terms if span.first > today), None)


def term_status(item: TermItem, done: dict[str, tuple[datetime, int | None]], today: date) -> str:
    """Return a term-plan item's status: done, late, due (within a week) or planned."""
    if item.key in done:
        return "done"
    if item.due < today:
        return "late"
    if item.due <= today + timedelta(days=7):
        return "due"
    return "planned"
