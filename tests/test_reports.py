"""Reports the way people make them: plain words, photos and albums, a room's QR sticker, a
reply or a mention in the group; the same problem reported twice; thanks to the worker."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.domain.places import place_by_key, place_token
from bot.domain.setup import Location, Room
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
from tests.helpers import answers, labels, report, rows, sent_texts


def pdf_pages(data: bytes) -> int:
    """Count the pages of a PDF (its page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", data))


def token(school: LocalSchool, key: str) -> str:
    place = place_by_key(school.app.bot_data["services"].school.setup, key)
    assert place is not None
    return place_token(place)


# --- plain words, photos, albums -----------------------------------------------------------------


async def test_plain_words_in_private_are_understood_and_one_press_files_them(
    configured: LocalSchool,
) -> None:
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "灯管一闪一闪的 三年级二班")
    proposal = configured.api.last_bot_message(TEACHER_LI.id)
    assert proposal.text.splitlines() == [
        "我是这样理解的，没问题就点“报修”：",
        "📍 地点：教学楼 302",  # a class's name finds its classroom
        "🏷 类别：电路照明 · 普通",
        "📝 灯管一闪一闪的 三年级二班",
    ]
    assert rows(configured, "select count(*) from tickets") == [(0,)]  # nothing filed yet
    await configured.chat.press(TEACHER_LI, proposal, "报修")
    assert proposal.text.startswith("已收到，报修单 #1。")
    assert rows(configured, "select location, location_key, category from tickets") == [
        ("教学楼 302", "教学楼/302", "electrical")
    ]
    told = configured.api.last_bot_message(ELECTRICIAN.id)
    assert told.text.startswith("🔔 新报修单 #1（教学楼 302）")


async def test_more_words_join_the_draft_and_the_guess_follows_them(
    configured: LocalSchool,
) -> None:
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "漏水了")
    first = configured.api.last_bot_message(TEACHER_LI.id)
    assert "📍 在哪里？请选一栋楼：" in first.text
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "在二楼女厕，很急")
    proposal = configured.api.last_bot_message(TEACHER_LI.id)
    assert (
        proposal is not first and (TEACHER_LI.id, first.message_id) not in configured.api.messages
    )
    assert "📍 地点：教学楼 2F女厕" in proposal.text and "🏷 类别：水暖 · ⚡紧急" in proposal.text


async def test_an_album_is_one_report_with_all_its_photos(configured: LocalSchool) -> None:
    chat = TEACHER_CHEN.id
    await configured.chat.say(TEACHER_CHEN, chat, "301 窗户玻璃裂了", photo="p1", album="a")
    proposal = configured.api.last_bot_message(chat)
    for photo in ("p2", "p3"):
        calls = await configured.chat.say(TEACHER_CHEN, chat, None, photo=photo, album="a")
        assert [c.method for c in calls] == ["editMessageText"]  # the same message, no new one
    assert "🖼 3 张照片" in proposal.text
    await configured.chat.press(TEACHER_CHEN, proposal, "报修")
    assert rows(configured, "select photo_file_id, photos from tickets") == [
        ("p1", '["p1", "p2", "p3"]')
    ]
    card = configured.api.last_bot_message(SCHOOL_CHAT_ID)
    assert card.photo == "p1" and "🖼 3 张照片" in card.text
    # The worker sees them all with one press, as one album in private.
    told = configured.api.last_bot_message(PLUMBER.id)
    assert labels(told) == ["🙋 接单", "🖼 全部照片（3）"]
    calls = await configured.chat.press(PLUMBER, told, "全部照片")
    album = [c for c in calls if c.method == "sendMediaGroup"]
    assert len(album) == 1 and [m["media"] for m in album[0].params["media"]] == ["p1", "p2", "p3"]


async def test_small_talk_gets_an_answer_not_a_draft(configured: LocalSchool) -> None:
    for text in ("好的", "谢谢！", "thanks", "👍"):
        calls = await configured.chat.say(TEACHER_LI, TEACHER_LI.id, text)
        assert sent_texts(calls)[0].startswith("😊 要报修的话")
    assert rows(configured, "select count(*) from pending_inputs") == [(0,)]


# --- finding the place --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place", "category"),
    [
        ("灯不亮 三年级二班", "教学楼 302", "electrical"),  # not "the first word is the place"
        ("the tap in the 2F girls toilet is leaking", "教学楼 2F女厕", "plumbing"),
        ("科学楼 2F 水池堵了", "科学楼 2F", "plumbing"),
    ],
)
async def test_the_place_is_found_anywhere_in_a_report(
    configured: LocalSchool, text: str, place: str, category: str
) -> None:
    card = await report(configured, TEACHER_SMITH, text)
    assert card.text.startswith("🔧 报修单 #1")
    assert rows(configured, "select location, category from tickets") == [(place, category)]


async def test_no_place_found_asks_for_the_building_then_the_room(
    configured: LocalSchool,
) -> None:
    calls = await configured.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report 投影仪没有声音")
    assert rows(configured, "select count(*) from tickets") == [(0,)]  # not filed as 未注明
    proposal = configured.api.last_bot_message(SCHOOL_CHAT_ID)
    assert proposal.reply_to_message_id == calls[0].params["reply_parameters"]["message_id"]
    assert labels(proposal) == ["教学楼", "科学楼", "行政楼", "操场", "校门", "✏️ 写地点", "✖ 取消"]
    await configured.chat.press(TEACHER_LI, proposal, "行政楼")
    assert proposal.text.endswith("📍 行政楼的哪里？")
    assert labels(proposal)[-2:] == ["就是行政楼", "↩️ 返回"]
    await configured.chat.press(TEACHER_LI, proposal, "会议室")
    assert "📍 地点：行政楼 会议室" in proposal.text
    await configured.chat.press(TEACHER_LI, proposal, "报修")
    card = configured.api.last_bot_message(SCHOOL_CHAT_ID)
    assert card.text.startswith("🔧 报修单 #1") and "📍 地点：行政楼 会议室" in card.text
    assert (SCHOOL_CHAT_ID, proposal.message_id) not in configured.api.messages  # taken out
    bot_messages = [m for m in configured.api.chat(SCHOOL_CHAT_ID) if m.from_bot]
    assert bot_messages == [card]  # one message in the group per ticket


async def test_a_place_not_on_the_list_can_be_typed(configured: LocalSchool) -> None:
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "食堂二楼的水龙头漏水")
    proposal = configured.api.last_bot_message(TEACHER_LI.id)
    await configured.chat.press(TEACHER_LI, proposal, "写地点")
    assert proposal.text.endswith("✏️ 请把地点发给我，例如：食堂二楼。")
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "食堂二楼")
    proposal = configured.api.last_bot_message(TEACHER_LI.id)
    assert "📍 地点：食堂二楼" in proposal.text
    await configured.chat.press(TEACHER_LI, proposal, "报修")
    assert rows(configured, "select location, location_key, category from tickets") == [
        ("食堂二楼", None, "plumbing")
    ]


async def test_in_the_group_the_place_is_typed_as_a_reply(configured: LocalSchool) -> None:
    await configured.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report 水龙头漏水")
    proposal = configured.api.last_bot_message(SCHOOL_CHAT_ID)
    await configured.chat.press(TEACHER_LI, proposal, "写地点")
    assert proposal.text.endswith("✏️ 请回复这条消息，写上地点。")
    await configured.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "食堂后面", reply_to=proposal.message_id)
    proposal = configured.api.last_bot_message(SCHOOL_CHAT_ID)
    assert "📍 地点：食堂后面" in proposal.text
    await configured.chat.press(TEACHER_LI, proposal, "报修")
    assert rows(configured, "select location from tickets") == [("食堂后面",)]


async def test_the_guesses_can_be_changed_with_buttons(configured: LocalSchool) -> None:
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "302 黑板松了")
    proposal = configured.api.last_bot_message(TEACHER_LI.id)
    await configured.chat.press(TEACHER_LI, proposal, "改一下")
    assert labels(proposal) == ["📍 地点", "🏷 类别", "⚡ 改为紧急", "↩️ 返回"]
    await configured.chat.press(TEACHER_LI, proposal, "改为紧急")
    await configured.chat.press(TEACHER_LI, proposal, "改一下")
    await configured.chat.press(TEACHER_LI, proposal, "地点")
    await configured.chat.press(TEACHER_LI, proposal, "教学楼")
    await configured.chat.press(TEACHER_LI, proposal, "303")
    assert "📍 地点：教学楼 303" in proposal.text and "⚡紧急" in proposal.text
    # More words do not undo a choice made with a button.
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "就在302旁边")
    proposal = configured.api.last_bot_message(TEACHER_LI.id)
    assert "📍 地点：教学楼 303" in proposal.text and "⚡紧急" in proposal.text


async def test_a_list_changed_since_the_buttons_were_drawn_asks_again(
    configured: LocalSchool,
) -> None:
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "灯不亮")
    proposal = configured.api.last_bot_message(TEACHER_LI.id)
    await configured.chat.press(TEACHER_LI, proposal, "教学楼")
    school = configured.app.bot_data["services"].school
    setup = school.setup
    renamed = (Location("主教学楼", rooms=(Room("302"),)), *setup.locations[1:])
    from dataclasses import replace

    await school.import_setup(
        replace(setup, locations=renamed), actor_id=ADMIN.id, now=configured.clock.now()
    )
    calls = await configured.chat.press(TEACHER_LI, proposal, "302")
    assert answers(calls) == ["学校的地点或类别刚改过，请重新选。"]
    assert labels(proposal)[0] == "主教学楼"
    assert rows(configured, "select count(*) from tickets") == [(0,)]


# --- the QR sticker in every room --------------------------------------------------------------


async def test_a_rooms_sticker_opens_a_report_with_the_place_filled_in(
    configured: LocalSchool,
) -> None:
    link = f"/start r_{token(configured, '科学楼/音乐教室')}"
    calls = await configured.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, link)
    assert sent_texts(calls) == ["📍 科学楼 音乐教室\n📝 这里什么坏了？说一句就行，也可以发照片。"]
    await configured.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, None, photo="stool")
    await configured.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, "琴凳断了一条腿")
    proposal = configured.api.last_bot_message(TEACHER_CHEN.id)
    assert "📍 地点：科学楼 音乐教室" in proposal.text and "🖼 1 张照片" in proposal.text
    await configured.chat.press(TEACHER_CHEN, proposal, "报修")
    assert rows(configured, "select location_key, photo_file_id from tickets") == [
        ("科学楼/音乐教室", "stool")
    ]


async def test_a_sticker_of_a_room_that_is_gone_opens_the_report_without_a_place(
    configured: LocalSchool,
) -> None:
    calls = await configured.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, "/start r_AAAAAAAAAAAA")
    assert sent_texts(calls)[0].startswith("这个二维码对应的地点已不在学校的名单上了。")
    await configured.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, "灯不亮")
    assert "📍 在哪里？请选一栋楼：" in configured.api.last_bot_message(TEACHER_CHEN.id).text


async def test_the_head_gets_the_stickers_as_a_pdf_in_private(configured: LocalSchool) -> None:
    await configured.chat.say(ADMIN, ADMIN.id, "/qr")
    document = configured.api.last_bot_message(ADMIN.id)
    assert document.document_name == "houqin-stickers.pdf"
    assert document.document_bytes is not None and document.document_bytes.startswith(b"%PDF")
    assert pdf_pages(document.document_bytes) == 3  # 28 stickers, 12 a page
    assert document.text.startswith("🖨 28 张报修二维码，共 3 页 A4。")
    calls = await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/qr")
    assert sent_texts(calls) == ["只有后勤主任可以这样做。"]
    calls = await configured.chat.say(ADMIN, SCHOOL_CHAT_ID, "/qr")
    assert sent_texts(calls) == ["请私聊我发送 /qr（这类内容只在私聊里发）。"]


def test_the_stickers_qr_codes_carry_the_rooms_links() -> None:
    import segno

    from bot.formats.stickers import _qr_image

    url = "https://t.me/houqin_bot?start=r_Yj1yeK9FKbyV"
    image = _qr_image(url, 300)
    modules = [list(row) for row in segno.make(url, error="m").matrix_iter(border=2)]
    scale = image.width // len(modules)
    sampled = [
        [
            image.getpixel((x * scale + scale // 2, y * scale + scale // 2)) == 0
            for x in range(len(row))
        ]
        for y, row in enumerate(modules)
    ]
    assert sampled == [[bool(dark) for dark in row] for row in modules]


def test_the_command_line_writes_the_stickers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "school.sqlite3"))
    for key in ("TELEGRAM_BOT_TOKEN", "SCHOOL_CHAT_ID", "ADMIN_USER_IDS"):
        monkeypatch.delenv(key, raising=False)
    example = Path(__file__).parents[1] / "examples" / "school.yaml"
    assert main(["qr", "--out", "empty.pdf", "--bot", "houqin_bot"]) == 1  # no places yet
    assert main(["import", str(example)]) == 0
    assert main(["qr", "--out", "stickers.pdf"]) == 2  # no token to ask the bot's name
    assert "--bot" in capsys.readouterr().out
    assert main(["qr", "--out", "stickers.pdf", "--bot", "@houqin_bot"]) == 0
    assert pdf_pages((tmp_path / "stickers.pdf").read_bytes()) == 3
    assert "28 stickers for @houqin_bot" in capsys.readouterr().out


# --- the same problem twice --------------------------------------------------------------------


async def test_the_same_problem_reported_again_follows_the_open_ticket(
    configured: LocalSchool,
) -> None:
    card = await report(configured, TEACHER_LI, "302 灯管不亮")
    await configured.chat.press(ELECTRICIAN, card, "接单")
    await configured.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, "三年级二班灯管坏了", photo="lamp")
    proposal = configured.api.last_bot_message(TEACHER_CHEN.id)
    assert "#1 灯管不亮（维修中 · 张师傅）\n是同一个问题吗？" in proposal.text
    assert labels(proposal) == ["是，补充说明", "不是，新问题", "✖ 取消"]
    await configured.chat.press(TEACHER_CHEN, proposal, "是，补充说明")
    assert proposal.text.startswith("已记下：你也报了 #1。修好时会告诉你。")
    assert rows(configured, "select count(*), followers, photos from tickets") == [
        (1, f"[{TEACHER_CHEN.id}]", '["lamp"]')
    ]
    assert "👥 另有 1 人也报了" in card.text
    told = configured.api.last_bot_message(ELECTRICIAN.id)
    assert told.text == "👥 陈老师 也报了 #1（教学楼 302）：三年级二班灯管坏了"
    assert told.photo == "lamp"
    assert rows(configured, "select action, note from events where action = 'follow'") == [
        ("follow", "三年级二班灯管坏了")
    ]

    # Fixed and confirmed: the follower hears it, and may thank the worker (once).
    await configured.chat.press(ELECTRICIAN, card, "我修好了")
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/confirm 1")
    told = configured.api.last_bot_message(TEACHER_CHEN.id)
    assert told.text == "✅ 你也报过的 #1（教学楼 302）已由 张师傅 修好。"
    await configured.chat.press(TEACHER_CHEN, told, "谢谢师傅")
    ask = configured.api.last_bot_message(TEACHER_CHEN.id)
    assert ask.text == "想对 张师傅 说句什么（#1）？直接发给我，或点“就说声谢谢”。"
    await configured.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, "教室亮堂多了")
    assert configured.api.last_bot_message(ELECTRICIAN.id).text == (
        "💐 陈老师 谢谢你修好了 #1（教学楼 302）：“教室亮堂多了”"
    )
    calls = await configured.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, "/thanks 1")
    assert sent_texts(calls) == ["你已经谢过 张师傅 了（#1）。"]
    calls = await configured.chat.say(PLUMBER, PLUMBER.id, "/thanks 1")
    assert sent_texts(calls) == ["只有报修人（或也报了的人）可以感谢 #1 的维修人。"]


async def test_not_the_same_problem_is_a_new_ticket(configured: LocalSchool) -> None:
    await report(configured, TEACHER_LI, "302 灯管不亮")
    await configured.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, "302 插座没电")
    proposal = configured.api.last_bot_message(TEACHER_CHEN.id)
    await configured.chat.press(TEACHER_CHEN, proposal, "不是，新问题")
    assert proposal.text.startswith("已收到，报修单 #2。")
    assert rows(configured, "select id, followers from tickets") == [(1, "[]"), (2, "[]")]


async def test_two_at_once_make_one_ticket_and_one_question(configured: LocalSchool) -> None:
    api = configured.api
    one = api.message_update(TEACHER_LI, SCHOOL_CHAT_ID, "/report 205 投影仪不亮")
    two = api.message_update(TEACHER_CHEN, SCHOOL_CHAT_ID, "/report 205 投影仪坏了")
    await asyncio.gather(configured.chat.feed(one), configured.chat.feed(two))
    assert rows(configured, "select count(*) from tickets") == [(1,)]
    texts = [m.text for m in api.chat(SCHOOL_CHAT_ID) if m.from_bot]
    assert len(texts) == 2 and sum("是同一个问题吗？" in text for text in texts) == 1, texts


async def test_the_reporter_cancelling_tells_the_followers(configured: LocalSchool) -> None:
    await report(configured, TEACHER_LI, "302 灯管不亮")
    await configured.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, "302 灯不亮")
    proposal = configured.api.last_bot_message(TEACHER_CHEN.id)
    await configured.chat.press(TEACHER_CHEN, proposal, "是，补充说明")
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/cancel 1")
    assert configured.api.last_bot_message(TEACHER_CHEN.id).text == (
        "↩️ #1（教学楼 302）已被报修人撤销。如果还没修好，请重新报修。"
    )


# --- in the group: replies and mentions ----------------------------------------------------------


async def test_a_reply_to_a_card_asks_whether_it_is_that_ticket(configured: LocalSchool) -> None:
    card = await report(configured, TEACHER_LI, "二楼男厕 水龙头漏水")
    await configured.chat.say(
        TEACHER_CHEN, SCHOOL_CHAT_ID, "水已经流到走廊了", reply_to=card.message_id
    )
    proposal = configured.api.last_bot_message(SCHOOL_CHAT_ID)
    assert "是同一个问题吗？" in proposal.text
    calls = await configured.chat.press(TEACHER_LI, proposal, "是，补充说明")
    assert answers(calls) == ["这是别人的报修，只有本人能点。"]
    calls = await configured.chat.press(TEACHER_CHEN, proposal, "是，补充说明")
    assert answers(calls) == ["已记下：你也报了 #1。修好时会告诉你。"]
    assert (SCHOOL_CHAT_ID, proposal.message_id) not in configured.api.messages
    assert "👥 另有 1 人也报了" in card.text
    assert [m for m in configured.api.chat(SCHOOL_CHAT_ID) if m.from_bot] == [card]


async def test_a_mention_in_the_group_is_a_report(configured: LocalSchool) -> None:
    calls = await configured.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "@houqin_bot 301的窗户关不上")
    proposal = configured.api.last_bot_message(SCHOOL_CHAT_ID)
    assert proposal.reply_to_message_id is not None
    assert "📍 地点：教学楼 301" in proposal.text and "📝 301的窗户关不上" in proposal.text
    assert labels(proposal) == ["✅ 报修", "✏️ 改一下", "✖ 取消"]
    assert sent_texts(calls)
    await configured.chat.press(TEACHER_LI, proposal, "报修")
    card = configured.api.last_bot_message(SCHOOL_CHAT_ID)
    assert card.text.startswith("🔧 报修单 #1") and card.reply_to_message_id == (
        proposal.reply_to_message_id
    )


async def test_with_privacy_mode_plain_group_talk_never_reaches_the_bot(
    configured: LocalSchool,
) -> None:
    assert await configured.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "302的灯坏了，谁知道找谁？") == []
    configured.api.privacy_mode = False  # /setprivacy off: it arrives, and the bot stays quiet
    assert await configured.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "302的灯坏了，谁知道找谁？") == []
    assert rows(configured, "select count(*) from pending_inputs") == [(0,)]


async def test_stickers_and_voice_for_the_bot_in_the_group(configured: LocalSchool) -> None:
    card = await report(configured, TEACHER_LI, "302 灯管不亮")
    calls = await configured.chat.say(
        TEACHER_CHEN, SCHOOL_CHAT_ID, sticker=True, reply_to=card.message_id
    )
    assert calls == []  # a sticker on a card is a reaction
    calls = await configured.chat.say(
        TEACHER_CHEN, SCHOOL_CHAT_ID, voice=True, reply_to=card.message_id
    )
    assert sent_texts(calls) == ["请写几个字或发照片说说哪里坏了（语音我听不了）。"]


async def test_only_the_place_is_not_a_report(configured: LocalSchool) -> None:
    calls = await configured.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report 302")
    assert sent_texts(calls) == ["报修内容是空的，请写上哪里坏了。"]
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "302教室")
    asked = configured.api.last_bot_message(TEACHER_LI.id)
    assert asked.text == "📍 地点：教学楼 302\n📝 这里什么坏了？说一句就行，也可以发照片。"
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "灯不亮")
    proposal = configured.api.last_bot_message(TEACHER_LI.id)
    assert "📍 地点：教学楼 302" in proposal.text and "📝 灯不亮" in proposal.text


async def test_a_replaced_proposal_does_nothing(configured: LocalSchool) -> None:
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "302 灯不亮")
    old = configured.api.last_bot_message(TEACHER_LI.id)
    forged = configured.api.press_update(TEACHER_LI, old, f"dr:{TEACHER_LI.id}:file")
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "还有插座也没电")
    calls = await configured.chat.feed(forged)
    assert answers(calls) == ["这份报修已经提交、取消或过期了。再发一条消息就能重新报修。"]
    assert rows(configured, "select count(*) from tickets") == [(0,)]
