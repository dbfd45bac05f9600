"""Who is on duty (值班): the weekly pattern, single-date overrides, holidays, night shifts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from bot.domain.setup import WEEKDAYS, Setup, Shift
from bot.domain.text import plain
from bot.domain.workcal import school_day

# Days the bot reads at all: far enough for any plan, near enough that date arithmetic on
# them never runs off the calendar (date.max + 1 day is an error).
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


@dataclass(frozen=True)
class Duty:
    """One shift placed on the calendar."""

    shift: Shift
    starts: datetime
    ends: datetime

    @property
    def post_key(self) -> str:
        return self.shift.post_key

    @property
    def user_id(self) -> int:
        return self.shift.user_id


def shifts_on(setup: Setup, day: date) -> list[Shift]:
    """Return the shifts that start on `day`.

    For each post, shifts set for that very date win; otherwise a holiday (the school's or
    the country's) has only the holiday duty, and any other day follows the weekly pattern —
    a make-up working day that of the weekday it stands in for.
    """
    overridden = {s.post_key for s in setup.shifts if s.on_date == day}
    kind = school_day(setup, day)  # a make-up Saturday keeps a weekday's roster
    holiday = kind.holiday is not None
    result = []
    for shift in setup.shifts:
        if shift.on_date is not None:
            keep = shift.on_date == day
        elif shift.post_key in overridden:
            keep = False
        elif shift.holiday:
            keep = holiday
        else:
            keep = not holiday and shift.weekday == kind.like
        if keep:
            result.append(shift)
    return result


def place(shift: Shift, day: date, tz: tzinfo) -> Duty:
    """Put a shift on `day` in the school's time zone; one ending at or before it starts
    ends the next day (18:00-08:00; 08:00-08:00 is a whole day)."""
    starts = datetime.combine(day, shift.starts, tzinfo=tz)
    ends_day = day if shift.ends > shift.starts else day + timedelta(days=1)
    return Duty(shift, starts, datetime.combine(ends_day, shift.ends, tzinfo=tz))


def duties_on(setup: Setup, day: date, tz: tzinfo) -> list[Duty]:
    """Return the duties starting on `day`, by post order then start time."""
    order = {post.key: index for index, post in enumerate(setup.posts)}
    duties = [place(shift, day, tz) for shift in shifts_on(setup, day)]
    return sorted(duties, key=lambda d: (order.get(d.post_key, len(order)), d.starts))


def on_duty(setup: Setup, moment: datetime, tz: tzinfo, post_key: str | None = None) -> list[Duty]:
    """Return who is on duty at `moment` (for one post, or all), night shifts included."""
    local = moment.astimezone(tz)
    found = []
    for day in (local.date() - timedelta(days=1), local.date()):
        for duty in duties_on(setup, day, tz):
            if duty.starts <= local < duty.ends and post_key in (None, duty.post_key):
                found.append(duty)
    return found


def next_duties(
    setup: Setup, user_id: int, moment: datetime, tz: tzinfo, *, days: int
) -> list[Duty]:
    """Return a worker's duties that have not ended yet, over the next `days` days."""
    local = moment.astimezone(tz)
    found = []
    for offset in range(-1, days):
        for duty in duties_on(setup, local.date() + timedelta(days=offset), tz):
            if duty.user_id == user_id and duty.ends > local:
                found.append(duty)
    return found


_WEEKDAY_WORDS = {
    **{name: i for i, name in enumerate(WEEKDAYS)},
    **{name[:3]: i for i, name in enumerate(WEEKDAYS)},
    **{f"周{c}": i for i, c in enumerate("一二三四五六日")},
    **{f"星期{c}": i for i, c in enumerate("一二三四五六日")},
    "周天": 6,
    "星期天": 6,
}
_RELATIVE = {
    "today": 0,
    "今天": 0,
    "tomorrow": 1,
    "明天": 1,
    "后天": 2,
    "yesterday": -1,
    "昨天": -1,
}


def parse_day(text: str, today: date) -> date | None:
    """Read a day as people write it: 2026-12-01, 12-01, tomorrow/明天, wed/周三 (the next one,
    today included). None if it is not a day."""
    word = plain(text).strip().lower()
    if word in _RELATIVE:
        return today + timedelta(days=_RELATIVE[word])
    if word in _WEEKDAY_WORDS:
        return today + timedelta(days=(_WEEKDAY_WORDS[word] - today.weekday()) % 7)
    for prefix, named in (("下周", "周"), ("下星期", "星期"), ("下礼拜", "星期"), ("next ", "")):
        if word.startswith(prefix):  # that weekday of next week: 下周一, next mon
            weekday = _WEEKDAY_WORDS.get(named + word.removeprefix(prefix).strip())
            if weekday is not None:
                next_monday = today + timedelta(days=7 - today.weekday())
                return next_monday + timedelta(days=weekday)
    for candidate in (word, f"{today.year}-{word}"):
        try:
            day = date.fromisoformat(candidate)
        except ValueError:
            continue
        return day if EARLIEST <= day <= LATEST else None
    return None


def weekday_of(text: str) -> int | None:
    """Return the weekday (0 = Monday) a word names, or None."""
    return _WEEKDAY_WORDS.get(text.strip().lower())
