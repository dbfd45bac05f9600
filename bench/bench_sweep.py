"""Benchmark: one scheduler sweep on large databases.

    python bench/bench_sweep.py [--rounds 20]

Each database has many tickets, 10% of them open; of the open ones some are late and already
reminded, some not yet due, and `due` are due now and not yet sent. A sweep must take under
200 ms at 100,000 tickets, and its cost must follow the due items, not the total.
The sweep runs through the real Application on the local Bot API (sends included).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import sweep
from bot.clock import ManualClock
from bot.local.school import EXAMPLE_SCHOOL, local_school, local_settings
from storage.db import to_db_time

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=TZ)  # a Tuesday morning, after the morning list
CATEGORIES = ("electrical", "plumbing", "carpentry", "av_network", "cleaning", "grounds")


def fill(path: Path, *, total: int, due: int) -> None:
    """Add `total` tickets: 10% open; `due` of those due now and unsent, the rest not due."""
    stamp = to_db_time(NOW - timedelta(days=30))
    late = to_db_time(NOW - timedelta(hours=3))
    later = to_db_time(NOW + timedelta(days=2))
    rows = []
    for n in range(total):
        is_open = n % 10 == 0
        is_due = is_open and n // 10 < due
        rows.append(
            (
                301,  # a known user: tickets join their reporter
                "灯管不亮",
                "302",
                CATEGORIES[n % len(CATEGORIES)],
                "normal",
                "open" if is_open else "closed",
                stamp,
                stamp,
                late if is_open else None,
                later,
                (late if is_due else later) if is_open else None,
            )
        )
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "insert into tickets (reporter_id, description, location, category, urgency,"
            " status, created_at, updated_at, claim_by, fix_by, next_due_at)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        # Today's pushes went out at 07:30 already; this measures the ticket reminders.
        day = NOW.date().isoformat()
        keys = [f"summary:{day}", *(f"morning:{day}:{u}" for u in range(301, 307))]
        keys += [
            f"eve:{(NOW.date() + timedelta(days=1)).isoformat()}:{u}" for u in range(300, 310)
        ]
        conn.executemany(
            "insert into reminders_sent (key, sent_at) values (?, ?)", [(k, stamp) for k in keys]
        )
        conn.commit()
        conn.execute("pragma wal_checkpoint(truncate)")  # steady state: the bulk load is old


async def measure(folder: Path, total: int, due: int, rounds: int) -> tuple[float, int, int]:
    """Median time of a sweep with `due` items among `total` tickets; also what it sent."""
    times, sent, read = [], 0, 0
    for round_ in range(rounds):
        path = folder / f"sweep-{total}-{due}-{round_}.sqlite3"
        settings = local_settings(path)
        async with local_school(settings, school_file=EXAMPLE_SCHOOL):
            pass  # creates the schema, the set-up and the people
        fill(path, total=total, due=due)
        async with local_school(settings, clock=ManualClock(NOW)) as school:
            began = time.perf_counter()
            result = await sweep(school.app)
            times.append(time.perf_counter() - began)
            sent, read = result.reminders, result.tickets_read
            again = await sweep(school.app)
            assert again.reminders == 0, "a second sweep must send nothing"
        path.unlink()
    return statistics.median(times) * 1000, sent, read


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(
        f"{'tickets':>9} {'open':>7} {'due now':>8} {'sweep (median)':>16} {'reminders sent':>15}"
    )
    with tempfile.TemporaryDirectory() as name:
        for total, due in ((10_000, 50), (100_000, 50), (100_000, 0), (100_000, 500)):
            ms, sent, _ = await measure(Path(name), total, due, args.rounds)
            print(f"{total:>9,} {total // 10:>7,} {due:>8} {ms:>13.1f} ms {sent:>15}")


if __name__ == "__main__":
    asyncio.run(main())
