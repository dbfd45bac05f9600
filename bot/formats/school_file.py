"""school.yaml ⇄ `Setup`: parse and check the whole file, naming the line and field of each
error, and write the current set-up back out in the same shape."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, time
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from bot.domain.places import place_by_key
from bot.domain.plans import LEAD, RuleError, parse_rule, place_known
from bot.domain.setup import (
    CAUSES,
    NEEDS,
    RECEPTIONS,
    SETTLEMENTS,
    URGENCIES,
    WEEKDAYS,
    Calendar,
    CategoryDef,
    Location,
    Post,
    Reminders,
    Room,
    Setup,
    Shift,
    Staff,
    TermItem,
    TimeLimit,
    WorkDay,
    calendar_data,
    calendar_from_data,
    damage_rules_data,
    damage_rules_from,
    meeting_rules_data,
    meeting_rules_from,
    meter_data,
    meter_from,
    plan_data,
    plan_from,
    reminders_data,
    reminders_from_data,
    room_data,
    shift_order,
)

Path_ = tuple[str | int, ...]
SHIFT_TIME = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


class SchoolFileError(Exception):
    """The file cannot be loaded; one line per problem, each naming where it is."""


def _text(value: Any) -> Any:
    # Unquoted room numbers (101) and dates read as numbers or dates; keep them as written.
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _duration(value: str) -> str:
    if not re.fullmatch(r"\d+[mhd]", value):
        raise ValueError(f"{value!r} is not a time limit like 30m, 4h or 2d")
    return value


def _key(value: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", value):
        raise ValueError(f"{value!r} is not a key: lower-case letters, digits and _")
    return value


Text = Annotated[str, BeforeValidator(_text)]
Duration = Annotated[str, AfterValidator(_duration)]
Key = Annotated[str, AfterValidator(_key)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LimitIn(_Model):
    claim: Duration
    fix: Duration


class PostIn(_Model):
    key: Key
    name: Text = Field(min_length=1)
    name_en: Text | None = None
    standard: Text = ""
    responsibilities: list[Text] = []
    time_limits: dict[Literal["urgent", "normal"], LimitIn] = {}


class CategoryIn(_Model):
    key: Key
    name: Text = Field(min_length=1)
    name_en: Text | None = None
    post: str | None = None
    keywords: list[Text] = []


class RoomIn(_Model):
    room: Text = Field(min_length=1)
    aliases: list[Text] = []  # the class that lives there: 三年级二班, 三(2)班


class LocationIn(_Model):
    building: Text = Field(min_length=1)
    aliases: list[Text] = []
    rooms: list[RoomIn | Text] = []  # "205", or {room: "205", aliases: [三年级二班]}

    def room_list(self) -> tuple[Room, ...]:
        return tuple(
            Room(r.room, tuple(r.aliases)) if isinstance(r, RoomIn) else Room(r)
            for r in self.rooms
        )


class StaffIn(_Model):
    name: Text = Field(min_length=1, max_length=32)
    telegram_id: int
    posts: list[str] = []


class ShiftIn(_Model):
    post: str
    worker: Text
    time: str


class OverrideIn(ShiftIn):
    date: date
    note: Text | None = None


class HolidayIn(_Model):
    date: date
    name: Text = Field(min_length=1)


class SchoolIn(_Model):
    name: Text = ""
    pupils: int = Field(default=0, ge=0, le=100_000)  # for use per pupil


class MeterIn(_Model):
    key: Key
    name: Text = Field(min_length=1, max_length=30)
    kind: Literal["water", "power"]
    unit: Text = Field(min_length=1, max_length=8)
    post: str
    repeat: Text = "每月1日"
    building: Text | None = None
    digits: int = Field(default=6, ge=3, le=10)
    price: float = Field(default=0, ge=0, le=1000)
    closed_share: float = Field(default=0.3, gt=0, le=1)


class SpanIn(_Model):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    first: date = Field(alias="from")
    last: date = Field(alias="to")
    name: Text = Field(min_length=1)


class CalendarIn(_Model):
    working_hours: dict[Literal[WEEKDAYS], str] = {  # type: ignore[valid-type]
        day: "07:30-17:30" for day in WEEKDAYS[:5]
    }
    vacations: list[SpanIn] = []
    terms: list[SpanIn] = []
    national: Literal["cn", "none"] = "cn"
    makeup_like: Literal[WEEKDAYS] = "monday"  # type: ignore[valid-type]


class WorkDayIn(_Model):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    date: date
    name: Text = Field(min_length=1)
    like: Literal[WEEKDAYS] = "monday"  # type: ignore[valid-type]


class CheckItemIn(_Model):
    item: Text = Field(min_length=1, max_length=100)
    unit: Text | None = None
    range: tuple[float | None, float | None] | None = None
    photo: bool = False
    category: str | None = None


class PlanIn(_Model):
    key: Key
    title: Text = Field(min_length=1, max_length=60)
    title_en: Text | None = None
    post: str
    repeat: Text
    where: list[Text] = []
    checklist: list[CheckItemIn | Text] = []
    category: str | None = None
    off_days: Literal["next", "skip", "run"] = "next"
    in_vacation: Literal["pause", "run"] = "pause"
    lead: str = "1d"
    paused: bool = False


class TermItemIn(_Model):
    key: Key
    term: Text
    title: Text = Field(min_length=1, max_length=80)
    due: date
    owner: Text
    note: Text = ""


class MeetingTaskIn(_Model):
    key: Key
    post: str
    task: Text = Field(min_length=1, max_length=60)
    at: str = "-30m"  # before (−) or after (+) the start, or the end with from_end
    from_end: bool = False
    needs: list[Literal[NEEDS]] = []  # type: ignore[valid-type]
    min_people: int = Field(default=0, ge=0)
    kinds: list[Literal["meeting", "visit"]] = []


class MeetingsIn(_Model):
    approval: bool = True
    announce: str | None = "friday 16:00"  # the week ahead's meetings, to the group
    rooms: list[Text] = []
    reception: dict[Literal[RECEPTIONS], int] = {"tea": 0, "meal": 30}  # type: ignore[valid-type]
    tasks: list[MeetingTaskIn] = []


class PriceIn(_Model):
    item: Text = Field(min_length=1, max_length=20)
    price: float = Field(gt=0, le=100_000)
    unit: Text | None = None


class ClassIn(_Model):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    name: Text = Field(alias="class", min_length=1, max_length=20)
    teacher_id: int
    room: str | None = None


class DamageIn(_Model):
    settle: dict[Literal[CAUSES], Literal[SETTLEMENTS]] = {}  # type: ignore[valid-type]
    prices: list[PriceIn] = []
    classes: list[ClassIn] = []


class RemindersIn(_Model):
    quiet_hours: str = "21:00-07:00"
    escalate_after: Duration = "2h"
    repeat_every: Duration = "4h"
    ask_feedback_after: Duration = "24h"
    auto_confirm_after: Duration = "72h"
    morning_at: str = "07:30"
    evening_at: str = "18:00"
    default_time_limits: dict[Literal["urgent", "normal"], LimitIn] = {
        "urgent": LimitIn(claim="30m", fix="4h"),
        "normal": LimitIn(claim="4h", fix="3d"),
    }


class SchoolFile(_Model):
    school: SchoolIn = SchoolIn()
    posts: list[PostIn] = []
    categories: list[CategoryIn] = []
    locations: list[LocationIn] = []
    staff: list[StaffIn] = []
    roster: dict[Literal[WEEKDAYS], list[ShiftIn]] = {}  # type: ignore[valid-type]
    overrides: list[OverrideIn] = []
    holidays: list[HolidayIn] = []
    holiday_duty: list[ShiftIn] = []
    workdays: list[WorkDayIn] = []
    calendar: CalendarIn = CalendarIn()
    reminders: RemindersIn = RemindersIn()
    plans: list[PlanIn] = []
    term_plan: list[TermItemIn] = []
    meetings: MeetingsIn = MeetingsIn()
    damage: DamageIn = DamageIn()
    meters: list[MeterIn] = []


# --- reading ----------------------------------------------------------------------------------


def parse_school_file(text: str) -> Setup:
    """Parse and check a school.yaml text; raise SchoolFileError listing every problem."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise SchoolFileError(f"not valid YAML: {exc}") from None
    marks: dict[Path_, str] = {}
    data = _plain(root, (), marks) if root is not None else {}
    if not isinstance(data, dict):
        raise SchoolFileError("line 1: the file must be a mapping (posts:, staff:, roster: …)")
    return parse_school_data(data, marks)


def parse_school_data(data: dict[str, Any], marks: dict[Path_, str]) -> Setup:
    """Check plain set-up data (read from YAML or a workbook) and return the set-up; raise
    SchoolFileError listing every problem, each placed by `marks` (a path's line, or its
    sheet, row and column)."""
    try:
        parsed = SchoolFile.model_validate(data)
    except ValidationError as exc:
        problems = [
            _where(tuple(error["loc"]), marks) + f": {error['msg'].removeprefix('Value error, ')}"
            for error in exc.errors()
        ]
        raise SchoolFileError("\n".join(problems)) from None
    problems = list(_cross_check(parsed, marks))
    if problems:
        raise SchoolFileError("\n".join(problems))
    return _to_setup(parsed)


def _plain(node: yaml.Node, path: Path_, lines: dict[Path_, str]) -> Any:
    """Turn a composed YAML node into plain data, noting each path's line."""
    lines[path] = f"line {node.start_mark.line + 1}"
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            result[key] = _plain(value_node, (*path, key), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, (*path, index), lines) for index, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _where(path: Path_, lines: dict[Path_, str]) -> str:
    """Render a path as `roster.monday[2].worker (line 40)` (or its sheet, row and column)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    for cut in range(len(path), -1, -1):
        if path[:cut] in lines:
            return f"{text or 'file'} ({lines[path[:cut]]})"
    return text or "file"


def _cross_check(parsed: SchoolFile, lines: dict[Path_, str]) -> Iterator[str]:
    """Yield every reference to something the file does not define, and every duplicate."""

    def problem(path: Path_, message: str) -> str:
        return f"{_where(path, lines)}: {message}"

    posts = [p.key for p in parsed.posts]
    lists: list[tuple[Path_, list[str]]] = [
        (("posts",), posts),
        (("categories",), [c.key for c in parsed.categories]),
        (("locations",), [loc.building for loc in parsed.locations]),
        (("staff",), [s.name for s in parsed.staff]),
    ]
    lists += [
        (("locations", i, "rooms"), [room.name for room in loc.room_list()])
        for i, loc in enumerate(parsed.locations)
    ]
    for where, keys in lists:
        seen: set[str] = set()
        for index, key in enumerate(keys):
            if key in seen:
                yield problem((*where, index), f"{key!r} appears twice")
            seen.add(key)
    ids: set[int] = set()
    for index, member in enumerate(parsed.staff):
        if member.telegram_id in ids:
            yield problem(("staff", index, "telegram_id"), "this telegram_id appears twice")
        ids.add(member.telegram_id)
        for p_index, post in enumerate(member.posts):
            if post not in posts:
                yield problem(("staff", index, "posts", p_index), f"unknown post {post!r}")
    for index, category in enumerate(parsed.categories):
        if category.post is not None and category.post not in posts:
            yield problem(("categories", index, "post"), f"unknown post {category.post!r}")
    names = {s.name for s in parsed.staff}
    for path, shift in _all_shifts(parsed):
        if shift.post not in posts:
            yield problem((*path, "post"), f"unknown post {shift.post!r}")
        if shift.worker not in names:
            yield problem((*path, "worker"), f"unknown worker {shift.worker!r}")
        if _shift_times(shift.time) is None:
            yield problem((*path, "time"), f"not a time range like 07:30-17:30: {shift.time!r}")
    for path, text, is_range in _time_checks(parsed):
        ok = _shift_times(text) is not None if is_range else _clock(text) is not None
        if not ok:
            example = "07:30-17:30" if is_range else "07:30"
            yield problem(path, f"not a time like {example}: {text!r}")
    for label in ("vacations", "terms"):
        for index, span in enumerate(getattr(parsed.calendar, label)):
            if span.last < span.first:
                yield problem(("calendar", label, index), "ends before it starts")
    yield from (problem(path, message) for path, message in _plan_problems(parsed))
    yield from (problem(path, message) for path, message in _meeting_problems(parsed))
    places = Setup(locations=tuple(
        Location(loc.building, tuple(loc.aliases), loc.room_list()) for loc in parsed.locations
    ))  # fmt: skip
    seen: set[str] = set()
    for index, school_class in enumerate(parsed.damage.classes):
        if school_class.name in seen:
            yield problem(
                ("damage", "classes", index, "class"), f"{school_class.name!r} appears twice"
            )
        seen.add(school_class.name)
        if school_class.room is not None and place_by_key(places, school_class.room) is None:
            yield problem(
                ("damage", "classes", index, "room"), f"unknown place {school_class.room!r}"
            )
    meter_keys: list[str] = []
    for index, meter in enumerate(parsed.meters):
        at: Path_ = ("meters", index)
        if meter.key in meter_keys:
            yield problem((*at, "key"), f"{meter.key!r} appears twice")
        meter_keys.append(meter.key)
        if meter.post not in {p.key for p in parsed.posts}:
            yield problem((*at, "post"), f"unknown post {meter.post!r}")
        try:
            parse_rule(meter.repeat)
        except RuleError as exc:
            yield problem((*at, "repeat"), str(exc))
        if meter.building is not None and not any(
            loc.building == meter.building for loc in parsed.locations
        ):
            yield problem((*at, "building"), f"unknown building {meter.building!r}")
    items = [p.item for p in parsed.damage.prices]
    for index, item in enumerate(items):
        if items.index(item) != index:
            yield problem(("damage", "prices", index, "item"), f"{item!r} appears twice")


OFFSET = re.compile(r"[-+]([0-9]{1,3})(m|h)")


def _meeting_problems(parsed: SchoolFile) -> Iterator[tuple[Path_, str]]:
    """Yield what is wrong with the meeting rules: posts, rooms, offsets, the notice's time."""
    rules = parsed.meetings
    posts = {p.key for p in parsed.posts}
    places = Setup(locations=tuple(
        Location(loc.building, tuple(loc.aliases), loc.room_list()) for loc in parsed.locations
    ))  # fmt: skip
    if rules.announce is not None:
        words = rules.announce.split()
        if len(words) != 2 or words[0] not in WEEKDAYS or _clock(words[1]) is None:
            yield (
                ("meetings", "announce"),
                f"not a weekday and time like 'friday 16:00': {rules.announce!r}",
            )
    for index, room in enumerate(rules.rooms):
        if place_by_key(places, room) is None:
            yield ("meetings", "rooms", index), f"unknown place {room!r} (教学楼/302)"
    seen: set[str] = set()
    for index, task in enumerate(rules.tasks):
        at: Path_ = ("meetings", "tasks", index)
        if task.key in seen:
            yield (*at, "key"), f"{task.key!r} appears twice"
        seen.add(task.key)
        if task.post not in posts:
            yield (*at, "post"), f"unknown post {task.post!r}"
        if not OFFSET.fullmatch(task.at):
            yield (*at, "at"), f"not a time before or after like -30m, -2h, +15m: {task.at!r}"


WHERE_EXAMPLES = "e.g. 教学楼, 教学楼/302, 教学楼/*, 每间教室"


def _plan_problems(parsed: SchoolFile) -> Iterator[tuple[Path_, str]]:
    """Yield what is wrong with the plans and the term plan: unknown posts, places,
    categories and terms; rules, lead times and ranges that cannot be read."""
    posts = {p.key for p in parsed.posts}
    categories = {c.key for c in parsed.categories}
    places = Setup(locations=tuple(
        Location(loc.building, tuple(loc.aliases), loc.room_list()) for loc in parsed.locations
    ))  # fmt: skip
    seen: set[str] = set()
    for index, plan in enumerate(parsed.plans):
        at: Path_ = ("plans", index)
        if plan.key in seen:
            yield (*at, "key"), f"{plan.key!r} appears twice"
        if plan.key.startswith("meter_"):
            yield (*at, "key"), "meter_… is kept for the meters' reading rounds"
        seen.add(plan.key)
        if plan.post not in posts:
            yield (*at, "post"), f"unknown post {plan.post!r}"
        try:
            parse_rule(plan.repeat)
        except RuleError as exc:
            yield (*at, "repeat"), str(exc)
        for w_index, wanted in enumerate(plan.where):
            if not place_known(places, wanted):
                yield (
                    (*at, "where", w_index),
                    f"unknown place {wanted!r} (教学楼, 教学楼/302, 教学楼/*, 每间教室)",
                )
        if plan.category is not None and plan.category not in categories:
            yield (*at, "category"), f"unknown category {plan.category!r}"
        if not LEAD.fullmatch(plan.lead):
            yield (*at, "lead"), f"not a number of days like 1d: {plan.lead!r}"
        for i_index, item in enumerate(plan.checklist):
            if isinstance(item, str):
                continue
            low, high = item.range or (None, None)
            if low is not None and high is not None and high < low:
                yield (*at, "checklist", i_index, "range"), "the range ends below where it starts"
            if item.category is not None and item.category not in categories:
                yield (
                    (*at, "checklist", i_index, "category"),
                    f"unknown category {item.category!r}",
                )
    terms = {t.name for t in parsed.calendar.terms}
    owners = posts | {s.name for s in parsed.staff}
    keys: set[str] = set()
    for index, item in enumerate(parsed.term_plan):
        at = ("term_plan", index)
        if item.key in keys:
            yield (*at, "key"), f"{item.key!r} appears twice"
        keys.add(item.key)
        if item.term not in terms:
            yield (*at, "term"), f"unknown term {item.term!r} (calendar.terms)"
        if item.owner not in owners:
            yield (*at, "owner"), f"unknown owner {item.owner!r}: a post key or a staff name"


def _time_checks(parsed: SchoolFile) -> Iterator[tuple[Path_, str, bool]]:
    """Yield (path, text, is_range) for every clock time the file holds outside shifts."""
    for day, hours in parsed.calendar.working_hours.items():
        yield ("calendar", "working_hours", day), hours, True
    yield ("reminders", "quiet_hours"), parsed.reminders.quiet_hours, True
    yield ("reminders", "morning_at"), parsed.reminders.morning_at, False
    yield ("reminders", "evening_at"), parsed.reminders.evening_at, False


def _clock(text: str) -> time | None:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return time(int(match[1]), int(match[2]))


def _all_shifts(parsed: SchoolFile) -> Iterator[tuple[Path_, ShiftIn]]:
    for day, shifts in parsed.roster.items():
        for index, shift in enumerate(shifts):
            yield ("roster", day, index), shift
    for index, shift in enumerate(parsed.overrides):
        yield ("overrides", index), shift
    for index, shift in enumerate(parsed.holiday_duty):
        yield ("holiday_duty", index), shift


def _shift_times(text: str) -> tuple[time, time] | None:
    match = SHIFT_TIME.match(text)
    if match is None:
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        return None
    return time(h1, m1), time(h2, m2)


def _to_setup(parsed: SchoolFile) -> Setup:
    ids = {s.name: s.telegram_id for s in parsed.staff}
    post_order = {p.key: index for index, p in enumerate(parsed.posts)}
    shifts = []
    for path, shift in _all_shifts(parsed):
        times = _shift_times(shift.time)
        assert times is not None
        extra: dict[str, Any] = {}
        if path[0] == "roster":
            extra["weekday"] = WEEKDAYS.index(str(path[1]))
        elif path[0] == "overrides":
            assert isinstance(shift, OverrideIn)
            extra.update(on_date=shift.date, note=shift.note)
        else:
            extra["holiday"] = True
        shifts.append(Shift(shift.post, ids[shift.worker], times[0], times[1], **extra))
    return Setup(
        school_name=parsed.school.name,
        posts=tuple(
            Post(
                key=p.key,
                name=p.name,
                name_en=p.name_en,
                standard=p.standard,
                responsibilities=tuple(p.responsibilities),
                time_limits={
                    u.value: TimeLimit(p.time_limits[u].claim, p.time_limits[u].fix)
                    for u in URGENCIES
                    if u in p.time_limits
                },
            )
            for p in parsed.posts
        ),
        categories=tuple(
            CategoryDef(c.key, c.name, c.name_en, c.post, tuple(c.keywords))
            for c in parsed.categories
        ),
        locations=tuple(
            Location(loc.building, tuple(loc.aliases), loc.room_list()) for loc in parsed.locations
        ),
        staff=tuple(
            sorted(
                (
                    Staff(s.name, s.telegram_id, tuple(sorted(s.posts, key=post_order.get)))
                    for s in parsed.staff
                ),
                key=lambda s: s.user_id,
            )
        ),
        shifts=tuple(sorted(shifts, key=lambda s: shift_order(s, post_order))),
        holidays={h.date: h.name for h in sorted(parsed.holidays, key=lambda h: h.date)},
        workdays={
            w.date: WorkDay(w.name, WEEKDAYS.index(w.like))
            for w in sorted(parsed.workdays, key=lambda w: w.date)
        },
        calendar=_calendar(parsed.calendar),
        reminders=_reminders(parsed.reminders),
        plans=tuple(plan_from(_plan_data(p)) for p in parsed.plans),
        term_plan=tuple(
            TermItem(i.key, i.term, i.title, i.due, i.owner, i.note) for i in parsed.term_plan
        ),
        meetings=meeting_rules_from(_meetings_data(parsed.meetings)),
        damage=damage_rules_from(parsed.damage.model_dump(by_alias=True)),
        meters=tuple(meter_from({**m.model_dump(), "repeat": m.repeat}) for m in parsed.meters),
        pupils=parsed.school.pupils,
    )


def _meetings_data(given: MeetingsIn) -> dict[str, Any]:
    data = given.model_dump()
    data["tasks"] = [{**task.model_dump(), "post": task.post} for task in given.tasks]
    return data


def _plan_data(given: PlanIn) -> dict[str, Any]:
    data = given.model_dump()
    data["checklist"] = [
        item if isinstance(item, str) else _compact_item(item) for item in given.checklist
    ]
    return data


def _compact_item(item: CheckItemIn) -> dict[str, Any]:
    data = item.model_dump()
    data["range"] = list(item.range) if item.range else None
    return {key: value for key, value in data.items() if value not in (None, False)}


def _calendar(given: CalendarIn) -> Calendar:
    return calendar_from_data(given.model_dump(by_alias=True))


def _reminders(given: RemindersIn) -> Reminders:
    return reminders_from_data(given.model_dump())


# --- writing ----------------------------------------------------------------------------------


def dump_school_file(setup: Setup) -> str:
    """Write the set-up as school.yaml text that `parse_school_file` reads back equal."""
    return yaml.safe_dump(school_data(setup), allow_unicode=True, sort_keys=False, width=100)


def school_data(setup: Setup) -> dict[str, Any]:
    """Return the set-up as plain data, the shape school.yaml has (and the workbook's)."""
    names = {s.user_id: s.name for s in setup.staff}

    def shift(s: Shift) -> dict[str, Any]:
        span = f"{s.starts:%H:%M}-{s.ends:%H:%M}"
        return {"post": s.post_key, "worker": names.get(s.user_id, str(s.user_id)), "time": span}

    data: dict[str, Any] = {
        "school": {"name": setup.school_name, "pupils": setup.pupils},
        "posts": [
            _compact(
                {
                    "key": p.key,
                    "name": p.name,
                    "name_en": p.name_en,
                    "standard": p.standard,
                    "responsibilities": list(p.responsibilities),
                    "time_limits": {
                        u: {"claim": t.claim, "fix": t.fix} for u, t in p.time_limits.items()
                    },
                }
            )
            for p in setup.posts
        ],
        "categories": [
            _compact(
                {
                    "key": c.key,
                    "name": c.name,
                    "name_en": c.name_en,
                    "post": c.post_key,
                    "keywords": list(c.keywords),
                }
            )
            for c in setup.categories
        ],
        "locations": [
            {
                "building": loc.building,
                "aliases": list(loc.aliases),
                "rooms": [room_data(room) for room in loc.rooms],
            }
            for loc in setup.locations
        ],
        "staff": [
            {"name": s.name, "telegram_id": s.user_id, "posts": list(s.posts)} for s in setup.staff
        ],
        "roster": {
            day: [shift(s) for s in setup.shifts if s.weekday == index and not s.on_date]
            for index, day in enumerate(WEEKDAYS)
        },
        "overrides": [
            _compact({"date": s.on_date, **shift(s), "note": s.note})
            for s in setup.shifts
            if s.on_date is not None
        ],
        "holidays": [{"date": day, "name": name} for day, name in setup.holidays.items()],
        "holiday_duty": [shift(s) for s in setup.shifts if s.holiday],
        "workdays": [
            {"date": day, "name": w.name, "like": WEEKDAYS[w.like]}
            for day, w in setup.workdays.items()
        ],
        "calendar": calendar_data(setup.calendar),
        "reminders": reminders_data(setup.reminders),
        "plans": [plan_data(plan) for plan in setup.plans],
        "term_plan": [
            _compact(
                {
                    "key": i.key,
                    "term": i.term,
                    "title": i.title,
                    "due": i.due,
                    "owner": i.owner,
                    "note": i.note,
                }
            )
            for i in setup.term_plan
        ],
        "meetings": meeting_rules_data(setup.meetings),
        "damage": damage_rules_data(setup.damage),
        "meters": [meter_data(m) for m in setup.meters],
    }
    data["roster"] = {day: shifts for day, shifts in data["roster"].items() if shifts}
    return data


def _compact(item: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if value not in (None, "", [], {})}
