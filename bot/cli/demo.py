"""`python -m bot demo`: a scripted school day on the local Telegram, printed as a transcript."""

from __future__ import annotations

import re
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from bot.app import sweep
from bot.config import Language
from bot.domain.places import place_by_key, place_token
from bot.i18n import LANGUAGES, t
from bot.local.school import (
    ADMIN,
    AV_TECH,
    CLEANER_SUN,
    ELECTRICIAN,
    EXAMPLE_SCHOOL,
    GATEKEEPER_WU,
    GATEKEEPER_ZHOU,
    PLUMBER,
    SCHOOL_CHAT_ID,
    SCHOOL_MORNING,
    TEACHER_CHEN,
    TEACHER_LI,
    TEACHER_SMITH,
    LocalSchool,
    local_school,
    local_settings,
)
from bot.local.telegram import Call, ChatMessage, TgUser, chat_title, describe_calls

INDENT = "        "


class Narrator:
    """Runs each step of the day and prints who did what and what the bot answered."""

    def __init__(self, school: LocalSchool) -> None:
        self.school = school

    def at(self, hour: int, minute: int) -> None:
        """Move the school clock to today's hh:mm."""
        target = SCHOOL_MORNING.replace(hour=hour, minute=minute)
        now = self.school.clock.now()
        if target > now:
            self.school.clock.advance(target - now)

    def to(self, month: int, day: int, hour: int, minute: int) -> None:
        """Move the school clock forward to a day and time of the demo's year."""
        target = SCHOOL_MORNING.replace(month=month, day=day, hour=hour, minute=minute)
        self.school.clock.advance(target - self.school.clock.now())

    def next_day(self, hour: int, minute: int) -> None:
        """Move the school clock to hh:mm on the day after the demo's day."""
        target = SCHOOL_MORNING.replace(hour=hour, minute=minute) + timedelta(days=1)
        self.school.clock.advance(target - self.school.clock.now())

    def heading(self, text: str) -> None:
        print(f"\n── {text} " + "─" * max(0, 60 - len(text)))

    def _stamp(self) -> str:
        local: datetime = self.school.clock.now().astimezone(self.school.settings.tz)
        return local.strftime("%H:%M")

    def _print(self, who: TgUser, where: int, action: str, calls: list[Call]) -> None:
        title = chat_title(self.school.api, where)
        print(f"\n{self._stamp()}  {who.first_name} @ {title}: {action}")
        for line in describe_calls(self.school.api, calls):
            print("\n".join(INDENT + part for part in line.splitlines()))

    async def say(self, who: TgUser, where: int, text: str | None, **kw: object) -> None:
        calls = await self.school.chat.say(who, where, text, **kw)  # type: ignore[arg-type]
        shown = text or ""
        if kw.get("photo"):
            shown = f"🖼 [photo] {shown}".rstrip()
        self._print(who, where, shown, calls)

    async def press(
        self, who: TgUser, message: ChatMessage, label: str, *, data: str | None = None
    ) -> None:
        """Press the button labelled with catalogue key `label` in that chat's language.

        `data` presses the button as it was before the message changed.
        """
        if "." in label:  # a catalogue key such as btn.claim, in whichever language it shows
            shown = " ".join(button.text for button in message.all_buttons())
            label = next((t(lang, label) for lang in LANGUAGES if t(lang, label) in shown), label)
        data = data or message.button(label).callback_data
        assert data is not None
        calls = await self.school.chat.feed(self.school.api.press_update(who, message, data))
        self._print(who, message.chat_id, f"presses [{label}]", calls)

    async def sweep(self) -> None:
        """Run the scheduler's minutely sweep now and print what it sent."""
        start = len(self.school.api.calls)
        await sweep(self.school.app)
        calls = self.school.api.calls[start:]
        print(f"\n{self._stamp()}  ⏰ the scheduler's sweep")
        for line in describe_calls(self.school.api, calls) or ["(nothing due)"]:
            print("\n".join(INDENT + part for part in line.splitlines()))

    def card(self) -> ChatMessage:
        return self.school.api.last_bot_message(SCHOOL_CHAT_ID)

    def last_private(self, who: TgUser) -> ChatMessage:
        return self.school.api.last_bot_message(who.id)


def _call(api: object, who: TgUser, task: str) -> ChatMessage:
    """Return the message that called `who` to a meeting's task."""
    chat = api.chat(who.id)  # type: ignore[attr-defined]
    return next(m for m in reversed(chat) if m.from_bot and task in m.text and "#" in m.text)


def _number_in(message: ChatMessage, task: str) -> str:
    """Return "#14": the number of the line naming `task` in a message listing several."""
    line = next(line for line in message.text.splitlines() if task in line)
    found = re.search(r"#\d+", line)
    assert found is not None, line
    return found[0]


def number(card: ChatMessage) -> int:
    """Return the ticket number a card shows (🔧 报修单 #12 …)."""
    found = re.search(r"#(\d+)", card.text)
    assert found is not None, card.text
    return int(found[1])


async def school_day(n: Narrator) -> None:
    """The script: a planned inspection round with one fault; reports as people make them (a
    command, a photo, plain words, an album, a QR sticker, a reply in the group), a duplicate
    caught, claims, a fix rejected and redone, ratings and thanks, the repair log, an
    escalation the head assigns, an urgent night report, a hand-over; the plans, the term plan
    and a make-up working day."""
    api = n.school.api
    setup = n.school.app.bot_data["services"].school.setup
    n.heading("07:50 the set-up from examples/school.yaml: posts, duty, who handles what")
    n.at(7, 50)
    await n.say(ADMIN, ADMIN.id, "/posts")
    await n.say(ADMIN, ADMIN.id, "/post 电工")
    await n.say(TEACHER_LI, TEACHER_LI.id, "/who 灯不亮")
    await n.say(TEACHER_LI, TEACHER_LI.id, "/duty")
    await n.sweep()  # the scheduler runs every minute; this one brings Monday's summaries

    n.heading("Planned work (后勤规划): the Monday fire-extinguisher round, one fault found")
    n.at(7, 55)
    round_call = next(  # the call to do planned task #1, in either language
        m for m in api.chat(GATEKEEPER_ZHOU.id) if m.from_bot and m.text.startswith("📋")
    )
    await n.press(GATEKEEPER_ZHOU, round_call, "btn.claim")
    await n.press(GATEKEEPER_ZHOU, round_call, "btn.walk")
    await n.say(GATEKEEPER_ZHOU, GATEKEEPER_ZHOU.id, "1.2")
    await n.press(GATEKEEPER_ZHOU, n.last_private(GATEKEEPER_ZHOU), "btn.ok")
    await n.press(GATEKEEPER_ZHOU, n.last_private(GATEKEEPER_ZHOU), "btn.fault")
    await n.say(GATEKEEPER_ZHOU, GATEKEEPER_ZHOU.id, "东侧安全出口指示灯不亮")
    await n.say(GATEKEEPER_ZHOU, GATEKEEPER_ZHOU.id, "1.1")
    await n.press(GATEKEEPER_ZHOU, n.last_private(GATEKEEPER_ZHOU), "btn.ok")
    await n.press(GATEKEEPER_ZHOU, n.last_private(GATEKEEPER_ZHOU), "btn.ok")
    exit_light = n.card()  # the fault became a repair, on the group's board like any other
    round_list = _call(api, GATEKEEPER_ZHOU, "总水表")  # the water meter's Monday round
    meter_round = _number_in(round_list, "总水表")
    await n.press(GATEKEEPER_ZHOU, round_list, f"{meter_round} 🙋")
    await n.press(GATEKEEPER_ZHOU, round_list, f"{meter_round} 📟")
    await n.say(GATEKEEPER_ZHOU, GATEKEEPER_ZHOU.id, "35120")
    n.at(8, 0)
    await n.press(ELECTRICIAN, exit_light, "btn.claim")

    n.heading("Teachers report in the school group: a command, a photo")
    n.at(8, 5)
    await n.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report 302教室 讲台上方的灯管不亮")
    lamp = n.card()
    n.at(8, 7)
    await n.say(
        TEACHER_CHEN,
        SCHOOL_CHAT_ID,
        "/report 二楼男厕 水龙头关不紧，一直在漏水，紧急",
        photo="photo-tap",
    )
    tap = n.card()

    n.heading("A teacher just writes to the bot, in English: one press files it")
    n.at(8, 10)
    await n.say(TEACHER_SMITH, TEACHER_SMITH.id, "The projector in Room 205 shows no picture")
    await n.press(TEACHER_SMITH, n.last_private(TEACHER_SMITH), "btn.file")
    projector = n.card()

    n.heading("Three photos and a few words, sent as one album: one report")
    n.at(8, 11)
    await n.say(
        TEACHER_LI,
        TEACHER_LI.id,
        "三年级一班 窗户玻璃裂了一道缝",
        photo="photo-window-1",
        album="a1",
    )
    await n.say(TEACHER_LI, TEACHER_LI.id, None, photo="photo-window-2", album="a1")
    await n.say(TEACHER_LI, TEACHER_LI.id, None, photo="photo-window-3", album="a1")
    await n.press(TEACHER_LI, n.last_private(TEACHER_LI), "btn.file")
    window = n.card()

    n.heading("Workers claim; a teacher presses a button that is not hers")
    n.at(8, 12)
    await n.press(PLUMBER, tap, "btn.claim")
    await n.press(TEACHER_CHEN, tap, "btn.done")
    n.at(8, 15)
    claim_lamp = lamp.all_buttons()[0].callback_data
    await n.press(ELECTRICIAN, lamp, "btn.claim")
    await n.press(PLUMBER, lamp, "btn.claim", data=claim_lamp)  # pressed a moment too late
    await n.press(AV_TECH, projector, "btn.claim")
    await n.press(PLUMBER, window, "btn.claim")

    n.heading("The QR sticker in the music room: scanned, the place is already filled in")
    n.at(8, 20)
    music = place_by_key(setup, "科学楼/音乐教室")
    assert music is not None
    await n.say(TEACHER_CHEN, TEACHER_CHEN.id, f"/start r_{place_token(music)}")
    await n.say(TEACHER_CHEN, TEACHER_CHEN.id, "钢琴凳坏了一条腿")
    await n.press(TEACHER_CHEN, n.last_private(TEACHER_CHEN), "btn.file")
    stool = n.card()
    await n.press(PLUMBER, stool, "btn.recategorize")
    await n.press(PLUMBER, n.last_private(PLUMBER), "门窗桌椅")

    n.heading("The same lamp, reported again: “is it #4?” — no second ticket")
    n.at(8, 25)
    await n.say(TEACHER_CHEN, TEACHER_CHEN.id, "三年级二班的灯管也不亮，学生看不清黑板")
    await n.press(TEACHER_CHEN, n.last_private(TEACHER_CHEN), "btn.same")

    n.heading("In the group, a reply to the bot's card is a report too")
    n.at(8, 30)
    await n.say(
        TEACHER_SMITH,
        SCHOOL_CHAT_ID,
        "Water is all over the corridor now",
        reply_to=tap.message_id,
    )
    await n.press(TEACHER_LI, n.card(), "btn.same")  # not hers to press
    await n.press(TEACHER_SMITH, n.card(), "btn.same")

    n.heading("The leak is fixed; the plumber adds a photo; five stars and a thank-you")
    n.at(8, 40)
    await n.press(PLUMBER, tap, "btn.done")
    await n.say(PLUMBER, PLUMBER.id, "换了新阀芯，不漏了", photo="photo-new-valve")
    ask = n.last_private(TEACHER_CHEN)
    await n.press(TEACHER_CHEN, ask, "btn.confirm")
    await n.press(TEACHER_CHEN, ask, "5⭐")
    await n.press(TEACHER_CHEN, ask, "btn.thank")
    await n.say(TEACHER_CHEN, TEACHER_CHEN.id, "刘师傅来得真快，谢谢！")

    n.heading("The lamp: marked fixed, but it is not — back to the electrician")
    n.at(9, 30)
    await n.press(ELECTRICIAN, lamp, "btn.done")
    ask = n.last_private(TEACHER_LI)
    n.at(9, 45)
    await n.press(TEACHER_LI, ask, "btn.reopen")
    await n.say(TEACHER_LI, TEACHER_LI.id, "换了灯管还是一闪一闪的")

    n.heading("Waiting for a part, then fixed for real; all who reported it hear, and thank")
    n.at(10, 0)
    await n.say(ELECTRICIAN, ELECTRICIAN.id, f"/hold {number(lamp)} 镇流器坏了，等配件")
    n.at(14, 0)
    await n.say(ELECTRICIAN, ELECTRICIAN.id, f"/resume {number(lamp)}")
    n.at(15, 0)
    await n.say(ELECTRICIAN, ELECTRICIAN.id, f"/done {number(lamp)} 换了镇流器，灯亮了")
    n.at(15, 20)
    await n.say(TEACHER_LI, TEACHER_LI.id, f"/confirm {number(lamp)} 4")
    await n.press(TEACHER_CHEN, n.last_private(TEACHER_CHEN), "btn.thank")
    await n.press(TEACHER_CHEN, n.last_private(TEACHER_CHEN), "btn.thanks_plain")

    n.heading("The projector, confirmed in English")
    n.at(15, 30)
    await n.press(AV_TECH, projector, "btn.done")
    ask = n.last_private(TEACHER_SMITH)
    await n.press(TEACHER_SMITH, ask, "btn.confirm")
    await n.press(TEACHER_SMITH, ask, "5⭐")

    n.heading("End of the day: the exit light the round found is fixed; the repair log")
    n.at(16, 20)
    await n.say(ELECTRICIAN, ELECTRICIAN.id, f"/done {number(exit_light)} 换了指示灯灯管")
    n.at(16, 30)
    await n.say(ADMIN, ADMIN.id, "/tickets")
    await n.say(ADMIN, ADMIN.id, f"/ticket {number(lamp)}")
    await n.say(TEACHER_SMITH, TEACHER_SMITH.id, "/my")

    n.heading("An urgent report nobody takes: reminded, escalated, the head assigns it (派单)")
    n.at(16, 35)
    await n.say(TEACHER_CHEN, SCHOOL_CHAT_ID, "/report 205教室 窗户玻璃碎了，紧急")
    n.at(17, 35)  # the carpenter's urgent claim limit is one hour
    await n.sweep()
    n.at(19, 35)  # two hours more: the head is told, with the ticket's history
    await n.sweep()
    escalation = n.last_private(ADMIN)
    await n.press(ADMIN, escalation, "btn.dispatch")
    await n.press(ADMIN, n.last_private(ADMIN), "刘师傅")

    n.heading("Late in the evening: an urgent leak calls everyone awake; a small thing waits")
    n.at(22, 30)
    await n.say(TEACHER_LI, SCHOOL_CHAT_ID, "/report 二楼男厕 水管爆了，一直跑水")
    n.at(22, 40)
    await n.say(TEACHER_CHEN, SCHOOL_CHAT_ID, "/report 302教室 窗帘拉不上了")
    await n.sweep()

    n.heading("The next morning: the small thing's ping, each worker's list, the day's summary")
    n.next_day(7, 30)
    await n.sweep()

    n.heading("张师傅 is off sick: the head hands his ticket to a colleague (转单)")
    n.next_day(8, 0)
    await n.say(TEACHER_SMITH, SCHOOL_CHAT_ID, "/report Room 302 the socket by the door sparks")
    socket = n.card()
    await n.press(ELECTRICIAN, socket, "btn.claim")
    n.next_day(8, 30)
    await n.say(ADMIN, ADMIN.id, f"/dispatch {number(socket)} 刘师傅")
    await n.say(PLUMBER, PLUMBER.id, "/my")

    n.heading("The head's figures (thanks counted per person) and the QR stickers to print")
    n.next_day(9, 0)
    await n.say(ADMIN, ADMIN.id, "/stats")
    await n.say(ADMIN, ADMIN.id, "/qr")

    n.heading("The plans, the term plan, and a Saturday worked (调休) with Friday's roster")
    n.next_day(9, 30)
    await n.say(ADMIN, ADMIN.id, "/plans")
    await n.say(ADMIN, ADMIN.id, "/plan")
    await n.say(ADMIN, ADMIN.id, "/workday 2026-12-26 周五 运动会补课")
    await n.say(ELECTRICIAN, ELECTRICIAN.id, "/duty 2026-12-26")
    await n.say(ADMIN, ADMIN.id, "/tickets 计划")

    n.heading("A parents' meeting (会务): asked for in the form, approved in one press")
    n.next_day(10, 0)
    await n.say(TEACHER_LI, TEACHER_LI.id, "/meeting")
    await n.say(TEACHER_LI, TEACHER_LI.id, "三年级家长会")
    await n.press(TEACHER_LI, n.last_private(TEACHER_LI), "meeting.day0")
    await n.say(TEACHER_LI, TEACHER_LI.id, "14:30-15:30")
    form = n.last_private(TEACHER_LI)
    for label in ("行政楼 会议室", "50", "need.sound", "need.tea", "meeting.needs_done"):
        await n.press(TEACHER_LI, form, label)
    await n.press(TEACHER_LI, form, "layout.rows")
    await n.press(TEACHER_LI, form, "meeting.no_note")
    await n.press(TEACHER_LI, form, "meeting.submit")
    await n.press(ADMIN, n.last_private(ADMIN), "btn.approve")

    n.heading("Setting up: each post's task on time, a dead microphone reported in one press")
    n.next_day(12, 40)
    calls = _call(api, CLEANER_SUN, "会场清洁")  # her three tasks in one message
    cleaning = _number_in(calls, "会场清洁")
    await n.press(CLEANER_SUN, calls, f"{cleaning} 🙋")
    await n.press(CLEANER_SUN, calls, f"{cleaning} ✅")
    n.next_day(13, 50)
    sound = _call(api, AV_TECH, "音响话筒调试")
    await n.press(AV_TECH, sound, "btn.claim")
    await n.press(AV_TECH, sound, "btn.meeting_fault")
    await n.say(AV_TECH, AV_TECH.id, "1号无线话筒没声音，先用有线的")
    await n.press(AV_TECH, sound, "btn.done_task")

    n.heading("After the meeting: the closing round, and the organiser's one message")
    n.next_day(15, 45)
    closing = _call(api, GATEKEEPER_WU, "会后巡查")
    round_no = _number_in(closing, "会后巡查")
    await n.press(GATEKEEPER_WU, closing, f"{round_no} 🙋")
    await n.press(GATEKEEPER_WU, closing, f"{round_no} ✅")
    await n.say(TEACHER_LI, TEACHER_LI.id, "/meetings")

    n.heading("The cracked window was a football: the cause, the rule's amount, the class teacher")
    n.next_day(16, 10)
    await n.say(PLUMBER, PLUMBER.id, f"/done {number(window)} 换了玻璃，是足球砸的")
    await n.say(PLUMBER, PLUMBER.id, f"/cause {number(window)}")
    ask = n.last_private(PLUMBER)
    for label in ("cause.by_person", "三年级1班", "玻璃"):
        await n.press(PLUMBER, ask, label)
    await n.say(PLUMBER, PLUMBER.id, "0.5")
    await n.press(ADMIN, n.last_private(ADMIN), "✅")
    await n.say(TEACHER_CHEN, TEACHER_CHEN.id, "/rules 玻璃")

    n.heading("December at the main water meter: Monday and Friday readings, a weekend leak")
    readings = (  # (month, day, hour, minute, figure): school days ~12 m³, weekends ~2 m³
        (12, 4, 17, 30, "35168"), (12, 7, 7, 30, "35173"), (12, 11, 17, 30, "35221"),
        (12, 14, 7, 30, "35226"), (12, 18, 17, 30, "35274"),
    )  # fmt: skip
    for month, day, hour, minute, figure in readings:
        n.to(month, day, hour, minute)
        await n.school.chat.say(GATEKEEPER_ZHOU, GATEKEEPER_ZHOU.id, f"/meter water_main {figure}")
    print(f"\n        (老周 read the meter {len(readings)} times more, Mondays and Fridays)")
    n.to(12, 21, 7, 30)
    await n.say(GATEKEEPER_ZHOU, GATEKEEPER_ZHOU.id, "/meter water_main 35334")
    await n.press(GATEKEEPER_ZHOU, n.last_private(GATEKEEPER_ZHOU), "btn.meter_right")
    await n.say(ADMIN, ADMIN.id, "/meters")
    sent = sum(1 for call in api.calls if call.method.startswith("send"))
    edits = sum(1 for call in api.calls if call.method.startswith("edit"))
    in_group = [m for m in api.chat(SCHOOL_CHAT_ID) if m.from_bot]  # as the group sees it now
    tickets = len({number(m) for m in in_group if m.text.startswith(("🔧", "🔔"))})
    print(
        f"\nThe bot sent {sent} messages and edited {edits} in place; the school group shows"
        f" {len(in_group)} of its messages for {tickets} tickets."
    )


async def run_demo(db: str | None, language: Language | None) -> int:
    """Play the school day on a fresh SQLite file (or `db`) and print the transcript."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(db) if db else Path(folder) / "demo.sqlite3"
        if path.exists():  # never delete a file: it may hold a school's data
            print(f"{path} exists; the demo needs a new file.", file=sys.stderr)
            return 2
        settings = local_settings(path, language=language or "zh")
        print(f"houqin demo — a school day on the local Telegram (database: {path})")
        async with local_school(settings, school_file=EXAMPLE_SCHOOL) as school:
            await school_day(Narrator(school))
    return 0
