"""Benchmark: /report through the real Application vs a bare echo bot, and list queries at scale.

    python bench/bench_report.py [--reports 5000] [--tickets 50000]

Both bots run on the same in-process Bot API (`LocalTelegram`), so the numbers are the bot's
own cost — handlers, SQLite, python-telegram-bot — not the network's.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from telegram import Update
from telegram.ext import ApplicationBuilder, MessageHandler, filters

from bot.local.school import (
    SCHOOL_CHAT_ID,
    TEACHER_LI,
    appoint_workers,
    local_school,
    local_settings,
)
from bot.local.telegram import LocalTelegram, TgUser


def summary(name: str, latencies: list[float], wall: float) -> dict[str, float]:
    """Print and return throughput and latency percentiles (ms)."""
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[int(len(ordered) * 0.99) - 1] * 1000
    rate = len(ordered) / wall
    print(f"{name:<34} {rate:>9.0f}/s   p50 {p50:6.2f} ms   p99 {p99:6.2f} ms")
    return {"rate": rate, "p50": p50, "p99": p99}


async def timed(
    updates: list[dict], process: Callable[[dict], Awaitable[None]]
) -> tuple[list[float], float]:
    """Feed updates one by one; return each one's latency and the total wall time."""
    latencies = []
    start = time.perf_counter()
    for update in updates:
        began = time.perf_counter()
        await process(update)
        latencies.append(time.perf_counter() - began)
    return latencies, time.perf_counter() - start


async def echo_bot(count: int) -> dict[str, float]:
    """A bare python-telegram-bot echo handler on the same local transport."""
    api = LocalTelegram()
    api.add_group(SCHOOL_CHAT_ID, "group")
    api.add_user(TEACHER_LI)

    async def echo(update: Update, _: object) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(update.effective_message.text or "")

    app = ApplicationBuilder().token("1:ECHO").request(api).get_updates_request(api).build()
    app.add_handler(MessageHandler(filters.ALL, echo))
    updates = [
        api.message_update(TEACHER_LI, SCHOOL_CHAT_ID, f"/report {n}教室 灯管不亮")
        for n in range(count)
    ]
    async with app:
        latencies, wall = await timed(
            updates, lambda u: app.process_update(Update.de_json(u, app.bot))
        )
    return summary("echo (bare python-telegram-bot)", latencies, wall)


async def report_bot(folder: Path, count: int) -> dict[str, float]:
    """The houqin Application: each /report is a ticket, an event and a group card."""
    settings = local_settings(folder / "bench.sqlite3")
    async with local_school(settings) as school:
        await appoint_workers(school)
        teachers = [TgUser(10_000 + n, f"老师{n}") for n in range(50)]
        for teacher in teachers:
            school.api.add_user(teacher)
        updates = [
            school.api.message_update(
                teachers[n % len(teachers)], SCHOOL_CHAT_ID, f"/report {n}教室 灯管不亮"
            )
            for n in range(count)
        ]
        # Each report and what it owes the chats (its card, the worker's notice), sent as
        # the outbox's sender would send them, unpaced.
        latencies, wall = await timed(updates, school.chat.feed)
        stored = sqlite3.connect(settings.database_path).execute(
            "select count(*) from tickets where announce_message_id is not null"
        )
        assert stored.fetchone()[0] == count, "every report must be stored and announced"
    return summary("/report (houqin)", latencies, wall)


def fill(path: Path, total: int) -> None:
    """Add tickets straight into the database, spread over many reporters and workers."""
    stamp = "2026-11-30T00:00:00+00:00"
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "insert or ignore into users (id, name, created_at, updated_at) values (?, ?, ?, ?)",
            [(20_000 + n, f"老师{n}", stamp, stamp) for n in range(200)],
        )
        statuses = ("open", "claimed", "on_hold", "done", "closed", "closed", "closed", "closed")
        conn.executemany(
            "insert into tickets (reporter_id, description, location, category, urgency, status,"
            " assignee_id, created_at, updated_at) values (?, '灯管不亮', '302', 'other',"
            " 'normal', ?, ?, ?, ?)",
            [
                (
                    20_000 + n % 200,
                    statuses[n % len(statuses)],
                    None if n % 8 == 0 else 301 + n % 3,
                    stamp,
                    stamp,
                )
                for n in range(total)
            ],
        )


async def list_latency(folder: Path, total: int, rounds: int) -> dict[str, float]:
    """Median latency of /tickets, /tickets open, /my for a teacher and a worker at `total`."""
    settings = local_settings(folder / f"lists-{total}.sqlite3")
    async with local_school(settings) as school:
        await appoint_workers(school)
    fill(settings.database_path, total)
    teacher = TgUser(20_007, "老师7")
    worker = TgUser(301, "张师傅")
    results = {}
    async with local_school(settings) as school:
        school.api.add_user(teacher)
        for name, who, text in (
            ("/tickets", teacher, "/tickets"),
            ("/tickets open", teacher, "/tickets open"),
            ("/tickets mine", worker, "/tickets mine"),
            ("/my (teacher)", teacher, "/my"),
            ("/my (worker)", worker, "/my"),
        ):
            latencies = []
            for _ in range(rounds):
                began = time.perf_counter()
                await school.chat.say(who, who.id, text)
                latencies.append(time.perf_counter() - began)
            results[name] = statistics.median(latencies) * 1000
    return results


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument("--tickets", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        print(f"{args.reports} updates each, one at a time, same local Bot API:")
        echo = await echo_bot(args.reports)
        report = await report_bot(folder, args.reports)
        print(
            f"report / echo: {report['p50'] / echo['p50']:.2f}× at p50,"
            f" {report['p99'] / echo['p99']:.2f}× at p99 (aim: ≤ 3×)"
        )
        print(f"\nmedian latency of the lists (ms), {args.rounds} rounds each:")
        small = await list_latency(folder, 1_000, args.rounds)
        large = await list_latency(folder, args.tickets, args.rounds)
        print(f"{'':<16}{'1,000 tickets':>14}{f'{args.tickets:,} tickets':>16}")
        for key in small:
            print(f"{key:<16}{small[key]:>14.2f}{large[key]:>16.2f}")


if __name__ == "__main__":
    asyncio.run(main())
