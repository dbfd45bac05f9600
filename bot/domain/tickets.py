"""Repair tickets: the one transition table and the one write path every caller goes through.

Each action is one row of `TRANSITIONS`: where it may start, where it leads, who may take it,
and a small function that says what else it changes. Adding an action touches the table, its
function, the catalogue and the card, nothing else.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from enum import StrEnum

from bot.domain.deadlines import fix_by_from, limits_for, next_due, stage_keys
from bot.domain.errors import Refused
from bot.domain.model import PLAN_REPORTER, Action, Event, Field, Status, Ticket, Urgency
from bot.domain.routing import Routing
from bot.domain.setup import Setup
from bot.domain.text import clean_text
from bot.domain.users import Actor
from bot.domain.workcal import next_loud, shift_for_pause
from storage import events as event_store
from storage import outbox as outbox_store
from storage import reminders as reminder_store
from storage import tickets as ticket_store
from storage.db import Database
from storage.events import Changed

MAX_REPORT_CHARS = 1000
MAX_NOTE_CHARS = 500
MAX_LOCATION_CHARS = 60
MAX_PHOTOS = 10  # an album holds ten at most; a ticket keeps as many


class Role(StrEnum):
    REPORTER = "reporter"
    ASSIGNEE = "assignee"
    WORKER = "worker"
    ADMIN = "admin"
    DISPATCHER = "dispatcher"  # on duty for the ticket's post: may hand it to a colleague
    FOLLOWER = "follower"  # reported the same problem after the reporter
    MEMBER = "member"  # anyone the bot serves
    SYSTEM = "system"  # the scheduler


@dataclass(frozen=True)
class Given:
    """What a caller brings along with an action (a note, a rating, a photo, a new value)."""

    note: str | None = None
    rating: int | None = None
    photo_file_id: str | None = None
    category: str | None = None
    routing: Routing | None = None  # with a new category: whom it goes to now
    urgency: Urgency | None = None
    assignee: Actor | None = None  # who a ticket is handed to
    photos: tuple[str, ...] = ()  # photos that join the report's (someone else's report)
    walked: bool = False  # an inspection's every point is checked: it may be done
    due: datetime | None = None  # a meeting's task: when it is due now (the meeting moved)


@dataclass(frozen=True)
class Step:
    """One action about to be taken: the ticket as it is and everything the rule may need."""

    actor: Actor
    ticket: Ticket
    now: datetime
    given: Given
    setup: Setup
    tz: tzinfo


@dataclass(frozen=True)
class Change:
    """What an action changes besides the status and the note, and how history records it."""

    columns: Mapping[str, object] = field(default_factory=dict)
    changed: Changed | None = None
    minutes: int | None = None
    keep_note: bool = False  # re-sorting keeps the card's note
    status: Status | None = None  # where it leads, when the table's row cannot say
    history: str | None = None  # with keep_note: words for the history, not for the card
    subject: int | None = None  # whom the action is about (the worker thanked)


@dataclass(frozen=True)
class Transition:
    """Which statuses an action may start from, where it leads, who may take it, and what
    else it changes."""

    sources: frozenset[Status]
    target: Status | None  # None: the status stays (a rating, a re-sort)
    roles: frozenset[Role]
    apply: Callable[[Step], Change]
    needs_note: bool = False
    offered: bool = True  # shown as a button to whoever may take it
    on_card: bool = True  # changes what the ticket's card and pings show


# --- what each action changes ------------------------------------------------------------------


def _nothing(step: Step) -> Change:
    return Change()


def _claim(step: Step) -> Change:
    return Change({"assignee_id": step.actor.user_id})


def _done(step: Step) -> Change:
    """Fixed: the reporter is asked to confirm. Planned work has nobody to confirm it: done
    is closed; an inspection is done when its walk is (every point checked)."""
    ticket = step.ticket
    if ticket.checklist and not step.given.walked:
        raise Refused("inspection_unfinished", id=ticket.id)
    if ticket.reading_round and not step.given.walked:
        raise Refused("reading_needed", id=ticket.id)
    columns = {"fix_photo_file_id": step.given.photo_file_id, "done_at": step.now}
    return Change(columns, status=Status.CLOSED if ticket.planned else None)


def _reschedule(step: Step) -> Change:
    """Its meeting moved: the task is due at the new moment (its claim-by no later)."""
    due = step.given.due
    if due is None or step.ticket.meeting_id is None:
        raise Refused("button_invalid")
    claim_by = min(step.ticket.claim_by or due, due)
    return Change({"fix_by": due, "claim_by": claim_by}, keep_note=True, history=step.given.note)


def _skip(step: Step) -> Change:
    """A planned task not done this time (the reason is its note)."""
    if not step.ticket.planned:
        raise Refused("skip_only_planned", id=step.ticket.id)
    return Change()


def _hold(step: Step) -> Change:
    return Change({"held_at": step.now})


def _resume(step: Step) -> Change:
    """The fix-by moves later by the time on hold (working time for normal tickets)."""
    ticket = step.ticket
    if ticket.held_at is None or ticket.fix_by is None:
        return Change({"held_at": None})
    fix_by, paused = shift_for_pause(
        step.setup, ticket.fix_by, ticket.held_at, step.now, urgent=ticket.urgent, tz=step.tz
    )
    return Change({"fix_by": fix_by, "held_at": None}, minutes=int(paused.total_seconds() // 60))


def _rated(step: Step) -> Change:
    return Change({"rating": step.given.rating} if step.given.rating is not None else {})


def _reopen(step: Step) -> Change:
    """Back to the same worker with a fresh fix-by counted from now."""
    fix_by = fix_by_from(step.setup, step.ticket, step.now, step.tz)
    return Change(
        {"reopen_count": step.ticket.reopen_count + 1, "fix_by": fix_by, "done_at": None}
    )


def _rate(step: Step) -> Change:
    if step.given.rating is None:
        raise Refused("bad_rating")
    return _rated(step)


def _recategorize(step: Step) -> Change:
    """A new category brings its post's time limits, counted from the report."""
    new = step.given.category
    ticket = step.ticket
    if new is None or new == ticket.category:
        raise Refused("same_category", id=ticket.id)
    limits = limits_for(
        step.setup, category=new, urgency=ticket.urgency, start=ticket.created_at, tz=step.tz
    )
    return Change(
        {
            "category": new,
            "suggested_id": step.given.routing.suggested_id if step.given.routing else None,
            "claim_by": limits.claim_by,
            "fix_by": limits.fix_by,
        },
        changed=Changed(Field.CATEGORY, ticket.category, new),
        keep_note=True,
    )


def _set_urgency(step: Step) -> Change:
    """A new urgency brings other time limits, counted from the report."""
    new = step.given.urgency
    ticket = step.ticket
    if new is None or new == ticket.urgency:
        raise Refused("same_urgency", id=ticket.id)
    limits = limits_for(
        step.setup, category=ticket.category, urgency=new, start=ticket.created_at, tz=step.tz
    )
    return Change(
        {"urgency": new, "claim_by": limits.claim_by, "fix_by": limits.fix_by},
        changed=Changed(Field.URGENCY, ticket.urgency, new),
        keep_note=True,
    )


def _dispatch(step: Step) -> Change:
    """Hand the ticket to a named worker: an open ticket is claimed for them."""
    ticket, target = step.ticket, step.given.assignee
    if target is None or not target.is_worker:
        raise Refused("not_a_worker", user=target.name if target else "")
    if target.user_id == ticket.assignee_id:
        raise Refused("same_assignee", id=ticket.id, assignee=target.name)
    old = "" if ticket.assignee_id is None else str(ticket.assignee_id)
    return Change(
        {"assignee_id": target.user_id},
        changed=Changed(Field.ASSIGNEE, old, str(target.user_id)),
        keep_note=True,
        status=Status.CLAIMED if ticket.status is Status.OPEN else None,
    )


def _note(step: Step) -> Change:
    """A note or a photo added to a fix (asked for once after ✅)."""
    given = step.given
    if not given.note and not given.photo_file_id:
        raise Refused("note_needed_note", id=step.ticket.id)
    columns: dict[str, object] = {"last_note": given.note or step.ticket.last_note}
    if given.photo_file_id:
        columns["fix_photo_file_id"] = given.photo_file_id
    return Change(columns)


def _follow(step: Step) -> Change:
    """Someone else has the same problem: they follow the ticket (and hear when it is
    fixed); their words go to its history, a photo joins the report's."""
    ticket, given, who = step.ticket, step.given, step.actor.user_id
    columns: dict[str, object] = {}
    if who != ticket.reporter_id and who not in ticket.followers:
        columns["followers"] = (*ticket.followers, who)
    elif not given.note and not given.photos:
        raise Refused("already_following", id=ticket.id)
    added = [photo for photo in given.photos if photo not in ticket.photos]
    if added:
        columns["photos"] = (*ticket.photos, *added)[:MAX_PHOTOS]
    return Change(columns, keep_note=True, history=given.note)


def _thank(step: Step) -> Change:
    """A word of thanks to the worker who fixed it, once from each person it served."""
    ticket, who = step.ticket, step.actor.user_id
    if ticket.assignee_id in (None, who):
        raise Refused("nobody_to_thank", id=ticket.id)
    if who in ticket.thanked_by:
        raise Refused("already_thanked", id=ticket.id, assignee=ticket.assignee_name or "")
    return Change(
        {"thanked_by": (*ticket.thanked_by, who)},
        keep_note=True,
        history=step.given.note,
        subject=ticket.assignee_id,
    )


def _t(
    sources: list[Status],
    target: Status | None,
    roles: list[Role],
    apply: Callable[[Step], Change] = _nothing,
    *,
    needs_note: bool = False,
    offered: bool = True,
    on_card: bool = True,
) -> Transition:
    return Transition(
        frozenset(sources), target, frozenset(roles), apply, needs_note, offered, on_card
    )


S, R = Status, Role
UNFINISHED = [S.OPEN, S.CLAIMED, S.ON_HOLD]
TRANSITIONS: dict[Action, Transition] = {
    Action.CLAIM: _t([S.OPEN], S.CLAIMED, [R.WORKER, R.ADMIN], _claim),
    Action.DONE: _t([S.CLAIMED], S.DONE, [R.ASSIGNEE, R.ADMIN], _done),
    Action.HOLD: _t([S.CLAIMED], S.ON_HOLD, [R.ASSIGNEE, R.ADMIN], _hold, needs_note=True),
    Action.RESUME: _t([S.ON_HOLD], S.CLAIMED, [R.ASSIGNEE, R.ADMIN], _resume),
    Action.CONFIRM: _t([S.DONE], S.CLOSED, [R.REPORTER, R.ADMIN], _rated),
    Action.REOPEN: _t([S.DONE], S.CLAIMED, [R.REPORTER, R.ADMIN], _reopen, needs_note=True),
    Action.CANCEL: _t(UNFINISHED, S.CANCELLED, [R.REPORTER, R.ADMIN]),
    Action.RATE: _t([S.CLOSED], None, [R.REPORTER], _rate),
    Action.AUTO_CONFIRM: _t([S.DONE], S.CLOSED, [R.SYSTEM], offered=False),
    Action.SET_URGENCY: _t(
        UNFINISHED, None, [R.REPORTER, R.WORKER, R.ADMIN], _set_urgency, offered=False
    ),
    Action.RECATEGORIZE: _t(
        UNFINISHED, None, [R.REPORTER, R.WORKER, R.ADMIN], _recategorize, offered=False
    ),
    Action.DISPATCH: _t(UNFINISHED, None, [R.ADMIN, R.DISPATCHER], _dispatch),
    Action.NOTE: _t([S.DONE], None, [R.ASSIGNEE, R.ADMIN], _note, offered=False),
    Action.FOLLOW: _t([*UNFINISHED, S.DONE], None, [R.MEMBER], _follow, offered=False),
    Action.THANK: _t([S.DONE, S.CLOSED], None, [R.REPORTER, R.FOLLOWER], _thank, on_card=False),
    Action.SKIP: _t(
        UNFINISHED, S.CANCELLED, [R.ASSIGNEE, R.ADMIN, R.DISPATCHER], _skip, needs_note=True
    ),
    Action.RESCHEDULE: _t(UNFINISHED, None, [R.SYSTEM], _reschedule, offered=False),
}


@dataclass(frozen=True)
class Outcome:
    """A ticket after an action, and whether this call changed it."""

    ticket: Ticket
    changed: bool = True
    open_here: bool = False  # not reported: `ticket` is the open one of its place and kind


def roles_of(actor: Actor, ticket: Ticket) -> set[Role]:
    """Return the roles `actor` holds towards `ticket`."""
    roles = set() if actor.is_system else {Role.MEMBER}
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
    if ticket.category in actor.dispatches:
        roles.add(Role.DISPATCHER)
    if actor.user_id in ticket.followers:
        roles.add(Role.FOLLOWER)
    return roles


def allowed_actions(actor: Actor, ticket: Ticket) -> list[Action]:
    """Return the actions `actor` may take on `ticket` now, in table order."""
    held = roles_of(actor, ticket)
    return [
        action
        for action, rule in TRANSITIONS.items()
        if rule.offered
        and ticket.status in rule.sources
        and held & rule.roles
        and not (action is Action.RATE and ticket.rating is not None)
        and not (action is Action.THANK and not may_thank(actor, ticket))
        and not (action is Action.SKIP and not ticket.planned)
        and not (action is Action.CANCEL and ticket.planned and not actor.is_admin)
    ]


def may_thank(actor: Actor, ticket: Ticket) -> bool:
    """Tell whether a thank-you button fits: the fix is confirmed (or, to a follower, done),
    someone fixed it, and this person has not thanked them yet."""
    waiting = ticket.status is Status.DONE and actor.user_id == ticket.reporter_id
    return (
        not waiting
        and ticket.assignee_id not in (None, actor.user_id)
        and actor.user_id not in ticket.thanked_by
    )


class Tickets:
    """Reports tickets and moves them through the transition table, one transaction each.

    Each change also keeps the ticket's deadlines and its next moment due for the sweep.
    """

    def __init__(
        self,
        db: Database,
        setup: Callable[[], Setup],
        tz: tzinfo,
        *,
        board: int | None = None,
        owed: Callable[[], None] = lambda: None,
        head_label: str = "",
    ) -> None:
        self._db = db
        self._setup = setup  # the school's current set-up, for time limits
        self._tz = tz
        self._board = board  # the chat where tickets are shown (their cards)
        self._owed = owed  # rings the outbox's bell: a card or a notice waits
        self._head_label = head_label  # how a head the bot never heard from is named

    async def report(
        self,
        *,
        actor: Actor,
        description: str,
        location: str | None,
        category: str,
        urgency: Urgency,
        now: datetime,
        photos: tuple[str, ...] = (),
        source_chat_id: int | None = None,
        source_message_id: int | None = None,
        routing: Routing | None = None,
        location_key: str | None = None,
        unless_open_here: bool = False,
        found_in: int | None = None,
        then: Callable[[sqlite3.Connection, int], None] | None = None,
    ) -> Outcome:
        """Open a ticket; a source message that already made one returns that one unchanged.

        In the same transaction the ticket's card is owed to the group and whoever `routing`
        names is owed a notice. `photos`: the report's photos (an album), the card shows the
        first. `unless_open_here`: if its place and category have an open ticket, return that
        one instead (checked in the same transaction, so two at once cannot both open one).
        `found_in`: the inspection that found the fault; `then` runs in the same transaction
        with the new ticket's number (the inspection records its result with it).
        """
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

        ticket_chat = self._board

        def open_ticket(conn: sqlite3.Connection) -> Outcome:
            if unless_open_here and location_key is not None:
                here = ticket_store.open_at(conn, location_key, category, limit=1)
                if here:
                    return Outcome(here[0], changed=False, open_here=True)
            ticket_id = ticket_store.insert_ticket(
                conn,
                reporter_id=actor.user_id,
                description=description,
                location=location,
                category=category,
                urgency=urgency,
                photo_file_id=photos[0] if photos else None,
                photos=photos[:MAX_PHOTOS],
                status=Status.OPEN,
                source_chat_id=source_chat_id,
                source_message_id=source_message_id,
                now=now,
                suggested_id=routing.suggested_id if routing else None,
                location_key=location_key,
                claim_by=limits.claim_by,
                fix_by=limits.fix_by,
                called=[u for u in routing.notify_ids if u != actor.user_id] if routing else [],
                unknown_name=self._head_label,
                found_in=found_in,
            )
            if ticket_id is None:  # the chat delivered the same message again
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
            if then is not None:
                then(conn, ticket_id)
            outbox_store.owe_card(conn, ticket_id, now, chat_id=ticket_chat)
            if routing is not None:
                # A normal ticket reported in quiet hours is on the card at once, and pings
                # its workers when the quiet hours end; an urgent one pings them now.
                ping_at = now if urgency is Urgency.URGENT else next_loud(setup, now, self._tz)
                owe_new_ticket(conn, ticket_id, routing, skip=actor.user_id, now=ping_at)
            return Outcome(_must(ticket_store.get_ticket(conn, ticket_id)))

        outcome = await self._db.write(open_ticket)
        self._owed()
        return outcome

    async def act(
        self,
        action: Action,
        *,
        actor: Actor,
        ticket_id: int,
        now: datetime,
        version: int | None = None,
        given: Given = Given(),
    ) -> Outcome:
        """Take `action` on a ticket if the table allows it for this actor, or raise Refused.

        `version` comes from a button: a button drawn for an older state of the ticket
        changes nothing.
        """
        rule = TRANSITIONS[action]
        note = clean_text(given.note) or None
        if note and len(note) > MAX_NOTE_CHARS:
            raise Refused("note_too_long", limit=MAX_NOTE_CHARS, length=len(note))
        if given.rating is not None and not 1 <= given.rating <= 5:
            raise Refused("bad_rating")
        given = replace(given, note=note)
        setup, tz = self._setup(), self._tz

        def move(conn: sqlite3.Connection) -> Outcome:
            ticket = ticket_store.get_ticket(conn, ticket_id)
            if ticket is None:
                raise Refused("no_such_ticket", id=ticket_id)
            ticket_chat = ticket.announce_chat_id or self._board
            _check(rule, action, actor, ticket, note=note, version=version)
            change = rule.apply(Step(actor, ticket, now, given, setup, tz))
            columns: dict[str, object] = {
                "last_note": ticket.last_note if change.keep_note else note,
                **change.columns,
            }
            target = change.status or rule.target
            if target is not None:
                columns["status"] = target
            ticket_store.update_ticket(
                conn, ticket_id=ticket_id, expected_version=ticket.version, now=now, **columns
            )
            event_store.add_event(
                conn,
                at=now,
                actor_id=None if actor.is_system else actor.user_id,
                action=action,
                ticket_id=ticket_id,
                from_status=ticket.status,
                to_status=target or ticket.status,
                note=change.history if change.keep_note else columns["last_note"],
                rating=columns.get("rating"),  # type: ignore[arg-type]
                fix_by=columns.get("fix_by", ticket.fix_by),  # type: ignore[arg-type]
                changed=change.changed,
                minutes=change.minutes,
                subject_user_id=change.subject,
            )
            after = _must(ticket_store.get_ticket(conn, ticket_id))
            sent = reminder_store.sent_among(conn, stage_keys(after))
            ticket_store.set_next_due(conn, {ticket_id: next_due(after, sent, setup, tz)})
            if rule.on_card and not ticket.planned:  # planned work has no card in the group
                outbox_store.owe_card(conn, ticket_id, now, chat_id=ticket_chat)
            if rule.on_card:
                outbox_store.owe_refreshes(conn, ticket_id, now)  # its private pings follow
            owe_notices(conn, action, actor, ticket, after, given, now=now)
            return Outcome(after)

        outcome = await self._db.write(move)
        self._owed()
        return outcome

    def check(self, *, actor: Actor, ticket: Ticket, action: Action, version: int | None) -> None:
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

    async def get(self, ticket_id: int) -> Ticket:
        """Return the ticket or refuse with 'no such ticket'."""
        ticket = await self._db.read(ticket_store.get_ticket, ticket_id)
        if ticket is None:
            raise Refused("no_such_ticket", id=ticket_id)
        return ticket

    async def many(self, ticket_ids: Iterable[int]) -> dict[int, Ticket]:
        """Return the tickets with these numbers (those that exist), by number."""
        wanted = list(ticket_ids)
        return await self._db.read(ticket_store.get_many, wanted) if wanted else {}

    async def open_at(self, place_key: str, category: str) -> list[Ticket]:
        """Return the unfinished tickets of one place and category, newest first."""
        return await self._db.read(ticket_store.open_at, place_key, category)

    async def by_card(self, chat_id: int, message_id: int) -> Ticket | None:
        """Return the ticket whose card is this chat message, if any."""
        return await self._db.read(ticket_store.find_by_announcement, chat_id, message_id)

    async def history(self, ticket_id: int) -> list[Event]:
        """Return the ticket's history, oldest first."""
        return await self._db.read(event_store.ticket_history, ticket_id)

    async def page(
        self,
        *,
        view: str,
        user_id: int,
        before_id: int | None = None,
        after_id: int | None = None,
        limit: int,
    ) -> list[Ticket]:
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

    async def reported_by(self, user_id: int, *, limit: int) -> list[Ticket]:
        """Return the user's latest reports, newest first."""
        return await self._db.read(ticket_store.list_tickets, reporter_id=user_id, limit=limit)

    async def waiting_for(self, categories: Iterable[str], *, limit: int) -> list[Ticket]:
        """Return the unclaimed tickets of these categories, oldest first."""
        wanted = sorted(set(categories))
        if not wanted:
            return []
        return await self._db.read(ticket_store.open_in, wanted, limit=limit)

    async def held_by(self, user_id: int, *, limit: int) -> list[Ticket]:
        """Return the tickets a worker has in hand (claimed, on hold or awaiting confirmation)."""
        return await self._db.read(
            ticket_store.list_tickets, filter_name="active", assignee_id=user_id, limit=limit
        )


# Who hears about an action besides the person taking it, by a private notice.
TOLD_REPORTER = {Action.CLAIM, Action.DONE, Action.HOLD, Action.RESUME, Action.NOTE}
TOLD_ASSIGNEE = {Action.CONFIRM, Action.REOPEN, Action.CANCEL, Action.RATE}
# Followers hear when the fix is confirmed (a fix the reporter rejects is no news to them).
TOLD_FOLLOWERS = {Action.CONFIRM, Action.AUTO_CONFIRM, Action.CANCEL}


def owe_new_ticket(
    conn: sqlite3.Connection, ticket_id: int, routing: Routing, *, skip: int, now: datetime
) -> None:
    """Owe a notice to each person the routing names: a ticket for them to take."""
    payload = {"about": "new", "reason": routing.reason, "post": routing.post_key}
    for user_id in routing.notify_ids:
        if user_id != skip:
            outbox_store.owe(
                conn, outbox_store.NOTICE, chat_id=user_id, ticket_id=ticket_id,
                payload=payload, now=now,
            )  # fmt: skip


def owe_notices(
    conn: sqlite3.Connection, action: Action, actor: Actor, before: Ticket, ticket: Ticket,
    given: Given, *, now: datetime,
) -> None:  # fmt: skip
    """Owe the other side of an action its notice: the reporter hears of the work, the
    worker of the verdict; a re-sorted ticket goes to whoever its new post names; a ticket
    handed over goes to its new worker, and its old one is told it moved."""
    if action is Action.RECATEGORIZE and given.routing is not None:
        owe_new_ticket(conn, ticket.id, given.routing, skip=actor.user_id, now=now)
        return
    told: list[tuple[int | None, str]] = []
    if action is Action.DISPATCH:
        told = [(ticket.assignee_id, "assigned"), (before.assignee_id, "moved")]
    elif action is Action.RESCHEDULE:  # whoever has it, or was asked to take it
        told = [(ticket.assignee_id or ticket.suggested_id, "rescheduled")]
    elif action in TOLD_REPORTER:
        told = [(ticket.reporter_id, action.value)]
    elif action in TOLD_ASSIGNEE:
        told = [(ticket.assignee_id, action.value)]
    if action is Action.CANCEL and before.status is Status.OPEN:
        told = []  # whoever was asked to take it sees the call withdrawn (its ping is edited)
    if action in TOLD_FOLLOWERS:  # those who reported it too hear it was fixed, or dropped
        about = "cancel_followed" if action is Action.CANCEL else "fixed_followed"
        told += [(user_id, about) for user_id in ticket.followers]
    extra: dict[str, object] = {}
    if action in (Action.FOLLOW, Action.THANK):  # their words, for the worker to read
        told = [(ticket.assignee_id, action.value)]
        photo = given.photos[0] if given.photos else None
        extra = {"by": actor.name, "note": given.note or "", "photo": photo}
    for user_id, about in told:
        if user_id not in (None, actor.user_id, PLAN_REPORTER):
            outbox_store.owe(
                conn, outbox_store.NOTICE, chat_id=user_id, ticket_id=ticket.id,
                payload={"about": about, **extra}, now=now,
            )  # fmt: skip


# The repair-log views (`/tickets VIEW`) and the storage filter each reads.
VIEW_FILTERS = {
    "all": "all",
    "open": "active",
    "hold": "on_hold",
    "closed": "finished",
    "planned": "planned",
}


def _must(ticket: Ticket | None) -> Ticket:
    assert ticket is not None, "a ticket read back in its own transaction"
    return ticket


def _check(
    rule: Transition,
    action: Action,
    actor: Actor,
    ticket: Ticket,
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
        if action is Action.CLAIM and ticket.status in (S.CLAIMED, S.ON_HOLD, S.DONE):
            raise Refused("already_claimed", id=ticket.id, assignee=ticket.assignee_name or "")
        if action in (Action.FOLLOW, Action.THANK):
            raise Refused(f"wrong_status_{action}", id=ticket.id, status=ticket.status)
        raise Refused("wrong_status", id=ticket.id, status=ticket.status, action=action.value)
    if action is Action.RATE and ticket.rating is not None:
        raise Refused("already_rated", id=ticket.id, rating=ticket.rating)
    if version is not None and version != ticket.version:
        raise Refused("stale_button", id=ticket.id)
    if require_note and rule.needs_note and not note:
        raise Refused(f"note_needed_{action}", id=ticket.id)
