"""Benchmark: /export of 50,000 tickets (with their history), and the bot meanwhile.

    python bench/bench_export.py [--tickets 50000]

The export runs through the Application on the local Bot API. While it runs, a teacher keeps
sending /my; their answers' latency shows whether the export holds the bot up.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sqlite3
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import xlsxwriter
from openpyxl import load_workbook

from bot.clock import ManualClock
from bot.domain.school import School
from bot.domain.setup import Setup
from bot.domain.stats import Period
from bot.formats.export import write_xlsx
from bot.local.school import ADMIN, EXAMPLE_SCHOOL, TEACHER_LI, local_school, local_settings
from storage.db import Database, to_db_time

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 31, 12, 0, tzinfo=TZ)
START = datetime(2026, 9, 1, 8, 0, tzinfo=TZ)


def fill(path: Path, total: int) -> None:
    """Add `total` closed tickets over the term, each with report, claim, done and confirm."""
    span = (NOW - START).total_seconds()
    tickets, events = [], []
    for n in range(1, total + 1):
        created = START + timedelta(seconds=span * n / (total + 1))
        claimed, done = created + timedelta(minutes=40), created + timedelta(hours=5)
        confirmed = done + timedelta(hours=2)
        fix_by = created + timedelta(hours=4 if n % 3 else 30)
        tickets.append(
            (n, 201, f"灯管不亮 {n}", f"教学楼 {300 + n % 6}", "electrical", "normal", "closed",
             301, 5 if n % 2 else 4, to_db_time(created), to_db_time(confirmed),
             to_db_time(fix_by), to_db_time(done))
        )  # fmt: skip
        for at, actor, action, old, new, rating in (
            (created, 201, "report", None, "open", None),
            (claimed, 301, "claim", "open", "claimed", None),
            (done, 301, "done", "claimed", "done", None),
            (confirmed, 201, "confirm", "done", "closed", 5 if n % 2 else 4),
        ):
            events.append((to_db_time(at), actor, action, n, old, new, rating, to_db_time(fix_by)))
    with sqlite3.connect(path) as conn:
        stamp = to_db_time(START)
        conn.execute(
            "insert or ignore into users (id, name, created_at, updated_at) values (?, ?, ?, ?)",
            (201, "李老师", stamp, stamp),
        )
        conn.executemany(
            "insert into tickets (id, reporter_id, description, location, category, urgency,"
            " status, assignee_id, rating, created_at, updated_at, fix_by, done_at)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            tickets,
        )
        conn.executemany(
            "insert into events (at, actor_id, action, ticket_id, from_status, to_status,"
            " rating, fix_by) values (?, ?, ?, ?, ?, ?, ?, ?)",
            events,
        )


class XlsxWriterSheet:
    """The hand-written writer's sheet interface, on XlsxWriter."""

    def __init__(self, book: XlsxWriterBook, name: str, widths: list[int], header: list[str]):
        self.sheet = book.book.add_worksheet(name)
        self.dates = book.dates
        self.row = 0
        self.sheet.freeze_panes(1, 0)
        for column, width in enumerate(widths):
            self.sheet.set_column(column, column, width)
        self.sheet.write_row(0, 0, header, book.bold)

    def append(self, values: list) -> None:
        self.row += 1
        for column, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, datetime):
                self.sheet.write_datetime(self.row, column, value, self.dates)
            else:
                self.sheet.write(self.row, column, value)


class XlsxWriterBook:
    """The hand-written writer's workbook interface, on XlsxWriter (optionally streaming)."""

    def __init__(self, path: Path, *, constant_memory: bool) -> None:
        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
        self.dates = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.bold = self.book.add_format({"bold": True})

    def sheet(self, name: str, widths: list[int], header: list[str]) -> XlsxWriterSheet:
        return XlsxWriterSheet(self, name, widths, header)

    def __enter__(self) -> XlsxWriterBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.book.close()


def writers_compared(path: Path, school_path: Path, setup: Setup) -> None:
    """Time the same export with the hand-written writer and with XlsxWriter (both modes)."""
    period = Period(date(2026, 9, 1), date(2026, 12, 31), "term")
    for label, workbook in (
        ("hand-written (bot/formats/xlsx.py)", None),
        ("XlsxWriter", lambda p: XlsxWriterBook(p, constant_memory=False)),
        ("XlsxWriter constant_memory", lambda p: XlsxWriterBook(p, constant_memory=True)),
    ):
        target = path.with_suffix(".xlsx")
        conn = sqlite3.connect(school_path)
        conn.row_factory = sqlite3.Row
        began = time.perf_counter()
        extra = {"workbook": workbook} if workbook else {}
        count = write_xlsx(
            conn, target, lang="zh", period=period, setup=setup, tz=TZ, now=NOW, **extra
        )
        took = time.perf_counter() - began
        conn.close()
        size = target.stat().st_size / 1e6
        print(f"  {label:<36} {count:,} tickets in {took:5.1f} s ({size:.1f} MB)")


async def load_setup(path: Path) -> Setup:
    db = await Database.open(path)
    try:
        return await School(db).load()
    finally:
        await db.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "export.sqlite3"
        settings = local_settings(path)
        async with local_school(settings, school_file=EXAMPLE_SCHOOL):
            pass
        fill(path, args.tickets)
        async with local_school(settings, clock=ManualClock(NOW)) as school:
            await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/start")
            latencies: list[float] = []
            done = asyncio.Event()

            async def teacher() -> None:
                while not done.is_set():
                    began = time.perf_counter()
                    await school.chat.say(TEACHER_LI, TEACHER_LI.id, "/my")
                    latencies.append(time.perf_counter() - began)
                    await asyncio.sleep(0.05)

            asker = asyncio.create_task(teacher())
            for kind in ("", "csv "):
                began = time.perf_counter()
                await school.chat.say(ADMIN, ADMIN.id, f"/export {kind}2026-09-01..2026-12-31")
                took = time.perf_counter() - began
                sent = school.api.chat(ADMIN.id)[-1]
                data = sent.document_bytes or b""
                if kind:
                    rows = data.count(b"\n") - 1
                else:
                    sheet = load_workbook(io.BytesIO(data), read_only=True)["维修一览表"]
                    rows = sum(1 for _ in sheet.iter_rows(values_only=True)) - 1
                label = "CSV" if kind else "xlsx"
                print(
                    f"/export {label:<4}: {rows:,} tickets in {took:.1f} s"
                    f" ({len(data) / 1e6:.1f} MB) — aim: under 10 s"
                )
            done.set()
            await asker
            ordered = sorted(latencies)
            print(
                f"meanwhile /my answered {len(ordered)} times:"
                f" p50 {statistics.median(ordered) * 1000:.1f} ms,"
                f" max {ordered[-1] * 1000:.1f} ms"
            )
        setup = await load_setup(path)
        print("the same export by each writer (reading included, no bot running):")
        await asyncio.to_thread(writers_compared, Path(name) / "compare", path, setup)


if __name__ == "__main__":
    asyncio.run(main())
