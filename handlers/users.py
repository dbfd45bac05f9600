"""Who people are: /start, /help, /whoami, and the head's /addworker and /removeworker."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import CommandHandler

from bot.domain.drafts import WHAT, Draft
from bot.domain.errors import Refused
from bot.domain.text import plain
from bot.domain.users import Actor
from bot.i18n import t
from handlers.common import (
    HouqinApp,
    HouqinContext,
    MenuCommand,
    actor_of,
    is_private,
    lang_of,
    reply,
)
from handlers.report import PLACE_LINK, start_at_place, start_draft


def help_text(lang: str, actor: Actor) -> str:
    """Return the help for what this person may do."""
    parts = [t(lang, "help.everyone")]  # type: ignore[arg-type]
    if actor.is_worker or actor.is_admin:
        parts.append(t(lang, "help.worker"))  # type: ignore[arg-type]
    if actor.is_admin:
        parts.append(t(lang, "help.admin"))  # type: ignore[arg-type]
    return "\n\n".join(parts)


async def on_start(update: Update, context: HouqinContext) -> None:
    """/start; the deep links /start report (what is broken?) and /start r_<token> (a room's
    QR sticker: the place filled in)."""
    argument = context.args[0] if context.args else ""
    if is_private(update) and argument == "report":
        await start_draft(update, context, Draft(awaiting=WHAT), key="draft.what")
        return
    if is_private(update) and argument.startswith(PLACE_LINK):
        await start_at_place(update, context, argument.removeprefix(PLACE_LINK))
        return
    lang = lang_of(update, context)
    actor = await actor_of(update, context)
    assert update.effective_user is not None
    welcome = t(lang, "welcome", name=update.effective_user.first_name)
    await reply(update, context, welcome + "\n\n" + help_text(lang, actor))


async def on_help(update: Update, context: HouqinContext) -> None:
    """/help: the commands this person may use."""
    await reply(
        update, context, help_text(lang_of(update, context), await actor_of(update, context))
    )


async def on_whoami(update: Update, context: HouqinContext) -> None:
    """/whoami: id, name, role and language as the bot sees them."""
    lang = lang_of(update, context)
    actor = await actor_of(update, context)
    roles = [
        t(lang, f"role.{r}")
        for r, held in (("admin", actor.is_admin), ("worker", actor.is_worker))
        if held
    ]
    await reply(
        update,
        context,
        t(
            lang,
            "whoami",
            name=actor.name,
            id=actor.user_id,
            roles="、".join(roles) or t(lang, "role.reporter"),
        ),
    )


def target_of(update: Update, args: list[str]) -> tuple[int, list[str]] | None:
    """Return whose role to change (the replied-to person, or a leading user id) and the rest."""
    message = update.effective_message
    assert message is not None
    replied = message.reply_to_message
    if replied is not None and replied.from_user and not replied.from_user.is_bot:
        return replied.from_user.id, args
    number = plain(args[0]) if args else ""
    if re.fullmatch(r"-?[0-9]{1,15}", number):
        return int(number), args[1:]
    return None


async def on_addworker(update: Update, context: HouqinContext) -> None:
    """/addworker name (in reply) or /addworker user_id name: make someone a worker."""
    actor = await actor_of(update, context)
    if not actor.is_admin:
        raise Refused("only_admin")
    lang = lang_of(update, context)
    found = target_of(update, context.args or [])
    if found is None:
        await reply(update, context, t(lang, "addworker_usage"))
        return
    target_id, rest = found
    name = " ".join(rest) or None
    if name is None:
        replied = update.effective_message.reply_to_message if update.effective_message else None
        name = replied.from_user.full_name if replied and replied.from_user else None
    if name is None:
        await reply(update, context, t(lang, "addworker_usage"))
        return
    services = context.services
    user = await services.users.set_worker(
        actor=actor,
        target_id=target_id,
        worker_name=name,
        is_worker=True,
        now=services.clock.now(),
    )
    await services.school.load()  # the staff list is part of the set-up
    await reply(update, context, t(lang, "worker_added", name=user.display_name))


async def on_removeworker(update: Update, context: HouqinContext) -> None:
    """/removeworker (in reply) or /removeworker user_id: the person reports only from now on."""
    actor = await actor_of(update, context)
    if not actor.is_admin:
        raise Refused("only_admin")
    lang = lang_of(update, context)
    found = target_of(update, context.args or [])
    if found is None:
        await reply(update, context, t(lang, "removeworker_usage"))
        return
    services = context.services
    user = await services.users.set_worker(
        actor=actor,
        target_id=found[0],
        worker_name=None,
        is_worker=False,
        now=services.clock.now(),
    )
    await services.school.load()
    await reply(update, context, t(lang, "worker_removed", name=user.display_name))


def register(application: HouqinApp) -> None:
    """Add the people commands."""
    application.add_handler(CommandHandler("start", on_start))
    application.add_handler(MenuCommand("whoami", on_whoami))
    application.add_handler(MenuCommand("help", on_help, group=True))
    application.add_handler(CommandHandler("addworker", on_addworker))
    application.add_handler(CommandHandler("removeworker", on_removeworker))
