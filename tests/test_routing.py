"""From words to a category, a place and the person to tell."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.routing import guess_category, plan_report, recognise_place, route
from bot.domain.setup import Setup

TZ = ZoneInfo("Asia/Shanghai")
ADMINS = frozenset({100})
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=TZ)
MONDAY_NIGHT = datetime(2026, 11, 30, 22, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("灯管不亮", "electrical"),
        ("插座没电了", "electrical"),
        ("水龙头漏水", "plumbing"),
        ("马桶堵了", "plumbing"),
        ("门锁坏了", "carpentry"),
        ("投影仪没有画面", "av_network"),
        ("The projector shows no picture", "av_network"),
        ("water leaking from the ceiling", "plumbing"),
        ("钢琴凳坏了", "other"),
        ("", "other"),
    ],
)
def test_category_from_the_words(example_setup: Setup, text: str, category: str) -> None:
    assert guess_category(example_setup, text) == category


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("302", "教学楼 302"),
        ("三楼302 灯不亮", "教学楼 302"),
        ("302教室", "教学楼 302"),
        ("Room 205", "教学楼 205"),
        ("科学楼 2F 水池堵了", "科学楼 2F"),
        ("实验楼2F", "科学楼 2F"),
        ("science building 3F", "科学楼 3F"),
        ("后勤办公室", "行政楼 后勤办公室"),
        ("操场", "操场"),
        ("1302", None),  # not room 302
        ("二楼男厕", None),
        ("科学楼 教学楼", None),  # two buildings, no room: ambiguous
    ],
)
def test_known_places_are_recognised(example_setup: Setup, text: str, label: str | None) -> None:
    place = recognise_place(example_setup, text)
    assert (place.label if place else None) == label


def test_a_room_in_two_buildings_needs_the_building(example_setup: Setup) -> None:
    locations = list(example_setup.locations)
    locations[1] = replace(locations[1], rooms=(*locations[1].rooms, "302"))
    setup = replace(example_setup, locations=tuple(locations))
    assert recognise_place(setup, "302") is None
    place = recognise_place(setup, "科学楼302")
    assert place is not None and place.label == "科学楼 302"


def test_route_to_the_worker_on_duty(example_setup: Setup) -> None:
    routing = route(example_setup, "electrical", MONDAY_9, TZ, ADMINS)
    assert (routing.post_key, routing.suggested_id, routing.notify_ids, routing.reason) == (
        "electrician",
        301,
        (301,),
        "on_duty",
    )


def test_off_duty_tells_every_holder(example_setup: Setup) -> None:
    routing = route(example_setup, "electrical", MONDAY_NIGHT, TZ, ADMINS)
    assert (routing.suggested_id, routing.notify_ids, routing.reason) == (None, (301,), "off_duty")


def test_night_at_the_gate_goes_to_the_night_shift(example_setup: Setup) -> None:
    routing = route(example_setup, "security", MONDAY_NIGHT, TZ, ADMINS)
    assert (routing.suggested_id, routing.reason) == (305, "on_duty")


def test_a_post_with_no_holder_goes_to_the_admins(example_setup: Setup) -> None:
    setup = replace(
        example_setup,
        staff=tuple(replace(s, posts=()) if s.user_id == 301 else s for s in example_setup.staff),
        shifts=tuple(s for s in example_setup.shifts if s.post_key != "electrician"),
    )
    routing = route(setup, "electrical", MONDAY_9, TZ, ADMINS)
    assert (routing.notify_ids, routing.reason) == ((100,), "no_holder")


def test_a_category_without_a_post_goes_to_the_admins(example_setup: Setup) -> None:
    routing = route(example_setup, "other", MONDAY_9, TZ, ADMINS)
    assert (routing.post_key, routing.notify_ids, routing.reason) == (None, (100,), "no_post")


def test_a_report_plan_keeps_an_unknown_place_as_typed(example_setup: Setup) -> None:
    plan = plan_report(
        example_setup,
        text="水龙头一直滴水",
        place="二楼男厕",
        category=None,
        moment=MONDAY_9,
        tz=TZ,
        admin_ids=ADMINS,
    )
    assert (plan.category, plan.location, plan.location_key) == ("plumbing", "二楼男厕", None)
    assert plan.routing.suggested_id == 302
    known = plan_report(
        example_setup,
        text="灯管不亮",
        place="三楼302",
        category="carpentry",
        moment=MONDAY_9,
        tz=TZ,
        admin_ids=ADMINS,
    )
    assert (known.category, known.location, known.location_key) == (
        "carpentry",
        "教学楼 302",
        "教学楼/302",
    )
