"""Water and power in chat (水电管理): 📟 on a reading round, `/meter 总水表 12345`, `/meters`.

A reading that needs the reader's word (lower than the last, far above the usual) is asked
about with buttons, and recorded only after; the head hears of a high or a closed-day use.
"""

from __future__ import annotations

import asyncio
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.ext import CallbackQueryHandler

from bot.domain.errors import Refused
from bot.domain.meters import Check, MonthUse, previous_month, read_value
from bot.domain.model import Status
from bot.domain.pending import PendingInput
from bot.domain.setup import Meter
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

READING = "reading"  # the awaited answer: a meter's figure
READ_BUTTON = re.compile(r"mr:(go|roll|high|retype):([0-9]{1,9})")


async def ask_reading(
    update: Update, context: HouqinContext, actor: Actor, ticket_id: int
) -> None:
    """📟 on a reading round: the meter's last reading, and the figure awaited."""
    services = context.services
    ticket = await services.tickets.get(ticket_id)
    meter = context.setup.meter_of_plan(ticket.plan_key)
    if meter is None:
        raise Refused("button_invalid")
    if ticket.status not in (Status.OPEN, Status.CLAIMED):
        raise Refused("stale_button", id=ticket_id)
    holders = [s.user_id for s in context.setup.holders(meter.post_key)]
    if actor.user_id not in holders and not actor.is_admin:
        raise Refused("meter_not_yours", meter=meter.name)
    last = await services.meters.last(meter)
    pending = PendingInput(
        actor.user_id, actor.user_id, READING, ticket_id=ticket_id, data={"meter": meter.key}
    )
    await services.inputs.put(pending, now=services.clock.now())
    lang = lang_of(update, context)
    text = t(
        lang,
        "meter.ask",
        meter=meter.name,
        unit=meter.unit,
        last=last_text(lang, context, meter, last),
    )
    query = update.callback_query
    if query is not None:
        await query.answer()
    await send_private(context, actor.user_id, text)


def last_text(lang: Lang, context: HouqinContext, meter: Meter, last) -> str:  # type: ignore[no-untyped-def]
    if last is None:
        return t(lang, "meter.no_last")
    at = last.at.astimezone(context.settings.tz)
    return t(lang, "meter.last", value=f"{last.value:g}", unit=meter.unit, at=f"{at:%m-%d}")


async def take(
    update: Update, context: HouqinContext, meter: Meter, value: float, *,
    ticket_id: int | None, confirm: str | None = None, correct: bool = False,
) -> None:  # fmt: skip
    """Record a reading, or ask the reader first; tell the head what looks wrong."""
    services = context.services
    actor = await actor_of(update, context)
    lang = lang_of(update, context)
    check = await services.meters.read(
        actor, meter, value, services.clock.now(), confirm=confirm, ticket_id=ticket_id,
        correct=correct,
    )  # fmt: skip
    if check.ask is not None:
        data = {"meter": meter.key, "value": value, "correct": correct}
        pending = PendingInput(
            actor.user_id, actor.user_id, READING, ticket_id=ticket_id, data=data
        )
        await services.inputs.put(pending, now=services.clock.now())
        await reply(
            update,
            context,
            ask_text(lang, meter, check, value),
            ask_markup(lang, meter, check, ticket_id or 0),
        )
        return
    await services.inputs.clear(user_id=actor.user_id, chat_id=actor.user_id)
    reading = check.reading
    assert reading is not None
    lines = [t(lang, "meter.recorded", meter=meter.name, value=f"{value:g}", unit=meter.unit)]
    if reading.use is not None:
        lines[0] += t(lang, "meter.use", use=f"{reading.use:g}", unit=meter.unit)
    lines += [t(lang, f"meter.flag.{flag}") for flag in reading.flags]
    await reply(update, context, "\n".join(lines))
    worrying = [flag for flag in reading.flags if flag in ("high", "closed_high")]
    if worrying:  # the head hears: a leak, something left on
        for admin in sorted(context.settings.admin_user_ids):
            head = await user_lang(context, admin)
            text = t(
                head, "meter.head", meter=meter.name, value=f"{value:g}",
                use=f"{reading.use or 0:g}", unit=meter.unit, by=actor.name,
            )  # fmt: skip
            text += "\n" + "\n".join(t(head, f"meter.head_flag.{flag}") for flag in worrying)
            await send_private(context, admin, text)


def ask_text(lang: Lang, meter: Meter, check: Check, value: float) -> str:
    if check.ask == "lower":
        return t(lang, "meter.ask_lower", value=f"{value:g}", meter=meter.name)
    return t(
        lang,
        "meter.ask_high",
        value=f"{value:g}",
        daily=f"{check.daily or 0:.1f}",
        usual=f"{check.usual or 0:.1f}",
        unit=meter.unit,
    )


def ask_markup(lang: Lang, meter: Meter, check: Check, ticket_id: int) -> InlineKeyboardMarkup:
    rows = []
    if check.ask == "lower" and check.rollover_use is not None:
        label = t(lang, "btn.meter_rollover", use=f"{check.rollover_use:g}", unit=meter.unit)
        rows.append([InlineKeyboardButton(label, callback_data=f"mr:roll:{ticket_id}")])
    if check.ask == "high":
        rows.append(
            [
                InlineKeyboardButton(
                    t(lang, "btn.meter_right"), callback_data=f"mr:high:{ticket_id}"
                )
            ]
        )
    rows.append(
        [InlineKeyboardButton(t(lang, "btn.meter_retype"), callback_data=f"mr:retype:{ticket_id}")]
    )
    return InlineKeyboardMarkup(rows)


async def complete_reading(update: Update, context: HouqinContext, pending: PendingInput) -> None:
    """The figure typed after 📟 (or after “输错了”)."""
    message = update.effective_message
    assert message is not None
    meter = context.services.meters.meter(str(pending.data.get("meter", "")))
    value = read_value(message.text or "")  # not a number: said so, the question stands
    await take(update, context, meter, value, ticket_id=pending.ticket_id)


async def on_reading_button(update: Update, context: HouqinContext) -> None:
    """📟 填读数; 🔄 it rolled over; ✅ it is right; ✏️ retype."""
    query = update.callback_query
    assert query is not None
    match = READ_BUTTON.fullmatch(query.data or "")
    if match is None:
        raise Refused("button_invalid")
    verb, number = match[1], int(match[2])
    actor = await actor_of(update, context)
    if verb == "go":
        await ask_reading(update, context, actor, number)
        return
    services = context.services
    pending = await services.inputs.get(user_id=actor.user_id, chat_id=actor.user_id)
    if pending is None or pending.kind != READING or "value" not in pending.data:
        raise Refused("meter_question_gone")
    meter = services.meters.meter(str(pending.data["meter"]))
    lang = lang_of(update, context)
    await query.answer()
    await edit_quietly(query.edit_message_reply_markup(None))
    if verb == "retype":
        data = {"meter": meter.key}
        await services.inputs.put(
            PendingInput(
                actor.user_id, actor.user_id, READING, ticket_id=pending.ticket_id, data=data
            ),
            now=services.clock.now(),
        )
        await send_private(context, actor.user_id, t(lang, "meter.retype", meter=meter.name))
        return
    confirm = "rollover" if verb == "roll" else "high"
    await take(
        update,
        context,
        meter,
        float(pending.data["value"]),
        ticket_id=pending.ticket_id,
        confirm=confirm,
        correct=bool(pending.data.get("correct")),
    )


async def on_meter(update: Update, context: HouqinContext) -> None:
    """/meter: the meters with their last readings; /meter 总水表 12345 [更正]: a reading."""
    args = context.args or []
    lang = lang_of(update, context)
    services = context.services
    if not args:
        lines = [t(lang, "meter.list")]
        for meter in context.setup.meters:
            last = await services.meters.last(meter)
            lines.append(f"📟 {meter.key} · {meter.name}：{last_text(lang, context, meter, last)}")
        if not context.setup.meters:
            lines.append(t(lang, "meter.none"))
        await reply(update, context, "\n".join(lines))
        return
    if len(args) < 2:
        await reply(update, context, t(lang, "meter.usage"))
        return
    meter = services.meters.meter(args[0])
    correct = len(args) > 2 and args[2].lower() in ("更正", "fix", "correct")
    await take(update, context, meter, read_value(args[1]), ticket_id=None, correct=correct)


def month_lines(
    lang: Lang, context: HouqinContext, uses: list[tuple[MonthUse, MonthUse, MonthUse]]
) -> list[str]:
    """Return a line per meter: this month, last month, a year ago, per pupil, cost, and
    school days against days off."""
    pupils = context.setup.pupils
    lines = []
    for now, before, year_ago in uses:
        meter = now.meter
        per_pupil = (
            t(lang, "meters.per_pupil", value=f"{now.total / pupils:.2f}", unit=meter.unit)
            if pupils
            else ""
        )
        lines.append(
            t(
                lang,
                "meters.line",
                meter=meter.name,
                total=f"{now.total:g}",
                unit=meter.unit,
                last=f"{before.total:g}",
                year=f"{year_ago.total:g}" if year_ago.readings else "—",
                cost=f"{now.cost:g}",
                per_pupil=per_pupil,
                working=f"{now.working:g}",
                closed=f"{now.closed:g}",
            )
        )
    return lines


async def gather(
    context: HouqinContext, year: int, month: int
) -> list[tuple[MonthUse, MonthUse, MonthUse]]:
    meters = context.services.meters
    found = []
    for meter in context.setup.meters:
        found.append(
            (
                await meters.month(meter, year, month),
                await meters.month(meter, *previous_month(year, month)),
                await meters.month(meter, *previous_month(year, month, 12)),
            )
        )
    return found


async def on_meters(update: Update, context: HouqinContext) -> None:
    """/meters: this month's use per meter against last month and a year ago (posted for all
    the same way each month); the head also gets the chart, in private."""
    lang = lang_of(update, context)
    today = context.services.clock.now().astimezone(context.settings.tz).date()
    if not context.setup.meters:
        await reply(update, context, t(lang, "meter.none"))
        return
    uses = await gather(context, today.year, today.month)
    text = "\n".join(
        [t(lang, "meters.title", month=f"{today:%Y-%m}"), *month_lines(lang, context, uses)]
    )
    await reply(update, context, fit(text))
    actor = await actor_of(update, context)
    if actor.is_admin and is_private(update):
        from bot.formats.charts import meters_chart  # matplotlib: loaded when first needed

        picture = await asyncio.to_thread(meters_chart, lang, uses)
        message = update.effective_message
        assert message is not None
        await message.reply_photo(InputFile(picture, filename="meters.png"), do_quote=False)


def register(application: HouqinApp) -> None:
    """Add /meter, /meters and the reading buttons."""
    application.add_handler(MenuCommand("meter", on_meter))
    application.add_handler(MenuCommand("meters", on_meters, group=True))
    application.add_handler(CallbackQueryHandler(on_reading_button, pattern=r"^mr:"))
