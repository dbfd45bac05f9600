"""Meetings and visits to a standard (会务组织标准化, 接待管理): one request, every post's tasks.

A request is checked against the room's other meetings; the head approves it (or the school
needs no approval); approval turns the school's meeting templates into tasks — tickets with
the meeting's number, no card in the group, closed when done — each routed to the post's
worker on duty at its moment and due then. Moving a meeting moves its tasks; cancelling it
cancels them, and whoever had one is told.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo

from bot.domain.deadlines import limits_for
from bot.domain.errors import Refused
from bot.domain.model import (
    PLAN_REPORTER,
    Action,
    Meeting,
    MeetingChange,
    Status,
    Ticket,
    Urgency,
)
from bot.domain.routing import route
from bot.domain.setup import LAYOUTS, NEEDS, RECEPTIONS, MeetingTask, Setup
from bot.domain.text import clean_text
from bot.domain.tickets import Given, Tickets, owe_new_ticket
from bot.domain.users import SYSTEM, Actor
from bot.domain.workcal import at_time, next_loud, school_day
from storage import events as event_store
from storage import meetings as meeting_store
from storage import outbox as outbox_store
from storage import tickets as ticket_store
from storage.db import Database

MAX_TITLE = 40
MAX_NOTE = 200
MAX_PEOPLE = 5000
OFFSET = re.compile(r"([-+])([0-9]{1,3})(m|h)")


@dataclass(frozen=True)
class Request:
    """What the organiser asks for."""

    kind: str
    title: str
    day: date
    starts: time
    ends: time
    room: str
    room_key: str | None
    people: int
    needs: tuple[str, ...] = ()
    layout: str = "none"
    note: str = ""
    guests: str = ""
    reception: str = ""


def task_moment(task: MeetingTask, meeting: Meeting, tz: tzinfo) -> datetime:
    """Return when a template's task is due for this meeting."""
    found = OFFSET.fullmatch(task.offset)
    assert found is not None, task.offset  # checked when the school file was read
    amount = timedelta(
        minutes=int(found[2]) * (60 if found[3] == "h" else 1)
    ) * (-1 if found[1] == "-" else 1)  # fmt: skip
    anchor = at_time(meeting.day, meeting.ends if task.from_end else meeting.starts, tz)
    return anchor + amount


def applies(task: MeetingTask, meeting: Meeting) -> bool:
    """Tell whether a template's task belongs to this meeting (its kind, needs and size)."""
    if meeting.kind not in task.kinds or meeting.people < task.min_people:
        return False
    return not task.needs or bool(set(task.needs) & set(meeting.needs))


def task_text(task: MeetingTask, meeting: Meeting, *, overtime: bool) -> str:
    """Return a task's description: what, for which meeting, who comes to a visit."""
    text = f"{task.task} · {meeting.title}"
    if meeting.kind == "visit" and meeting.guests:
        text += f"（{meeting.guests}，{meeting.people}人）"
    return ("【加班】" if overtime else "") + text


def check_request(request: Request, now: datetime, tz: tzinfo) -> Request:
    """Clean a request and refuse what cannot be: an empty title, a past day, an end before
    the start, no room, a number of people out of reason, an unknown need."""
    title = clean_text(request.title)
    if not title:
        raise Refused("meeting_no_title")
    if len(title) > MAX_TITLE:
        raise Refused("meeting_title_too_long", limit=MAX_TITLE)
    if request.kind not in ("meeting", "visit"):
        raise Refused("button_invalid")
    if request.ends <= request.starts:
        raise Refused("meeting_ends_before_start")
    if at_time(request.day, request.starts, tz) <= now:
        raise Refused("meeting_in_the_past")
    if not clean_text(request.room):
        raise Refused("meeting_no_room")
    if not 1 <= request.people <= MAX_PEOPLE:
        raise Refused("meeting_people", limit=MAX_PEOPLE)
    if any(need not in NEEDS for need in request.needs) or request.layout not in LAYOUTS:
        raise Refused("button_invalid")
    if request.reception and request.reception not in RECEPTIONS:
        raise Refused("button_invalid")
    note = clean_text(request.note)
    if len(note) > MAX_NOTE:
        raise Refused("note_too_long", limit=MAX_NOTE, length=len(note))
    return replace(request, title=title, note=note, guests=clean_text(request.guests)[:60])


class Meetings:
    """Requests, decisions, moves and cancellations of meetings and visits, each one
    transaction and one event; the tasks they make and move."""

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

    async def request(self, actor: Actor, request: Request, now: datetime) -> Meeting:
        """Ask for a meeting or a visit; with no approval needed it is approved at once and
        its tasks are made. A room taken at that time is refused, naming the other meeting."""
        request = check_request(request, now, self._tz)
        setup, tz, admins = self._setup(), self._tz, self._admins
        approved = not setup.meetings.approval or actor.is_admin

        def store(conn: sqlite3.Connection) -> Meeting:
            _refuse_clash(conn, request.room_key or request.room, request.day,
                          request.starts, request.ends)  # fmt: skip
            draft = Meeting(
                id=0, kind=request.kind, title=request.title, organiser_id=actor.user_id,
                organiser_name=actor.name, day=request.day, starts=request.starts,
                ends=request.ends, room_key=request.room_key, room=request.room,
                people=request.people, needs=request.needs, layout=request.layout,
                note=request.note, guests=request.guests, reception=request.reception,
                status="approved" if approved else "requested",
            )  # fmt: skip
            meeting_id = meeting_store.insert(conn, draft, now)
            event_store.add_event(
                conn, at=now, actor_id=actor.user_id, action=MeetingChange.REQUEST,
                note=f"M{meeting_id} {draft.title} {draft.span()} {draft.room}",
            )  # fmt: skip
            meeting = _must(meeting_store.get(conn, meeting_id))
            if approved:
                _make_tasks(conn, setup, tz, admins, meeting, now)
            return meeting

        meeting = await self._db.write(store)
        self._owed()
        return meeting

    async def decide(
        self, actor: Actor, meeting_id: int, *, approve: bool, now: datetime
    ) -> Meeting:
        """The head approves (the tasks are made) or turns down a requested meeting."""
        if not actor.is_admin:
            raise Refused("only_admin")
        setup, tz, admins = self._setup(), self._tz, self._admins

        def store(conn: sqlite3.Connection) -> Meeting:
            meeting = _get(conn, meeting_id)
            if meeting.status != "requested":
                raise Refused("meeting_decided", id=meeting_id, status=meeting.status)
            if approve:
                _refuse_clash(conn, meeting.room_key or meeting.room, meeting.day,
                              meeting.starts, meeting.ends, skip=meeting_id)  # fmt: skip
            status = "approved" if approve else "rejected"
            meeting_store.update(conn, meeting_id, now, status=status)
            action = MeetingChange.APPROVE if approve else MeetingChange.REJECT
            event_store.add_event(
                conn, at=now, actor_id=actor.user_id, action=action,
                note=f"M{meeting_id} {meeting.title}",
            )  # fmt: skip
            meeting = _must(meeting_store.get(conn, meeting_id))
            if approve:
                _make_tasks(conn, setup, tz, admins, meeting, now)
            return meeting

        meeting = await self._db.write(store)
        self._owed()
        return meeting

    async def move(
        self, actor: Actor, meeting_id: int, *, day: date, starts: time, ends: time, now: datetime
    ) -> Meeting:
        """Move a meeting (its organiser or the head): every task moves with it, and whoever
        has one is told."""
        setup, tz = self._setup(), self._tz

        def store(conn: sqlite3.Connection) -> tuple[Meeting, list[tuple[int, datetime]]]:
            meeting = _get(conn, meeting_id)
            _may_change(actor, meeting)
            if ends <= starts:
                raise Refused("meeting_ends_before_start")
            if at_time(day, starts, tz) <= now:
                raise Refused("meeting_in_the_past")
            _refuse_clash(conn, meeting.room_key or meeting.room, day, starts, ends,
                          skip=meeting_id)  # fmt: skip
            meeting_store.update(conn, meeting_id, now, day=day, starts=starts, ends=ends)
            event_store.add_event(
                conn, at=now, actor_id=actor.user_id, action=MeetingChange.MOVE,
                note=f"M{meeting_id} {meeting.span()} → {day:%m-%d} {starts:%H:%M}–{ends:%H:%M}",
            )  # fmt: skip
            moved = _must(meeting_store.get(conn, meeting_id))
            templates = {t.key: t for t in setup.meetings.tasks}
            plan = []
            for task in ticket_store.of_meeting(conn, meeting_id):
                template = templates.get((task.plan_key or "").split(":")[-1])
                if task.active and template is not None:
                    plan.append((task.id, task_moment(template, moved, tz)))
            return moved, plan

        meeting, plan = await self._db.write(store)
        for ticket_id, moment in plan:
            await self._tickets.act(
                Action.RESCHEDULE, actor=SYSTEM, ticket_id=ticket_id, now=now,
                given=Given(due=moment, note=meeting.span()),
            )  # fmt: skip
        self._owed()
        return meeting

    async def cancel(self, actor: Actor, meeting_id: int, now: datetime) -> Meeting:
        """Cancel a meeting (its organiser or the head): its unfinished tasks are cancelled
        and whoever had one is told."""

        def store(conn: sqlite3.Connection) -> tuple[Meeting, list[Ticket]]:
            meeting = _get(conn, meeting_id)
            _may_change(actor, meeting)
            meeting_store.update(conn, meeting_id, now, status="cancelled")
            event_store.add_event(
                conn, at=now, actor_id=actor.user_id, action=MeetingChange.CANCEL,
                note=f"M{meeting_id} {meeting.title}",
            )  # fmt: skip
            tasks = [t for t in ticket_store.of_meeting(conn, meeting_id) if t.active]
            return _must(meeting_store.get(conn, meeting_id)), tasks

        meeting, tasks = await self._db.write(store)
        for task in tasks:
            await self._tickets.act(
                Action.CANCEL, actor=SYSTEM, ticket_id=task.id, now=now,
                given=Given(note=meeting.title),
            )  # fmt: skip
        return meeting

    async def set_cost(self, actor: Actor, meeting_id: int, cost: float, now: datetime) -> Meeting:
        """Record what a visit (or a meeting) cost: the head or its organiser."""
        if not 0 <= cost <= 1_000_000:
            raise Refused("meeting_bad_cost")

        def store(conn: sqlite3.Connection) -> Meeting:
            meeting = _get(conn, meeting_id)
            _may_change(actor, meeting, finished_too=True)
            meeting_store.update(conn, meeting_id, now, cost=cost)
            event_store.add_event(
                conn, at=now, actor_id=actor.user_id, action=MeetingChange.COST,
                note=f"M{meeting_id} {cost:g}",
            )  # fmt: skip
            return _must(meeting_store.get(conn, meeting_id))

        return await self._db.write(store)

    async def get(self, meeting_id: int) -> Meeting:
        def read(conn: sqlite3.Connection) -> Meeting:
            return _get(conn, meeting_id)

        return await self._db.read(read)

    async def tasks(self, meeting_id: int) -> list[Ticket]:
        return await self._db.read(ticket_store.of_meeting, meeting_id)

    async def between(self, first: date, last: date, *, kind: str | None = None) -> list[Meeting]:
        return await self._db.read(meeting_store.between, first, last, kind=kind)

    async def tasks_between(self, first: date, last: date) -> list[Ticket]:
        """Return the tasks of the meetings on days first..last."""
        return await self._db.read(
            ticket_store.meeting_tasks_between, first.isoformat(), last.isoformat()
        )

    async def recent(self, before: date, *, limit: int) -> list[Meeting]:
        return await self._db.read(meeting_store.recent, before, limit=limit)

    async def sign_in(self, meeting_id: int, actor: Actor, now: datetime) -> bool:
        """Sign someone in; False if they had already."""

        def store(conn: sqlite3.Connection) -> bool:
            meeting = _get(conn, meeting_id)
            if meeting.status != "approved":
                raise Refused("meeting_not_on", id=meeting_id)
            return meeting_store.sign_in(conn, meeting_id, actor.user_id, actor.name, now)

        return await self._db.write(store)

    async def post_sign_in(
        self, actor: Actor, meeting_id: int, chat_id: int, now: datetime
    ) -> Meeting:
        """Note where the meeting's sign-in was posted (its organiser or the head)."""

        def store(conn: sqlite3.Connection) -> Meeting:
            meeting = _get(conn, meeting_id)
            _may_change(actor, meeting)
            if meeting.status != "approved":
                raise Refused("meeting_not_on", id=meeting_id)
            meeting_store.update(conn, meeting_id, now, signin_chat=chat_id)
            return _must(meeting_store.get(conn, meeting_id))

        return await self._db.write(store)

    async def signed_in(self, meeting_id: int) -> list[str]:
        return await self._db.read(meeting_store.signed_in, meeting_id)


def _must(meeting: Meeting | None) -> Meeting:
    assert meeting is not None
    return meeting


def _get(conn: sqlite3.Connection, meeting_id: int) -> Meeting:
    meeting = meeting_store.get(conn, meeting_id)
    if meeting is None:
        raise Refused("no_such_meeting", id=meeting_id)
    return meeting


def _may_change(actor: Actor, meeting: Meeting, *, finished_too: bool = False) -> None:
    if actor.user_id != meeting.organiser_id and not actor.is_admin:
        raise Refused("meeting_not_yours", id=meeting.id, organiser=meeting.organiser_name)
    if not finished_too and not meeting.live:
        raise Refused("meeting_decided", id=meeting.id, status=meeting.status)


def _refuse_clash(
    conn: sqlite3.Connection, room: str, day: date, starts: time, ends: time, *, skip: int = 0
) -> None:
    other = meeting_store.clashes(conn, room, day, starts, ends, skip=skip)
    if other:
        raise Refused(
            "meeting_clash", room=other[0].room, title=other[0].title, span=other[0].span()
        )


def _make_tasks(
    conn: sqlite3.Connection,
    setup: Setup,
    tz: tzinfo,
    admins: frozenset[int],
    meeting: Meeting,
    now: datetime,
) -> list[int]:
    """Turn the templates into the meeting's tasks: each post's worker on duty at its moment
    is called (never in quiet hours), its fix-by the moment itself."""
    made = []
    for template in setup.meetings.tasks:
        if not applies(template, meeting):
            continue
        moment = task_moment(template, meeting, tz)
        category = setup.post_category(template.post_key)
        limits = limits_for(setup, category=category, urgency=Urgency.NORMAL, start=now, tz=tz)
        routing = route(setup, category, moment, tz, admins)
        overtime = not school_day(setup, moment.astimezone(tz).date()).working
        ticket_id = ticket_store.insert_ticket(
            conn,
            reporter_id=PLAN_REPORTER,
            description=task_text(template, meeting, overtime=overtime),
            location=meeting.room,
            location_key=meeting.room_key,
            category=category,
            urgency=Urgency.NORMAL,
            photo_file_id=None,
            status=Status.OPEN,
            source_chat_id=None,
            source_message_id=None,
            now=now,
            suggested_id=routing.suggested_id,
            claim_by=min(limits.claim_by, moment),
            fix_by=moment,
            called=list(routing.notify_ids),
            plan=(f"m{meeting.id}:{template.key}", meeting.day.isoformat()),
            meeting_id=meeting.id,
        )
        if ticket_id is None:
            continue
        event_store.add_event(
            conn, at=now, actor_id=None, action=Action.PLAN, ticket_id=ticket_id,
            to_status=Status.OPEN, note=f"M{meeting.id}", fix_by=moment,
        )  # fmt: skip
        ticket_store.set_next_due(conn, {ticket_id: min(limits.claim_by, moment)})
        owe_new_ticket(conn, ticket_id, routing, skip=PLAN_REPORTER, now=next_loud(setup, now, tz))
        made.append(ticket_id)
    if made:  # the organiser's one message, kept up to date as the tasks are done
        outbox_store.owe(
            conn, outbox_store.NOTICE, chat_id=meeting.organiser_id, ticket_id=made[0],
            payload={"about": "meeting", "meeting": meeting.id}, now=now,
        )  # fmt: skip
    return made


def on_time_by_post(setup: Setup, tasks: list[Ticket]) -> dict[str, tuple[int, int, int]]:
    """Return, per post, its meeting tasks done on time, done late, and not done (cancelled
    ones left out)."""
    figures: dict[str, list[int]] = {}
    for task in tasks:
        if task.status is Status.CANCELLED:
            continue
        category = setup.category(task.category)
        post = setup.post(category.post_key if category else None)
        line = figures.setdefault(post.name if post else "—", [0, 0, 0])
        if task.status is Status.CLOSED and task.done_at and task.fix_by:
            line[0 if task.done_at <= task.fix_by else 1] += 1
        else:
            line[2] += 1
    return {post: (a, b, c) for post, (a, b, c) in figures.items()}
