"""A bare python-telegram-bot echo bot: the yardstick the storm benchmark runs beside houqin.

TELEGRAM_BOT_TOKEN=… TELEGRAM_API_BASE_URL=… python bench/echo_bot.py
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say back what was said."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(message.text or "?")


def main() -> None:
    application = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .build()
    )
    application.add_handler(MessageHandler(filters.ALL, echo))
    application.run_polling()


if __name__ == "__main__":
    main()
