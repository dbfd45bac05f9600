"""Builds the one `Application` that the real bot, the console, the demo and the tests run."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from telegram import BotCommand, BotCommandScopeAllPrivateChats
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes
from telegram.request import BaseRequest

from bot.clock import Clock, SystemClock
from bot.config import ConfigError, Settings
from bot.domain.sweep import SweepResult
from bot.formats.backup import BotLock
from bot.i18n import LANGUAGES, Lang, t
from bot.services import Services, open_services
from bot.updates import PerUserUpdateProcessor
from handlers import (
    fallback,
    guards,
    reminders,
    repair_log,
    report,
    school,
    stats,
    tickets,
    users,
)
from handlers.common import HouqinApp, HouqinContext, menu, on_error

log = logging.getLogger(__name__)

LOCAL_TOKEN = "123456:LOCAL-TELEGRAM-NO-NETWORK"


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    clock: Clock | None = None,
    rate_limited: bool = True,
    schedule: bool = True,
) -> HouqinApp:
    """Wire settings, handlers and transport into an `Application` (not yet started).

    `request` replaces the HTTP transport, e.g. with `LocalTelegram`; then no token is needed.
    `schedule` runs the sweep every minute on the JobQueue; local runs whose clock is moved by
    hand call `handlers.reminders.sweep` themselves instead.
    """
    token = LOCAL_TOKEN
    if request is None:
        settings.require_live()
        assert settings.telegram_bot_token is not None
        token = settings.telegram_bot_token.get_secret_value()
    builder: ApplicationBuilder[Any, HouqinContext, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_api_base_url)
        .context_types(ContextTypes(context=HouqinContext))
        .concurrent_updates(PerUserUpdateProcessor())
        .post_init(_open_services)
        .post_shutdown(_close_services)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if rate_limited:
        # Waits instead of failing when Telegram's flood limits (≈20 msg/min per group) apply.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    application = builder.build()
    application.bot_data["settings"] = settings
    application.bot_data["clock"] = clock or SystemClock()
    guards.register(application)
    report.register(application)
    tickets.register(application)
    repair_log.register(application)
    users.register(application)
    school.register(application)
    reminders.register(application, schedule=schedule)
    stats.register(application)
    fallback.register(application)  # last: catches what nothing above handled
    application.add_error_handler(on_error)
    return application


async def _open_services(application: Application) -> None:
    """Open the database, make the services, publish the command menu, finish lost work."""
    settings: Settings = application.bot_data["settings"]
    lock = BotLock(settings.database_path)
    if not lock.acquire():
        raise ConfigError(f"another bot is already running on {settings.database_path}")
    application.bot_data["lock"] = lock
    services = await open_services(settings, application.bot_data["clock"])
    application.bot_data["services"] = services
    await _set_commands(application, settings.bot_language)
    await _announce_unannounced(application, services)


async def sweep(application: HouqinApp, now: datetime | None = None) -> SweepResult:
    """Run the scheduler's sweep now (the console and the demo move the clock by hand)."""
    return await reminders.sweep(application, now)


async def _close_services(application: Application) -> None:
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


async def _announce_unannounced(application: Application, services: Services) -> None:
    """Post the cards of tickets saved just before a crash but never announced."""
    missing = await services.tickets.unannounced()
    if not missing:
        return
    context = HouqinContext(application)
    for ticket in missing:
        log.info("announcing ticket %s, left unannounced by the last run", ticket.id)
        try:
            await tickets.announce(context, ticket)
        except TelegramError:
            log.warning("could not announce ticket %s", ticket.id, exc_info=True)


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
        if application.post_shutdown:
            await application.post_shutdown(application)
        await application.shutdown()
