"""The minutely sweep as a service: close what is confirmed by default, hand each person their
due reminders, record what went out. How a reminder reaches a person is the front end's
business (a `Courier`); the domain only says what is due and for whom.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from typing import Protocol

from bot.domain.errors import Refused
from bot.domain.model import Action, Ticket
from bot.domain.reminders import Item, Reminders
from bot.domain.school import School
from bot.domain.tickets import Tickets
from bot.domain.users import SYSTEM, UserDirectory
from storage.db import Database

log = logging.getLogger(__name__)


class Delivery(Enum):
    """How a person's reminders went: received, reached another way, or not at all."""

    SENT = "sent"
    MENTIONED = "mentioned"  # unreachable in private: named in the group instead
    FAILED = "failed"  # tried again by the next sweep


class Courier(Protocol):
    """What the sweep needs from a chat front end."""

    async def ticket_changed(self, ticket: Ticket) -> None:
        """Show a ticket's new state wherever it is displayed (its card)."""

    async def remind(self, user_id: int, items: list[Item]) -> Delivery:
        """Deliver one person's reminders as one message."""

    async def post_summary(self, items: list[Item]) -> bool:
        """Post the day's summary to the workers' chat; False if it did not go out."""


@dataclass
class SweepResult:
    """What one sweep did (logged, and returned for tests and the benchmark)."""

    messages: int = 0
    reminders: int = 0
    failed: int = 0
    mentioned: int = 0
    closed: int = 0
    deferred: int = 0
    tickets_read: int = 0


class Sweeper:
    """Runs the sweep: every minute on the job queue, and by the console after moving time."""

    def __init__(
        self,
        *,
        db: Database,
        school: School,
        users: UserDirectory,
        tickets: Tickets,
        reminders: Reminders,
        clock: Callable[[], datetime],
        summary_to_chat: bool,
    ) -> None:
        self._db = db
        self._school = school
        self._users = users
        self._tickets = tickets
        self._reminders = reminders
        self._clock = clock
        self._summary_to_chat = summary_to_chat

    async def run(self, courier: Courier, now: datetime | None = None) -> SweepResult:
        """Send everything due now through `courier`; record each reminder once it went out."""
        now = now or self._clock()
        if await self._school.refresh():  # changed by another process: roles may differ too
            self._users.forget()
        plan = await self._reminders.plan(now, summary_to_chat=self._summary_to_chat)
        result = SweepResult(deferred=plan.deferred, tickets_read=plan.tickets_read)
        for due in plan.auto_confirm:
            try:
                outcome = await self._tickets.act(
                    Action.AUTO_CONFIRM, actor=SYSTEM, ticket_id=due.ticket_id, now=now
                )
            except Refused as refused:  # confirmed or reopened a moment ago: nothing to close
                log.info("ticket %s not closed by default: %s", due.ticket_id, refused.key)
                ticket = await self._tickets.get(due.ticket_id)
                await self._reminders.record([due.key], [ticket], now)
                continue
            await courier.ticket_changed(outcome.ticket)
            await self._reminders.record([due.key], [outcome.ticket], now)
            result.closed += 1
        for user_id, items in plan.to_people.items():
            items = await self._with_histories(items)
            await self._deliver(courier.remind(user_id, items), items, now, result)
        if plan.to_chat and await courier.post_summary(plan.to_chat):
            await self._reminders.record([i.key for i in plan.to_chat], [], now)
            result.messages += 1
        if result.messages or result.failed or result.closed:
            log.info("sweep: %s", result)
        await self._db.checkpoint()  # off every handler's path; see storage/db.py
        return result

    async def _with_histories(self, items: list[Item]) -> list[Item]:
        """Give each escalation the ticket's whole story: the head reads what happened."""
        enriched = []
        for item in items:
            if item.ticket is not None and item.kind.startswith("escalate"):
                history = tuple(await self._tickets.history(item.ticket.id))
                item = replace(item, history=history)
            enriched.append(item)
        return enriched

    async def _deliver(
        self,
        sending: Awaitable[Delivery],
        items: list[Item],
        now: datetime,
        result: SweepResult,
    ) -> None:
        delivery = await sending
        if delivery is Delivery.FAILED:
            result.failed += 1
            return
        if delivery is Delivery.MENTIONED:
            result.mentioned += 1
        tickets = [item.ticket for item in items if item.ticket is not None]
        await self._reminders.record([item.key for item in items], tickets, now)
        result.messages += 1
        result.reminders += len(items)
