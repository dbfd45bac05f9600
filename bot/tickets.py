"""Repair tickets: the one transition table and the one write path every caller goes through."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum

from bot.deadlines import fix_by_from, limits_for, next_due, stages
from bot.errors import Refused
from bot.setup import Setup
from bot.users import Actor
from bot.workcal import shift_for_pause
from storage import events as event_store
from storage import reminders as reminder_store
from storage import tickets as ticket_store
from storage.db import Database
from storage.events import EventRow
from storage.tickets import TicketRow

MAX_REPORT_CHARS = 1000
MAX_NOTE_CHARS = 500
MAX_LOCATION_CHARS = 60


class Status(StrEnum):
    OPEN = "open"  # reported, nobody has it yet
    CLAIMED = "claimed"  # a worker is on it
    ON_HOLD = "on_hold"  # waiting for parts or access
    DONE = "done"  # the worker says it is fixed; the reporter has to confirm
    CLOSED = "closed"  # confirmed fixed
    CANCELLED = "cancelled"


ACTIVE = (Status.OPEN, Status.CLAIMED, Status.ON_HOLD, Status.DONE)


class Action(StrEnum):
    REPORT = "report"
    CLAIM = "claim"
    DONE = "done"
    HOLD = "hold"
    RESUME = "resume"
    CONFIRM = "confirm"
    REOPEN = "reopen"
    CANCEL = "cancel"
    RATE = "rate"
    RECATEGORIZE = "recategorize"
    SET_URGENCY = "set_urgency"
    AUTO_CONFIRM = "auto_confirm"  # the scheduler closes a fix nobody confirmed in time


class Role(StrEnum):
    REPORTER = "reporter"
    ASSIGNEE = "assignee"
    WORKER = "worker"
    ADMIN = "admin"
    SYSTEM = "system"  # the scheduler


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


@dataclass(frozen=True)
class Transition:
    """Which statuses an action may start from, where it leads, and who may take it."""

    sources: frozenset[Status]
    target: Status | None  # None: the status stays (a rating)
    roles: frozenset[Role]
    needs_note: bool = False


def _t(
    sources: Sequence[Status],
    target: Status | None,
    roles: Sequence[Role],
    needs_note: bool = False,
) -> Transition:
    return Transition(frozenset(sources), target, frozenset(roles), needs_note)


TRANSITIONS: dict[Action, Transition] = {
    Action.CLAIM: _t([Status.OPEN], Status.CLAIMED, [Role.WORKER, Role.ADMIN]),
    Action.DONE: _t([Status.CLAIMED], Status.DONE, [Role.ASSIGNEE, Role.ADMIN]),
    Action.HOLD: _t([Status.CLAIMED], Status.ON_HOLD, [Role.ASSIGNEE, Role.ADMIN], True),
    Action.RESUME: _t([Status.ON_HOLD], Status.CLAIMED, [Role.ASSIGNEE, Role.ADMIN]),
    Action.CONFIRM: _t([Status.DONE], Status.CLOSED, [Role.REPORTER, Role.ADMIN]),
    Action.REOPEN: _t([Status.DONE], Status.CLAIMED, [Role.REPORTER, Role.ADMIN], True),
    Action.CANCEL: _t(
        [Status.OPEN, Status.CLAIMED, Status.ON_HOLD],
        Status.CANCELLED,
        [Role.REPORTER, Role.ADMIN],
    ),
    Action.RATE: _t([Status.CLOSED], None, [Role.REPORTER]),
    Action.AUTO_CONFIRM: _t([Status.DONE], Status.CLOSED, [Role.SYSTEM]),
    Action.SET_URGENCY: _t(
        [Status.OPEN, Status.CLAIMED, Status.ON_HOLD],
        None,
        [Role.REPORTER, Role.WORKER, Role.ADMIN],
    ),
    Action.RECATEGORIZE: _t(
        [Status.OPEN, Status.CLAIMED, Status.ON_HOLD],
        None,
        [Role.REPORTER, Role.WORKER, Role.ADMIN],
    ),
}


@dataclass(frozen=True)
class Outcome:
    """A ticket after an action, and whether this call changed it."""

    ticket: TicketRow
    changed: bool = True


def roles_of(actor: Actor, ticket: TicketRow) -> set[Role]:
    """Return the roles `actor` holds towards `ticket`."""
    roles = set()
    if ticket.reporter_id == actor.user_id:
        roles.add(Role.REPORTER)
    if ticket.assignee_id == actor.user_id:
        roles.add(Role.ASSIGNEE)
    if actor.is_worker:
        roles.add(Role.WORKER)
    if actor.is_admin:
        roles.add(Role.ADMIN)
    if actor.is_system:
        roles.add(Role.SYSTEM)
    return roles


def allowed_actions(actor: Actor, ticket: TicketRow) -> list[Action]:
    """Return the actions `actor` may take on `ticket` now, in table order."""
    held = roles_of(actor, ticket)
    return [
        action
        for action, rule in TRANSITIONS.items()
        if ticket.status in rule.sources
        and held & rule.roles
        and not (action is Action.RATE and ticket.rating is not None)
        and action not in (Action.RECATEGORIZE, Action.AUTO_CONFIRM, Action.SET_URGENCY)
    ]


def clean_text(text: str | None) -> str:
    """Collapse runs of spaces and trim; keep line breaks the user typed."""
    if not text:
        return ""
    return "\n".join(" ".join(line.split()) for line in text.strip().splitlines()).strip()


class Tickets:
    """Reports tickets and moves them through the transition table, one transaction each.

    Each change also keeps the ticket's deadlines and its next moment due for the sweep.
    """

    def __init__(self, db: Database, setup: Callable[[], Setup], tz: tzinfo) -> None:
        self._db = db
        self._setup = setup  # the school's current set-up, for time limits
        self._tz = tz

    async def report(
        self,
        *,
        actor: Actor,
        description: str,
        location: str | None,
        category: str,
        urgency: Urgency,
        now: datetime,
        photo_file_id: str | None = None,
        source_chat_id: int | None = None,
        source_message_id: int | None = None,
        suggested_id: int | None = None,
        location_key: str | None = None,
    ) -> Outcome:
        """Open a ticket; a source message that already made one returns that one unchanged."""
        description = clean_text(description)
        location = clean_text(location) or None
        if not description:
            raise Refused("report_empty")
        if len(description) > MAX_REPORT_CHARS:
            raise Refused("report_too_long", limit=MAX_REPORT_CHARS, length=len(description))
        if location and len(location) > MAX_LOCATION_CHARS:
            raise Refused("location_too_long", limit=MAX_LOCATION_CHARS)
        setup = self._setup()
        limits = limits_for(setup, category=category, urgency=urgency, start=now, tz=self._tz)

        def open_ticket(conn: sqlite3.Connection) -> Outcome:
            ticket_id = ticket_store.insert_ticket(
                conn,
                reporter_id=actor.user_id,
                description=description,
                location=location,
                category=category,
                urgency=urgency,
                photo_file_id=photo_file_id,
                status=Status.OPEN,
                source_chat_id=source_chat_id,
                source_message_id=source_message_id,
                now=now,
                suggested_id=suggested_id,
                location_key=location_key,
                claim_by=limits.claim_by,
                fix_by=limits.fix_by,
            )
            if ticket_id is None:  # Telegram delivered the same message again
                assert source_chat_id is not None and source_message_id is not None
                existing = ticket_store.find_by_source(conn, source_chat_id, source_message_id)
                assert existing is not None
                return Outcome(existing, changed=False)
            event_store.add_event(
                conn,
                at=now,
                actor_id=actor.user_id,
                action=Action.REPORT,
                ticket_id=ticket_id,
                to_status=Status.OPEN,
                fix_by=limits.fix_by,
            )
            ticket_store.set_next_due(conn, {ticket_id: limits.claim_by})
            return Outcome(_must(ticket_store.get_ticket(conn, ticket_id)))

        return await self._db.write(open_ticket)

    async def act(
        self,
        *,
        actor: Actor,
        ticket_id: int,
        action: Action,
        now: datetime,
        note: str | None = None,
        rating: int | None = None,
        photo_file_id: str | None = None,
        version: int | None = None,
        category: str | None = None,
        suggested_id: int | None = None,
        urgency: Urgency | None = None,
    ) -> Outcome:
        """Take `action` on a ticket if the table allows it for this actor, or raise Refused.

        `version` comes from a button: a button drawn for an older state of the ticket
        changes nothing.
        """
        rule = TRANSITIONS[action]
        note = clean_text(note) or None
        if note and len(note) > MAX_NOTE_CHARS:
            raise Refused("note_too_long", limit=MAX_NOTE_CHARS, length=len(note))
        if action is Action.RATE and rating is None:
            raise Refused("bad_rating")
        if rating is not None and not 1 <= rating <= 5:
            raise Refused("bad_rating")

        def move(conn: sqlite3.Connection) -> Outcome:
            ticket = ticket_store.get_ticket(conn, ticket_id)
            if ticket is None:
                raise Refused("no_such_ticket", id=ticket_id)
            _check(rule, action, actor, ticket, note=note, version=version)
            # The note on the card is always the latest one (or none); a rating only
            # comes with a confirmation or on its own.
            changes: dict[str, object] = {"last_note": note}
            event_note = note
            if rule.target is not None:
                changes["status"] = rule.target
            if action is Action.CLAIM:
                changes["assignee_id"] = actor.user_id
            if action is Action.DONE:
                changes["fix_photo_file_id"] = photo_file_id
            if action is Action.REOPEN:
                changes["reopen_count"] = ticket.reopen_count + 1
            if action in (Action.CONFIRM, Action.RATE) and rating is not None:
                changes["rating"] = rating
            if action in (Action.RECATEGORIZE, Action.SET_URGENCY):
                # Re-sorting keeps the card's note; the time limits for the new category or
                # urgency apply, counted from the report.
                field, old, new = (
                    ("category", ticket.category, category)
                    if action is Action.RECATEGORIZE
                    else ("urgency", ticket.urgency, urgency)
                )
                if new is None or new == old:
                    raise Refused(f"same_{field}", id=ticket.id)
                event_note = f"{old} → {new}"
                changes.update({field: new, "last_note": ticket.last_note})
                if action is Action.RECATEGORIZE:
                    changes["suggested_id"] = suggested_id
                fresh = limits_for(
                    setup,
                    category=category or ticket.category,
                    urgency=urgency or ticket.urgency,
                    start=ticket.created_at,
                    tz=tz,
                )
                changes.update(claim_by=fresh.claim_by, fix_by=fresh.fix_by)
            if action is Action.AUTO_CONFIRM:
                event_note = "confirmed by default"
            if action is Action.HOLD:
                changes["held_at"] = now
            if action is Action.RESUME and ticket.held_at and ticket.fix_by:
                fix_by, paused = shift_for_pause(
                    setup,
                    ticket.fix_by,
                    ticket.held_at,
                    now,
                    urgent=ticket.urgency == "urgent",
                    tz=tz,
                )
                changes.update(fix_by=fix_by, held_at=None)
                event_note = f"paused:{int(paused.total_seconds() // 60)}"
            if action is Action.DONE:
                changes["done_at"] = now
            if action is Action.REOPEN:
                changes.update(fix_by=fix_by_from(setup, ticket, now, tz), done_at=None)
            ticket_store.update_ticket(
                conn, ticket_id=ticket_id, expected_version=ticket.version, now=now, **changes
            )
            event_store.add_event(
                conn,
                at=now,
                actor_id=None if actor.is_system else actor.user_id,
                action=action,
                ticket_id=ticket_id,
                from_status=ticket.status,
                to_status=rule.target or ticket.status,
                note=event_note,
                rating=changes.get("rating"),  # type: ignore[arg-type]
                fix_by=changes.get("fix_by", ticket.fix_by),  # type: ignore[arg-type]
            )
            after = _must(ticket_store.get_ticket(conn, ticket_id))
            sent = reminder_store.sent_among(conn, [d.key for d in stages(after, setup, tz)])
            ticket_store.set_next_due(conn, {ticket_id: next_due(after, sent, setup, tz)})
            return Outcome(after)

        setup, tz = self._setup(), self._tz
        return await self._db.write(move)

    def check(
        self, *, actor: Actor, ticket: TicketRow, action: Action, version: int | None
    ) -> None:
        """Refuse now, before asking for a reason, if the action could not happen anyway."""
        _check(
            TRANSITIONS[action],
            action,
            actor,
            ticket,
            note=None,
            version=version,
            require_note=False,
        )

    async def set_announcement(self, *, ticket_id: int, chat_id: int, message_id: int) -> None:
        """Remember the message that announces the ticket (not a state change: no event)."""
        await self._db.write(
            ticket_store.set_announcement,
            ticket_id=ticket_id,
            chat_id=chat_id,
            message_id=message_id,
        )

    async def get(self, ticket_id: int) -> TicketRow:
        """Return the ticket or refuse with 'no such ticket'."""
        ticket = await self._db.read(ticket_store.get_ticket, ticket_id)
        if ticket is None:
            raise Refused("no_such_ticket", id=ticket_id)
        return ticket

    async def history(self, ticket_id: int) -> list[EventRow]:
        """Return the ticket's history, oldest first."""
        return await self._db.read(event_store.ticket_history, ticket_id)

    async def unannounced(self) -> list[TicketRow]:
        """Return active tickets whose announcement never went out (the bot died first)."""
        return await self._db.read(ticket_store.unannounced)

    async def page(
        self,
        *,
        view: str,
        user_id: int,
        before_id: int | None = None,
        after_id: int | None = None,
        limit: int,
    ) -> list[TicketRow]:
        """Return one page of the repair log for a view: all, open, mine, hold or closed."""
        if view == "mine":
            return await self._db.read(
                ticket_store.list_involving,
                user_id=user_id,
                before_id=before_id,
                after_id=after_id,
                limit=limit,
            )
        return await self._db.read(
            ticket_store.list_tickets,
            filter_name=VIEW_FILTERS[view],
            before_id=before_id,
            after_id=after_id,
            limit=limit,
        )

    async def reported_by(self, user_id: int, *, limit: int) -> list[TicketRow]:
        """Return the user's latest reports, newest first."""
        return await self._db.read(ticket_store.list_tickets, reporter_id=user_id, limit=limit)

    async def held_by(self, user_id: int, *, limit: int) -> list[TicketRow]:
        """Return the tickets a worker has in hand (claimed, on hold or awaiting confirmation)."""
        return await self._db.read(
            ticket_store.list_tickets, filter_name="active", assignee_id=user_id, limit=limit
        )


# The repair-log views (`/tickets VIEW`) and the storage filter each reads.
VIEW_FILTERS = {"all": "all", "open": "active", "hold": "on_hold", "closed": "finished"}


def _must(ticket: TicketRow | None) -> TicketRow:
    assert ticket is not None, "a ticket read back in its own transaction"
    return ticket


def _check(
    rule: Transition,
    action: Action,
    actor: Actor,
    ticket: TicketRow,
    *,
    note: str | None,
    version: int | None,
    require_note: bool = True,
) -> None:
    """Raise Refused, with the reason a user understands, if `action` may not happen now."""
    held = roles_of(actor, ticket)
    if not held & rule.roles:
        raise Refused(f"forbidden_{action}", id=ticket.id, assignee=ticket.assignee_name or "")
    if ticket.status not in rule.sources:
        if action is Action.CLAIM and ticket.status in (
            Status.CLAIMED,
            Status.ON_HOLD,
            Status.DONE,
        ):
            raise Refused("already_claimed", id=ticket.id, assignee=ticket.assignee_name or "")
        raise Refused("wrong_status", id=ticket.id, status=ticket.status, action=action.value)
    if action is Action.RATE and ticket.rating is not None:
        raise Refused("already_rated", id=ticket.id, rating=ticket.rating)
    if version is not None and version != ticket.version:
        raise Refused("stale_button", id=ticket.id)
    if require_note and rule.needs_note and not note:
        raise Refused(f"note_needed_{action}", id=ticket.id)
