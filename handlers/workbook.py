"""The head sends the filled-in set-up workbook (school.xlsx) to the bot in private: it is
checked whole and loaded in one transaction, or nothing is loaded and each mistake is named by
sheet, row and column."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.domain.errors import Refused
from bot.formats.school_file import SchoolFileError
from bot.formats.workbook import read_workbook
from bot.i18n import t
from handlers.common import HouqinApp, HouqinContext, actor_of, fit, lang_of, reply

MAX_BYTES = 5 * 1024 * 1024  # a school's set-up is a few hundred kilobytes at most
MAX_PROBLEMS = 20  # named in the answer; the rest are counted


async def on_workbook(update: Update, context: HouqinContext) -> None:
    """A .xlsx in private from the head: the set-up to load."""
    message = update.effective_message
    assert message is not None and message.document is not None
    lang = lang_of(update, context)
    actor = await actor_of(update, context)
    if not actor.is_admin:
        raise Refused("only_admin")
    if (message.document.file_size or 0) > MAX_BYTES:
        await reply(update, context, t(lang, "workbook.too_big"))
        return
    services = context.services
    seen = services.school.setup.revision
    file = await message.document.get_file()
    content = bytes(await file.download_as_bytearray())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "school.xlsx"
        await asyncio.to_thread(path.write_bytes, content)
        try:
            setup = await asyncio.to_thread(read_workbook, path)
        except SchoolFileError as exc:
            problems = str(exc).splitlines()
            shown = "\n".join(problems[:MAX_PROBLEMS])
            more = len(problems) - MAX_PROBLEMS
            text = t(lang, "workbook.problems", count=len(problems), problems=shown)
            if more > 0:
                text += "\n" + t(lang, "workbook.more", count=more)
            await reply(update, context, fit(text))
            return
    summary = await services.school.import_setup(
        setup, actor_id=actor.user_id, now=services.clock.now(), based_on=seen
    )
    services.users.forget()
    await reply(
        update, context, t(lang, "workbook.loaded", summary=summary or t(lang, "workbook.same"))
    )


def register(application: HouqinApp) -> None:
    """Add the workbook upload (private chats)."""
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & filters.Document.FileExtension("xlsx"), on_workbook
        )
    )
