"""From words to a category, a place and the person to tell."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.places import (
    every_place,
    place_by_key,
    place_by_token,
    place_token,
    recognise_place,
)
from bot.domain.routing import guess_category, plan_report, route
from bot.domain.setup import Room, Setup

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
        ("科学楼 教学楼", None),  # two buildings, no room: ambiguous
        # Anywhere in the text, not only the first word.
        ("灯不亮 三年级二班", "教学楼 302"),  # a class's name finds its classroom
        ("三(2)班的投影仪坏了", "教学楼 302"),
        ("二楼男厕 水管漏水", "教学楼 2F男厕"),
        # The longest name wins: the toilet, not the science building's "2F".
        ("the tap in the 2F girls toilet is leaking", "教学楼 2F女厕"),
        ("the lamp is out", None),  # "the" is no place
        ("食堂 水管漏水", None),  # not on the school's list
    ],
)
def test_known_places_are_recognised(example_setup: Setup, text: str, label: str | None) -> None:
    place = recognise_place(example_setup, text)
    assert (place.label if place else None) == label


def test_a_room_in_two_buildings_needs_the_building(example_setup: Setup) -> None:
    locations = list(example_setup.locations)
    locations[1] = replace(locations[1], rooms=(*locations[1].rooms, Room("302")))
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
        place_text="食堂二楼",
        category=None,
        moment=MONDAY_9,
        tz=TZ,
        admin_ids=ADMINS,
    )
    assert (plan.category, plan.location, plan.location_key) == ("plumbing", "食堂二楼", None)
    assert plan.routing.suggested_id == 302
    known = plan_report(
        example_setup,
        text="灯管不亮",
        place_text="三楼302",
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
    found = plan_report(
        example_setup,
        text="灯管不亮 三年级二班",
        category=None,
        moment=MONDAY_9,
        tz=TZ,
        admin_ids=ADMINS,
    )
    assert (found.category, found.location_key) == ("electrical", "教学楼/302")


def test_every_place_has_a_short_token_that_finds_it(example_setup: Setup) -> None:
    places = every_place(example_setup)
    labels = [p.label for p in places]
    assert "教学楼 302" in labels and "操场" in labels and "校门" in labels
    assert "教学楼" not in labels  # a building with rooms has stickers per room
    tokens = [place_token(p) for p in places]
    assert len(set(tokens)) == len(places)
    assert all(
        len(token) == 12 and token.replace("-", "").replace("_", "").isalnum() for token in tokens
    )
    assert place_by_token(example_setup, tokens[0]) == places[0]
    assert place_by_token(example_setup, "A" * 12) is None
    assert place_by_token(example_setup, "") is None
    assert place_by_key(example_setup, "教学楼/302") == places[labels.index("教学楼 302")]
    assert place_by_key(example_setup, "教学楼/999") is None
    assert place_by_key(example_setup, "操场") is not None
