"""The sweep: each reminder once, quiet hours, batching, failures, restart, the daily pushes.

No sleeping: the clock is moved and the sweep is called, as the minutely job would.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import sweep
from bot.clock import ManualClock
from bot.config import Settings
from bot.local.school import (
    ADMIN,
    ELECTRICIAN,
    GATEKEEPER_WU,
    PLUMBER,
    SCHOOL_CHAT_ID,
    SCHOOL_MORNING,
    TEACHER_CHEN,
    TEACHER_LI,
    WORKERS_CHAT_ID,
    LocalSchool,
    local_school,
    local_settings,
    school_without_plans,
)
from bot.local.telegram import Call
from tests.helpers import labels, report, to

TZ = ZoneInfo("Asia/Shanghai")


async def run(school: LocalSchool) -> list[Call]:
    """Run one sweep; return the messages it sent."""
    start = len(school.api.calls)
    await sweep(school.app)
    return [c for c in school.api.calls[start:] if c.method.startswith("send")]


def sent_to(calls: list[Call]) -> list[int]:
    """Return who Telegram accepted a message for (failed sends left out)."""
    return [int(c.params["chat_id"]) for c in calls if c.error is None]


def texts_to(calls: list[Call], chat_id: int) -> list[str]:
    return [
        str(c.params["text"])
        for c in calls
        if int(c.params["chat_id"]) == chat_id and c.error is None
    ]


def keys(school: LocalSchool) -> list[str]:
    with sqlite3.connect(school.settings.database_path) as conn:
        return [r[0] for r in conn.execute("select key from reminders_sent order by key")]


async def test_unclaimed_ticket_reminds_the_duty_then_escalates_once(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 5)
    await run(configured)  # the morning's pushes, out of the way
    await report(configured, TEACHER_LI, "302教室 灯管不亮")  # claim by 12:05
    to(configured, 11, 30, 12, 4)
    assert texts_to(await run(configured), ELECTRICIAN.id) == []
    to(configured, 11, 30, 12, 5)
    calls = await run(configured)
    [text] = texts_to(calls, ELECTRICIAN.id)
    assert text == "⏰ #1（教学楼 302）灯管不亮\n接单时限已到，还没有人接单。"
    assert calls[0].params["reply_markup"]["inline_keyboard"][0][0]["text"] == "#1 🙋 接单"
    assert texts_to(await run(configured), ELECTRICIAN.id) == []  # once only
    to(configured, 11, 30, 14, 5)  # two working hours later: the head hears
    calls = await run(configured)
    [escalation] = texts_to(calls, ADMIN.id)
    assert escalation.splitlines()[:2] == [
        "🚨 上报：#1（教学楼 302）灯管不亮",
        "已超过接单时限2小时，仍没有人接单。",
    ]
    assert escalation.splitlines()[-2:] == ["记录：", "11-30 08:05 李老师 报修"]
    buttons = calls[-1].params["reply_markup"]["inline_keyboard"]
    assert [b["text"] for b in buttons[0]] == ["#1 👉 指派", "📄 查看 #1"]
    assert texts_to(await run(configured), ADMIN.id) == []
    to(configured, 12, 1, 8, 4)  # four working hours on (the day ended at 17:30) …
    await run(configured)  # (the morning's summary)
    to(configured, 12, 1, 8, 5)  # … the head is told again, until someone acts
    again = [x for x in texts_to(await run(configured), ADMIN.id) if x.startswith("🚨")]
    assert [x.splitlines()[1] for x in again] == ["已超过接单时限20小时，仍没有人接单。"]
    assert [k for k in keys(configured) if k.startswith("t1:")] == [
        "t1:claim1:r0",
        "t1:claim2:r0",
        "t1:claim3:r0",
    ]


async def test_late_fix_reminds_the_worker_then_escalates(configured: LocalSchool) -> None:
    to(configured, 11, 30, 8, 0)
    card = await report(configured, TEACHER_LI, "302教室 灯管不亮")  # fix by Thu 12-03 08:00
    await configured.chat.press(ELECTRICIAN, card, "接单")
    to(configured, 12, 3, 7, 30)
    assert texts_to(await run(configured), ELECTRICIAN.id)[0].startswith("🌅 早上好")
    to(configured, 12, 3, 8, 0)
    [text] = texts_to(await run(configured), ELECTRICIAN.id)
    assert text == "⏰ #1（教学楼 302）修好时限已到。修好后请点“✅ 我修好了”。"
    to(configured, 12, 3, 10, 0)
    [escalation] = texts_to(await run(configured), ADMIN.id)
    assert escalation.startswith(
        "🚨 上报：#1（教学楼 302）灯管不亮\n张师傅 处理中，已超过修好时限2小时。"
    )
    assert "11-30 08:00 张师傅 接单" in escalation


async def test_hold_stops_the_fix_clock(configured: LocalSchool) -> None:
    to(configured, 11, 30, 8, 0)
    card = await report(configured, TEACHER_LI, "302教室 灯管不亮")
    await configured.chat.press(ELECTRICIAN, card, "接单")
    await configured.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/hold 1 等镇流器")
    to(configured, 12, 4, 9, 0)  # way past the original fix-by, but on hold
    reminders = texts_to(await run(configured), ELECTRICIAN.id)
    assert reminders == ["🌅 早上好！\n🛠 你手上有 1 张报修单：\n#1 暂停中 · 教学楼 302 · 灯管不亮"]
    await configured.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/resume 1")
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/ticket 1")
    ticket = configured.api.last_bot_message(TEACHER_LI.id).text
    # 4 working days on hold (Mon 08:00 → Fri 09:00 = 41 working hours) move the limit.
    assert "⏱ 修好时限：12-09 09:00（还剩5天）" in ticket
    assert "12-04 09:00 张师傅 继续维修：暂停了41小时" in ticket


async def test_quiet_hours_hold_back_all_but_urgent(configured: LocalSchool) -> None:
    to(configured, 11, 30, 22, 0)
    await report(configured, TEACHER_LI, "校门 门禁坏了 紧急")  # urgent security: 15 min
    await report(configured, TEACHER_CHEN, "302 插座坏了")  # normal: claim by Tue 11:30
    to(configured, 11, 30, 22, 15)
    calls = await run(configured)
    assert sent_to(calls) == [GATEKEEPER_WU.id]  # the night shift, at once
    assert "#1" in texts_to(calls, GATEKEEPER_WU.id)[0]


async def test_what_falls_due_in_quiet_hours_is_sent_when_they_end(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 0)
    card = await report(configured, TEACHER_LI, "302教室 灯管不亮")
    await configured.chat.press(ELECTRICIAN, card, "接单")
    to(configured, 11, 30, 22, 0)
    await configured.chat.press(ELECTRICIAN, card, "我修好了")  # feedback due Tue 22:00 (quiet)
    to(configured, 12, 1, 22, 30)
    assert texts_to(await run(configured), TEACHER_LI.id) == []
    to(configured, 12, 2, 7, 0)
    calls = await run(configured)
    [text] = texts_to(calls, TEACHER_LI.id)
    assert text == "🙏 #1（教学楼 302）张师傅 已经修好一天了，真的修好了吗？"
    buttons = calls[0].params["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["#1 👍 确认修好", "#1 👎 没修好"]


async def test_unconfirmed_fix_closes_by_default_after_72_hours(configured: LocalSchool) -> None:
    to(configured, 11, 30, 9, 0)
    card = await report(configured, TEACHER_LI, "302教室 灯管不亮")
    await configured.chat.press(ELECTRICIAN, card, "接单")
    await configured.chat.press(ELECTRICIAN, card, "我修好了")
    to(configured, 12, 3, 9, 0)
    await run(configured)
    assert card.text.startswith("🔧 报修单 #1 · 已完成")
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/ticket 1")
    history = configured.api.last_bot_message(TEACHER_LI.id).text
    assert history.splitlines()[-1] == "12-03 09:00 系统 自动确认：72小时没有人确认，默认修好"
    assert await run(configured) == []


async def test_several_reminders_for_one_person_are_one_message(configured: LocalSchool) -> None:
    to(configured, 11, 30, 8, 0)
    await report(configured, TEACHER_LI, "302 灯管不亮")
    await report(configured, TEACHER_CHEN, "205 插座没电")
    to(configured, 11, 30, 12, 0)
    calls = await run(configured)
    [text] = texts_to(calls, ELECTRICIAN.id)
    assert text.startswith("⏰ 提醒\n\n⏰ #1（教学楼 302）") and "⏰ #2（教学楼 205）" in text
    rows = calls[0].params["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in rows] == ["#1 🙋 接单", "#2 🙋 接单"]


async def test_a_failed_send_is_tried_again_when_telegram_allows(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 0)
    await report(configured, TEACHER_LI, "302 灯管不亮")
    to(configured, 11, 30, 12, 0)
    configured.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 5", retry_after=5)
    assert texts_to(await run(configured), ELECTRICIAN.id) == []
    # Owed together with its record: the next sweep does not owe it again.
    assert [k for k in keys(configured) if k.startswith("t1:")] == ["t1:claim1:r0"]
    assert texts_to(await run(configured), ELECTRICIAN.id) == []
    configured.clock.advance(timedelta(seconds=5))  # as long as Telegram asked
    configured.api.fail_next("sendMessage", 502, "Bad Gateway")
    assert texts_to(await run(configured), ELECTRICIAN.id) == []
    configured.clock.advance(timedelta(seconds=5))  # the first retry of a network failure
    assert len(texts_to(await run(configured), ELECTRICIAN.id)) == 1
    assert texts_to(await run(configured), ELECTRICIAN.id) == []


async def test_a_message_telegram_refuses_is_given_up_and_the_head_told_once(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 0)
    await run(configured)  # the morning's pushes, out of the way
    await report(configured, TEACHER_LI, "302 灯管不亮")
    to(configured, 11, 30, 12, 0)
    for _ in range(3):
        configured.api.fail_next("sendMessage", 400, "Bad Request: can't parse entities")
    calls = await run(configured)
    for _ in range(3):
        configured.clock.advance(timedelta(seconds=30))
        calls += await run(configured)
    assert texts_to(calls, ELECTRICIAN.id) == []
    [told] = texts_to(calls, ADMIN.id)
    assert told == "⚠️ 一条发给张师傅的消息被 Telegram 拒收，已放弃（Can't parse entities）。"
    with sqlite3.connect(configured.settings.database_path) as conn:
        assert conn.execute("select attempts, error from outbox_failed").fetchall() == [
            (3, "Can't parse entities")
        ]
        assert conn.execute("select count(*) from outbox").fetchone() == (0,)


async def test_a_user_who_blocked_the_bot_is_mentioned_in_the_group(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 0)
    await run(configured)  # the morning's pushes, out of the way
    await report(configured, TEACHER_LI, "302 灯管不亮")
    configured.api.blocked.add(ELECTRICIAN.id)
    to(configured, 11, 30, 12, 0)
    calls = await run(configured)
    [mention] = texts_to(calls, SCHOOL_CHAT_ID)
    assert mention.startswith('<a href="tg://user?id=301">张师傅</a>\n⏰ #1')
    assert [c.params.get("parse_mode") for c in calls if int(c.params["chat_id"]) < 0] == ["HTML"]
    assert "t1:claim1:r0" in keys(configured)


async def test_restart_in_the_middle_of_a_sweep_repeats_nothing_and_loses_nothing(
    settings: Settings, tmp_path: Path
) -> None:
    clock = ManualClock(SCHOOL_MORNING)
    plain = school_without_plans(tmp_path)
    async with local_school(settings, clock=clock, school_file=plain) as school:
        to(school, 11, 30, 8, 0)
        await report(school, TEACHER_LI, "302 灯管不亮")  # → 张师傅
        await report(school, TEACHER_CHEN, "二楼男厕 水管漏水")  # → 刘师傅
        to(school, 11, 30, 12, 0)
        school.api.fail_next("sendMessage", 502, "Bad Gateway")  # the first send dies…
        first = await run(school)  # …and the bot is stopped after this sweep
        assert first[0].error == "Bad Gateway"
        assert len(sent_to(first)) == 2
    async with local_school(settings, clock=clock) as school:
        clock.advance(timedelta(seconds=5))
        second = await run(school)
        assert sorted(sent_to(first) + sent_to(second)) == sorted(
            [ELECTRICIAN.id, PLUMBER.id, ADMIN.id]  # each once: what did not go out, now
        )
        assert await run(school) == []


async def test_the_morning_list_and_summary_once_on_working_days(configured: LocalSchool) -> None:
    to(configured, 11, 30, 8, 0)
    card = await report(configured, TEACHER_LI, "302 灯管不亮")
    await configured.chat.press(ELECTRICIAN, card, "接单")
    to(configured, 12, 1, 7, 29)
    assert texts_to(await run(configured), ELECTRICIAN.id) == []
    to(configured, 12, 1, 7, 30)
    calls = await run(configured)
    assert texts_to(calls, ELECTRICIAN.id) == [
        "🌅 早上好！\n🛠 你手上有 1 张报修单：\n#1 维修中 · 教学楼 302 · 灯管不亮"
    ]
    [summary] = texts_to(calls, ADMIN.id)
    assert summary == "📒 今日维修一览：未完成 1 张（其中超时 0 张），昨天修好 0 张。"
    assert texts_to(await run(configured), ELECTRICIAN.id) == []
    await configured.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/remind off")
    assert configured.api.last_bot_message(ELECTRICIAN.id).text.startswith("🔕 已关闭")
    to(configured, 12, 2, 7, 30)
    assert texts_to(await run(configured), ELECTRICIAN.id) == []
    to(configured, 12, 5, 7, 30)  # Saturday: no morning list
    assert texts_to(await run(configured), ADMIN.id) == []


async def test_the_summary_goes_to_the_workers_chat_when_there_is_one(
    db_path: Path, tmp_path: Path
) -> None:
    settings = local_settings(db_path, workers_chat=True)
    async with local_school(settings, school_file=school_without_plans(tmp_path)) as school:
        to(school, 12, 1, 7, 30)
        calls = await run(school)
        assert texts_to(calls, WORKERS_CHAT_ID) == [
            "📒 今日维修一览：未完成 0 张（其中超时 0 张），昨天修好 0 张。"
        ]


async def test_the_evening_before_a_duty_day(configured: LocalSchool) -> None:
    to(configured, 12, 4, 18, 0)  # Friday evening: Saturday's gate duty
    calls = await run(configured)
    assert texts_to(calls, GATEKEEPER_WU.id) == ["📅 明天 12-05 周六 你值班：门卫 06:00–06:00⁺¹。"]
    assert await run(configured) == []


async def test_two_shifts_tomorrow_are_both_in_the_evening_reminder(
    configured: LocalSchool,
) -> None:
    await configured.chat.say(ADMIN, ADMIN.id, "/setduty 电工 周六 老吴 08:00-12:00")
    to(configured, 12, 4, 18, 0)
    calls = await run(configured)
    assert texts_to(calls, GATEKEEPER_WU.id) == [
        "📅 明天 12-05 周六 你值班：门卫 06:00–06:00⁺¹、电工 08:00–12:00。"
    ]


async def test_monday_morning_brings_last_weeks_summary(configured: LocalSchool) -> None:
    to(configured, 11, 30, 8, 0)
    card = await report(configured, TEACHER_LI, "302 灯管不亮")
    await configured.chat.press(ELECTRICIAN, card, "接单")
    await configured.chat.press(ELECTRICIAN, card, "我修好了")
    await report(configured, TEACHER_LI, "二楼男厕 水管漏水")
    to(configured, 12, 7, 7, 30)
    calls = await run(configured)
    weekly = [t for t in texts_to(calls, ADMIN.id) if "📊" in t]
    assert len(weekly) == 1
    assert "📊 上周（11-30–12-06）：新报修 2，修好 1，超时修好 0。" in weekly[0]
    assert "  电工：新 1 · 修好 1 · 超时 0" in weekly[0]


async def test_reminders_do_not_touch_the_card_or_the_history(configured: LocalSchool) -> None:
    to(configured, 11, 30, 8, 0)
    card = await report(configured, TEACHER_LI, "302 灯管不亮")
    before = (card.text, labels(card), card.edits)
    to(configured, 11, 30, 16, 0)
    await run(configured)
    assert (card.text, labels(card), card.edits) == before
    with sqlite3.connect(configured.settings.database_path) as conn:
        assert conn.execute("select count(*) from events where ticket_id = 1").fetchone() == (1,)


async def test_a_new_urgency_recomputes_the_time_limits(configured: LocalSchool) -> None:
    to(configured, 11, 30, 8, 0)
    card = await report(configured, TEACHER_LI, "302 灯管不亮")
    to(configured, 11, 30, 8, 10)
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/urgency 1 紧急")
    answer = configured.api.last_bot_message(TEACHER_LI.id).text
    assert answer.splitlines() == [
        "#1 改为⚡紧急，时限已重新计算。",
        "⏱ 接单时限：11-30 08:30（还剩20分钟）",
        "⏱ 修好时限：11-30 12:00（还剩3小时50分钟）",
    ]
    assert "⚡紧急" in card.text
    await configured.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, "/urgency 1 普通")
    assert configured.api.last_bot_message(TEACHER_CHEN.id).text == (
        "只有报修人、维修人员或主任可以改紧急程度。"
    )
    to(configured, 11, 30, 8, 30)
    assert len(texts_to(await run(configured), ELECTRICIAN.id)) == 1  # the new claim-by
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/ticket 1")
    history = configured.api.last_bot_message(TEACHER_LI.id).text
    assert history.splitlines()[-1] == "11-30 08:10 李老师 改紧急程度：普通 → ⚡紧急"
