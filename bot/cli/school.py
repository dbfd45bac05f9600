"""`python -m bot import FILE` and `python -m bot export-config`: the set-up from the shell."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.clock import SystemClock
from bot.config import Settings, load_settings
from bot.domain.errors import Refused
from bot.domain.model import RuleDoc
from bot.domain.places import every_place
from bot.domain.rules import Rules
from bot.domain.school import School
from bot.formats.rules_file import RulesFileError, read_rules
from bot.formats.school_file import SchoolFileError, dump_school_file, parse_school_file
from bot.formats.workbook import read_workbook, write_workbook
from bot.i18n import Lang, t
from storage.db import Database


async def import_file(path: Path) -> int:
    """Check the whole file, then load it in one transaction; exit 1 and load nothing on error
    (or if the set-up was changed in chat while the file was read)."""
    settings = load_settings()
    db = await Database.open(settings.database_path)
    try:
        school = School(db)
        seen = (await school.load()).revision
        try:
            if path.suffix.lower() == ".xlsx":  # the workbook the head filled in
                setup = await asyncio.to_thread(read_workbook, path)
            else:
                setup = parse_school_file(
                    await asyncio.to_thread(path.read_text, encoding="utf-8")
                )
        except OSError as exc:
            print(f"{path}: {exc.strerror}", file=sys.stderr)
            return 1
        except SchoolFileError as exc:
            print(f"{path}: nothing was loaded:\n{exc}", file=sys.stderr)
            return 1
        folder = path.parent / "rules"
        try:
            docs = await asyncio.to_thread(read_rules, folder) if folder.is_dir() else []
        except RulesFileError as exc:
            print(f"{folder}: nothing was loaded:\n{exc}", file=sys.stderr)
            return 1
        now = SystemClock().now()
        try:
            summary = await school.import_setup(setup, actor_id=None, now=now, based_on=seen)
        except Refused:
            print(f"{path}: the set-up changed meanwhile; nothing was loaded, try again")
            return 1
        rules = Rules(db, lambda: school.setup)
        announce = announce_rule(settings.bot_language, settings.announce_chat_id)
        try:
            added = await rules.load(docs, now, announce=announce)
        except Refused as exc:
            print(f"{folder}: {t(settings.bot_language, exc.key, **exc.params)}", file=sys.stderr)
            return 1
    finally:
        await db.close()
    print(f"{path}: {summary or 'no changes'} ({settings.database_path})")
    if docs:
        names = ", ".join(f"{doc.key} {doc.version}" for doc in added) or "no new versions"
        print(f"{folder}: {len(docs)} rules; {names}")
    return 0


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "school.yaml"


async def template(out: Path) -> int:
    """Write the example school as a workbook to fill in: a sheet per part, Chinese headers,
    example rows and drop-down lists."""
    setup = parse_school_file(await asyncio.to_thread(EXAMPLE.read_text, encoding="utf-8"))
    await asyncio.to_thread(write_workbook, setup, out)
    print(f"wrote {out}: fill it in, then python -m bot import {out.name}", file=sys.stderr)
    return 0


def announce_rule(lang: Lang, chat_id: int | None):  # type: ignore[no-untyped-def]
    """Return how a newly loaded rule version is announced in the group: one line, once."""

    def render(doc: RuleDoc, first: bool) -> tuple[int, dict[str, str]] | None:
        if chat_id is None:
            return None
        key = "rules.new" if first else "rules.changed"
        return chat_id, {"text": t(lang, key, title=doc.title, version=doc.version, rule=doc.key)}

    return render


async def export_file(out: Path | None) -> int:
    """Write the stored set-up as school.yaml text (to `out`, or standard output)."""
    settings = load_settings()
    db = await Database.open(settings.database_path)
    try:
        text = dump_school_file(await School(db).load())
    finally:
        await db.close()
    if out is not None and out.suffix.lower() == ".xlsx":
        await asyncio.to_thread(write_workbook, parse_school_file(text), out)
        print(f"wrote {out}", file=sys.stderr)
        return 0
    if out is None:
        sys.stdout.write(text)
    else:
        await asyncio.to_thread(out.write_text, text, encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
    return 0


async def stickers(out: Path, username: str | None) -> int:
    """Write the QR stickers of every room of the stored set-up to `out` (a PDF)."""
    from bot.formats.stickers import sticker_sheets
    from handlers.stickers import place_link

    settings = load_settings()
    db = await Database.open(settings.database_path)
    try:
        places = every_place(await School(db).load())
    finally:
        await db.close()
    if not places:
        print("The school has no places: list them under locations in school.yaml, then import.")
        return 1
    name = (username or "").lstrip("@") or await bot_username(settings)
    if not name:
        print("Pass --bot with the bot's username (no token is configured to ask Telegram).")
        return 2
    pdf = await asyncio.to_thread(sticker_sheets, places, lambda p: place_link(name, p))
    await asyncio.to_thread(out.write_bytes, pdf)
    print(f"wrote {out}: {len(places)} stickers for @{name}")
    return 0


async def bot_username(settings: Settings) -> str | None:
    """Ask Telegram for the bot's username (None without a token)."""
    if settings.telegram_bot_token is None:
        return None
    from telegram import Bot

    token = settings.telegram_bot_token.get_secret_value()
    async with Bot(token, base_url=settings.telegram_api_base_url) as bot:
        return bot.username
