"""Meetings and visits to a standard (会务, 接待): the form, approval, every post's task on
time, the organiser's one message, moving and cancelling, sign-in, a fault to a repair."""

from __future__ import annotations

from datetime import date, time
from io import BytesIO
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from bot.app import sweep
from bot.domain.meetings import Request, applies, task_moment
from bot.domain.model import Meeting
from bot.domain.setup import MeetingTask, Setup
from bot.formats.school_file import dump_school_file, parse_school_file
from bot.local.school import (
    ADMIN,
    AV_TECH,
    GATEKEEPER_WU,
    PLUMBER,
    SCHOOL_CHAT_ID,
    TEACHER_CHEN,
    TEACHER_LI,
    LocalSchool,
)
from bot.local.telegram import ChatMessage
from tests.helpers import answers, labels, rows, to

TZ = ZoneInfo("Asia/Shanghai")


def meeting(**kw: object) -> Meeting:
    values: dict = {
        "id": 1, "kind": "meeting", "title": "家长会", "organiser_id": 201,
        "organiser_name": "李老师", "day": date(2026, 12, 2), "starts": time(14, 30),
        "ends": time(16, 0), "room_key": "行政楼/会议室", "room": "行政楼 会议室", "people": 50,
        "needs": ("sound",), **kw,
    }  # fmt: skip
    return Meeting(**values)


def test_a_template_task_is_due_relative_to_the_start_or_the_end() -> None:
    before = MeetingTask("sound", "av", "音响调试", offset="-30m", needs=("sound",))
    after = MeetingTask("close", "gatekeeper", "会后巡查", offset="+15m", from_end=True)
    assert task_moment(before, meeting(), TZ).strftime("%m-%d %H:%M") == "12-02 14:00"
    assert task_moment(after, meeting(), TZ).strftime("%m-%d %H:%M") == "12-02 16:15"
    assert applies(before, meeting()) and not applies(before, meeting(needs=("tea",)))
    big = MeetingTask("parking", "gatekeeper", "停车", min_people=30)
    assert applies(big, meeting()) and not applies(big, meeting(people=12))
    visit_only = MeetingTask("guests", "gatekeeper", "来访登记", kinds=("visit",))
    assert not applies(visit_only, meeting()) and applies(visit_only, meeting(kind="visit"))


def test_the_meeting_rules_survive_the_round_trip(example_setup: Setup) -> None:
    rules = example_setup.meetings
    assert rules.approval and rules.announce_weekday == 4 and len(rules.tasks) == 9
    assert parse_school_file(dump_school_file(example_setup)).meetings == rules


async def fill_form(school: LocalSchool, *, day: str = "后天", people: str = "50") -> ChatMessage:
    """李老师 asks for a parents' meeting through the form; return the last form message."""
    li = TEACHER_LI
    await school.chat.say(li, li.id, "/meeting")
    await school.chat.say(li, li.id, "三年级家长会")
    form = school.api.last_bot_message(li.id)
    await school.chat.press(li, form, day)
    await school.chat.say(li, li.id, "14:30-16:00")
    form = school.api.last_bot_message(li.id)
    await school.chat.press(li, form, "行政楼 会议室")
    await school.chat.press(li, form, people)
    await school.chat.press(li, form, "音响话筒")
    await school.chat.press(li, form, "茶水")
    await school.chat.press(li, form, "好了")
    await school.chat.press(li, form, "课桌式")
    await school.chat.say(li, li.id, "需要两个无线话筒")
    return school.api.last_bot_message(li.id)


async def approved_meeting(school: LocalSchool) -> None:
    """李老师's parents' meeting, asked for and approved by the head."""
    form = await fill_form(school)
    await school.chat.press(TEACHER_LI, form, "提交")
    await school.chat.press(ADMIN, school.api.last_bot_message(ADMIN.id), "批准")


async def test_the_form_asks_step_by_step_and_the_head_approves_in_one_press(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 0)
    form = await fill_form(configured)
    assert form.text.splitlines() == [
        "📅 会务申请",
        "📌 三年级家长会",
        "🕐 2026-12-02 14:30–16:00",
        "📍 行政楼 会议室",
        "👥 50 人",
        "🧰 需要：音响话筒、茶水",
        "🪑 布置：课桌式",
        "📝 需要两个无线话筒",
        "",
        "没问题就点“提交”。",
    ]
    await configured.chat.press(TEACHER_LI, form, "提交")
    assert form.text.endswith("📨 已提交 M1，等主任批准。")
    assert rows(configured, "select count(*) from tickets") == [(0,)]  # nothing before approval
    request = configured.api.last_bot_message(ADMIN.id)
    assert request.text.splitlines()[:2] == [
        "📅 会务申请 M1：三年级家长会",
        "🕐 12-02 14:30–16:00 · 📍 行政楼 会议室 · 👥 50",
    ]
    await configured.chat.press(TEACHER_CHEN, request, "批准")  # a forwarded request
    assert rows(configured, "select status from meetings") == [("requested",)]
    await configured.chat.press(ADMIN, request, "批准")
    tasks = rows(
        configured,
        "select description, category, suggested_id, fix_by from tickets order by fix_by",
    )
    assert [task[0].split(" · ")[0] for task in tasks] == [
        "会场清洁",
        "桌椅布置",
        "音响话筒调试",
        "茶水准备",
        "车辆停放和来宾引导",  # fifty people: parking
        "会后巡查：关设备、关门窗",
        "会后清洁",
    ]  # no name cards (not asked for), no visitors' registration (not a visit)
    sound = next(task for task in tasks if task[0].startswith("音响"))
    assert sound[2] == AV_TECH.id and sound[3] == "2026-12-02T06:00:00+00:00"  # 14:00 local
    call = configured.api.last_bot_message(AV_TECH.id)
    assert call.text.splitlines() == [
        "📅 会务任务 #3：音响话筒调试 · 三年级家长会",
        "📍 行政楼 会议室 · ⏰ 12-02 14:00 前完成",
    ]
    progress = configured.api.last_bot_message(TEACHER_LI.id)
    assert progress.text.splitlines()[0] == "📅 M1 三年级家长会"
    assert progress.text.splitlines()[-1] == "完成 0/7"
    assert not [m for m in configured.api.chat(SCHOOL_CHAT_ID) if m.from_bot]  # no cards
    # The organiser's one message is edited as each task is done.
    await configured.chat.press(AV_TECH, call, "接单")
    await configured.chat.press(AV_TECH, call, "做完了")
    assert "✅ 音响话筒调试 · 14:00 · 赵师傅" in progress.text
    assert progress.text.splitlines()[-1] == "完成 1/7"
    assert rows(configured, "select status from tickets where id = 3") == [("closed",)]
    await configured.chat.say(ADMIN, ADMIN.id, "/meetings")
    listing = configured.api.last_bot_message(ADMIN.id).text
    assert "电教网管：按时 1 · 超时 0 · 未完成 0" in listing
    assert "保洁：按时 0 · 超时 0 · 未完成 3" in listing


async def test_a_clash_is_refused_naming_the_other_meeting(configured: LocalSchool) -> None:
    to(configured, 11, 30, 8, 0)
    form = await fill_form(configured)
    await configured.chat.press(TEACHER_LI, form, "提交")
    chen = TEACHER_CHEN
    await configured.chat.say(chen, chen.id, "/meeting")
    await configured.chat.say(chen, chen.id, "教研会")
    form = configured.api.last_bot_message(chen.id)
    await configured.chat.press(chen, form, "后天")
    await configured.chat.say(chen, chen.id, "15:30-17:00")
    form = configured.api.last_bot_message(chen.id)
    for label in ("行政楼 会议室", "10", "好了", "不用布置", "没有了"):
        await configured.chat.press(chen, form, label)
    calls = await configured.chat.press(chen, form, "提交")
    assert answers(calls) == [
        "行政楼 会议室 这个时间已经有会：三年级家长会（12-02 14:30–16:00）。请换个时间或地点。"
    ]
    assert rows(configured, "select count(*) from meetings") == [(1,)]


async def test_bad_answers_get_a_clear_line_and_change_nothing(configured: LocalSchool) -> None:
    to(configured, 11, 30, 8, 0)
    li = TEACHER_LI
    await configured.chat.say(li, li.id, "/meeting")
    await configured.chat.say(li, li.id, "家长会")
    await configured.chat.say(li, li.id, "上个月")
    assert "看不懂这个日期" in configured.api.last_bot_message(li.id).text
    await configured.chat.say(li, li.id, "2026-11-01")
    assert "看不懂这个日期" in configured.api.last_bot_message(li.id).text
    await configured.chat.say(li, li.id, "明天")
    await configured.chat.say(li, li.id, "16:00-15:00")
    assert configured.api.last_bot_message(li.id).text == "请写成 14:30-16:00 这样。"
    form = next(m for m in reversed(configured.api.chat(li.id)) if m.buttons)
    calls = await configured.chat.press(TEACHER_CHEN, form, "取消")
    assert answers(calls) == ["这是别人的申请，只有本人能点。"]
    await configured.chat.say(li, SCHOOL_CHAT_ID, "/meeting")
    assert "请私聊我发送 /meeting" in configured.api.last_bot_message(SCHOOL_CHAT_ID).text
    assert rows(configured, "select count(*) from meetings") == [(0,)]


async def test_moving_moves_every_task_and_cancelling_tells_who_had_one(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 0)
    await approved_meeting(configured)
    call = configured.api.last_bot_message(AV_TECH.id)
    await configured.chat.press(AV_TECH, call, "接单")
    await configured.chat.say(
        TEACHER_CHEN, TEACHER_CHEN.id, "/meeting M1 move 2026-12-03 15:00-16:30"
    )
    assert "只有申请人或主任可以改" in configured.api.last_bot_message(TEACHER_CHEN.id).text
    li = TEACHER_LI
    await configured.chat.say(li, li.id, "/meeting M1 move 2026-12-03 15:00-16:30")
    assert configured.api.last_bot_message(li.id).text == (
        "🕐 M1 改到 12-03 15:00–16:30，各岗位任务已一起调整。"
    )
    assert rows(configured, "select fix_by from tickets where id = 3") == [
        ("2026-12-03T06:30:00+00:00",)  # 14:30, half an hour before the new start
    ]
    told = configured.api.last_bot_message(AV_TECH.id).text
    assert told == "🕐 会议改时间了：#3 音响话筒调试 · 三年级家长会，现在 12-03 14:30 前完成。"
    await configured.chat.say(li, li.id, "/meeting M1")
    shown = configured.api.last_bot_message(li.id)
    await configured.chat.press(li, shown, "取消会议")
    await configured.chat.press(li, configured.api.last_bot_message(li.id), "确定取消")
    assert rows(configured, "select distinct status from tickets") == [("cancelled",)]
    assert rows(configured, "select status from meetings") == [("cancelled",)]
    assert configured.api.last_bot_message(AV_TECH.id).text == (
        "#3（行政楼 会议室）已被撤销，不用再修了。"
    )


async def test_a_meeting_on_a_weekend_marks_its_tasks_as_overtime(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 0)
    meetings = configured.app.bot_data["services"].meetings
    await configured.chat.say(ADMIN, ADMIN.id, "/whoami")  # the head has written to the bot
    admin = await configured.app.bot_data["services"].users.actor(ADMIN.id)
    request = Request(
        kind="meeting", title="周末家长开放日", day=date(2026, 12, 5), starts=time(9, 0),
        ends=time(11, 0), room="行政楼 会议室", room_key="行政楼/会议室", people=20,
    )  # fmt: skip
    booked = await meetings.request(admin, request, configured.clock.now())
    assert booked.status == "approved"  # the head's own request needs no approval
    assert all(
        description.startswith("【加班】")
        for (description,) in rows(configured, "select description from tickets")
    )


async def test_a_visit_tells_the_gatekeeper_who_comes_and_its_cost_is_recorded(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 0)
    li = TEACHER_LI
    await configured.chat.say(li, li.id, "/visit")
    await configured.chat.say(li, li.id, "区教育局督导")
    await configured.chat.say(li, li.id, "区教育局 张科长等")
    form = configured.api.last_bot_message(li.id)
    await configured.chat.press(li, form, "明天")
    await configured.chat.say(li, li.id, "09:30-11:00")
    form = configured.api.last_bot_message(li.id)
    for label in ("行政楼 会议室", "10", "工作餐", "没有了", "提交"):
        await configured.chat.press(li, form, label)
    await configured.chat.press(ADMIN, configured.api.last_bot_message(ADMIN.id), "批准")
    gate = [m.text for m in configured.api.chat(GATEKEEPER_WU.id) if "来访登记" in m.text]
    assert gate and "区教育局督导（区教育局 张科长等，10人）" in gate[0]
    await configured.chat.say(ADMIN, ADMIN.id, "/cost M1 280")
    assert configured.api.last_bot_message(ADMIN.id).text == "💰 M1 费用记为 280 元。"
    await configured.chat.say(ADMIN, ADMIN.id, "/visits")
    visits = configured.api.last_bot_message(ADMIN.id).text
    assert "M1 12-01 09:30–11:00 区教育局督导" in visits and "280 元" in visits
    assert visits.endswith("共 1 次，费用合计 280 元。")
    await configured.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, "/visits")
    assert "只有后勤主任" in configured.api.last_bot_message(TEACHER_CHEN.id).text


async def test_sign_in_and_the_organiser_hears_who_came(configured: LocalSchool) -> None:
    to(configured, 11, 30, 8, 0)
    await approved_meeting(configured)
    to(configured, 12, 2, 14, 25)
    await configured.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/signin M1")
    sign = configured.api.last_bot_message(SCHOOL_CHAT_ID)
    assert labels(sign) == ["✅ 签到"]
    for who in (TEACHER_CHEN, AV_TECH, TEACHER_CHEN):
        await configured.chat.press(who, sign, "签到")
    to(configured, 12, 2, 14, 41)
    await sweep(configured.app)
    heard = [m.text for m in configured.api.chat(TEACHER_LI.id) if "已签到" in m.text]
    assert heard == ["📝 三年级家长会 已签到 2 人：陈老师、赵师傅"]


async def test_a_fault_found_while_setting_up_is_a_repair_in_one_press(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 0)
    await approved_meeting(configured)
    call = configured.api.last_bot_message(AV_TECH.id)
    await configured.chat.press(AV_TECH, call, "接单")
    await configured.chat.press(AV_TECH, call, "发现故障")
    await configured.chat.say(AV_TECH, AV_TECH.id, "1号无线话筒没声音")
    assert configured.api.last_bot_message(AV_TECH.id).text == "已报修 #8，已通知值班人员。"
    assert rows(configured, "select location, found_in, category from tickets where id = 8") == [
        ("行政楼 会议室", 3, "av_network")
    ]


async def test_the_morning_summary_and_the_weeks_notice_name_the_meetings(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 0)
    form = await fill_form(configured, day="后天")
    await configured.chat.press(TEACHER_LI, form, "提交")
    await configured.chat.press(ADMIN, configured.api.last_bot_message(ADMIN.id), "批准")
    to(configured, 12, 2, 7, 30)
    await sweep(configured.app)
    summary = next(
        m.text for m in reversed(configured.api.chat(ADMIN.id)) if "今日维修一览" in m.text
    )
    assert "📅 今天 14:30–16:00 三年级家长会 · 行政楼 会议室" in summary
    await configured.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, "/meeting")
    await configured.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, "教研组会")
    form = configured.api.last_bot_message(TEACHER_CHEN.id)
    await configured.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, "12-08")
    await configured.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, "15:00-16:00")
    form = configured.api.last_bot_message(TEACHER_CHEN.id)
    for label in ("科学楼 音乐教室", "10", "好了", "不用布置", "没有了", "提交"):
        await configured.chat.press(TEACHER_CHEN, form, label)
    await configured.chat.press(ADMIN, configured.api.last_bot_message(ADMIN.id), "批准")
    to(configured, 12, 4, 16, 0)  # Friday, 16:00
    await sweep(configured.app)
    notice = configured.api.last_bot_message(SCHOOL_CHAT_ID).text
    assert notice.splitlines() == [
        "📅 下周会务安排：",
        "12-08 15:00–16:00 教研组会 · 科学楼 音乐教室",
    ]
    await sweep(configured.app)
    assert configured.api.last_bot_message(SCHOOL_CHAT_ID).text == notice  # once
    await configured.chat.say(PLUMBER, PLUMBER.id, "/meetings")
    listing = configured.api.last_bot_message(PLUMBER.id).text
    assert "📅 M2 12-08 15:00–16:00 教研组会 · 科学楼 音乐教室 · 已批准" in listing


async def test_the_export_has_a_sheet_of_meetings(configured: LocalSchool) -> None:
    to(configured, 11, 30, 8, 0)
    await approved_meeting(configured)
    call = configured.api.last_bot_message(AV_TECH.id)
    await configured.chat.press(AV_TECH, call, "接单")
    await configured.chat.press(AV_TECH, call, "做完了")
    await configured.chat.say(ADMIN, ADMIN.id, "/export 2026-12")
    document = next(m for m in configured.api.chat(ADMIN.id) if m.document_bytes)
    assert document.document_bytes is not None
    sheet = load_workbook(BytesIO(document.document_bytes))["会务接待"]
    assert [c.value for c in sheet[2]] == [
        "M1", "会议", "三年级家长会", "2026-12-02", "14:30–16:00", "行政楼 会议室", 50, "李老师",
        "已批准", 7, 1, 0, None,
    ]  # fmt: skip


async def test_only_the_organiser_or_the_head_may_cancel(configured: LocalSchool) -> None:
    to(configured, 11, 30, 8, 0)
    await approved_meeting(configured)
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/meeting M1")
    shown = configured.api.last_bot_message(TEACHER_LI.id)
    calls = await configured.chat.press(TEACHER_CHEN, shown, "取消会议")  # a forwarded message
    assert answers(calls) == ["M1 是 李老师 申请的，只有申请人或主任可以改。"]
    assert rows(configured, "select status from meetings") == [("approved",)]
