"""`python -m bot export|backup|restore`: the repair log and the database from the shell."""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path

from bot.clock import SystemClock
from bot.config import load_settings
from bot.domain.school import School
from bot.domain.stats import Period
from bot.formats.backup import RestoreError, check_snapshot, restore
from bot.formats.export import write_csv, write_xlsx
from bot.i18n import Lang
from storage.db import Database


class Bar:
    """A progress bar on standard error."""

    def __init__(self, label: str, width: int = 30) -> None:
        self.label = label
        self.width = width

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = int(self.width * share)
        bar = "█" * filled + "·" * (self.width - filled)
        print(f"\r{self.label} [{bar}] {done}/{total}", end="", file=sys.stderr, flush=True)

    def finish(self) -> None:
        print(file=sys.stderr)


async def export(first: date, last: date, out: Path, lang: Lang) -> int:
    """Write the repair log of [first, last] to `out` (.xlsx, or .csv)."""
    if last < first:
        print("--to is before --from", file=sys.stderr)
        return 2
    settings = load_settings()
    db = await Database.open(settings.database_path)
    try:
        setup = await School(db).load()
        period = Period(first, last, f"{first}..{last}")
        now, tz, bar = SystemClock().now(), settings.tz, Bar("export")
        if out.suffix.lower() == ".csv":
            data, count = await db.read_apart(
                lambda c: write_csv(
                    c, lang=lang, period=period, setup=setup, tz=tz, now=now, progress=bar
                )
            )
            await asyncio.to_thread(out.write_bytes, data)
        else:
            count = await db.read_apart(
                lambda c: write_xlsx(
                    c, out, lang=lang, period=period, setup=setup, tz=tz, now=now, progress=bar
                )
            )
        bar.finish()
    finally:
        await db.close()
    print(f"wrote {out}: {count} tickets")
    return 0


async def backup(target: Path) -> int:
    """Take an online snapshot of the database (the bot may keep running)."""
    settings = load_settings()
    db = await Database.open(settings.database_path)
    bar = Bar("backup")
    try:
        await db.backup(target, bar)
    finally:
        await db.close()
    bar.finish()
    version = check_snapshot(target)
    print(f"wrote {target} (schema {version})")
    return 0


def restore_from(snapshot: Path) -> int:
    """Check a snapshot and put it in place of the database (the bot must be stopped)."""
    settings = load_settings()
    try:
        kept = restore(snapshot, settings.database_path)
    except RestoreError as exc:
        print(f"restore refused, nothing changed: {exc}", file=sys.stderr)
        return 1
    print(f"restored {settings.database_path} from {snapshot}")
    if kept is not None:
        print(f"the previous database is kept as {kept}")
    return 0
