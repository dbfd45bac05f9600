"""The ticket model: statuses, urgencies, actions and event kinds, a ticket and an event.

One module for the vocabulary, so storage, deadlines, statistics and views compare enums,
never strings. Plain data: nothing here knows about chats or files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum


class Status(StrEnum):
    OPEN = "open"  # reported, nobody has it yet
    CLAIMED = "claimed"  # a worker is on it
    ON_HOLD = "on_hold"  # waiting for parts or access
    DONE = "done"  # the worker says it is fixed; the reporter has to confirm
    CLOSED = "closed"  # confirmed fixed
    CANCELLED = "cancelled"


# Planned tasks are filed by the plan: this reporter is nobody to tell or to ask.
PLAN_REPORTER = 0

ACTIVE = frozenset({Status.OPEN, Status.CLAIMED, Status.ON_HOLD, Status.DONE})
FINISHED = frozenset({Status.CLOSED, Status.CANCELLED})


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


class Action(StrEnum):
    """What can happen to a ticket; each is one row of the transition table."""

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
    DISPATCH = "dispatch"  # 派单/转单: the head (or its post's worker on duty) names who does it
    NOTE = "note"  # the worker adds a note or a photo to a fix
    FOLLOW = "follow"  # someone else reports the same problem: they hear when it is fixed
    THANK = "thank"  # 感动后勤: a word of thanks reaches the worker who fixed it
    PLAN = "plan"  # the scheduler files a planned task (后勤规划)
    SKIP = "skip"  # a planned task is not done this time, with the reason
    INSPECT = "inspect"  # one point of an inspection checked (✅ / ❌ / 不适用)
    RESCHEDULE = "reschedule"  # its meeting moved: the task moves with it


class SetupChange(StrEnum):
    """Changes to the school's set-up and its people, recorded in the same history."""

    ADD_WORKER = "add_worker"
    REMOVE_WORKER = "remove_worker"
    IMPORT_SETUP = "import_setup"
    ADD_POST = "add_post"
    SET_STANDARD = "set_standard"
    ASSIGN = "assign"
    UNASSIGN = "unassign"
    SET_DUTY = "set_duty"
    COVER = "cover"
    HOLIDAY = "holiday"
    RULE = "rule"  # a written rule's new version loaded
    SIGN_LETTER = "sign_letter"  # a post's responsibility letter signed (责任状)
    DAMAGE_CAUSE = "damage_cause"  # a repair's cause recorded (公物损坏)
    DAMAGE_SETTLE = "damage_settle"  # its settlement confirmed, changed, paid or waived
    READING = "reading"  # a meter read (水电管理)
    WORKDAY = "workday"
    ADD_PLAN = "add_plan"
    PAUSE_PLAN = "pause_plan"
    RESUME_PLAN = "resume_plan"
    REMOVE_PLAN = "remove_plan"
    TERM_ITEM_DONE = "term_item_done"


class MeetingChange(StrEnum):
    """What happens to a meeting or a visit, recorded in the same history."""

    REQUEST = "meeting_request"
    APPROVE = "meeting_approve"
    REJECT = "meeting_reject"
    MOVE = "meeting_move"
    CANCEL = "meeting_cancel"
    COST = "meeting_cost"


EventKind = Action | SetupChange | MeetingChange
EVENT_KINDS: dict[str, EventKind] = {
    kind.value: kind for kind in (*Action, *SetupChange, *MeetingChange)
}


def event_kind(value: str) -> EventKind:
    """Return the enum member an `events.action` value names."""
    return EVENT_KINDS[value]


class Field(StrEnum):
    """What a history event changed, when it changed one field of the ticket."""

    CATEGORY = "category"
    URGENCY = "urgency"
    ASSIGNEE = "assignee"  # values are user ids
    CAUSE = "cause"  # why it broke (公物损坏): wear, by_person …
    SETTLEMENT = "settlement"  # the damage's settlement: proposed, confirmed, paid, waived


@dataclass(frozen=True)
class CheckItem:
    """One point of an inspection checklist: a yes/no, a number in a range, or a photo."""

    text: str
    unit: str | None = None  # a number is asked for, in this unit …
    low: float | None = None  # … and outside [low, high] it counts as a fault
    high: float | None = None
    photo: bool = False  # a photo is required
    category: str | None = None  # what a fault is, for its repair (default: the plan's)

    @property
    def wants_number(self) -> bool:
        return self.unit is not None or self.low is not None or self.high is not None


@dataclass(frozen=True)
class Ticket:
    """One ticket with its reporter's and handler's display names."""

    id: int
    reporter_id: int
    reporter_name: str
    description: str
    location: str | None
    category: str
    urgency: Urgency
    photo_file_id: str | None
    status: Status
    assignee_id: int | None
    assignee_name: str | None
    version: int
    reopen_count: int
    rating: int | None
    last_note: str | None
    fix_photo_file_id: str | None
    source_chat_id: int | None
    source_message_id: int | None
    announce_chat_id: int | None
    announce_message_id: int | None
    created_at: datetime
    updated_at: datetime
    suggested_id: int | None = None
    suggested_name: str | None = None
    location_key: str | None = None
    claim_by: datetime | None = None
    fix_by: datetime | None = None
    done_at: datetime | None = None
    held_at: datetime | None = None
    next_due_at: datetime | None = None
    called: tuple[str, ...] = ()  # the names of those told when it was reported
    photos: tuple[str, ...] = ()  # every photo of the report (an album), the first one first
    followers: tuple[int, ...] = ()  # others who reported the same problem
    thanked_by: tuple[int, ...] = ()  # who thanked its worker (once each)
    plan_key: str | None = None  # a planned task: the plan it comes from …
    plan_date: str | None = None  # … and the day it is for (ISO date)
    checklist: tuple[CheckItem, ...] = ()  # an inspection: what to check in each room …
    rooms: tuple[tuple[str, str], ...] = ()  # … and the rooms, as (place key, name)
    found_in: int | None = None  # a repair opened by an inspection: the inspection's number
    meeting_id: int | None = None  # a meeting's or a visit's task

    @property
    def reading_round(self) -> bool:
        """Tell whether the ticket is a meter's reading round (done by typing the reading)."""
        return (self.plan_key or "").startswith("meter_")

    @property
    def planned(self) -> bool:
        """Tell whether the ticket is planned work (a plan's or a meeting's), not a report."""
        return self.plan_key is not None or self.meeting_id is not None

    @property
    def urgent(self) -> bool:
        """Tell whether the ticket counts clock time rather than working time."""
        return self.urgency is Urgency.URGENT

    @property
    def active(self) -> bool:
        """Tell whether the ticket still needs someone to act."""
        return self.status in ACTIVE


@dataclass(frozen=True)
class Event:
    """One recorded change: who did what, when, and what exactly changed."""

    id: int
    at: datetime
    actor_id: int | None
    actor_name: str | None
    action: EventKind
    ticket_id: int | None
    subject_user_id: int | None
    from_status: Status | None
    to_status: Status | None
    note: str | None
    rating: int | None
    fix_by: datetime | None = None  # the fix-by in force after the change
    field: Field | None = None  # the one field changed (category, urgency) …
    old_value: str | None = None  # … from what …
    new_value: str | None = None  # … to what
    minutes: int | None = None  # a resumed ticket: working minutes it spent on hold


@dataclass(frozen=True)
class Meeting:
    """A meeting or a visit (会务, 接待): when, where, for how many, what it needs."""

    id: int
    kind: str  # meeting | visit
    title: str
    organiser_id: int
    organiser_name: str
    day: date
    starts: time
    ends: time
    room_key: str | None
    room: str
    people: int
    needs: tuple[str, ...] = ()
    layout: str = "none"
    note: str = ""
    guests: str = ""  # a visit: who is coming
    reception: str = ""  # a visit: tea | meal
    cost: float | None = None
    status: str = "requested"  # requested | approved | rejected | cancelled
    signin_chat: int | None = None
    version: int = 1
    created_at: datetime | None = None

    @property
    def live(self) -> bool:
        """Tell whether it is still going to happen (asked for or approved)."""
        return self.status in ("requested", "approved")

    def span(self) -> str:
        """Return "12-03 14:30–16:00"."""
        return f"{self.day:%m-%d} {self.starts:%H:%M}–{self.ends:%H:%M}"


@dataclass(frozen=True)
class RuleDoc:
    """One version of a written rule."""

    key: str
    title: str
    version: str
    on_date: date
    body: str

    def paragraphs(self) -> list[str]:
        """Return the rule's paragraphs (blank-line separated), headings left out."""
        parts = [p.strip() for p in re.split(r"\n\s*\n", self.body)]
        return [p for p in parts if p and not p.startswith("#")]


@dataclass(frozen=True)
class Signature:
    post_key: str
    user_id: int
    standard: str  # the standard_hash signed
    at: datetime


@dataclass(frozen=True)
class Damage:
    """Why a repair was needed and, when someone is answerable, how it is settled."""

    ticket_id: int
    cause: str  # wear | poor_care | by_person | deliberate | unknown
    class_name: str | None = None
    person: str | None = None
    item: str | None = None
    quantity: float | None = None
    proposed: float | None = None  # what the rule gives
    amount: float | None = None  # what the head confirmed
    status: str = "none"  # none | proposed | confirmed | paid | waived
    reason: str | None = None
    at: datetime | None = None
    place: str | None = None  # the ticket's, for the ledger
    description: str = ""
    category: str = ""


@dataclass(frozen=True)
class Reading:
    """One meter reading, as read (corrections are new readings; nothing is overwritten)."""

    id: int
    meter_key: str
    at: datetime
    value: float
    use: float | None  # since the reading before; None for a meter's first
    ticket_id: int | None = None
    by_id: int | None = None
    flags: tuple[str, ...] = ()  # rollover | high | missed | closed_high
    corrects: int | None = None
