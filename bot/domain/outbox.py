"""What the bot owes the chats: the service over the outbox table.

Domain changes owe cards and notices inside their own transactions (`bot/domain/tickets.py`);
front ends owe rendered messages here and drain the outbox at the chat's pace. Nothing here
knows what a message looks like: payloads are the front end's, stored as they are.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage import outbox as outbox_store
from storage import tickets as ticket_store
from storage.db import Database
from storage.outbox import Owed, Shown

__all__ = ["Announced", "Outbox", "Owed", "Shown"]


@dataclass(frozen=True)
class Announced:
    """A ticket's first card went out as this message."""

    owed: Owed
    chat_id: int
    message_id: int


class Outbox:
    """Owes messages, hands out what is due, and records how each send went."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._bell = asyncio.Event()

    def ring(self) -> None:
        """Say something new is owed (the sender wakes up)."""
        self._bell.set()

    async def wait(self, seconds: float) -> None:
        """Wait until something new is owed, or `seconds`."""
        try:
            await asyncio.wait_for(self._bell.wait(), seconds)
        except TimeoutError:
            return
        finally:
            self._bell.clear()

    async def owe_message(self, chat_id: int, payload: dict[str, Any], *, now: datetime) -> None:
        """Owe a rendered message to a chat."""
        await self.owe_messages([(chat_id, payload)], now=now)

    async def owe_messages(
        self, messages: Iterable[tuple[int, dict[str, Any]]], *, now: datetime
    ) -> None:
        """Owe several rendered messages, in one transaction."""

        def owe(conn: sqlite3.Connection) -> None:
            for chat_id, payload in messages:
                outbox_store.owe(
                    conn, outbox_store.MESSAGE, chat_id=chat_id, payload=payload, now=now
                )

        await self._db.write(owe)
        self.ring()

    async def due(
        self, now: datetime, *, limit: int = 200, skip: Iterable[int] = ()
    ) -> list[Owed]:
        """Return what may be sent now, oldest first, leaving out the chats in `skip`."""
        return await self._db.read(outbox_store.due, now, limit=limit, skip=tuple(skip))

    async def next_due(self) -> datetime | None:
        """Return when the earliest waiting row may go (None: nothing waits)."""
        return await self._db.read(outbox_store.next_due)

    async def waiting(self) -> int:
        """Return how many rows wait."""
        return await self._db.read(outbox_store.waiting)

    async def record(
        self, sent: list[Owed], announced: list[Announced], shown: Iterable[Shown] = ()
    ) -> None:
        """Record what went out in one turn, in one transaction: drop the rows (a card changed
        again meanwhile stays, to be sent again), remember new cards' messages and which
        other messages show which tickets."""
        if not sent and not announced and not shown:
            return

        def save(conn: sqlite3.Connection) -> None:
            for message in shown:
                outbox_store.record_shown(conn, message)
            for card in announced:
                assert card.owed.ticket_id is not None
                ticket_store.set_announcement(
                    conn,
                    ticket_id=card.owed.ticket_id,
                    chat_id=card.chat_id,
                    message_id=card.message_id,
                )
                outbox_store.done(conn, card.owed)
            for owed in sent:
                outbox_store.done(conn, owed)

        await self._db.write(save)

    async def folded(self, rows: list[Owed], *, chat_id: int, message_id: int) -> None:
        """Several new tickets went out as one digest message."""
        ticket_ids = [row.ticket_id for row in rows if row.ticket_id is not None]

        def save(conn: sqlite3.Connection) -> None:
            for ticket_id in ticket_ids:
                ticket_store.set_announcement(
                    conn, ticket_id=ticket_id, chat_id=chat_id, message_id=message_id
                )
            outbox_store.record_shown(conn, Shown(chat_id, message_id, ticket_ids))
            for row in rows:
                outbox_store.done(conn, row)

        await self._db.write(save)

    async def forget_card(self, ticket_id: int) -> None:
        """The card's message is gone from the chat: the next send posts a new one."""
        await self._db.write(ticket_store.clear_announcement, ticket_id)

    async def shown_in(self, chat_id: int, message_id: int) -> Shown | None:
        """Return the tickets a digest, ping or notice shows (None: a ticket's own card)."""
        return await self._db.read(outbox_store.shown_in, chat_id, message_id)

    async def retry(self, owed: Owed, *, at: datetime, error: str, count: bool) -> None:
        """Try the row again at `at`."""
        await self._db.write(outbox_store.retry, owed, at=at, error=error, count=count)

    async def give_up(self, owed: Owed, *, error: str, now: datetime) -> None:
        """Telegram refused the row for good: keep it, with the reason, among the failed."""
        await self._db.write(outbox_store.give_up, owed, error=error, now=now)
