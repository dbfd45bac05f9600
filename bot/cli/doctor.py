"""`python -m bot doctor`: what a new installation gets wrong, each with what to do.

One line per check, ✔ or ✗ (or ! for advice), in the bot's language; the exit code is 1 when
something blocks running (settings, the token, the group, the database), else 0.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from telegram import Bot
from telegram.error import Forbidden, InvalidToken, NetworkError, TelegramError

from bot.config import ConfigError, Settings, load_settings
from bot.domain.school import School
from bot.i18n import Lang, t
from storage.db import Database

GROUP_STATUSES = ("creator", "administrator", "member", "restricted")


@dataclass(frozen=True)
class Line:
    mark: str  # ✔ ✗ !
    text: str
    blocking: bool = False


async def examine(settings: Settings, lang: Lang) -> list[Line]:
    """Run every check against Telegram (or TELEGRAM_API_BASE_URL) and the database."""
    lines: list[Line] = []

    def ok(key: str, **kw: object) -> None:
        lines.append(Line("✔", t(lang, f"doctor.ok.{key}", **kw)))

    def bad(key: str, *, blocking: bool = False, **kw: object) -> None:
        lines.append(Line("✗", t(lang, f"doctor.bad.{key}", **kw), blocking))

    def hint(key: str, **kw: object) -> None:
        lines.append(Line("!", t(lang, f"doctor.hint.{key}", **kw)))

    setup = await _database(settings, lines, lang)
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    if not token:
        bad("token_missing", blocking=True)
        return lines
    bot = Bot(token, base_url=settings.telegram_api_base_url)
    try:
        async with bot:
            me = await bot.get_me()
            ok("token", username=me.username)
            if me.can_read_all_group_messages:
                hint("privacy_off")
            else:
                ok("privacy_on")
            await _group(bot, me.id, settings.school_chat_id, "group", ok, bad, hint)
            if settings.workers_chat_id is not None:
                await _group(bot, me.id, settings.workers_chat_id, "workers", ok, bad, hint)
            for head in sorted(settings.admin_user_ids):
                if await _started(bot, head):
                    ok("head", user=head)
                else:
                    bad("head", user=head)
            if setup is not None:
                silent = [s.name for s in setup.staff if not await _started(bot, s.user_id)]
                if silent:
                    bad("workers_silent", names="、".join(silent))
                elif setup.staff:
                    ok("workers", count=len(setup.staff))
    except InvalidToken:
        bad("token", blocking=True)
    except NetworkError as exc:
        bad("network", blocking=True, url=settings.telegram_api_base_url, error=str(exc)[:80])
    if setup is not None:
        empty = [p.name for p in setup.posts if not setup.holders(p.key)]
        if empty:
            bad("posts_empty", names="、".join(empty))
        orphans = [c.name for c in setup.categories if setup.post(c.post_key) is None]
        if orphans:  # allowed (the head gets them), but worth knowing
            hint("categories_orphan", names="、".join(orphans))
        if not setup.posts:
            bad("no_setup")
    ok("timezone", zone=settings.school_timezone)
    return lines


async def _database(settings: Settings, lines: list[Line], lang: Lang):  # type: ignore[no-untyped-def]
    """Open the database (its folder made, migrations applied) and read the set-up."""
    path = Path(settings.database_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent):
            pass
        db = await Database.open(str(path))
        try:
            setup = await School(db).load()
        finally:
            await db.close()
    except (OSError, Exception) as exc:  # any failure here blocks running: say it plainly
        lines.append(
            Line("✗", t(lang, "doctor.bad.database", path=path, error=str(exc)[:80]), True)
        )
        return None
    lines.append(Line("✔", t(lang, "doctor.ok.database", path=path)))
    return setup


async def _group(bot: Bot, bot_id: int, chat_id: int | None, which: str, ok, bad, hint) -> None:  # type: ignore[no-untyped-def]
    if chat_id is None:
        bad(f"{which}_missing", blocking=which == "group")
        return
    try:
        chat = await bot.get_chat(chat_id)
        member = await bot.get_chat_member(chat_id, bot_id)
    except (Forbidden, TelegramError):
        bad(f"{which}_unreachable", blocking=which == "group", chat=chat_id)
        return
    if member.status not in GROUP_STATUSES:
        bad(f"{which}_unreachable", blocking=which == "group", chat=chat_id)
        return
    ok("group" if which == "group" else "workers_chat", title=chat.title or chat_id)
    if which == "group" and member.status not in ("creator", "administrator"):
        hint("not_admin")


async def _started(bot: Bot, user_id: int) -> bool:
    """Tell whether someone has opened a private chat with the bot (it may write to them)."""
    try:
        await bot.get_chat(user_id)
    except TelegramError:
        return False
    return True


async def doctor() -> int:
    """Print the checks; 1 if something blocks running."""
    lang: Lang = "zh" if os.environ.get("BOT_LANGUAGE", "zh") != "en" else "en"
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(t(lang, "doctor.bad.settings", problems=str(exc)))
        return 1
    lang = settings.bot_language
    lines = await examine(settings, lang)
    for line in lines:
        print(f"{line.mark} {line.text}")
    blocked = any(line.blocking for line in lines)
    print(t(lang, "doctor.blocked" if blocked else "doctor.ready"))
    return 1 if blocked else 0
