"""Posts, duty and routing in chat, end to end through the local Bot API."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from bot.app import settle
from bot.domain.setup import Setup
from bot.local.school import (
    ADMIN,
    AV_TECH,
    ELECTRICIAN,
    GATEKEEPER_WU,
    PLUMBER,
    SCHOOL_CHAT_ID,
    TEACHER_CHEN,
    TEACHER_LI,
    TEACHER_SMITH,
    LocalSchool,
)
from bot.local.telegram import TgUser
from tests.helpers import answers, labels, report, sent_texts


def events(school: LocalSchool) -> list[tuple]:
    with sqlite3.connect(school.settings.database_path) as conn:
        return conn.execute(
            "select action, actor_id, note from events where ticket_id is null and action not in"
            " ('import_setup', 'rule') order by id"
        ).fetchall()


async def ask(school: LocalSchool, who: TgUser, text: str) -> str:
    """Send `text` to the bot in private and return its answer there."""
    calls = await school.chat.say(who, who.id, text)
    replies = [
        str(c.params.get("text"))
        for c in calls
        if c.method == "sendMessage" and int(c.params["chat_id"]) == who.id
    ]
    assert len(replies) == 1, sent_texts(calls)
    return replies[0]


async def test_posts_lists_every_post_with_its_holders(configured: LocalSchool) -> None:
    text = await ask(configured, TEACHER_LI, "/posts")
    assert text.splitlines()[:4] == [
        "🏢 后勤岗位",
        "门卫：老周、老吴",
        "电工：张师傅",
        "水暖工：刘师傅",
    ]


async def test_post_shows_standard_duties_categories_and_limits(configured: LocalSchool) -> None:
    text = await ask(configured, TEACHER_SMITH, "/post Plumber")
    lines = text.splitlines()
    assert lines[0] == "🏢 Plumber"
    assert lines[1].startswith("📜 Work standard: 保证供水")
    assert "🏷 Handles: Plumbing" in lines
    assert "👷 Held by: 刘师傅" in lines
    assert lines[-4:] == [
        "  ⚡urgent: claim within 30 min, fix within 4 h",
        "  normal: claim within 4 h, fix within 3 working days",
        "  (normal tickets count working time, urgent ones clock time)",
        "✍️ Responsibility letter: signed —; not yet 刘师傅",  # 定责: nobody signed yet
    ]
    assert (
        await ask(configured, TEACHER_LI, "/post 厨师")
        == "没有“厨师”这个岗位。/posts 查看全部岗位。"
    )


async def test_duty_now_and_on_other_days(configured: LocalSchool) -> None:
    configured.clock.advance(timedelta(hours=2))  # Monday 09:30
    text = await ask(configured, TEACHER_LI, "/duty")
    assert text.splitlines()[:3] == [
        "🕐 现在值班（09:30）：",
        "门卫：老周 06:00–18:00",
        "电工：张师傅 07:30–17:30",
    ]
    assert "📅 11-30 周一 值班：" in text
    tomorrow = await ask(configured, TEACHER_LI, "/duty 明天")
    assert tomorrow.splitlines()[0] == "📅 12-01 周二 值班："
    wednesday = await ask(configured, TEACHER_LI, "/duty 周三")
    assert "电工：刘师傅 07:30–17:30" in wednesday  # the override for 12-02
    holiday = await ask(configured, TEACHER_LI, "/duty 2027-01-01")
    assert holiday.splitlines() == [
        "🎉 节假日：元旦",
        "📅 01-01 周五 值班：",
        "门卫：老周 06:00–18:00",
        "门卫：老吴 18:00–06:00⁺¹",
    ]
    week = await ask(configured, TEACHER_LI, "/duty 电工")
    assert week.splitlines()[:4] == [
        "📅 电工 未来7天值班：",
        "11-30 周一：张师傅 07:30–17:30",
        "12-01 周二：张师傅 07:30–17:30",
        "12-02 周三：刘师傅 07:30–17:30",
    ]
    assert week.splitlines()[-2:] == ["12-05 周六：（没有人值班）", "12-06 周日：（没有人值班）"]
    bad = await ask(configured, TEACHER_LI, "/duty 下下周")
    assert bad == "看不懂“下下周”。可以写：明天、周三、2026-12-01 或岗位名。"


async def test_who_answers_the_question_teachers_ask(configured: LocalSchool) -> None:
    configured.clock.advance(timedelta(hours=2))
    assert await ask(configured, TEACHER_LI, "/who 灯不亮") == (
        "🔎 “灯不亮” → 电路照明 · 电工\n现在值班：张师傅"
    )
    assert await ask(configured, TEACHER_LI, "/who 木工") == ("🔎 木工\n现在值班：刘师傅")
    assert await ask(configured, TEACHER_SMITH, "/who electrical") == (
        "🔎 “electrical” → Electrical · Electrician\nOn duty now: 张师傅"
    )
    configured.clock.advance(timedelta(hours=10))  # 19:30: the gate's night shift
    assert await ask(configured, TEACHER_LI, "/who 门卫") == "🔎 门卫\n现在值班：老吴\n后备：老周"
    assert await ask(configured, TEACHER_LI, "/who 插座") == (
        "🔎 “插座” → 电路照明 · 电工\n现在没有人值班\n后备：张师傅"
    )
    assert await ask(configured, TEACHER_LI, "/who 钢琴") == (
        "🔎 “钢琴” → 其他：没有对应岗位，请找后勤主任。"
    )


async def test_report_goes_to_the_worker_on_duty(configured: LocalSchool) -> None:
    calls = await configured.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report 三楼302 灯管一闪一闪")
    card = configured.api.last_bot_message(SCHOOL_CHAT_ID)
    assert "📍 地点：教学楼 302" in card.text and "🏷 类别：电路照明 · 普通" in card.text
    assert "👷 值班：张师傅" in card.text
    told = configured.api.last_bot_message(ELECTRICIAN.id)
    assert told.text == (
        "🔔 新报修单 #1（教学楼 302）：灯管一闪一闪\n报修人：李老师\n你正在电工值班，请接单。"
    )
    assert labels(told) == ["🙋 接单"]
    assert [int(c.params["chat_id"]) for c in calls] == [SCHOOL_CHAT_ID, ELECTRICIAN.id]
    await configured.chat.press(ELECTRICIAN, told, "接单")
    assert "🛠 维修人：张师傅" in card.text and "👷" not in card.text
    with sqlite3.connect(configured.settings.database_path) as conn:
        row = conn.execute("select category, location, location_key, suggested_id from tickets")
        assert row.fetchone() == ("electrical", "教学楼 302", "教学楼/302", ELECTRICIAN.id)


async def test_off_duty_report_tells_every_holder(configured: LocalSchool) -> None:
    configured.clock.advance(timedelta(hours=14))  # Monday 21:30: quiet hours
    calls = await configured.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report 二楼男厕 水管滴水")
    assert [int(c.params["chat_id"]) for c in calls] == [SCHOOL_CHAT_ID]  # the card, at once
    card = configured.api.last_bot_message(SCHOOL_CHAT_ID)
    assert "👷" not in card.text
    configured.clock.advance(timedelta(hours=9, minutes=30))  # Tuesday 07:00
    await settle(configured.app)  # the sender's next round
    assert configured.api.last_bot_message(PLUMBER.id).text.endswith(
        "水暖工现在没有人值班，有空请接单。"
    )


async def test_the_reporter_corrects_the_category_and_routing_follows(
    configured: LocalSchool,
) -> None:
    card = await report(configured, TEACHER_CHEN, "音乐教室 钢琴凳坏了")
    assert "🏷 类别：其他" in card.text
    assert configured.api.last_bot_message(ADMIN.id).text.endswith(
        "“其他”类没有对应岗位，请安排。"
    )
    calls = await configured.chat.press(TEACHER_CHEN, card, "改类别")
    assert answers(calls) == ["请看我发给你的私聊消息。"]
    picker = configured.api.last_bot_message(TEACHER_CHEN.id)
    assert picker.text == "#1 现在是“其他”。改成哪一类？"
    await configured.chat.press(TEACHER_CHEN, picker, "门窗桌椅")
    assert picker.text == "#1 改为“门窗桌椅”，已通知木工。"
    assert "🏷 类别：门窗桌椅" in card.text and "👷 值班：刘师傅" in card.text
    assert configured.api.last_bot_message(PLUMBER.id).text.startswith("🔔 新报修单 #1")
    history = await ask(configured, TEACHER_CHEN, "/ticket 1")
    assert history.splitlines()[-1] == "11-30 07:30 陈老师 改类别：其他 → 门窗桌椅"


async def test_category_by_command_and_its_refusals(configured: LocalSchool) -> None:
    await report(configured, TEACHER_LI, "302 灯不亮")
    assert await ask(configured, AV_TECH, "/category 1 水暖") == "#1 改为“水暖”，已通知水暖工。"
    assert await ask(configured, AV_TECH, "/category 1 plumbing") == "#1 已经是这个类别了。"
    refusal = await ask(configured, AV_TECH, "/category 1 厨房")
    assert refusal.startswith("没有“厨房”这个类别。可选：电路照明、水暖")
    assert await ask(configured, TEACHER_CHEN, "/category 1 电路照明") == (
        "只有报修人、维修人员或主任可以改类别。"
    )


async def test_a_workers_my_shows_their_next_duty_days(configured: LocalSchool) -> None:
    text = await ask(configured, ELECTRICIAN, "/my")
    assert text.splitlines()[-5:] == [
        "📅 我接下来的值班：",
        "11-30 周一 电工 07:30–17:30",
        "12-01 周二 电工 07:30–17:30",
        "12-03 周四 电工 07:30–17:30",
        "12-04 周五 电工 07:30–17:30",
    ]
    night = await ask(configured, GATEKEEPER_WU, "/my")
    assert "11-30 周一 门卫 18:00–06:00⁺¹" in night


@pytest.mark.parametrize(
    ("command", "refusal"),
    [
        ("/addpost security 保安", "只有后勤主任可以这样做。"),
        ("/setstandard 电工 新标准", "只有后勤主任可以这样做。"),
        ("/assign 张师傅 水暖工", "只有后勤主任可以这样做。"),
        ("/setduty 电工 周一 刘师傅", "只有后勤主任可以这样做。"),
        ("/cover 2026-12-01 电工 刘师傅", "只有后勤主任可以这样做。"),
        ("/holiday 2026-12-25 圣诞", "只有后勤主任可以这样做。"),
    ],
)
async def test_only_the_head_changes_the_set_up(
    configured: LocalSchool, command: str, refusal: str
) -> None:
    before = events(configured)
    assert await ask(configured, ELECTRICIAN, command) == refusal
    assert events(configured) == before


async def test_the_head_changes_the_set_up_in_chat(configured: LocalSchool) -> None:
    head = ADMIN
    assert await ask(configured, head, "/addpost security 保安 Security") == "✅ 已更新：保安"
    assert "保安：无" in await ask(configured, head, "/posts")
    assert (
        await ask(configured, head, "/setstandard 保安 上下学时段校门口执勤") == "✅ 已更新：保安"
    )
    assert "📜 工作标准：上下学时段校门口执勤" in await ask(configured, head, "/post 保安")
    assert await ask(configured, head, "/assign 老吴 保安") == "✅ 已更新：老吴 + 保安"
    assert await ask(configured, head, "/setduty 保安 周二 老吴 07:00-09:00") == (
        "✅ 已更新：保安 周二 老吴 07:00-09:00"
    )
    assert "保安：老吴 07:00–09:00" in await ask(configured, head, "/duty 明天")
    assert await ask(configured, head, "/cover 2026-12-01 电工 刘师傅") == (
        "✅ 已更新：2026-12-01 电工 → 刘师傅"
    )
    assert "电工：刘师傅 07:30–17:30" in await ask(configured, head, "/duty 2026-12-01")
    assert (
        await ask(configured, head, "/holiday 2026-12-25 圣诞节") == "✅ 已更新：2026-12-25 圣诞节"
    )
    christmas = await ask(configured, head, "/duty 2026-12-25")
    assert christmas.splitlines()[:2] == ["🎉 节假日：圣诞节", "📅 12-25 周五 值班："]
    assert "电工" not in christmas
    assert await ask(configured, head, "/unassign 老吴 保安") == "✅ 已更新：老吴 − 保安"
    assert await ask(configured, head, "/holiday 2026-12-25 remove") == "✅ 已更新：2026-12-25 −"
    assert [(action, actor) for action, actor, _ in events(configured)] == [
        ("add_post", ADMIN.id),
        ("set_standard", ADMIN.id),
        ("assign", ADMIN.id),
        ("set_duty", ADMIN.id),
        ("cover", ADMIN.id),
        ("holiday", ADMIN.id),
        ("unassign", ADMIN.id),
        ("holiday", ADMIN.id),
    ]


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        (
            "/addpost 保安",
            "用法：/addpost 键 名称 [English name]，例如 /addpost security 保安 Security",
        ),
        ("/addpost electrician 电工2", "岗位“电工2”已经有了。"),
        ("/assign 王五 电工", "没有叫“王五”的维修人员。"),
        ("/assign 张师傅 厨师", "没有“厨师”这个岗位。/posts 查看全部岗位。"),
        ("/setduty 电工 someday 张师傅", "用法：/setduty 岗位 周一 名字 [07:30-17:30]"),
        ("/setduty 电工 周一 张师傅 7点到5点", "时间请写成 07:30-17:30。"),
        ("/cover 2026-12-05 电工 刘师傅", "2026-12-05 电工 本来就没有人值班，请用 /setduty。"),
        ("/holiday 圣诞", "用法：/holiday 2026-12-25 名称（/holiday 2026-12-25 remove 取消）"),
    ],
)
async def test_set_up_commands_explain_bad_input(
    configured: LocalSchool, command: str, answer: str
) -> None:
    before = events(configured)
    assert await ask(configured, ADMIN, command) == answer
    assert events(configured) == before


async def test_a_removed_worker_stays_on_old_history(configured: LocalSchool) -> None:
    card = await report(configured, TEACHER_LI, "302 灯不亮")
    await configured.chat.press(ELECTRICIAN, card, "接单")
    await configured.chat.say(ADMIN, ADMIN.id, f"/removeworker {ELECTRICIAN.id}")
    assert "电工：无" in await ask(configured, ADMIN, "/posts")
    history = await ask(configured, TEACHER_LI, "/ticket 1")
    assert "🛠 维修人：张师傅" in history and "张师傅 接单" in history


async def test_an_import_while_the_bot_runs_is_picked_up_by_the_next_sweep(
    configured: LocalSchool, example_setup: Setup
) -> None:
    from dataclasses import replace

    from bot.app import sweep
    from bot.domain.school import School
    from bot.domain.setup import Post
    from storage.db import Database

    other = await Database.open(configured.settings.database_path)  # `python -m bot import`
    bigger = replace(example_setup, posts=(*example_setup.posts, Post("security", "保安")))
    await School(other).import_setup(bigger, actor_id=None, now=configured.clock.now())
    await other.close()
    assert "保安" not in await ask(configured, ADMIN, "/posts")
    await sweep(configured.app)
    assert "保安：无" in await ask(configured, ADMIN, "/posts")
