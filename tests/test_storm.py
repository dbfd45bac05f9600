"""A storm of reports against the bot as a school runs it: its own process, long polling over
HTTP. Killed with -9 or asked to stop in the middle, it loses no report and makes none twice.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.clock import SystemClock
from bot.local.http import BotApiServer
from bot.local.process import BotProcess
from bot.local.school import ADMIN, SCHOOL_CHAT_ID, school_with_rooms
from bot.local.telegram import LocalTelegram, TgUser

STORM = 300


def count(database: Path, sql: str) -> int:
    if not database.exists():
        return 0
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        try:
            return int(conn.execute(sql).fetchone()[0])
        except sqlite3.OperationalError:  # not created yet
            return 0


async def until(test: Callable[[], bool], seconds: float) -> None:
    """Wait until `test()` holds, checking ten times a second; fail after `seconds`."""
    for _ in range(int(seconds * 10)):
        if test():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"still not true after {seconds} s")


@pytest.fixture
async def telegram() -> AsyncIterator[tuple[LocalTelegram, BotApiServer]]:
    api = LocalTelegram(SystemClock())
    api.add_group(SCHOOL_CHAT_ID, "school")
    api.add_user(ADMIN)
    server = BotApiServer(api)
    await server.start()
    yield api, server
    await server.stop()


async def a_school(tmp_path: Path, server: BotApiServer) -> BotProcess:
    bot = BotProcess(server.base_url, tmp_path / "storm.sqlite3")
    school = school_with_rooms(tmp_path, STORM)
    assert await bot.run_command("import", str(school)) == 0
    return bot


def storm(api: LocalTelegram) -> None:
    """Every teacher reports at once (a power cut), each from their own room."""
    for n in range(STORM):
        teacher = api.add_user(TgUser(20_000 + n, f"老师{n}"))
        report = f"/report S{n + 1} 停电了"
        api.queue_update(api.message_update(teacher, SCHOOL_CHAT_ID, report))


async def test_killed_in_a_storm_it_loses_no_report_and_makes_none_twice(
    tmp_path: Path, telegram: tuple[LocalTelegram, BotApiServer]
) -> None:
    api, server = telegram
    bot = await a_school(tmp_path, server)
    await bot.start()
    await asyncio.wait_for(api.polled.wait(), 30)
    storm(api)
    tickets = "select count(*) from tickets"
    await until(lambda: count(bot.database, tickets) >= 30, 60)
    bot.kill()  # kill -9, in the middle of the storm
    await bot.wait_killed()
    assert count(bot.database, tickets) < STORM

    await bot.start()
    await until(lambda: count(bot.database, tickets) == STORM, 90)
    await asyncio.sleep(1)  # nothing more comes
    assert count(bot.database, tickets) == STORM
    assert count(bot.database, "select count(distinct source_message_id) from tickets") == STORM
    assert count(bot.database, "select count(*) from events where action = 'report'") == STORM
    await bot.stop()


async def test_asked_to_stop_in_a_storm_it_stops_at_once_and_keeps_the_rest(
    tmp_path: Path, telegram: tuple[LocalTelegram, BotApiServer]
) -> None:
    api, server = telegram
    bot = await a_school(tmp_path, server)
    await bot.start()
    await asyncio.wait_for(api.polled.wait(), 30)
    storm(api)
    tickets = "select count(*) from tickets"
    await until(lambda: count(bot.database, tickets) >= 30, 60)
    took = await bot.stop()
    assert took < 10

    await bot.start()
    await until(lambda: count(bot.database, tickets) == STORM, 90)
    await asyncio.sleep(1)
    assert count(bot.database, tickets) == STORM
    assert count(bot.database, "select count(*) from inbox where handled_at is null") == 0
    await bot.stop()
