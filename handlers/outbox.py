"""The sender: drains the outbox into Telegram at Telegram's pace.

Handlers and the sweep commit what they owe the chats together with their change and return
at once; this one task sends it. Each group gets at most its ~20 messages a minute, so a
storm of reports never holds up an answer to anyone else; a card is rendered from the
ticket's state when it is sent, so several changes of one card fold into one edit and an old
state can never overwrite a newer one. While a group's backlog lasts, new tickets waiting for
their card are announced together in one message. A send Telegram refuses for good is kept
with its reason and the head is told once; one it cannot take now is tried again later.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from aiolimiter import AsyncLimiter
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import Application

from bot.domain.model import Action, Status, Ticket
from bot.domain.outbox import Announced, Owed, Shown
from bot.domain.setup import Setup
from bot.domain.tickets import allowed_actions
from bot.i18n import Lang, stars, t
from bot.services import Services
from handlers.common import (
    MAX_CAPTION,
    MAX_TEXT,
    HouqinContext,
    fit,
    fit_html,
    group_lang,
    person_of,
    user_lang,
)
from handlers.views import (
    card_markup,
    card_text,
    list_line,
    meeting_progress,
    meeting_task_text,
    personal_markup,
    photos_row,
    place,
    ticket_button,
    urgency_mark,
)
from storage import outbox as kinds

log = logging.getLogger(__name__)

CAPTION_DESCRIPTION = 600  # a photo caption holds 1,024 characters in all
GIVE_UP_AFTER = 3  # attempts refused by Telegram (400) before a row is kept as failed
DIGEST_MAX = 15  # tickets in one digest message
CONCURRENT_CHATS = 8
MAX_LIMITERS = 2000  # chats whose pace is remembered; quiet ones are forgotten past this


@dataclass(frozen=True)
class Pace:
    """Telegram's limits: messages a minute per group, and per second for the whole bot."""

    group_per_minute: float = 20
    overall_per_second: float = 30
    private_per_second: float = 1  # what one person's chat gets from the outbox


@dataclass
class Turn:
    """One chat's sends in one round: the tickets read at once, and what went out (written
    at once when the turn ends)."""

    chat_id: int | None
    tickets: dict[int, Ticket]
    sent: list[Owed] = field(default_factory=list)
    announced: list[Announced] = field(default_factory=list)
    shown: list[Shown] = field(default_factory=list)


class Sender:
    """Sends what the outbox holds; `drain` sends everything sendable now, `run` keeps at it."""

    def __init__(self, application: Application, *, pace: Pace | None) -> None:
        self.context = HouqinContext(application)
        self._pace = pace
        self._limiters: dict[int, AsyncLimiter] = {}  # per chat (quiet ones forgotten)
        self._overall = AsyncLimiter(pace.overall_per_second, 1) if pace else None
        self._gate = asyncio.Semaphore(CONCURRENT_CHATS)
        self._busy: dict[int | None, asyncio.Task[int]] = {}  # a chat being sent to
        self._resting: dict[int, float] = {}  # a group out of turns, until (loop time)

    @property
    def services(self) -> Services:
        return self.context.services

    async def run(self) -> None:
        """Keep sending: start each chat whose rows are due, then sleep until something new is
        owed or a waiting row comes due. A slow chat never holds up the others."""
        outbox = self.services.outbox
        while True:
            wait = 1.0 if self._pace else 60.0
            try:
                await self._start_due()
                upcoming = await outbox.next_due()
                if upcoming is not None:
                    ahead = (upcoming - self.services.clock.now()).total_seconds()
                    wait = min(wait, max(ahead, 0.05))
            except asyncio.CancelledError:
                raise
            except Exception:  # never let the sender die: log, pause, go on
                log.exception("the sender failed; trying again shortly")
                wait = 5.0
            await outbox.wait(wait)
            await asyncio.sleep(0.02)  # gather what a burst of updates owes into one round

    async def stop(self) -> None:
        """Let the sends under way finish (a few seconds at most); what waits stays owed."""
        busy = list(self._busy.values())
        if busy:
            _, late = await asyncio.wait(busy, timeout=5)
            for task in late:
                task.cancel()

    async def drain(self) -> int:
        """Send everything that may go now and wait for it (local runs; tests); return how
        many chats had something to do."""
        tasks = await self._start_due()
        await asyncio.gather(*tasks)
        return len(tasks)

    async def _start_due(self) -> list[asyncio.Task[int]]:
        """Start sending to each chat that has rows due and is neither busy nor resting."""
        loop = asyncio.get_running_loop()
        self._resting = {c: t for c, t in self._resting.items() if t > loop.time()}
        skip = [c for c in (*self._busy, *self._resting) if c is not None]
        rows = await self.services.outbox.due(self.services.clock.now(), skip=skip)
        if not rows:
            return []
        wanted = {row.ticket_id for row in rows if row.ticket_id is not None}
        tickets = await self.services.tickets.many(wanted)
        by_chat: dict[int | None, list[Owed]] = defaultdict(list)
        for row in rows:
            by_chat[self._chat_of(row, tickets)].append(row)
        started = []
        for chat_id, queue in by_chat.items():
            if chat_id in self._busy or chat_id in self._resting:
                continue
            turn = Turn(chat_id, tickets)
            task = asyncio.create_task(self._chat_turn(turn, queue))
            self._busy[chat_id] = task
            task.add_done_callback(lambda _, chat=chat_id: self._finished(chat))
            started.append(task)
        return started

    def _finished(self, chat_id: int | None) -> None:
        self._busy.pop(chat_id, None)
        self.services.outbox.ring()  # more may wait for this chat

    def _chat_of(self, row: Owed, tickets: dict[int, Ticket]) -> int | None:
        if row.kind != kinds.CARD or row.chat_id is not None:
            return row.chat_id
        ticket = tickets.get(row.ticket_id or 0)
        if ticket is not None and ticket.announce_chat_id is not None:
            return ticket.announce_chat_id
        return self.context.settings.announce_chat_id

    async def _chat_turn(self, turn: Turn, queue: list[Owed]) -> int:
        async with self._gate:
            try:
                return await self._send_chat(turn, queue)
            except Exception:  # a bug, not Telegram: leave this chat alone for a while
                log.exception("sending to %s failed", turn.chat_id)
                if turn.chat_id is not None:
                    self._resting[turn.chat_id] = asyncio.get_running_loop().time() + 30
                return 0
            finally:
                await self.services.outbox.record(turn.sent, turn.announced, turn.shown)

    async def _send_chat(self, turn: Turn, queue: list[Owed]) -> int:
        """Send a chat's rows in order while its limit allows; when a group's last free slot
        comes and several new tickets still wait, they share one message."""
        sent = 0
        limiter = self._limiter(turn.chat_id)
        fresh = [row for row in queue if row.kind == kinds.CARD and row.attempts == 0]
        folded: set[int] = set()
        calls = [row for row in queue if _is_call(row, turn)]
        if len(calls) > 1:  # several new tickets for one person: one message lists them
            if limiter is not None:
                await limiter.acquire()
            if await self._send_calls(turn, calls):
                sent += 1
            folded.update(row.id for row in calls)
        for row in queue:
            if row.id in folded:
                continue
            if limiter is not None and not limiter.has_capacity():
                self._rest(turn.chat_id)
                break  # this chat's turn comes again in a moment
            waiting = [r for r in fresh if r.id not in folded and r.id >= row.id]
            last_slot = limiter is not None and not limiter.has_capacity(2)
            if last_slot and len(waiting) > 1 and await self._fold(turn, waiting, limiter):
                folded.update(r.id for r in waiting[:DIGEST_MAX])
                sent += 1
                continue
            if limiter is not None:
                await limiter.acquire()
            if self._overall is not None:
                await self._overall.acquire()
            if await self._send(turn, row):
                sent += 1
        return sent

    def _limiter(self, chat_id: int | None) -> AsyncLimiter | None:
        if self._pace is None or chat_id is None:
            return None
        if len(self._limiters) > MAX_LIMITERS:  # forget the chats that have been quiet
            self._limiters = {
                c: lim for c, lim in self._limiters.items() if not lim.has_capacity(lim.max_rate)
            }
        if chat_id not in self._limiters:
            self._limiters[chat_id] = (
                AsyncLimiter(self._pace.group_per_minute, 60)
                if chat_id < 0
                else AsyncLimiter(self._pace.private_per_second, 1)
            )
        return self._limiters[chat_id]

    def _rest(self, chat_id: int | None) -> None:
        """A chat used its turns: leave it alone until the next one comes."""
        if chat_id is not None and self._pace is not None:
            turn = (
                60 / self._pace.group_per_minute
                if chat_id < 0
                else 1 / self._pace.private_per_second
            )
            self._resting[chat_id] = asyncio.get_running_loop().time() + turn

    # --- one row -------------------------------------------------------------------------------

    async def _send(self, turn: Turn, row: Owed) -> bool:
        """Send one row and note how it went; True if something went out."""
        now = self.services.clock.now()
        try:
            if row.kind == kinds.CARD:
                await self._card(turn, row)
            elif row.kind == kinds.NOTICE:
                await self._notice(turn, row)
            elif row.kind == kinds.REFRESH:
                await self._refresh(turn, row)
            else:
                await self._message(turn, row)
        except TelegramError as exc:
            await self._failed(turn, row, exc, now)
            return False
        return True

    async def _failed(self, turn: Turn, row: Owed, exc: TelegramError, now: datetime) -> None:
        """Decide what a failed send means for its row."""
        outbox = self.services.outbox
        if isinstance(exc, RetryAfter):  # this chat is throttled: wait as Telegram says
            wait = exc.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            later = now + timedelta(seconds=seconds)
            await outbox.retry(row, at=later, error=str(exc), count=False)
        elif isinstance(exc, Forbidden) or (
            isinstance(exc, BadRequest) and "chat not found" in exc.message.lower()
        ):
            await self._unreachable(turn, row, exc.message, now)
        elif isinstance(exc, BadRequest):
            await self._refused(turn, row, exc.message, now)
        else:  # network, time-out, Telegram's own trouble: later
            backoff = timedelta(seconds=min(5 * 2**row.attempts, 300))
            await outbox.retry(row, at=now + backoff, error=str(exc), count=True)
            log.warning("send of outbox row %s failed, will retry: %s", row.id, exc)

    async def _unreachable(self, turn: Turn, row: Owed, error: str, now: datetime) -> None:
        """Someone blocked the bot or never started it: say it in the group if we may."""
        fallback = row.payload.get("fallback")
        if fallback is not None:
            await self.services.outbox.owe_message(
                fallback["chat_id"], fallback["payload"], now=now
            )
            turn.sent.append(row)
        elif row.chat_id is not None and row.chat_id > 0:
            log.info("user %s cannot be messaged privately: %s", row.chat_id, error)
            turn.sent.append(row)
        else:
            await self._refused(turn, row, error, now, final=True)

    async def _refused(
        self, turn: Turn, row: Owed, error: str, now: datetime, *, final: bool = False
    ) -> None:
        """Telegram said no (400): some answers mean done, others are tried a few times, then
        kept as failed and the head is told once."""
        outbox = self.services.outbox
        if "not modified" in error:
            turn.sent.append(row)
            return
        if row.kind == kinds.CARD and "not found" in error and row.ticket_id is not None:
            await outbox.forget_card(row.ticket_id)  # deleted from the chat: post it anew
            return
        if row.kind == kinds.REFRESH and "not found" in error:
            turn.sent.append(row)  # the person deleted the message: nothing to bring up to date
            return
        if not final and row.attempts + 1 < GIVE_UP_AFTER:
            await outbox.retry(row, at=now + timedelta(seconds=30), error=error, count=True)
            return
        log.error("outbox row %s given up: %s", row.id, error)
        await outbox.give_up(row, error=error, now=now)
        if not row.payload.get("about_failure"):
            await self._tell_heads(row, error, now)

    async def _tell_heads(self, row: Owed, error: str, now: datetime) -> None:
        reason = error[:200]
        messages = []
        for admin in sorted(self.context.settings.admin_user_ids):
            lang = await user_lang(self.context, admin)
            if row.kind == kinds.CARD:
                text = t(lang, "outbox.failed_card", id=row.ticket_id, reason=reason)
            else:
                who = await self._who(lang, row.chat_id)
                text = t(lang, "outbox.failed", who=who, reason=reason)
            messages.append((admin, {"text": text, "about_failure": True}))
        await self.services.outbox.owe_messages(messages, now=now)

    async def _who(self, lang: Lang, chat_id: int | None) -> str:
        if chat_id is None or chat_id < 0:
            return t(lang, "outbox.the_group")
        name = self.context.setup.name_of(chat_id)
        return name if name != str(chat_id) else (await self.services.users.actor(chat_id)).name

    # --- what each kind looks like -------------------------------------------------------------

    async def _card(self, turn: Turn, row: Owed) -> None:
        """Post the ticket's card, or edit it in place (a digest is edited as a whole)."""
        chat_id = turn.chat_id
        ticket = turn.tickets.get(row.ticket_id or 0)
        if ticket is None or chat_id is None:
            turn.sent.append(row)
            return
        lang = group_lang(self.context)
        bot = self.context.bot
        if ticket.announce_message_id is None:
            message = await self._post_card(chat_id, lang, ticket)
            turn.announced.append(Announced(row, chat_id, message.message_id))
            return
        message_id = ticket.announce_message_id
        digest = await self.services.outbox.shown_in(chat_id, message_id)
        if digest is not None:
            listed = await self.services.tickets.many(set(digest.ticket_ids))
            text, markup = digest_card(lang, [listed[n] for n in digest.ticket_ids if n in listed])
            await bot.edit_message_text(
                fit(text), chat_id=chat_id, message_id=message_id, reply_markup=markup
            )
        elif ticket.photo_file_id:
            await bot.edit_message_caption(
                chat_id=chat_id,
                message_id=message_id,
                caption=self._card_text(lang, ticket, photo=True),
                reply_markup=card_markup(lang, ticket),
            )
        else:
            await bot.edit_message_text(
                self._card_text(lang, ticket, photo=False),
                chat_id=chat_id,
                message_id=message_id,
                reply_markup=card_markup(lang, ticket),
            )
        turn.sent.append(row)

    def _card_text(self, lang: Lang, ticket: Ticket, *, photo: bool) -> str:
        limit = CAPTION_DESCRIPTION if photo else None
        text = card_text(lang, ticket, self.context.setup, max_description=limit)
        return fit(text, MAX_CAPTION if photo else MAX_TEXT)

    async def _post_card(self, chat_id: int, lang: Lang, ticket: Ticket) -> Message:
        reply_to = None
        if ticket.source_chat_id == chat_id and ticket.source_message_id is not None:
            reply_to = ReplyParameters(ticket.source_message_id, allow_sending_without_reply=True)
        if ticket.photo_file_id:
            return await self.context.bot.send_photo(
                chat_id,
                ticket.photo_file_id,
                caption=self._card_text(lang, ticket, photo=True),
                reply_markup=card_markup(lang, ticket),
                reply_parameters=reply_to,
            )
        return await self.context.bot.send_message(
            chat_id,
            self._card_text(lang, ticket, photo=False),
            reply_markup=card_markup(lang, ticket),
            reply_parameters=reply_to,
        )

    async def _fold(self, turn: Turn, rows: list[Owed], limiter: AsyncLimiter | None) -> bool:
        """Announce several waiting tickets in one message (a storm of reports)."""
        if turn.chat_id is None or limiter is None or not limiter.has_capacity():
            return False
        rows = rows[:DIGEST_MAX]
        tickets = [turn.tickets[r.ticket_id] for r in rows if r.ticket_id in turn.tickets]
        if not tickets:
            return False
        await limiter.acquire()
        text, markup = digest_card(group_lang(self.context), tickets)
        try:
            message = await self.context.bot.send_message(turn.chat_id, text, reply_markup=markup)
        except TelegramError as exc:
            log.warning("digest of %s tickets not sent: %s", len(tickets), exc)
            return False
        await self.services.outbox.folded(
            rows, chat_id=turn.chat_id, message_id=message.message_id
        )
        return True

    async def _send_calls(self, turn: Turn, calls: list[Owed]) -> bool:
        """Ask one person to take several new tickets in one message, a Claim button each."""
        user_id = turn.chat_id
        assert user_id is not None
        tickets = [turn.tickets[row.ticket_id] for row in calls if row.ticket_id is not None]
        lang = await user_lang(self.context, user_id)
        shown = tickets[:DIGEST_MAX]
        text, markup = calls_card(lang, shown, user_id)
        if self._overall is not None:
            await self._overall.acquire()
        now = self.services.clock.now()
        try:
            sent = await self.context.bot.send_message(user_id, fit(text), reply_markup=markup)
        except TelegramError as exc:
            for row in calls:
                await self._failed(turn, row, exc, now)
            return False
        turn.sent.extend(calls)
        shown_ids = [ticket.id for ticket in shown]
        looks = {"about": "new", "state": [state_of(ticket) for ticket in shown]}
        turn.shown.append(Shown(user_id, sent.message_id, shown_ids, looks))
        return True

    async def _notice(self, turn: Turn, row: Owed) -> None:
        """Tell one person about a ticket, in their language, with the buttons that fit them
        now; a call to take a ticket someone took meanwhile is not sent at all. The message is
        remembered, so it is brought up to date when the ticket moves."""
        ticket = turn.tickets.get(row.ticket_id or 0)
        user_id = row.chat_id
        about = row.payload.get("about", "")
        taken = about == "new" and ticket is not None and ticket.status is not Status.OPEN
        if ticket is None or user_id is None or taken:
            turn.sent.append(row)
            return
        lang = await user_lang(self.context, user_id)
        if about == "meeting":  # the organiser's one message about all the meeting's tasks
            await self._meeting_progress(turn, row, lang)
            return
        text = fit(self._notice_text(lang, ticket, row.payload))
        markup = await self._notice_markup(lang, ticket, user_id, about)
        photo = self._notice_photo(ticket, about, row.payload)
        if photo is not None:
            sent = await self.context.bot.send_photo(
                user_id, photo, caption=fit(text, MAX_CAPTION), reply_markup=markup
            )
        else:
            sent = await self.context.bot.send_message(user_id, text, reply_markup=markup)
        turn.sent.append(row)
        if about in KEPT_UP_TO_DATE:  # a call to act: brought up to date when the ticket moves
            remembered = {
                **row.payload,
                "status": ticket.status.value,
                "category": ticket.category,
                "photo": photo is not None,
                "state": [state_of(ticket)],
            }
            turn.shown.append(Shown(user_id, sent.message_id, [ticket.id], remembered))

    async def _meeting_progress(self, turn: Turn, row: Owed, lang: Lang) -> None:
        """Send the organiser the meeting's progress, remembered so each task's move edits it."""
        user_id = row.chat_id
        assert user_id is not None
        meetings = self.services.meetings
        meeting = await meetings.get(int(row.payload["meeting"]))
        tasks = await meetings.tasks(meeting.id)
        text = meeting_progress(lang, meeting, tasks, self.context.settings.tz)
        sent = await self.context.bot.send_message(user_id, fit(text))
        turn.sent.append(row)
        looks = {**row.payload, "state": [state_of(task) for task in tasks]}
        turn.shown.append(Shown(user_id, sent.message_id, [task.id for task in tasks], looks))

    def _notice_photo(self, ticket: Ticket, about: str, payload: dict) -> str | None:
        """The photo a notice shows: the fix to the reporter, the report to the worker."""
        if about in (Action.DONE, Action.NOTE):
            return ticket.fix_photo_file_id
        if about in ("new", "assigned"):
            return ticket.photo_file_id
        if about == Action.FOLLOW:
            return payload.get("photo")  # what the person who reported it too sent
        return None

    def _notice_text(self, lang: Lang, ticket: Ticket, payload: dict) -> str:
        about = payload.get("about", "")
        if about == "new":
            return self._new_ticket_text(lang, ticket, payload)
        if about in ("assigned", "moved"):
            return t(
                lang,
                f"tell.{about}",
                id=ticket.id,
                place=place(lang, ticket),
                description=ticket.description[:200],
                urgency=urgency_mark(lang, ticket),
                reporter=ticket.reporter_name,
                assignee=ticket.assignee_name or "",
            )
        if about == "rescheduled":
            moment = ticket.fix_by.astimezone(self.context.settings.tz) if ticket.fix_by else None
            return t(
                lang,
                "tell.rescheduled",
                id=ticket.id,
                description=ticket.description[:80],
                at=f"{moment:%m-%d %H:%M}" if moment else "",
            )
        if about in ("fixed_followed", "cancel_followed"):
            return t(
                lang,
                f"tell.{about}",
                id=ticket.id,
                place=place(lang, ticket),
                assignee=ticket.assignee_name or "",
            )
        if about in (Action.FOLLOW, Action.THANK):
            note = str(payload.get("note") or "")
            return t(
                lang,
                f"tell.{about}" + ("_note" if note else ""),
                id=ticket.id,
                place=place(lang, ticket),
                by=payload.get("by", ""),
                note=note[:300],
            )
        return self._action_text(lang, ticket, Action(about))

    async def _notice_markup(
        self, lang: Lang, ticket: Ticket, user_id: int, about: str
    ) -> InlineKeyboardMarkup | None:
        album = [photos_row(lang, ticket)] if len(ticket.photos) > 1 else []
        if about == "new" and ticket.status is Status.OPEN:
            return InlineKeyboardMarkup([[ticket_button(lang, Action.CLAIM, ticket)], *album])
        if about == "moved" or (about == "new" and ticket.assignee_id != user_id):
            return None  # someone else's now: nothing to press
        if about in QUIET_NOTICES:
            return None
        person = await person_of(self.context, user_id)
        # The reporter's cancel button sits on their receipt, not under every notice.
        actions = [a for a in allowed_actions(person, ticket) if a is not Action.CANCEL]
        return personal_markup(lang, ticket, actions, photos=about in KEPT_UP_TO_DATE)

    async def _refresh(self, turn: Turn, row: Owed) -> None:
        """Bring a ping or notice up to date: who has the ticket now, the buttons that fit."""
        chat_id, message_id = row.chat_id, row.message_id
        shown = None
        if chat_id is not None and message_id is not None:
            shown = await self.services.outbox.shown_in(chat_id, message_id)
        if shown is None or chat_id is None or message_id is None:
            turn.sent.append(row)
            return
        lang = await user_lang(self.context, chat_id)
        tickets = await self.services.tickets.many(set(shown.ticket_ids))
        listed = [tickets[n] for n in shown.ticket_ids if n in tickets]
        state = [state_of(ticket) for ticket in listed]
        if not listed or state == shown.payload.get("state"):
            turn.sent.append(row)  # nothing it shows has changed
            return
        if shown.payload.get("about") == "meeting":
            meeting = await self.services.meetings.get(int(shown.payload["meeting"]))
            text = meeting_progress(lang, meeting, listed, self.context.settings.tz)
            markup = None
        elif len(listed) > 1:
            text, markup = calls_card(lang, listed, chat_id)
        else:
            ticket = listed[0]
            about = shown.payload.get("about", "")
            text = self._notice_text(lang, ticket, shown.payload)
            if ticket.category != shown.payload.get("category", ticket.category):
                category = self.context.setup.category_label(ticket.category, lang)
                text += "\n" + t(lang, "ping.recategorized", category=category)
            if ticket.status.value != shown.payload.get("status"):
                text += "\n" + now_line(lang, ticket, chat_id)
            markup = await self._notice_markup(lang, ticket, chat_id, about)
        bot = self.context.bot
        if shown.payload.get("photo"):
            await bot.edit_message_caption(
                chat_id=chat_id,
                message_id=message_id,
                caption=fit(text, MAX_CAPTION),
                reply_markup=markup,
            )
        else:
            await bot.edit_message_text(
                fit(text), chat_id=chat_id, message_id=message_id, reply_markup=markup
            )
        turn.sent.append(row)
        turn.shown.append(replace(shown, payload={**shown.payload, "state": state}))

    def _new_ticket_text(self, lang: Lang, ticket: Ticket, payload: dict) -> str:
        setup = self.context.setup
        if ticket.meeting_id is not None:
            return meeting_task_text(lang, ticket, self.context.settings.tz)
        if ticket.planned:
            return planned_text(lang, ticket, setup)
        post = setup.post(payload.get("post"))
        category = payload.get("category", ticket.category)  # as it was when they were asked
        return t(
            lang,
            f"tell.new.{payload.get('reason', 'no_post')}",
            id=ticket.id,
            place=place(lang, ticket),
            description=ticket.description[:200],
            post=post.label(lang) if post else "",
            category=setup.category_label(category, lang),
            urgency=urgency_mark(lang, ticket),
            reporter=ticket.reporter_name,
        )

    def _action_text(self, lang: Lang, ticket: Ticket, action: Action) -> str:
        note = ticket.last_note or ""
        if action in (Action.DONE, Action.NOTE) and note:
            note = f"（{note}）" if lang == "zh" else f" ({note})"
        key = f"tell.{action}"
        if action is Action.CONFIRM and ticket.rating:
            key = "tell.confirm_rated"
        if action in (Action.CONFIRM, Action.RATE) and ticket.rating == 5:
            key += "_top"  # five stars: a thank-you, told as one
        return t(
            lang,
            key,
            id=ticket.id,
            place=place(lang, ticket),
            assignee=ticket.assignee_name or "",
            note=note,
            stars=stars(ticket.rating or 0),
        )

    async def _message(self, turn: Turn, row: Owed) -> None:
        """Send a message rendered when it was owed."""
        payload, chat_id = row.payload, row.chat_id
        assert chat_id is not None
        markup = payload.get("markup")
        reply_to = payload.get("reply_to")
        text = payload["text"]
        await self.context.bot.send_message(
            chat_id,
            fit_html(text) if payload.get("parse_mode") else fit(text),
            parse_mode=payload.get("parse_mode"),
            reply_markup=InlineKeyboardMarkup.de_json(markup, None) if markup else None,
            reply_parameters=(
                ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
            ),
        )
        turn.sent.append(row)


def planned_text(lang: Lang, ticket: Ticket, setup: Setup) -> str:
    """Return the call to do a planned task: what, where, which day, what to check."""
    plan = setup.plan(ticket.plan_key or "")
    lines = [
        t(
            lang,
            "tell.new.planned",
            id=ticket.id,
            title=plan.label(lang) if plan else ticket.description,
            day=ticket.plan_date or "",
        )
    ]
    if ticket.location:
        lines.append(t(lang, "card.place", place=ticket.location))
    if ticket.checklist:
        rooms = max(len(ticket.rooms), 1)
        lines.append(t(lang, "card.checklist", items=len(ticket.checklist), rooms=rooms))
        lines.extend(f"· {item.text}" for item in ticket.checklist[:8])
    return "\n".join(lines)


def _is_call(row: Owed, turn: Turn) -> bool:
    """Tell whether a row asks someone to take a ticket that is still open."""
    ticket = turn.tickets.get(row.ticket_id or 0)
    return (
        row.kind == kinds.NOTICE
        and row.payload.get("about") == "new"
        and ticket is not None
        and ticket.status is Status.OPEN
    )


# Notices that only tell: no buttons under them.
QUIET_NOTICES = ("cancel_followed", Action.FOLLOW, Action.THANK)

# The notices brought up to date when their ticket moves: they ask someone to act on it.
KEPT_UP_TO_DATE = ("new", "assigned")


def state_of(ticket: Ticket) -> list[object]:
    """What a ping shows of a ticket: when it changes, the ping is edited."""
    return [ticket.status.value, ticket.assignee_id, ticket.category, ticket.urgency.value]


def calls_card(
    lang: Lang, tickets: list[Ticket], reader: int | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Return one private message asking to take several tickets: a Claim button for each
    still open, and ✅ for each the reader has taken since (no typing to finish it)."""
    open_now = [ticket for ticket in tickets if ticket.status is Status.OPEN]
    mine = [
        ticket
        for ticket in tickets
        if ticket.status is Status.CLAIMED and reader is not None and ticket.assignee_id == reader
    ]
    tasks = all(ticket.planned for ticket in tickets)  # a meeting's or a plan's, not reports
    lines = [t(lang, "tell.new_many_tasks" if tasks else "tell.new_many", count=len(tickets))]
    lines.extend(list_line(lang, ticket) for ticket in tickets)
    rows = [[ticket_button(lang, Action.CLAIM, ticket, numbered=True)] for ticket in open_now]
    rows += [[finish_button(lang, ticket)] for ticket in mine]
    return "\n".join(lines), InlineKeyboardMarkup(rows) if rows else None


def finish_button(lang: Lang, ticket: Ticket) -> InlineKeyboardButton:
    """Return the one press that finishes a taken ticket from a list: ✅, or 🔎 for an
    inspection (walked point by point), or 📟 for a meter's reading round."""
    if ticket.checklist:
        label = f"#{ticket.id} " + t(lang, "btn.walk")
        return InlineKeyboardButton(label, callback_data=f"in:{ticket.id}:go")
    if ticket.reading_round:
        label = f"#{ticket.id} " + t(lang, "btn.meter_read")
        return InlineKeyboardButton(label, callback_data=f"mr:go:{ticket.id}")
    return ticket_button(lang, Action.DONE, ticket, numbered=True)


def now_line(lang: Lang, ticket: Ticket, reader: int) -> str:
    """Return where a ticket stands now, for a message about it sent earlier."""
    if ticket.status is Status.CANCELLED:
        return t(lang, "ping.cancelled")
    if ticket.assignee_id == reader:
        return t(lang, "ping.yours", status=t(lang, f"status.{ticket.status}"))
    if ticket.assignee_name:
        return t(
            lang,
            "ping.taken",
            name=ticket.assignee_name,
            status=t(lang, f"status.{ticket.status}"),
        )
    return t(lang, "ping.now", status=t(lang, f"status.{ticket.status}"))


def digest_card(lang: Lang, tickets: list[Ticket]) -> tuple[str, InlineKeyboardMarkup | None]:
    """Return one message listing several tickets, with a Claim button for each open one."""
    lines = [t(lang, "digest.title", count=len(tickets))]
    lines.extend(list_line(lang, ticket) for ticket in tickets)
    rows = [
        [ticket_button(lang, Action.CLAIM, ticket, numbered=True)]
        for ticket in tickets
        if ticket.status is Status.OPEN
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows) if rows else None
