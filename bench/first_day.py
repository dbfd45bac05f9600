"""The README's first day, timed: from a token to the first ticket, as a new school does it —
with the local Telegram served over HTTP standing in for Telegram (no network here).

    .venv/bin/python bench/first_day.py

Each step runs the real command (`python -m bot setup`, `template`, `import`, `doctor`, the bot
itself) in its own process; a teacher's /report then reaches the group as a card. The typing
a person does (BotFather, filling in the workbook) is not timed: say so when quoting.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from bot.clock import SystemClock
from bot.local.http import BotApiServer
from bot.local.process import TOKEN
from bot.local.school import ADMIN, PEOPLE, SCHOOL_CHAT_ID, TEACHER_LI
from bot.local.telegram import LocalTelegram

REPO = Path(__file__).resolve().parents[1]


async def run(*args: str, cwd: Path, env: dict[str, str], stdin: str = "") -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=cwd, env=env,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await process.communicate(stdin.encode())
    return process.returncode or 0, out.decode()


async def card_posted(api: LocalTelegram) -> None:
    """Wait until the first ticket's card is in the group (sent by the bot's own process)."""
    for _ in range(600):
        if any(m.text.startswith("🔧 报修单 #1") for m in api.chat(SCHOOL_CHAT_ID)):
            return
        await asyncio.sleep(0.05)
    raise TimeoutError("no card within 30 s")


async def main() -> None:
    api = LocalTelegram(SystemClock())
    api.add_group(SCHOOL_CHAT_ID, "新乡市外国语小学 · 全体教师群")
    for person in PEOPLE.values():
        api.add_user(person, member_of=SCHOOL_CHAT_ID)
    server = BotApiServer(api, token=TOKEN)
    await server.start()
    steps: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SCHOOL_"))},
            "PYTHONPATH": str(REPO),
            "TELEGRAM_API_BASE_URL": server.base_url,
        }

        async def step(label: str, *args: str, stdin: str = "", expect: int = 0) -> str:
            began = time.perf_counter()
            code, out = await run(*args, cwd=folder, env=env, stdin=stdin)
            steps.append((label, time.perf_counter() - began))
            assert code == expect, f"{label}: exit {code}\n{out}"
            return out

        answers = f"{TOKEN}\n{SCHOOL_CHAT_ID}\n{ADMIN.id}\n"
        await step("python -m bot setup (three answers)", "setup", stdin=answers)
        env["DATABASE_PATH"] = str(folder / "data" / "houqin.sqlite3")
        await step("python -m bot template --out school.xlsx", "template", "--out", "school.xlsx")
        await step("python -m bot import school.xlsx", "import", "school.xlsx")
        report = await step("python -m bot doctor", "doctor")
        began = time.perf_counter()
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=folder, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        await asyncio.wait_for(api.polled.wait(), 60)
        steps.append(("python -m bot (until it polls)", time.perf_counter() - began))
        began = time.perf_counter()
        api.queue_update(
            api.message_update(TEACHER_LI, SCHOOL_CHAT_ID, "/report 302教室 灯管不亮")
        )
        await card_posted(api)
        steps.append(("a teacher's /report → the card in the group", time.perf_counter() - began))
        bot.send_signal(2)
        await bot.wait()
        with sqlite3.connect(folder / "data" / "houqin.sqlite3") as conn:
            tickets = conn.execute("select count(*) from tickets").fetchone()[0]
    await server.stop()
    print("The README's first day (the machine's part):")
    for label, seconds in steps:
        print(f"  {seconds:6.2f} s  {label}")
    print(f"  {sum(s for _, s in steps):6.2f} s  in all; {tickets} ticket; doctor said:")
    print("\n".join("           " + line for line in report.splitlines()))


if __name__ == "__main__":
    asyncio.run(main())
