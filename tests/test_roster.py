"""Who is on duty, at the edges: shift ends, midnight, overrides, holidays, the time zone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain.roster import duties_on, next_duties, on_duty, parse_day
from bot.domain.setup import Setup, Shift

TZ = ZoneInfo("Asia/Shanghai")
ZHOU, WU, ZHANG, LIU = 304, 305, 301, 302


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


def who(setup: Setup, moment: datetime, post: str | None = None) -> list[int]:
    return [d.user_id for d in on_duty(setup, moment, TZ, post)]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(30, 7, 29), []),  # Monday, a minute before the electrician's shift
        (at(30, 7, 30), [ZHANG]),  # the first minute
        (at(30, 17, 29), [ZHANG]),
        (at(30, 17, 30), []),  # the end is not inside the shift
    ],
)
def test_shift_boundaries(example_setup: Setup, moment: datetime, expected: list[int]) -> None:
    assert who(example_setup, moment, "electrician") == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(30, 17, 59), [ZHOU]),  # Monday day shift
        (at(30, 18, 0), [WU]),  # Monday night shift 18:00-06:00 starts
        (at(30, 23, 59), [WU]),
        (datetime(2026, 12, 1, 3, 0, tzinfo=TZ), [WU]),  # after midnight: still Monday's shift
        (datetime(2026, 12, 1, 6, 0, tzinfo=TZ), [WU]),  # Tuesday's day shift: 老吴 again
        (datetime(2026, 12, 1, 18, 0, tzinfo=TZ), [ZHOU]),
    ],
)
def test_night_shift_crosses_midnight(
    example_setup: Setup, moment: datetime, expected: list[int]
) -> None:
    assert who(example_setup, moment, "gatekeeper") == expected


def test_a_whole_day_shift_runs_until_the_next_morning(example_setup: Setup) -> None:
    # Saturday 06:00-06:00 by 老吴, Sunday 06:00-06:00 by 老周.
    assert who(example_setup, at(28, 12), "gatekeeper") == [WU]
    assert who(example_setup, at(29, 5, 59), "gatekeeper") == [WU]
    assert who(example_setup, at(29, 6), "gatekeeper") == [ZHOU]
    assert who(example_setup, at(30, 5, 59), "gatekeeper") == [ZHOU]


def test_now_is_read_in_the_school_time_zone(example_setup: Setup) -> None:
    utc_moment = datetime(2026, 11, 29, 23, 45, tzinfo=UTC)  # Monday 07:45 in Shanghai
    assert who(example_setup, utc_moment, "electrician") == [ZHANG]
    assert who(example_setup, utc_moment, "electrician") == who(
        example_setup, at(30, 7, 45), "electrician"
    )


def test_a_date_override_beats_the_weekly_pattern(example_setup: Setup) -> None:
    # 2026-12-02 (Wednesday): 张师傅 on leave, 刘师傅 covers electrician.
    assert who(example_setup, datetime(2026, 12, 2, 9, tzinfo=TZ), "electrician") == [LIU]
    assert who(example_setup, datetime(2026, 12, 9, 9, tzinfo=TZ), "electrician") == [ZHANG]
    # Other posts that day keep their weekly shifts.
    assert who(example_setup, datetime(2026, 12, 2, 9, tzinfo=TZ), "plumber") == [LIU]


def test_a_holiday_empties_the_roster_but_the_holiday_duty(example_setup: Setup) -> None:
    new_year = date(2027, 1, 1)  # a Friday, and a holiday
    posts = {d.post_key for d in duties_on(example_setup, new_year, TZ)}
    assert posts == {"gatekeeper"}
    assert who(example_setup, datetime(2027, 1, 1, 10, tzinfo=TZ)) == [ZHOU]
    assert who(example_setup, datetime(2027, 1, 1, 20, tzinfo=TZ)) == [WU]
    no_duty = replace(
        example_setup, shifts=tuple(s for s in example_setup.shifts if not s.holiday)
    )
    assert duties_on(no_duty, new_year, TZ) == []


def test_an_override_on_a_holiday_still_applies(example_setup: Setup) -> None:
    extra = Shift("electrician", ZHANG, time(9), time(12), on_date=date(2027, 1, 1))
    setup = replace(example_setup, shifts=(*example_setup.shifts, extra))
    assert who(setup, datetime(2027, 1, 1, 10, tzinfo=TZ), "electrician") == [ZHANG]


def test_next_duties_include_the_shift_running_now(example_setup: Setup) -> None:
    duties = next_duties(example_setup, ZHANG, at(30, 9), TZ, days=7)
    assert [d.starts.date().isoformat() for d in duties] == [
        "2026-11-30",
        "2026-12-01",
        "2026-12-03",  # Wednesday 12-02 is covered by 刘师傅
        "2026-12-04",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 30)),
        ("明天", date(2026, 12, 1)),
        ("tomorrow", date(2026, 12, 1)),
        ("周三", date(2026, 12, 2)),
        ("wed", date(2026, 12, 2)),
        ("monday", date(2026, 11, 30)),
        ("星期日", date(2026, 12, 6)),
        ("2026-12-25", date(2026, 12, 25)),
        ("12-25", date(2026, 12, 25)),
        ("电工", None),
        ("2026-13-01", None),
    ],
)
def test_days_as_people_write_them(text: str, expected: date | None) -> None:
    assert parse_day(text, date(2026, 11, 30)) == expected
