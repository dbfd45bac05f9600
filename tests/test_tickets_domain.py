"""The transition table and the one write path, without Telegram."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.errors import Refused
from bot.domain.model import Action, Status, Urgency
from bot.domain.setup import Setup
from bot.domain.tickets import TRANSITIONS, Given, Role, Tickets
from bot.domain.users import Actor, Profile, UserDirectory
from storage.db import Database

NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
TEACHER = Actor(user_id=1, name="李老师", is_admin=False, is_worker=False)
WORKER_A = Actor(user_id=2, name="张师傅", is_admin=False, is_worker=True)
WORKER_B = Actor(user_id=3, name="刘师傅", is_admin=False, is_worker=True)
HEAD = Actor(user_id=4, name="王主任", is_admin=True, is_worker=False)


@pytest.fixture
async def tickets(db_path: Path) -> AsyncIterator[Tickets]:
    db = await Database.open(db_path)
    users = UserDirectory(db, frozenset({HEAD.user_id}))
    for actor in (TEACHER, WORKER_A, WORKER_B, HEAD):
        await users.remember(Profile(actor.user_id, actor.name, None, "zh"), now=NOW)
    yield Tickets(db, Setup, ZoneInfo("Asia/Shanghai"))
    await db.close()


async def new_ticket(tickets: Tickets) -> int:
    outcome = await tickets.report(
        actor=TEACHER,
        description="灯不亮",
        location="302",
        category="electrical",
        urgency=Urgency.NORMAL,
        now=NOW,
    )
    return outcome.ticket.id


def test_every_status_but_the_end_ones_can_be_left() -> None:
    reachable = {s for rule in TRANSITIONS.values() for s in rule.sources}
    assert reachable == {Status.OPEN, Status.CLAIMED, Status.ON_HOLD, Status.DONE, Status.CLOSED}
    assert all(rule.roles for rule in TRANSITIONS.values())
    assert TRANSITIONS[Action.RATE].roles == {Role.REPORTER}


async def test_two_workers_claim_at_once_exactly_one_wins(tickets: Tickets) -> None:
    ticket_id = await new_ticket(tickets)
    results = await asyncio.gather(
        tickets.act(Action.CLAIM, actor=WORKER_A, ticket_id=ticket_id, now=NOW, version=1),
        tickets.act(Action.CLAIM, actor=WORKER_B, ticket_id=ticket_id, now=NOW, version=1),
        return_exceptions=True,
    )
    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, Refused)]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].key == "already_claimed"
    assert losers[0].params["assignee"] == winners[0].ticket.assignee_name
    history = await tickets.history(ticket_id)
    assert [e.action for e in history] == ["report", "claim"]


async def test_many_simultaneous_claims_one_winner(tickets: Tickets) -> None:
    ticket_id = await new_ticket(tickets)
    workers = [WORKER_A, WORKER_B, HEAD] * 5
    results = await asyncio.gather(
        *(tickets.act(Action.CLAIM, actor=w, ticket_id=ticket_id, now=NOW) for w in workers),
        return_exceptions=True,
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(r.key == "already_claimed" for r in results if isinstance(r, Refused))


async def test_on_hold_and_back_keeps_the_worker(tickets: Tickets) -> None:
    ticket_id = await new_ticket(tickets)
    await tickets.act(Action.CLAIM, actor=WORKER_A, ticket_id=ticket_id, now=NOW)
    held = await tickets.act(
        Action.HOLD, actor=WORKER_A, ticket_id=ticket_id, now=NOW, given=Given(note="等配件")
    )
    assert held.ticket.status == Status.ON_HOLD and held.ticket.last_note == "等配件"
    back = await tickets.act(Action.RESUME, actor=HEAD, ticket_id=ticket_id, now=NOW)
    assert back.ticket.status == Status.CLAIMED and back.ticket.assignee_id == WORKER_A.user_id


async def test_closed_and_cancelled_are_final(tickets: Tickets) -> None:
    ticket_id = await new_ticket(tickets)
    await tickets.act(Action.CANCEL, actor=TEACHER, ticket_id=ticket_id, now=NOW)
    for action in (Action.CLAIM, Action.DONE, Action.CONFIRM, Action.CANCEL):
        with pytest.raises(Refused):
            await tickets.act(action, actor=HEAD, ticket_id=ticket_id, now=NOW)
    assert [e.action for e in await tickets.history(ticket_id)] == ["report", "cancel"]


async def test_text_is_cleaned_and_limits_hold(tickets: Tickets) -> None:
    outcome = await tickets.report(
        actor=TEACHER,
        description="  灯   不亮 \n\n  很暗  ",
        location=" 302 ",
        category="other",
        urgency=Urgency.NORMAL,
        now=NOW,
    )
    assert outcome.ticket.description == "灯 不亮\n\n很暗"
    assert outcome.ticket.location == "302"
    with pytest.raises(Refused) as refused:
        await tickets.report(
            actor=TEACHER,
            description="   ",
            location=None,
            category="other",
            urgency=Urgency.NORMAL,
            now=NOW,
        )
    assert refused.value.key == "report_empty"
