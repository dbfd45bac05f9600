"""Benchmark: the bot as a school runs it, over real HTTP long polling, beside a bare echo bot.

    python bench/bench_storm.py [--reports 1000] [--storm 300]
    python bench/bench_storm.py --tune          # also try other pool sizes and slot counts

Each bot runs in its own process (`python -m bot`, `bench/echo_bot.py`) and polls a local Bot
API served over HTTP on 127.0.0.1 (`bot/local/http.py`), as it would poll Telegram.

1. Start-up to the first getUpdates, and memory once idle.
2. Throughput: N people each send one message at once; the echo answers each, houqin files
   each as a private report and answers with its receipt. Group reports too (the card goes out
   at the group's pace, so they are counted when filed).
3. A storm: 300 teachers report in the group at once (a power cut) with the rate limiter on,
   while 120 other people send /help privately over the next minute. How fast are they
   answered; how soon is each report acknowledged in the group?
4. Killed with -9 in the middle of the storm, then started again: every report exists once.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.clock import SystemClock
from bot.local.http import BotApiServer
from bot.local.process import TOKEN, BotProcess
from bot.local.school import PEOPLE, SCHOOL_CHAT_ID, school_with_rooms
from bot.local.telegram import ChatMessage, LocalTelegram, TgUser

ECHO = Path(__file__).with_name("echo_bot.py")


@dataclass
class Watch:
    """When the bot first answered each chat, from `LocalTelegram.on_sent`."""

    first: dict[int, float] = field(default_factory=dict)
    group_tickets: dict[int, float] = field(default_factory=dict)

    def __call__(self, message: ChatMessage) -> None:
        now = time.perf_counter()
        self.first.setdefault(message.chat_id, now)
        if message.chat_id == SCHOOL_CHAT_ID:
            for word in message.text.replace("\n", " ").split():
                if word.startswith("#") and word[1:].isdigit():
                    self.group_tickets.setdefault(int(word[1:]), now)


async def serve() -> tuple[LocalTelegram, BotApiServer, Watch]:
    api = LocalTelegram(SystemClock())
    api.add_group(SCHOOL_CHAT_ID, "school")
    for person in PEOPLE.values():  # the head and the workers of examples/school.yaml
        api.add_user(person)
    watch = Watch()
    api.on_sent = watch
    server = BotApiServer(api)
    await server.start()
    return api, server, watch


class Echo:
    """The echo bot's process."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=self.base_url)
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, str(ECHO), env=env, stderr=asyncio.subprocess.DEVNULL
        )

    async def stop(self) -> None:
        assert self.process is not None
        self.process.terminate()
        await self.process.wait()


def cpu_seconds(pid: int) -> float:
    """Return the CPU time a process used so far (user + system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(x for x in status.splitlines() if x.startswith("VmRSS:")).split()[1]) / 1024


def people(api: LocalTelegram, count: int, first: int) -> list[TgUser]:
    """Teachers of the school: members of its group."""
    return [
        api.add_user(TgUser(first + n, f"老师{n}"), member_of=SCHOOL_CHAT_ID) for n in range(count)
    ]


def count(database: Path, sql: str) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        return int(conn.execute(sql).fetchone()[0])


async def until(test: Callable[[], bool], seconds: float) -> bool:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        if test():
            return True
        await asyncio.sleep(0.01)
    return False


def ms(values: list[float], share: float) -> str:
    ordered = sorted(values)
    return f"{1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]:.0f} ms"


# --- 1. start-up and memory --------------------------------------------------------------------


async def startup(folder: Path, rounds: int) -> None:
    print("start-up to the first getUpdates (median of", rounds, "starts), memory when idle:")
    for name in ("echo", "houqin"):
        times, memory = [], []
        for _ in range(rounds):
            api, server, _ = await serve()
            began = time.perf_counter()
            if name == "echo":
                bot: Echo | BotProcess = Echo(server.base_url)
                await bot.start()
            else:
                bot = BotProcess(
                    server.base_url, folder / f"startup-{time.monotonic_ns()}.sqlite3"
                )
                await bot.start()
            await api.polled.wait()
            times.append(time.perf_counter() - began)
            await asyncio.sleep(2)
            assert bot.process is not None
            memory.append(rss_mb(bot.process.pid))
            await bot.stop()
            await server.stop()
        print(
            f"  {name:<7} {statistics.median(times):.2f} s"
            f"   RSS {statistics.median(memory):.0f} MB"
        )


# --- 2. throughput ------------------------------------------------------------------------------


async def throughput(folder: Path, total: int, *, group: bool = False) -> tuple[float, float]:
    """Return houqin's (updates a second, CPU ms an update) for `total` reports."""
    api, server, watch = await serve()
    bot = BotProcess(server.base_url, folder / f"throughput-{time.monotonic_ns()}.sqlite3")
    await bot.run_command("import", str(school_with_rooms(folder, total)))
    await bot.start()
    await api.polled.wait()
    teachers = people(api, total, 100_000)
    assert bot.process is not None
    cpu = cpu_seconds(bot.process.pid)
    began = time.perf_counter()
    for n, teacher in enumerate(teachers):
        chat = SCHOOL_CHAT_ID if group else teacher.id
        api.queue_update(api.message_update(teacher, chat, f"/report S{n + 1} 灯不亮"))
    if group:  # counted when filed: the cards follow at the group's pace
        await until(lambda: count(bot.database, "select count(*) from tickets") >= total, 600)
    else:
        await until(lambda: all(t.id in watch.first for t in teachers), 600)
    took = time.perf_counter() - began
    used = cpu_seconds(bot.process.pid) - cpu
    await bot.stop()
    await server.stop()
    return total / took, 1000 * used / total


async def echo_throughput(total: int) -> tuple[float, float]:
    api, server, watch = await serve()
    echo = Echo(server.base_url)
    await echo.start()
    await api.polled.wait()
    senders = people(api, total, 100_000)
    assert echo.process is not None
    cpu = cpu_seconds(echo.process.pid)
    began = time.perf_counter()
    for person in senders:
        api.queue_update(api.message_update(person, person.id, "hello"))
    await until(lambda: all(p.id in watch.first for p in senders), 600)
    took = time.perf_counter() - began
    used = cpu_seconds(echo.process.pid) - cpu
    await echo.stop()
    await server.stop()
    return total / took, 1000 * used / total


# --- 3 and 4. the storm -------------------------------------------------------------------------


async def storm(folder: Path, reports: int, askers: int, seconds: float) -> None:
    api, server, watch = await serve()
    bot = BotProcess(server.base_url, folder / "storm.sqlite3")
    await bot.run_command("import", str(school_with_rooms(folder, 2 * reports)))
    await bot.start()
    await api.polled.wait()
    teachers = people(api, reports, 200_000)
    others = people(api, askers, 300_000)
    began = time.perf_counter()
    for n, teacher in enumerate(teachers):
        api.queue_update(api.message_update(teacher, SCHOOL_CHAT_ID, f"/report S{n + 1} 停电了"))
    asked: dict[int, float] = {}
    for person in others:
        asked[person.id] = time.perf_counter()
        api.queue_update(api.message_update(person, person.id, "/help"))
        await asyncio.sleep(seconds / askers)
    await until(lambda: all(p.id in watch.first for p in others), 30)
    waits = [watch.first[p] - asked[p] for p in asked if p in watch.first]
    filed = count(bot.database, "select count(*) from tickets")
    print(
        f"  /help from {askers} others over {seconds:.0f} s: answered {len(waits)},"
        f" p50 {ms(waits, 0.5)}, p95 {ms(waits, 0.95)}, max {ms(waits, 1.0)}"
    )
    await until(lambda: len(watch.group_tickets) >= reports, 300)
    acked = sorted(at - began for at in watch.group_tickets.values())
    print(
        f"  {reports} group reports: all {filed} filed; acknowledged in the group"
        f" {len(acked)}: p50 {statistics.median(acked):.1f} s, last {acked[-1]:.1f} s"
        f" ({sum(1 for m in api.chat(SCHOOL_CHAT_ID) if m.from_bot)} group messages)"
    )
    await bot.stop()

    # Killed in the middle of a second storm, then started again.
    more = people(api, reports, 400_000)
    await bot.start()
    for n, teacher in enumerate(more):
        report = f"/report S{reports + n + 1} 又停电"
        api.queue_update(api.message_update(teacher, SCHOOL_CHAT_ID, report))
    await until(lambda: count(bot.database, "select count(*) from tickets") >= filed + 30, 60)
    bot.kill()
    await bot.wait_killed()
    at_kill = count(bot.database, "select count(*) from tickets") - filed
    await bot.start()
    await until(lambda: count(bot.database, "select count(*) from tickets") >= 2 * reports, 120)
    await asyncio.sleep(1)
    after = count(bot.database, "select count(*) from tickets") - filed
    twice = count(
        bot.database,
        "select count(*) from (select source_message_id from tickets"
        " group by source_chat_id, source_message_id having count(*) > 1)",
    )
    took = await bot.stop()
    print(
        f"  kill -9 with {at_kill} of {reports} filed; after the restart {after} filed,"
        f" {twice} twice; then Ctrl-C stopped it in {took:.1f} s"
    )
    await server.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--storm", type=int, default=300)
    parser.add_argument("--askers", type=int, default=120)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--tune", action="store_true", help="try other pool sizes and slots")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        await startup(folder, args.starts)
        print(f"\n{args.reports} people send one message each, at once:")
        echo_rate, echo_cpu = await echo_throughput(args.reports)
        print(f"  echo (bare python-telegram-bot) {echo_rate:6.0f}/s   CPU {echo_cpu:.1f} ms each")
        rate, cpu = await throughput(folder, args.reports)
        print(
            f"  houqin, private reports          {rate:6.0f}/s   CPU {cpu:.1f} ms each"
            f"   ({rate / echo_rate:.2f}× the echo)"
        )
        rate, cpu = await throughput(folder, args.reports, group=True)
        print(f"  houqin, group reports (filed)    {rate:6.0f}/s   CPU {cpu:.1f} ms each")
        if args.tune:
            for pool, slots in ((4, 16), (16, 16), (32, 32), (8, 4), (8, 64)):
                os.environ.update(HOUQIN_POOL_SIZE=str(pool), HOUQIN_SLOTS=str(slots))
                rate, cpu = await throughput(folder, args.reports)
                print(f"    pool {pool:>2}, slots {slots:>2}: {rate:6.0f}/s   CPU {cpu:.1f} ms")
            for key in ("HOUQIN_POOL_SIZE", "HOUQIN_SLOTS"):
                os.environ.pop(key)
        print(f"\nA storm: {args.storm} group reports at once, rate limiter on (20 a minute):")
        await storm(folder, args.storm, args.askers, args.seconds)


if __name__ == "__main__":
    asyncio.run(main())
