"""houqin (后勤): a Telegram bot for a school's logistics office."""
