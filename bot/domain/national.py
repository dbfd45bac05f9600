"""China's public holidays and make-up working days (调休), from the chinesecalendar package.

The State Council publishes next year's dates in November or December; the package then
releases them. For a year it does not know yet, nothing is assumed: the school's own dates
(school.yaml, `/holiday`, `/workday`) and the weekday pattern apply, and the head is told.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import chinese_calendar


@cache
def _names() -> dict[str, str]:
    """The package's English holiday names, in Chinese."""
    return {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}


@cache
def known_years() -> frozenset[int]:
    """Return the years the package has the State Council's dates for."""
    return frozenset(day.year for day in chinese_calendar.holidays)


def knows(year: int) -> bool:
    """Tell whether the national calendar for `year` is known."""
    return year in known_years()


def holiday(day: date) -> str | None:
    """Return the public holiday `day` falls in (in Chinese), or None."""
    name = chinese_calendar.holidays.get(day)
    return _names().get(name, name) if name else None


def makeup_workday(day: date) -> str | None:
    """Return the holiday a make-up working day (调休上班) belongs to, or None."""
    name = chinese_calendar.workdays.get(day)
    if name is None or day.weekday() < 5:
        return None  # the package lists every working day of its years; only weekends count
    return f"{_names().get(name, name)}调休"
