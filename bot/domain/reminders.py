"""The sweep (及时维修，及时反馈): what is due now, for whom, and recording what went out.

Reminders are derived, not stored as jobs: deadlines live on the tickets, and a sweep every
minute asks what is due and not yet sent. A reminder is recorded under its unique key only
after the chat accepted it, so a crash mid-sweep repeats nothing and loses nothing.
Nothing but urgent tickets is pushed in quiet hours; what fell due is sent when they end.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from bot.domain import national
from bot.domain.deadlines import Due, due_by, next_due, stage_keys
from bot.domain.meters import month_use, previous_month
from bot.domain.model import Event, Ticket
from bot.domain.planned import current_term, term_owners
from bot.domain.roster import Duty, duties_on
from bot.domain.routing import Routing, route
from bot.domain.setup import Setup
from bot.domain.workcal import at_time, in_quiet_hours, is_quiet
from storage import meetings as meeting_store
from storage import outbox as outbox_store
from storage import plans as plan_store
from storage import reminders as reminder_store
from storage import tickets as ticket_store
from storage.db import Database

BATCH = 500  # tickets read per sweep; the rest wait a minute, in due order
LATE_NAMED = 10  # late tickets the morning summary names
SIGN_IN_AFTER = timedelta(minutes=10)  # into a meeting: who signed in, to its organiser
# The State Council publishes next year's holidays in November, the package follows within
# weeks: from this day of December on, a calendar still unknown is worth the head's time.
CALENDAR_CHECK_DAY = 20


@dataclass(frozen=True)
class Item:
    """One line of a reminder message."""

    key: str
    kind: str  # claim | fix | escalate_claim | escalate_fix | feedback | morning | ...
    ticket: Ticket | None = None
    data: dict = field(default_factory=dict, compare=False, hash=False)
    history: tuple[Event, ...] = ()  # an escalation carries the ticket's whole story


@dataclass
class Plan:
    """What one sweep does: messages per person, group summaries, tickets to close."""

    to_people: dict[int, list[Item]] = field(default_factory=dict)
    # Daily pushes with nothing to say, marked done for the day all the same: a morning list
    # is a morning thing, not sent at noon because a ticket came in.
    silent: list[str] = field(default_factory=list)
    to_chat: list[Item] = field(default_factory=list)
    to_group: list[Item] = field(default_factory=list)  # the school group: the week's meetings
    auto_confirm: list[Due] = field(default_factory=list)
    deferred: int = 0  # due but held back by quiet hours
    tickets_read: int = 0

    def add(self, user_id: int, item: Item) -> None:
        self.to_people.setdefault(user_id, []).append(item)


class Reminders:
    """Reads what is due and records what was sent; the sending is the caller's."""

    def __init__(
        self,
        db: Database,
        setup: Callable[[], Setup],
        tz: tzinfo,
        admin_ids: frozenset[int],
        *,
        owed: Callable[[], None] = lambda: None,
    ) -> None:
        self._db = db
        self._setup = setup
        self._tz = tz
        self._admins = admin_ids
        self._owed = owed  # rings the outbox's bell

    async def plan(self, now: datetime, *, summary_to_chat: bool) -> Plan:
        """Return everything due at `now` that has not been sent."""
        setup, tz = self._setup(), self._tz
        return await self._db.read(self._plan, setup, tz, now, summary_to_chat)

    def _plan(
        self,
        conn: sqlite3.Connection,
        setup: Setup,
        tz: tzinfo,
        now: datetime,
        summary_to_chat: bool,
    ) -> Plan:
        plan = Plan()
        quiet = is_quiet(setup, now, tz)
        routes: dict[str, Routing] = {}  # one routing per category per sweep
        tickets = ticket_store.due_tickets(conn, now, limit=BATCH)
        plan.tickets_read = len(tickets)
        dues = {t.id: due_by(t, now, setup, tz) for t in tickets}
        sent = reminder_store.sent_among(conn, [d.key for ds in dues.values() for d in ds])
        for ticket in tickets:
            waiting = [d for d in dues[ticket.id] if d.key not in sent]
            if quiet:
                plan.deferred += sum(1 for d in waiting if not d.urgent)
                waiting = [d for d in waiting if d.urgent]
            # Several rounds come due at once (after quiet hours, after a restart): the head
            # hears the latest; the earlier rounds are marked done without a message.
            rounds = [d for d in waiting if d.level >= 2]
            for due in rounds[:-1]:
                plan.silent.append(due.key)
            for due in [d for d in waiting if d.level < 2] + rounds[-1:]:
                self._ticket_item(plan, ticket, due, setup, tz, now, routes)
        self._daily(conn, plan, setup, tz, now, quiet, summary_to_chat)
        return plan

    def _ticket_item(
        self,
        plan: Plan,
        ticket: Ticket,
        due: Due,
        setup: Setup,
        tz: tzinfo,
        now: datetime,
        routes: dict[str, Routing],
    ) -> None:
        if due.kind == "auto_confirm":
            plan.auto_confirm.append(due)
        elif due.kind == "feedback":
            plan.add(ticket.reporter_id, Item(due.key, "feedback", ticket))
        elif due.level >= 2:
            for admin in sorted(self._admins):
                plan.add(admin, Item(due.key, f"escalate_{due.kind}", ticket))
        elif due.kind == "fix" and ticket.assignee_id is not None:
            plan.add(ticket.assignee_id, Item(due.key, "fix", ticket))
        elif due.kind == "claim":
            if ticket.category not in routes:
                routes[ticket.category] = route(setup, ticket.category, now, tz, self._admins)
            for user_id in routes[ticket.category].notify_ids:
                plan.add(user_id, Item(due.key, "claim", ticket))

    def _daily(
        self,
        conn: sqlite3.Connection,
        plan: Plan,
        setup: Setup,
        tz: tzinfo,
        now: datetime,
        quiet: bool,
        summary_to_chat: bool,
    ) -> None:
        """The morning list and summary, the evening duty reminder, Monday's weekly summary."""
        local = now.astimezone(tz)
        today = local.date()
        rules = setup.reminders
        evening_open = not in_quiet_hours(setup, now, tz)
        if not quiet and local >= at_time(today, rules.morning_at, tz):
            self._morning(conn, plan, setup, today, summary_to_chat)
            self._planning(conn, plan, setup, today)
            if today.weekday() == 0:
                key = f"weekly:{today.isoformat()}"
                if not reminder_store.sent_among(conn, [key]):
                    week = weekly_figures(conn, setup, today - timedelta(days=7), today, tz)
                    for admin in sorted(self._admins):
                        plan.add(admin, Item(key, "weekly", data=week))
        # The duty reminder goes out on the evening before any duty day, weekends included,
        # but never inside the quiet hours of the clock.
        if evening_open and local >= at_time(today, rules.evening_at, tz):
            tomorrow = today + timedelta(days=1)
            by_person: dict[int, list[Duty]] = {}
            for duty in duties_on(setup, tomorrow, tz):
                by_person.setdefault(duty.user_id, []).append(duty)
            keys = {user: f"eve:{tomorrow.isoformat()}:{user}" for user in by_person}
            sent = reminder_store.sent_among(conn, keys.values())
            for user_id, duties in by_person.items():  # one reminder with all of tomorrow's
                if keys[user_id] not in sent:
                    plan.add(user_id, Item(keys[user_id], "duty_eve", data={"duties": duties}))
        self._meetings(conn, plan, setup, tz, now, quiet)
        # Last month's water and power, for all: the first morning of the month that is not
        # quiet (the 1st may be a holiday); once a month, by its key.
        if setup.meters and not quiet and local >= at_time(today, rules.morning_at, tz):
            self._meters_month(conn, plan, setup, tz, today)

    def _meters_month(
        self, conn: sqlite3.Connection, plan: Plan, setup: Setup, tz: tzinfo, today: date
    ) -> None:
        """On the first of the month, last month's use per meter, for all (张榜公布)."""
        key = f"meters_month:{today:%Y-%m}"
        if reminder_store.sent_among(conn, [key]):
            return
        year, month = previous_month(today.year, today.month)
        uses = [
            (
                month_use(conn, setup, tz, meter, year, month),
                month_use(conn, setup, tz, meter, *previous_month(year, month)),
                month_use(conn, setup, tz, meter, *previous_month(year, month, 12)),
            )
            for meter in setup.meters
        ]
        uses = [triple for triple in uses if triple[0].readings > 1]  # read through the month
        if not uses:
            plan.silent.append(key)
            return
        data = {"uses": uses, "month": f"{year}-{month:02d}"}
        plan.to_group.append(Item(key, "meters_month", data=data))

    def _meetings(
        self, conn: sqlite3.Connection, plan: Plan, setup: Setup, tz: tzinfo, now: datetime,
        quiet: bool,
    ) -> None:  # fmt: skip
        """The week's meetings to the group (once, at the school's hour); ten minutes into a
        meeting with a sign-in, who has signed in, to its organiser."""
        local = now.astimezone(tz)
        today = local.date()
        rules = setup.meetings
        if (
            not quiet
            and rules.announce_weekday == today.weekday()
            and local >= at_time(today, rules.announce_at, tz)
        ):
            key = f"meetings_week:{today.isoformat()}"
            if not reminder_store.sent_among(conn, [key]):
                week = (today + timedelta(days=1), today + timedelta(days=7))
                coming = [m for m in meeting_store.between(conn, *week) if m.status == "approved"]
                if coming:
                    plan.to_group.append(Item(key, "meetings_week", data={"meetings": coming}))
                else:
                    plan.silent.append(key)
        for meeting in meeting_store.between(conn, today, today):
            if meeting.status != "approved" or meeting.signin_chat is None:
                continue
            if now < at_time(today, meeting.starts, tz) + SIGN_IN_AFTER:
                continue
            key = f"signins:{meeting.id}"
            if not reminder_store.sent_among(conn, [key]):
                names = meeting_store.signed_in(conn, meeting.id)
                data = {"meeting": meeting, "names": names}
                plan.add(meeting.organiser_id, Item(key, "signins", data=data))

    def _planning(self, conn: sqlite3.Connection, plan: Plan, setup: Setup, today: date) -> None:
        """The term plan's reminders (the term starts; a week before each target date), and
        in December, word that the national calendar for next year is not known yet."""
        wanted: list[tuple[str, str, int, dict[str, Any]]] = []
        year = today.year + 1
        if (
            today >= date(today.year, 12, CALENDAR_CHECK_DAY)
            and setup.calendar.national == "cn"
            and not national.knows(year)
        ):
            for admin in sorted(self._admins):
                wanted.append((f"calendar:{year}", "calendar_unknown", admin, {"year": year}))
        term = current_term(setup, today)
        done = plan_store.term_done(conn) if setup.term_plan else {}
        for item in setup.term_plan:
            if item.key in done or term is None or item.term != term.name:
                continue
            owners = term_owners(setup, item)
            people = dict.fromkeys([*owners, *sorted(self._admins)])
            kinds = []
            if term.first <= today:
                kinds.append("term_start")
            if item.due - timedelta(days=7) <= today <= item.due:
                kinds.append("term_due")
            for kind in kinds:
                for person in people:
                    key = f"{kind}:{item.key}:{person}"
                    data = {"item": item, "term": term.name, "owner": person in owners}
                    wanted.append((key, kind, person, data))
        sent = reminder_store.sent_among(conn, [key for key, *_ in wanted])
        for key, kind, person, data in wanted:
            if key not in sent:
                plan.add(person, Item(key, kind, data=data))

    def _morning(
        self,
        conn: sqlite3.Connection,
        plan: Plan,
        setup: Setup,
        today: date,
        summary_to_chat: bool,
    ) -> None:
        muted = reminder_store.muted_users(conn)
        keys = {s.user_id: f"morning:{today.isoformat()}:{s.user_id}" for s in setup.staff}
        summary_key = f"summary:{today.isoformat()}"
        sent = reminder_store.sent_among(conn, [*keys.values(), summary_key])
        on_duty_today: dict[int, set[str]] = {}
        for duty in duties_on(setup, today, self._tz):
            on_duty_today.setdefault(duty.user_id, set()).add(duty.post_key)
        for member in setup.staff:
            key = keys[member.user_id]
            if key in sent or member.user_id in muted:
                continue
            held = ticket_store.list_tickets(
                conn, filter_name="active", assignee_id=member.user_id, limit=30
            )
            # On duty today: the unclaimed tickets of those posts too, to be taken.
            posts = on_duty_today.get(member.user_id, set())
            categories = [c.key for c in setup.categories if c.post_key in posts]
            # Planned tasks are not listed: each comes with its own call on its day.
            waiting = (
                ticket_store.open_in(conn, categories, limit=20, planned=False)
                if categories
                else []
            )
            if held or waiting:
                data = {"tickets": held, "waiting": waiting}
                plan.add(member.user_id, Item(key, "morning", data=data))
            else:
                plan.silent.append(key)
        if summary_key not in sent:
            figures = day_figures(conn, today, self._tz)
            figures["meetings"] = [
                m for m in meeting_store.between(conn, today, today) if m.status == "approved"
            ]
            item = Item(summary_key, "summary", data=figures)
            if summary_to_chat:
                plan.to_chat.append(item)
            else:
                for admin in sorted(self._admins):
                    plan.add(admin, item)

    async def record(
        self,
        keys: list[str],
        tickets: list[Ticket],
        now: datetime,
        *,
        owed: Sequence[tuple[int, dict[str, Any]]] = (),
    ) -> None:
        """Record reminders as sent, together with the messages that carry them (`owed`: chat
        and rendered payload, into the outbox), and move their tickets' next moment due."""
        setup, tz = self._setup(), self._tz

        def save(conn: sqlite3.Connection) -> None:
            reminder_store.record_sent(conn, keys, now)
            for chat_id, payload in owed:
                outbox_store.owe(
                    conn, outbox_store.MESSAGE, chat_id=chat_id, payload=payload, now=now
                )
            due: dict[int, datetime | None] = {}
            for ticket in {t.id: t for t in tickets}.values():
                current = ticket_store.get_ticket(conn, ticket.id)
                if current is None:
                    continue
                all_keys = stage_keys(current)
                due[ticket.id] = next_due(
                    current, reminder_store.sent_among(conn, all_keys), setup, tz
                )
            ticket_store.set_next_due(conn, due)

        await self._db.write(save)
        if owed:
            self._owed()

    async def set_morning_list(self, user_id: int, wanted: bool) -> None:
        """Mute or unmute a user's morning list."""
        await self._db.write(reminder_store.set_morning_list, user_id, wanted)


def day_figures(conn: sqlite3.Connection, today: date, tz: tzinfo) -> dict[str, Any]:
    """Return today's repair-log summary: open, late (and which), fixed yesterday."""
    now = at_time(today, datetime.min.time(), tz)
    yesterday = now - timedelta(days=1)
    figures: dict[str, Any] = dict(
        ticket_store.summary_counts(conn, fixed_from=yesterday, fixed_to=now, late_at=now)
    )
    figures["late_tickets"] = ticket_store.late_tickets(conn, now, limit=LATE_NAMED)
    return figures


def weekly_figures(
    conn: sqlite3.Connection, setup: Setup, first: date, end: date, tz: tzinfo
) -> dict:
    """Return last week's figures: opened, fixed, fixed late, per post."""
    start, stop = at_time(first, datetime.min.time(), tz), at_time(end, datetime.min.time(), tz)
    rows = ticket_store.week_rows(conn, start, stop)
    per_post: dict[str, dict[str, int]] = {}
    totals = {"opened": 0, "fixed": 0, "late": 0}
    for row in rows:
        category = setup.category(row["category"])
        post = setup.post(category.post_key if category else None)
        label = post.name if post else "—"
        figures = per_post.setdefault(label, {"opened": 0, "fixed": 0, "late": 0})
        for key in ("opened", "fixed", "late"):
            figures[key] += row[key]
            totals[key] += row[key]
    return {"totals": totals, "per_post": per_post, "from": first, "to": end - timedelta(days=1)}
