"""Small helpers for reading what the bot did."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.local.school import SCHOOL_CHAT_ID, LocalSchool
from bot.local.telegram import Call, ChatMessage, TgUser


def sent_texts(calls: list[Call]) -> list[str]:
    """Return the texts (or captions) of the messages sent and edited in `calls`."""
    return [
        str(c.params.get("text") or c.params.get("caption") or "")
        for c in calls
        if c.method.startswith(("send", "edit"))
    ]


def answers(calls: list[Call]) -> list[str]:
    """Return the texts of callback answers (toasts and alerts) in `calls`."""
    return [str(c.params.get("text", "")) for c in calls if c.method == "answerCallbackQuery"]


def labels(message: ChatMessage) -> list[str]:
    """Return the button labels of a message."""
    return [button.text for button in message.all_buttons()]


async def report(school: LocalSchool, who: TgUser, text: str) -> ChatMessage:
    """Report in the school group and return the ticket's card."""
    await school.chat.say(who, SCHOOL_CHAT_ID, f"/report {text}")
    return school.api.last_bot_message(SCHOOL_CHAT_ID)


def only_changes(calls: list[Call]) -> list[Call]:
    """Return the calls that changed something a user sees (sends and edits)."""
    return [c for c in calls if c.method.startswith(("send", "edit"))]


def to(school: LocalSchool, month: int, day: int, hour: int, minute: int = 0) -> None:
    """Move the school clock forward to a local time in 2026 (Asia/Shanghai)."""
    target = datetime(2026, month, day, hour, minute, tzinfo=ZoneInfo("Asia/Shanghai"))
    school.clock.advance(target - school.clock.now())


def rows(school: LocalSchool, sql: str, *params: object) -> list[tuple]:
    """Return what the school's database holds for `sql`."""
    with sqlite3.connect(school.settings.database_path) as conn:
        return conn.execute(sql, params).fetchall()
