"""Settings read from the environment or a `.env` file, validated once at start-up.

Plain code, not a settings framework: the bot starts in well under a second on a small
machine, and pydantic-settings alone took a third of that. Each bad value is named in one line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

Language = Literal["zh", "en"]

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"


class ConfigError(Exception):
    """Raised with one readable line per bad or missing setting."""


class Secret:
    """A value that never shows in logs or reprs (the bot's token)."""

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        """Return the value itself."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')" if self._value else "Secret('')"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Settings:
    """Every setting the bot reads; `.env.example` lists the same keys (upper case)."""

    telegram_bot_token: Secret | None = None
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    database_path: Path = Path("data/houqin.sqlite3")
    school_chat_id: int | None = None
    workers_chat_id: int | None = None
    admin_user_ids: frozenset[int] = field(default_factory=frozenset)
    school_timezone: str = "Asia/Shanghai"
    bot_language: Language = "zh"
    backup_dir: Path | None = Path("data/backups")  # nightly snapshots; "none" turns them off
    # Webhook mode (instead of long polling): the public HTTPS address Telegram posts to, the
    # secret it sends along, and where this process listens (behind a reverse proxy).
    webhook_url: str | None = None
    webhook_secret: Secret | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443

    @property
    def tz(self) -> ZoneInfo:
        """Return the school's time zone."""
        return ZoneInfo(self.school_timezone)

    @property
    def served_chat_ids(self) -> frozenset[int]:
        """Return the group chats the bot answers in."""
        return frozenset(c for c in (self.school_chat_id, self.workers_chat_id) if c is not None)

    @property
    def announce_chat_id(self) -> int | None:
        """Return where new tickets are announced: the workers' chat if set, else the school's."""
        return self.workers_chat_id or self.school_chat_id

    def require_live(self) -> None:
        """Check the settings that only a real Telegram connection needs."""
        problems = []
        if self.telegram_bot_token is None or not self.telegram_bot_token.get_secret_value():
            problems.append("TELEGRAM_BOT_TOKEN: missing — get one from @BotFather")
        if self.school_chat_id is None:
            problems.append("SCHOOL_CHAT_ID: missing — the school group's id, e.g. -1001234567890")
        if not self.admin_user_ids:
            problems.append("ADMIN_USER_IDS: missing — the logistics head's Telegram user id(s)")
        if problems:
            raise ConfigError("\n".join(problems))


# --- reading and checking -----------------------------------------------------------------------


def _chat_id(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError("not a chat id (a number such as -1001234567890)") from None


def _user_ids(text: str) -> frozenset[int]:
    parts = [part.strip() for part in text.replace(";", ",").split(",")]
    try:
        return frozenset(int(part) for part in parts if part)
    except ValueError:
        raise ValueError("not a list of user ids such as 11, 22") from None


def _webhook_url(text: str) -> str:
    if not text.startswith("https://"):
        raise ValueError("Telegram posts webhooks to https:// addresses only")
    return text


def _webhook_secret(text: str) -> Secret:
    if not re.fullmatch(r"[A-Za-z0-9_-]{8,256}", text):
        raise ValueError("8 to 256 letters, digits, _ or -")
    return Secret(text)


def _port(text: str) -> int:
    port = int(text)
    if not 1 <= port <= 65535:
        raise ValueError("a port is 1 to 65535")
    return port


def _zone(text: str) -> str:
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {text!r}, e.g. Asia/Shanghai") from None
    return text


def _url(text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    return text


def _language(text: str) -> str:
    if text not in ("zh", "en"):
        raise ValueError("must be zh or en")
    return text


READERS: dict[str, Callable[[str], Any]] = {
    "telegram_bot_token": Secret,
    "telegram_api_base_url": _url,
    "database_path": Path,
    "backup_dir": lambda text: None if text.lower() in ("none", "off", "") else Path(text),
    "webhook_url": _webhook_url,
    "webhook_secret": _webhook_secret,
    "webhook_listen": str,
    "webhook_port": _port,
    "school_chat_id": _chat_id,
    "workers_chat_id": _chat_id,
    "admin_user_ids": _user_ids,
    "school_timezone": _zone,
    "bot_language": _language,
}


def load_settings(env_file: str | None = ".env", **overrides: Any) -> Settings:
    """Read the settings from the environment (over a `.env` file in the working folder),
    turning every bad value into one line of a ConfigError."""
    found: dict[str, str] = {}
    if env_file and Path(env_file).is_file():
        found.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    found.update(os.environ)
    values, problems = _read({k.lower(): v for k, v in found.items()})
    if problems:
        raise ConfigError("\n".join(problems))
    return replace(Settings(**values), **overrides)


def _read(given: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    values: dict[str, Any] = {}
    problems = []
    for item in fields(Settings):
        text = given.get(item.name)
        if text is None or (text.strip() == "" and item.name != "telegram_bot_token"):
            continue
        try:
            values[item.name] = READERS[item.name](text.strip())
        except ValueError as exc:
            problems.append(f"{item.name.upper()}: {exc} (got {text!r})")
    return values, problems
