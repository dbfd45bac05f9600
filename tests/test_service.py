"""The bot as a service a school leaves running: nightly backups kept 7 daily and 4 weekly."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.formats.backup import nightly_name, to_prune
from bot.local.school import TEACHER_LI, local_school
from handlers.stats import nightly_backup
from tests.helpers import report

TZ = ZoneInfo("Asia/Shanghai")


def test_seven_nights_and_four_sundays_are_kept(tmp_path: Path) -> None:
    today = date(2026, 12, 31)  # a Thursday
    for back in range(60):
        (tmp_path / nightly_name(today - timedelta(days=back))).write_bytes(b"")
    (tmp_path / "houqin-by-hand.sqlite3").write_bytes(b"")  # not ours to delete
    pruned = {path.name for path in to_prune(tmp_path, today)}
    kept = sorted(p.name for p in tmp_path.iterdir() if p.name not in pruned)
    assert kept == [
        "houqin-2026-11-29.sqlite3",  # the four Sundays before the last week
        "houqin-2026-12-06.sqlite3",
        "houqin-2026-12-13.sqlite3",
        "houqin-2026-12-20.sqlite3",
        "houqin-2026-12-25.sqlite3",  # the last seven nights
        "houqin-2026-12-26.sqlite3",
        "houqin-2026-12-27.sqlite3",
        "houqin-2026-12-28.sqlite3",
        "houqin-2026-12-29.sqlite3",
        "houqin-2026-12-30.sqlite3",
        "houqin-2026-12-31.sqlite3",
        "houqin-by-hand.sqlite3",
    ]


async def test_the_nightly_backup_is_a_working_copy_and_old_ones_go(
    settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    async with local_school(replace(settings, backup_dir=folder)) as school:
        await report(school, TEACHER_LI, "302教室 灯管不亮")
        for night in range(10):
            moment = datetime(2026, 12, 1, 2, 30, tzinfo=TZ) + timedelta(days=night)
            written = await nightly_backup(school.app, moment)
            assert written is not None and written.exists()
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 7 and names[-1] == "houqin-2026-12-10.sqlite3"
    assert "houqin-2026-12-06.sqlite3" in names  # a Sunday, within the week anyway
    with sqlite3.connect(folder / names[-1]) as copy:
        assert copy.execute("select description from tickets").fetchall() == [
            ("302教室 灯管不亮",)
        ]
