"""Only the school's people are served, and nothing leaks: strangers, private data, limits."""

from __future__ import annotations

import asyncio
import csv
import io
import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from telegram import Update

from bot.__main__ import main
from bot.app import settle
from bot.domain.errors import Refused
from bot.local.limits import check_markup, check_message
from bot.local.school import (
    ADMIN,
    ELECTRICIAN,
    SCHOOL_CHAT_ID,
    TEACHER_LI,
    LocalSchool,
    local_school,
)
from bot.local.telegram import TgUser
from bot.updates import MAX_BACKLOG, FairUpdateProcessor
from handlers.common import fit, fit_html, utf16_len
from tests.helpers import answers, report, sent_texts

STRANGER = TgUser(999_001, "Mallory", language_code="en")
NOT_MEMBER = "Sorry, I serve only this school's staff. Ask the logistics office for access"


def users(school: LocalSchool) -> list[int]:
    with sqlite3.connect(school.settings.database_path) as conn:
        return [row[0] for row in conn.execute("select id from users")]


def tickets(school: LocalSchool) -> int:
    with sqlite3.connect(school.settings.database_path) as conn:
        return conn.execute("select count(*) from tickets").fetchone()[0]


@pytest.mark.parametrize(
    "text",
    ["/report 302 灯坏了", "/tickets", "/ticket 1", "/my", "/duty", "/who 电工", "/posts", "hi"],
)
async def test_a_stranger_gets_one_polite_line_and_nothing_else(
    school: LocalSchool, text: str
) -> None:
    await report(school, TEACHER_LI, "302 灯管不亮")
    school.api.add_user(STRANGER)  # started the bot, but is not in the school group
    calls = await school.chat.say(STRANGER, STRANGER.id, text)
    [answer] = sent_texts(calls)
    assert answer.startswith(NOT_MEMBER) and "999001" in answer
    assert STRANGER.id not in users(school)  # nothing stored about them
    assert tickets(school) == 1


async def test_start_help_and_whoami_still_answer_a_stranger(school: LocalSchool) -> None:
    school.api.add_user(STRANGER)
    for text in ("/start", "/help"):
        [answer] = sent_texts(await school.chat.say(STRANGER, STRANGER.id, text))
        assert answer.startswith(NOT_MEMBER)
    [whoami] = sent_texts(await school.chat.say(STRANGER, STRANGER.id, "/whoami"))
    assert whoami.splitlines()[:2] == ["🙋 Mallory", "ID: 999001"]
    assert STRANGER.id not in users(school)


async def test_a_stranger_pressing_a_forwarded_card_gets_an_alert_only(
    school: LocalSchool,
) -> None:
    card = await report(school, TEACHER_LI, "302 灯管不亮")
    school.api.add_user(STRANGER)
    calls = await school.chat.press(STRANGER, card, "接单")
    assert [c.method for c in calls] == ["getChatMember", "answerCallbackQuery"]
    assert answers(calls)[0].startswith(NOT_MEMBER)
    assert "待接单" in card.text


async def test_a_member_who_never_wrote_in_the_group_is_served(school: LocalSchool) -> None:
    newcomer = school.api.add_user(TgUser(999_002, "小王"), member_of=SCHOOL_CHAT_ID)
    calls = await school.chat.say(newcomer, newcomer.id, "/report 302 灯管不亮")
    assert sent_texts(calls)[0].startswith("已收到，报修单 #1。")


async def test_someone_who_leaves_the_group_is_no_longer_served(school: LocalSchool) -> None:
    await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/my")  # served, and remembered as such
    await school.chat.feed(school.api.member_update(TEACHER_LI, SCHOOL_CHAT_ID, joined=False))
    [answer] = sent_texts(await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/my"))
    assert answer.startswith("抱歉，我只为本校教职工服务。")
    await school.chat.feed(school.api.member_update(TEACHER_LI, SCHOOL_CHAT_ID, joined=True))
    [answer] = sent_texts(await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/my"))
    assert answer.startswith("📋 我报修的：")


async def test_workers_and_heads_are_served_outside_the_group(school: LocalSchool) -> None:
    school.api.members[SCHOOL_CHAT_ID].discard(ELECTRICIAN.id)
    school.api.members[SCHOOL_CHAT_ID].discard(ADMIN.id)
    assert sent_texts(await school.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/my"))[0].startswith(
        "📋"
    )
    assert sent_texts(await school.chat.say(ADMIN, ADMIN.id, "/my"))[0].startswith("📋")


@pytest.mark.parametrize("command", ["backup", "export", "stats"])
async def test_files_and_figures_only_in_private(school: LocalSchool, command: str) -> None:
    calls = await school.chat.say(ADMIN, SCHOOL_CHAT_ID, f"/{command}")
    assert sent_texts(calls) == [f"请私聊我发送 /{command}（这类内容只在私聊里发）。"]
    assert not [c for c in calls if c.method in ("sendDocument", "sendPhoto")]


async def test_export_cells_are_never_formulas(configured: LocalSchool) -> None:
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, '/report 302 =HYPERLINK("x","y")')
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/report 303 -1+1 @SUM(A1)")
    await configured.chat.say(ADMIN, ADMIN.id, "/export csv")
    document = configured.api.chat(ADMIN.id)[-1]
    assert document.document_name is not None and document.document_bytes is not None
    rows = list(csv.reader(io.StringIO(document.document_bytes.decode("utf-8-sig"))))
    assert [row[6] for row in rows[1:]] == ['\'=HYPERLINK("x","y")', "'-1+1 @SUM(A1)"]
    assert document.text == "✅ 维修一览表 · 2026-11：2 张报修单"  # this month, counted by ticket


def test_the_local_telegram_refuses_what_telegram_refuses() -> None:
    refusals = [
        ("<b>unclosed", {"parse_mode": "HTML"}),
        ("<script>x</script>", {"parse_mode": "HTML"}),
        ("a < b", {"parse_mode": "HTML"}),
        ("&nbsp;", {"parse_mode": "HTML"}),
        ("😀" * 2049, {}),  # 4,098 UTF-16 units
        ("   ", {}),
    ]
    for text, params in refusals:
        with pytest.raises(Exception, match="Bad Request"):
            check_message(text, params, caption=False)
    check_message("<b>粗</b> &lt;ok&gt; &#128512;", {"parse_mode": "HTML"}, caption=False)
    check_message("😀" * 2048, {}, caption=False)
    with pytest.raises(Exception, match="caption is too long"):
        check_message("x" * 1025, {}, caption=True)
    with pytest.raises(Exception, match="BUTTON_DATA_INVALID"):
        check_markup({"inline_keyboard": [[{"text": "x", "callback_data": "x" * 65}]]})


def test_cuts_count_as_telegram_counts_and_never_break_a_tag() -> None:
    text = "😀" * 3000
    assert utf16_len(fit(text)) <= 4096 and fit(text).endswith("…")
    assert utf16_len(fit("字" * 2000, 1024)) == 1024
    cut = fit_html('<a href="tg://user?id=1">张师傅</a>\n' + "&lt;" * 5000)
    check_message(cut, {"parse_mode": "HTML"}, caption=False)
    assert cut.startswith('<a href="tg://user?id=1">张师傅</a>')


async def test_a_long_photo_caption_still_reaches_the_group(school: LocalSchool) -> None:
    text = "/report 302 " + "😀" * 990  # under 1,000 characters, over 1,024 UTF-16 units
    await school.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, text, photo="photo-1")
    card = school.api.last_bot_message(SCHOOL_CHAT_ID)
    assert card.photo == "photo-1" and utf16_len(card.text) <= 1024


def test_the_demo_never_deletes_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    school_data = tmp_path / "houqin.sqlite3"
    school_data.write_bytes(b"a school's data")
    assert main(["demo", "--db", str(school_data)]) == 2
    assert school_data.read_bytes() == b"a school's data"
    assert "exists" in capsys.readouterr().err


async def test_the_console_refuses_a_schools_database(
    settings_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli.console import run_console

    assert await run_console(str(settings_path)) == 2
    assert "holds a school's data" in capsys.readouterr().err


@pytest.fixture
async def settings_path(settings) -> Path:  # type: ignore[no-untyped-def]
    """A database a real bot made (not the console)."""
    async with local_school(settings) as running:
        await running.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report 302 灯管不亮")
    return Path(settings.database_path)


async def test_an_awaited_reason_expires(school: LocalSchool) -> None:
    card = await report(school, TEACHER_LI, "302 灯管不亮")
    await school.chat.press(ELECTRICIAN, card, "接单")
    await school.chat.press(ELECTRICIAN, card, "暂停")  # "why on hold?" in private
    school.clock.advance(timedelta(minutes=31))
    calls = await school.chat.say(ELECTRICIAN, ELECTRICIAN.id, "明天早上再来")
    assert sent_texts(calls)[0].startswith("我是这样理解的")  # a new message: a report
    assert "维修中" in card.text  # not put on hold by a message half an hour later


async def test_two_changes_of_the_set_up_never_undo_each_other(configured: LocalSchool) -> None:
    school = configured.app.bot_data["services"].school
    stale = school.setup  # what a second head's command was computed from …
    await configured.chat.say(ADMIN, ADMIN.id, "/setstandard 电工 接单后15分钟内到场")
    with pytest.raises(Refused, match="setup_changed_meanwhile"):
        await school.change(
            await configured.app.bot_data["services"].users.actor(ADMIN.id),
            what="set_standard",
            new=replace(stale, school_name="changed"),
            now=configured.clock.now(),
            note="…",
        )
    assert school.setup.post("electrician").standard == "接单后15分钟内到场"


async def test_a_card_edit_held_back_by_a_429_shows_the_newest_state(
    school: LocalSchool,
) -> None:
    card = await report(school, TEACHER_LI, "302 灯管不亮")
    school.api.fail_next("editMessageText", 429, "Too Many Requests: retry after 5", retry_after=5)
    await school.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/claim 1")
    assert "待接单" in card.text  # the edit waits
    await school.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/done 1 换了灯管")
    school.clock.advance(timedelta(seconds=5))
    await settle(school.app)
    assert card.text.startswith("🔧 报修单 #1 · 待确认") and card.edits == 1  # one edit, newest


async def test_one_persons_flood_is_bounded(school: LocalSchool) -> None:
    processor = school.app.update_processor
    assert isinstance(processor, FairUpdateProcessor)
    started = []

    async def slow() -> None:
        started.append(1)
        await asyncio.sleep(0.05)

    def update() -> Update:
        return Update.de_json(school.api.message_update(TEACHER_LI, TEACHER_LI.id, "x"), None)

    flood = [processor.do_process_update(update(), slow()) for _ in range(MAX_BACKLOG + 25)]
    await asyncio.gather(*flood)
    assert len(started) == MAX_BACKLOG  # the rest were dropped, not queued
