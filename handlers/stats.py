"""/stats (text and a chart), /export (xlsx or CSV) and /backup — long work off the loop."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import tempfile
import threading
from collections.abc import Awaitable, Callable
from datetime import datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TypeVar

from telegram import InputFile, Message, Update
from telegram.ext import ContextTypes

from bot.domain.errors import Refused
from bot.domain.model import Damage
from bot.domain.setup import Setup
from bot.domain.stats import Line, Period, Report, compute, parse_period
from bot.domain.users import Actor
from bot.i18n import Lang, t, tickets
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
)
from handlers.views import span_text
from storage import stats as stats_store

log = logging.getLogger(__name__)

T = TypeVar("T")
PROGRESS_EVERY = 1.0  # seconds between edits of the "working…" message


def share(lang: Lang, value: float | None) -> str:
    return t(lang, "stats.na") if value is None else f"{round(100 * value)}%"


def hours(lang: Lang, value: float | None) -> str:
    return t(lang, "stats.na") if value is None else t(lang, "stats.hours", n=f"{value:.1f}")


def oldest(lang: Lang, age: timedelta | None) -> str:
    if age is None:
        return ""
    return t(lang, "stats.oldest", age=span_text(lang, int(age.total_seconds() // 60)))


def line_fields(lang: Lang, line: Line) -> dict[str, object]:
    rating = line.average_rating
    return {
        "name": line.name,
        "claimed": line.claimed,
        "fixed": line.fixed,
        "reported": line.reported,
        "on_time": share(lang, line.on_time_share),
        "claim": hours(lang, line.median_claim),
        "fix": hours(lang, line.median_fix),
        "reopened": line.reopened,
        "rating": t(lang, "stats.na") if rating is None else f"{rating:.1f}",
        "open": line.open_now,
        "oldest": oldest(lang, line.oldest_open),
        "thanks": t(lang, "stats.thanks", count=line.thanks) if line.thanks else "",
    }


def report_text(lang: Lang, report: Report, setup: Setup, *, only: int | None = None) -> str:
    """Render the report; `only` keeps one worker's line (what a worker may see)."""
    lines = [t(lang, "stats.title", period=report.period.label)]
    workers = {k: v for k, v in report.workers.items() if only is None or k == only}
    if only is None:
        backlog = report.opened - report.closed
        lines.append(
            t(
                lang,
                "stats.school",
                opened=report.opened,
                closed=report.closed,
                backlog=f"{backlog:+d}",
            )
        )
    lines.append(t(lang, "stats.workers"))
    for line in sorted(workers.values(), key=lambda w: -w.fixed):
        lines.append(t(lang, "stats.worker_line", **line_fields(lang, line)))
    if not workers:
        lines.append(t(lang, "stats.none"))
    if only is not None:
        return "\n".join(lines)
    lines.append(t(lang, "stats.posts"))
    for line in report.posts.values():
        lines.append(t(lang, "stats.post_line", **line_fields(lang, line)))
    lines.append(t(lang, "stats.categories"))
    for line in report.categories.values():
        lines.append(t(lang, "stats.category_line", **line_fields(lang, line)))
    lines.append(t(lang, "stats.repeats"))
    for place, category, numbers in report.repeats:
        tickets = " ".join(f"#{n}" for n in numbers)
        lines.append(f"{place} · {setup.category_label(category, lang)}：{tickets}")
    if not report.repeats:
        lines.append(t(lang, "stats.none"))
    if report.plans:
        lines.append(t(lang, "stats.plans"))
        for plan in report.plans.values():
            lines.append(
                t(
                    lang,
                    "stats.plan_line",
                    name=plan.name,
                    due=plan.due,
                    on_time=plan.on_time,
                    late=plan.late,
                    skipped=plan.skipped,
                    open=plan.open_now,
                )
            )
            if plan.faults:
                lines.append(
                    t(
                        lang,
                        "stats.plan_faults",
                        faults=plan.faults,
                        repairs=plan.repairs,
                        repaired=plan.repaired,
                        hours=hours(lang, plan.median_repair),
                    )
                )
    if report.fault_rooms:
        rooms = "、".join(f"{room} {count}" for room, count in report.fault_rooms[:10])
        lines.append(t(lang, "stats.fault_rooms", rooms=rooms))
    return "\n".join(lines)


def damage_lines(lang: Lang, items: list[Damage]) -> str:
    """Return the period's damage by cause (how many, the amounts confirmed) and by place."""
    if not items:
        return ""
    by_cause: dict[str, list[float]] = {}
    by_place: dict[str, int] = {}
    for damage in items:
        line = by_cause.setdefault(damage.cause, [0, 0.0])
        line[0] += 1
        if damage.status in ("confirmed", "paid"):
            line[1] += damage.amount or 0
        by_place[damage.place or "—"] = by_place.get(damage.place or "—", 0) + 1
    lines = ["", t(lang, "stats.damage")]
    lines += [
        t(
            lang,
            "stats.damage_cause",
            cause=t(lang, f"cause.{cause}"),
            count=int(n),
            amount=f"{yuan:g}",
        )
        for cause, (n, yuan) in by_cause.items()
    ]
    places = sorted(by_place.items(), key=lambda item: -item[1])[:5]
    lines.append(t(lang, "stats.damage_places", places="、".join(f"{p} {n}" for p, n in places)))
    return "\n".join(lines)


async def build_report(context: HouqinContext, period: Period) -> Report:
    """Read the period's tickets and histories apart from the bot's reader, and compute."""
    services = context.services
    tz, setup, now = context.settings.tz, context.setup, services.clock.now()
    start, end = period.bounds(tz)

    def read(conn: sqlite3.Connection) -> Report:
        tickets = stats_store.tickets_touched(conn, start, end, since=start - timedelta(days=30))
        ids = [ticket.id for ticket in tickets]
        history = stats_store.histories(conn, ids)
        faults = stats_store.inspection_faults(conn, ids)
        return compute(tickets, history, period, setup, tz, now, faults)

    return await services.db.read_apart(read)


def period_of(context: HouqinContext, args: list[str]) -> Period:
    today = context.services.clock.now().astimezone(context.settings.tz).date()
    return parse_period(" ".join(args), today, context.setup)


async def staff_only(update: Update, context: HouqinContext) -> Actor:
    actor = await actor_of(update, context)
    if not (actor.is_admin or actor.is_worker):
        raise Refused("only_staff")
    return actor


async def in_private_only(update: Update, context: HouqinContext, command: str) -> bool:
    """Files and personal figures go to private chats only; in a group, say where to ask."""
    if is_private(update):
        return True
    await reply(update, context, t(lang_of(update, context), "private_only", command=command))
    return False


async def on_stats(update: Update, context: HouqinContext) -> None:
    """/stats [period]: the figures as text and as a chart; a worker sees their own line."""
    if not await in_private_only(update, context, "stats"):
        return
    actor = await staff_only(update, context)
    lang = lang_of(update, context)
    period = period_of(context, context.args or [])
    report = await build_report(context, period)
    only = None if actor.is_admin else actor.user_id
    text = report_text(lang, report, context.setup, only=only)
    if actor.is_admin:  # 公物损坏: by cause and by place (never by class here: minors)
        text += damage_lines(
            lang, await context.services.damages.between(*period.bounds(context.settings.tz))
        )
    await reply(update, context, fit(text))
    if actor.is_admin:
        from bot.formats.charts import stats_chart  # matplotlib: loaded when first needed

        picture = await asyncio.to_thread(stats_chart, lang, report)
        message = update.effective_message
        assert message is not None
        await message.reply_photo(InputFile(picture, filename="stats.png"), do_quote=False)


async def with_progress(
    update: Update,
    context: HouqinContext,
    work: Callable[[Callable[[int, int], None]], Awaitable[T]],
) -> T:
    """Run long work while a "working…" message shows how far it got."""
    lang = lang_of(update, context)
    message = update.effective_message
    assert message is not None
    status: Message = await message.reply_text(t(lang, "working"), do_quote=False)
    seen = {"done": 0, "total": 0}
    lock = threading.Lock()

    def progress(done: int, total: int) -> None:  # called from the worker thread
        with lock:
            seen.update(done=done, total=total)

    task = asyncio.ensure_future(work(progress))
    shown = (0, 0)
    while not task.done():
        await asyncio.wait({task}, timeout=PROGRESS_EVERY)
        with lock:
            now = (seen["done"], seen["total"])
        if now != shown and not task.done():
            shown = now
            text = t(lang, "working_progress", done=now[0], total=now[1])
            await edit_quietly(status.edit_text(text))
    return task.result()


async def on_export(update: Update, context: HouqinContext) -> None:
    """/export [csv] [period]: the repair log of the period (default: this month)."""
    from bot.formats.export import write_csv, write_xlsx  # loaded when first needed

    if not await in_private_only(update, context, "export"):
        return
    actor = await actor_of(update, context)
    if not actor.is_admin:
        raise Refused("only_admin")
    lang = lang_of(update, context)
    args = list(context.args or [])
    as_csv = bool(args) and args[0].lower() == "csv"
    period = period_of(context, (args[1:] if as_csv else args) or ["month"])
    services = context.services
    tz, setup, now = context.settings.tz, context.setup, services.clock.now()
    stem = f"houqin-{period.label.replace('..', '_')}"

    async def build(progress: Callable[[int, int], None]) -> tuple[bytes, int]:
        if as_csv:
            return await services.db.read_apart(
                lambda conn: write_csv(
                    conn, lang=lang, period=period, setup=setup, tz=tz, now=now, progress=progress
                )
            )
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "export.xlsx"
            written = await services.db.read_apart(
                lambda conn: write_xlsx(
                    conn,
                    target,
                    lang=lang,
                    period=period,
                    setup=setup,
                    tz=tz,
                    now=now,
                    progress=progress,
                )
            )
            return await asyncio.to_thread(target.read_bytes), written

    data, written = await with_progress(update, context, build)
    message = update.effective_message
    assert message is not None
    suffix = "csv" if as_csv else "xlsx"
    await message.reply_document(
        InputFile(data, filename=f"{stem}.{suffix}"),
        caption=t(lang, "export.done", period=period.label, tickets=tickets(lang, written)),
        do_quote=False,
    )


async def on_backup(update: Update, context: HouqinContext) -> None:
    """/backup: a consistent snapshot of the database, taken while the bot keeps running."""
    if not await in_private_only(update, context, "backup"):
        return
    actor = await actor_of(update, context)
    if not actor.is_admin:
        raise Refused("only_admin")
    lang = lang_of(update, context)
    stamp = context.services.clock.now().astimezone(context.settings.tz).strftime("%Y%m%d-%H%M")

    async def copy(progress: Callable[[int, int], None]) -> bytes:
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "backup.sqlite3"
            await context.services.db.backup(target, progress)
            return await asyncio.to_thread(target.read_bytes)

    data = await with_progress(update, context, copy)
    message = update.effective_message
    assert message is not None
    await message.reply_document(
        InputFile(data, filename=f"houqin-backup-{stamp}.sqlite3"),
        caption=t(lang, "backup.done", size=f"{len(data) / 1024:.0f} KB"),
        do_quote=False,
    )


async def nightly_backup(application: HouqinApp, now: datetime | None = None) -> Path | None:
    """Take tonight's snapshot into BACKUP_DIR and prune the old ones (7 daily, 4 weekly)."""
    from bot.formats.backup import nightly_name, to_prune

    services = application.bot_data["services"]
    folder = services.settings.backup_dir
    if folder is None:
        return None
    today = (now or services.clock.now()).astimezone(services.settings.tz).date()
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    target = folder / nightly_name(today)
    partial = target.with_suffix(".partial")
    await services.db.backup(partial)
    await asyncio.to_thread(partial.replace, target)  # a half-written night never counts
    for old in to_prune(folder, today):
        await asyncio.to_thread(old.unlink)
    log.info("nightly backup %s", target)
    return target


async def _nightly_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    try:
        await nightly_backup(context.application)
    except OSError:
        log.exception("the nightly backup failed")


NIGHTLY_AT = time(2, 30)  # school time: nobody reports, the sweep has little to do


def register(application: HouqinApp, *, schedule: bool = False, tz: tzinfo | None = None) -> None:
    """Add /stats, /export and /backup; when `schedule`, the nightly backup on the JobQueue."""
    application.add_handler(MenuCommand("stats", on_stats))
    application.add_handler(MenuCommand("export", on_export))
    application.add_handler(MenuCommand("backup", on_backup))
    if schedule and application.job_queue is not None:
        at = NIGHTLY_AT.replace(tzinfo=tz)
        application.job_queue.run_daily(_nightly_job, time=at, name="nightly-backup")
