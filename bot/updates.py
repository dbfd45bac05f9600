"""Update processing: nothing fetched is lost, and nobody waits behind someone else.

- `InboxBot` keeps every update it fetches in the database before Telegram is told it
  arrived (the next getUpdates confirms it). What was kept but not handled — the bot was
  killed, or asked to stop with a backlog — is handled at the next start. An update Telegram
  hands over again is handled once: each update is claimed before it is handled.
- `FairUpdateProcessor` handles one person's updates in order and different people's side by
  side. An update takes one of the processing slots only when it is its sender's turn, so one
  person's backlog never holds a slot someone else needs; a flood from one person beyond
  `MAX_BACKLOG` waiting updates is dropped. Asked to stop, it finishes what is in hand and
  leaves the rest in the inbox.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseUpdateProcessor, ExtBot

from bot.domain.users import Bounded
from storage import inbox as inbox_store
from storage.db import Database

log = logging.getLogger(__name__)

# Updates handled at once, chosen by measurement (bench/bench_storm.py --slots tries others).
SLOTS = int(os.environ.get("HOUQIN_SLOTS", "16"))
MAX_BACKLOG = 50  # one person's waiting updates beyond this are a flood, not a person
KEEP_HANDLED = timedelta(days=2)  # how long a handled update's number is remembered
FLUSH_EVERY = 0.2  # seconds between writes of "handled" marks
TAKEN_REMEMBERED = 10_000  # update numbers remembered as claimed, in memory


class Inbox:
    """The updates kept on arrival, and which of them were handled (written in batches)."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock
        self._db: Database | None = None
        self._handled: list[int] = []
        self._flusher: asyncio.Task[None] | None = None
        self._taken: Bounded[int, bool] = Bounded(TAKEN_REMEMBERED)  # claimed update numbers

    async def open(self, db: Database) -> list[dict[str, Any]]:
        """Start keeping updates in `db`; return the ones a previous run left unhandled."""
        self._db = db
        await db.write(inbox_store.forget_before, self._clock() - KEEP_HANDLED)
        waiting = await db.read(inbox_store.waiting)
        self._flusher = asyncio.create_task(self._flush_now_and_then())
        return [json.loads(body) for _, body in waiting]

    async def close(self) -> None:
        """Write the last handled marks and stop."""
        if self._flusher is not None:
            self._flusher.cancel()
            self._flusher = None
        await self.flush()
        self._db = None

    async def keep(self, updates: tuple[Update, ...]) -> None:
        """Store fetched updates before anything else happens to them. One handled before
        (handed over again after a crash) is noted, so it is not claimed again."""
        if self._db is None or not updates:
            return
        bodies = [(update.update_id, update.to_json()) for update in updates]
        fresh = await self._db.write(inbox_store.keep, bodies, self._clock())
        again = [update.update_id for update in updates if update.update_id not in fresh]
        if again:
            for update_id in await self._db.read(inbox_store.handled_among, again):
                self._taken[update_id] = True

    def claim(self, update: object) -> bool:
        """Take an update for handling; False if it was taken already (a second copy)."""
        if not isinstance(update, Update):
            return True
        if update.update_id in self._taken:
            return False
        self._taken[update.update_id] = True
        return True

    def handled(self, update: object) -> None:
        """Note that an update was handled (or given up); written with the next batch."""
        if isinstance(update, Update):
            self._handled.append(update.update_id)

    async def flush(self) -> None:
        """Write the handled marks gathered so far."""
        if self._db is None or not self._handled:
            return
        done, self._handled = self._handled, []
        await self._db.write(inbox_store.handled, done, self._clock())

    async def _flush_now_and_then(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_EVERY)
            try:
                await self.flush()
            except Exception:  # the database is busy or closing: the next round writes them
                log.warning("could not mark handled updates", exc_info=True)


class InboxQueue(asyncio.Queue):  # type: ignore[type-arg]
    """The update queue of webhook mode: python-telegram-bot's webhook server awaits `put`
    before it answers Telegram 200, so an update is kept in the inbox before Telegram
    considers it delivered — as `InboxBot.get_updates` does when polling."""

    def __init__(self, inbox: Inbox) -> None:
        super().__init__()
        self._inbox = inbox

    async def put(self, item: Any) -> None:
        if isinstance(item, Update):
            await self._inbox.keep((item,))
        await super().put(item)


class InboxBot(ExtBot[None]):
    """A bot whose getUpdates keeps what it fetched before anything else happens to it."""

    def __init__(self, *args: Any, inbox: Inbox, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._inbox = inbox  # a protected name: the bot freezes its public attributes

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        """Fetch updates and keep them. All are handed on, so the offset moves past them;
        a copy of one handled before is not claimed, so not handled again."""
        updates = await super().get_updates(*args, **kwargs)
        await self._inbox.keep(updates)
        return updates


class FairUpdateProcessor(BaseUpdateProcessor):
    """One person's updates in order; people interleaved; a slot only on one's turn."""

    def __init__(self, inbox: Inbox | None = None, *, slots: int = SLOTS) -> None:
        # python-telegram-bot's own semaphore is taken before our turn is known: make it
        # never wait, and bound the work with our own slots, taken in turn.
        super().__init__(max_concurrent_updates=1 << 30)
        self._inbox = inbox
        self._slots = asyncio.Semaphore(slots)
        # sender -> (lock, how many updates hold or wait for it); dropped when unused.
        self._turns: dict[int, tuple[asyncio.Lock, int]] = {}
        self.stopping = False

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the sender's turn, then for a slot, then handle the update."""
        if self._inbox is not None and not self._inbox.claim(update):
            _close(coroutine)  # a second copy of an update: the first is or was handled
            return
        key = _sender(update)
        lock, waiting = self._turns.get(key, (asyncio.Lock(), 0))
        if waiting >= MAX_BACKLOG:
            log.warning("dropped an update from %s: %s already waiting", key, waiting)
            self._skip(coroutine, update)
            return
        self._turns[key] = (lock, waiting + 1)
        try:
            async with lock:
                if self.stopping:  # kept in the inbox: the next start handles it
                    _close(coroutine)
                    return
                async with self._slots:
                    if self.stopping:
                        _close(coroutine)
                        return
                    await coroutine
                if self._inbox is not None:
                    self._inbox.handled(update)
        finally:
            lock, waiting = self._turns[key]
            if waiting == 1:
                del self._turns[key]
            else:
                self._turns[key] = (lock, waiting - 1)

    def _skip(self, coroutine: Awaitable[Any], update: object) -> None:
        _close(coroutine)
        if self._inbox is not None:
            self._inbox.handled(update)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


class HouqinApplication(Application):  # type: ignore[type-arg]
    """An Application that, asked to stop, lets the updates not yet started wait in the inbox
    instead of handling the whole backlog first."""

    async def stop(self) -> None:
        """Stop handling new updates, finish those in hand, then stop as usual."""
        if isinstance(self.update_processor, FairUpdateProcessor):
            self.update_processor.stopping = True
        await super().stop()


def _close(coroutine: Awaitable[Any]) -> None:
    if isinstance(coroutine, Coroutine):
        coroutine.close()  # never started: nothing to undo, and no "never awaited" warning


def _sender(update: object) -> int:
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return 0
