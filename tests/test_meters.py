"""Water and power: readings checked as typed, a rollover understood, a leak caught on a closed
weekend, corrections kept, the month posted for all; a switch-off round before a break."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.app import sweep
from bot.domain.errors import Refused
from bot.domain.meters import read_value
from bot.domain.plans import plan_days
from bot.domain.setup import Setup
from bot.formats.school_file import dump_school_file, parse_school_file
from bot.local.school import (
    ADMIN,
    ELECTRICIAN,
    GATEKEEPER_ZHOU,
    SCHOOL_CHAT_ID,
    LocalSchool,
)
from tests.helpers import labels, rows, to

ZHOU = GATEKEEPER_ZHOU


async def read(school: LocalSchool, figure: str, *, who=ZHOU) -> str:  # type: ignore[no-untyped-def]
    await school.chat.say(who, who.id, f"/meter water_main {figure}")
    return school.api.last_bot_message(who.id).text


def test_meters_and_the_break_rule_survive_the_round_trip(example_setup: Setup) -> None:
    again = parse_school_file(dump_school_file(example_setup))
    assert again.meters == example_setup.meters and again.pupils == 860
    switch_off = example_setup.plan("switch_off")
    assert switch_off is not None
    days = plan_days(switch_off, example_setup, date(2026, 11, 30), date(2027, 3, 1))
    assert days == [date(2026, 12, 30), date(2027, 1, 22)]  # before New Year, before winter


@pytest.mark.parametrize("text", ["12,34a", "-5", "12345 m³", "一二三", "", "1.23456"])
def test_bad_readings_are_refused(text: str) -> None:
    with pytest.raises(Refused):
        read_value(text)


async def test_a_reading_round_is_a_task_done_by_typing_the_reading(whole: LocalSchool) -> None:
    to(whole, 11, 30, 7, 50)
    await sweep(whole.app)
    [(task,)] = rows(whole, "select id from tickets where plan_key = 'meter_water_main'")
    calls = next(m for m in whole.api.chat(ZHOU.id) if "抄表：总水表" in m.text)
    await whole.chat.press(ZHOU, calls, f"#{task} 🙋")
    assert f"#{task} 📟 填读数" in labels(calls)
    await whole.chat.press(ZHOU, calls, f"#{task} 📟")
    assert whole.api.last_bot_message(ZHOU.id).text == (
        "📟 总水表：请输入表上的读数（m³）。这是第一次抄表。"
    )
    await whole.chat.say(ZHOU, ZHOU.id, "35120 m³")
    assert "读数“35120 m³”不对" in whole.api.last_bot_message(ZHOU.id).text
    await whole.chat.say(ZHOU, ZHOU.id, "35120")
    assert whole.api.last_bot_message(ZHOU.id).text == "📟 已记录：总水表 35120m³"
    assert rows(whole, f"select status, last_note from tickets where id = {task}") == [
        ("closed", "35120")
    ]
    await whole.chat.say(ZHOU, ZHOU.id, f"/done {task}")  # a round is done by its reading
    assert rows(whole, "select count(*) from readings") == [(1,)]


async def test_lower_than_last_asks_rollover_or_typo(whole: LocalSchool) -> None:
    to(whole, 11, 30, 8, 0)
    await read(whole, "999990")
    to(whole, 12, 4, 17, 30)
    asked = await read(whole, "40")
    assert asked == "📟 40 比上次的读数还小。是总水表走了一圈，还是输错了？"
    question = whole.api.last_bot_message(ZHOU.id)
    assert labels(question) == ["🔄 表走了一圈（+50m³）", "✏️ 输错了，重新输入"]
    assert rows(whole, "select count(*) from readings") == [(1,)]  # nothing yet
    await whole.chat.press(ZHOU, question, "走了一圈")
    assert whole.api.last_bot_message(ZHOU.id).text.startswith("📟 已记录：总水表 40m³，用量 50m³")
    assert rows(whole, "select value, use, flags from readings order by id") == [
        (999990.0, None, "[]"),
        (40.0, 50.0, '["rollover"]'),
    ]
    to(whole, 12, 7, 7, 30)
    await read(whole, "30")  # far below: no rollover offered, a typo then
    question = whole.api.last_bot_message(ZHOU.id)
    assert labels(question) == ["✏️ 输错了，重新输入"]
    await whole.chat.press(ZHOU, question, "输错了")
    await whole.chat.say(ZHOU, ZHOU.id, "45")
    assert rows(whole, "select value from readings order by id") == [(999990.0,), (40.0,), (45.0,)]


async def test_a_weekend_leak_is_confirmed_and_the_head_told(whole: LocalSchool) -> None:
    for day, figure in ((4, "1048"), (7, "1053"), (11, "1101"), (14, "1106"), (18, "1154")):
        to(whole, 12, day, 7 if day in (7, 14) else 17, 30)
        await read(whole, figure)
    to(whole, 12, 21, 7, 30)
    asked = await read(whole, "1214")
    assert asked.startswith("📟 1214：日均用量 23.2m³")
    await whole.chat.press(ZHOU, whole.api.last_bot_message(ZHOU.id), "没错")
    told = whole.api.last_bot_message(ADMIN.id).text.splitlines()
    assert told == [
        "⚠️ 总水表 读数 1214（用量 60m³），老周 抄表：",
        "• 日均用量是平常的两倍以上。",
        "• 学校关门的日子用量偏高：可能漏水或忘关，请安排检查。",
    ]
    assert rows(whole, "select flags from readings order by id desc limit 1") == [
        ('["high", "closed_high"]',)
    ]
    assert not any("总水表" in m.text for m in whole.api.chat(SCHOOL_CHAT_ID))


async def test_a_correction_is_a_new_row_and_the_old_one_stays(whole: LocalSchool) -> None:
    to(whole, 12, 1, 8, 0)
    await read(whole, "500")
    to(whole, 12, 4, 17, 0)
    await read(whole, "5600")  # a slip of the finger …
    await read(whole, "560 更正")  # … corrected
    assert rows(whole, "select value, use, status, corrects from readings order by id") == [
        (500.0, None, "ok", None),
        (5600.0, 5100.0, "corrected", None),
        (560.0, 60.0, "ok", 2),
    ]
    await whole.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/meter water_main 600")
    assert "由负责的岗位抄表" in whole.api.last_bot_message(ELECTRICIAN.id).text
    await whole.chat.say(ZHOU, ZHOU.id, "/meter gas 1")
    assert "没有“gas”这块表" in whole.api.last_bot_message(ZHOU.id).text


async def test_the_month_is_posted_for_all_on_the_first(whole: LocalSchool) -> None:
    to(whole, 11, 30, 8)
    await read(whole, "1000")
    for day, hour, figure in ((4, 17, "1048"), (7, 7, "1053"), (11, 17, "1101")):
        to(whole, 12, day, hour, 30)
        await read(whole, figure)
    to(whole, 12, 31, 9, 0)
    await read(whole, "1150")
    new_year = datetime(2027, 1, 1, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    whole.clock.advance(new_year - whole.clock.now())
    await sweep(whole.app)  # a holiday: quiet, nothing posted yet
    assert not [m for m in whole.api.chat(SCHOOL_CHAT_ID) if m.text.startswith("📢")]
    monday = datetime(2027, 1, 4, 7, 40, tzinfo=ZoneInfo("Asia/Shanghai"))
    whole.clock.advance(monday - whole.clock.now())
    await sweep(whole.app)
    posted = [m.text for m in whole.api.chat(SCHOOL_CHAT_ID) if m.text.startswith("📢")]
    assert posted == [
        "📢 2026-12 水电用量公布（一月一查抄，张榜公布）\n"
        "总水表：150m³（上月 0，去年同月 —） · 人均 0.17m³ · 615 元 · 工作日 145 / 休息日 5"
    ]
    await sweep(whole.app)
    assert len([m for m in whole.api.chat(SCHOOL_CHAT_ID) if m.text.startswith("📢")]) == 1


async def test_someone_elses_reading_button_asks_nothing(whole: LocalSchool) -> None:
    to(whole, 11, 30, 7, 50)
    await sweep(whole.app)
    [(task,)] = rows(whole, "select id from tickets where plan_key = 'meter_water_main'")
    calls = next(m for m in whole.api.chat(ZHOU.id) if "抄表：总水表" in m.text)
    forged = whole.api.press_update(ELECTRICIAN, calls, f"mr:go:{task}")
    replies = await whole.chat.feed(forged)
    assert any("由负责的岗位抄表" in str(c.params.get("text", "")) for c in replies)
    assert rows(
        whole, "select count(*) from pending_inputs where user_id = ?", ELECTRICIAN.id
    ) == [(0,)]
