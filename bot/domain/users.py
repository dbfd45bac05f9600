"""Who someone is to the bot: remembered profile, worker or not, admin or not."""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from bot.domain.errors import Refused
from storage import events as event_store
from storage import school as school_store
from storage import users as user_store
from storage.db import Database

MAX_WORKER_NAME = 32
K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class Actor:
    """The person behind an update, with the rights they hold right now."""

    user_id: int
    name: str
    is_admin: bool
    is_worker: bool
    language_code: str | None = None
    is_system: bool = False
    # Categories whose post this person is on duty for right now: they may dispatch those.
    dispatches: frozenset[str] = frozenset()


SYSTEM = Actor(user_id=0, name="system", is_admin=False, is_worker=False, is_system=True)


@dataclass(frozen=True)
class Profile:
    """What the chat tells us about a user on each update."""

    user_id: int
    name: str
    username: str | None
    language_code: str | None


class Bounded(OrderedDict[K, V]):
    """A dict that forgets its least recently used entries past `size` (caches per user)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get(self, key: K, default: Any = None) -> Any:  # type: ignore[override]
        if key in self:
            self.move_to_end(key)
            return self[key]
        return default

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


CACHED_USERS = 5000  # a school is ~100 staff; a district's bot a few thousand


class UserDirectory:
    """Remembers users and answers who may do what; admins come from the settings."""

    def __init__(self, db: Database, admin_ids: frozenset[int]) -> None:
        self._db = db
        self._admin_ids = admin_ids
        # This class is the only writer of users, so it can keep what it read or wrote:
        # saves a database round trip on nearly every update.
        self._seen: Bounded[int, Profile] = Bounded(CACHED_USERS)
        self._rows: Bounded[int, user_store.UserRow | None] = Bounded(CACHED_USERS)

    async def remember(self, profile: Profile, *, now: datetime) -> None:
        """Store the user's name and language if they are new or changed."""
        if self._seen.get(profile.user_id) == profile:
            return
        row = await self._row(profile.user_id)
        if row is not None and (row.name, row.username, row.language_code) == (
            profile.name,
            profile.username,
            profile.language_code or row.language_code,
        ):
            self._seen[profile.user_id] = profile  # known as they are: nothing to write
            return

        def store(conn: sqlite3.Connection) -> user_store.UserRow | None:
            user_store.upsert_profile(
                conn,
                user_id=profile.user_id,
                name=profile.name,
                username=profile.username,
                language_code=profile.language_code,
                now=now,
            )
            return user_store.get_user(conn, profile.user_id)

        self._rows[profile.user_id] = await self._db.write(store)
        self._seen[profile.user_id] = profile

    def forget(self) -> None:
        """Drop what was kept of users (their roles may have changed elsewhere)."""
        self._rows.clear()

    async def _row(self, user_id: int) -> user_store.UserRow | None:
        if user_id not in self._rows:
            self._rows[user_id] = await self._db.read(user_store.get_user, user_id)
        return self._rows.get(user_id)

    async def actor(self, user_id: int) -> Actor:
        """Return the actor for a user id (unknown users are plain reporters)."""
        row = await self._row(user_id)
        return Actor(
            user_id=user_id,
            name=row.display_name if row else str(user_id),
            is_admin=user_id in self._admin_ids,
            is_worker=bool(row and row.is_worker),
            language_code=row.language_code if row else None,
        )

    async def language_code(self, user_id: int) -> str | None:
        """Return the language code the user's client last reported."""
        row = await self._row(user_id)
        return row.language_code if row else None

    async def set_worker(
        self,
        *,
        actor: Actor,
        target_id: int,
        worker_name: str | None,
        is_worker: bool,
        now: datetime,
    ) -> user_store.UserRow:
        """Make `target_id` a worker (admins only) or remove them; one event either way."""
        if not actor.is_admin:
            raise Refused("only_admin")
        if worker_name is not None:
            worker_name = " ".join(worker_name.split())
            if len(worker_name) > MAX_WORKER_NAME:
                raise Refused("name_too_long", limit=MAX_WORKER_NAME)

        def change(conn: sqlite3.Connection) -> user_store.UserRow:
            current = user_store.get_user(conn, target_id)
            if not is_worker and not (current and current.is_worker):
                raise Refused("not_a_worker", user=current.display_name if current else target_id)
            user_store.set_worker(
                conn, user_id=target_id, is_worker=is_worker, worker_name=worker_name, now=now
            )
            school_store.bump_revision(conn)  # the staff list is part of the set-up
            event_store.add_event(
                conn,
                at=now,
                actor_id=actor.user_id,
                action="add_worker" if is_worker else "remove_worker",
                subject_user_id=target_id,
                note=worker_name,
            )
            updated = user_store.get_user(conn, target_id)
            assert updated is not None
            return updated

        self._rows.pop(target_id, None)
        updated = await self._db.write(change)
        self._rows[target_id] = updated
        return updated

    async def workers(self) -> list[user_store.UserRow]:
        """Return the current workers."""
        return await self._db.read(user_store.list_workers)
