"""Who is on duty (值班): the weekly pattern, single-date overrides, holidays, night shifts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from bot.setup import Setup, Shift


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

    For each post, shifts set for that very date win; otherwise a holiday has only the
    holiday duty, and any other day follows the weekly pattern.
    """
    overridden = {s.post_key for s in setup.shifts if s.on_date == day}
    holiday = day in setup.holidays
    result = []
    for shift in setup.shifts:
        if shift.on_date is not None:
            keep = shift.on_date == day
        elif shift.post_key in overridden:
            keep = False
        elif shift.holiday:
            keep = holiday
        else:
            keep = not holiday and shift.weekday == day.weekday()
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
