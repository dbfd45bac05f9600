"""The real long-polling path (Updater → getUpdates → handlers) on the local Bot API."""

from __future__ import annotations

import asyncio

from bot.config import Settings
from bot.local.school import SCHOOL_CHAT_ID, TEACHER_LI, local_school


async def test_updates_arrive_by_long_polling(settings: Settings) -> None:
    async with local_school(settings) as school:
        updater = school.app.updater
        assert updater is not None
        await updater.start_polling(poll_interval=0, timeout=1)
        try:
            school.api.queue_update(
                school.api.message_update(TEACHER_LI, SCHOOL_CHAT_ID, "/report 302 灯管不亮")
            )
            for _ in range(500):  # until the card appears; bounded at a few seconds
                if any(m.from_bot for m in school.api.chat(SCHOOL_CHAT_ID)):
                    break
                await asyncio.sleep(0.01)
        finally:
            await updater.stop()
        card = school.api.last_bot_message(SCHOOL_CHAT_ID)
        assert card.text.startswith("🔧 报修 #1 · 待接单")
