"""Plans and inspections (后勤规划, 巡检): the school calendar the Chinese way, repeat rules,
planned tasks made once per plan and day, inspection walks, the term plan."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from bot.app import sweep
from bot.config import Settings
from bot.domain import national
from bot.domain.model import CheckItem
from bot.domain.places import place_by_key, place_token
from bot.domain.planned import FAIL, NA, OK, verdict_of
from bot.domain.plans import RuleError, parse_rule, plan_days, plan_places
from bot.domain.roster import duties_on
from bot.domain.setup import Plan, Setup, WorkDay
from bot.domain.workcal import deadline, school_day
from bot.formats.school_file import SchoolFileError, dump_school_file, parse_school_file
from bot.local.school import (
    ADMIN,
    ELECTRICIAN,
    EXAMPLE_SCHOOL,
    GATEKEEPER_ZHOU,
    PLUMBER,
    SCHOOL_CHAT_ID,
    LocalSchool,
    local_school,
    school_without_meters,
)
from bot.local.telegram import ChatMessage, TgUser
from tests.helpers import answers, labels, rows, to

TZ = ZoneInfo("Asia/Shanghai")
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def days(plan_rule: str, setup: Setup, first: date, last: date, **kw: str) -> list[date]:
    plan = Plan(key="p", title="t", post_key="electrician", rule=plan_rule, **kw)
    return plan_days(plan, setup, first, last)


# --- the calendar, the Chinese way ---------------------------------------------------------------


def test_public_holidays_and_makeup_days_come_from_the_national_calendar(
    example_setup: Setup,
) -> None:
    national_day = school_day(example_setup, date(2026, 10, 1))
    assert (national_day.working, national_day.holiday) == (False, "国庆节")
    makeup = school_day(example_setup, date(2026, 10, 10))  # a Saturday worked (调休)
    assert makeup.working and makeup.makeup == "国庆节调休" and makeup.like == MON
    assert school_day(example_setup, date(2026, 10, 17)).working is False  # a plain Saturday
    # A normal ticket reported the evening before the holiday waits for the week after it.
    start = datetime(2026, 9, 30, 17, 0, tzinfo=TZ)
    assert deadline(example_setup, start, "4h", urgent=False, tz=TZ) == datetime(
        2026, 10, 8, 11, 0, tzinfo=TZ
    )  # half an hour on the 30th; the 8th is a Thursday, and worked


def test_the_school_can_turn_the_national_calendar_off(example_setup: Setup) -> None:
    own = replace(example_setup, calendar=replace(example_setup.calendar, national="none"))
    assert school_day(own, date(2026, 10, 1)).working is True  # a Thursday like any other
    assert school_day(own, date(2026, 10, 10)).working is False


def test_a_schools_own_workday_keeps_a_weekdays_hours_and_roster(example_setup: Setup) -> None:
    saturday = date(2026, 12, 26)
    assert {d.post_key for d in duties_on(example_setup, saturday, TZ)} == {"gatekeeper"}
    setup = replace(example_setup, workdays={saturday: WorkDay("运动会补课", FRI)})
    kind = school_day(setup, saturday)
    assert (kind.working, kind.like, kind.makeup) == (True, FRI, "运动会补课")
    friday_posts = {d.post_key for d in duties_on(setup, date(2026, 12, 4), TZ)}
    assert {d.post_key for d in duties_on(setup, saturday, TZ)} == friday_posts
    start = datetime(2026, 12, 25, 17, 0, tzinfo=TZ)  # Friday evening: Saturday is worked
    assert deadline(setup, start, "1h", urgent=False, tz=TZ) == datetime(
        2026, 12, 26, 8, 0, tzinfo=TZ
    )  # half an hour on Friday, half an hour on Saturday


def test_the_package_knows_its_years_and_not_the_next() -> None:
    assert national.knows(2026)
    unknown = max(national.known_years()) + 1
    assert not national.knows(unknown)
    assert national.holiday(date(unknown, 10, 1)) is None  # nothing guessed


# --- repeat rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("每周一", [date(2026, 11, 30), date(2026, 12, 7), date(2026, 12, 14)]),
        ("weekly on mon", [date(2026, 11, 30), date(2026, 12, 7), date(2026, 12, 14)]),
        ("每周二、四", [date(2026, 12, d) for d in (1, 3, 8, 10, 15)]),
        ("每2周周五 从2026-12-04", [date(2026, 12, 4)]),
        ("every 2 weeks on fri from 2026-11-27", [date(2026, 12, 11)]),
        ("每月15日", [date(2026, 12, 15)]),
        ("monthly on 2nd tue", [date(2026, 12, 8)]),
        ("2026-12-09", [date(2026, 12, 9)]),
    ],
)
def test_repeat_rules_in_chinese_and_english(
    example_setup: Setup, rule: str, expected: list[date]
) -> None:
    found = days(rule, example_setup, date(2026, 11, 30), date(2026, 12, 15))
    assert found == expected


def test_the_last_weekday_of_a_month(example_setup: Setup) -> None:
    december = (date(2026, 12, 1), date(2027, 1, 31))
    assert days("每月最后一个周五", example_setup, *december) == [date(2026, 12, 25)]
    assert days("monthly on last fri", example_setup, *december) == [date(2026, 12, 25)]
    # January's last Friday (the 29th) is in the winter vacation: paused.


def test_a_day_off_moves_the_task_skips_it_or_keeps_it_as_the_plan_says(
    example_setup: Setup,
) -> None:
    first, last = date(2027, 1, 1), date(2027, 1, 1)
    # New Year's Day (a school holiday) is a Friday.
    assert days("每周五", example_setup, first, last + timedelta(days=3)) == [date(2027, 1, 4)]
    assert days("每周五", example_setup, first, last, off_days="skip") == []
    assert days("每周五", example_setup, first, last, off_days="run") == [date(2027, 1, 1)]


def test_vacations_pause_plans_unless_they_run(example_setup: Setup) -> None:
    winter = (date(2027, 1, 25), date(2027, 2, 5))
    assert days("每周一", example_setup, *winter) == []
    assert days("每周一", example_setup, *winter, in_vacation="run", off_days="run") == [
        date(2027, 1, 25),
        date(2027, 2, 1),
    ]


def test_term_rules_count_working_days_before_and_after_each_term(example_setup: Setup) -> None:
    year = (date(2026, 9, 1), date(2027, 12, 31))
    # Spring term starts Monday 2027-02-22: five working days before is Monday the 15th.
    assert days("开学前5个工作日", example_setup, *year) == [date(2027, 2, 15)]
    assert days("5 working days before each term", example_setup, *year) == [date(2027, 2, 15)]
    # The autumn term ends Friday 2027-01-22: two working days after is Tuesday the 26th.
    assert days("学期结束后2个工作日", example_setup, *year)[0] == date(2027, 1, 26)


@pytest.mark.parametrize(
    "rule", ["每周八", "每月32日", "sometimes", "2026-02-30", "每0天", "monthly on 5th mon"]
)
def test_a_rule_that_cannot_be_read_says_why(rule: str) -> None:
    with pytest.raises(RuleError):
        parse_rule(rule)


def test_where_a_plan_is_done(example_setup: Setup) -> None:
    def where(*places: str) -> list[str]:
        plan = Plan(key="p", title="t", post_key="electrician", rule="每天", places=places)
        return [p.key for p in plan_places(plan, example_setup)]

    assert where("每间教室")[:3] == ["教学楼/101", "教学楼/102", "教学楼/103"]
    assert "教学楼/2F男厕" not in where("每间教室") and len(where("每间教室")) == 14
    assert len(where("教学楼/*")) == 16 and where("操场") == ["操场"]
    assert where("教学楼/101", "教学楼/101") == ["教学楼/101"]
    assert where() == []


def test_a_number_outside_its_range_is_a_fault() -> None:
    gauge = CheckItem("压力表", unit="MPa", low=1.0, high=1.4)
    assert verdict_of(gauge, OK, 1.2) == OK
    assert verdict_of(gauge, OK, 0.6) == FAIL
    assert verdict_of(gauge, OK, 1.5) == FAIL
    assert verdict_of(gauge, NA, None) == NA


# --- the school file -----------------------------------------------------------------------------


def test_plans_survive_the_round_trip_through_school_yaml(example_setup: Setup) -> None:
    again = parse_school_file(dump_school_file(example_setup))
    assert again.plans == example_setup.plans and len(again.plans) == 6
    assert again.term_plan == example_setup.term_plan
    assert again.workdays == example_setup.workdays
    extinguishers = example_setup.plan("fire_extinguishers")
    assert extinguishers is not None and extinguishers.checklist[0] == CheckItem(
        "灭火器压力表", unit="MPa", low=1.0, high=1.4
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("    post: gatekeeper\n    repeat: 每周一", "    post: janitor\n    repeat: 每周一"),
         "unknown post 'janitor'"),
        (("repeat: 每月1日", "repeat: 每月第9个周一"), "plans[2].repeat"),
        (("where: [每间教室]", "where: [体育馆]"), "unknown place '体育馆'"),
        (("owner: carpenter}", "owner: 王木匠}"), "term_plan[0].owner"),
    ],
)  # fmt: skip
def test_bad_plans_name_the_line_and_field(change: tuple[str, str], message: str) -> None:
    text = EXAMPLE_SCHOOL.read_text(encoding="utf-8")
    assert change[0] in text
    with pytest.raises(SchoolFileError, match=re.escape(message)):
        parse_school_file(text.replace(change[0], change[1], 1))


# --- planned tasks -------------------------------------------------------------------------------


def call_to(school: LocalSchool, who: TgUser, ticket_id: int) -> ChatMessage:
    """Return the message that asked `who` to do planned task `ticket_id`."""
    return next(m for m in school.api.chat(who.id) if f"计划任务 #{ticket_id}：" in m.text)


async def start_day(school: LocalSchool, month: int = 11, day: int = 30) -> None:
    to(school, month, day, 7, 50)
    await sweep(school.app)


async def test_a_plan_makes_its_task_ahead_routed_to_the_post_on_duty(
    planned: LocalSchool,
) -> None:
    await start_day(planned)
    assert rows(planned, "select id, plan_key, plan_date, status, category from tickets") == [
        (1, "fire_extinguishers", "2026-11-30", "open", "security"),
        (2, "water_filters", "2026-12-01", "open", "plumbing"),  # one day ahead
    ]
    ping = [m for m in planned.api.chat(GATEKEEPER_ZHOU.id) if "计划任务 #1" in m.text]
    assert ping[0].text.splitlines()[:3] == [
        "📋 计划任务 #1：消防器材检查",
        "📅 2026-11-30",
        "📍 地点：教学楼、行政楼",
    ]
    assert "🙋 接单" in labels(ping[0])
    # Planned work has no card in the school group, and the plumber hears tomorrow, not now.
    assert not [m for m in planned.api.chat(SCHOOL_CHAT_ID) if m.from_bot]
    assert not [m for m in planned.api.chat(PLUMBER.id) if "计划任务 #2" in m.text]
    to(planned, 12, 1, 7, 31)
    await sweep(planned.app)
    assert [m for m in planned.api.chat(PLUMBER.id) if "计划任务 #2" in m.text]


async def test_each_plan_and_day_makes_one_task_across_restarts_and_reimports(
    planned: LocalSchool,
) -> None:
    await start_day(planned)
    services = planned.app.bot_data["services"]
    setup = services.school.setup
    await services.school.import_setup(
        replace(setup, school_name="改名了"), actor_id=None, now=planned.clock.now()
    )
    for _ in range(3):
        await sweep(planned.app)
    to(planned, 11, 30, 12, 0)
    await sweep(planned.app)
    assert rows(planned, "select count(*) from tickets") == [(2,)]
    # The progress marks are gone (an old copy of the database): the unique index holds.
    with_progress = rows(planned, "select count(*) from plan_progress")
    assert with_progress == [(6,)]
    made = await services.planned.make_due(planned.clock.now())
    assert made == []
    from bot.domain.planned import make_due_tasks

    async def again() -> list[int]:
        def run(conn):  # type: ignore[no-untyped-def]
            conn.execute("delete from plan_progress")
            return make_due_tasks(
                conn, setup, planned.settings.tz, frozenset(), planned.clock.now()
            )

        return await services.db.write(run)

    assert await again() == []
    assert rows(planned, "select count(*) from tickets") == [(2,)]


async def test_the_walk_checks_point_by_point_and_a_fault_opens_a_linked_repair(
    planned: LocalSchool,
) -> None:
    await start_day(planned)
    ping = call_to(planned, GATEKEEPER_ZHOU, 1)
    await planned.chat.press(GATEKEEPER_ZHOU, ping, "接单")
    assert labels(ping)[0] == "🔎 开始/继续巡检"
    assert "✅ 修好了" not in labels(ping)  # an inspection is done by walking it
    await planned.chat.press(GATEKEEPER_ZHOU, ping, "巡检")
    walk = ping  # the call to do it becomes the walk, edited as it goes
    assert walk.text.splitlines() == [
        "🔎 巡检 #1 · 消防器材检查",
        "📍 教学楼",
        "第 1/3 项：灭火器压力表",
        "请输入读数（正常 1–1.4MPa）。",
        "进度 0/6 · ❌ 0",
    ]
    assert labels(walk) == ["❌ 有问题", "— 不适用"]  # the reading is typed
    await planned.chat.say(GATEKEEPER_ZHOU, GATEKEEPER_ZHOU.id, "一点二")
    assert "请只输入数字" in planned.api.last_bot_message(GATEKEEPER_ZHOU.id).text
    await planned.chat.say(GATEKEEPER_ZHOU, GATEKEEPER_ZHOU.id, "1.2")
    walk = planned.api.last_bot_message(GATEKEEPER_ZHOU.id)
    assert "第 2/3 项：消防栓箱完好、水带齐全" in walk.text
    ok_data = walk.button("正常").callback_data
    await planned.chat.press(GATEKEEPER_ZHOU, walk, "正常")
    # A double press (the old button) records nothing more.
    assert ok_data is not None
    await planned.chat.feed(planned.api.press_update(GATEKEEPER_ZHOU, walk, ok_data))
    assert "“消防栓箱完好、水带齐全”已经记录过了。" in walk.text
    assert rows(planned, "select count(*) from inspection_results") == [(2,)]
    # Someone else's press changes nothing.
    calls = await planned.chat.feed(planned.api.press_update(ELECTRICIAN, walk, ok_data))
    assert any("老周 负责巡检" in a for a in answers(calls))
    await planned.chat.press(GATEKEEPER_ZHOU, walk, "有问题")
    assert "什么问题？" in walk.text
    await planned.chat.say(GATEKEEPER_ZHOU, GATEKEEPER_ZHOU.id, "东侧安全出口灯不亮")
    repair = rows(planned, "select id, location, category, found_in, description from tickets"
                  " where found_in is not null")  # fmt: skip
    assert repair == [(3, "教学楼", "electrical", 1, "安全出口指示灯亮：东侧安全出口灯不亮")]
    card = planned.api.last_bot_message(SCHOOL_CHAT_ID)  # a repair is a ticket like any other
    assert card.text.startswith("🔧 报修单 #3") and "👤 报修人：老周" in card.text
    walk = planned.api.last_bot_message(GATEKEEPER_ZHOU.id)
    assert walk.text.splitlines()[1:4] == [
        "教学楼 · ❌ 安全出口指示灯亮",
        "🔧 已开报修单 #3",
        "📍 行政楼",
    ]
    await planned.chat.say(GATEKEEPER_ZHOU, GATEKEEPER_ZHOU.id, "0.6")  # below its range
    assert rows(planned, "select description from tickets where id = 4") == [
        ("灭火器压力表：0.6MPa",)
    ]
    walk = planned.api.last_bot_message(GATEKEEPER_ZHOU.id)
    await planned.chat.press(GATEKEEPER_ZHOU, walk, "正常")
    await planned.chat.press(GATEKEEPER_ZHOU, walk, "不适用")
    assert walk.text.endswith("✅ 巡检 #1 完成：✅4 ❌2 → #3 #4")
    assert rows(planned, "select status, last_note from tickets where id = 1") == [
        ("closed", "✅4 ❌2 → #3 #4")  # planned work is closed when done: nobody to confirm
    ]
    assert rows(
        planned,
        "select room_key, item, result, value, repair_id from inspection_results order by rowid",
    ) == [
        ("教学楼", 0, "ok", 1.2, None),
        ("教学楼", 1, "ok", None, None),
        ("教学楼", 2, "fail", None, 3),
        ("行政楼", 0, "fail", 0.6, 4),
        ("行政楼", 1, "ok", None, None),
        ("行政楼", 2, "na", None, None),
    ]
    assert rows(planned, "select count(*) from events where action = 'inspect'") == [(6,)]


async def test_the_walk_goes_on_after_a_restart(settings: Settings, tmp_path: Path) -> None:
    async with local_school(settings, school_file=school_without_meters(tmp_path)) as school:
        await start_day(school)
        ping = call_to(school, GATEKEEPER_ZHOU, 1)
        await school.chat.press(GATEKEEPER_ZHOU, ping, "接单")
        await school.chat.press(GATEKEEPER_ZHOU, ping, "巡检")
        await school.chat.say(GATEKEEPER_ZHOU, GATEKEEPER_ZHOU.id, "1.1")
        clock = school.clock
    async with local_school(settings, clock=clock) as again:
        await again.chat.say(GATEKEEPER_ZHOU, GATEKEEPER_ZHOU.id, "/ticket 1")
        card = again.api.last_bot_message(GATEKEEPER_ZHOU.id)
        await again.chat.press(GATEKEEPER_ZHOU, card, "巡检")
        walk = again.api.last_bot_message(GATEKEEPER_ZHOU.id)
        assert "第 2/3 项" in walk.text and "进度 1/6" in walk.text


async def test_scanning_a_rooms_sticker_on_an_inspection_opens_that_rooms_points(
    planned: LocalSchool,
) -> None:
    await start_day(planned)
    ping = call_to(planned, GATEKEEPER_ZHOU, 1)
    await planned.chat.press(GATEKEEPER_ZHOU, ping, "接单")
    setup = planned.app.bot_data["services"].school.setup
    office = place_by_key(setup, "行政楼/会议室")  # its sticker; the inspection is per building
    assert office is not None
    await planned.chat.say(GATEKEEPER_ZHOU, GATEKEEPER_ZHOU.id, f"/start r_{place_token(office)}")
    walk = planned.api.last_bot_message(GATEKEEPER_ZHOU.id)
    assert walk.text.splitlines()[1:3] == ["📍 行政楼", "第 1/3 项：灭火器压力表"]
    # A teacher scanning the same sticker reports, as ever.
    await planned.chat.say(PLUMBER, PLUMBER.id, f"/start r_{place_token(office)}")
    assert "这里什么坏了" in planned.api.last_bot_message(PLUMBER.id).text


async def test_a_plain_planned_task_is_closed_when_done_or_skipped_with_a_reason(
    planned: LocalSchool,
) -> None:
    await start_day(planned)
    to(planned, 12, 1, 8, 0)
    await sweep(planned.app)
    ping = call_to(planned, PLUMBER, 2)
    await planned.chat.press(PLUMBER, ping, "接单")
    assert "⏭ 本次不做" in labels(ping)
    await planned.chat.press(PLUMBER, ping, "本次不做")
    assert "这次为什么不做" in planned.api.last_bot_message(PLUMBER.id).text
    await planned.chat.say(PLUMBER, PLUMBER.id, "滤芯还没到货")
    assert rows(planned, "select status, last_note from tickets where id = 2") == [
        ("cancelled", "滤芯还没到货")
    ]
    assert rows(planned, "select action from events where ticket_id = 2 order by id") == [
        ("plan",),
        ("claim",),
        ("skip",),
    ]
    # A report cannot be skipped: it is cancelled, by its reporter or the head.
    await planned.chat.say(ELECTRICIAN, SCHOOL_CHAT_ID, "/report 302教室 灯管不亮")
    [(report_id,)] = rows(planned, "select max(id) from tickets")
    await planned.chat.say(ELECTRICIAN, ELECTRICIAN.id, f"/skip {report_id} 不想修")
    assert "不是计划任务" in planned.api.last_bot_message(ELECTRICIAN.id).text


async def test_done_closes_a_planned_task_without_asking_anyone_to_confirm(
    planned: LocalSchool,
) -> None:
    await start_day(planned)
    to(planned, 12, 2, 8, 0)  # the switchboards' monthly check: first Wednesday
    await sweep(planned.app)
    [(task,)] = rows(planned, "select id from tickets where plan_key = 'switchboards'")
    await planned.chat.say(ELECTRICIAN, ELECTRICIAN.id, f"/claim {task}")
    await planned.chat.say(ELECTRICIAN, ELECTRICIAN.id, f"/done {task} 配电箱正常")
    assert rows(planned, f"select status from tickets where id = {task}") == [("closed",)]
    assert rows(planned, "select count(*) from outbox where chat_id = 0") == [(0,)]


async def test_the_head_pauses_resumes_and_removes_plans_with_buttons(
    planned: LocalSchool,
) -> None:
    await planned.chat.say(ADMIN, ADMIN.id, "/plans")
    listing = planned.api.last_bot_message(ADMIN.id)
    assert listing.text.splitlines()[:2] == [
        "📋 计划任务（6）",
        "1. 消防器材检查 · 门卫 · 每周一 · 教学楼、行政楼 · 清单3项 · 下次 2026-11-30",
    ]
    await planned.chat.press(ELECTRICIAN, listing, "暂停 1")  # a forwarded list: not his
    assert "⏸ 已暂停" not in planned.api.last_bot_message(ADMIN.id).text
    await planned.chat.press(ADMIN, listing, "暂停 1")
    assert "1. 消防器材检查 · 门卫 · 每周一 · 教学楼、行政楼 · 清单3项 · ⏸ 已暂停" in listing.text
    await start_day(planned)
    assert rows(planned, "select plan_key from tickets") == [("water_filters",)]
    await planned.chat.press(ADMIN, listing, "恢复 1")
    await sweep(planned.app)
    assert rows(planned, "select plan_key from tickets order by id") == [
        ("water_filters",),
        ("fire_extinguishers",),  # resumed on its day: made at once
    ]
    await planned.chat.press(ADMIN, listing, "删除 6")
    await planned.chat.press(ADMIN, listing, "确定删除")
    assert "配电箱月检" not in listing.text
    assert rows(planned, "select active from plans where key = 'switchboards'") == [(0,)]
    actions = rows(
        planned,
        "select action, note from events"
        " where action in ('pause_plan', 'resume_plan', 'remove_plan') order by id",
    )
    assert actions == [
        ("pause_plan", "消防器材检查"),
        ("resume_plan", "消防器材检查"),
        ("remove_plan", "配电箱月检"),
    ]


async def test_a_worker_sees_the_plans_but_gets_no_buttons(planned: LocalSchool) -> None:
    await planned.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/plans")
    assert planned.api.last_bot_message(ELECTRICIAN.id).buttons == []
    await planned.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/addplan 巡查 电工 每天")
    assert "只有后勤主任" in planned.api.last_bot_message(ELECTRICIAN.id).text


async def test_the_head_adds_a_plan_in_chat(planned: LocalSchool) -> None:
    await planned.chat.say(ADMIN, ADMIN.id, "/addplan 走廊灯巡查 电工 weekly on tue,thu 教学楼")
    assert planned.api.last_bot_message(ADMIN.id).text == (
        "第一次：2026-12-01（2026-11-30 生成任务并通知值班人员）。"
    )
    setup = planned.app.bot_data["services"].school.setup
    added = setup.plans[-1]
    assert (added.title, added.post_key, added.rule, added.places) == (
        "走廊灯巡查",
        "electrician",
        "weekly on tue,thu",
        ("教学楼",),
    )
    for bad, answer in (
        ("/addplan 巡查 电工 有时候", "看不懂重复规则"),
        ("/addplan 巡查 厨师 每天", "没有“厨师”这个岗位"),
        ("/addplan 巡查 电工 每天 体育馆", "不认识地点“体育馆”"),
        ("/addplan 巡查", "用法：/addplan"),
    ):
        await planned.chat.say(ADMIN, ADMIN.id, bad)
        assert answer in planned.api.last_bot_message(ADMIN.id).text
    assert len(planned.app.bot_data["services"].school.setup.plans) == 7


async def test_the_head_adds_a_makeup_working_day_and_the_duty_follows(
    planned: LocalSchool,
) -> None:
    await planned.chat.say(ADMIN, ADMIN.id, "/workday 2026-12-26 周五 运动会补课")
    assert planned.api.last_bot_message(ADMIN.id).text == (
        "✅ 已更新：2026-12-26 运动会补课 (周五)"
    )
    await planned.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/duty 2026-12-26")
    duty = planned.api.last_bot_message(ELECTRICIAN.id).text
    assert duty.splitlines()[:2] == [
        "💼 调休上班：运动会补课，按周五作息和值班",
        "📅 12-26 周六 值班：",
    ]
    assert "张师傅" in duty
    await planned.chat.say(ADMIN, ADMIN.id, "/workday 2026-12-26 remove")
    assert rows(planned, "select count(*) from workdays where on_date = '2026-12-26'") == [(0,)]


async def test_the_term_plan_shows_reminds_and_is_marked_done(planned: LocalSchool) -> None:
    await start_day(planned)
    zhang = [m.text for m in planned.api.chat(ELECTRICIAN.id) if "🗓" in m.text]
    assert zhang == [
        "🗓 2026秋季学期开始了。后勤规划里你负责：教学楼走廊换LED灯（2026-12-18 前）。"
    ]
    await planned.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/plan")
    plan = planned.api.last_bot_message(ELECTRICIAN.id)
    assert plan.text.splitlines() == [
        "🗓 2026秋季学期 后勤规划（2项）",
        "▫️ 二楼教室墙面粉刷 · 2027-01-15 · 木工",
        "▫️ 教学楼走廊换LED灯 · 2026-12-18 · 电工",
    ]
    assert labels(plan) == ["✅ 已完成：教学楼走廊换LED灯"]  # his own item only
    to(planned, 12, 11, 8, 0)  # a week before its target
    await sweep(planned.app)
    due = [m.text for m in planned.api.chat(ELECTRICIAN.id) if "到期" in m.text]
    assert len(due) == 1 and "2026-12-18 到期" in due[0]
    await planned.chat.press(ELECTRICIAN, plan, "已完成")
    await planned.chat.say(ADMIN, ADMIN.id, "/plan")
    assert "✅ 教学楼走廊换LED灯（电工）" in planned.api.last_bot_message(ADMIN.id).text
    assert rows(planned, "select action, note from events where action = 'term_item_done'") == [
        ("term_item_done", "教学楼走廊换LED灯")
    ]


async def test_the_head_hears_in_december_when_next_years_calendar_is_unknown(
    planned: LocalSchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(national, "known_years", lambda: frozenset(range(2004, 2027)))
    to(planned, 12, 19, 8, 0)
    await sweep(planned.app)
    to(planned, 12, 21, 8, 0)
    await sweep(planned.app)
    to(planned, 12, 22, 8, 0)
    await sweep(planned.app)
    told = [m.text for m in planned.api.chat(ADMIN.id) if "法定节假日" in m.text]
    assert len(told) == 1 and "📅 2027 年的法定节假日和调休还没有公布" in told[0]
    assert rows(planned, "select sent_at > '2026-12-20' from reminders_sent"
                " where key = 'calendar:2027'") == [(1,)]  # fmt: skip


async def test_the_repair_log_has_a_filter_for_planned_work(planned: LocalSchool) -> None:
    await start_day(planned)
    await planned.chat.say(ELECTRICIAN, SCHOOL_CHAT_ID, "/report 302教室 灯管不亮")
    await planned.chat.say(ADMIN, ADMIN.id, "/tickets 计划")
    assert planned.api.last_bot_message(ADMIN.id).text.splitlines() == [
        "📒 维修一览表 · 计划任务",
        "#2 待接单 · 教学楼、行政楼 · 📋 饮水机滤芯更换 · 12-01",
        "#1 待接单 · 教学楼、行政楼 · 📋 消防器材检查 · 11-30",
    ]


async def test_the_heads_figures_and_the_export_count_planned_work(planned: LocalSchool) -> None:
    await start_day(planned)
    ping = call_to(planned, GATEKEEPER_ZHOU, 1)
    await planned.chat.press(GATEKEEPER_ZHOU, ping, "接单")
    await planned.chat.press(GATEKEEPER_ZHOU, ping, "巡检")
    await planned.chat.say(GATEKEEPER_ZHOU, GATEKEEPER_ZHOU.id, "1.2")
    walk = planned.api.last_bot_message(GATEKEEPER_ZHOU.id)
    await planned.chat.press(GATEKEEPER_ZHOU, walk, "正常")
    await planned.chat.press(GATEKEEPER_ZHOU, walk, "有问题")
    await planned.chat.say(GATEKEEPER_ZHOU, GATEKEEPER_ZHOU.id, "东侧安全出口灯不亮")
    await planned.chat.say(GATEKEEPER_ZHOU, GATEKEEPER_ZHOU.id, "1.1")
    walk = planned.api.last_bot_message(GATEKEEPER_ZHOU.id)
    await planned.chat.press(GATEKEEPER_ZHOU, walk, "正常")
    await planned.chat.press(GATEKEEPER_ZHOU, walk, "正常")
    to(planned, 11, 30, 10, 0)
    await planned.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/claim 3")
    to(planned, 11, 30, 11, 0)
    await planned.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/done 3 换了指示灯")
    await planned.chat.say(ADMIN, ADMIN.id, "/stats")
    figures = next(m.text for m in planned.api.chat(ADMIN.id) if m.text.startswith("📊"))
    assert "消防器材检查：应做 1 · 按时 1 · 超时 0 · 跳过 0 · 未完成 0" in figures
    assert "  ❌ 发现问题 1 处 → 报修 1 张，已修 1 张，修复用时中位 3.2小时" in figures
    assert "巡检问题最多的地方：教学楼 1" in figures
    assert "饮水机滤芯更换：应做 1 · 按时 0 · 超时 0 · 跳过 0 · 未完成 1" in figures
    await planned.chat.say(ADMIN, ADMIN.id, "/export")
    document = next(m for m in planned.api.chat(ADMIN.id) if m.document_bytes)
    assert document.document_bytes is not None
    book = load_workbook(BytesIO(document.document_bytes))
    sheet = book["计划任务"]
    assert [c.value for c in sheet[2]][:6] == [
        1,
        "消防器材检查",
        "2026-11-30",
        "教学楼、行政楼",
        "老周",
        "已完成",
    ]
    assert [c.value for c in sheet[2]][8:10] == [1, "#3"]


async def test_forged_and_foreign_plan_buttons_change_nothing(planned: LocalSchool) -> None:
    await start_day(planned)
    ping = call_to(planned, GATEKEEPER_ZHOU, 1)
    await planned.chat.press(GATEKEEPER_ZHOU, ping, "接单")
    before = rows(planned, "select * from inspection_results")
    for who, data, alert in (
        (GATEKEEPER_ZHOU, "in:1:7:0:ok", "这个按钮无效"),  # no such room
        (GATEKEEPER_ZHOU, "in:1:0:9:ok", "这个按钮已过期"),  # no such point
        (GATEKEEPER_ZHOU, "in:999:go", "没有"),  # no such task
        (ELECTRICIAN, "in:1:0:1:ok", "老周 负责巡检"),  # someone else's round
        (GATEKEEPER_ZHOU, "in:2:go", "没有检查清单"),  # the filters have no checklist
        (ELECTRICIAN, "pl:pause:fire_extinguishers", "只有后勤主任"),
        (ADMIN, "pl:pause:no_such_plan", "没有这个计划"),
        (ELECTRICIAN, "pt:paint_2f", "只有负责人"),
    ):
        calls = await planned.chat.feed(planned.api.press_update(who, ping, data))
        assert any(alert in a for a in answers(calls)), (data, answers(calls))
    assert rows(planned, "select * from inspection_results") == before
    assert not any(p.paused for p in planned.app.bot_data["services"].school.setup.plans)
    assert rows(planned, "select count(*) from term_items where done_at is not null") == [(0,)]
