"""`python -m bot console`: chat with the bot in the terminal as anyone in the school."""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from bot.app import sweep
from bot.cli.safety import mark_local, whose
from bot.clock import ManualClock, SystemClock
from bot.local.school import (
    EXAMPLE_SCHOOL,
    PEOPLE,
    SCHOOL_CHAT_ID,
    SCHOOL_MORNING,
    WORKERS_CHAT_ID,
    LocalSchool,
    local_school,
    local_settings,
)
from bot.local.telegram import Button, ChatMessage, TgUser, chat_title, describe_calls

HELP = """\
Type a message as the current person, e.g.  /report 302教室 灯管不亮
Console commands (they start with a colon):
  :as NAME        act as: {people}
  :in group       talk in the school group      :in private   talk to the bot privately
  :buttons        number the buttons of the bot's last message here
  :press N        press button N of that message (N from :buttons)
  :photo TEXT     send a photo with TEXT as its caption
  :album TEXT     send an album of three photos, TEXT the first one's caption
  :reply TEXT     reply to the bot's last message here (in the group: a report)
  :sticker        send a sticker
  :clock +3h      move the clock forward (m, h or d) and run the scheduler; also /clock +3h
  :help           this text            :quit   leave (also Ctrl-D)
"""
CLOCK = re.compile(r"[:/]clock\s+\+?(\d+)([mhd])")
UNITS = {"m": "minutes", "h": "hours", "d": "days"}


class Console:
    """One terminal session: who is speaking, where, and the buttons last shown."""

    def __init__(self, school: LocalSchool, write: Callable[[str], None]) -> None:
        self.school = school
        self.write = write
        self.person: TgUser = PEOPLE["li"]
        self.chat_id = SCHOOL_CHAT_ID
        self.buttons: list[tuple[ChatMessage, Button]] = []

    def prompt(self) -> str:
        now = self.school.clock.now().astimezone(self.school.settings.tz)
        where = chat_title(self.school.api, self.chat_id)
        return f"[{now:%m-%d %H:%M}] {self.person.first_name} @ {where} > "

    async def handle(self, line: str) -> bool:
        """Act on one line of input; return False to stop."""
        line = line.strip()
        if not line:
            return True
        clock = CLOCK.fullmatch(line)
        if clock:
            delta = timedelta(**{UNITS[clock[2]]: int(clock[1])})
            self.school.clock.advance(delta)
            self.write(f"⏱ the clock moved forward {clock[1]}{clock[2]}")
            await self.sweep()
            return True
        if line in (":quit", ":q", ":exit"):
            return False
        if line == ":help":
            self.write(HELP.format(people=", ".join(PEOPLE)))
        elif line.startswith(":as"):
            self.switch_person(line[3:].strip())
        elif line.startswith(":in"):
            self.switch_chat(line[3:].strip())
        elif line == ":buttons":
            self.show_buttons()
        elif line.startswith(":press"):
            await self.press(line[6:].strip())
        elif line.startswith(":photo"):
            await self.send(line[6:].strip() or None, photo=f"photo-{len(self.school.api.calls)}")
        elif line.startswith(":album"):
            album = f"album-{len(self.school.api.calls)}"
            for n in range(3):
                caption = (line[6:].strip() or None) if n == 0 else None
                await self.send(caption, photo=f"{album}-{n + 1}", album=album)
        elif line.startswith(":reply"):
            try:
                last = self.school.api.last_bot_message(self.chat_id)
            except LookupError:
                self.write("the bot has said nothing here to reply to")
                return True
            await self.send(line[6:].strip() or None, reply_to=last.message_id)
        elif line == ":sticker":
            await self.send(None, sticker=True)
        elif line.startswith(":"):
            self.write("unknown console command; :help lists them")
        else:
            await self.send(line)
        return True

    async def sweep(self) -> None:
        """Run the scheduler's sweep now, as the minutely job would, and show what it sent."""
        start = len(self.school.api.calls)
        await sweep(self.school.app)
        lines = describe_calls(self.school.api, self.school.api.calls[start:])
        if lines:
            self.write("⏰ the scheduler:\n" + "\n".join(lines))

    def switch_person(self, name: str) -> None:
        person = PEOPLE.get(name.lower())
        if person is None:
            self.write(f"nobody called {name!r}; choose one of: {', '.join(PEOPLE)}")
            return
        was_private = self.chat_id not in self.school.api.groups
        self.person = person
        if was_private:
            self.chat_id = person.id
        self.write(f"you are now {person.first_name}")

    def switch_chat(self, where: str) -> None:
        chats = {"group": SCHOOL_CHAT_ID, "private": self.person.id}
        if self.school.settings.workers_chat_id is not None:
            chats["workers"] = WORKERS_CHAT_ID
        if where not in chats:
            self.write(f"choose one of: {', '.join(chats)}")
            return
        self.chat_id = chats[where]

    def show_buttons(self) -> None:
        messages = [m for m in self.school.api.chat(self.chat_id) if m.from_bot and m.buttons]
        if not messages:
            self.write("no buttons here")
            self.buttons = []
            return
        message = messages[-1]
        self.buttons = [(message, b) for b in message.all_buttons()]
        for number, (_, button) in enumerate(self.buttons, 1):
            self.write(f"  {number}. [{button.text}]")

    async def press(self, number: str) -> None:
        if not self.buttons:
            self.show_buttons()
        if not number.isdigit() or not 1 <= int(number) <= len(self.buttons):
            self.write("say which button: :press N (see :buttons)")
            return
        message, button = self.buttons[int(number) - 1]
        if button.url:
            self.write(f"(a link: {button.url})")
            if button.url.endswith("start=report"):
                self.chat_id = self.person.id
                await self.send("/start report")
            return
        assert button.callback_data is not None
        calls = await self.school.chat.feed(
            self.school.api.press_update(self.person, message, button.callback_data)
        )
        self.buttons = []  # the message may have new buttons now; :press re-reads them
        self.show(calls)

    async def send(self, text: str | None, **kw: object) -> None:
        calls = await self.school.chat.say(self.person, self.chat_id, text, **kw)  # type: ignore[arg-type]
        self.buttons = []
        self.show(calls)

    def show(self, calls: list) -> None:
        lines = describe_calls(self.school.api, calls)
        self.write("\n".join(lines) if lines else "(the bot did not answer)")


async def run_console(db: str | None, *, real: bool = False) -> int:
    """Run the console until :quit or end of input, on a fresh database unless `db` is given.

    A `db` the console did not make itself holds a school's data: refused unless `real` (then
    used as it is, without the example school imported over it)."""
    with tempfile.TemporaryDirectory() as folder:
        if db is None:
            path = Path(folder) / "console.sqlite3"
            return await _console(path, ManualClock(SCHOOL_MORNING), 1, EXAMPLE_SCHOOL)
        path = Path(db)
        kind = whose(path)
        if kind == "school" and not real:
            print(
                f"{path} holds a school's data; the console would change it. Work on a copy,"
                " or add --real-data if you mean it.",
                file=sys.stderr,
            )
            return 2
        # A kept database: the clock starts now and message ids never repeat an earlier run's.
        first_id = int(time.time()) - 1_700_000_000
        example = EXAMPLE_SCHOOL if kind == "new" else None
        return await _console(path, ManualClock(SystemClock().now()), first_id, example)


async def _console(
    path: Path, clock: ManualClock, first_message_id: int, school_file: Path | None
) -> int:
    settings = local_settings(path)
    async with local_school(
        settings, clock=clock, first_message_id=first_message_id, school_file=school_file
    ) as school:
        if school_file is not None:
            mark_local(path, "console")
        console = Console(school, print)
        print(f"houqin console — a local Telegram, no token, database {path}")
        print(HELP.format(people=", ".join(PEOPLE)))
        while True:
            try:
                line = await asyncio.to_thread(input, console.prompt())
            except EOFError:
                print()
                break
            if not await console.handle(line):
                break
            sys.stdout.flush()
    return 0
