"""Working time: deadlines that count school hours, quiet hours, time between two moments.

Normal tickets' limits count working time (hours per weekday from school.yaml, minus holidays
and vacations); urgent tickets count around the clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo

from bot.domain import national
from bot.domain.setup import Setup

MAX_DAYS = 3 * 366  # a limit that cannot be met within three years is a set-up mistake
UNITS = {"m": 1, "h": 60, "d": 24 * 60}


def parse_duration(text: str) -> tuple[int, str]:
    """Split "30m", "4h" or "3d" into (30, "m")."""
    return int(text[:-1]), text[-1]


def wall_duration(text: str) -> timedelta:
    """Return a duration counted around the clock ("3d" is 72 hours)."""
    amount, unit = parse_duration(text)
    return timedelta(minutes=amount * UNITS[unit])


DEFAULT_HOURS = (time(7, 30), time(17, 30))  # a day off's work (the gate's plan) starts then


@dataclass(frozen=True)
class SchoolDay:
    """What a date is for the school: working or not, whose weekday's hours and roster it
    keeps, and the holiday or make-up day it is."""

    working: bool
    like: int  # the weekday (0 = Monday) whose hours and duty roster apply
    holiday: str | None = None  # a holiday: closed, the holiday duty applies
    makeup: str | None = None  # a make-up working day (调休上班)


# What each day is, for the set-up in use: deadlines, the roster and plans ask the same days
# over and over. A set-up is never changed in place (a change makes a new one), so the
# answers hold while the cache holds that very object; the pair is swapped as one, so a
# thread reading it never mixes two set-ups.
_DAYS: tuple[Setup | None, dict[date, SchoolDay]] = (None, {})


def school_day(setup: Setup, day: date) -> SchoolDay:
    """Return what `day` is for the school (see `_school_day`); a calendar with no working
    hours at all has no working day, make-up days included."""
    global _DAYS
    cache = _DAYS
    if cache[0] is not setup:
        cache = _DAYS = (setup, {})
    known = cache[1].get(day)
    if known is None:
        known = _school_day(setup, day)
        if known.working and not setup.calendar.working_hours:
            known = replace(known, working=False)
        cache[1][day] = known
    return known


def _school_day(setup: Setup, day: date) -> SchoolDay:
    """Return what `day` is: the school's own make-up days and holidays first, then China's
    public holidays and make-up days (unless the school turned them off), vacations, and the
    working weekdays."""
    own = setup.workdays.get(day)
    if own is not None:
        return SchoolDay(True, own.like, makeup=own.name)
    if day in setup.holidays:
        return SchoolDay(False, day.weekday(), holiday=setup.holidays[day])
    calendar = setup.calendar
    country = calendar.national == "cn"
    name = national.holiday(day) if country else None
    if name is not None:
        return SchoolDay(False, day.weekday(), holiday=name)
    vacation = any(v.first <= day <= v.last for v in calendar.vacations)
    makeup = national.makeup_workday(day) if country and not vacation else None
    if makeup is not None:
        return SchoolDay(True, calendar.makeup_like, makeup=makeup)
    return SchoolDay(not vacation and day.weekday() in calendar.working_hours, day.weekday())


def is_working_day(setup: Setup, day: date) -> bool:
    """Tell whether the school works on `day`."""
    return school_day(setup, day).working


def hours_of(setup: Setup, like: int) -> tuple[time, time]:
    """Return the working hours of a weekday pattern (a make-up day keeps a weekday's)."""
    hours = setup.calendar.working_hours
    return hours.get(like) or next(iter(hours.values()), DEFAULT_HOURS)


def windows(setup: Setup, start: date, tz: tzinfo) -> Iterator[tuple[datetime, datetime]]:
    """Yield the working windows from `start` on, in order (at most MAX_DAYS days)."""
    for offset in range(MAX_DAYS):
        day = start + timedelta(days=offset)
        kind = school_day(setup, day)
        if kind.working:
            opens, closes = hours_of(setup, kind.like)
            yield datetime.combine(day, opens, tzinfo=tz), datetime.combine(day, closes, tzinfo=tz)


def add_working(setup: Setup, start: datetime, minutes: float, tz: tzinfo) -> datetime:
    """Return the moment `minutes` of working time after `start`."""
    remaining = timedelta(minutes=minutes)
    local = start.astimezone(tz)
    for opens, closes in windows(setup, local.date(), tz):
        if closes <= local:
            continue
        begin = max(opens, local)
        if remaining <= closes - begin:
            return begin + remaining
        remaining -= closes - begin
    raise ValueError("no working time in the calendar")


def add_working_days(setup: Setup, start: datetime, days: int, tz: tzinfo) -> datetime:
    """Return the same time of day `days` working days later (from the next working moment
    if `start` is outside working hours), kept within that day's hours."""
    local = start.astimezone(tz)
    found = windows(setup, local.date(), tz)
    opens, closes = next(found)
    while closes <= local:
        opens, closes = next(found)
    clock = max(local, opens).timetz().replace(tzinfo=None)
    for _ in range(days):
        opens, closes = next(found)
    at = datetime.combine(opens.date(), clock, tzinfo=tz)
    return min(max(at, opens), closes)


def deadline(setup: Setup, start: datetime, limit: str, *, urgent: bool, tz: tzinfo) -> datetime:
    """Return when a limit like "4h" or "3d" runs out for a ticket started at `start`."""
    if urgent:
        return start + wall_duration(limit)
    amount, unit = parse_duration(limit)
    if unit == "d":
        return add_working_days(setup, start, amount, tz)
    return add_working(setup, start, amount * UNITS[unit], tz)


def working_between(setup: Setup, start: datetime, end: datetime, tz: tzinfo) -> timedelta:
    """Return the working time between two moments (zero if `end` is not after `start`)."""
    if end <= start:
        return timedelta(0)
    total = timedelta(0)
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    for opens, closes in windows(setup, local_start.date(), tz):
        if opens >= local_end:
            break
        overlap = min(closes, local_end) - max(opens, local_start)
        if overlap > timedelta(0):
            total += overlap
    return total


def shift_for_pause(
    setup: Setup,
    due: datetime,
    paused_from: datetime,
    paused_to: datetime,
    *,
    urgent: bool,
    tz: tzinfo,
) -> tuple[datetime, timedelta]:
    """Move a deadline later by the time a ticket spent on hold; return it and that time."""
    if urgent:
        paused = paused_to - paused_from
        return due + paused, paused
    paused = working_between(setup, paused_from, paused_to, tz)
    return add_working(setup, due, paused.total_seconds() / 60, tz), paused


def is_quiet(setup: Setup, moment: datetime, tz: tzinfo) -> bool:
    """Tell whether only urgent things may be pushed now: quiet hours or a non-working day."""
    return not is_working_day(setup, moment.astimezone(tz).date()) or in_quiet_hours(
        setup, moment, tz
    )


def next_loud(setup: Setup, moment: datetime, tz: tzinfo) -> datetime:
    """Return the first moment from `moment` on when more than urgent news may be pushed:
    `moment` itself, or the end of the quiet hours on the next working day."""
    if not is_quiet(setup, moment, tz):
        return moment
    day = moment.astimezone(tz).date()
    for offset in range(MAX_DAYS):
        candidate = at_time(day + timedelta(days=offset), setup.reminders.quiet_ends, tz)
        if candidate > moment and not is_quiet(setup, candidate, tz):
            return candidate
    return moment  # a calendar with no working day at all: do not hold anything back


def in_quiet_hours(setup: Setup, moment: datetime, tz: tzinfo) -> bool:
    """Tell whether the clock is inside the quiet hours (21:00–07:00), whatever the day."""
    starts, ends = setup.reminders.quiet_starts, setup.reminders.quiet_ends
    now = moment.astimezone(tz).time().replace(tzinfo=None)
    if starts <= ends:
        return starts <= now < ends
    return now >= starts or now < ends


def at_time(day: date, clock: time, tz: tzinfo) -> datetime:
    """Return `day` at `clock` in the school's time zone."""
    return datetime.combine(day, clock, tzinfo=tz)
