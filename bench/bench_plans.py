"""Benchmark: a school year of planned work, and the sweep that makes it.

    python bench/bench_plans.py [--rounds 5]

200 plans over 60 rooms (the example school and a 30-room dormitory): daily, weekly, every
two weeks, monthly, before and after each term; a third walk every classroom or every
dormitory room with a checklist. Two measurements, both through the real Application:

- a year, day by day: the first sweep of each morning makes that day's tasks (and the lead
  time's); the workers finish them before the next morning;
- one sweep at 100,000 tickets (10% open, 50 reminders due) on a day the 200 plans make their
  tasks, against the budget: under 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from bench_sweep import fill

from bot.app import sweep
from bot.clock import ManualClock
from bot.local.school import STORM_BUILDING, local_school, local_settings, school_with_rooms

TZ = ZoneInfo("Asia/Shanghai")
YEAR_START = datetime(2026, 9, 1, 7, 50, tzinfo=TZ)
PLANS = 200
RULES = (
    "每天",
    "每周一",
    "每周二、四",
    "每周五",
    "每2周周三",
    "每月1日",
    "每月15日",
    "每月第2个周二",
    "每月最后一个周五",
    "开学前5个工作日",
    "学期结束后2个工作日",
    "weekly on mon,wed,fri",
)
POSTS = ("electrician", "plumber", "carpenter", "gatekeeper", "cleaner", "av")
CHECKLIST = ["灯管全亮", {"item": "灭火器压力表", "unit": "MPa", "range": [1.0, 1.4]}, "门窗完好"]


def school_with_plans(folder: Path) -> Path:
    """Write the example school with a 30-room dormitory and 200 plans; return its path."""
    path = school_with_rooms(folder, 30)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rooms = [f"{STORM_BUILDING}/S{n}" for n in range(1, 31)]
    plans = []
    for n in range(PLANS):
        where: list[str] = []
        if n % 3 == 0:
            where = ["每间教室"] if n % 2 else [f"{STORM_BUILDING}/*"]
        elif n % 3 == 1:
            where = [rooms[n % len(rooms)]]
        plan = {
            "key": f"plan_{n}",
            "title": f"计划{n}",
            "post": POSTS[n % len(POSTS)],
            "repeat": RULES[n % len(RULES)],
            "where": where,
            "off_days": ("next", "skip", "run")[n % 3],
        }
        if n % 3 == 0:
            plan["checklist"] = CHECKLIST
        plans.append(plan)
    data["plans"] = plans
    data.pop("term_plan", None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def finish_all(path: Path) -> None:
    """The workers did every task of the day (closed in bulk, as the evening would see)."""
    with sqlite3.connect(path) as conn:
        conn.execute(
            "update tickets set status = 'closed', next_due_at = null where status = 'open'"
        )


async def a_year(folder: Path) -> None:
    school_file = school_with_plans(folder)
    path = folder / "year.sqlite3"
    settings = local_settings(path)
    clock = ManualClock(YEAR_START)
    made_per_day: list[int] = []
    times: list[float] = []
    async with local_school(settings, clock=clock, school_file=school_file) as school:
        for day in range(365):
            now = YEAR_START + timedelta(days=day)
            clock.advance(now - clock.now())
            began = time.perf_counter()
            result = await sweep(school.app)
            times.append(time.perf_counter() - began)
            made_per_day.append(result.planned)
            finish_all(path)
        with sqlite3.connect(path) as conn:
            tasks, days = conn.execute(
                "select count(*), count(distinct plan_key || plan_date) from tickets"
                " where plan_key is not null"
            ).fetchone()
    busiest = max(range(365), key=made_per_day.__getitem__)
    print(f"a year of {PLANS} plans over 60 rooms, 2026-09-01 → 2027-08-31:")
    print(f"  {tasks:,} planned tasks made ({days:,} plan-days, none twice)")
    print(
        f"  morning sweep: median {statistics.median(times) * 1000:.1f} ms,"
        f" max {max(times) * 1000:.1f} ms"
        f" (busiest day {(YEAR_START + timedelta(days=busiest)).date()}:"
        f" {made_per_day[busiest]} tasks)"
    )


async def at_scale(folder: Path, rounds: int) -> None:
    school_file = school_with_plans(folder)
    day = datetime(2026, 12, 1, 10, 0, tzinfo=TZ)  # bench_sweep's moment: a Tuesday
    first, later = [], []
    made = 0
    for round_ in range(rounds):
        path = folder / f"scale-{round_}.sqlite3"
        settings = local_settings(path)
        async with local_school(settings, school_file=school_file, clock=ManualClock(day)):
            pass
        with sqlite3.connect(path) as conn:  # forget the tasks the set-up's start made
            conn.execute("delete from events where ticket_id is not null")
            conn.execute("delete from outbox")
            conn.execute("delete from tickets")
            conn.execute("delete from plan_progress")
        fill(path, total=100_000, due=50)
        async with local_school(settings, clock=ManualClock(day)) as school:
            began = time.perf_counter()
            result = await sweep(school.app)
            first.append(time.perf_counter() - began)
            made = result.planned
            began = time.perf_counter()
            await sweep(school.app)
            later.append(time.perf_counter() - began)
        path.unlink()
    print(f"one sweep at 100,000 tickets (10,000 open, 50 due) with {PLANS} plans:")
    print(
        f"  making the day's {made} tasks: median {statistics.median(first) * 1000:.1f} ms;"
        f" the next minute's sweep: {statistics.median(later) * 1000:.1f} ms (budget 200 ms)"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        await a_year(Path(name))
        await at_scale(Path(name), args.rounds)


if __name__ == "__main__":
    asyncio.run(main())
