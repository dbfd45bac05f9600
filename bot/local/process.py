"""The bot as a school runs it — `python -m bot` in its own process — against a local Bot API
served over HTTP. For crash tests and benchmarks: start it, kill it, stop it, restart it."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

from bot.local.school import ADMIN, SCHOOL_CHAT_ID

TOKEN = "123456:LOCAL-TELEGRAM-OVER-HTTP"


class BotProcess:
    """One `python -m bot` process, polling `base_url`, on the database at `database`."""

    def __init__(self, base_url: str, database: Path, *, env: dict[str, str] | None = None):
        self.base_url = base_url
        self.database = database
        self.extra_env = env or {}
        self.process: asyncio.subprocess.Process | None = None
        self.log = database.with_suffix(".log")

    def environment(self) -> dict[str, str]:
        """Return the settings the process runs with (no .env file is read: cwd is empty).

        Python may keep compiled bytecode, as it does on a school's server (this workplace
        turns that off by default, which costs every start a recompile)."""
        inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        return {
            **inherited,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": self.base_url,
            "SCHOOL_CHAT_ID": str(SCHOOL_CHAT_ID),
            "ADMIN_USER_IDS": str(ADMIN.id),
            "DATABASE_PATH": str(self.database),
            **self.extra_env,
        }

    async def run_command(self, *args: str) -> int:
        """Run `python -m bot ARGS` to the end (e.g. an import); return its exit code."""
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *args, env=self.environment(),
            cwd=self.database.parent, stdout=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        return await process.wait()

    async def start(self) -> float:
        """Start the bot; return the seconds it took until it asked for updates."""
        began = time.perf_counter()
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", env=self.environment(),
                cwd=self.database.parent, stdout=log, stderr=log,
            )  # fmt: skip
        return began

    def kill(self) -> None:
        """Kill the process at once (kill -9): nothing of it runs on."""
        assert self.process is not None
        self.process.kill()

    async def wait_killed(self) -> None:
        assert self.process is not None
        await self.process.wait()
        self.process = None

    async def stop(self, *, within: float = 30) -> float:
        """Ask the bot to stop (Ctrl-C); return how long it took. Killed if past `within`."""
        assert self.process is not None
        began = time.perf_counter()
        self.process.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(self.process.wait(), within)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
        self.process = None
        return time.perf_counter() - began

    def rss_mb(self) -> float:
        """Return the process's resident memory in MB (Linux)."""
        assert self.process is not None
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024
