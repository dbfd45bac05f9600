"""`python -m bot doctor` against a local Telegram served over HTTP, as a new school meets it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.doctor import doctor
from bot.cli.school import import_file
from bot.clock import SystemClock
from bot.local.http import BotApiServer
from bot.local.school import (
    ADMIN,
    EXAMPLE_SCHOOL,
    GATEKEEPER_WU,
    PEOPLE,
    SCHOOL_CHAT_ID,
)
from bot.local.telegram import LocalTelegram

TOKEN = "123456:REAL-LOOKING-TOKEN"


@pytest.fixture
async def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    api = LocalTelegram(SystemClock())
    api.add_group(SCHOOL_CHAT_ID, "新乡市外国语小学 · 全体教师群")
    for person in PEOPLE.values():  # everyone but 老吴 has opened the bot
        api.add_user(person, started=person is not GATEKEEPER_WU, member_of=SCHOOL_CHAT_ID)
    server = BotApiServer(api, token=TOKEN)
    await server.start()
    monkeypatch.chdir(tmp_path)  # no .env of the workplace
    for key, value in {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "DATABASE_PATH": str(tmp_path / "data" / "school.sqlite3"),
        "SCHOOL_CHAT_ID": str(SCHOOL_CHAT_ID),
        "ADMIN_USER_IDS": str(ADMIN.id),
    }.items():
        monkeypatch.setenv(key, value)
    yield api
    await server.stop()


async def test_a_ready_school_gets_ticks_and_the_people_to_chase(
    served: LocalTelegram, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await import_file(EXAMPLE_SCHOOL) == 0
    capsys.readouterr()
    assert await doctor() == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("✔ 数据库可写：")
    assert "✔ 令牌有效：@houqin_bot" in lines
    assert "✔ 学校群可用：新乡市外国语小学 · 全体教师群" in lines
    assert "! 建议把机器人设为群管理员：这样有人进群、退群它能马上知道。" in lines
    assert f"✔ 主任 {ADMIN.id} 已私聊过机器人。" in lines
    assert "✗ 这些人还没私聊过机器人，收不到提醒：老吴。请他们打开机器人点“开始”。" in lines
    assert lines[-1] == "可以运行了：python -m bot"


async def test_a_wrong_token_or_a_missing_group_blocks(
    served: LocalTelegram, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:WRONG")
    assert await doctor() == 1
    out = capsys.readouterr().out
    assert "✗ Telegram 拒绝了这个令牌：在 @BotFather 重新获取（/token）。" in out
    assert "✗ 还没有导入学校设置：python -m bot import school.yaml" in out
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SCHOOL_CHAT_ID", "-1009999")
    served.bot_status[SCHOOL_CHAT_ID] = "administrator"
    assert await doctor() == 1
    assert (
        "✗ 机器人不在学校群 -1009999 里，或不能在里面发言：把它加进群。" in capsys.readouterr().out
    )


async def test_bad_settings_are_named(
    served: LocalTelegram, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADMIN_USER_IDS", "王主任")
    assert await doctor() == 1
    assert "ADMIN_USER_IDS" in capsys.readouterr().out


async def test_setup_in_a_group_not_yet_configured_says_its_id(configured) -> None:  # type: ignore[no-untyped-def]
    other = -100_555
    configured.api.add_group(other, "新的学校群")
    configured.api.add_user(ADMIN, member_of=other)
    await configured.chat.say(ADMIN, other, "/setup")
    assert configured.api.last_bot_message(other).text.startswith(
        "这个群的号码是 -100555。如果这是学校群，把 SCHOOL_CHAT_ID=-100555 写进 .env"
    )
    await configured.chat.say(ADMIN, other, "/report 302 灯不亮")
    assert configured.api.last_bot_message(other).text == "抱歉，我只为本校的后勤群服务。"


def test_setup_writes_env_from_answers_checked_as_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli.setup_env import write_env
    from bot.config import load_settings

    answers = iter(
        [
            "not a token",
            "123456789:AAH0h-realistic_token_value_0123456789",
            "12345",  # a group's id is negative
            "-1001234567890",
            "王主任",
            "100, 200",
        ]
    )
    target = tmp_path / ".env"
    assert write_env(target, read=lambda _: next(answers)) == 0
    out = capsys.readouterr().out
    assert "这不像令牌" in out and "群号是负数" in out and "只写数字" in out
    settings = load_settings(str(target))
    assert settings.school_chat_id == -1001234567890
    assert settings.admin_user_ids == frozenset({100, 200})
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert write_env(target, read=lambda _: "否") == 1  # an existing file is kept
