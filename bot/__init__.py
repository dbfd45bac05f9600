"""houqin (后勤): a Telegram bot for a school's logistics office."""

import os

# python-telegram-bot 22 warns on every RetryAfter until durations become timedeltas in its
# next major version; opt in now (nothing here reads the old integer form).
os.environ.setdefault("PTB_TIMEDELTA", "1")
