"""The repair loop as an office lives it: the head dispatches, nothing falls out of sight,
workers never type, urgent means now, face is kept, a cancel is safe."""

from __future__ import annotations

import sqlite3

import pytest

from bot.app import settle, sweep
from bot.domain.model import Urgency
from bot.domain.routing import guess_urgency
from bot.local.school import (
    ADMIN,
    ELECTRICIAN,
    GATEKEEPER_WU,
    PLUMBER,
    SCHOOL_CHAT_ID,
    TEACHER_CHEN,
    TEACHER_LI,
    LocalSchool,
)
from tests.helpers import answers, labels, report, sent_texts, to


def rows(school: LocalSchool, sql: str) -> list[tuple]:
    with sqlite3.connect(school.settings.database_path) as conn:
        return conn.execute(sql).fetchall()


async def test_the_head_dispatches_by_command_and_everyone_is_told(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 0)
    card = await report(configured, TEACHER_LI, "302 灯管不亮")
    texts = sent_texts(await configured.chat.say(ADMIN, ADMIN.id, "/dispatch 1 刘师傅"))
    assert texts[0] == "#1 已交给 刘师傅。"
    assert "🛠 维修人：刘师傅" in card.text and "维修中" in card.text
    told = configured.api.last_bot_message(PLUMBER.id)
    assert told.text.startswith("👉 报修单 #1（教学楼 302）交给你了：灯管不亮")
    assert labels(told) == ["✅ 我修好了", "⏸ 暂停"]
    # The electrician's ping is no call any more: who has it now, no button.
    ping = configured.api.last_bot_message(ELECTRICIAN.id)
    assert ping.text.endswith("✅ 已由 刘师傅 接单（维修中）") and labels(ping) == []
    assert rows(
        configured,
        "select action, field, old_value, new_value from events where action = 'dispatch'",
    ) == [("dispatch", "assignee", "", str(PLUMBER.id))]


async def test_a_hand_over_tells_the_old_worker_and_keeps_the_history(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 0)
    card = await report(configured, TEACHER_LI, "302 灯管不亮")
    await configured.chat.press(ELECTRICIAN, card, "接单")
    await configured.chat.say(ADMIN, ADMIN.id, "/dispatch 1 刘师傅")
    assert configured.api.last_bot_message(ELECTRICIAN.id).text == (
        "↪️ 报修单 #1（教学楼 302）已转给 刘师傅，你不用再管了。"
    )
    history = sent_texts(await configured.chat.say(ADMIN, ADMIN.id, "/ticket 1"))[0]
    assert "王主任 指派：张师傅 → 刘师傅" in history


async def test_the_worker_on_duty_hands_over_by_button(configured: LocalSchool) -> None:
    to(configured, 11, 30, 8, 0)
    card = await report(configured, TEACHER_LI, "302 灯管不亮")
    await configured.chat.press(ELECTRICIAN, card, "接单")
    ping = configured.api.last_bot_message(ELECTRICIAN.id)  # the ping, now with his buttons
    await configured.chat.press(ELECTRICIAN, ping, "指派")
    question = configured.api.last_bot_message(ELECTRICIAN.id)
    assert question.text == "#1 交给谁？（本岗位的人在前）"
    assert labels(question)[0] == "刘师傅"  # not himself: he has it
    await configured.chat.press(ELECTRICIAN, question, "刘师傅")
    assert "🛠 维修人：刘师傅" in card.text


async def test_only_the_head_or_the_posts_worker_on_duty_dispatch(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 0)
    await report(configured, TEACHER_LI, "302 灯管不亮")  # electrical: 张师傅 is on duty
    for who in (PLUMBER, TEACHER_CHEN):
        texts = sent_texts(await configured.chat.say(who, who.id, "/dispatch 1 刘师傅"))
        assert texts == ["只有后勤主任或这个岗位正在值班的人可以指派 #1。"]
    to(configured, 11, 30, 18, 0)  # off duty now: no longer his to hand on
    texts = sent_texts(
        await configured.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/dispatch 1 刘师傅")
    )
    assert texts == ["只有后勤主任或这个岗位正在值班的人可以指派 #1。"]
    assert rows(configured, "select assignee_id from tickets") == [(None,)]


async def test_after_done_one_optional_note_or_photo(configured: LocalSchool) -> None:
    to(configured, 11, 30, 8, 0)
    card = await report(configured, TEACHER_LI, "302 灯管不亮")
    await configured.chat.press(ELECTRICIAN, card, "接单")
    await configured.chat.press(ELECTRICIAN, card, "我修好了")
    ask = configured.api.last_bot_message(ELECTRICIAN.id)
    assert labels(ask) == ["不用了"]
    await configured.chat.say(ELECTRICIAN, ELECTRICIAN.id, "换了新灯管", photo="photo-fix")
    told = configured.api.last_bot_message(TEACHER_LI.id)
    assert told.photo == "photo-fix"
    assert told.text == "张师傅 补充了 #1（教学楼 302）的维修说明（换了新灯管）"
    assert rows(configured, "select last_note, fix_photo_file_id from tickets") == [
        ("换了新灯管", "photo-fix")
    ]
    # Asked once: the next message is not taken as a note.
    texts = sent_texts(await configured.chat.say(ELECTRICIAN, ELECTRICIAN.id, "好的"))
    assert texts[0].startswith("😊 要报修的话")


async def test_the_note_can_be_skipped(configured: LocalSchool) -> None:
    to(configured, 11, 30, 8, 0)
    card = await report(configured, TEACHER_LI, "302 灯管不亮")
    await configured.chat.press(ELECTRICIAN, card, "接单")
    await configured.chat.press(ELECTRICIAN, card, "我修好了")
    ask = configured.api.last_bot_message(ELECTRICIAN.id)
    await configured.chat.press(ELECTRICIAN, ask, "不用了")
    assert ask.text == "好的，不补充了。"
    assert rows(configured, "select count(*) from pending_inputs") == [(0,)]


@pytest.mark.parametrize(
    ("text", "urgency"),
    [
        ("配电箱冒烟了", Urgency.URGENT),
        ("插座漏电", Urgency.URGENT),
        ("水管爆了", Urgency.URGENT),
        ("厨房有煤气味", Urgency.URGENT),
        ("the socket sparks", Urgency.URGENT),
        ("a burst pipe in the gym", Urgency.URGENT),
        ("灯不亮，不紧急", Urgency.NORMAL),
        ("not urgent: smoke detector beeps", Urgency.NORMAL),
        ("窗帘拉不上", Urgency.NORMAL),
    ],
)
def test_urgency_is_understood(text: str, urgency: Urgency) -> None:
    assert guess_urgency(text) is urgency


async def test_the_reporter_changes_the_urgency_guess_with_one_press(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 0)
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/report 302 灯管不亮")
    receipt = configured.api.last_bot_message(TEACHER_LI.id)
    calls = await configured.chat.press(TEACHER_LI, receipt, "改为紧急")
    assert answers(calls)[0].startswith("#1 改为⚡紧急，时限已重新计算。")
    assert rows(configured, "select urgency from tickets") == [("urgent",)]


async def test_urgent_at_night_calls_the_holders_the_gatekeeper_and_the_head(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 22, 30)
    calls = await configured.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report 二楼男厕 水管爆了")
    called = sorted(int(c.params["chat_id"]) for c in calls if int(c.params["chat_id"]) > 0)
    assert called == sorted([PLUMBER.id, GATEKEEPER_WU.id, ADMIN.id])
    card = configured.api.last_bot_message(SCHOOL_CHAT_ID)
    assert "📣 已通知：刘师傅、老吴、后勤主任" in card.text  # the head never wrote: no name


async def test_a_normal_report_at_night_pings_in_the_morning(configured: LocalSchool) -> None:
    to(configured, 11, 30, 22, 30)
    calls = await configured.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report 302 窗帘拉不上")
    assert [int(c.params["chat_id"]) for c in calls] == [SCHOOL_CHAT_ID]  # the card only
    to(configured, 12, 1, 6, 59)
    await settle(configured.app)
    assert not [m for m in configured.api.chat(PLUMBER.id) if m.from_bot]
    to(configured, 12, 1, 7, 0)
    await settle(configured.app)
    assert configured.api.last_bot_message(PLUMBER.id).text.startswith("🔔 新报修单 #1")


async def test_the_morning_list_offers_the_posts_unclaimed_tickets(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 22, 30)
    await report(configured, TEACHER_LI, "302 插座没电了")
    to(configured, 12, 1, 7, 30)
    await sweep(configured.app)
    morning = [
        m for m in configured.api.chat(ELECTRICIAN.id) if m.from_bot and "早上好" in m.text
    ][-1]
    assert morning.text == (
        "🌅 早上好！\n🔔 你值班的岗位还有 1 张报修单待接单：\n#1 待接单 · 教学楼 302 · 插座没电了"
    )
    assert labels(morning) == ["#1 🙋 接单"]
    my = sent_texts(await configured.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/my"))[0]
    assert "🔔 我的岗位待接单：\n#1 待接单 · 教学楼 302 · 插座没电了" in my


async def test_a_ping_says_who_took_the_ticket(configured: LocalSchool) -> None:
    to(configured, 11, 30, 18, 0)  # off duty: both electricians' holders are pinged
    card = await report(configured, TEACHER_LI, "二楼男厕 水管滴水")
    ping = configured.api.last_bot_message(PLUMBER.id)
    assert labels(ping) == ["🙋 接单"]
    await configured.chat.press(ADMIN, card, "接单")
    assert ping.text.endswith("✅ 已由 王主任 接单（维修中）") and labels(ping) == []


async def test_the_repair_log_words_in_chinese(configured: LocalSchool) -> None:
    to(configured, 11, 30, 8, 0)
    await report(configured, TEACHER_LI, "302 灯管不亮")
    mine = sent_texts(await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/tickets 未完成"))
    assert mine[0].startswith("📒 维修一览表 · 未完成\n#1 待接单")
    duty = sent_texts(await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/duty 下周一"))
    assert duty[0].startswith("📅 12-07 周一 值班：")
    stats = sent_texts(await configured.chat.say(ADMIN, ADMIN.id, "/stats 上月"))
    assert stats[0].startswith("📊 统计 · 2026-10")


async def test_a_late_ticket_is_named_in_the_summary(configured: LocalSchool) -> None:
    to(configured, 11, 30, 8, 0)
    await report(configured, TEACHER_LI, "302 灯管不亮")  # claim by 12:00
    to(configured, 12, 1, 7, 30)
    await sweep(configured.app)
    summary = [m.text for m in configured.api.chat(ADMIN.id) if "今日维修一览" in m.text][-1]
    assert summary.endswith("超时的：#1 教学楼 302")
