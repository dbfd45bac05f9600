"""Damage settled fairly (公物损坏赔偿): a repair's cause, the amount the school's rule gives,
the head's decision, the class teacher told in private, a ledger per class.

Nothing here ever holds up a repair: the cause is recorded when the ticket is done, or later.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.domain.errors import Refused
from bot.domain.model import Damage, Field, SetupChange, Status
from bot.domain.setup import CAUSES, Setup
from bot.domain.text import clean_text
from bot.domain.users import Actor
from storage import damage as damage_store
from storage import events as event_store
from storage import tickets as ticket_store
from storage.db import Database
from storage.events import Changed

ANSWERABLE = ("by_person", "deliberate")  # causes with someone to answer for them
MAX_AMOUNT = 100_000
AMOUNT = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,2})?")


def read_amount(text: str) -> float:
    """Read an amount in yuan: positive, at most two decimals, or refuse."""
    words = text.strip().removesuffix("元")
    if not AMOUNT.fullmatch(words) or not 0 < float(words) <= MAX_AMOUNT:
        raise Refused("bad_amount", value=text[:20])
    return float(words)


def proposal(
    setup: Setup, cause: str, item: str | None, quantity: float, cost: float | None
) -> float:
    """Return what the rule gives for a cause: nothing, the cost, twice the cost, or the cost
    charged to the class; the cost from the price list (× quantity) or the worker's figure."""
    how = setup.damage.settle.get(cause, "none")
    if how == "none" or cause not in ANSWERABLE:
        return 0.0
    priced = setup.damage.price(item) if item else None
    base = priced.price * quantity if priced else (cost or 0.0)
    return round(base * (2 if how == "double" else 1), 2)


@dataclass(frozen=True)
class Ledger:
    """One class's damage in a period."""

    class_name: str
    count: int = 0
    proposed: float = 0.0
    confirmed: float = 0.0
    paid: float = 0.0
    waived: int = 0


def ledger(items: list[Damage]) -> list[Ledger]:
    """Return per class: how many, the amounts proposed, confirmed and paid, how many waived."""
    found: dict[str, dict] = {}
    for damage in items:
        if not damage.class_name:
            continue
        line = found.setdefault(
            damage.class_name,
            {"count": 0, "proposed": 0.0, "confirmed": 0.0, "paid": 0.0, "waived": 0},
        )
        line["count"] += 1
        line["proposed"] += damage.proposed or 0
        if damage.status in ("confirmed", "paid"):
            line["confirmed"] += damage.amount or 0
        if damage.status == "paid":
            line["paid"] += damage.amount or 0
        if damage.status == "waived":
            line["waived"] += 1
    return [Ledger(name, **figures) for name, figures in sorted(found.items())]


class Damages:
    """Records causes and settlements, one transaction and one event each."""

    def __init__(self, db: Database, setup: Callable[[], Setup]) -> None:
        self._db = db
        self._setup = setup

    async def mark(
        self,
        actor: Actor,
        ticket_id: int,
        *,
        cause: str,
        now: datetime,
        class_name: str | None = None,
        person: str | None = None,
        item: str | None = None,
        quantity: float = 1.0,
        cost: float | None = None,
    ) -> Damage:
        """The worker who fixed it, or the head, records why it broke (and who answers for it);
        the rule's amount is proposed for the head to confirm."""
        setup = self._setup()
        if cause not in CAUSES:
            raise Refused("button_invalid")
        if class_name is not None and setup.damage.school_class(class_name) is None:
            names = "、".join(c.name for c in setup.damage.classes) or "—"
            raise Refused("unknown_class", value=class_name[:20], known=names)
        if class_name is not None:
            class_name = setup.damage.school_class(class_name).name  # type: ignore[union-attr]
        if item is not None and setup.damage.price(item) is None:
            names = "、".join(p.item for p in setup.damage.prices) or "—"
            raise Refused("unknown_item", value=item[:20], known=names)
        if not 0 < quantity <= 1000:
            raise Refused("bad_amount", value=f"{quantity:g}")
        person = clean_text(person)[:20] or None if person else None
        amount = proposal(setup, cause, item, quantity, cost)
        answerable = cause in ANSWERABLE and (class_name or person)
        damage = Damage(
            ticket_id=ticket_id, cause=cause, class_name=class_name if answerable else None,
            person=person if answerable else None, item=item, quantity=quantity,
            proposed=amount, status="proposed" if answerable and amount > 0 else "none",
        )  # fmt: skip

        def store(conn: sqlite3.Connection) -> Damage:
            ticket = ticket_store.get_ticket(conn, ticket_id)
            if ticket is None:
                raise Refused("no_such_ticket", id=ticket_id)
            if ticket.status not in (Status.DONE, Status.CLOSED):
                raise Refused("damage_not_done", id=ticket_id)
            if not (actor.is_admin or actor.user_id == ticket.assignee_id):
                raise Refused(
                    "damage_not_yours", id=ticket_id, assignee=ticket.assignee_name or ""
                )
            known = damage_store.get(conn, ticket_id)
            if known is not None and known.status in ("paid", "waived") and not actor.is_admin:
                raise Refused("damage_settled", id=ticket_id)
            damage_store.put(conn, damage, actor.user_id, now)
            who = damage.class_name or damage.person or ""
            event_store.add_event(
                conn, at=now, actor_id=actor.user_id, action=SetupChange.DAMAGE_CAUSE,
                ticket_id=ticket_id, note=f"{who} {amount:g}".strip() if amount else who or None,
                changed=Changed(Field.CAUSE, known.cause if known else "", cause),
            )  # fmt: skip
            stored = damage_store.get(conn, ticket_id)
            assert stored is not None
            return stored

        return await self._db.write(store)

    async def settle(
        self, actor: Actor, ticket_id: int, *, verdict: str, now: datetime,
        amount: float | None = None, reason: str | None = None,
    ) -> Damage:  # fmt: skip
        """The head confirms the proposal (or another amount, with a reason), marks it paid,
        or waives it (with a reason)."""
        if not actor.is_admin:
            raise Refused("only_admin")
        reason = clean_text(reason)[:100] or None if reason else None

        def store(conn: sqlite3.Connection) -> Damage:
            damage = damage_store.get(conn, ticket_id)
            if damage is None or damage.status == "none":
                raise Refused("no_damage", id=ticket_id)
            if verdict == "confirm":
                chosen = damage.proposed if amount is None else amount
                if amount is not None and amount != damage.proposed and not reason:
                    raise Refused("damage_reason_needed", id=ticket_id)
                status = "confirmed"
            elif verdict == "paid":
                if damage.status != "confirmed":
                    raise Refused("damage_not_confirmed", id=ticket_id)
                chosen, status = damage.amount, "paid"
            elif verdict == "waive":
                if not reason:
                    raise Refused("damage_reason_needed", id=ticket_id)
                chosen, status = None, "waived"
            else:
                raise Refused("button_invalid")
            if damage.status in ("paid", "waived"):
                raise Refused("damage_settled", id=ticket_id)
            damage_store.settle(
                conn,
                ticket_id,
                status=status,
                amount=chosen,
                reason=reason,
                by=actor.user_id,
                now=now,
            )
            event_store.add_event(
                conn, at=now, actor_id=actor.user_id, action=SetupChange.DAMAGE_SETTLE,
                ticket_id=ticket_id, note=f"{chosen or 0:g} {reason or ''}".strip(),
                changed=Changed(Field.SETTLEMENT, damage.status, status),
            )  # fmt: skip
            stored = damage_store.get(conn, ticket_id)
            assert stored is not None
            return stored

        return await self._db.write(store)

    async def get(self, ticket_id: int) -> Damage | None:
        return await self._db.read(damage_store.get, ticket_id)

    async def between(self, start: datetime, end: datetime) -> list[Damage]:
        return await self._db.read(damage_store.between, start, end)
