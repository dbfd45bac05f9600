"""The minutely sweep's sending side, and /remind on|off.

One message per person per sweep (several reminders batched); each reminder is recorded
only after Telegram accepted the message. A failed send (network, 429, time-out) is tried
again by the next sweep; someone who blocked the bot is mentioned in the group instead.
"""

from __future__ import annotations

import html
import logging
from datetime import datetime, timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ContextTypes

from bot.domain.model import Action, Ticket
from bot.domain.reminders import Item
from bot.domain.sweep import SweepResult
from bot.i18n import Lang, t, tickets
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
from handlers.tickets import view_button
from handlers.views import history_text, list_line, names_text, place, span_text, ticket_button

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

    async def announcement(self, items: list[Item]) -> tuple[int, dict[str, Any]] | None:
        context = self.context
        chat_id = context.settings.announce_chat_id
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
# Each reminder carries the buttons that fit it: take it, finish it, confirm it; the head's
# escalation offers to hand it to someone and to open its whole story.
REMINDER_BUTTONS = {
    "claim": (Action.CLAIM,),
    "fix": (Action.DONE, Action.HOLD),
    "escalate_claim": (Action.DISPATCH,),
    "escalate_fix": (Action.DISPATCH,),
    "feedback": (Action.CONFIRM, Action.REOPEN),
}


def buttons(lang: Lang, items: list[Item]) -> InlineKeyboardMarkup | None:
    """Return a row of buttons per ticket that can be acted on from the reminder."""
    rows: list[list[InlineKeyboardButton]] = []
    shown: set[tuple[int, Action]] = set()  # one button per ticket and action in a message

    def add(row: list[tuple[Action, Ticket]], *extra: InlineKeyboardButton) -> None:
        fresh = [(a, ticket) for a, ticket in row if (ticket.id, a) not in shown]
        shown.update((ticket.id, a) for a, ticket in fresh)
        if fresh:
            rows.append([ticket_button(lang, a, ticket, numbered=True) for a, ticket in fresh])
            rows[-1].extend(extra)

    for item in items:
        if len(rows) >= MAX_BUTTON_ROWS:
            break  # a long batch: the first rows carry buttons, the rest are read in /my
        if item.ticket is not None and item.kind in REMINDER_BUTTONS:
            extra = [view_button(lang, item.ticket)] if item.kind.startswith("escalate") else []
            add([(action, item.ticket) for action in REMINDER_BUTTONS[item.kind]], *extra)
        for ticket in item.data.get("waiting", ()) if item.kind == "morning" else ():
            add([(Action.CLAIM, ticket)])
    rows = rows[:MAX_BUTTON_ROWS]
    return InlineKeyboardMarkup(rows) if rows else None


def render(lang: Lang, context: HouqinContext, items: list[Item], now: datetime) -> str:
    """Return one message for a batch of reminders."""
    lines = [t(lang, "remind.header")] if len(items) > 1 else []
    for item in items:
        lines.append(render_item(lang, context, item, now))
    return "\n\n".join(lines)


def lateness(lang: Lang, limit: str, late: timedelta) -> str:
    """Return "接单时限已到" for a deadline just reached, "已超过接单时限2小时" past it."""
    minutes = int(late.total_seconds() // 60)
    if minutes < 1:
        return t(lang, f"late.{limit}_now")
    return t(lang, f"late.{limit}", span=span_text(lang, minutes))


def tickets_count(lang: Lang, key: str, count: int) -> str:
    return t(lang, key, tickets=tickets(lang, count))


def render_item(lang: Lang, context: HouqinContext, item: Item, now: datetime) -> str:
    """Return the text of one reminder."""
    setup, tz = context.setup, context.settings.tz
    ticket = item.ticket
    if ticket is not None:
        where = place(lang, ticket)
        base = {"id": ticket.id, "place": where, "description": ticket.description[:80]}
        if item.kind in ("claim", "escalate_claim") and ticket.claim_by:
            state = lateness(lang, "claim", now - ticket.claim_by)
            text = t(lang, f"remind.{item.kind}", state=state, **base)
        elif item.kind in ("fix", "escalate_fix") and ticket.fix_by:
            state = lateness(lang, "fix", now - ticket.fix_by)
            text = t(
                lang, f"remind.{item.kind}", state=state, who=ticket.assignee_name or "", **base
            )
        else:
            text = t(lang, "remind.feedback", who=ticket.assignee_name or "", **base)
        if item.history:  # the head gets the ticket's whole story
            text += "\n" + history_text(lang, list(item.history), tz, setup)
        return text
    data = item.data
    if item.kind == "morning":
        held = [list_line(lang, ticket) for ticket in data["tickets"]]
        waiting = [list_line(lang, ticket) for ticket in data.get("waiting", [])]
        lines = [t(lang, "remind.morning_hello")]
        if held:
            lines += [tickets_count(lang, "remind.morning", len(held)), *held]
        if waiting:
            lines += [tickets_count(lang, "remind.morning_waiting", len(waiting)), *waiting]
        return "\n".join(lines)
    if item.kind == "summary":
        figures = {k: v for k, v in data.items() if k not in ("late_tickets", "meetings")}
        text = t(lang, "remind.summary", **figures)
        late = [f"#{x.id} {place(lang, x)}" for x in data.get("late_tickets", [])]
        if late:
            text += "\n" + t(lang, "remind.summary_late", tickets=names_text(lang, late))
        for meeting in data.get("meetings", []):
            text += "\n" + t(
                lang, "remind.meeting_today", span=meeting.span()[6:], title=meeting.title,
                room=meeting.room,
            )  # fmt: skip
        return text
    if item.kind == "meters_month":
        from handlers.meters import month_lines

        title = t(lang, "meters.posted", month=data["month"])
        return "\n".join([title, *month_lines(lang, context, data["uses"])])
    if item.kind == "meetings_week":
        lines = [t(lang, "remind.meetings_week")]
        lines += [
            f"{m.day:%m-%d} {m.starts:%H:%M}–{m.ends:%H:%M} {m.title} · {m.room}"
            for m in data["meetings"]
        ]
        return "\n".join(lines)
    if item.kind == "signins":
        meeting = data["meeting"]
        names = data["names"]
        return t(
            lang, "remind.signins", title=meeting.title, count=len(names),
            names=names_text(lang, names) or "—",
        )  # fmt: skip
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
    if item.kind in ("term_start", "term_due"):
        term_item = data["item"]
        post = setup.post(term_item.owner)
        return t(
            lang,
            f"remind.{item.kind}" + ("" if data.get("owner", True) else "_head"),
            term=data["term"],
            title=term_item.title,
            due=term_item.due.isoformat(),
            owner=post.label(lang) if post else term_item.owner,
        )
    if item.kind == "calendar_unknown":
        return t(lang, "remind.calendar_unknown", year=data["year"])
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
