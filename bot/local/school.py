"""A whole school on the local Telegram: settings, people, the running application."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from bot.app import HouqinApp, build_application, running
from bot.clock import ManualClock
from bot.config import Language, Settings
from bot.formats.rules_file import read_rules
from bot.formats.school_file import parse_school_file
from bot.local.telegram import LocalChat, LocalTelegram, TgUser

SCHOOL_CHAT_ID = -1001000000001
WORKERS_CHAT_ID = -1001000000002
SCHOOL_TITLE = "新乡市外国语小学 · 全体教师群"
WORKERS_TITLE = "后勤维修组"

ADMIN = TgUser(100, "王主任", language_code="zh-hans")
TEACHER_LI = TgUser(201, "李老师", language_code="zh-hans")
TEACHER_CHEN = TgUser(202, "陈老师", language_code="zh-hans")
TEACHER_SMITH = TgUser(203, "Emma", "Smith", language_code="en")
ELECTRICIAN = TgUser(301, "张师傅", language_code="zh-hans")
PLUMBER = TgUser(302, "刘师傅", language_code="zh-hans")
AV_TECH = TgUser(303, "赵师傅", language_code="zh-hans")
GATEKEEPER_ZHOU = TgUser(304, "老周", language_code="zh-hans")
GATEKEEPER_WU = TgUser(305, "老吴", language_code="zh-hans")
CLEANER_SUN = TgUser(306, "孙阿姨", language_code="zh-hans")
EXAMPLE_SCHOOL = Path(__file__).resolve().parents[2] / "examples" / "school.yaml"
STORM_BUILDING = "宿舍楼"


def example_without(folder: Path, *sections: str) -> Path:
    """Write the example school without some of its sections (and its rules beside it) and
    return its path."""
    data = yaml.safe_load(EXAMPLE_SCHOOL.read_text(encoding="utf-8"))
    for section in sections:
        data.pop(section, None)
    path = folder / f"school-without-{'-'.join(sections)}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copytree(EXAMPLE_SCHOOL.parent / "rules", folder / "rules", dirs_exist_ok=True)
    return path


def school_without_meters(folder: Path) -> Path:
    """The example school without its meters: the plans' tests count planned tasks, and a
    meter's reading rounds are planned tasks too."""
    return example_without(folder, "meters")


def school_without_plans(folder: Path) -> Path:
    """The example school without plans, term plan or meters: the repair loop as it was, where
    a Monday's fire check does not join every message."""
    return example_without(folder, "plans", "term_plan", "meters")


def school_with_rooms(folder: Path, rooms: int) -> Path:
    """Write the example school with one more building of `rooms` rooms (S1, S2 …) and return
    its path: a storm of reports from as many different rooms, none the same as another."""
    data = yaml.safe_load(EXAMPLE_SCHOOL.read_text(encoding="utf-8"))
    data.pop("plans", None)  # a storm of reports, nothing planned
    data.pop("term_plan", None)
    data.pop("meters", None)
    data["locations"].append(
        {"building": STORM_BUILDING, "rooms": [f"S{n}" for n in range(1, rooms + 1)]}
    )
    path = folder / f"school-{rooms}-rooms.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


PEOPLE: dict[str, TgUser] = {
    "admin": ADMIN,
    "li": TEACHER_LI,
    "chen": TEACHER_CHEN,
    "smith": TEACHER_SMITH,
    "zhang": ELECTRICIAN,
    "liu": PLUMBER,
    "zhao": AV_TECH,
    "zhou": GATEKEEPER_ZHOU,
    "wu": GATEKEEPER_WU,
    "sun": CLEANER_SUN,
}
WORKERS: dict[TgUser, str] = {ELECTRICIAN: "张师傅", PLUMBER: "刘师傅", AV_TECH: "赵师傅"}
SCHOOL_MORNING = datetime(2026, 11, 30, 7, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def local_settings(
    database_path: Path | str,
    *,
    language: Language = "zh",
    workers_chat: bool = False,
) -> Settings:
    """Return settings for the local school (no token, no .env file read)."""
    return Settings(
        database_path=Path(database_path),
        school_chat_id=SCHOOL_CHAT_ID,
        workers_chat_id=WORKERS_CHAT_ID if workers_chat else None,
        admin_user_ids=frozenset({ADMIN.id}),
        bot_language=language,
    )


@dataclass
class LocalSchool:
    """The running application with its local Telegram, clock and people."""

    app: HouqinApp
    api: LocalTelegram
    chat: LocalChat
    clock: ManualClock
    settings: Settings


@asynccontextmanager
async def local_school(
    settings: Settings,
    *,
    clock: ManualClock | None = None,
    started: bool = True,
    first_message_id: int = 1,
    school_file: Path | None = None,
    background_sender: bool = False,
    webhook: bool = False,
) -> AsyncIterator[LocalSchool]:
    """Run the application on a local Telegram with the school's group and people,
    with the set-up from `school_file` imported first (if given). Without
    `background_sender`, what the bot owes the chats goes out when `LocalChat` settles it."""
    clock = clock or ManualClock(SCHOOL_MORNING)
    api = LocalTelegram(clock, first_message_id=first_message_id)
    api.add_group(SCHOOL_CHAT_ID, SCHOOL_TITLE)
    if settings.workers_chat_id is not None:
        api.add_group(settings.workers_chat_id, WORKERS_TITLE)
    for person in PEOPLE.values():  # all of them in the school group
        api.add_user(person, started=started, member_of=SCHOOL_CHAT_ID)
    application = build_application(
        settings,
        request=api,
        clock=clock,
        rate_limited=False,
        schedule=False,
        background_sender=background_sender,
        webhook=webhook,
    )
    async with running(application):
        if school_file is not None:
            school = application.bot_data["services"].school
            text = await asyncio.to_thread(school_file.read_text, encoding="utf-8")
            setup = parse_school_file(text)
            await school.import_setup(setup, actor_id=None, now=clock.now())
            application.bot_data["services"].users.forget()
            folder = school_file.parent / "rules"  # the rules beside it, as an import loads them
            if folder.is_dir():
                docs = await asyncio.to_thread(read_rules, folder)
                await application.bot_data["services"].rules.load(docs, clock.now())
        yield LocalSchool(application, api, LocalChat(application, api), clock, settings)


async def appoint_workers(school: LocalSchool) -> None:
    """Have the head make the workers, the way a real head would: /addworker in private."""
    for person, name in WORKERS.items():
        await school.chat.say(ADMIN, ADMIN.id, f"/addworker {person.id} {name}")
