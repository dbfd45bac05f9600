"""Working-hours arithmetic at the edges: end of day, weekend, holiday, vacation, time zone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.deadlines import limits_for
from bot.domain.setup import Setup
from bot.domain.workcal import deadline, is_quiet, shift_for_pause, working_between

TZ = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


@pytest.mark.parametrize(
    ("start", "limit", "expected"),
    [
        (at(11, 30, 8), "4h", at(11, 30, 12)),  # Monday, inside the day
        (at(11, 30, 16), "4h", at(12, 1, 10)),  # 1.5 h today, 2.5 h from Tuesday 07:30
        (at(11, 30, 17, 30), "30m", at(12, 1, 8)),  # at closing time: tomorrow morning
        (at(11, 30, 6), "4h", at(11, 30, 11, 30)),  # before opening: counts from 07:30
        (at(12, 4, 16), "4h", at(12, 7, 10)),  # Friday afternoon: over the weekend
        (at(12, 5, 10), "1h", at(12, 7, 8, 30)),  # reported on Saturday
        (at(12, 30, 16), "4h", at(1, 4, 10, year=2027)),  # the 31st and the 1st are holidays
        (at(1, 22, 16, year=2027), "4h", at(2, 22, 10, year=2027)),  # winter vacation
        (at(11, 30, 8), "3d", at(12, 3, 8)),  # three working days, same time of day
        (at(12, 4, 8), "1d", at(12, 7, 8)),  # Friday + 1 working day = Monday
        (at(11, 30, 19), "1d", at(12, 2, 7, 30)),  # after hours: from the next morning
        (at(11, 30, 8), "45m", at(11, 30, 8, 45)),
    ],
)
def test_normal_limits_count_working_time(
    example_setup: Setup, start: datetime, limit: str, expected: datetime
) -> None:
    assert deadline(example_setup, start, limit, urgent=False, tz=TZ) == expected


def test_urgent_limits_count_around_the_clock(example_setup: Setup) -> None:
    assert deadline(example_setup, at(12, 4, 20), "4h", urgent=True, tz=TZ) == at(12, 5, 0)
    assert deadline(example_setup, at(12, 5, 10), "30m", urgent=True, tz=TZ) == at(12, 5, 10, 30)


def test_time_zone_of_the_moment_does_not_matter(example_setup: Setup) -> None:
    utc = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)  # 08:00 in Shanghai
    assert deadline(example_setup, utc, "4h", urgent=False, tz=TZ) == at(11, 30, 12)


def test_a_tickets_limits_come_from_its_post(example_setup: Setup) -> None:
    av = limits_for(
        example_setup, category="av_network", urgency="urgent", start=at(11, 30, 9), tz=TZ
    )
    assert (av.claim_by, av.fix_by) == (at(11, 30, 9, 15), at(11, 30, 11))
    other = limits_for(
        example_setup, category="other", urgency="normal", start=at(11, 30, 9), tz=TZ
    )
    assert (other.claim_by, other.fix_by) == (at(11, 30, 13), at(12, 3, 9))


def test_working_time_between_two_moments(example_setup: Setup) -> None:
    assert working_between(example_setup, at(11, 30, 16), at(12, 1, 9), tz=TZ) == timedelta(
        hours=3
    )
    assert working_between(example_setup, at(12, 4, 17), at(12, 7, 8), tz=TZ) == timedelta(hours=1)
    assert working_between(example_setup, at(12, 1, 9), at(11, 30, 9), tz=TZ) == timedelta(0)


def test_hold_moves_the_deadline_by_the_working_time_on_hold(example_setup: Setup) -> None:
    due, paused = shift_for_pause(
        example_setup, at(12, 1, 12), at(11, 30, 16), at(12, 1, 9), urgent=False, tz=TZ
    )
    assert (due, paused) == (at(12, 1, 15), timedelta(hours=3))
    due, paused = shift_for_pause(
        example_setup, at(12, 1, 12), at(11, 30, 16), at(12, 1, 9), urgent=True, tz=TZ
    )
    assert (due, paused) == (at(12, 2, 5), timedelta(hours=17))


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        (at(11, 30, 20, 59), False),
        (at(11, 30, 21, 0), True),
        (at(12, 1, 6, 59), True),
        (at(12, 1, 7, 0), False),
        (at(12, 5, 12), True),  # Saturday
        (at(1, 1, 12, year=2027), True),  # a holiday
        (at(2, 1, 12, year=2027), True),  # the winter vacation
    ],
)
def test_quiet_hours(example_setup: Setup, moment: datetime, quiet: bool) -> None:
    assert is_quiet(example_setup, moment, TZ) is quiet


def test_a_school_with_no_working_days_is_a_clear_error(example_setup: Setup) -> None:
    calendar = replace(example_setup.calendar, working_hours={})
    setup = replace(example_setup, calendar=calendar)
    with pytest.raises(ValueError, match="no working time"):
        deadline(setup, at(11, 30, 8), "4h", urgent=False, tz=TZ)
