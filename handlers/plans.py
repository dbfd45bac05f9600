"""Planned work in chat: /plans (the head pauses, resumes, removes), /addplan, /workday, the
term plan (/plan), and inspection walks point by point (🔎, ✅ / ❌ / 不适用).

An inspection is walked in private, in one message edited as the worker goes: a number or a
photo, and the short note a fault needs, are the next message (an awaited answer).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.domain.errors import Refused
from bot.domain.model import Action, Status, Ticket
from bot.domain.pending import INSPECT, PendingInput
from bot.domain.planned import (
    FAIL,
    NA,
    OK,
    Checked,
    Point,
    Walk,
    current_term,
    next_point,
    point_at,
    term_owners,
    term_status,
)
from bot.domain.plans import RuleError, lead_days, parse_rule, place_known, plan_days
from bot.domain.roster import parse_day, weekday_of
from bot.domain.setup import Plan, Setup, WorkDay
from bot.domain.tickets import allowed_actions
from bot.domain.users import Actor
from bot.i18n import Lang, t
from handlers.common import (
    HouqinApp,
    HouqinContext,
    MenuCommand,
    actor_of,
    edit_quietly,
    fit,
    is_private,
    lang_of,
    reply,
    send_private,
    user_lang,
)
from handlers.school import REMOVE_WORDS, WEEKDAY_LABELS, change, require_admin
from handlers.views import card_text, personal_markup

PLAN_BUTTON = re.compile(r"pl:(pause|resume|drop|dropyes):([a-z0-9_]{1,40})")
WALK_BUTTON = re.compile(
    r"in:([0-9]{1,9}):(go|r([0-9]{1,3})|([0-9]{1,3}):([0-9]{1,2}):(ok|fail|na))"
)
TERM_BUTTON = re.compile(r"pt:([a-z0-9_]{1,40})")
MAX_PLAN_ROWS = 20


# --- /plans ----------------------------------------------------------------------------------


def next_day(setup: Setup, plan: Plan, today: date, made: date | None = None) -> date | None:
    """Return the next day a plan's task falls on (within a year) whose task is not made
    yet (`made`: the last day made), or None."""
    first = max(today, made + timedelta(days=1)) if made else today
    days = plan_days(plan, setup, first, first + timedelta(days=400))
    return days[0] if days else None


def plans_text(lang: Lang, setup: Setup, today: date, made: dict[str, date] | None = None) -> str:
    """Return the plans, one line each: what, who, when, where, and the next day."""
    if not setup.plans:
        return t(lang, "plans.none")
    lines = [t(lang, "plans.title", count=len(setup.plans))]
    for number, plan in enumerate(setup.plans, 1):
        post = setup.post(plan.post_key)
        parts = [plan.label(lang), post.label(lang) if post else plan.post_key, plan.rule]
        if plan.places:
            parts.append("、".join(plan.places[:3]) + ("…" if len(plan.places) > 3 else ""))
        if plan.checklist:
            parts.append(t(lang, "plans.items", count=len(plan.checklist)))
        if plan.paused:
            parts.append(t(lang, "plans.paused"))
        else:
            upcoming = next_day(setup, plan, today, (made or {}).get(plan.key))
            parts.append(t(lang, "plans.next", day=upcoming.isoformat() if upcoming else "—"))
        lines.append(f"{number}. " + " · ".join(parts))
    return "\n".join(lines)


def plans_markup(lang: Lang, setup: Setup) -> InlineKeyboardMarkup | None:
    """Return ⏸ / ▶️ and 🗑 per plan, for the head."""
    rows = []
    for number, plan in enumerate(setup.plans[:MAX_PLAN_ROWS], 1):
        verb = "resume" if plan.paused else "pause"
        rows.append(
            [
                InlineKeyboardButton(
                    t(lang, f"btn.plan_{verb}", n=number), callback_data=f"pl:{verb}:{plan.key}"
                ),
                InlineKeyboardButton(
                    t(lang, "btn.plan_drop", n=number), callback_data=f"pl:drop:{plan.key}"
                ),
            ]
        )
    return InlineKeyboardMarkup(rows) if rows else None


async def on_plans(update: Update, context: HouqinContext) -> None:
    """/plans: the recurring work; the head gets buttons to pause, resume and remove (in
    private, where the list is theirs alone)."""
    lang = lang_of(update, context)
    actor = await actor_of(update, context)
    today = context.services.clock.now().astimezone(context.settings.tz).date()
    made = await context.services.planned.progress()
    text = plans_text(lang, context.setup, today, made)
    markup = None
    if actor.is_admin and is_private(update):
        markup = plans_markup(lang, context.setup)
        text += "\n\n" + t(lang, "plans.how_to_add")
    await reply(update, context, fit(text), markup)


async def on_plan_button(update: Update, context: HouqinContext) -> None:
    """⏸ pause, ▶️ resume, 🗑 remove (asks once) a plan."""
    query = update.callback_query
    assert query is not None
    match = PLAN_BUTTON.fullmatch(query.data or "")
    if match is None:
        raise Refused("button_invalid")
    verb, key = match[1], match[2]
    actor = await actor_of(update, context)
    if not actor.is_admin:
        raise Refused("only_admin")
    lang = lang_of(update, context)
    setup = context.setup
    plan = setup.plan(key)
    if plan is None:
        raise Refused("no_such_plan", value=key)
    if verb == "drop":
        yes = InlineKeyboardButton(t(lang, "btn.plan_drop_yes"), callback_data=f"pl:dropyes:{key}")
        await query.answer()
        await edit_quietly(
            query.edit_message_text(
                t(lang, "plans.drop_ask", title=plan.label(lang)),
                reply_markup=InlineKeyboardMarkup([[yes]]),
            )
        )
        return
    if verb == "dropyes":
        new = replace(setup, plans=tuple(p for p in setup.plans if p.key != key))
        what = "remove_plan"
    else:
        changed = replace(plan, paused=verb == "pause")
        new = replace(setup, plans=tuple(changed if p.key == key else p for p in setup.plans))
        what = f"{verb}_plan"
    services = context.services
    now = services.clock.now()
    setup = await services.school.change(actor, what=what, new=new, now=now, note=plan.title)
    await query.answer(t(lang, f"plans.{what}", title=plan.label(lang)))
    today = now.astimezone(context.settings.tz).date()
    made = await services.planned.progress()
    await edit_quietly(
        query.edit_message_text(
            fit(plans_text(lang, setup, today, made)), reply_markup=plans_markup(lang, setup)
        )
    )


# --- /addplan 标题 岗位 规则 [地点…] ----------------------------------------------------------


def read_addplan(setup: Setup, words: list[str]) -> Plan:
    """Read /addplan's words: the title, the post, the repeat rule (the longest run of words
    that reads as one), and the places after it."""
    if len(words) < 3:
        raise Refused("addplan_usage")
    title, post_word, rest = words[0][:60], words[1], words[2:]
    post = setup.find_post(post_word)
    if post is None:
        raise Refused("no_such_post", value=post_word[:20])
    for cut in range(len(rest), 0, -1):
        rule = " ".join(rest[:cut])
        try:
            parse_rule(rule)
        except RuleError:
            continue
        places = tuple(rest[cut:])
        unknown = [p for p in places if not place_known(setup, p)]
        if unknown:
            raise Refused("plan_place_unknown", value=unknown[0][:30])
        key = "p_" + hashlib.sha256(f"{title}|{post.key}|{rule}".encode()).hexdigest()[:8]
        if setup.plan(key) is not None:
            raise Refused("plan_exists", value=title)
        return Plan(key=key, title=title, post_key=post.key, rule=rule, places=places)
    raise Refused("plan_rule_unknown", value=" ".join(rest)[:40])


async def on_addplan(update: Update, context: HouqinContext) -> None:
    """/addplan 消防器材检查 门卫 每周一 [地点…] — a checklist is written in school.yaml."""
    await require_admin(update, context)
    plan = read_addplan(context.setup, context.args or [])
    new = replace(context.setup, plans=(*context.setup.plans, plan))
    lang = lang_of(update, context)
    today = context.services.clock.now().astimezone(context.settings.tz).date()
    upcoming = next_day(new, plan, today)
    note = f"{plan.title} · {plan.rule}"
    await change(update, context, what="add_plan", new=new, note=note)
    if upcoming is not None:
        ahead = upcoming - timedelta(days=lead_days(plan))
        await reply(
            update,
            context,
            t(lang, "plans.added_next", day=upcoming.isoformat(), made=ahead.isoformat()),
        )


# --- /workday 2026-10-10 [周一] [名称] ---------------------------------------------------------


async def on_workday(update: Update, context: HouqinContext) -> None:
    """/workday DATE [周X] [名称] (or `remove`): a day the school works though it would not
    (调休), keeping the hours and roster of a weekday (the calendar's default: Monday)."""
    await require_admin(update, context)
    args = context.args or []
    lang = lang_of(update, context)
    today = context.services.clock.now().astimezone(context.settings.tz).date()
    day = parse_day(args[0], today) if args else None
    if day is None:
        await reply(update, context, t(lang, "setup.usage.workday"))
        return
    rest = args[1:]
    workdays = dict(context.setup.workdays)
    if rest and rest[0].lower() in REMOVE_WORDS:
        workdays.pop(day, None)
        note = f"{day.isoformat()} −"
    else:
        named = weekday_of(rest[0]) if rest else None
        like = context.setup.calendar.makeup_like if named is None else named
        if named is not None:
            rest = rest[1:]
        name = " ".join(rest)[:40] or t(lang, "workday.default_name")
        workdays[day] = WorkDay(name, like)
        note = f"{day.isoformat()} {name} ({WEEKDAY_LABELS['zh'][like]})"
    new = replace(context.setup, workdays=dict(sorted(workdays.items())))
    await change(update, context, what="workday", new=new, note=note)


# --- the term plan ---------------------------------------------------------------------------


async def on_plan(update: Update, context: HouqinContext) -> None:
    """/plan [term]: this term's plan — each item done, due within a week, late or planned;
    its owner and the head get a ✅ button (in private)."""
    lang = lang_of(update, context)
    actor = await actor_of(update, context)
    setup = context.setup
    services = context.services
    today = services.clock.now().astimezone(context.settings.tz).date()
    term = current_term(setup, today)
    items = [i for i in setup.term_plan if term is not None and i.term == term.name]
    if term is None or not items:
        await reply(update, context, t(lang, "term.none"))
        return
    done = await services.planned.term_done()
    lines = [t(lang, "term.title", term=term.name, count=len(items))]
    rows = []
    for item in items:
        status = term_status(item, done, today)
        lines.append(
            t(
                lang,
                f"term.{status}",
                title=item.title,
                due=item.due.isoformat(),
                owner=owner_label(lang, setup, item.owner),
            )
        )
        may = actor.is_admin or actor.user_id in term_owners(setup, item)
        if status != "done" and is_private(update) and may:
            label = t(lang, "btn.term_done", title=item.title[:20])
            rows.append([InlineKeyboardButton(label, callback_data=f"pt:{item.key}")])
    await reply(
        update, context, fit("\n".join(lines)), InlineKeyboardMarkup(rows) if rows else None
    )


def owner_label(lang: Lang, setup: Setup, owner: str) -> str:
    post = setup.post(owner)
    return post.label(lang) if post else owner


async def on_term_button(update: Update, context: HouqinContext) -> None:
    """✅ on a term-plan item: done (its owner or the head)."""
    query = update.callback_query
    assert query is not None
    match = TERM_BUTTON.fullmatch(query.data or "")
    item = next((i for i in context.setup.term_plan if match and i.key == match[1]), None)
    if item is None:
        raise Refused("button_invalid")
    actor = await actor_of(update, context)
    services = context.services
    await services.planned.mark_term_done(actor, item, services.clock.now())
    lang = lang_of(update, context)
    await query.answer(t(lang, "term.marked", title=item.title))
    await edit_quietly(query.edit_message_reply_markup(None))


# --- inspection walks -----------------------------------------------------------------------


def walk_text(lang: Lang, walk: Walk, point: Point | None, *, title: str, last: str = "") -> str:
    """Return the walk's message: where, which point, the progress so far."""
    ticket = walk.ticket
    lines = [t(lang, "walk.title", id=ticket.id, title=title)]
    if last:
        lines.append(last)
    if point is None:
        lines.append(t(lang, "walk.all_checked"))
    else:
        if point.room_name:
            lines.append(t(lang, "walk.room", room=point.room_name))
        lines.append(
            t(
                lang,
                "walk.item",
                n=point.item_index + 1,
                of=len(ticket.checklist),
                item=point.item.text,
            )
        )
        if point.item.wants_number:
            lines.append(t(lang, "walk.ask_number", rule=range_text(lang, point)))
        elif point.item.photo:
            lines.append(t(lang, "walk.ask_photo"))
    faults = len(walk.faults)
    lines.append(
        t(
            lang,
            "walk.progress",
            done=len(walk.results),
            total=len(walk.ticket.checklist) * max(len(ticket.rooms), 1),
            faults=faults,
        )
    )
    return "\n".join(lines)


def range_text(lang: Lang, point: Point) -> str:
    item = point.item
    unit = item.unit or ""
    if item.low is not None and item.high is not None:
        return t(lang, "walk.range", low=f"{item.low:g}", high=f"{item.high:g}", unit=unit)
    if item.low is not None:
        return t(lang, "walk.at_least", low=f"{item.low:g}", unit=unit)
    if item.high is not None:
        return t(lang, "walk.at_most", high=f"{item.high:g}", unit=unit)
    return unit


def room_index(ticket: Ticket, room_key: str) -> int:
    keys = [key for key, _ in ticket.rooms] or [""]
    return keys.index(room_key)


def walk_markup(lang: Lang, ticket: Ticket, point: Point | None) -> InlineKeyboardMarkup | None:
    """Return ✅ / ❌ / 不适用 for a point (a number or a photo is typed or sent: ❌ and 不适用
    only), and a row to jump to the next room."""
    if point is None:
        return None
    base = f"in:{ticket.id}:{room_index(ticket, point.room_key)}:{point.item_index}"
    verdicts = [(FAIL, "btn.fault"), (NA, "btn.na")]
    if not (point.item.wants_number or point.item.photo):
        verdicts.insert(0, (OK, "btn.ok"))
    rows = [
        [InlineKeyboardButton(t(lang, label), callback_data=f"{base}:{verdict}")
         for verdict, label in verdicts]
    ]  # fmt: skip
    return InlineKeyboardMarkup(rows)


def plan_title(lang: Lang, context: HouqinContext, ticket: Ticket) -> str:
    plan = context.setup.plan(ticket.plan_key or "")
    return plan.label(lang) if plan else ticket.description


async def await_point(
    context: HouqinContext, actor: Actor, ticket: Ticket, point: Point | None, *, verdict: str = ""
) -> None:
    """Await the answer a point needs from the next message (a number, a photo, a note), or
    nothing: a button answers it."""
    services = context.services
    needs_message = point is not None and (
        verdict == FAIL or point.item.wants_number or point.item.photo
    )
    if point is None or not needs_message:
        pending = await services.inputs.get(user_id=actor.user_id, chat_id=actor.user_id)
        if pending is not None and pending.kind == INSPECT:
            await services.inputs.clear(user_id=actor.user_id, chat_id=actor.user_id)
        return
    data = {"room": point.room_key, "item": point.item_index, "verdict": verdict or OK}
    pending = PendingInput(
        user_id=actor.user_id, chat_id=actor.user_id, kind=INSPECT, ticket_id=ticket.id, data=data
    )
    await services.inputs.put(pending, now=services.clock.now())


async def show_walk(
    update: Update,
    context: HouqinContext,
    actor: Actor,
    ticket_id: int,
    *,
    room_key: str | None = None,
    in_place: bool,
) -> None:
    """Start or go on with an inspection: claim it if nobody has, then show the next point
    (in `room_key`'s room, when a room's sticker was scanned)."""
    services = context.services
    lang = await user_lang(context, actor.user_id)
    walk = await services.planned.walk(ticket_id)
    ticket = walk.ticket
    if ticket.status is Status.OPEN:
        outcome = await services.tickets.act(
            Action.CLAIM, actor=actor, ticket_id=ticket_id, now=services.clock.now()
        )
        walk = replace(walk, ticket=outcome.ticket)
    elif ticket.status is not Status.CLAIMED:
        raise Refused("inspection_not_started", id=ticket_id)
    elif ticket.assignee_id != actor.user_id and not actor.is_admin:
        raise Refused("forbidden_inspect", id=ticket_id, assignee=ticket.assignee_name or "")
    point = walk.next
    if room_key is not None:
        point = next_point(walk.ticket, walk.checked, room_key=room_key) or point
    if point is None:  # every point checked (a crash before it was closed): close it now
        closed = await services.planned.finish(actor, ticket_id, services.clock.now())
        await send_or_edit(
            update,
            context,
            card_text(lang, closed, context.setup, viewer=actor),
            None,
            in_place=in_place,
        )
        return
    await await_point(context, actor, walk.ticket, point)
    text = walk_text(lang, walk, point, title=plan_title(lang, context, walk.ticket))
    await send_or_edit(
        update, context, text, walk_markup(lang, walk.ticket, point), in_place=in_place
    )


async def send_or_edit(
    update: Update,
    context: HouqinContext,
    text: str,
    markup: InlineKeyboardMarkup | None,
    *,
    in_place: bool,
) -> None:
    query = update.callback_query
    if (
        in_place
        and query is not None
        and query.message is not None
        and query.message.chat.type == "private"
    ):
        await query.answer()
        if getattr(query.message, "photo", None):
            await edit_quietly(query.edit_message_caption(fit(text, 1024), reply_markup=markup))
        else:
            await edit_quietly(query.edit_message_text(fit(text), reply_markup=markup))
        return
    if query is not None:
        sent = await send_private(context, query.from_user.id, fit(text), markup)
        await query.answer(
            None if sent else t(lang_of(update, context), "ask.private_first_view"),
            show_alert=sent is None,
        )
        return
    await reply(update, context, fit(text), markup)


async def on_walk_button(update: Update, context: HouqinContext) -> None:
    """🔎 start/go on; ✅ / ❌ / 不适用 on a point."""
    query = update.callback_query
    assert query is not None
    match = WALK_BUTTON.fullmatch(query.data or "")
    if match is None:
        raise Refused("button_invalid")
    ticket_id = int(match[1])
    actor = await actor_of(update, context)
    if match[2] == "go" or match[3] is not None:
        ticket = await context.services.tickets.get(ticket_id)
        room = None
        if match[3] is not None:
            index = int(match[3])
            room = ticket.rooms[index][0] if index < len(ticket.rooms) else None
        await show_walk(update, context, actor, ticket_id, room_key=room, in_place=True)
        return
    ticket = await context.services.tickets.get(ticket_id)
    index, item, verdict = int(match[4]), int(match[5]), match[6]
    rooms = [key for key, _ in ticket.rooms] or [""]
    if index >= len(rooms):
        raise Refused("button_invalid")
    room_key = rooms[index]
    lang = lang_of(update, context)
    if verdict == FAIL:  # a fault: what is wrong, in a few words (the next message)
        point = point_at(ticket, room_key, item)
        if point is None:
            raise Refused("button_invalid")
        await await_point(context, actor, ticket, point, verdict=FAIL)
        await query.answer()
        await edit_quietly(
            query.edit_message_text(
                fit(t(lang, "walk.ask_fault", item=point.item.text, room=point.room_name or "")),
                reply_markup=None,
            )
        )
        return
    checked = await context.services.planned.check(
        actor,
        ticket_id,
        room_key=room_key,
        item_index=item,
        verdict=verdict,
        now=context.services.clock.now(),
    )
    await after_check(update, context, actor, checked, in_place=True)


async def after_check(
    update: Update, context: HouqinContext, actor: Actor, checked: Checked, *, in_place: bool
) -> None:
    """Show what the answer did and the next point, or the finished inspection."""
    services = context.services
    lang = await user_lang(context, actor.user_id)
    mark = {OK: "✅", FAIL: "❌", NA: "—"}[checked.verdict]
    last = f"{mark} {checked.point.item.text}"
    if checked.point.room_name:
        last = f"{checked.point.room_name} · {last}"
    if not checked.recorded:
        last = t(lang, "walk.already", item=checked.point.item.text)
    if checked.repair is not None:
        last += "\n" + t(lang, "walk.repair_opened", id=checked.repair.id)
    if checked.finished:
        await await_point(context, actor, checked.ticket, None)
        ticket = checked.ticket
        text = t(lang, "walk.finished", id=ticket.id, note=ticket.last_note or "")
        markup = personal_markup(lang, ticket, allowed_actions(actor, ticket))
        await send_or_edit(update, context, last + "\n\n" + text, markup, in_place=in_place)
        return
    walk = await services.planned.walk(checked.ticket.id)
    point = checked.next or walk.next
    await await_point(context, actor, walk.ticket, point)
    text = walk_text(lang, walk, point, title=plan_title(lang, context, walk.ticket), last=last)
    await send_or_edit(
        update, context, text, walk_markup(lang, walk.ticket, point), in_place=in_place
    )


NUMBER = re.compile(r"[-+]?[0-9]+(?:[.,][0-9]+)?")


async def complete_inspection(
    update: Update, context: HouqinContext, pending: PendingInput
) -> None:
    """The awaited answer of an inspection point: a number, a photo, or a fault's note."""
    message = update.effective_message
    assert message is not None and pending.ticket_id is not None
    actor = await actor_of(update, context)
    lang = lang_of(update, context)
    verdict = pending.data.get("verdict", OK)
    text = (message.text or message.caption or "").strip()
    photo = message.photo[-1].file_id if message.photo else None
    value = None
    ticket = await context.services.tickets.get(pending.ticket_id)
    point = point_at(ticket, pending.data.get("room", ""), int(pending.data.get("item", -1)))
    if point is None:
        await context.services.inputs.clear(user_id=pending.user_id, chat_id=pending.chat_id)
        raise Refused("stale_button", id=ticket.id)
    note: str | None = text or None
    if point.item.wants_number and verdict != FAIL:
        found = NUMBER.fullmatch(text.replace(" ", ""))
        if found is None:
            await reply(
                update, context, t(lang, "walk.not_a_number", rule=range_text(lang, point))
            )
            return
        value, note = float(found[0].replace(",", ".")), None
    elif point.item.photo and verdict != FAIL and photo is None:
        await reply(update, context, t(lang, "walk.ask_photo"))
        return
    elif verdict == FAIL and not text:
        await reply(
            update,
            context,
            t(lang, "walk.ask_fault", item=point.item.text, room=point.room_name or ""),
        )
        return
    checked = await context.services.planned.check(
        actor,
        ticket.id,
        room_key=point.room_key,
        item_index=point.item_index,
        verdict=verdict,
        value=value,
        note=note,
        photo=photo,
        now=context.services.clock.now(),
    )
    await after_check(update, context, actor, checked, in_place=False)


async def inspection_at(update: Update, context: HouqinContext, place_key: str) -> bool:
    """A worker scanned a room's sticker while an inspection of that room (or of its
    building) is in hand: its points there, rather than a report. False if there is none."""
    actor = await actor_of(update, context)
    if not actor.is_worker:
        return False
    building = place_key.split("/", 1)[0]
    held = await context.services.tickets.held_by(actor.user_id, limit=50)
    for ticket in held:
        keys = [key for key, _ in ticket.rooms]
        room = place_key if place_key in keys else building if building in keys else None
        if ticket.status is not Status.CLAIMED or room is None:
            continue
        walk = await context.services.planned.walk(ticket.id)
        if next_point(ticket, walk.checked, room_key=room) is not None:
            await show_walk(update, context, actor, ticket.id, room_key=room, in_place=False)
            return True
    return False


def register(application: HouqinApp) -> None:
    """Add /plans, /addplan, /workday, /plan and the walk's buttons."""
    application.add_handler(MenuCommand("plans", on_plans, group=True))
    application.add_handler(MenuCommand("plan", on_plan, group=True))
    application.add_handler(MenuCommand("addplan", on_addplan))
    application.add_handler(MenuCommand("workday", on_workday))
    application.add_handler(CallbackQueryHandler(on_plan_button, pattern=r"^pl:"))
    application.add_handler(CallbackQueryHandler(on_walk_button, pattern=r"^in:"))
    application.add_handler(CallbackQueryHandler(on_term_button, pattern=r"^pt:"))
