"""From a report's words to a category, a known place, and the person to tell."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from bot.domain.model import Urgency
from bot.domain.places import Place, recognise_place, without_leading_place
from bot.domain.roster import on_duty
from bot.domain.setup import Setup

FALLBACK_CATEGORY = "other"


def guess_category(setup: Setup, text: str) -> str:
    """Return the category whose keywords the text matches best (longer words weigh more)."""
    lowered = text.lower()
    best, best_score = None, 0
    for category in setup.categories:
        score = sum(len(word) for word in category.keywords if word.lower() in lowered)
        if score > best_score:
            best, best_score = category.key, score
    if best is not None:
        return best
    keys = [c.key for c in setup.categories]
    return FALLBACK_CATEGORY if FALLBACK_CATEGORY in keys or not keys else keys[-1]


# Words that mean danger make a report urgent; a negation in front of urgency does not.
DANGER_WORDS = (
    "紧急", "急修", "很急", "特急", "急需", "冒烟", "漏电", "触电", "着火", "失火", "起火",
    "火花", "短路", "爆",
    "跑水", "水淹", "煤气", "燃气", "urgent", "asap", "emergency", "smoke", "spark", "fire",
    "burst", "gas", "flood", "shock",
)  # fmt: skip
CALM_WORDS = (
    "不紧急",
    "不急",
    "不着急",
    "不用急",
    "不是很急",
    "not urgent",
    "no rush",
    "no hurry",
)


def guess_urgency(text: str) -> Urgency:
    """Return urgent when the words speak of danger or say so, and the report does not say
    it is not urgent ("不紧急", "not urgent")."""
    lowered = text.lower()
    if any(word in lowered for word in CALM_WORDS):
        return Urgency.NORMAL
    return Urgency.URGENT if any(word in lowered for word in DANGER_WORDS) else Urgency.NORMAL


@dataclass(frozen=True)
class Routing:
    """Where a ticket of some category goes now: its post, who to suggest, who to tell."""

    post_key: str | None
    suggested_id: int | None
    notify_ids: tuple[int, ...]
    reason: str  # on_duty | off_duty | urgent_off_duty | no_holder | no_post


def route(
    setup: Setup,
    category_key: str,
    moment: datetime,
    tz: tzinfo,
    admin_ids: frozenset[int],
    *,
    urgent: bool = False,
) -> Routing:
    """Route to the post's worker on duty now; else its other holders; else the admins.

    Urgent with nobody of its post on duty means now: its holders, whoever is on duty for
    any post (at night, the gatekeeper) and the head are all called at once."""
    category = setup.category(category_key)
    post = setup.post(category.post_key if category else None)
    if post is None:
        return Routing(None, None, tuple(sorted(admin_ids)), "no_post")
    duty = [d.user_id for d in on_duty(setup, moment, tz, post.key)]
    if duty:
        return Routing(post.key, duty[0], tuple(dict.fromkeys(duty)), "on_duty")
    holders = tuple(s.user_id for s in setup.holders(post.key))
    if urgent:
        awake = tuple(d.user_id for d in on_duty(setup, moment, tz))
        called = tuple(dict.fromkeys((*holders, *awake, *sorted(admin_ids))))
        return Routing(post.key, None, called, "urgent_off_duty")
    if holders:
        return Routing(post.key, None, holders, "off_duty")
    return Routing(post.key, None, tuple(sorted(admin_ids)), "no_holder")


def dispatchable(setup: Setup, user_id: int, moment: datetime, tz: tzinfo) -> frozenset[str]:
    """Return the categories whose post `user_id` is on duty for at `moment`: the worker on
    duty hands their own post's tickets to a colleague (转单)."""
    posts = {duty.post_key for duty in on_duty(setup, moment, tz) if duty.user_id == user_id}
    return frozenset(c.key for c in setup.categories if c.post_key in posts)


@dataclass(frozen=True)
class ReportPlan:
    """What a new report becomes: its words, category, place as stored, and routing."""

    description: str
    category: str
    location: str | None
    location_key: str | None
    routing: Routing
    urgency: Urgency


def plan_report(
    setup: Setup,
    *,
    text: str,
    category: str | None,
    moment: datetime,
    tz: tzinfo,
    admin_ids: frozenset[int],
    place: Place | None = None,
    place_text: str | None = None,
    urgency: Urgency | None = None,
) -> ReportPlan:
    """Guess the category and the urgency (unless given), find the place (unless given: a
    known place, or the words someone typed for it), and route."""
    chosen = category or guess_category(setup, text)
    urgent = (urgency or guess_urgency(text)) is Urgency.URGENT
    known = place or recognise_place(setup, place_text or text)
    return ReportPlan(
        description=without_leading_place(setup, text, known),
        category=chosen,
        location=known.label if known else place_text,
        location_key=known.key if known else None,
        routing=route(setup, chosen, moment, tz, admin_ids, urgent=urgent),
        urgency=Urgency.URGENT if urgent else Urgency.NORMAL,
    )
