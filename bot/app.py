"""Builds the one `Application` that the real bot, the console, the demo and the tests run."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from telegram import BotCommand, BotCommandScopeAllPrivateChats, Update
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes
from telegram.request import BaseRequest, HTTPXRequest

from bot.clock import Clock, SystemClock
from bot.config import ConfigError, Settings
from bot.domain.sweep import SweepResult
from bot.formats.backup import BotLock
from bot.i18n import LANGUAGES, Lang, t
from bot.services import Services, open_services
from bot.updates import SLOTS, FairUpdateProcessor, HouqinApplication, Inbox, InboxBot, InboxQueue
from handlers import (
    fallback,
    guards,
    meetings,
    meters,
    plans,
    reminders,
    repair_log,
    report,
    rules,
    school,
    stats,
    stickers,
    tickets,
    users,
    workbook,
)
from handlers.common import HouqinApp, HouqinContext, menu, on_error
from handlers.outbox import Pace, Sender

log = logging.getLogger(__name__)

LOCAL_TOKEN = "123456:LOCAL-TELEGRAM-NO-NETWORK"
LONG_POLL = 10  # seconds getUpdates waits for news (run_polling's timeout)
# HTTP connections for sends, chosen by measurement (bench/bench_storm.py --pools tries others).
POOL_SIZE = int(os.environ.get("HOUQIN_POOL_SIZE", "16"))


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    clock: Clock | None = None,
    rate_limited: bool = True,
    schedule: bool = True,
    background_sender: bool | None = None,
    webhook: bool = False,
) -> HouqinApp:
    """Wire settings, handlers and transport into an `Application` (not yet started).

    `request` replaces the HTTP transport, e.g. with `LocalTelegram`; then no token is needed.
    `schedule` runs the sweep every minute on the JobQueue and (unless `background_sender`
    says otherwise) the outbox's sender in the background; local runs whose clock is moved
    by hand call `sweep` and `settle` themselves.
    `rate_limited` paces sends at Telegram's limits. `webhook`: updates arrive by webhook,
    kept in the inbox before Telegram is answered.
    """
    clock = clock or SystemClock()
    token = LOCAL_TOKEN
    if request is None:
        settings.require_live()
        assert settings.telegram_bot_token is not None
        token = settings.telegram_bot_token.get_secret_value()
    inbox = Inbox(clock.now)
    bot = InboxBot(
        token,
        base_url=settings.telegram_api_base_url,
        # A send waits for a free connection rather than failing after a second.
        request=request or HTTPXRequest(connection_pool_size=POOL_SIZE, pool_timeout=30),
        get_updates_request=request or HTTPXRequest(read_timeout=LONG_POLL + 10),
        # The outbox's sender paces what the bot owes (20 a minute per group, 30 a second in
        # all); this is only the safety net that waits out a 429 instead of failing. Its own
        # limits stay off, so an answer to the person who acted never queues behind a group.
        rate_limiter=(
            AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)
            if rate_limited
            else None
        ),
        inbox=inbox,
    )
    builder: ApplicationBuilder[Any, HouqinContext, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .bot(bot)
        .application_class(HouqinApplication)
        .context_types(ContextTypes(context=HouqinContext))
        .concurrent_updates(FairUpdateProcessor(inbox, slots=SLOTS))
        .post_init(_open_services)
        .post_stop(_stop_sending)
        .post_shutdown(_close_services)
    )
    if webhook:
        builder = builder.update_queue(InboxQueue(inbox))
    application = builder.build()
    application.bot_data["settings"] = settings
    application.bot_data["clock"] = clock
    application.bot_data["inbox"] = inbox
    application.bot_data["background"] = (
        schedule if background_sender is None else background_sender
    )
    application.bot_data["sender"] = Sender(application, pace=Pace() if rate_limited else None)
    guards.register(application)
    report.register(application)
    tickets.register(application)
    repair_log.register(application)
    users.register(application)
    school.register(application)
    reminders.register(application, schedule=schedule)
    stats.register(application, schedule=schedule, tz=settings.tz)
    stickers.register(application)
    plans.register(application)
    meetings.register(application)
    rules.register(application)
    meters.register(application)
    workbook.register(application)
    fallback.register(application)  # last: catches what nothing above handled
    application.add_error_handler(on_error)
    return application


async def _open_services(application: Application) -> None:
    """Open the database, make the services, publish the command menu, start the sender,
    and hand on the updates a previous run fetched but did not handle."""
    settings: Settings = application.bot_data["settings"]
    lock = BotLock(settings.database_path)
    if not lock.acquire():
        raise ConfigError(f"another bot is already running on {settings.database_path}")
    application.bot_data["lock"] = lock
    services = await open_services(settings, application.bot_data["clock"])
    application.bot_data["services"] = services
    if application.bot_data["background"]:  # the menu need not hold up the first update
        menu_task = asyncio.create_task(_set_commands(application, settings.bot_language))
        application.bot_data["menu_task"] = menu_task
    else:
        await _set_commands(application, settings.bot_language)
    if application.bot_data["background"]:
        sender: Sender = application.bot_data["sender"]
        application.bot_data["sender_task"] = asyncio.create_task(sender.run(), name="sender")
    inbox: Inbox = application.bot_data["inbox"]
    left = await inbox.open(services.db)
    if left:
        log.info("handling %s updates fetched by the last run but not handled", len(left))
    for body in left:
        await application.update_queue.put(Update.de_json(body, application.bot))


async def sweep(application: HouqinApp, now: datetime | None = None) -> SweepResult:
    """Run the scheduler's sweep now and send what it owes (the console and the demo move
    the clock by hand; tests too)."""
    result = await reminders.sweep(application, now)
    await settle(application)
    return result


async def settle(application: HouqinApp) -> None:
    """Send everything the outbox may send now (local runs: there is no background sender),
    including what sending it owes in turn (a mention for someone the bot cannot reach)."""
    sender: Sender = application.bot_data["sender"]
    for _ in range(20):  # each round either sends a row or puts it off: this ends
        if not await sender.drain():
            return


async def _stop_sending(application: Application) -> None:
    """Stop the sender while the bot can still send: what is under way finishes, what waits
    stays in the outbox for the next start."""
    for name in ("sender_task", "menu_task"):
        task: asyncio.Task[None] | None = application.bot_data.pop(name, None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    sender: Sender = application.bot_data["sender"]
    await sender.stop()


async def _close_services(application: Application) -> None:
    await _stop_sending(application)  # in case post_stop did not run (a failed start)
    inbox: Inbox = application.bot_data["inbox"]
    await inbox.close()
    services: Services | None = application.bot_data.pop("services", None)
    if services is not None:
        await services.db.close()
    lock: BotLock | None = application.bot_data.pop("lock", None)
    if lock is not None:
        lock.release()


async def _set_commands(application: Application, default: Lang) -> None:
    """Register the command menu in both languages (the default language for everyone else)."""
    group_commands, private_commands = menu(application)
    try:
        for lang in (None, *LANGUAGES):
            shown: Lang = lang or default
            group = [BotCommand(c, t(shown, f"cmd.{c}")) for c in group_commands]
            private = [BotCommand(c, t(shown, f"cmd.{c}")) for c in private_commands]
            await application.bot.set_my_commands(group, language_code=lang)
            await application.bot.set_my_commands(
                private, scope=BotCommandScopeAllPrivateChats(), language_code=lang
            )
    except TelegramError:
        log.warning("could not register the command menu", exc_info=True)


@asynccontextmanager
async def running(application: HouqinApp) -> AsyncIterator[HouqinApp]:
    """Initialise and start the application as `run_polling` would, without polling."""
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    await application.start()
    try:
        yield application
    finally:
        await application.stop()
        if application.post_stop:
            await application.post_stop(application)
        if application.post_shutdown:
            await application.post_shutdown(application)
        await application.shutdown()
