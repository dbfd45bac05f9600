"""Water and power (水电管理, 节约后勤): readings checked as they are typed, leaks caught, the
month's use posted for all (一月一查抄，张榜公布).

A reading is checked at once: lower than the last (a counter that rolled over, or a typo: the
reader says which), far above the usual daily use (confirmed, and the head told), a round
missed (noted). Corrections are new rows; nothing is overwritten.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from bot.domain.errors import Refused
from bot.domain.model import Action, Reading, SetupChange, Status
from bot.domain.plans import parse_rule
from bot.domain.setup import Meter, Setup
from bot.domain.tickets import Given, Tickets
from bot.domain.users import Actor
from bot.domain.workcal import at_time, school_day
from storage import events as event_store
from storage import readings as reading_store
from storage.db import Database

NUMBER = re.compile(r"[0-9]{1,10}(?:\.[0-9]{1,3})?")
HIGH = 2.0  # this many times the usual daily use: ask, and tell the head
HISTORY = timedelta(days=182)  # "the usual": the last six months


def read_value(text: str) -> float:
    """Read a meter's figure: digits (a decimal point allowed), nothing else — or refuse."""
    words = text.strip().replace(",", "")
    if not NUMBER.fullmatch(words):
        raise Refused("bad_reading", value=text[:20])
    return float(words)


def interval_days(meter: Meter) -> float:
    """Return the usual days between two rounds of a meter's rule."""
    rule = parse_rule(meter.rule)
    if rule.kind == "days":
        return float(rule.every)
    if rule.kind == "weeks":
        return 7.0 * rule.every / max(len(rule.weekdays), 1)
    return 30.0


@dataclass(frozen=True)
class Check:
    """What a typed reading needs before it is recorded: nothing, or the reader's word."""

    ask: str | None  # None: recorded | lower | high
    reading: Reading | None = None  # what was recorded
    rollover_use: float | None = None  # lower: the use if the counter rolled over
    daily: float | None = None  # high: this reading's daily use …
    usual: float | None = None  # … and the usual


class Meters:
    """Takes readings (checked), keeps them, and sums a month's use per meter."""

    def __init__(
        self, db: Database, setup: Callable[[], Setup], tz: tzinfo, tickets: Tickets
    ) -> None:
        self._db = db
        self._setup = setup
        self._tz = tz
        self._tickets = tickets

    def meter(self, key: str) -> Meter:
        found = self._setup().meter(key)
        if found is None:
            names = "、".join(m.key for m in self._setup().meters) or "—"
            raise Refused("no_such_meter", value=key[:20], known=names)
        return found

    async def read(
        self, actor: Actor, meter: Meter, value: float, now: datetime, *,
        confirm: str | None = None, ticket_id: int | None = None, correct: bool = False,
    ) -> Check:  # fmt: skip
        """Record a reading unless it needs the reader's word first (`confirm`: "rollover",
        "high" or "typo" is what they said). `correct`: it replaces the last reading."""
        setup, tz = self._setup(), self._tz
        if actor.user_id not in [s.user_id for s in setup.holders(meter.post_key)] and not (
            actor.is_admin
        ):
            raise Refused("meter_not_yours", meter=meter.name)
        if value >= 10**meter.digits:
            raise Refused("reading_too_many_digits", digits=meter.digits)

        def store(conn: sqlite3.Connection) -> Check:
            last = reading_store.last(conn, meter.key)
            replaces = None
            if correct:
                if last is None:
                    raise Refused("nothing_to_correct", meter=meter.name)
                replaces, last = last.id, reading_store.before(conn, meter.key, last.at)
            flags: list[str] = []
            use = None
            if last is not None:
                use = value - last.value
                if use < 0:
                    rolled = 10**meter.digits - last.value + value
                    if confirm != "rollover":
                        plausible = rolled < 10**meter.digits / 2
                        return Check("lower", rollover_use=rolled if plausible else None)
                    use = rolled
                    flags.append("rollover")
                days = max((now - last.at).total_seconds() / 86400, 1 / 24)
                usual = _usual_daily(conn, meter.key, now)
                if usual and use / days > HIGH * usual:
                    if confirm != "high":
                        return Check("high", daily=use / days, usual=usual)
                    flags.append("high")
                if days > 1.5 * interval_days(meter):
                    flags.append("missed")
                if (
                    usual
                    and all_closed(setup, last.at, now, tz)
                    and use / days > meter.closed_share * usual
                ):
                    flags.append("closed_high")  # a closed day used too much: a leak, a light
            reading = Reading(
                id=0, meter_key=meter.key, at=now, value=value, use=use, ticket_id=ticket_id,
                by_id=actor.user_id, flags=tuple(flags),
            )  # fmt: skip
            new_id = reading_store.add(conn, reading, replaces=replaces)
            used = "" if use is None else f" +{use:g}{meter.unit}"
            note = f"{meter.name} {value:g}{used} {' '.join(flags)}".strip()
            event_store.add_event(
                conn, at=now, actor_id=actor.user_id, action=SetupChange.READING,
                ticket_id=ticket_id, note=note,
            )  # fmt: skip
            return Check(None, reading=replace(reading, id=new_id))

        check = await self._db.write(store)
        if check.reading is not None and ticket_id is not None:
            ticket = await self._tickets.get(ticket_id)
            if ticket.status is Status.OPEN:
                await self._tickets.act(Action.CLAIM, actor=actor, ticket_id=ticket_id, now=now)
            if ticket.status in (Status.OPEN, Status.CLAIMED):
                used = check.reading.use
                note = f"{value:g}" + ("" if used is None else f"（+{used:g}{meter.unit}）")
                await self._tickets.act(
                    Action.DONE, actor=actor, ticket_id=ticket_id, now=now,
                    given=Given(note=note, walked=True),
                )  # fmt: skip
        return check

    async def last(self, meter: Meter) -> Reading | None:
        return await self._db.read(reading_store.last, meter.key)

    async def month(self, meter: Meter, year: int, month: int) -> MonthUse:
        """Return a meter's use in a month: in all, on working days and on days off."""
        return await self._db.read(month_use, self._setup(), self._tz, meter, year, month)


def month_use(
    conn: sqlite3.Connection, setup: Setup, tz: tzinfo, meter: Meter, year: int, month: int
) -> MonthUse:
    """Return a meter's use in a month (each reading's use counted on the day it was read)."""
    start = at_time(date(year, month, 1), datetime.min.time(), tz)
    following = date(year + month // 12, month % 12 + 1, 1)
    end = at_time(following, datetime.min.time(), tz)
    working = closed = 0.0
    readings = reading_store.between(conn, meter.key, start, end)
    earlier = reading_store.before(conn, meter.key, start)
    for reading in readings:
        if reading.use is not None and earlier is not None:
            # a weekend's or a holiday's use is the use of the days the school was closed
            if all_closed(setup, earlier.at, reading.at, tz):
                closed += reading.use
            else:
                working += reading.use
        earlier = reading
    return MonthUse(meter, year, month, working + closed, working, closed, len(readings))


def previous_month(year: int, month: int, back: int = 1) -> tuple[int, int]:
    """Return the (year, month) `back` months before."""
    index = year * 12 + month - 1 - back
    return index // 12, index % 12 + 1


@dataclass(frozen=True)
class MonthUse:
    meter: Meter
    year: int
    month: int
    total: float
    working: float  # read on working days
    closed: float  # read on days off
    readings: int

    @property
    def cost(self) -> float:
        return round(self.total * self.meter.price, 2)


def _usual_daily(conn: sqlite3.Connection, meter_key: str, now: datetime) -> float | None:
    """Return the meter's average daily use over the last six months (None: too little)."""
    readings = reading_store.between(conn, meter_key, now - HISTORY, now)
    used = [r for r in readings if r.use is not None and "high" not in r.flags]
    if len(used) < 3:
        return None
    first = reading_store.before(conn, meter_key, used[0].at)
    start = first.at if first else used[0].at
    days = (used[-1].at - start).total_seconds() / 86400
    return sum(r.use or 0 for r in used) / days if days > 0 else None


def all_closed(setup: Setup, start: datetime, end: datetime, tz: tzinfo) -> bool:
    """Tell whether the whole days between two readings (Friday evening to Monday morning:
    Saturday and Sunday) were all days the school was closed — at least one of them."""
    day = start.astimezone(tz).date() + timedelta(days=1)
    last = end.astimezone(tz).date() - timedelta(days=1)
    if day > last:
        return False
    while day <= last:
        if school_day(setup, day).working:
            return False
        day += timedelta(days=1)
    return True
