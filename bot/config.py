"""Settings read from the environment or a `.env` file, validated once at start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Language = Literal["zh", "en"]

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"


class ConfigError(Exception):
    """Raised with one readable line per bad or missing setting."""


class Settings(BaseSettings):
    """Every setting the bot reads; `.env.example` lists the same keys."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    database_path: Path = Path("data/houqin.sqlite3")
    school_chat_id: int | None = None
    workers_chat_id: int | None = None
    admin_user_ids: Annotated[frozenset[int], NoDecode] = Field(default_factory=frozenset)
    school_timezone: str = "Asia/Shanghai"
    bot_language: Language = "zh"

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        # "123, 456" in the environment; a set or list when built in code.
        if isinstance(value, str):
            parts = [part.strip() for part in value.replace(";", ",").split(",")]
            return frozenset(int(part) for part in parts if part)
        return value

    @field_validator("school_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}, e.g. Asia/Shanghai") from exc
        return value

    @field_validator("telegram_api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

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


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning validation errors into one line per setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            key = str(error["loc"][0]).upper() if error["loc"] else "settings"
            message = str(error["msg"]).removeprefix("Value error, ")
            lines.append(f"{key}: {message} (got {error.get('input')!r})")
        raise ConfigError("\n".join(lines)) from None
