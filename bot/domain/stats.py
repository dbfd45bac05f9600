"""Assessment down to each person (考核到人): figures for a period, from the ticket history.

Every figure comes from the events `/ticket N` shows (who claimed, fixed, reopened, rated,
and when) plus the ticket's place, category and fix-by. Times are in working hours.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from bot.domain.errors import Refused
from bot.domain.model import Action, Event, Status, Ticket
from bot.domain.roster import EARLIEST, LATEST
from bot.domain.setup import Setup
from bot.domain.text import plain
from bot.domain.workcal import at_time, working_between

REPEAT_WINDOW = timedelta(days=30)
CLOSING = {Action.CONFIRM, Action.AUTO_CONFIRM, Action.CANCEL}


@dataclass(frozen=True)
class Period:
    """Days `first`..`last` (inclusive) in the school's time zone, with a label."""

    first: date
    last: date
    label: str

    def bounds(self, tz: tzinfo) -> tuple[datetime, datetime]:
        """Return [start, end) as aware datetimes."""
        midnight = datetime.min.time()
        return at_time(self.first, midnight, tz), at_time(
            self.last + timedelta(days=1), midnight, tz
        )


def parse_period(text: str, today: date, setup: Setup) -> Period:
    """Read `week` (default), `month`, `term`, `2026-11` or `2026-09-01..2026-12-31`."""
    word = plain(text).strip().lower()
    if word in ("", "week", "本周", "周"):
        first = today - timedelta(days=today.weekday())
        return Period(first, first + timedelta(days=6), f"{first}..{first + timedelta(days=6)}")
    if word in ("month", "本月", "月", "这个月"):
        return _month(today.year, today.month)
    if word in ("last month", "上月", "上个月"):
        last = today.replace(day=1) - timedelta(days=1)
        return _month(last.year, last.month)
    if word in ("last week", "上周"):
        first = today - timedelta(days=today.weekday() + 7)
        return Period(first, first + timedelta(days=6), f"{first}..{first + timedelta(days=6)}")
    if word in ("term", "本学期", "学期"):
        for term in setup.calendar.terms:
            if term.first <= today <= term.last:
                return Period(term.first, term.last, term.name)
        raise Refused("no_term")
    if match := re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", word):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12 and EARLIEST.year <= year <= LATEST.year:
            return _month(year, month)
    day = r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    if match := re.fullmatch(rf"({day})\s*\.\.\s*({day})", word):
        try:
            first, last = date.fromisoformat(_pad(match[1])), date.fromisoformat(_pad(match[2]))
        except ValueError:
            raise Refused("bad_period", value=text[:40]) from None
        if last < first:
            raise Refused("period_backwards", value=text[:40])
        if first < EARLIEST or last > LATEST:
            raise Refused("bad_period", value=text[:40])
        return Period(first, last, f"{first}..{last}")
    raise Refused("bad_period", value=text[:40])


def _pad(text: str) -> str:
    year, month, day = text.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _month(year: int, month: int) -> Period:
    first = date(year, month, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return Period(first, last, f"{year}-{month:02d}")


@dataclass
class Line:
    """One row of the report: a worker, a post or a category."""

    name: str
    claimed: int = 0
    fixed: int = 0
    on_time: int = 0
    reopened: int = 0
    reported: int = 0
    ratings: list[int] = field(default_factory=list)
    claim_hours: list[float] = field(default_factory=list)
    fix_hours: list[float] = field(default_factory=list)
    open_now: int = 0
    oldest_open: timedelta | None = None
    thanks: int = 0  # people who thanked this worker (感动后勤): a note, or five stars

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.fixed if self.fixed else None

    @property
    def median_claim(self) -> float | None:
        return statistics.median(self.claim_hours) if self.claim_hours else None

    @property
    def median_fix(self) -> float | None:
        return statistics.median(self.fix_hours) if self.fix_hours else None

    @property
    def average_rating(self) -> float | None:
        return statistics.fmean(self.ratings) if self.ratings else None

    def note_open(self, age: timedelta) -> None:
        self.open_now += 1
        if self.oldest_open is None or age > self.oldest_open:
            self.oldest_open = age


@dataclass
class PlanLine:
    """One plan's figures: its tasks due in the period and how they went, what its
    inspections found, and how fast the findings were repaired."""

    name: str
    due: int = 0
    on_time: int = 0
    late: int = 0
    skipped: int = 0
    open_now: int = 0
    faults: int = 0
    repairs: int = 0
    repaired: int = 0
    repair_hours: list[float] = field(default_factory=list)

    @property
    def median_repair(self) -> float | None:
        return statistics.median(self.repair_hours) if self.repair_hours else None


@dataclass
class Report:
    """A period's figures."""

    period: Period
    workers: dict[int, Line]
    posts: dict[str, Line]
    categories: dict[str, Line]
    opened: int
    closed: int
    repeats: list[tuple[str, str, list[int]]]  # place, category, ticket numbers
    weeks: list[tuple[date, int, int]]  # week start, opened, fixed
    plans: dict[str, PlanLine] = field(default_factory=dict)
    fault_rooms: list[tuple[str, int]] = field(default_factory=list)  # room, faults found


def compute(
    tickets: list[Ticket],
    history: dict[int, list[Event]],
    period: Period,
    setup: Setup,
    tz: tzinfo,
    now: datetime,
    faults: list[tuple[int, str, int | None]] = (),  # type: ignore[assignment]
) -> Report:
    """Compute every figure of the report from the tickets' histories (`faults`: the ❌
    points of inspections, as (task, room, repair ticket))."""
    start, end = period.bounds(tz)
    workers: dict[int, Line] = {}
    posts: dict[str, Line] = {}
    categories: dict[str, Line] = {}
    opened = closed = 0
    weeks: dict[date, list[int]] = {}
    week = period.first - timedelta(days=period.first.weekday())
    while week <= period.last:
        weeks[week] = [0, 0]
        week += timedelta(days=7)

    def hours(a: datetime, b: datetime) -> float:
        return working_between(setup, a, b, tz).total_seconds() / 3600

    def worker(event: Event) -> Line:
        user_id = event.actor_id or 0
        if user_id not in workers:
            workers[user_id] = Line(event.actor_name or str(user_id))
        return workers[user_id]

    def post_line(ticket: Ticket) -> Line:
        category = setup.category(ticket.category)
        post = setup.post(category.post_key if category else None)
        label = post.name if post else "—"
        return posts.setdefault(label, Line(label))

    def category_line(ticket: Ticket) -> Line:
        label = setup.category_label(ticket.category, "zh")
        return categories.setdefault(label, Line(label))

    for ticket in tickets:
        events = history.get(ticket.id, [])
        assignee_line = None
        if ticket.assignee_id is not None:
            assignee_line = workers.setdefault(
                ticket.assignee_id, Line(ticket.assignee_name or str(ticket.assignee_id))
            )
        by_post, by_category = post_line(ticket), category_line(ticket)
        first_done: dict[int, datetime] = {}
        thanked: dict[int, set[int]] = defaultdict(set)  # worker -> who thanked them
        for event in events:
            if not start <= event.at < end:
                continue
            week_start = event.at.astimezone(tz).date()
            week_start -= timedelta(days=week_start.weekday())
            if event.action is Action.REPORT:
                opened += 1
                by_category.reported += 1
                by_post.reported += 1
                weeks.setdefault(week_start, [0, 0])[0] += 1
            elif event.action is Action.CLAIM:
                line = worker(event)
                line.claimed += 1
                by_post.claimed += 1
                waited = hours(ticket.created_at, event.at)
                line.claim_hours.append(waited)
                by_post.claim_hours.append(waited)
            elif event.action is Action.DONE and (event.actor_id or 0) not in first_done:
                first_done[event.actor_id or 0] = event.at
                line = worker(event)
                took = hours(ticket.created_at, event.at)
                # Judged against the fix-by in force then, as the history recorded it.
                on_time = event.fix_by is None or event.at <= event.fix_by
                for target in (line, by_post, by_category):
                    target.fixed += 1
                    target.on_time += on_time
                    target.fix_hours.append(took)
                weeks.setdefault(week_start, [0, 0])[1] += 1
            elif event.action is Action.REOPEN:
                for target in (assignee_line, by_post):
                    if target is not None:
                        target.reopened += 1
            if event.rating is not None:
                for target in (assignee_line, by_post):
                    if target is not None:
                        target.ratings.append(event.rating)
            if event.action is Action.THANK and event.subject_user_id is not None:
                thanked[event.subject_user_id].add(event.actor_id or 0)
            elif event.rating == 5 and ticket.assignee_id is not None:
                thanked[ticket.assignee_id].add(event.actor_id or 0)
            if event.action in CLOSING:
                closed += 1
        for worker_id, people in thanked.items():
            if worker_id in workers or worker_id == ticket.assignee_id:
                line = workers.setdefault(worker_id, Line(ticket.assignee_name or str(worker_id)))
                line.thanks += len(people)
        if ticket.active:
            age = now - ticket.created_at
            by_category.note_open(age)
            by_post.note_open(age)
            if assignee_line is not None:
                assignee_line.note_open(age)
    workers.pop(0, None)  # the scheduler is nobody's line
    return Report(
        period=period,
        workers=workers,
        posts=posts,
        categories=categories,
        opened=opened,
        closed=closed,
        repeats=repeat_repairs(tickets, start, end),
        weeks=[(day, counts[0], counts[1]) for day, counts in sorted(weeks.items())],
        plans=plan_lines(tickets, history, period, setup, tz, faults),
        fault_rooms=fault_rooms(tickets, period, faults),
    )


def _in_period(ticket: Ticket, period: Period) -> bool:
    return ticket.plan_date is not None and (
        period.first <= date.fromisoformat(ticket.plan_date) <= period.last
    )


def plan_lines(
    tickets: list[Ticket],
    history: dict[int, list[Event]],
    period: Period,
    setup: Setup,
    tz: tzinfo,
    faults: list[tuple[int, str, int | None]],
) -> dict[str, PlanLine]:
    """Per plan: its tasks of the period's days done on time, late, skipped or open; the
    faults its inspections found, the repairs they became and how long those took."""
    lines: dict[str, PlanLine] = {}
    by_id = {ticket.id: ticket for ticket in tickets}
    for ticket in tickets:
        if ticket.plan_key is None or ticket.meeting_id is not None:
            continue  # a report, or a meeting's task (/meetings has those)
        if not _in_period(ticket, period):
            continue
        plan = setup.plan(ticket.plan_key)
        line = lines.setdefault(
            ticket.plan_key, PlanLine(plan.title if plan else ticket.description)
        )
        line.due += 1
        done = next((e for e in history.get(ticket.id, []) if e.action is Action.DONE), None)
        if done is not None:
            if done.fix_by is None or done.at <= done.fix_by:
                line.on_time += 1
            else:
                line.late += 1
        elif any(e.action is Action.SKIP for e in history.get(ticket.id, [])):
            line.skipped += 1
        elif ticket.active:
            line.open_now += 1
    for task_id, _room, repair_id in faults:
        task = by_id.get(task_id)
        if task is None or task.plan_key not in lines:
            continue
        line = lines[task.plan_key]
        line.faults += 1
        repair = by_id.get(repair_id) if repair_id is not None else None
        if repair_id is not None:
            line.repairs += 1
        fixed = next((e for e in history.get(repair_id or 0, []) if e.action is Action.DONE), None)
        if repair is not None and fixed is not None:
            line.repaired += 1
            took = working_between(setup, repair.created_at, fixed.at, tz)
            line.repair_hours.append(took.total_seconds() / 3600)
    return lines


def fault_rooms(
    tickets: list[Ticket], period: Period, faults: list[tuple[int, str, int | None]]
) -> list[tuple[str, int]]:
    """Return the rooms where the period's inspections found faults, most first."""
    in_period = {
        t.id: t
        for t in tickets
        if t.plan_key is not None and t.meeting_id is None and _in_period(t, period)
    }
    counts: dict[str, int] = defaultdict(int)
    for task_id, room, _repair in faults:
        task = in_period.get(task_id)
        if task is not None:
            label = next((name for key, name in task.rooms if key == room), room)
            counts[label or task.location or "—"] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def repeat_repairs(
    tickets: list[Ticket], start: datetime, end: datetime
) -> list[tuple[str, str, list[int]]]:
    """Return places and categories reported again within 30 days, with the ticket numbers."""
    by_place: dict[tuple[str, str], list[Ticket]] = defaultdict(list)
    for ticket in sorted(tickets, key=lambda t: t.created_at):
        place = ticket.location_key or ticket.location
        if place and ticket.status is not Status.CANCELLED:
            by_place[(place, ticket.category)].append(ticket)
    found = []
    for (place, category), group in by_place.items():
        numbers: set[int] = set()
        for earlier, later in itertools.pairwise(group):
            if (
                later.created_at - earlier.created_at <= REPEAT_WINDOW
                and start <= later.created_at < end
            ):
                numbers.update((earlier.id, later.id))
        if numbers:
            found.append((group[-1].location or place, category, sorted(numbers)))
    return sorted(found)
