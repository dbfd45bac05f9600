"""The written rules (规章制度) found in seconds, and responsibility letters (责任状) signed.

Chinese has no spaces between words: a search matches substrings and ranks paragraphs by how
often the words occur. A rule's versions are all kept; loading a new version is announced once.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.errors import Refused
from bot.domain.model import RuleDoc, SetupChange, Signature
from bot.domain.setup import Post, Setup
from bot.domain.text import plain
from bot.domain.users import Actor
from storage import events as event_store
from storage import outbox as outbox_store
from storage import rules as rule_store
from storage.db import Database

MAX_HITS = 5


@dataclass(frozen=True)
class Hit:
    rule: RuleDoc
    paragraph: str
    score: int


def search(docs: list[RuleDoc], query: str) -> list[Hit]:
    """Return the paragraphs mentioning the query's words (substrings, any case), most hits
    first, then in the rules' order."""
    words = [w for w in plain(query).lower().split() if w]
    if not words:
        return []
    hits = []
    for doc in docs:
        for paragraph in doc.paragraphs():
            text = paragraph.lower()
            if all(word in text for word in words):
                hits.append(Hit(doc, paragraph, sum(text.count(word) for word in words)))
    return sorted(hits, key=lambda hit: -hit.score)[:MAX_HITS]


def rules_named(docs: list[RuleDoc], text: str) -> list[RuleDoc]:
    """Return the rules a text names (a post's standard citing 《财产管理暨公物损坏赔偿制度》)."""
    return [doc for doc in docs if doc.title in text]


def standard_hash(post: Post) -> str:
    """Return what a signature commits to: the post's standard, responsibilities and limits."""
    limits = sorted((u, t.claim, t.fix) for u, t in post.time_limits.items())
    text = "\n".join([post.standard, *post.responsibilities, repr(limits)])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def letters(
    setup: Setup, signed: list[Signature]
) -> dict[str, tuple[list[tuple[int, datetime]], list[int]]]:
    """Return per post: who signed its current standard (and when), and who has not."""
    found = {}
    for post in setup.posts:
        current = standard_hash(post)
        done = {
            s.user_id: s.at for s in signed if s.post_key == post.key and s.standard == current
        }
        holders = [member.user_id for member in setup.holders(post.key)]
        found[post.key] = (
            [(user, done[user]) for user in holders if user in done],
            [user for user in holders if user not in done],
        )
    return found


class Rules:
    """Loads rule versions (announcing new ones), finds paragraphs, records signatures."""

    def __init__(self, db: Database, setup: Callable[[], Setup]) -> None:
        self._db = db
        self._setup = setup

    async def load(
        self,
        docs: list[RuleDoc],
        now: datetime,
        *,
        announce: Callable[[RuleDoc, bool], tuple[int, dict[str, Any]] | None] = lambda d, n: None,
    ) -> list[RuleDoc]:
        """Store the versions not stored yet, one transaction; each new one is announced once
        (`announce` renders the line and names the chat). A version whose text changed under
        the same number is refused: old versions stay as they were read."""

        def store(conn: sqlite3.Connection) -> list[RuleDoc]:
            added = []
            for doc in docs:
                known = rule_store.version(conn, doc.key, doc.version)
                if known is not None:
                    if known.body != doc.body or known.title != doc.title:
                        raise Refused("rule_version_reused", rule=doc.key, version=doc.version)
                    continue
                first = not rule_store.versions(conn, doc.key)
                rule_store.add(conn, doc, now)
                event_store.add_event(
                    conn, at=now, actor_id=None, action=SetupChange.RULE,
                    note=f"{doc.title} {doc.version}",
                )  # fmt: skip
                owed = announce(doc, first)
                if owed is not None:
                    chat_id, payload = owed
                    outbox_store.owe(
                        conn, outbox_store.MESSAGE, chat_id=chat_id, payload=payload, now=now
                    )
                added.append(doc)
            return added

        return await self._db.write(store)

    async def current(self) -> list[RuleDoc]:
        return await self._db.read(rule_store.current)

    async def version(self, key: str, wanted: str | None) -> tuple[RuleDoc, list[str]]:
        """Return one version of a rule (the latest by default) and all its versions."""

        def read(conn: sqlite3.Connection) -> tuple[RuleDoc | None, list[str]]:
            versions = rule_store.versions(conn, key)
            chosen = wanted or (versions[-1] if versions else None)
            return (rule_store.version(conn, key, chosen) if chosen else None), versions

        doc, versions = await self._db.read(read)
        if doc is None:
            raise Refused("no_such_rule", value=f"{key} {wanted or ''}".strip()[:40])
        return doc, versions

    async def sign(self, actor: Actor, post: Post, now: datetime) -> bool:
        """A holder signs the post's current standard (定责); False if signed already."""
        from storage import events as event_store

        setup = self._setup()
        if actor.user_id not in [m.user_id for m in setup.holders(post.key)]:
            raise Refused("letter_not_holder", post=post.name)

        def store(conn: sqlite3.Connection) -> bool:
            signed = rule_store.sign(conn, post.key, actor.user_id, standard_hash(post), now)
            if signed:
                event_store.add_event(
                    conn, at=now, actor_id=actor.user_id, action=SetupChange.SIGN_LETTER,
                    note=post.name,
                )  # fmt: skip
            return signed

        return await self._db.write(store)

    async def signatures(self) -> list[Signature]:
        return await self._db.read(rule_store.signatures)
