"""The real long-polling path (Updater → getUpdates → handlers) on the local Bot API."""

from __future__ import annotations

import asyncio

from bot.config import Settings
from bot.local.school import SCHOOL_CHAT_ID, TEACHER_LI, local_school


async def test_updates_arrive_by_long_polling(settings: Settings) -> None:
    async with local_school(settings, background_sender=True) as school:
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
        assert card.text.startswith("🔧 报修单 #1 · 待接单")


async def test_an_update_handed_over_twice_is_handled_once(settings: Settings) -> None:
    async with local_school(settings, background_sender=True) as school:
        updater = school.app.updater
        assert updater is not None
        await updater.start_polling(poll_interval=0, timeout=1)
        try:
            update = school.api.message_update(TEACHER_LI, TEACHER_LI.id, "/report 302 灯管不亮")
            school.api.queue_update(update)
            school.api.queue_update(update)  # Telegram hands it over again
            for _ in range(500):
                if any(m.from_bot for m in school.api.chat(SCHOOL_CHAT_ID)):
                    break
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.2)
        finally:
            await updater.stop()
        answers = [m.text for m in school.api.chat(TEACHER_LI.id) if m.from_bot]
        assert len(answers) == 1 and answers[0].startswith("已收到，报修单 #1。")
