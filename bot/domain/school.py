"""The one write path for the school's set-up, from a YAML import or from chat."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime

from bot.domain.errors import Refused
from bot.domain.setup import Setup
from bot.domain.users import Actor
from storage import events as event_store
from storage import school as school_store
from storage.db import Database


class School:
    """Holds the current set-up in memory and changes it: one transaction and one event each."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.setup = Setup()
        self._revision = -1

    async def load(self) -> Setup:
        """Read the set-up from the database into memory."""

        def read(conn: sqlite3.Connection) -> Setup:
            revision = school_store.revision(conn)
            return replace(school_store.load_setup(conn), revision=revision)

        self.setup = await self._db.read(read)
        self._revision = self.setup.revision
        return self.setup

    async def refresh(self) -> bool:
        """Reload if the set-up changed elsewhere (e.g. `python -m bot import` while the bot
        runs); return whether it did. Cheap: one small read."""
        if await self._db.read(school_store.revision) == self._revision:
            return False
        await self.load()
        return True

    async def import_setup(
        self, new: Setup, *, actor_id: int | None, now: datetime, based_on: int | None = None
    ) -> str:
        """Make the stored set-up equal to `new`; return a summary ("" if nothing changed).

        `based_on`: the revision the importer saw before reading its file; if the set-up
        changed since (the head in chat), the import is refused rather than undo that."""

        def apply(conn: sqlite3.Connection) -> str:
            if based_on is not None and school_store.revision(conn) != based_on:
                raise Refused("setup_changed_meanwhile")
            current = school_store.load_setup(conn)
            if current == new:
                return ""
            summary = school_store.replace_setup(conn, current, new, now=now)
            event_store.add_event(
                conn, at=now, actor_id=actor_id, action="import_setup", note=summary
            )
            return summary

        summary = await self._db.write(apply)
        await self.load()
        return summary

    async def change(
        self, actor: Actor, *, what: str, new: Setup, now: datetime, note: str
    ) -> Setup:
        """Store an admin's change made in chat; `what` names it in the history. `new` was
        made from the set-up at `new.revision`; if it moved since, the change is refused
        ("changed meanwhile, try again"), so two changes never undo each other."""
        if not actor.is_admin:
            raise Refused("only_admin")

        def apply(conn: sqlite3.Connection) -> None:
            if school_store.revision(conn) != new.revision:  # compare-and-set
                raise Refused("setup_changed_meanwhile")
            current = school_store.load_setup(conn)
            school_store.replace_setup(conn, current, new, now=now)
            event_store.add_event(conn, at=now, actor_id=actor.user_id, action=what, note=note)

        await self._db.write(apply)
        return await self.load()
