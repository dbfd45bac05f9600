"""The school's set-up as data: posts, categories, places, staff and the duty roster.

`Setup` is an immutable snapshot, small enough to keep in memory: every lookup (routing,
who is on duty, /posts) reads it without touching the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Any

from bot.domain.model import CheckItem, Urgency
from bot.i18n import Lang

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
URGENCIES = (Urgency.URGENT, Urgency.NORMAL)  # the order they are shown in


@dataclass(frozen=True)
class TimeLimit:
    """How soon a ticket of one urgency must be claimed and fixed, e.g. "30m" and "4h"."""

    claim: str
    fix: str


@dataclass(frozen=True)
class Post:
    """A fixed post (岗位) with its written standard and time limits."""

    key: str
    name: str
    name_en: str | None = None
    standard: str = ""
    responsibilities: tuple[str, ...] = ()
    time_limits: Mapping[str, TimeLimit] = field(default_factory=dict)

    def label(self, lang: Lang) -> str:
        """Return the post's name in `lang`."""
        return (self.name_en or self.name) if lang == "en" else self.name


@dataclass(frozen=True)
class CategoryDef:
    """A kind of problem, the post that handles it and the words that point to it."""

    key: str
    name: str
    name_en: str | None = None
    post_key: str | None = None
    keywords: tuple[str, ...] = ()

    def label(self, lang: Lang) -> str:
        """Return the category's name in `lang`."""
        return (self.name_en or self.name) if lang == "en" else self.name


@dataclass(frozen=True)
class Room:
    """A room of a building, with the other names people use for it (the class that
    lives there: 三年级二班)."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Location:
    """A building with its other names and its rooms."""

    building: str
    aliases: tuple[str, ...] = ()
    rooms: tuple[Room, ...] = ()

    def room(self, name: str) -> Room | None:
        """Return the room called `name`, if the building has one."""
        return next((room for room in self.rooms if room.name == name), None)


@dataclass(frozen=True)
class Staff:
    """A logistics worker and the posts they hold (定位)."""

    name: str
    user_id: int
    posts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shift:
    """A duty shift: weekly (weekday), for one date (on_date), or holiday duty (holiday)."""

    post_key: str
    user_id: int
    starts: time
    ends: time  # at or before `starts`: the shift ends the next day
    weekday: int | None = None
    on_date: date | None = None
    holiday: bool = False
    note: str | None = None


@dataclass(frozen=True)
class DateSpan:
    """A named stretch of days: a vacation (寒假) or a term (秋季学期)."""

    first: date
    last: date
    name: str


@dataclass(frozen=True)
class Calendar:
    """When the school works: hours per weekday (0 = Monday) and vacations.

    Holidays come from `Setup.holidays`. Normal tickets' time limits count in working time.
    """

    working_hours: Mapping[int, tuple[time, time]] = field(
        default_factory=lambda: {day: (time(7, 30), time(17, 30)) for day in range(5)}
    )
    vacations: tuple[DateSpan, ...] = ()
    terms: tuple[DateSpan, ...] = ()  # for statistics: "/stats term"
    # China's public holidays and make-up working days (调休) from the chinesecalendar
    # package ("cn"), or none ("none": the school's own dates only).
    national: str = "cn"

    def term_on(self, day: date) -> DateSpan | None:
        """Return the term `day` falls in, if any."""
        return next((span for span in self.terms if span.first <= day <= span.last), None)

    # A make-up working day (a Saturday that is a working day) keeps this weekday's hours and
    # duty roster, unless the day says otherwise (0 = Monday).
    makeup_like: int = 0


@dataclass(frozen=True)
class WorkDay:
    """A day the school works though it would not (调休, a make-up day), and whose weekday's
    hours and roster it keeps."""

    name: str
    like: int = 0  # 0 = Monday


@dataclass(frozen=True)
class Plan:
    """Recurring planned work (后勤规划, 巡检): what, by which post, where, when, and how to
    check it. Each occurrence becomes a planned task in the repair log."""

    key: str
    title: str
    post_key: str
    rule: str  # when it repeats, as written ("每周一", "monthly on 2nd tue" …)
    title_en: str | None = None
    places: tuple[str, ...] = ()  # place keys, "教学楼/*" (its rooms), "classrooms", or none
    checklist: tuple[CheckItem, ...] = ()
    category: str | None = None  # default: the post's first category
    off_days: str = "next"  # on a non-working day: next (working day) | skip | run
    in_vacation: str = "pause"  # during a vacation: pause | run
    lead: str = "1d"  # created this long ahead of its day
    paused: bool = False

    def label(self, lang: Lang) -> str:
        """Return the plan's title in `lang`."""
        return (self.title_en or self.title) if lang == "en" else self.title


@dataclass(frozen=True)
class TermItem:
    """A longer-term item of the term plan (后勤规划): re-roof the science building."""

    key: str
    term: str  # the term's name, as in calendar.terms
    title: str
    due: date
    owner: str  # a post key or a staff member's name
    note: str = ""


@dataclass(frozen=True)
class Reminders:
    """How the bot keeps time limits: quiet hours, escalation and feedback delays."""

    quiet_starts: time = time(21, 0)
    quiet_ends: time = time(7, 0)
    escalate_after: str = "2h"  # past a deadline, then the head is told
    repeat_every: str = "4h"  # and told again, until someone acts (a working half-day)
    ask_feedback_after: str = "24h"  # done but not confirmed: ask the reporter again
    auto_confirm_after: str = "72h"  # then it closes as confirmed by default
    morning_at: time = time(7, 30)  # each worker's open list; the day's summary
    evening_at: time = time(18, 0)  # the reminder to tomorrow's duty
    default_limits: Mapping[str, TimeLimit] = field(
        default_factory=lambda: {
            "urgent": TimeLimit("30m", "4h"),
            "normal": TimeLimit("4h", "3d"),
        }
    )


# What a meeting may need (会务): the form offers these, templates name them.
NEEDS = ("sound", "projector", "banner", "name_cards", "tea", "sign_in", "photos")
LAYOUTS = ("rows", "u_shape", "round", "none")
RECEPTIONS = ("tea", "meal")  # a visit's reception, as the school's rule allows


@dataclass(frozen=True)
class MeetingTask:
    """One post's part of every meeting (or visit): what, and when relative to it."""

    key: str
    post_key: str
    task: str
    offset: str = "-30m"  # before (−) or after (+) the start, or the end with `from_end`
    from_end: bool = False
    needs: tuple[str, ...] = ()  # only for meetings that need one of these
    min_people: int = 0  # only for meetings this big
    kinds: tuple[str, ...] = ("meeting", "visit")


@dataclass(frozen=True)
class MeetingRules:
    """How the school runs meetings and visits: approval, the week's notice, the posts'
    tasks, and what reception its rule allows (per person, in yuan)."""

    approval: bool = True
    announce_weekday: int | None = 4  # the week ahead's meetings to the group (4 = Friday)
    announce_at: time = time(16, 0)
    rooms: tuple[str, ...] = ()  # place keys offered first on the form
    tasks: tuple[MeetingTask, ...] = ()
    reception: Mapping[str, int] = field(default_factory=lambda: {"tea": 0, "meal": 30})


# 公物损坏: why something broke, and how each cause is settled.
CAUSES = ("wear", "poor_care", "by_person", "deliberate", "unknown")
SETTLEMENTS = ("none", "cost", "double", "class")  # nothing; the cost; twice; the class pays


@dataclass(frozen=True)
class PriceItem:
    """One line of the compensation price list: 课桌 120 元, 玻璃 80 元/平方米."""

    item: str
    price: float
    unit: str | None = None  # priced per unit (平方米): a quantity is asked for


@dataclass(frozen=True)
class SchoolClass:
    """A class and its class teacher (班主任), who alone is told of its damage."""

    name: str
    teacher_id: int
    room: str | None = None  # its classroom's place key


@dataclass(frozen=True)
class DamageRules:
    """The compensation rule: how each cause is settled, the price list, the classes."""

    settle: Mapping[str, str] = field(
        default_factory=lambda: {
            "wear": "none", "poor_care": "none", "by_person": "cost",
            "deliberate": "double", "unknown": "none",
        }
    )  # fmt: skip
    prices: tuple[PriceItem, ...] = ()
    classes: tuple[SchoolClass, ...] = ()

    def price(self, item: str) -> PriceItem | None:
        return next((p for p in self.prices if p.item == item), None)

    def school_class(self, name: str) -> SchoolClass | None:
        wanted = name.replace("(", "（").replace(")", "）")
        return next((c for c in self.classes if c.name == name or c.name == wanted), None)


METER_ROUND = "meter_"  # a reading round's plan key: meter_<meter key>


@dataclass(frozen=True)
class Meter:
    """A water or power meter (水电管理): read by a post on a repeat rule, each round a
    planned task; its use is checked and posted for all (张榜公布)."""

    key: str
    name: str
    kind: str  # water | power
    unit: str  # m³, kWh
    post_key: str  # who reads it
    rule: str = "每月1日"  # when: a plan's repeat rule
    building: str | None = None  # None: the whole school
    digits: int = 6  # the counter's digits: it rolls over after 10**digits − 1
    price: float = 0.0  # yuan per unit
    closed_share: float = 0.3  # a day off using more than this share of a school day's: alert

    @property
    def plan_key(self) -> str:
        return f"{METER_ROUND}{self.key}"

    def as_plan(self) -> Plan:
        """Each reading round is a planned task, every day the rule names, breaks included."""
        return Plan(
            key=self.plan_key, title=f"抄表：{self.name}", post_key=self.post_key, rule=self.rule,
            places=(self.building,) if self.building else (), off_days="run", in_vacation="run",
        )  # fmt: skip


@dataclass(frozen=True)
class Setup:
    """Everything the school has set up, as one comparable value."""

    school_name: str = ""
    posts: tuple[Post, ...] = ()
    categories: tuple[CategoryDef, ...] = ()
    locations: tuple[Location, ...] = ()
    staff: tuple[Staff, ...] = ()
    shifts: tuple[Shift, ...] = ()
    holidays: Mapping[date, str] = field(default_factory=dict)
    workdays: Mapping[date, WorkDay] = field(default_factory=dict)
    calendar: Calendar = field(default_factory=Calendar)
    reminders: Reminders = field(default_factory=Reminders)
    plans: tuple[Plan, ...] = ()
    term_plan: tuple[TermItem, ...] = ()
    meetings: MeetingRules = field(default_factory=MeetingRules)
    damage: DamageRules = field(default_factory=DamageRules)
    meters: tuple[Meter, ...] = ()
    pupils: int = 0  # for use per pupil
    # Names of categories no longer offered, so old tickets still read well.
    retired_categories: Mapping[str, CategoryDef] = field(default_factory=dict, compare=False)
    # Which stored revision this value was read at: a change made from it is refused if the
    # set-up moved on meanwhile (two heads at once, an import while the bot runs).
    revision: int = field(default=0, compare=False)

    def post(self, key: str | None) -> Post | None:
        """Return the post with this key."""
        return next((p for p in self.posts if p.key == key), None)

    def category(self, key: str) -> CategoryDef | None:
        """Return the category with this key, also if it is no longer offered."""
        found = next((c for c in self.categories if c.key == key), None)
        return found or self.retired_categories.get(key)

    def category_label(self, key: str, lang: Lang) -> str:
        """Return a category's name in `lang` (its key if unknown)."""
        category = self.category(key)
        return category.label(lang) if category else key

    def staff_member(self, user_id: int) -> Staff | None:
        """Return the staff entry of a user."""
        return next((s for s in self.staff if s.user_id == user_id), None)

    def staff_named(self, name: str) -> Staff | None:
        """Return the staff member with this display name."""
        return next((s for s in self.staff if s.name == name), None)

    def holders(self, post_key: str) -> list[Staff]:
        """Return who holds a post."""
        return [s for s in self.staff if post_key in s.posts]

    def name_of(self, user_id: int) -> str:
        """Return a staff member's name, or the id."""
        member = self.staff_member(user_id)
        return member.name if member else str(user_id)

    def limits(self, category_key: str, urgency: str) -> TimeLimit:
        """Return the time limits for a ticket: its post's, else the school's defaults."""
        category = self.category(category_key)
        post = self.post(category.post_key if category else None)
        if post is not None and urgency in post.time_limits:
            return post.time_limits[urgency]
        return self.reminders.default_limits[urgency]

    def plan(self, key: str) -> Plan | None:
        """Return the plan with this key (a meter's reading rounds are one too)."""
        found = next((p for p in self.plans if p.key == key), None)
        if found is not None:
            return found
        meter = self.meter_of_plan(key)
        return meter.as_plan() if meter else None

    def all_plans(self) -> tuple[Plan, ...]:
        """Return the plans and the meters' reading rounds: what makes planned tasks."""
        return (*self.plans, *(m.as_plan() for m in self.meters))

    def meter(self, key: str) -> Meter | None:
        return next((m for m in self.meters if m.key == key or m.name == key), None)

    def meter_of_plan(self, plan_key: str | None) -> Meter | None:
        return next((m for m in self.meters if m.plan_key == plan_key), None)

    def post_category(self, post_key: str) -> str:
        """Return the category a post's planned work is filed under: its first category."""
        found = next((c.key for c in self.categories if c.post_key == post_key), None)
        return found or "other"

    def find_post(self, text: str) -> Post | None:
        """Find a post by key or by name in either language, ignoring case."""
        wanted = text.strip().lower()
        for post in self.posts:
            if wanted in {post.key.lower(), post.name.lower(), (post.name_en or "").lower()}:
                return post
        return None


def with_post(setup: Setup, post: Post) -> Setup:
    """Return the set-up with `post` added or replaced."""
    posts = [p for p in setup.posts if p.key != post.key]
    index = next((i for i, p in enumerate(setup.posts) if p.key == post.key), len(posts))
    posts.insert(index, post)
    return replace(setup, posts=tuple(posts))


def shift_order(shift: Shift, post_order: dict[str, int]) -> tuple:
    """Sort key that puts shifts in one canonical order, whatever order they were written in."""
    return (
        shift.holiday,
        shift.on_date or date.min,
        -1 if shift.weekday is None else shift.weekday,
        post_order.get(shift.post_key, len(post_order)),
        shift.starts,
        shift.user_id,
        shift.ends,
    )


# --- the set-up as plain data (the shape school.yaml and the database both keep) ---------------


def clock_range(text: str) -> tuple[time, time]:
    """Read a checked range like 07:30-17:30."""
    starts, ends = (part.strip() for part in text.split("-"))
    return time.fromisoformat(starts.zfill(5)), time.fromisoformat(ends.zfill(5))


def room_data(room: Room) -> str | dict[str, Any]:
    """Return a room as school.yaml writes it: its name, or its name with its aliases."""
    if not room.aliases:
        return room.name
    return {"room": room.name, "aliases": list(room.aliases)}


def room_from_data(data: str | Mapping[str, Any]) -> Room:
    """Read a room written by `room_data`."""
    if isinstance(data, str):
        return Room(data)
    return Room(str(data["room"]), tuple(str(a) for a in data.get("aliases", ())))


def calendar_data(calendar: Calendar) -> dict[str, Any]:
    """Return the calendar as plain data: working hours per weekday, vacations, terms."""
    return {
        "working_hours": {
            WEEKDAYS[day]: f"{opens:%H:%M}-{closes:%H:%M}"
            for day, (opens, closes) in calendar.working_hours.items()
        },
        "vacations": _spans_data(calendar.vacations),
        "terms": _spans_data(calendar.terms),
        "national": calendar.national,
        "makeup_like": WEEKDAYS[calendar.makeup_like],
    }


def _spans_data(spans: tuple[DateSpan, ...]) -> list[dict[str, str]]:
    return [{"from": s.first.isoformat(), "to": s.last.isoformat(), "name": s.name} for s in spans]


def calendar_from_data(data: Mapping[str, Any]) -> Calendar:
    """Read what `calendar_data` wrote (checked data: school.yaml or the database)."""
    hours = data.get("working_hours", {})
    return Calendar(
        working_hours={
            WEEKDAYS.index(day): clock_range(hours[day]) for day in WEEKDAYS if day in hours
        },
        vacations=_spans_from(data.get("vacations", [])),
        terms=_spans_from(data.get("terms", [])),
        national=str(data.get("national", "cn")),
        makeup_like=WEEKDAYS.index(data.get("makeup_like", "monday")),
    )


def _spans_from(items: list[Mapping[str, Any]]) -> tuple[DateSpan, ...]:
    spans = (DateSpan(_day(item["from"]), _day(item["to"]), str(item["name"])) for item in items)
    return tuple(sorted(spans, key=lambda span: span.first))


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def reminders_data(r: Reminders) -> dict[str, Any]:
    """Return the reminder settings as plain data."""
    return {
        "quiet_hours": f"{r.quiet_starts:%H:%M}-{r.quiet_ends:%H:%M}",
        "escalate_after": r.escalate_after,
        "repeat_every": r.repeat_every,
        "ask_feedback_after": r.ask_feedback_after,
        "auto_confirm_after": r.auto_confirm_after,
        "morning_at": f"{r.morning_at:%H:%M}",
        "evening_at": f"{r.evening_at:%H:%M}",
        "default_time_limits": {
            u: {"claim": t.claim, "fix": t.fix} for u, t in r.default_limits.items()
        },
    }


def reminders_from_data(data: Mapping[str, Any]) -> Reminders:
    """Read what `reminders_data` wrote; missing keys keep their defaults."""
    default = Reminders()
    quiet = clock_range(data.get("quiet_hours", "21:00-07:00"))
    limits = data.get("default_time_limits")
    return Reminders(
        quiet_starts=quiet[0],
        quiet_ends=quiet[1],
        escalate_after=data.get("escalate_after", default.escalate_after),
        repeat_every=data.get("repeat_every", default.repeat_every),
        ask_feedback_after=data.get("ask_feedback_after", default.ask_feedback_after),
        auto_confirm_after=data.get("auto_confirm_after", default.auto_confirm_after),
        morning_at=time.fromisoformat(str(data.get("morning_at", "07:30")).zfill(5)),
        evening_at=time.fromisoformat(str(data.get("evening_at", "18:00")).zfill(5)),
        default_limits=(
            {
                u.value: TimeLimit(limits[u]["claim"], limits[u]["fix"])
                for u in URGENCIES
                if u in limits
            }
            if limits
            else default.default_limits
        ),
    )


def check_item_data(item: CheckItem) -> str | dict[str, Any]:
    """Return a checklist item as school.yaml writes it: its text, or a mapping."""
    data: dict[str, Any] = {"item": item.text}
    if item.unit is not None:
        data["unit"] = item.unit
    if item.low is not None or item.high is not None:
        data["range"] = [item.low, item.high]
    if item.photo:
        data["photo"] = True
    if item.category is not None:
        data["category"] = item.category
    return item.text if len(data) == 1 else data


def check_item_from(data: str | Mapping[str, Any]) -> CheckItem:
    """Read what `check_item_data` wrote."""
    if isinstance(data, str):
        return CheckItem(data)
    low, high = (data.get("range") or [None, None])[:2]
    return CheckItem(
        text=str(data["item"]),
        unit=data.get("unit"),
        low=None if low is None else float(low),
        high=None if high is None else float(high),
        photo=bool(data.get("photo", False)),
        category=data.get("category"),
    )


def plan_data(plan: Plan) -> dict[str, Any]:
    """Return a plan as plain data (school.yaml's `plans:` entries; the database's rows)."""
    data: dict[str, Any] = {
        "key": plan.key,
        "title": plan.title,
        "title_en": plan.title_en,
        "post": plan.post_key,
        "repeat": plan.rule,
        "where": list(plan.places),
        "checklist": [check_item_data(item) for item in plan.checklist],
        "category": plan.category,
        "off_days": plan.off_days,
        "in_vacation": plan.in_vacation,
        "lead": plan.lead,
        "paused": plan.paused,
    }
    return {key: value for key, value in data.items() if value not in (None, [], False)}


def plan_from(data: Mapping[str, Any]) -> Plan:
    """Read what `plan_data` wrote (checked data)."""
    return Plan(
        key=str(data["key"]),
        title=str(data["title"]),
        title_en=data.get("title_en"),
        post_key=str(data["post"]),
        rule=str(data["repeat"]),
        places=tuple(str(p) for p in data.get("where", ())),
        checklist=tuple(check_item_from(item) for item in data.get("checklist", ())),
        category=data.get("category"),
        off_days=str(data.get("off_days", "next")),
        in_vacation=str(data.get("in_vacation", "pause")),
        lead=str(data.get("lead", "1d")),
        paused=bool(data.get("paused", False)),
    )


def meeting_rules_data(rules: MeetingRules) -> dict[str, Any]:
    """Return the meeting rules as school.yaml writes them (`meetings:`)."""
    return {
        "approval": rules.approval,
        "announce": (
            None
            if rules.announce_weekday is None
            else f"{WEEKDAYS[rules.announce_weekday]} {rules.announce_at:%H:%M}"
        ),
        "rooms": list(rules.rooms),
        "reception": dict(rules.reception),
        "tasks": [
            {
                key: value
                for key, value in {
                    "key": task.key,
                    "post": task.post_key,
                    "task": task.task,
                    "at": task.offset,
                    "from_end": task.from_end,
                    "needs": list(task.needs),
                    "min_people": task.min_people,
                    "kinds": list(task.kinds) if task.kinds != ("meeting", "visit") else [],
                }.items()
                if value not in (False, [], 0)
            }
            for task in rules.tasks
        ],
    }


def meeting_rules_from(data: Mapping[str, Any]) -> MeetingRules:
    """Read what `meeting_rules_data` wrote (checked data)."""
    announce = data.get("announce")
    weekday, at = None, time(16, 0)
    if announce:
        day, clock = str(announce).split()
        weekday, at = WEEKDAYS.index(day), time.fromisoformat(clock.zfill(5))
    return MeetingRules(
        approval=bool(data.get("approval", True)),
        announce_weekday=weekday,
        announce_at=at,
        rooms=tuple(data.get("rooms", ())),
        reception={str(k): int(v) for k, v in (data.get("reception") or {}).items()}
        or {"tea": 0, "meal": 30},
        tasks=tuple(
            MeetingTask(
                key=str(t["key"]),
                post_key=str(t["post"]),
                task=str(t["task"]),
                offset=str(t.get("at", "-30m")),
                from_end=bool(t.get("from_end", False)),
                needs=tuple(t.get("needs", ())),
                min_people=int(t.get("min_people", 0)),
                kinds=tuple(t.get("kinds") or ("meeting", "visit")),
            )
            for t in data.get("tasks", ())
        ),
    )


def damage_rules_data(rules: DamageRules) -> dict[str, Any]:
    """Return the compensation rule as school.yaml writes it (`damage:`)."""
    return {
        "settle": dict(rules.settle),
        "prices": [
            {k: v for k, v in {"item": p.item, "price": p.price, "unit": p.unit}.items() if v}
            for p in rules.prices
        ],
        "classes": [
            {
                k: v
                for k, v in {"class": c.name, "teacher_id": c.teacher_id, "room": c.room}.items()
                if v
            }
            for c in rules.classes
        ],
    }


def damage_rules_from(data: Mapping[str, Any]) -> DamageRules:
    """Read what `damage_rules_data` wrote (checked data)."""
    default = DamageRules()
    return DamageRules(
        settle={**default.settle, **(data.get("settle") or {})},
        prices=tuple(
            PriceItem(str(p["item"]), float(p["price"]), p.get("unit"))
            for p in data.get("prices", ())
        ),
        classes=tuple(
            SchoolClass(str(c["class"]), int(c["teacher_id"]), c.get("room"))
            for c in data.get("classes", ())
        ),
    )


def meter_data(meter: Meter) -> dict[str, Any]:
    data = {
        "key": meter.key, "name": meter.name, "kind": meter.kind, "unit": meter.unit,
        "post": meter.post_key, "repeat": meter.rule, "building": meter.building,
        "digits": meter.digits, "price": meter.price, "closed_share": meter.closed_share,
    }  # fmt: skip
    return {k: v for k, v in data.items() if v is not None}


def meter_from(data: Mapping[str, Any]) -> Meter:
    return Meter(
        key=str(data["key"]), name=str(data["name"]), kind=str(data["kind"]),
        unit=str(data["unit"]), post_key=str(data["post"]),
        rule=str(data.get("repeat", "每月1日")),
        building=data.get("building"), digits=int(data.get("digits", 6)),
        price=float(data.get("price", 0)), closed_share=float(data.get("closed_share", 0.3)),
    )  # fmt: skip
