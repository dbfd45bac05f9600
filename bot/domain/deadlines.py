"""Time limits on tickets (时限): claim-by and fix-by, and what falls due when.

Everything here is a pure function of the ticket, the school's set-up and a moment, so the
sweep, the ticket card and the tests all agree on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from bot.domain.model import Status, Ticket, Urgency
from bot.domain.setup import Setup
from bot.domain.workcal import deadline, wall_duration


@dataclass(frozen=True)
class Limits:
    """A ticket's two deadlines."""

    claim_by: datetime
    fix_by: datetime


def limits_for(
    setup: Setup, *, category: str, urgency: str, start: datetime, tz: tzinfo
) -> Limits:
    """Return the claim-by and fix-by of a ticket reported at `start`."""
    limit = setup.limits(category, urgency)
    urgent = urgency == Urgency.URGENT
    return Limits(
        claim_by=deadline(setup, start, limit.claim, urgent=urgent, tz=tz),
        fix_by=deadline(setup, start, limit.fix, urgent=urgent, tz=tz),
    )


def fix_by_from(setup: Setup, ticket: Ticket, start: datetime, tz: tzinfo) -> datetime:
    """Return a fresh fix-by counted from `start` (a ticket sent back as not fixed)."""
    limit = setup.limits(ticket.category, ticket.urgency)
    return deadline(setup, start, limit.fix, urgent=ticket.urgent, tz=tz)


ROUNDS = 12  # the reminder, the escalation, then ten more to the head: about a week


@dataclass(frozen=True)
class Due:
    """One thing the sweep must do for a ticket at a moment."""

    ticket_id: int
    kind: str  # claim | fix | feedback | auto_confirm
    level: int  # 1: the person responsible; 2 and on: the head, round after round
    at: datetime
    urgent: bool
    round: int  # the ticket's reopen count: a reopened ticket is reminded afresh

    @property
    def key(self) -> str:
        """The unique key this reminder is recorded under once sent."""
        return f"t{self.ticket_id}:{self.kind}{self.level}:r{self.round}"


def stages(ticket: Ticket, setup: Setup, tz: tzinfo) -> list[Due]:
    """Return everything that will fall due for a ticket in its current state."""
    return list(iter_stages(ticket, setup, tz))


def iter_stages(ticket: Ticket, setup: Setup, tz: tzinfo) -> Iterator[Due]:
    """Yield what will fall due for a ticket, earliest first, each moment computed only when
    asked for: the sweep stops at the first one still in the future (working-time arithmetic
    is the sweep's main cost)."""
    urgent = ticket.urgent
    escalate = setup.reminders.escalate_after

    def due(kind: str, level: int, at: datetime) -> Due:
        return Due(ticket.id, kind, level, at, urgent, ticket.reopen_count)

    def later(moment: datetime, limit: str) -> datetime:
        return deadline(setup, moment, limit, urgent=urgent, tz=tz)

    def rounds(kind: str, first: datetime) -> Iterator[Due]:
        """The reminder at the deadline, the head told `escalate_after` later, and told again
        every `repeat_every` until someone acts (each round its own key)."""
        moment = first
        for level in range(1, ROUNDS + 1):
            yield due(kind, level, moment)
            moment = later(moment, escalate if level == 1 else setup.reminders.repeat_every)

    if ticket.status is Status.OPEN and ticket.claim_by is not None:
        yield from rounds("claim", ticket.claim_by)
    elif ticket.status is Status.CLAIMED and ticket.fix_by is not None:
        yield from rounds("fix", ticket.fix_by)
    elif ticket.status is Status.DONE and ticket.done_at is not None:
        reminders = setup.reminders
        yield from sorted(
            (
                due("feedback", 1, ticket.done_at + wall_duration(reminders.ask_feedback_after)),
                due(
                    "auto_confirm",
                    1,
                    ticket.done_at + wall_duration(reminders.auto_confirm_after),
                ),
            ),
            key=lambda d: d.at,
        )


def stage_keys(ticket: Ticket) -> list[str]:
    """Return the keys of everything that may fall due for a ticket in its current state
    (the same as `stages`' keys, without computing a moment)."""
    if ticket.status is Status.OPEN and ticket.claim_by is not None:
        kinds = [("claim", level) for level in range(1, ROUNDS + 1)]
    elif ticket.status is Status.CLAIMED and ticket.fix_by is not None:
        kinds = [("fix", level) for level in range(1, ROUNDS + 1)]
    elif ticket.status is Status.DONE and ticket.done_at is not None:
        kinds = [("feedback", 1), ("auto_confirm", 1)]
    else:
        kinds = []
    return [f"t{ticket.id}:{kind}{level}:r{ticket.reopen_count}" for kind, level in kinds]


def due_by(ticket: Ticket, now: datetime, setup: Setup, tz: tzinfo) -> list[Due]:
    """Return what has fallen due for a ticket by `now`."""
    found = []
    for stage in iter_stages(ticket, setup, tz):
        if stage.at > now:
            break
        found.append(stage)
    return found


def next_due(ticket: Ticket, sent: set[str], setup: Setup, tz: tzinfo) -> datetime | None:
    """Return when the sweep next has something to do for the ticket (None: nothing): the
    earliest stage not yet sent."""
    return next((d.at for d in iter_stages(ticket, setup, tz) if d.key not in sent), None)


def time_left(moment: datetime, now: datetime) -> timedelta:
    """Return how long until `moment` (negative when it has passed)."""
    return moment - now
