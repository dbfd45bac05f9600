"""Statistics from a known history, periods, permissions, the xlsx and CSV, backup/restore."""

from __future__ import annotations

import asyncio
import csv
import io
import sqlite3
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from bot.domain.errors import Refused
from bot.domain.setup import Setup
from bot.domain.stats import parse_period
from bot.formats.backup import RestoreError, check_snapshot, restore
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
from bot.local.telegram import TgUser
from storage.migrations import MIGRATIONS
from tests.helpers import report, to

TZ = ZoneInfo("Asia/Shanghai")


def naive(month: int, day: int, hour: int, minute: int) -> datetime:
    """School time without tzinfo, as a spreadsheet holds it."""
    return datetime(2026, month, day, hour, minute, tzinfo=TZ).replace(tzinfo=None)


async def known_week(school: LocalSchool) -> None:
    """Build a week whose every figure is known.

    #1 electrical, 302: reported Mon 08:00, claimed 08:30 by 张, done 10:00, confirmed ★5.
    #2 plumbing, 二楼男厕: Mon 09:00, claimed 11:00 by 刘, still open.
    #3 electrical, 302 (a repeat): Tue 08:00, claimed 09:00 by 张, done Fri 09:00 (late: fix-by
       was Fri 08:00), not fixed (reopen), done again Fri 10:00, confirmed ★3.
    #4 electrical, 205: Wed 08:00, nobody claimed; cancelled Wed 09:00.
    李 thanks 张 for #1 (who also got ★5 from her: one thanks) and for #3: two thanks.
    """
    say, press = school.chat.say, school.chat.press
    to(school, 11, 30, 8, 0)
    one = await report(school, TEACHER_LI, "302教室 灯管不亮")
    to(school, 11, 30, 8, 30)
    await press(ELECTRICIAN, one, "接单")
    to(school, 11, 30, 9, 0)
    two = await report(school, TEACHER_CHEN, "二楼男厕 水管漏水")
    to(school, 11, 30, 10, 0)
    await press(ELECTRICIAN, one, "我修好了")
    await say(TEACHER_LI, TEACHER_LI.id, "/confirm 1 5")
    to(school, 11, 30, 11, 0)
    await press(PLUMBER, two, "接单")
    to(school, 12, 1, 8, 0)
    three = await report(school, TEACHER_LI, "302 灯又不亮了")
    to(school, 12, 1, 9, 0)
    await press(ELECTRICIAN, three, "接单")
    to(school, 12, 2, 8, 0)
    await report(school, TEACHER_SMITH, "205 socket sparks")
    to(school, 12, 2, 9, 0)
    await say(TEACHER_SMITH, TEACHER_SMITH.id, "/cancel 4")
    to(school, 12, 4, 9, 0)
    await press(ELECTRICIAN, three, "我修好了")
    await say(TEACHER_LI, TEACHER_LI.id, "/reopen 3 还是闪")
    to(school, 12, 4, 10, 0)
    await say(ELECTRICIAN, ELECTRICIAN.id, "/done 3")
    await say(TEACHER_LI, TEACHER_LI.id, "/confirm 3 3")
    await say(TEACHER_LI, TEACHER_LI.id, "/thanks 1 灯很亮，谢谢")
    await say(TEACHER_LI, TEACHER_LI.id, "/thanks 3")


async def answer(school: LocalSchool, who: TgUser, text: str) -> str:
    await school.chat.say(who, who.id, text)
    return school.api.chat(who.id)[-1].text


async def test_every_figure_of_a_known_week(configured: LocalSchool) -> None:
    await known_week(configured)
    to(configured, 12, 4, 12, 0)
    await configured.chat.say(ADMIN, ADMIN.id, "/stats")
    text, chart = configured.api.chat(ADMIN.id)[-2:]
    assert text.text.splitlines() == [
        "📊 统计 · 2026-11-30..2026-12-06",
        "全校：新报修 4，结束 3（积压 +1）",
        "👷 按人：",
        # 张: claimed #1 (0.5 h) and #3 (1 h); fixed #1 (2 h, on time) and #3 (first done
        # Fri 09:00 = 31 working hours after Tue 08:00, late); #3 reopened once; ★5 and ★3.
        "张师傅：接单 2 · 修好 2 · 按时 50% · 接单中位 0.8小时 · 修好中位 16.5小时 · 返修 1"
        " · 评分 4.0 · 💐 感谢 2 · 未完成 0",
        "刘师傅：接单 1 · 修好 0 · 按时 — · 接单中位 2.0小时 · 修好中位 — · 返修 0 · 评分 —"
        " · 未完成 1（最久 4天3小时）",
        "🏢 按岗位：",
        "电工：报修 3 · 修好 2 · 按时 50% · 修好中位 16.5小时 · 返修 1 · 评分 4.0 · 未完成 0",
        "水暖工：报修 1 · 修好 0 · 按时 — · 修好中位 — · 返修 0 · 评分 —"
        " · 未完成 1（最久 4天3小时）",
        "🏷 按类别：",
        "电路照明：报修 3 · 未完成 0 · 修好中位 16.5小时",
        "水暖：报修 1 · 未完成 1 · 修好中位 —",
        "🔁 重复维修（30天内同一地点同类）：",
        "教学楼 302 · 电路照明：#1 #3",
    ]
    assert chart.photo_bytes is not None and chart.photo_bytes.startswith(b"\x89PNG")


async def test_a_worker_sees_only_their_own_line(configured: LocalSchool) -> None:
    await known_week(configured)
    text = await answer(configured, PLUMBER, "/stats")
    assert text.splitlines()[1:] == [
        "👷 按人：",
        "刘师傅：接单 1 · 修好 0 · 按时 — · 接单中位 2.0小时 · 修好中位 — · 返修 0 · 评分 —"
        " · 未完成 1（最久 4天1小时）",
    ]
    assert configured.api.chat(PLUMBER.id)[-1].photo_bytes is None  # no chart of others


@pytest.mark.parametrize(
    ("who", "command", "refusal"),
    [
        (TEACHER_LI, "/stats", "统计只给后勤主任和维修人员看。"),
        (ELECTRICIAN, "/export", "只有后勤主任可以这样做。"),
        (TEACHER_LI, "/backup", "只有后勤主任可以这样做。"),
        (
            ADMIN,
            "/stats last year",
            "看不懂时间段“last year”。可以写：month、term、2026-11 或 2026-09-01..2026-12-31",
        ),
        (ADMIN, "/stats 2026-12-31..2026-09-01", "时间段“2026-12-31..2026-09-01”的结束早于开始。"),
        (
            ADMIN,
            "/stats 2026-13",
            "看不懂时间段“2026-13”。可以写：month、term、2026-11 或 2026-09-01..2026-12-31",
        ),
    ],
)
async def test_permissions_and_bad_periods(
    configured: LocalSchool,
    who,
    command: str,
    refusal: str,
) -> None:
    assert await answer(configured, who, command) == refusal


@pytest.mark.parametrize(
    ("text", "first", "last", "label"),
    [
        ("", date(2026, 11, 30), date(2026, 12, 6), "2026-11-30..2026-12-06"),
        ("month", date(2026, 12, 1), date(2026, 12, 31), "2026-12"),
        ("term", date(2026, 9, 1), date(2027, 1, 22), "2026秋季学期"),
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30), "2026-11"),
        ("2026-2", date(2026, 2, 1), date(2026, 2, 28), "2026-02"),
        ("2026-09-01..2026-12-31", date(2026, 9, 1), date(2026, 12, 31), "2026-09-01..2026-12-31"),
    ],
)
def test_periods(example_setup: Setup, text: str, first: date, last: date, label: str) -> None:
    period = parse_period(text, date(2026, 12, 2), example_setup)
    assert (period.first, period.last, period.label) == (first, last, label)


def test_term_outside_any_term(example_setup: Setup) -> None:
    with pytest.raises(Refused) as refused:
        parse_period("term", date(2027, 2, 1), example_setup)
    assert refused.value.key == "no_term"


async def test_the_xlsx_read_back_cell_by_cell(configured: LocalSchool) -> None:
    await known_week(configured)
    await configured.chat.say(ADMIN, ADMIN.id, "/export 2026-11-30..2026-12-06")
    working, sent = configured.api.chat(ADMIN.id)[-2:]
    assert working.text.startswith("⏳ 正在生成")
    assert sent.document_name == "houqin-2026-11-30_2026-12-06.xlsx"
    assert sent.text == "✅ 维修一览表 · 2026-11-30..2026-12-06：4 张报修单"
    book = load_workbook(io.BytesIO(sent.document_bytes or b""))
    log, history = book["维修一览表"], book["处理记录"]
    assert log.freeze_panes == "A2"
    rows = [[cell.value for cell in row] for row in log.iter_rows()]
    assert rows[0] == [
        "单号", "报修时间", "报修人", "地点", "类别", "紧急程度", "问题描述", "状态", "维修人",
        "接单时间", "修好时间", "确认时间", "是否按时", "评分", "返修次数", "维修说明",
    ]  # fmt: skip
    assert rows[1] == [
        1, naive(11, 30, 8, 0), "李老师", "教学楼 302", "电路照明", "普通", "灯管不亮",
        "已完成", "张师傅", naive(11, 30, 8, 30), naive(11, 30, 10, 0),
        naive(11, 30, 10, 0), "按时", 5, 0, None,
    ]  # fmt: skip
    assert rows[3][12:15] == ["超时 1.0 小时", 3, 1]  # first fixed Fri 09:00, due Fri 08:00
    assert rows[4][7:13] == ["已撤销", None, None, None, None, None]  # the cancelled one
    assert log["B2"].number_format == "yyyy-mm-dd hh:mm"
    assert log.column_dimensions["G"].width == 40
    events = [[c.value for c in row] for row in history.iter_rows(min_row=2)]
    assert [e[0] for e in events] == [1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 4, 4]
    reopen = [3, naive(12, 4, 9, 0), "李老师", "反馈没修好", "待确认", "维修中", "还是闪", None]
    assert events[10] == reopen
    thanks = [1, naive(12, 4, 10, 0), "李老师", "致谢", "已完成", "已完成", "灯很亮，谢谢", None]
    assert events[4] == thanks


async def test_english_headers_for_an_english_head(configured: LocalSchool) -> None:
    from bot.local.telegram import TgUser

    head = TgUser(ADMIN.id, "Head", language_code="en")
    configured.api.users[head.id] = head
    await known_week(configured)
    await configured.chat.say(head, head.id, "/export 2026-12")
    book = load_workbook(io.BytesIO(configured.api.chat(head.id)[-1].document_bytes or b""))
    assert book.sheetnames == ["Repair log", "History"]
    assert book["Repair log"]["A1"].value == "Number"


async def test_csv_opens_with_the_csv_module(configured: LocalSchool) -> None:
    await known_week(configured)
    await configured.chat.say(ADMIN, ADMIN.id, "/export csv 2026-11-30..2026-12-06")
    sent = configured.api.chat(ADMIN.id)[-1]
    assert sent.document_name == "houqin-2026-11-30_2026-12-06.csv"
    data = sent.document_bytes or b""
    assert data.startswith("\ufeff".encode())  # the BOM Excel needs
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["单号", "报修时间", "报修人"]
    assert rows[1] == ["1", "2026-11-30 08:00", "李老师", "教学楼 302", "电路照明", "普通",
                       "灯管不亮", "已完成", "张师傅", "2026-11-30 08:30", "2026-11-30 10:00",
                       "2026-11-30 10:00", "按时", "5", "0", ""]  # fmt: skip
    assert len(rows) == 5


async def test_a_backup_taken_while_writes_go_on_restores_equal(
    configured: LocalSchool, tmp_path: Path
) -> None:
    await known_week(configured)
    services = configured.app.bot_data["services"]
    snapshot = tmp_path / "snap.sqlite3"

    async def keep_writing() -> None:
        for n in range(30):
            await configured.chat.say(TEACHER_CHEN, SCHOOL_CHAT_ID, f"/report 10{n % 5} 灯不亮{n}")

    await asyncio.gather(services.db.backup(snapshot), keep_writing())
    assert check_snapshot(snapshot) == len(MIGRATIONS)
    with sqlite3.connect(snapshot) as conn:
        copied = conn.execute("select count(*) from tickets").fetchone()[0]
        history = conn.execute("select count(*) from events").fetchone()[0]
    assert 4 <= copied <= 34 and history >= 14
    database = tmp_path / "restored.sqlite3"
    assert restore(snapshot, database) is None
    with sqlite3.connect(database) as a, sqlite3.connect(snapshot) as b:
        dump = "select * from tickets order by id"
        assert a.execute(dump).fetchall() == b.execute(dump).fetchall()


async def test_backup_in_chat_sends_a_sound_snapshot(
    configured: LocalSchool, tmp_path: Path
) -> None:
    await report(configured, TEACHER_LI, "302 灯管不亮")
    await configured.chat.say(ADMIN, ADMIN.id, "/backup")
    sent = configured.api.chat(ADMIN.id)[-1]
    assert sent.document_name == "houqin-backup-20261130-0730.sqlite3"
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(sent.document_bytes or b"")
    assert check_snapshot(copy) == len(MIGRATIONS)


def test_restore_refuses_corrupt_or_foreign_files(tmp_path: Path) -> None:
    database = tmp_path / "live.sqlite3"
    database.write_bytes(b"")
    text = tmp_path / "notes.txt"
    text.write_text("这不是数据库", encoding="utf-8")
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("create table recipes (name text)")
    cut = tmp_path / "cut.sqlite3"
    with sqlite3.connect(cut) as conn:
        conn.execute("create table big (x text)")
        conn.executemany("insert into big values (?)", [("x" * 500,)] * 200)
    cut.write_bytes(cut.read_bytes()[: 4096 * 3])
    for bad, reason in (
        (tmp_path / "missing.sqlite3", "no such file"),
        (text, "not an SQLite database"),
        (foreign, "not a houqin database"),
        (cut, "damaged"),
    ):
        with pytest.raises(RestoreError, match=reason):
            restore(bad, database)
    assert database.read_bytes() == b""  # untouched


async def test_restore_refuses_while_the_bot_runs(configured: LocalSchool, tmp_path: Path) -> None:
    services = configured.app.bot_data["services"]
    snapshot = tmp_path / "snap.sqlite3"
    await services.db.backup(snapshot)
    with pytest.raises(RestoreError, match="stop it first"):
        restore(snapshot, configured.settings.database_path)


async def test_other_commands_answer_while_an_export_runs(configured: LocalSchool) -> None:
    await known_week(configured)
    export = asyncio.create_task(configured.chat.say(ADMIN, ADMIN.id, "/export 2026-12"))
    await asyncio.sleep(0)  # the export has started and waits on its thread
    calls = await configured.chat.say(TEACHER_LI, TEACHER_LI.id, "/my")
    answered = [c for c in calls if int(c.params.get("chat_id", 0)) == TEACHER_LI.id]
    assert answered and answered[-1].params["text"].startswith("📋 我报修的：")
    await export
    assert configured.api.chat(ADMIN.id)[-1].document_name == "houqin-2026-12.xlsx"


async def test_the_command_line_exports_backs_up_and_restores(
    configured: LocalSchool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.__main__ import main

    await known_week(configured)
    database = configured.settings.database_path
    monkeypatch.setenv("DATABASE_PATH", str(database))
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "log.csv"
    code = await asyncio.to_thread(
        main, ["export", "--from", "2026-11-30", "--to", "2026-12-06", "--out", str(out)]
    )
    assert code == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 5 and rows[1][0] == "1"
    xlsx = tmp_path / "log.xlsx"
    assert await asyncio.to_thread(
        main, ["export", "--from", "2026-11-30", "--to", "2026-12-06", "--out", str(xlsx),
               "--lang", "en"]
    ) == 0  # fmt: skip
    assert load_workbook(xlsx)["Repair log"]["C2"].value == "李老师"
    snapshot = tmp_path / "snap.sqlite3"
    assert await asyncio.to_thread(main, ["backup", str(snapshot)]) == 0
    assert check_snapshot(snapshot) == len(MIGRATIONS)
    assert await asyncio.to_thread(main, ["restore", str(snapshot)]) == 1  # the bot runs
    assert "stop it first" in capsys.readouterr().err
