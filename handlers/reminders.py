"""The minutely sweep's sending side, and /remind on|off.

One message per person per sweep (several reminders batched); each reminder is recorded
only after Telegram accepted the message. A failed send (network, 429, time-out) is tried
again by the next sweep; someone who blocked the bot is mentioned in the group instead.
"""

from __future__ import annotations

import html
import logging
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ContextTypes

from bot.domain.model import Action
from bot.domain.reminders import Item
from bot.domain.sweep import SweepResult
from bot.i18n import Lang, t
from bot.services import Services
from handlers.common import (
    HouqinApp,
    HouqinContext,
    MenuCommand,
    fit,
    fit_html,
    lang_of,
    message_payload,
    reply,
    user_lang,
)
from handlers.school import day_label, span
from handlers.views import history_text, list_line, place, span_text, ticket_button

log = logging.getLogger(__name__)

SWEEP_EVERY = 60  # seconds
MAX_BUTTON_ROWS = 8


class TelegramCourier:
    """Renders the sweep's reminders for Telegram: one private message per person (with a
    mention in the group to fall back on, for someone the bot cannot write to), and the
    day's summary for the workers' chat."""

    def __init__(self, application: Application) -> None:
        self.context = HouqinContext(application)

    async def reminder(self, user_id: int, items: list[Item]) -> dict[str, Any]:
        context = self.context
        lang = await user_lang(context, user_id)
        text = fit(render(lang, context, items, context.services.clock.now()))
        payload = message_payload(text, markup=buttons(lang, items))
        fallback = await self._mention(user_id, text)
        if fallback is not None:
            payload["fallback"] = fallback
        return payload

    async def summary(self, items: list[Item]) -> tuple[int, dict[str, Any]] | None:
        context = self.context
        chat_id = context.settings.workers_chat_id
        if chat_id is None:
            return None
        now = context.services.clock.now()
        text = render(context.settings.bot_language, context, items, now)
        return chat_id, message_payload(fit(text))

    async def _mention(self, user_id: int, text: str) -> dict[str, Any] | None:
        """The same reminder as a mention in the group, for someone who blocked the bot."""
        context = self.context
        chat_id = context.settings.announce_chat_id
        if chat_id is None:
            return None
        name = context.setup.name_of(user_id)
        if name == str(user_id):
            name = (await context.services.users.actor(user_id)).name
        mention = f'<a href="tg://user?id={user_id}">{html.escape(name)}</a>'
        body = fit_html(f"{mention}\n{html.escape(text)}")
        return {"chat_id": chat_id, "payload": message_payload(body, parse_mode=ParseMode.HTML)}


# Reminders about these can be acted on at once.
REMINDER_BUTTONS = {"claim": (Action.CLAIM,), "feedback": (Action.CONFIRM, Action.REOPEN)}


def buttons(lang: Lang, items: list[Item]) -> InlineKeyboardMarkup | None:
    """Return a row of buttons per ticket that can be acted on from the reminder."""
    rows = [
        [ticket_button(lang, action, item.ticket, numbered=True) for action in actions]
        for item in items
        if item.ticket is not None and (actions := REMINDER_BUTTONS.get(item.kind, ()))
    ][:MAX_BUTTON_ROWS]
    return InlineKeyboardMarkup(rows) if rows else None


def render(lang: Lang, context: HouqinContext, items: list[Item], now: datetime) -> str:
    """Return one message for a batch of reminders."""
    lines = [t(lang, "remind.header")] if len(items) > 1 else []
    for item in items:
        lines.append(render_item(lang, context, item, now))
    return "\n\n".join(lines)


def render_item(lang: Lang, context: HouqinContext, item: Item, now: datetime) -> str:
    """Return the text of one reminder."""
    setup, tz = context.setup, context.settings.tz
    ticket = item.ticket
    if ticket is not None:
        where = place(lang, ticket)
        base = {"id": ticket.id, "place": where, "description": ticket.description[:80]}
        if item.kind in ("claim", "escalate_claim") and ticket.claim_by:
            late = span_text(lang, int((now - ticket.claim_by).total_seconds() // 60))
            text = t(lang, f"remind.{item.kind}", late=late, **base)
        elif item.kind in ("fix", "escalate_fix") and ticket.fix_by:
            late = span_text(lang, int((now - ticket.fix_by).total_seconds() // 60))
            text = t(
                lang, f"remind.{item.kind}", late=late, who=ticket.assignee_name or "", **base
            )
        else:
            text = t(lang, "remind.feedback", who=ticket.assignee_name or "", **base)
        if item.history:  # the head gets the ticket's whole story
            text += "\n" + history_text(lang, list(item.history), tz, setup)
        return text
    data = item.data
    if item.kind == "morning":
        listed = [list_line(lang, ticket) for ticket in data["tickets"]]
        return "\n".join([t(lang, "remind.morning", count=len(listed)), *listed])
    if item.kind == "summary":
        return t(lang, "remind.summary", **data)
    if item.kind == "duty_eve":
        duties = data["duties"]
        shifts = [
            t(
                lang,
                "remind.duty_shift",
                post=post.label(lang) if post else d.post_key,
                span=span(d),
            )
            for d in duties
            for post in [setup.post(d.post_key)]
        ]
        separator = "、" if lang == "zh" else "; "
        return t(
            lang,
            "remind.duty_eve",
            day=day_label(lang, duties[0].starts.date()),
            shifts=separator.join(shifts),
        )
    totals = data["totals"]
    lines = [
        t(
            lang,
            "remind.weekly",
            first=data["from"].strftime("%m-%d"),
            last=data["to"].strftime("%m-%d"),
            **totals,
        )
    ]
    for post, figures in sorted(data["per_post"].items()):
        lines.append(t(lang, "remind.weekly_post", post=post, **figures))
    return "\n".join(lines)


async def on_remind(update: Update, context: HouqinContext) -> None:
    """/remind off | on: mute or unmute the morning list (escalations always come)."""
    lang = lang_of(update, context)
    assert update.effective_user is not None
    choice = (context.args or [""])[0].lower()
    if choice not in {"on", "off", "开", "关"}:
        await reply(update, context, t(lang, "remind.usage"))
        return
    wanted = choice in {"on", "开"}
    await context.services.reminders.set_morning_list(update.effective_user.id, wanted)
    await reply(update, context, t(lang, "remind.on" if wanted else "remind.off"))


async def sweep(application: Application, now: datetime | None = None) -> SweepResult:
    """Run the sweep now (the job every minute; the console and the demo): what is due goes
    into the outbox, and the sender sends it."""
    services: Services = application.bot_data["services"]
    return await services.sweeper.run(TelegramCourier(application), now)


async def _sweep_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await sweep(context.application)


def register(application: HouqinApp, *, schedule: bool) -> None:
    """Add /remind and, when `schedule`, the sweep every minute on the JobQueue."""
    application.add_handler(MenuCommand("remind", on_remind))
    if schedule and application.job_queue is not None:
        application.job_queue.run_repeating(
            _sweep_job,
            interval=SWEEP_EVERY,
            first=10,
            name="sweep",
            # A busy moment must not make APScheduler drop a run (its default grace is 1 s);
            # runs missed while the bot was down collapse into one.
            job_kwargs={"misfire_grace_time": SWEEP_EVERY, "coalesce": True, "max_instances": 1},
        )
