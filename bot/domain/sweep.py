"""The minutely sweep as a service: close what is confirmed by default, hand each person their
due reminders as one message, record them. How a reminder reads is the front end's business
(a `Courier` renders it); the domain says what is due and for whom, and commits each
person's message to the outbox together with the record that it is sent — so a reminder is
sent once, by the outbox's sender, whatever happens to the process in between.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from bot.domain.errors import Refused
from bot.domain.model import Action
from bot.domain.planned import PlannedWork
from bot.domain.reminders import Item, Reminders
from bot.domain.school import School
from bot.domain.tickets import Tickets
from bot.domain.users import SYSTEM, UserDirectory
from storage.db import Database

log = logging.getLogger(__name__)


class Courier(Protocol):
    """What the sweep needs from a chat front end: reminders rendered as messages."""

    async def reminder(self, user_id: int, items: list[Item]) -> dict[str, Any]:
        """Render one person's reminders as one private message (a payload for the outbox)."""

    async def summary(self, items: list[Item]) -> tuple[int, dict[str, Any]] | None:
        """Render the day's summary for the workers' chat: (chat, payload), or None."""

    async def announcement(self, items: list[Item]) -> tuple[int, dict[str, Any]] | None:
        """Render a notice for the school group (the week's meetings): (chat, payload)."""


@dataclass
class SweepResult:
    """What one sweep did (logged, and returned for tests and the benchmark)."""

    messages: int = 0
    reminders: int = 0
    closed: int = 0
    deferred: int = 0
    tickets_read: int = 0
    planned: int = 0  # planned tasks made


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
        planned: PlannedWork,
        clock: Callable[[], datetime],
        summary_to_chat: bool,
    ) -> None:
        self._db = db
        self._school = school
        self._users = users
        self._tickets = tickets
        self._reminders = reminders
        self._planned = planned
        self._clock = clock
        self._summary_to_chat = summary_to_chat

    async def run(self, courier: Courier, now: datetime | None = None) -> SweepResult:
        """Owe everything due now, rendered by `courier`, recording each reminder with it."""
        now = now or self._clock()
        if await self._school.refresh():  # changed by another process: roles may differ too
            self._users.forget()
        made = await self._planned.make_due(now)
        plan = await self._reminders.plan(now, summary_to_chat=self._summary_to_chat)
        result = SweepResult(
            deferred=plan.deferred, tickets_read=plan.tickets_read, planned=len(made)
        )
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
            await self._reminders.record([due.key], [outcome.ticket], now)
            result.closed += 1
        for user_id, items in plan.to_people.items():
            items = await self._with_histories(items)
            payload = await courier.reminder(user_id, items)
            tickets = [item.ticket for item in items if item.ticket is not None]
            keys = [item.key for item in items]
            await self._reminders.record(keys, tickets, now, owed=[(user_id, payload)])
            result.messages += 1
            result.reminders += len(items)
        if plan.silent:
            await self._reminders.record(plan.silent, [], now)
        if plan.to_group:
            notice = await courier.announcement(plan.to_group)
            owed = [notice] if notice is not None else []
            await self._reminders.record([i.key for i in plan.to_group], [], now, owed=owed)
            result.messages += len(owed)
        if plan.to_chat:
            summary = await courier.summary(plan.to_chat)
            owed = [summary] if summary is not None else []
            await self._reminders.record([i.key for i in plan.to_chat], [], now, owed=owed)
            result.messages += len(owed)
        if result.messages or result.closed or result.planned:
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
