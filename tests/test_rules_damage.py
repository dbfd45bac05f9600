"""Written rules found in seconds, responsibility letters signed, damage settled fairly — and
a class's damage told to its class teacher alone, never to the group."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.__main__ import main
from bot.domain.damage import proposal, read_amount
from bot.domain.errors import Refused
from bot.domain.model import RuleDoc
from bot.domain.rules import search
from bot.domain.setup import Setup
from bot.formats.rules_file import RulesFileError, read_rule, read_rules
from bot.local.school import (
    ADMIN,
    ELECTRICIAN,
    EXAMPLE_SCHOOL,
    PLUMBER,
    SCHOOL_CHAT_ID,
    TEACHER_CHEN,
    TEACHER_LI,
    LocalSchool,
)
from tests.helpers import answers, labels, report, rows, to

RULES = EXAMPLE_SCHOOL.parent / "rules"


# --- rules ------------------------------------------------------------------------------------


def test_the_example_rules_are_read_with_their_versions() -> None:
    docs = read_rules(RULES)
    assert [d.key for d in docs] == ["construction", "greening", "property", "water_power"]
    property_rule = next(d for d in docs if d.key == "property")
    assert (property_rule.title, property_rule.version, property_rule.on_date) == (
        "财产管理暨公物损坏赔偿制度",
        "2026.1",
        date(2026, 9, 1),
    )


def test_a_search_matches_substrings_and_ranks_by_hits() -> None:
    docs = read_rules(RULES)
    hits = search(docs, "玻璃")
    assert [hit.rule.key for hit in hits] == ["property", "property"]
    assert hits[0].paragraph.startswith("一、") or hits[0].paragraph.startswith("六、")
    assert search(docs, "漏水")[0].rule.key == "water_power"
    both = search(docs, "赔偿 故意")  # paragraphs with every word, most hits first
    assert {(hit.rule.key, hit.paragraph[:2]) for hit in both} == {
        ("property", "五、"),
        ("greening", "三、"),
    }
    assert search(docs, "   ") == [] and search(docs, "火箭") == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("no header at all", "no header"),
        ("---\nkey: Bad Key\ntitle: t\nversion: 1\ndate: 2026-09-01\n---\nx", "key 'Bad Key'"),
        ("---\nkey: a\ntitle: t\nversion: 1\ndate: soon\n---\nx", "date 'soon'"),
        ("---\nkey: a\ntitle: t\nversion: 1\ndate: 2026-09-01\n---\n", "the text is empty"),
    ],
)
def test_a_bad_rule_file_names_what_is_wrong(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "bad.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesFileError, match=problem):
        read_rule(path)


async def test_rules_are_listed_searched_and_named_by_a_posts_standard(
    configured: LocalSchool,
) -> None:
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/rules")
    listing = configured.api.last_bot_message(TEACHER_LI.id).text
    assert "• 财产管理暨公物损坏赔偿制度（2026.1，2026-09-01）/rule property" in listing
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/rules 玻璃")
    found = configured.api.last_bot_message(TEACHER_LI.id).text
    assert found.startswith("🔎 “玻璃”：2 条") and "门窗玻璃 80 元/平方米" in found
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/rules 火箭")
    assert configured.api.last_bot_message(TEACHER_LI.id).text == "没有找到提到“火箭”的条款。"
    await configured.chat.say(PLUMBER, PLUMBER.id, "/post 木工")
    post = configured.api.last_bot_message(PLUMBER.id).text
    assert "📜 相关制度：《财产管理暨公物损坏赔偿制度》" in post
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/rule 水电")
    assert configured.api.last_bot_message(TEACHER_LI.id).text.startswith(
        "📜 水电管理制度（2026.1，2026-09-01）"
    )


async def test_a_new_version_is_announced_once_and_the_old_stays_readable(
    configured: LocalSchool,
) -> None:
    rules = configured.app.bot_data["services"].rules
    old = next(d for d in read_rules(RULES) if d.key == "water_power")
    new = RuleDoc(old.key, old.title, "2026.2", date(2026, 12, 1), old.body + "\n\n六、新增条款。")

    def announce(doc, first):  # type: ignore[no-untyped-def]
        return SCHOOL_CHAT_ID, {"text": f"📜 {doc.title} {doc.version}"}

    now = configured.clock.now()
    assert await rules.load([new], now, announce=announce) == [new]
    assert await rules.load([new], now, announce=announce) == []  # once
    assert rows(configured, "select count(*) from outbox where chat_id = ?", SCHOOL_CHAT_ID) == [
        (1,)
    ]
    changed = RuleDoc(new.key, new.title, new.version, new.on_date, new.body + "改了")
    with pytest.raises(Refused):  # a version is never rewritten
        await rules.load([changed], now, announce=announce)
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/rule water_power 2026.1")
    text = configured.api.last_bot_message(TEACHER_LI.id).text
    assert text.startswith("📜 水电管理制度（2026.1") and "新增条款" not in text
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/rule water_power")
    text = configured.api.last_bot_message(TEACHER_LI.id).text
    assert "新增条款" in text and text.endswith("其他版本：2026.1")


def test_the_import_loads_the_rules_folder_beside_school_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "school.sqlite3"))
    monkeypatch.setenv("SCHOOL_CHAT_ID", "-100")
    monkeypatch.setenv("ADMIN_USER_IDS", "100")
    assert main(["import", str(EXAMPLE_SCHOOL)]) == 0
    assert main(["import", str(EXAMPLE_SCHOOL)]) == 0  # again: nothing new, nothing announced
    import sqlite3

    with sqlite3.connect(tmp_path / "school.sqlite3") as conn:
        assert conn.execute("select count(*) from rules").fetchone() == (4,)
        announced = conn.execute("select payload from outbox where kind = 'message'").fetchall()
    assert len(announced) == 4 and "新制度" in announced[0][0]


# --- responsibility letters ------------------------------------------------------------------


async def test_holders_sign_their_posts_letter_and_a_changed_standard_asks_again(
    configured: LocalSchool,
) -> None:
    await configured.chat.say(PLUMBER, PLUMBER.id, "/post 木工")
    post = configured.api.last_bot_message(PLUMBER.id)
    assert "✍️ 责任状：已签 —；未签 刘师傅" in post.text
    await configured.chat.press(ELECTRICIAN, post, "签署")  # not his post
    await configured.chat.press(PLUMBER, post, "签署")
    await configured.chat.say(ADMIN, ADMIN.id, "/letters")
    assert "木工：1/1 · ✅" in configured.api.last_bot_message(ADMIN.id).text
    await configured.chat.say(ADMIN, ADMIN.id, "/setstandard 木工 门窗桌椅当天修好。")
    await configured.chat.say(ADMIN, ADMIN.id, "/letters")
    assert "木工：0/1 · 刘师傅" in configured.api.last_bot_message(ADMIN.id).text
    assert rows(configured, "select count(*) from events where action = 'sign_letter'") == [(1,)]


# --- damage ------------------------------------------------------------------------------------


def test_the_rule_gives_the_cost_twice_for_deliberate_and_nothing_for_wear(
    example_setup: Setup,
) -> None:
    assert proposal(example_setup, "by_person", "玻璃", 1.5, None) == 120
    assert proposal(example_setup, "deliberate", "椅子", 1, None) == 120
    assert proposal(example_setup, "by_person", None, 1, 35) == 35  # the worker's cost
    assert proposal(example_setup, "wear", "课桌", 1, None) == 0
    assert proposal(example_setup, "unknown", "课桌", 1, None) == 0


@pytest.mark.parametrize("text", ["0", "-5", "12.345", "十元", "1e3", "100000000", ""])
def test_bad_amounts_are_refused(text: str) -> None:
    with pytest.raises(Refused):
        read_amount(text)


async def fixed_window(school: LocalSchool) -> int:
    card = await report(school, TEACHER_CHEN, "302教室 窗户玻璃碎了")
    await school.chat.press(PLUMBER, card, "接单")
    await school.chat.say(PLUMBER, PLUMBER.id, "/done 1 换了玻璃")
    return 1


async def test_the_cause_by_buttons_the_head_confirms_and_the_class_teacher_alone_hears(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 0)
    await fixed_window(configured)
    await configured.chat.say(PLUMBER, PLUMBER.id, "/cause 1")
    ask = configured.api.last_bot_message(PLUMBER.id)
    assert labels(ask) == ["自然损耗", "管理不善", "人为损坏", "故意损坏", "原因不明"]
    await configured.chat.press(PLUMBER, ask, "人为损坏")
    await configured.chat.press(PLUMBER, ask, "三年级2班")
    await configured.chat.press(PLUMBER, ask, "玻璃")
    assert ask.text == "#1 损坏了多少平方米？输入数字，例如 1.5"
    await configured.chat.say(PLUMBER, PLUMBER.id, "一点五")
    assert "金额“一点五”不对" in configured.api.last_bot_message(PLUMBER.id).text
    await configured.chat.say(PLUMBER, PLUMBER.id, "1.5")
    assert configured.api.last_bot_message(PLUMBER.id).text.splitlines() == [
        "⚖️ #1 教学楼 302 玻璃 ×1.5 · 人为损坏",
        "责任：三年级2班",
        "按制度应赔 120 元，待主任确认。",
    ]
    decision = configured.api.last_bot_message(ADMIN.id)
    assert labels(decision) == ["✅ 确认 120 元"]
    calls = await configured.chat.press(PLUMBER, decision, "确认")  # a forwarded decision
    assert answers(calls) == ["只有后勤主任可以这样做。"]
    await configured.chat.press(ADMIN, decision, "确认")
    teacher = configured.api.last_bot_message(TEACHER_LI.id).text
    assert teacher.startswith("⚖️ 三年级2班 班主任您好：") and "已确认赔偿 120 元。" in teacher
    assert not any("三年级2班" in m.text for m in configured.api.chat(SCHOOL_CHAT_ID))
    await configured.chat.press(ADMIN, decision, "已交")
    assert rows(configured, "select status, amount from damage") == [("paid", 120.0)]
    await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/damage")
    assert "三年级2班：1 次 · 确认 120 元 · 已交 120 元 · 免除 0 次" in (
        configured.api.last_bot_message(TEACHER_LI.id).text
    )
    await configured.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, "/damage")  # not her class
    assert "三年级2班" not in configured.api.last_bot_message(TEACHER_CHEN.id).text
    await configured.chat.say(TEACHER_LI, SCHOOL_CHAT_ID, "/damage")
    assert "请私聊我发送 /damage" in configured.api.last_bot_message(SCHOOL_CHAT_ID).text


async def test_the_head_changes_or_waives_with_a_reason_and_nothing_holds_up_the_repair(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 0)
    card = await report(configured, TEACHER_CHEN, "302教室 窗户玻璃碎了")
    await configured.chat.say(PLUMBER, PLUMBER.id, "/cause 1 人为损坏 三年级2班 玻璃 1")
    assert "还没修好" in configured.api.last_bot_message(PLUMBER.id).text  # the repair first
    await configured.chat.press(PLUMBER, card, "接单")
    await configured.chat.say(PLUMBER, PLUMBER.id, "/done 1")
    await configured.chat.say(PLUMBER, PLUMBER.id, "/cause 1 人为损坏 五年级9班 玻璃 1")
    assert "没有“五年级9班”这个班" in configured.api.last_bot_message(PLUMBER.id).text
    await configured.chat.say(PLUMBER, PLUMBER.id, "/cause 1 人为损坏 三年级2班 钢琴 1")
    assert "价格表里没有“钢琴”" in configured.api.last_bot_message(PLUMBER.id).text
    await configured.chat.say(ELECTRICIAN, ELECTRICIAN.id, "/cause 1 自然损耗")
    assert "只有他/她或主任可以登记原因" in configured.api.last_bot_message(ELECTRICIAN.id).text
    await configured.chat.say(PLUMBER, PLUMBER.id, "/cause 1 故意损坏 三年级2班 玻璃 1")
    assert "按制度应赔 160 元" in configured.api.last_bot_message(PLUMBER.id).text
    await configured.chat.say(ADMIN, ADMIN.id, "/damage 1 100")
    assert "改金额或免除要写理由" in configured.api.last_bot_message(ADMIN.id).text
    await configured.chat.say(ADMIN, ADMIN.id, "/damage 1 waive 家庭困难")
    assert rows(configured, "select status, reason from damage") == [("waived", "家庭困难")]
    await configured.chat.say(PLUMBER, PLUMBER.id, "/damage 1 paid")
    assert "只有后勤主任" in configured.api.last_bot_message(PLUMBER.id).text
    assert rows(configured, "select status from tickets") == [("done",)]  # nothing held up


async def test_wear_needs_no_settlement_and_stats_and_export_show_damage(
    configured: LocalSchool,
) -> None:
    to(configured, 11, 30, 8, 0)
    await fixed_window(configured)
    await configured.chat.say(PLUMBER, PLUMBER.id, "/cause 1 自然损耗")
    assert configured.api.last_bot_message(PLUMBER.id).text.endswith("不需要赔偿。")
    assert not configured.api.chat(ADMIN.id)  # nothing for the head to decide
    await configured.chat.say(ADMIN, ADMIN.id, "/stats")
    figures = next(m.text for m in configured.api.chat(ADMIN.id) if m.text.startswith("📊"))
    assert "自然损耗：1 次，确认赔偿 0 元" in figures and "损坏最多的地方：教学楼 302 1" in figures
    await configured.chat.say(ADMIN, ADMIN.id, "/export")
    document = next(m for m in configured.api.chat(ADMIN.id) if m.document_bytes)
    assert document.document_bytes is not None
    sheet = load_workbook(BytesIO(document.document_bytes))["公物损坏"]
    assert [c.value for c in sheet[2]][:4] == [1, "教学楼 302", "窗户玻璃碎了", "自然损耗"]
