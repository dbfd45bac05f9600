"""Bad input gets a short, clear answer and changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.local.school import (
    ADMIN,
    ELECTRICIAN,
    PLUMBER,
    SCHOOL_CHAT_ID,
    TEACHER_CHEN,
    TEACHER_LI,
    TEACHER_SMITH,
    LocalSchool,
)
from bot.local.telegram import ANONYMOUS_ADMIN_ID, TgUser
from tests.helpers import answers, only_changes, report, sent_texts

OTHER_GROUP = -1009999999999


def card_version(school: LocalSchool) -> int:
    with sqlite3.connect(Path(school.settings.database_path)) as conn:
        return conn.execute("select version from tickets where id = 1").fetchone()[0]


def snapshot(school: LocalSchool) -> list[tuple]:
    """Everything stored about tickets, events and awaited input."""
    with sqlite3.connect(Path(school.settings.database_path)) as conn:
        return [
            *conn.execute("select * from tickets order by id"),
            *conn.execute("select * from events order by id"),
            *conn.execute("select * from pending_inputs"),
        ]


async def test_empty_report_explains_with_a_button_to_the_form(school: LocalSchool) -> None:
    before = snapshot(school)
    calls = await school.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report")
    assert sent_texts(calls) == [
        "请写上哪里坏了、在哪里，例如：/report 302教室 灯管不亮。也可以回复我的消息，或私聊我。"
    ]
    markup = calls[0].params["reply_markup"]["inline_keyboard"]
    assert markup[0][0]["url"] == "https://t.me/houqin_bot?start=report"
    assert snapshot(school) == before


async def test_report_over_the_limit_says_the_limit(school: LocalSchool) -> None:
    before = snapshot(school)
    calls = await school.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report 302 " + "灯" * 1001)
    assert sent_texts(calls) == ["报修内容最多 1000 字（你的有 1005 字），请精简一下。"]
    assert snapshot(school) == before


async def test_a_long_message_is_refused_and_the_draft_waits(school: LocalSchool) -> None:
    await school.chat.say(TEACHER_LI, TEACHER_LI.id, "窗户关不上")
    before = snapshot(school)
    calls = await school.chat.say(TEACHER_LI, TEACHER_LI.id, "x" * 1500)
    assert sent_texts(calls) == ["报修内容最多 1000 字（你的有 1506 字），请精简一下。"]
    assert snapshot(school) == before
    calls = await school.chat.say(TEACHER_LI, TEACHER_LI.id, "在302")
    assert "📝 窗户关不上\n在302" in sent_texts(calls)[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/claim abc", "“abc”不是报修单号，单号是数字，例如：/claim 12"),
        ("/claim", "请写上单号，例如：/claim 12"),
        ("/claim 999", "没有 #999 这张报修单。"),
        ("/done 1.5", "“1.5”不是报修单号，单号是数字，例如：/done 12"),
        ("/ticket 12345678901234", "“12345678901234”不是报修单号，单号是数字，例如：/ticket 12"),
        ("/confirm 1 ten", "评分请用 1 到 5。"),
        ("/rate 1 9", "评分请用 1 到 5。"),
    ],
)
async def test_bad_ticket_numbers(school: LocalSchool, text: str, expected: str) -> None:
    await report(school, TEACHER_LI, "302 灯管不亮")
    before = snapshot(school)
    calls = await school.chat.say(ELECTRICIAN, ELECTRICIAN.id, text)
    assert sent_texts(calls) == [expected]
    assert snapshot(school) == before


@pytest.mark.parametrize(
    ("who", "command", "expected"),
    [
        (TEACHER_CHEN, "/claim 1", "只有维修人员可以接单。"),
        (PLUMBER, "/done 1", "#1 由 张师傅 负责，只有他/她或主任可以标记修好。"),
        (PLUMBER, "/hold 1 等等", "#1 由 张师傅 负责，只有他/她或主任可以暂停。"),
        (TEACHER_CHEN, "/cancel 1", "只有报修人或主任可以撤销 #1。"),
        (ELECTRICIAN, "/cancel 1", "只有报修人或主任可以撤销 #1。"),
        (ELECTRICIAN, "/confirm 1", "只有报修人或主任可以确认 #1 修好了。"),
        (TEACHER_LI, "/confirm 1", "#1 现在是“维修中”，不能确认修好。"),
        (ELECTRICIAN, "/hold 1", "请写上暂停原因，例如：/hold 1 等配件"),
        (PLUMBER, "/claim 1", "#1 已经由 张师傅 接单了。"),
        (ELECTRICIAN, "/resume 1", "#1 现在是“维修中”，不能继续维修。"),
    ],
)
async def test_forbidden_moves(
    school: LocalSchool, who: TgUser, command: str, expected: str
) -> None:
    card = await report(school, TEACHER_LI, "302 灯管不亮")
    await school.chat.press(ELECTRICIAN, card, "接单")
    before = snapshot(school)
    calls = await school.chat.say(who, who.id, command)
    assert sent_texts(calls) == [expected]
    assert snapshot(school) == before


async def test_reopen_needs_a_reason_and_only_the_reporter_rates(school: LocalSchool) -> None:
    card = await report(school, TEACHER_LI, "302 灯管不亮")
    await school.chat.press(ELECTRICIAN, card, "接单")
    await school.chat.press(ELECTRICIAN, card, "我修好了")
    assert sent_texts(await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/reopen 1")) == [
        "请写上哪里没修好，例如：/reopen 1 灯还是不亮"
    ]
    await school.chat.say(ADMIN, ADMIN.id, "/confirm 1")  # the head may confirm for someone
    before = snapshot(school)
    stars = f"tk:rate:1:{card_version(school)}:5"  # the stars are the reporter's, in private
    calls = await school.chat.feed(school.api.press_update(ADMIN, card, stars))
    assert answers(calls) == ["只有报修人可以评价 #1。"]
    assert snapshot(school) == before


async def test_someone_elses_button_is_refused_with_an_alert(school: LocalSchool) -> None:
    card = await report(school, TEACHER_LI, "302 灯管不亮")
    before = snapshot(school)
    calls = await school.chat.press(TEACHER_CHEN, card, "接单")
    assert answers(calls) == ["只有维修人员可以接单。"]
    assert calls[-1].params["show_alert"] is True
    assert only_changes(calls) == []
    assert snapshot(school) == before

    await school.chat.press(ELECTRICIAN, card, "接单")
    await school.chat.press(ELECTRICIAN, card, "我修好了")
    before = snapshot(school)
    calls = await school.chat.press(ELECTRICIAN, card, "确认修好")
    assert answers(calls) == ["只有报修人或主任可以确认 #1 修好了。"]
    assert snapshot(school) == before


async def test_same_button_twice_and_stale_buttons(school: LocalSchool) -> None:
    card = await report(school, TEACHER_LI, "302 灯管不亮")
    claim = card.button("接单").callback_data
    assert claim is not None
    await school.chat.press(ELECTRICIAN, card, "接单")
    before = snapshot(school)
    calls = await school.chat.feed(school.api.press_update(ELECTRICIAN, card, claim))
    assert answers(calls) == ["#1 已经由 张师傅 接单了。"]
    assert snapshot(school) == before

    # The reporter's "Fixed?" question from the first round, pressed after a second round.
    await school.chat.press(ELECTRICIAN, card, "我修好了")
    first_ask = school.api.last_bot_message(TEACHER_LI.id)
    old_confirm = first_ask.button("确认修好").callback_data
    assert old_confirm is not None
    await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/reopen 1 还是不亮")
    await school.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/done 1")
    before = snapshot(school)
    calls = await school.chat.feed(school.api.press_update(TEACHER_LI, first_ask, old_confirm))
    assert answers(calls) == ["这个按钮已过期，#1 的状态已经变了。发送 /ticket 1 查看最新情况。"]
    assert snapshot(school) == before


@pytest.mark.parametrize(
    "data",
    [
        "tk:claim:1",
        "tk:explode:1:1",
        "tk:claim:abc:1",
        "tk:rate:1:1",
        "tk:claim:1:1:5",
        "ls:everything:o:1",
        "rp:cat",
        "💣" * 30,
        "",
    ],
)
async def test_malformed_or_forged_callback_data(school: LocalSchool, data: str) -> None:
    card = await report(school, TEACHER_LI, "302 灯管不亮")
    before = snapshot(school)
    calls = await school.chat.feed(school.api.press_update(ELECTRICIAN, card, data))
    assert len(answers(calls)) == 1
    assert answers(calls)[0] in {
        "这个按钮无效，请用命令操作，/help 查看。",
        "这张报修单已经提交或取消了，发送 /report 重新开始。",
    }
    assert only_changes(calls) == []
    assert snapshot(school) == before


async def test_forged_callback_for_a_missing_ticket(school: LocalSchool) -> None:
    card = await report(school, TEACHER_LI, "302 灯管不亮")
    calls = await school.chat.feed(school.api.press_update(ELECTRICIAN, card, "tk:claim:77:1"))
    assert answers(calls) == ["没有 #77 这张报修单。"]


async def test_sticker_and_voice_where_text_was_expected(school: LocalSchool) -> None:
    await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/report")
    before = snapshot(school)
    for kind in ("sticker", "voice"):
        calls = await school.chat.say(TEACHER_LI, TEACHER_LI.id, **{kind: True})
        assert sent_texts(calls) == ["请打字或拍照告诉我哪里坏了（语音和表情我看不懂）。"]
    assert snapshot(school) == before
    calls = await school.chat.say(TEACHER_SMITH, TEACHER_SMITH.id, sticker=True)
    assert sent_texts(calls) == [
        "Please type or photograph what is broken (I can't read voice messages or stickers)."
    ]


async def test_sticker_in_the_group_is_ignored(school: LocalSchool) -> None:
    calls = await school.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, sticker=True)
    assert calls == []


async def test_edited_report_changes_nothing(school: LocalSchool) -> None:
    await school.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report 302 灯管不亮")
    source = school.api.chat(SCHOOL_CHAT_ID)[-2]
    before = snapshot(school)
    update = school.api.edit_update(
        TEACHER_LI, SCHOOL_CHAT_ID, source.message_id, "/report 303 灯管不亮"
    )
    calls = await school.chat.feed(update)
    assert sent_texts(calls) == ["修改后的消息不会被处理。如需更正，请重新发送。"]
    assert snapshot(school) == before


async def test_channel_and_anonymous_admin(school: LocalSchool) -> None:
    before = snapshot(school)
    calls = await school.chat.feed(school.api.channel_post_update(-1005555, "/report 1 2"))
    assert calls == []
    anonymous = TgUser(ANONYMOUS_ADMIN_ID, "Group")
    group = {"id": SCHOOL_CHAT_ID, "type": "supergroup", "title": "school"}
    update = school.api.message_update(
        anonymous, SCHOOL_CHAT_ID, "/report 302 灯管不亮", sender_chat=group
    )
    calls = await school.chat.feed(update)
    assert sent_texts(calls) == ["请用你自己的账号发送（匿名管理员或频道身份无法报修）。"]
    assert snapshot(school) == before


async def test_a_group_the_bot_does_not_serve(school: LocalSchool) -> None:
    school.api.add_group(OTHER_GROUP, "别的群")
    before = snapshot(school)
    calls = await school.chat.say(TEACHER_LI, OTHER_GROUP, "/report 302 灯管不亮")
    assert sent_texts(calls) == ["抱歉，我只为本校的后勤群服务。"]
    assert await school.chat.say(TEACHER_LI, OTHER_GROUP, "聊天") == []
    assert snapshot(school) == before


async def test_unknown_commands(school: LocalSchool) -> None:
    calls = await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/frobnicate")
    assert sent_texts(calls) == ["我不认识这个命令。发送 /help 看看我能做什么。"]
    assert await school.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/otherbotcommand") == []
    calls = await school.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/frobnicate@houqin_bot")
    assert sent_texts(calls) == ["我不认识这个命令。发送 /help 看看我能做什么。"]


async def test_only_the_head_manages_workers(school: LocalSchool) -> None:
    await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/start")
    before = snapshot(school)
    calls = await school.chat.say(ELECTRICIAN, ELECTRICIAN.id, f"/addworker {TEACHER_LI.id} 李")
    assert sent_texts(calls) == ["只有后勤主任可以这样做。"]
    calls = await school.chat.say(ADMIN, ADMIN.id, "/addworker")
    assert sent_texts(calls)[0].startswith("用法：")
    calls = await school.chat.say(ADMIN, ADMIN.id, f"/removeworker {TEACHER_LI.id}")
    assert sent_texts(calls) == ["李老师 不是维修人员。"]
    assert snapshot(school) == before


async def test_an_error_inside_a_handler_never_shows_a_trace(
    school: LocalSchool, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    services = school.app.bot_data["services"]

    async def broken(**_: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services.tickets, "report", broken)
    calls = await school.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report 302 灯管不亮")
    assert sent_texts(calls) == ["抱歉，出了点问题，已记录下来，请稍后再试。"]
    assert "disk on fire" in caplog.text
