"""Kill and restart: nothing is lost, nothing is repeated."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta
from pathlib import Path

from bot.app import settle
from bot.config import Settings
from bot.local.school import (
    ELECTRICIAN,
    PLUMBER,
    SCHOOL_CHAT_ID,
    TEACHER_LI,
    appoint_workers,
    local_school,
)
from tests.helpers import answers, report, sent_texts


def count(path: Path, sql: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchone()[0]


async def test_everything_is_still_there_after_a_restart(settings: Settings) -> None:
    async with local_school(settings) as school:
        await appoint_workers(school)
        card = await report(school, TEACHER_LI, "302教室 灯管不亮")
        await school.chat.press(ELECTRICIAN, card, "接单")
        old_api = school.api

    async with local_school(settings) as school:
        # The card from before the restart still works: its button carries the version.
        school.api.messages.update(old_api.messages)
        calls = await school.chat.press(ELECTRICIAN, card, "我修好了")
        assert answers(calls) == ["#1 已标记修好，等待报修人确认。"]
        text = sent_texts(await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/ticket 1"))[0]
        assert text.splitlines()[-3:] == [
            "11-30 07:30 李老师 报修",
            "11-30 07:30 张师傅 接单",
            "11-30 07:30 张师傅 报告修好",
        ]
        who = sent_texts(await school.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/whoami"))[0]
        assert "维修人员" in who


async def test_a_draft_survives_a_restart(settings: Settings) -> None:
    async with local_school(settings) as school:
        await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/report")
        await school.chat.say(TEACHER_LI, TEACHER_LI.id, "窗户关不上")
    async with local_school(settings) as school:
        await school.chat.say(TEACHER_LI, TEACHER_LI.id, "105教室")
        proposal = school.api.last_bot_message(TEACHER_LI.id)
        assert proposal.text.endswith("📝 窗户关不上\n105教室")
        await school.chat.press(TEACHER_LI, proposal, "报修")
    with sqlite3.connect(settings.database_path) as conn:
        assert conn.execute("select description from tickets").fetchall() == [
            ("窗户关不上\n105教室",)
        ]


async def test_a_redelivered_report_makes_no_second_ticket(settings: Settings) -> None:
    async with local_school(settings) as school:
        update = school.api.message_update(TEACHER_LI, SCHOOL_CHAT_ID, "/report 302 灯管不亮")
        await school.chat.feed(update)
    # Telegram hands the same update again when the bot died before confirming it.
    async with local_school(settings) as school:
        calls = await school.chat.feed(update)
        assert sent_texts(calls) == ["这条消息已经登记过了：报修单 #1。"]
    assert count(settings.database_path, "select count(*) from tickets") == 1
    assert count(settings.database_path, "select count(*) from events") == 1


async def test_a_card_that_failed_to_go_out_goes_out_at_the_next_start(
    settings: Settings,
) -> None:
    async with local_school(settings) as school:
        school.api.fail_next("sendMessage", 502, "Bad Gateway")
        await school.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report 302 灯管不亮")
        assert [m for m in school.api.chat(SCHOOL_CHAT_ID) if m.from_bot] == []
    assert count(settings.database_path, "select count(*) from tickets") == 1
    async with local_school(settings) as school:
        school.clock.advance(timedelta(seconds=5))  # the retry's time has come
        await settle(school.app)
        card = school.api.last_bot_message(SCHOOL_CHAT_ID)
        assert card.text.startswith("🔧 报修单 #1 · 待接单")
    async with local_school(settings) as school:  # announced once, not again
        await settle(school.app)
        assert [m for m in school.api.chat(SCHOOL_CHAT_ID) if m.from_bot] == []


async def test_claim_race_through_the_application(settings: Settings) -> None:
    async with local_school(settings) as school:
        await appoint_workers(school)
        card = await report(school, TEACHER_LI, "302 灯管不亮")
        data = card.button("接单").callback_data
        assert data is not None
        before = len(school.api.callback_answers)
        await asyncio.gather(
            school.chat.feed(school.api.press_update(ELECTRICIAN, card, data)),
            school.chat.feed(school.api.press_update(PLUMBER, card, data)),
        )
        toasts = sorted(a["text"] for a in school.api.callback_answers[before:])
        winner = "张师傅" if "🛠 维修人：张师傅" in card.text else "刘师傅"
        assert toasts == sorted(["已接单 #1", f"#1 已经由 {winner} 接单了。"])
    assert count(settings.database_path, "select count(*) from events where action='claim'") == 1
