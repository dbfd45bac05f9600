"""Benchmark: private answers during a burst of group reports held back by the rate limiter.

    python bench/bench_burst.py [--reports 20] [--group-rate 2]

Telegram lets a bot post about 20 messages a minute in one group; python-telegram-bot's
AIORateLimiter waits rather than fails. Here the group limit is scaled down to `group-rate`
messages a second so the run is short. Twenty teachers report in the group at once while
another teacher keeps asking /my in private, through the real long-polling path: with
per-person concurrent updates, the private answers must not queue behind the group.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from telegram.ext import AIORateLimiter

from bot.app import build_application, running
from bot.clock import ManualClock
from bot.local.school import ADMIN, SCHOOL_CHAT_ID, SCHOOL_MORNING, TEACHER_LI, local_settings
from bot.local.telegram import LocalTelegram, TgUser


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=20)
    parser.add_argument("--group-rate", type=float, default=2.0, help="group messages a second")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        settings = local_settings(Path(name) / "burst.sqlite3")
        clock = ManualClock(SCHOOL_MORNING)
        api = LocalTelegram(clock)
        api.add_group(SCHOOL_CHAT_ID, "school")
        api.add_user(TEACHER_LI)
        api.add_user(ADMIN)
        teachers = [api.add_user(TgUser(10_000 + n, f"老师{n}")) for n in range(args.reports)]
        app = build_application(settings, request=api, clock=clock, rate_limited=False,
                                schedule=False)  # fmt: skip
        app.bot._rate_limiter = AIORateLimiter(
            group_max_rate=args.group_rate, group_time_period=1, max_retries=0
        )
        await app.bot._rate_limiter.initialize()
        async with running(app):
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0, timeout=1)
            began = time.perf_counter()
            for teacher in teachers:
                api.queue_update(api.message_update(teacher, SCHOOL_CHAT_ID, "/report 302 灯不亮"))
            latencies = []
            while sum(1 for m in api.chat(SCHOOL_CHAT_ID) if m.from_bot) < len(teachers):
                asked = len([m for m in api.chat(TEACHER_LI.id) if m.from_bot])
                sent = time.perf_counter()
                api.queue_update(api.message_update(TEACHER_LI, TEACHER_LI.id, "/my"))
                # Polls the in-memory chat: the local Bot API has no "message arrived" event.
                while len([m for m in api.chat(TEACHER_LI.id) if m.from_bot]) == asked:  # noqa: ASYNC110
                    await asyncio.sleep(0.001)
                latencies.append(time.perf_counter() - sent)
                await asyncio.sleep(0.1)
            burst = time.perf_counter() - began
            await app.updater.stop()
    print(
        f"{len(teachers)} group reports at {args.group_rate:g}/s took {burst:.1f} s;"
        f" meanwhile /my answered {len(latencies)} times:"
        f" p50 {statistics.median(latencies) * 1000:.1f} ms,"
        f" max {max(latencies) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main())
