"""Awaited answers: the next message from a user in a chat completes a form or gives a reason."""

from __future__ import annotations

from datetime import datetime

from storage import pending as pending_store
from storage.db import Database
from storage.pending import PendingInput

__all__ = ["PendingInput", "PendingInputs"]


class PendingInputs:
    """Reads and writes awaited answers, each write its own short transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, *, user_id: int, chat_id: int) -> PendingInput | None:
        """Return what the bot awaits from this user in this chat."""
        return await self._db.read(pending_store.get_pending, user_id=user_id, chat_id=chat_id)

    async def put(self, pending: PendingInput, *, now: datetime) -> None:
        """Await `pending`, replacing whatever was awaited before in that chat."""
        await self._db.write(pending_store.put_pending, pending, now)

    async def clear(self, *, user_id: int, chat_id: int) -> None:
        """Stop awaiting anything from this user in this chat."""
        await self._db.write(pending_store.clear_pending, user_id=user_id, chat_id=chat_id)
