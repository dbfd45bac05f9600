"""Awaited answers: the next message from a user in a chat completes a form or gives a reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from storage import pending as pending_store
from storage.db import Database
from storage.pending import PendingInput

__all__ = ["PendingInput", "PendingInputs"]

DRAFT = "draft"  # a report being put together (bot.domain.drafts)
INSPECT = "inspect"  # an inspection's point awaiting its reading, photo or fault's words
# An awaited reason (why on hold, what is not fixed) is an answer to a question just asked;
# a draft gathers the messages of one report, which people send within minutes. Past these,
# the next message is read as a new message (a new report), not as the old answer.
REASON_EXPIRES = timedelta(minutes=30)
DRAFT_EXPIRES = timedelta(hours=1)


class PendingInputs:
    """Reads and writes awaited answers, each write its own short transaction."""

    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        self._db = db
        self._clock = clock

    async def get(self, *, user_id: int, chat_id: int) -> PendingInput | None:
        """Return what the bot awaits from this user in this chat (None once it expired)."""
        pending = await self._db.read(pending_store.get_pending, user_id=user_id, chat_id=chat_id)
        if pending is None or pending.created_at is None:
            return pending
        # A round walks from room to room: its awaited answer lasts as long as a draft.
        lasts = DRAFT_EXPIRES if pending.kind in (DRAFT, INSPECT) else REASON_EXPIRES
        if self._clock() - pending.created_at > lasts:
            await self.clear(user_id=user_id, chat_id=chat_id)
            return None
        return pending

    async def put(self, pending: PendingInput, *, now: datetime) -> None:
        """Await `pending`, replacing whatever was awaited before in that chat."""
        await self._db.write(pending_store.put_pending, pending, now)

    async def clear(self, *, user_id: int, chat_id: int) -> None:
        """Stop awaiting anything from this user in this chat."""
        await self._db.write(pending_store.clear_pending, user_id=user_id, chat_id=chat_id)
