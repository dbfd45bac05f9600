"""Planned work (后勤规划, 超前意识): when a plan's occurrences fall, and where it is done.

A plan's repeat rule is written the way a head would say it, in Chinese or English:

    每天 · daily                         every day
    每3天 · every 3 days                 counted from `from DATE` (default 2024-01-01)
    每周一 · 每周一、四 · weekly on mon,thu
    每2周周五 · every 2 weeks on fri      weeks counted from the week of `from DATE`
    每月15日 · monthly on 15
    每月第2个周二 · monthly on 2nd tue · 每月最后一个周五 · monthly on last fri
    开学前5个工作日 · 5 working days before each term
    学期结束后2个工作日 · 2 working days after each term
    2026-12-20 · once on 2026-12-20

On a day the school does not work, an occurrence moves to the next working day (`next`, the
default), is dropped (`skip`) or stays (`run`: the gate works every day); during a vacation a
plan pauses unless it says `run`. Rules relative to the terms fall in the holidays by nature
and are never paused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from bot.domain.places import Place, building_place, every_place, place_by_key, room_place
from bot.domain.setup import Plan, Room, Setup
from bot.domain.text import plain
from bot.domain.workcal import school_day

EPOCH = date(2024, 1, 1)  # a Monday: "every 2 weeks" counts its weeks from here by default
MAX_OCCURRENCES = 400  # per plan and request: a year of daily work and some
LEAD = re.compile(r"([0-9]{1,2})d")

_WEEKDAYS = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
    "一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
}  # fmt: skip
_NUMBERS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
_ORDINALS = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "last": -1, "最后一": -1}


RULE_EXAMPLES = "e.g. 每周一, 每月15日, 开学前5个工作日, 放假前"
COUNT = r"([0-9]+|[一两二三四五六七八])"


class RuleError(ValueError):
    """A repeat rule that cannot be read; the message shows how to write one."""


@dataclass(frozen=True)
class Rule:
    """A repeat rule, read."""

    kind: str  # days | weeks | month_day | month_weekday | term_start | term_end | once
    # | before_break: the last working day before each `day` or more days off in a row
    every: int = 1
    weekdays: tuple[int, ...] = ()
    day: int = 0  # day of the month, or working days before/after a term
    nth: int = 0  # 1..4, or -1 for the last
    on: date | None = None
    anchor: date = EPOCH


@cache
def parse_rule(text: str) -> Rule:
    """Read a repeat rule, or raise RuleError naming what is wrong (read once per text)."""
    words = " ".join(plain(text).lower().split())
    anchor = EPOCH
    if found := re.search(r"\s*(?:from|从)\s*([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})\s*(?:起)?$", words):
        anchor = _date(found[1])
        words = words[: found.start()].strip()
    for reader in (_daily, _weekly, _monthly, _term, _break, _once):
        rule = reader(words, anchor)
        if rule is not None:
            return rule
    raise RuleError(f"cannot read the repeat rule {text!r}; {RULE_EXAMPLES}")


def _daily(words: str, anchor: date) -> Rule | None:
    if words in ("daily", "每天", "每日"):
        return Rule("days", anchor=anchor)
    if found := re.fullmatch(r"(?:every ([0-9]+) days|每([0-9]+|[一两二三四五六七八])天)", words):
        return Rule("days", every=_count(found[1] or found[2]), anchor=anchor)
    return None


def _weekly(words: str, anchor: date) -> Rule | None:
    found = re.fullmatch(r"(?:weekly|every ([0-9]+) weeks) on ([a-z, ]+)", words)
    if found:
        days = tuple(_WEEKDAYS[w[:3]] for w in re.split(r"[, ]+", found[2]) if w[:3] in _WEEKDAYS)
        return Rule("weeks", every=_count(found[1] or "1"), weekdays=_sorted(days), anchor=anchor)
    found = re.fullmatch(r"每([0-9]+|[一两二三四五六七八])?(?:个)?(?:周|星期)(.+)", words)
    if found:
        names = re.findall(r"[一二三四五六日天]", found[2])
        rest = re.sub(r"[一二三四五六日天、,，和及与 ]|周|星期", "", found[2])
        if names and not rest:
            days = _sorted(tuple(_WEEKDAYS[n] for n in names))
            return Rule("weeks", every=_count(found[1] or "1"), weekdays=days, anchor=anchor)
    return None


def _monthly(words: str, anchor: date) -> Rule | None:
    if found := re.fullmatch(r"(?:monthly on ([0-9]{1,2})|每月([0-9]{1,2})[日号])", words):
        day = int(found[1] or found[2])
        if not 1 <= day <= 31:
            raise RuleError(f"{day} is not a day of the month")
        return Rule("month_day", day=day, anchor=anchor)
    found = re.fullmatch(r"monthly on (1st|2nd|3rd|4th|last) ([a-z]{3})[a-z]*", words)
    if found and found[2] in _WEEKDAYS:
        return Rule("month_weekday", nth=_ORDINALS[found[1]], weekdays=(_WEEKDAYS[found[2]],))
    nth_weekday = r"每月(?:第([1-4一二三四])|(最后一))个?(?:周|星期)([一二三四五六日天])"
    found = re.fullmatch(nth_weekday, words)
    if found:
        nth = -1 if found[2] else _count(found[1])
        return Rule("month_weekday", nth=nth, weekdays=(_WEEKDAYS[found[3]],))
    return None


def _term(words: str, anchor: date) -> Rule | None:
    english = re.fullmatch(r"([0-9]+) working days? (before|after) each term", words)
    if english:
        kind = "term_start" if english[2] == "before" else "term_end"
        return Rule(kind, day=int(english[1]))
    before = re.fullmatch(rf"(?:开学前|每学期开学前){COUNT}个?工作日", words)
    if before:
        return Rule("term_start", day=_count(before[1]))
    after = re.fullmatch(rf"(?:学期结束后|放假后|每学期结束后){COUNT}个?工作日", words)
    if after:
        return Rule("term_end", day=_count(after[1]))
    return None


def _break(words: str, anchor: date) -> Rule | None:
    """放假前 / before each break: the last working day before 3 (or N) days off or more."""
    if words in ("放假前", "每次放假前", "before each break", "before breaks"):
        return Rule("before_break", day=3)
    found = re.fullmatch(rf"(?:放{COUNT}天以上假前|before each break of ([0-9]+)\+? days)", words)
    if found:
        return Rule("before_break", day=_count(found[1] or found[2]))
    return None


def _once(words: str, anchor: date) -> Rule | None:
    found = re.fullmatch(r"(?:once on |仅)?([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})", words)
    return Rule("once", on=_date(found[1])) if found else None


def _count(text: str) -> int:
    value = int(text) if text.isdigit() else _NUMBERS.get(text, 0)
    if not 1 <= value <= 366:
        raise RuleError(f"{text!r} is not a count from 1 to 366")
    return value


def _sorted(days: tuple[int, ...]) -> tuple[int, ...]:
    if not days:
        raise RuleError("no weekday named; e.g. 每周一 or weekly on mon")
    return tuple(sorted(set(days)))


def _date(text: str) -> date:
    year, month, day = (int(part) for part in text.split("-"))
    try:
        return date(year, month, day)
    except ValueError:
        raise RuleError(f"{text!r} is not a date") from None


def lead_days(plan: Plan) -> int:
    """Return how many days ahead a plan's tasks are created ("1d" → 1)."""
    found = LEAD.fullmatch(plan.lead)
    return int(found[1]) if found else 1


# --- when ----------------------------------------------------------------------------------------


def rule_days(rule: Rule, setup: Setup, first: date, last: date) -> list[date]:
    """Return the days a rule names in [first, last], before any moving for days off."""
    if last < first:
        return []
    if rule.kind == "once":
        return [rule.on] if rule.on is not None and first <= rule.on <= last else []
    if rule.kind in ("term_start", "term_end"):
        found = []
        for term in setup.calendar.terms:
            if rule.kind == "term_start":
                day = _workdays_from(setup, term.first, -rule.day)
            else:
                day = _workdays_from(setup, term.last, rule.day)
            if first <= day <= last:
                found.append(day)
        return sorted(found)
    if rule.kind == "before_break":
        return _before_breaks(setup, first, last, rule.day)
    days = []
    day = first
    while day <= last and len(days) < MAX_OCCURRENCES:
        if _falls_on(rule, day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _before_breaks(setup: Setup, first: date, last: date, length: int) -> list[date]:
    """Return the working days in [first, last] followed by `length` or more days off."""
    found = []
    day = first
    while day <= last:
        if school_day(setup, day).working:
            off = 0
            while off < length and not school_day(setup, day + timedelta(days=off + 1)).working:
                off += 1
            if off >= length:
                found.append(day)
        day += timedelta(days=1)
    return found


def _falls_on(rule: Rule, day: date) -> bool:
    if rule.kind == "days":
        return (day - rule.anchor).days % rule.every == 0
    if rule.kind == "weeks":
        monday = rule.anchor - timedelta(days=rule.anchor.weekday())
        weeks = (day - monday).days // 7
        return day.weekday() in rule.weekdays and weeks % rule.every == 0
    if rule.kind == "month_day":
        end = _month_end(day)
        return day.day == min(rule.day, end.day)  # "每月31日" is the last day of a short month
    if rule.kind == "month_weekday":
        if day.weekday() != rule.weekdays[0]:
            return False
        if rule.nth == -1:
            return day + timedelta(days=7) > _month_end(day)
        return (day.day - 1) // 7 + 1 == rule.nth
    return False


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _workdays_from(setup: Setup, day: date, count: int) -> date:
    """Return the day `count` working days after (or, negative, before) `day`, counting the
    weekdays the school would work were it not a vacation (the terms' edges are vacations)."""
    step = 1 if count > 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        kind = school_day(setup, day)
        if kind.holiday is None and (kind.makeup or day.weekday() in _workweek(setup)):
            remaining -= 1
    return day


def _workweek(setup: Setup) -> frozenset[int]:
    return frozenset(setup.calendar.working_hours)


def plan_days(plan: Plan, setup: Setup, first: date, last: date) -> list[date]:
    """Return the days a plan's tasks fall on in [first, last]: its rule's days, moved off
    days the school does not work, or dropped, as the plan says."""
    rule = parse_rule(plan.rule)
    term_bound = rule.kind in ("term_start", "term_end", "before_break")
    # A day moved forward may come from just before `first`: look a little further back.
    candidates = rule_days(rule, setup, first - timedelta(days=14), last)
    days: list[date] = []
    for day in candidates:
        kind = school_day(setup, day)
        in_vacation = any(v.first <= day <= v.last for v in setup.calendar.vacations)
        if in_vacation and plan.in_vacation == "pause" and not term_bound:
            continue
        if not kind.working and not term_bound:
            if plan.off_days == "skip":
                continue
            if plan.off_days == "next":
                day = _next_working(setup, day)
        if first <= day <= last and day not in days:
            days.append(day)
    return sorted(days)


def _next_working(setup: Setup, day: date) -> date:
    for _ in range(366):
        day += timedelta(days=1)
        if school_day(setup, day).working:
            return day
    return day


# --- where ---------------------------------------------------------------------------------------

EVERY_CLASSROOM = ("classrooms", "每间教室", "所有教室")
EVERY_ROOM = ("rooms", "所有房间", "每个房间")


def plan_places(plan: Plan, setup: Setup) -> list[Place]:
    """Return where a plan is done: rooms, buildings, "教学楼/*" (its rooms), "每间教室"
    (rooms with a class living there, or numbered), "所有房间"; empty when nowhere in
    particular. Places no longer on the list are left out."""
    found: list[Place] = []
    for wanted in plan.places:
        if wanted in EVERY_ROOM:
            found.extend(p for p in every_place(setup) if "/" in p.key)
        elif wanted in EVERY_CLASSROOM:
            for location in setup.locations:
                found.extend(
                    room_place(location, room) for room in location.rooms if is_classroom(room)
                )
        elif wanted.endswith("/*"):
            location = next((loc for loc in setup.locations if loc.building == wanted[:-2]), None)
            if location is not None:
                found.extend(room_place(location, room) for room in location.rooms)
                if not location.rooms:
                    found.append(building_place(location))
        else:
            place = place_by_key(setup, wanted)
            if place is not None:
                found.append(place)
    unique: dict[str, Place] = {}
    for place in found:
        unique.setdefault(place.key, place)
    return list(unique.values())


def is_classroom(room: Room) -> bool:
    """Tell whether a room is a classroom: numbered (302), or a class lives there (三年级二班,
    三(2)班, Class 3-2)."""
    return room.name.isdigit() or any(
        "班" in alias or "class" in alias.lower() for alias in room.aliases
    )


def place_known(setup: Setup, wanted: str) -> bool:
    """Tell whether a plan's `where` entry names something on the school's list."""
    if wanted in EVERY_ROOM or wanted in EVERY_CLASSROOM:
        return True
    if wanted.endswith("/*"):
        return any(loc.building == wanted[:-2] for loc in setup.locations)
    return place_by_key(setup, wanted) is not None
