"""Posts, duty and routing in chat (定岗·定位·定责): lookups for everyone, changes for the head."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, time, timedelta, tzinfo

from telegram import Update
from telegram.ext import CommandHandler

from bot.domain.errors import Refused
from bot.domain.roster import Duty, duties_on, next_duties, on_duty, parse_day, weekday_of
from bot.domain.routing import guess_category
from bot.domain.setup import URGENCIES, Post, Setup, Shift, Staff, with_post
from bot.domain.text import plain
from bot.domain.workcal import school_day
from bot.i18n import Lang, t
from handlers.common import HouqinApp, HouqinContext, MenuCommand, actor_of, lang_of, reply

TIME_RANGE = re.compile(r"([0-9]{1,2}):([0-9]{2})-([0-9]{1,2}):([0-9]{2})")
DEFAULT_SHIFT = (time(8, 0), time(17, 0))


# --- how things read ---------------------------------------------------------------------------


def names(setup: Setup, user_ids: list[int] | tuple[int, ...], lang: Lang) -> str:
    """Return people's names joined for the language."""
    listed = [setup.name_of(user_id) for user_id in dict.fromkeys(user_ids)]
    return ("、" if lang == "zh" else ", ").join(listed) or t(lang, "nobody")


def span(duty: Duty) -> str:
    """Return a duty's hours, e.g. 18:00–08:00 (+1 means it ends the next day)."""
    overnight = "⁺¹" if duty.ends.date() > duty.starts.date() else ""
    return f"{duty.starts:%H:%M}–{duty.ends:%H:%M}{overnight}"


def duration(lang: Lang, text: str) -> str:
    """Return a time limit like 4h as 4小时 / 4 h."""
    return t(lang, f"unit.{text[-1]}", n=text[:-1])


def post_text(lang: Lang, setup: Setup, post: Post) -> str:
    """Return one post's standard, responsibilities, categories, holders and time limits."""
    lines = [t(lang, "post.title", post=post.label(lang))]
    if post.standard:
        lines.append(t(lang, "post.standard", text=post.standard))
    if post.responsibilities:
        lines.append(t(lang, "post.duties"))
        lines.extend(f"  • {item}" for item in post.responsibilities)
    handled = [c.label(lang) for c in setup.categories if c.post_key == post.key]
    if handled:
        lines.append(t(lang, "post.categories", names="、".join(handled)))
    holders = [s.user_id for s in setup.holders(post.key)]
    lines.append(t(lang, "post.holders", names=names(setup, holders, lang)))
    if post.time_limits:
        lines.append(t(lang, "post.limits"))
        for urgency in URGENCIES:
            limit = post.time_limits.get(urgency)
            if limit is not None:
                lines.append(
                    "  "
                    + t(
                        lang,
                        "post.limit_line",
                        urgency=t(lang, f"urgency.{urgency}"),
                        claim=duration(lang, limit.claim),
                        fix=duration(lang, limit.fix),
                    )
                )
        lines.append(t(lang, "post.limits_note"))
    return "\n".join(lines)


def duty_lines(lang: Lang, setup: Setup, duties: list[Duty]) -> list[str]:
    """Return one line per duty: post, name, hours."""
    if not duties:
        return [t(lang, "duty.nobody")]
    lines = []
    for duty in duties:
        post = setup.post(duty.post_key)
        lines.append(
            t(
                lang,
                "duty.line",
                post=post.label(lang) if post else duty.post_key,
                name=setup.name_of(duty.user_id),
                span=span(duty),
            )
        )
    return lines


def day_label(lang: Lang, day: date) -> str:
    """Return 12-01 周二 / 12-01 Tue."""
    weekday = "一二三四五六日"[day.weekday()] if lang == "zh" else f"{day:%a}"
    return f"{day:%m-%d} 周{weekday}" if lang == "zh" else f"{day:%m-%d} {weekday}"


# --- lookups -----------------------------------------------------------------------------------


async def on_posts(update: Update, context: HouqinContext) -> None:
    """/posts: every post and who holds it."""
    lang = lang_of(update, context)
    setup = context.setup
    if not setup.posts:
        await reply(update, context, t(lang, "posts.none"))
        return
    lines = [t(lang, "posts.title")]
    for post in setup.posts:
        holders = [s.user_id for s in setup.holders(post.key)]
        lines.append(
            t(lang, "posts.line", post=post.label(lang), holders=names(setup, holders, lang))
        )
    lines.append(t(lang, "posts.hint"))
    await reply(update, context, "\n".join(lines))


def find_post(setup: Setup, text: str) -> Post:
    """Return the post named `text`, or refuse."""
    post = setup.find_post(text)
    if post is None:
        raise Refused("no_such_post", value=text[:20])
    return post


async def on_post(update: Update, context: HouqinContext) -> None:
    """/post 电工: the post's written standard, responsibilities and time limits."""
    lang = lang_of(update, context)
    if not context.args:
        await reply(update, context, t(lang, "post_usage"))
        return
    post = find_post(context.setup, " ".join(context.args))
    from handlers.rules import post_extras  # the rules it names, its responsibility letter

    extra, markup = await post_extras(update, context, post)
    await reply(update, context, "\n".join([post_text(lang, context.setup, post), *extra]), markup)


async def on_duty_command(update: Update, context: HouqinContext) -> None:
    """/duty [tomorrow | 2026-12-01 | wed | post]: who is on duty."""
    lang = lang_of(update, context)
    setup = context.setup
    tz = context.settings.tz
    now = context.services.clock.now()
    today = now.astimezone(tz).date()
    arg = " ".join(context.args or []).strip()
    if not arg:
        lines = [t(lang, "duty.now", time=f"{now.astimezone(tz):%H:%M}")]
        lines += duty_lines(lang, setup, on_duty(setup, now, tz))
        lines += ["", *day_lines(lang, setup, today, tz)]
        await reply(update, context, "\n".join(lines))
        return
    day = parse_day(arg, today)
    if day is not None:
        await reply(update, context, "\n".join(day_lines(lang, setup, day, tz)))
        return
    post = setup.find_post(arg)
    if post is None:
        raise Refused("duty.bad_day", value=arg[:20])
    lines = [t(lang, "duty.post_week", post=post.label(lang))]
    for offset in range(7):
        day = today + timedelta(days=offset)
        duties = [d for d in duties_on(setup, day, tz) if d.post_key == post.key]
        people = "、".join(f"{setup.name_of(d.user_id)} {span(d)}" for d in duties)
        lines.append(f"{day_label(lang, day)}：{people or t(lang, 'duty.nobody')}")
    await reply(update, context, "\n".join(lines))


REMOVE_WORDS = frozenset({"remove", "删除", "取消"})  # /holiday DAY remove, /workday DAY remove
WEEKDAY_LABELS = {
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def day_lines(lang: Lang, setup: Setup, day: date, tz: tzinfo) -> list[str]:
    """Return the heading and duty lines of one day."""
    head = t(lang, "duty.day", day=day_label(lang, day))
    kind = school_day(setup, day)
    if kind.holiday:  # the school's own holidays and China's public holidays
        head = t(lang, "duty.holiday", name=kind.holiday) + "\n" + head
    elif kind.makeup:  # 调休: a weekend day worked, with a weekday's hours and roster
        like = WEEKDAY_LABELS[lang][kind.like]
        head = t(lang, "duty.makeup", name=kind.makeup, like=like) + "\n" + head
    return [head, *duty_lines(lang, setup, duties_on(setup, day, tz))]


async def on_who(update: Update, context: HouqinContext) -> None:
    """/who 灯不亮 | electrical | 电工: which post handles it, who is on duty, the backup."""
    lang = lang_of(update, context)
    setup = context.setup
    query = " ".join(context.args or []).strip()
    if not query:
        await reply(update, context, t(lang, "who_usage"))
        return
    post = setup.find_post(query)
    lines: list[str] = []
    if post is None:
        wanted = query.lower()
        category = next(
            (
                c
                for c in setup.categories
                if wanted in {c.key, c.name.lower(), (c.name_en or "").lower()}
            ),
            None,
        ) or setup.category(guess_category(setup, query))
        label = category.label(lang) if category else query
        post = setup.post(category.post_key if category else None)
        if post is None:
            await reply(update, context, t(lang, "who.no_post", query=query[:40], category=label))
            return
        lines.append(
            t(lang, "who.answer", query=query[:40], category=label, post=post.label(lang))
        )
    else:
        lines.append(t(lang, "who.post", post=post.label(lang)))
    now = context.services.clock.now()
    duty = [d.user_id for d in on_duty(setup, now, context.settings.tz, post.key)]
    backup = [s.user_id for s in setup.holders(post.key) if s.user_id not in duty]
    lines.append(
        t(lang, "who.on_duty", names=names(setup, duty, lang)) if duty else t(lang, "who.nobody")
    )
    if backup:
        lines.append(t(lang, "who.backup", names=names(setup, backup, lang)))
    await reply(update, context, "\n".join(lines))


def my_duty_lines(lang: Lang, context: HouqinContext, user_id: int) -> list[str]:
    """Return a worker's next duty days (for /my); nothing for someone with no duty."""
    setup = context.setup
    duties = next_duties(setup, user_id, context.services.clock.now(), context.settings.tz, days=7)
    if not duties:
        return []
    lines = [t(lang, "duty.mine")]
    for duty in duties[:7]:
        post = setup.post(duty.post_key)
        label = post.label(lang) if post else duty.post_key
        lines.append(f"{day_label(lang, duty.starts.date())} {label} {span(duty)}")
    return lines


# --- changes by the head -----------------------------------------------------------------------


async def change(
    update: Update, context: HouqinContext, *, what: str, new: Setup, note: str
) -> None:
    """Store a change of the set-up (admins only) and confirm it."""
    actor = await actor_of(update, context)
    services = context.services
    await services.school.change(actor, what=what, new=new, now=services.clock.now(), note=note)
    await reply(update, context, t(lang_of(update, context), "setup.changed", what=note))


async def require_admin(update: Update, context: HouqinContext) -> None:
    if not (await actor_of(update, context)).is_admin:
        raise Refused("only_admin")


def staff_named(setup: Setup, name: str) -> Staff:
    member = setup.staff_named(name)
    if member is None:
        raise Refused("no_such_staff", value=name[:20])
    return member


async def on_addpost(update: Update, context: HouqinContext) -> None:
    """/addpost key 名称 [English name]."""
    await require_admin(update, context)
    args = context.args or []
    if len(args) < 2 or not re.fullmatch(r"[a-z][a-z0-9_]{0,19}", args[0]):
        await reply(update, context, t(lang_of(update, context), "setup.usage.addpost"))
        return
    setup = context.setup
    if setup.find_post(args[0]) or setup.find_post(args[1]):
        raise Refused("post_exists", value=args[1])
    post = Post(key=args[0], name=args[1], name_en=" ".join(args[2:]) or None)
    await change(update, context, what="add_post", new=with_post(setup, post), note=post.name)


async def on_setstandard(update: Update, context: HouqinContext) -> None:
    """/setstandard 岗位 text: the post's written work standard."""
    await require_admin(update, context)
    args = context.args or []
    if len(args) < 2:
        await reply(update, context, t(lang_of(update, context), "setup.usage.setstandard"))
        return
    post = find_post(context.setup, args[0])
    new = with_post(context.setup, replace(post, standard=" ".join(args[1:])[:500]))
    await change(update, context, what="set_standard", new=new, note=post.name)


async def on_assign(update: Update, context: HouqinContext) -> None:
    """/assign 名字 岗位 or /unassign 名字 岗位: who holds which post (定位)."""
    await require_admin(update, context)
    message = update.effective_message
    assert message is not None and message.text is not None
    adding = message.text.split()[0][1:].split("@")[0].lower() == "assign"
    args = context.args or []
    if len(args) != 2:
        await reply(update, context, t(lang_of(update, context), "setup.usage.assign"))
        return
    setup = context.setup
    member = staff_named(setup, args[0])
    post = find_post(setup, args[1])
    kept = tuple(p for p in member.posts if p != post.key)
    posts = tuple(p.key for p in setup.posts if p.key in {*kept, post.key}) if adding else kept
    staff = tuple(replace(s, posts=posts) if s == member else s for s in setup.staff)
    sign = "+" if adding else "−"
    await change(
        update,
        context,
        what="assign" if adding else "unassign",
        new=replace(setup, staff=staff),
        note=f"{member.name} {sign} {post.name}",
    )


def time_range(text: str | None) -> tuple[time, time] | None:
    """Read 07:30-17:30; None if absent; refuse if malformed."""
    if text is None:
        return None
    match = TIME_RANGE.fullmatch(plain(text))
    if match is None:
        raise Refused("bad_time_range")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise Refused("bad_time_range")
    return time(h1, m1), time(h2, m2)


async def on_setduty(update: Update, context: HouqinContext) -> None:
    """/setduty 岗位 周一 名字 [07:30-17:30]: that weekday's duty for the post."""
    await require_admin(update, context)
    args = context.args or []
    weekday = weekday_of(args[1]) if len(args) >= 3 else None
    if weekday is None or len(args) > 4:
        await reply(update, context, t(lang_of(update, context), "setup.usage.setduty"))
        return
    setup = context.setup
    post = find_post(setup, args[0])
    member = staff_named(setup, args[2])
    same = [
        s
        for s in setup.shifts
        if s.post_key == post.key and s.weekday == weekday and s.on_date is None
    ]
    hours = time_range(args[3] if len(args) == 4 else None)
    if hours is None:
        hours = (same[0].starts, same[0].ends) if same else DEFAULT_SHIFT
    shift = Shift(post.key, member.user_id, hours[0], hours[1], weekday=weekday)
    shifts = (*(s for s in setup.shifts if s not in same), shift)
    note = f"{post.name} {args[1]} {member.name} {hours[0]:%H:%M}-{hours[1]:%H:%M}"
    await change(update, context, what="set_duty", new=replace(setup, shifts=shifts), note=note)


async def on_cover(update: Update, context: HouqinContext) -> None:
    """/cover 2026-12-01 岗位 名字: on that date the post's shifts go to this person."""
    await require_admin(update, context)
    args = context.args or []
    lang = lang_of(update, context)
    today = context.services.clock.now().astimezone(context.settings.tz).date()
    day = parse_day(args[0], today) if len(args) == 3 else None
    if day is None:
        await reply(update, context, t(lang, "setup.usage.cover"))
        return
    setup = context.setup
    post = find_post(setup, args[1])
    member = staff_named(setup, args[2])
    tz = context.settings.tz
    planned = [d.shift for d in duties_on(setup, day, tz) if d.post_key == post.key]
    if not planned:
        raise Refused("nothing_to_cover", day=day.isoformat(), post=post.label(lang))
    covered = tuple(
        Shift(post.key, member.user_id, s.starts, s.ends, on_date=day, note=f"{member.name}顶班")
        for s in planned
    )
    kept = tuple(s for s in setup.shifts if not (s.on_date == day and s.post_key == post.key))
    note = f"{day.isoformat()} {post.name} → {member.name}"
    await change(
        update, context, what="cover", new=replace(setup, shifts=kept + covered), note=note
    )


async def on_holiday(update: Update, context: HouqinContext) -> None:
    """/holiday 2026-12-25 名称 (or `remove`): a day with no normal roster."""
    await require_admin(update, context)
    args = context.args or []
    lang = lang_of(update, context)
    today = context.services.clock.now().astimezone(context.settings.tz).date()
    day = parse_day(args[0], today) if len(args) >= 2 else None
    if day is None:
        await reply(update, context, t(lang, "setup.usage.holiday"))
        return
    holidays = dict(context.setup.holidays)
    name = " ".join(args[1:])[:40]
    if name.lower() in REMOVE_WORDS:
        holidays.pop(day, None)
        note = f"{day.isoformat()} −"
    else:
        holidays[day] = name
        note = f"{day.isoformat()} {name}"
    new = replace(context.setup, holidays=dict(sorted(holidays.items())))
    await change(update, context, what="holiday", new=new, note=note)


def register(application: HouqinApp) -> None:
    """Add the set-up lookups and the head's commands."""
    for command, callback in (
        ("addpost", on_addpost),
        ("setstandard", on_setstandard),
        (("assign", "unassign"), on_assign),
        ("setduty", on_setduty),
        ("cover", on_cover),
        ("holiday", on_holiday),
    ):
        application.add_handler(CommandHandler(command, callback))
    application.add_handler(MenuCommand("who", on_who, group=True))
    application.add_handler(MenuCommand("duty", on_duty_command, group=True))
    application.add_handler(MenuCommand("posts", on_posts))
    application.add_handler(MenuCommand("post", on_post))
