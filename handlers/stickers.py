"""/qr: the head gets a PDF of QR stickers, one per room; scanning one opens a report with the
place filled in (the deep link /start r_<token>, handled by handlers.report)."""

from __future__ import annotations

import asyncio

from telegram import InputFile, Update

from bot.domain.errors import Refused
from bot.domain.places import Place, every_place, place_token
from bot.i18n import t
from handlers.common import HouqinApp, HouqinContext, MenuCommand, actor_of, lang_of, reply
from handlers.report import PLACE_LINK
from handlers.stats import in_private_only


def place_link(username: str, place: Place) -> str:
    """Return the link a room's sticker carries: the bot's private chat, place filled in."""
    return f"https://t.me/{username}?start={PLACE_LINK}{place_token(place)}"


async def on_qr(update: Update, context: HouqinContext) -> None:
    """/qr: A4 sheets of stickers for every room of the school's list, as a PDF, in private."""
    if not await in_private_only(update, context, "qr"):
        return
    actor = await actor_of(update, context)
    if not actor.is_admin:
        raise Refused("only_admin")
    lang = lang_of(update, context)
    places = every_place(context.setup)
    if not places:
        await reply(update, context, t(lang, "qr.no_places"))
        return
    from bot.formats.stickers import PER_PAGE, sticker_sheets  # Pillow: loaded when needed

    username = context.bot.username
    pdf = await asyncio.to_thread(sticker_sheets, places, lambda p: place_link(username, p))
    message = update.effective_message
    assert message is not None
    pages = -(-len(places) // PER_PAGE)
    await message.reply_document(
        InputFile(pdf, filename="houqin-stickers.pdf"),
        caption=t(lang, "qr.done", count=len(places), pages=pages),
        do_quote=False,
    )


def register(application: HouqinApp) -> None:
    """Add /qr."""
    application.add_handler(MenuCommand("qr", on_qr))
