"""End to end through the real Application and the local Bot API: the whole repair loop."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from bot.local.school import (
    ADMIN,
    AV_TECH,
    ELECTRICIAN,
    PLUMBER,
    SCHOOL_CHAT_ID,
    TEACHER_CHEN,
    TEACHER_LI,
    TEACHER_SMITH,
    WORKERS_CHAT_ID,
    LocalSchool,
    appoint_workers,
    local_school,
    local_settings,
)
from tests.helpers import answers, labels, report, sent_texts


def rows(school: LocalSchool, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(school.settings.database_path) as conn:
        return conn.execute(sql, params).fetchall()


async def test_group_report_is_one_card_replying_to_the_teacher(school: LocalSchool) -> None:
    calls = await school.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report 302教室 灯管不亮")

    # One group message; with no posts set up yet, the head is told privately.
    assert [(c.method, int(c.params["chat_id"])) for c in calls] == [
        ("sendMessage", SCHOOL_CHAT_ID),
        ("sendMessage", ADMIN.id),
    ]
    card = school.api.last_bot_message(SCHOOL_CHAT_ID)
    assert card.text.splitlines() == [
        "🔧 报修单 #1 · 待接单",
        "📍 地点：未注明",  # no places set up yet: the words say where
        "🏷 类别：其他 · 普通",
        "📝 302教室 灯管不亮",
        "👤 报修人：李老师",
    ]
    assert labels(card) == ["🙋 接单", "🏷 改类别", "⚡ 改为紧急"]
    assert card.reply_to_message_id == calls[0].params["reply_parameters"]["message_id"]
    assert rows(school, "select id, status, location, description, reporter_id from tickets") == [
        (1, "open", None, "302教室 灯管不亮", TEACHER_LI.id)
    ]
    assert rows(school, "select action, to_status, actor_id from events where ticket_id = 1") == [
        ("report", "open", TEACHER_LI.id)
    ]


async def test_whole_loop_with_buttons(school: LocalSchool) -> None:
    card = await report(school, TEACHER_LI, "302教室 灯管不亮")

    calls = await school.chat.press(ELECTRICIAN, card, "接单")
    assert answers(calls) == ["已接单 #1"]
    assert "🔧 报修单 #1 · 维修中" in card.text and "🛠 维修人：张师傅" in card.text
    assert labels(card) == ["✅ 我修好了", "⏸ 暂停", "🏷 改类别"]
    told = school.api.last_bot_message(TEACHER_LI.id)
    assert told.text == "你的报修单 #1（302教室 灯管不亮）已由 张师傅 接单。"

    await school.chat.press(ELECTRICIAN, card, "我修好了")
    assert card.text.startswith("🔧 报修单 #1 · 待确认")
    ask = school.api.last_bot_message(TEACHER_LI.id)
    assert ask.text == "张师傅 说 #1（302教室 灯管不亮）已修好。请确认："
    assert labels(ask) == ["👍 确认修好", "👎 没修好"]
    assert school.api.last_bot_message(ELECTRICIAN.id).text.startswith("#1 辛苦了！要给报修人补充")

    calls = await school.chat.press(TEACHER_LI, ask, "确认修好")
    assert answers(calls) == ["谢谢确认！#1 已完成。给这次维修打个分吧："]
    assert labels(ask) == ["1⭐", "2⭐", "3⭐", "4⭐", "5⭐", "💐 谢谢师傅"]
    assert card.text.startswith("🔧 报修单 #1 · 已完成")
    assert school.api.last_bot_message(ELECTRICIAN.id).text == (
        "#1（302教室 灯管不亮）报修人已确认修好，辛苦了！"
    )

    await school.chat.press(TEACHER_LI, ask, "4⭐")
    assert "⭐ 已评价" in card.text and "★" not in card.text  # stars only to those concerned
    assert labels(card) == []
    assert (
        school.api.last_bot_message(ELECTRICIAN.id).text == "#1（302教室 灯管不亮）获得评价 ★★★★☆"
    )
    assert rows(school, "select status, rating, assignee_id from tickets") == [
        ("closed", 4, ELECTRICIAN.id)
    ]
    assert rows(school, "select action, from_status, to_status from events where ticket_id=1") == [
        ("report", None, "open"),
        ("claim", "open", "claimed"),
        ("done", "claimed", "done"),
        ("confirm", "done", "closed"),
        ("rate", "closed", "closed"),
    ]


async def test_not_fixed_goes_back_to_the_same_worker_with_the_reason(
    school: LocalSchool,
) -> None:
    card = await report(school, TEACHER_LI, "302教室 灯管不亮")
    await school.chat.press(ELECTRICIAN, card, "接单")
    await school.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/done 1 换了灯管")
    ask = school.api.last_bot_message(TEACHER_LI.id)
    assert ask.text == "张师傅 说 #1（302教室 灯管不亮）已修好（换了灯管）。请确认："

    calls = await school.chat.press(TEACHER_LI, ask, "没修好")
    assert answers(calls) == ["请看我发给你的私聊消息。"]
    assert school.api.last_bot_message(TEACHER_LI.id).text == (
        "#1 哪里还没修好？直接回复文字即可。"
    )
    calls = await school.chat.say(TEACHER_LI, TEACHER_LI.id, "还是一闪一闪的")
    assert "#1 已退回给 张师傅 重新维修。" in sent_texts(calls)
    assert school.api.last_bot_message(ELECTRICIAN.id).text == (
        "#1（302教室 灯管不亮）报修人反馈没修好：还是一闪一闪的"
    )
    assert "💬 还是一闪一闪的" in card.text and "返修" not in card.text  # not in the group
    view = sent_texts(await school.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/ticket 1"))[0]
    assert "🔁 返修 1 次" in view  # but to the worker
    assert rows(school, "select status, assignee_id, reopen_count from tickets") == [
        ("claimed", ELECTRICIAN.id, 1)
    ]
    assert rows(school, "select note from events where action = 'reopen'") == [("还是一闪一闪的",)]


async def test_every_action_by_command(school: LocalSchool) -> None:
    await school.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report 水房 龙头漏水 紧急")
    say = school.chat.say
    assert "已接单 #1" in sent_texts(await say(PLUMBER, PLUMBER.id, "/claim 1"))
    assert "#1 已暂停。" in sent_texts(await say(PLUMBER, PLUMBER.id, "/hold 1 等配件"))
    assert (
        school.api.last_bot_message(TEACHER_LI.id).text
        == "#1（水房 龙头漏水 紧急）暂停维修：等配件"
    )
    assert "#1 继续维修。" in sent_texts(await say(PLUMBER, PLUMBER.id, "/resume 1"))
    assert any("已标记修好" in s for s in sent_texts(await say(PLUMBER, PLUMBER.id, "/done #1")))
    texts = sent_texts(await say(TEACHER_LI, TEACHER_LI.id, "/confirm 1 5"))
    assert texts[0] == "谢谢确认和评价 ★★★★★！#1 已完成。"  # the answer comes first
    assert rows(school, "select status, rating, urgency from tickets") == [("closed", 5, "urgent")]
    card = school.api.last_bot_message(SCHOOL_CHAT_ID)
    assert "⚡紧急" in card.text and labels(card) == []


async def test_cancel_asks_first_and_tells_the_worker(school: LocalSchool) -> None:
    await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/report 操场 篮球架松了")
    receipt = school.api.last_bot_message(TEACHER_LI.id)
    card = school.api.last_bot_message(SCHOOL_CHAT_ID)
    await school.chat.press(ELECTRICIAN, card, "接单")
    await school.chat.press(TEACHER_LI, receipt, "撤销")
    assert labels(receipt) == ["是，撤销", "不撤销"]  # nothing withdrawn yet
    assert "维修中" in card.text
    calls = await school.chat.press(TEACHER_LI, receipt, "是，撤销")
    assert answers(calls) == ["#1 已撤销。"]
    assert card.text.startswith("🔧 报修单 #1 · 已撤销") and labels(card) == []
    assert school.api.last_bot_message(ELECTRICIAN.id).text == (
        "#1（操场 篮球架松了）已被撤销，不用再修了。"
    )


async def test_cancel_can_be_taken_back(school: LocalSchool) -> None:
    await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/report 操场 篮球架松了")
    receipt = school.api.last_bot_message(TEACHER_LI.id)
    await school.chat.press(TEACHER_LI, receipt, "撤销")
    calls = await school.chat.press(TEACHER_LI, receipt, "不撤销")
    assert answers(calls) == ["好的，#1 不撤销。"]
    assert rows(school, "select status from tickets") == [("open",)]


async def test_hold_button_asks_for_the_reason_privately(school: LocalSchool) -> None:
    card = await report(school, TEACHER_LI, "三楼 走廊灯坏了")
    await school.chat.press(ELECTRICIAN, card, "接单")
    await school.chat.press(ELECTRICIAN, card, "暂停")
    assert school.api.last_bot_message(ELECTRICIAN.id).text.startswith("#1 暂停的原因是什么")
    await school.chat.say(ELECTRICIAN, ELECTRICIAN.id, "等灯管到货")
    assert card.text.startswith("🔧 报修单 #1 · 暂停中") and "💬 等灯管到货" in card.text
    assert labels(card) == ["▶️ 继续", "🏷 改类别"]
    await school.chat.press(ELECTRICIAN, card, "继续")
    assert card.text.startswith("🔧 报修单 #1 · 维修中")


async def test_photo_report_and_photo_of_the_fix(school: LocalSchool) -> None:
    await school.chat.say(
        TEACHER_CHEN, SCHOOL_CHAT_ID, "/report 205教室 投影仪不亮", photo="photo-broken"
    )
    card = school.api.last_bot_message(SCHOOL_CHAT_ID)
    assert card.photo == "photo-broken" and "📝 205教室 投影仪不亮" in card.text
    await school.chat.press(AV_TECH, card, "接单")
    assert card.text.startswith("🔧 报修单 #1 · 维修中")  # the caption was edited
    await school.chat.say(AV_TECH, AV_TECH.id, "/done 1 换了灯泡", photo="photo-fixed")
    told = school.api.last_bot_message(TEACHER_CHEN.id)
    assert (
        told.photo == "photo-fixed"
        and "赵师傅 说 #1（205教室 投影仪不亮）已修好（换了灯泡）" in told.text
    )
    assert rows(school, "select photo_file_id, fix_photo_file_id from tickets") == [
        ("photo-broken", "photo-fixed")
    ]


async def test_report_alone_asks_what_and_the_next_message_is_the_report(
    school: LocalSchool,
) -> None:
    chat = TEACHER_LI.id
    await school.chat.say(TEACHER_LI, chat, "/report")
    assert school.api.last_bot_message(chat).text.startswith("📝 哪里坏了？")
    await school.chat.say(TEACHER_LI, chat, "二楼教师办公室 饮水机不出热水")
    proposal = school.api.last_bot_message(chat)
    assert proposal.text.splitlines() == [
        "我是这样理解的，没问题就点“报修”：",
        "🏷 类别：其他 · 普通",
        "📝 二楼教师办公室 饮水机不出热水",
    ]
    assert labels(proposal) == ["✅ 报修", "✏️ 改一下", "✖ 取消"]
    await school.chat.press(TEACHER_LI, proposal, "改一下")
    await school.chat.press(TEACHER_LI, proposal, "⚡ 改为紧急")
    await school.chat.press(TEACHER_LI, proposal, "报修")

    receipt = school.api.last_bot_message(chat)
    assert receipt is proposal  # the proposal became the receipt: one message
    assert receipt.text.startswith("已收到，报修单 #1。")
    assert "🏷 类别：其他 · ⚡紧急" in receipt.text
    assert labels(receipt) == ["↩️ 撤销报修", "改为普通"]
    card = school.api.last_bot_message(SCHOOL_CHAT_ID)
    assert card.text.startswith("🔧 报修单 #1 · 待接单") and labels(card)[0] == "🙋 接单"
    assert rows(school, "select count(*) from pending_inputs") == [(0,)]

    # The proposal's button pressed again (a double tap, a resent update) files nothing new.
    calls = await school.chat.feed(
        school.api.press_update(TEACHER_LI, proposal, f"dr:{TEACHER_LI.id}:file")
    )
    assert answers(calls) == ["这份报修已经提交、取消或过期了。再发一条消息就能重新报修。"]
    assert rows(school, "select count(*) from tickets") == [(1,)]


async def test_a_photo_first_then_the_words(school: LocalSchool) -> None:
    chat = TEACHER_CHEN.id
    await school.chat.say(TEACHER_CHEN, chat, None, photo="photo-door")
    assert school.api.last_bot_message(chat).text == (
        "🖼 1 张照片\n📝 照片收到了。再用一句话说说哪里坏了？"
    )
    await school.chat.say(TEACHER_CHEN, chat, "门锁坏了 不着急")
    proposal = school.api.last_bot_message(chat)
    assert "🏷 类别：其他 · 普通" in proposal.text and "🖼 1 张照片" in proposal.text
    await school.chat.press(TEACHER_CHEN, proposal, "改一下")
    await school.chat.press(TEACHER_CHEN, proposal, "类别")
    assert proposal.text.endswith("🏷 属于哪一类？")
    await school.chat.press(TEACHER_CHEN, proposal, "门窗桌椅")
    assert "🏷 类别：门窗桌椅 · 普通" in proposal.text
    await school.chat.press(TEACHER_CHEN, proposal, "报修")
    card = school.api.last_bot_message(SCHOOL_CHAT_ID)
    assert card.photo == "photo-door"
    assert "🏷 类别：门窗桌椅 · 普通" in card.text and "📝 门锁坏了 不着急" in card.text
    # One proposal at a time in the chat: the earlier one was taken out.
    assert [m.text for m in school.api.chat(chat) if m.from_bot] == [proposal.text]


async def test_a_draft_can_be_cancelled(school: LocalSchool) -> None:
    chat = TEACHER_LI.id
    await school.chat.say(TEACHER_LI, chat, "窗户关不上")
    proposal = school.api.last_bot_message(chat)
    await school.chat.press(TEACHER_LI, proposal, "取消")
    assert proposal.text == "已取消，什么都没有报。" and labels(proposal) == []
    calls = await school.chat.say(TEACHER_LI, chat, "随便说一句")
    assert sent_texts(calls)[0].startswith("我是这样理解的")  # a new draft, not the old one
    assert rows(school, "select count(*) from tickets") == [(0,)]


async def test_workers_chat_gets_the_card_and_the_group_a_receipt(db_path) -> None:
    settings = local_settings(db_path, workers_chat=True)
    async with local_school(settings) as school:
        await appoint_workers(school)
        calls = await school.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report 302 灯管不亮")
        assert sorted(int(c.params["chat_id"]) for c in calls) == sorted(
            [WORKERS_CHAT_ID, ADMIN.id, SCHOOL_CHAT_ID]
        )
        assert school.api.last_bot_message(SCHOOL_CHAT_ID).text == (
            "已收到 李老师 的报修单 #1，已转给维修组。"
        )
        card = school.api.last_bot_message(WORKERS_CHAT_ID)
        await school.chat.press(ELECTRICIAN, card, "接单")
        assert "🛠 维修人：张师傅" in card.text


async def test_english_speaker_gets_english(school: LocalSchool) -> None:
    chat = TEACHER_SMITH.id
    calls = await school.chat.say(TEACHER_SMITH, chat, "/report Room105 window won't close")
    assert sent_texts(calls)[0].startswith("Got it: ticket #1. You'll hear when someone takes it.")
    card = school.api.last_bot_message(SCHOOL_CHAT_ID)
    assert card.text.startswith("🔧 报修单 #1")  # the group reads the school's language
    await school.chat.press(ELECTRICIAN, card, "接单")
    assert (
        school.api.last_bot_message(chat).text
        == "张师傅 has taken your ticket #1 (Room105 window…)."
    )
    calls = await school.chat.say(TEACHER_SMITH, chat, "/claim 1")
    assert sent_texts(calls) == ["Only logistics workers can claim tickets."]


async def test_english_group(db_path) -> None:
    async with local_school(local_settings(db_path, language="en")) as school:
        await appoint_workers(school)
        card = await report(school, TEACHER_SMITH, "Gym lights flicker")
        assert card.text.splitlines()[:3] == [
            "🔧 Ticket #1 · open",
            "📍 Place: not given",
            "🏷 Category: Other · normal",
        ]
        assert labels(card) == ["🙋 Claim", "🏷 Category", "⚡ Make it urgent"]


async def test_ticket_shows_history_and_my_lists_both_sides(school: LocalSchool) -> None:
    card = await report(school, TEACHER_LI, "302教室 灯管不亮")
    await report(school, TEACHER_LI, "301教室 插座没电")
    school.clock.advance(timedelta(hours=1, minutes=5))
    await school.chat.press(ELECTRICIAN, card, "接单")
    calls = await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/ticket 1")
    text = sent_texts(calls)[0]
    assert "记录：" in text
    assert text.splitlines()[-2:] == ["11-30 07:30 李老师 报修", "11-30 08:35 张师傅 接单"]

    mine = sent_texts(await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/my"))[0]
    assert mine.splitlines() == [
        "📋 我报修的：",
        "#2 待接单 · 301教室 插座没电",
        "#1 维修中 · 302教室 灯管不亮",
    ]
    held = sent_texts(await school.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/my"))[0]
    assert held.splitlines()[-2:] == ["🛠 我手上的：", "#1 维修中 · 302教室 灯管不亮"]


async def test_tickets_pages_through_the_repair_log(school: LocalSchool) -> None:
    for n in range(1, 24):
        await school.chat.say(TEACHER_LI, TEACHER_LI.id, f"/report {n}号教室 灯不亮")
    await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/tickets")
    page = school.api.last_bot_message(TEACHER_LI.id)
    assert page.text.splitlines()[0] == "📒 维修一览表 · 全部"
    assert page.text.splitlines()[1].startswith("#23 ") and len(page.text.splitlines()) == 11
    assert labels(page) == ["较早 ▶"]
    await school.chat.press(TEACHER_LI, page, "较早")
    assert page.text.splitlines()[1].startswith("#13 ")
    assert labels(page) == ["◀ 较新", "较早 ▶"]
    await school.chat.press(TEACHER_LI, page, "较早")
    assert [line.split()[0] for line in page.text.splitlines()[1:]] == ["#3", "#2", "#1"]
    assert labels(page) == ["◀ 较新"]
    await school.chat.press(TEACHER_LI, page, "较新")
    assert page.text.splitlines()[1].startswith("#13 ") and page.text.splitlines()[-1].startswith(
        "#4 "
    )
    assert labels(page) == ["◀ 较新", "较早 ▶"]
    await school.chat.press(TEACHER_LI, page, "较新")
    assert page.text.splitlines()[1].startswith("#23 ") and labels(page) == ["较早 ▶"]


async def test_tickets_filters(school: LocalSchool) -> None:
    card = await report(school, TEACHER_LI, "302教室 灯管不亮")
    await report(school, TEACHER_CHEN, "水房 漏水")
    await school.chat.press(ELECTRICIAN, card, "接单")
    await school.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/hold 1 等配件")
    say = school.chat.say
    hold = sent_texts(await say(TEACHER_LI, TEACHER_LI.id, "/tickets hold"))[0]
    assert hold.splitlines()[1:] == ["#1 暂停中 · 302教室 灯管不亮"]
    mine = sent_texts(await say(TEACHER_CHEN, TEACHER_CHEN.id, "/tickets mine"))[0]
    assert mine.splitlines()[1:] == ["#2 待接单 · 水房 漏水"]
    closed = sent_texts(await say(TEACHER_CHEN, TEACHER_CHEN.id, "/tickets closed"))[0]
    assert closed.splitlines()[1:] == ["这里还没有报修单。"]


async def test_help_and_whoami_follow_the_role(school: LocalSchool) -> None:
    teacher = sent_texts(await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/help"))[0]
    assert "/report" in teacher and "/claim" not in teacher and "/addworker" not in teacher
    worker = sent_texts(await school.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/help"))[0]
    assert "/claim" in worker and "/addworker" not in worker
    head = sent_texts(await school.chat.say(ADMIN, ADMIN.id, "/help"))[0]
    assert "/addworker" in head
    who = sent_texts(await school.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/whoami"))[0]
    assert who == "🙋 张师傅\nID：301\n身份：维修人员\n语言：中文"
    start = sent_texts(await school.chat.say(TEACHER_SMITH, TEACHER_SMITH.id, "/start"))[0]
    assert start.startswith("Hi Emma!")


async def test_head_adds_and_removes_a_worker_by_reply(school: LocalSchool) -> None:
    await school.chat.say(TEACHER_CHEN, SCHOOL_CHAT_ID, "大家好")
    hello = school.api.chat(SCHOOL_CHAT_ID)[-1]
    calls = await school.chat.say(
        ADMIN, SCHOOL_CHAT_ID, "/addworker 陈师傅", reply_to=hello.message_id
    )
    assert sent_texts(calls) == ["✅ 陈师傅 现在是维修人员了。"]
    assert rows(
        school, "select is_worker, worker_name from users where id = ?", TEACHER_CHEN.id
    ) == [(1, "陈师傅")]
    calls = await school.chat.say(
        ADMIN, SCHOOL_CHAT_ID, "/removeworker", reply_to=hello.message_id
    )
    assert sent_texts(calls) == ["✅ 陈师傅 不再是维修人员，历史记录保留。"]
    assert rows(
        school,
        "select action, subject_user_id from events where subject_user_id = ?",
        TEACHER_CHEN.id,
    ) == [("add_worker", TEACHER_CHEN.id), ("remove_worker", TEACHER_CHEN.id)]


async def test_commands_are_registered_in_both_languages(school: LocalSchool) -> None:
    menus = school.api.commands
    assert {lang for _, lang in menus} == {"", "zh", "en"}
    private_en = {c["command"]: c["description"] for c in menus[("all_private_chats", "en")]}
    assert private_en["report"] == "Report a problem"
    group_zh = {c["command"]: c["description"] for c in menus[("default", "zh")]}
    assert group_zh["claim"] == "接单（维修人员）"


async def test_a_bare_cancel_stops_the_form_or_the_question(school: LocalSchool) -> None:
    chat = TEACHER_LI.id
    await school.chat.say(TEACHER_LI, chat, "/report")
    await school.chat.say(TEACHER_LI, chat, "窗户关不上")
    assert sent_texts(await school.chat.say(TEACHER_LI, chat, "/cancel")) == [
        "已取消，什么都没有改。"
    ]
    assert rows(school, "select count(*) from pending_inputs") == [(0,)]
    assert sent_texts(await school.chat.say(TEACHER_LI, chat, "/cancel")) == [
        "请写上单号，例如：/cancel 12"
    ]
