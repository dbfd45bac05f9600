"""`python -m bot` runs the bot; `console` and `demo` run it locally with no token."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from datetime import date
from pathlib import Path

from bot.config import ConfigError, load_settings


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run what it asks for."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot with long polling (the default)")
    console = sub.add_parser("console", help="chat with the bot in this terminal, no token")
    console.add_argument("--db", help="keep the chat in this SQLite file (default: a fresh one)")
    console.add_argument(
        "--real-data", action="store_true", help="allow a --db file the console did not make"
    )
    demo = sub.add_parser("demo", help="print a scripted school day, no token")
    demo.add_argument("--db", help="a new SQLite file to keep (default: a temporary one)")
    demo.add_argument("--lang", choices=["zh", "en"], default=None, help="the group's language")
    load = sub.add_parser("import", help="load a set-up (school.yaml or .xlsx) into the database")
    load.add_argument("file", help="the school.yaml or school.xlsx to load")
    export = sub.add_parser("export-config", help="write the current set-up (.yaml or .xlsx)")
    export.add_argument("--out", help="school.yaml or school.xlsx (default: print the YAML)")
    dump = sub.add_parser("export", help="write the repair log of a period as .xlsx or .csv")
    dump.add_argument("--from", dest="first", required=True, type=date.fromisoformat)
    dump.add_argument("--to", dest="last", required=True, type=date.fromisoformat)
    dump.add_argument("--out", required=True, help="file.xlsx or file.csv")
    dump.add_argument("--lang", choices=["zh", "en"], default="zh")
    qr = sub.add_parser("qr", help="print QR stickers for every room as an A4 PDF")
    qr.add_argument("--out", required=True, help="the PDF to write, e.g. stickers.pdf")
    qr.add_argument("--bot", help="the bot's @username (default: asked of Telegram)")
    save = sub.add_parser("backup", help="take an online snapshot of the database")
    save.add_argument("path")
    back = sub.add_parser("restore", help="check a snapshot and put it in place (bot stopped)")
    back.add_argument("path")
    sub.add_parser("doctor", help="check the token, the group, the people and the database")
    book = sub.add_parser("template", help="write a set-up workbook (.xlsx) to fill in")
    book.add_argument("--out", required=True, help="e.g. school.xlsx")
    wizard = sub.add_parser("setup", help="write .env by answering a few questions")
    wizard.add_argument("--lang", choices=["zh", "en"], default="zh")
    wizard.add_argument("--out", default=".env", help="the file to write (default: .env)")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.command in (None, "run") else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        if args.command == "console":
            from bot.cli.console import run_console

            return asyncio.run(run_console(args.db, real=args.real_data))
        if args.command == "demo":
            from bot.cli.demo import run_demo

            return asyncio.run(run_demo(args.db, args.lang))
        if args.command == "import":
            from bot.cli.school import import_file

            return asyncio.run(import_file(Path(args.file)))
        if args.command == "export-config":
            from bot.cli.school import export_file

            return asyncio.run(export_file(Path(args.out) if args.out else None))
        if args.command == "export":
            from bot.cli.data import export

            return asyncio.run(export(args.first, args.last, Path(args.out), args.lang))
        if args.command == "qr":
            from bot.cli.school import stickers

            return asyncio.run(stickers(Path(args.out), args.bot))
        if args.command == "backup":
            from bot.cli.data import backup

            return asyncio.run(backup(Path(args.path)))
        if args.command == "template":
            from bot.cli.school import template

            return asyncio.run(template(Path(args.out)))
        if args.command == "setup":
            from bot.cli.setup_env import write_env

            return write_env(Path(args.out), lang=args.lang)
        if args.command == "doctor":
            from bot.cli.doctor import doctor

            return asyncio.run(doctor())
        if args.command == "restore":
            from bot.cli.data import restore_from

            return restore_from(Path(args.path))
        return run_live()
    except ConfigError as exc:
        print(f"Configuration problem:\n{exc}", file=sys.stderr)
        return 2


# chat_member arrives only where the bot is an admin of the group; it keeps membership fresh.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "chat_member"]
WEBHOOK_PATH = "telegram"  # the reverse proxy forwards https://…/telegram here


def run_live() -> int:
    """Run against Telegram (or TELEGRAM_API_BASE_URL) until stopped: long polling, or a
    webhook when WEBHOOK_URL is set."""
    from telegram.error import InvalidToken, NetworkError

    from bot.app import build_application

    settings = load_settings()
    webhook = settings.webhook_url is not None
    application = build_application(settings, webhook=webhook)
    try:
        if webhook:
            assert settings.webhook_url is not None
            secret = settings.webhook_secret
            application.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=WEBHOOK_PATH,
                webhook_url=settings.webhook_url,
                secret_token=secret.get_secret_value() if secret else None,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            application.run_polling(allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:
        print("Telegram refused TELEGRAM_BOT_TOKEN: check it with @BotFather.", file=sys.stderr)
        return 1
    except NetworkError as exc:
        print(f"Cannot reach {settings.telegram_api_base_url}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
