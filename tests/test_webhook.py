"""Webhook mode: Telegram posts updates; each is kept in the inbox before Telegram hears 200,
and a post without the secret changes nothing."""

from __future__ import annotations

import asyncio
import socket

import aiohttp

from bot.config import Settings
from bot.local.school import SCHOOL_CHAT_ID, TEACHER_LI, local_school
from tests.helpers import rows

SECRET = "s3cret-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_posted_update_is_kept_then_handled_and_a_forged_one_refused(
    settings: Settings,
) -> None:
    async with local_school(settings, webhook=True, background_sender=True) as school:
        port = free_port()
        updater = school.app.updater
        assert updater is not None
        await updater.start_webhook(
            listen="127.0.0.1", port=port, url_path="telegram",
            webhook_url="https://school.example/telegram", secret_token=SECRET,
        )  # fmt: skip
        try:
            assert school.api.webhook == {
                "url": "https://school.example/telegram",
                "secret_token": SECRET,
            }
            update = school.api.message_update(TEACHER_LI, SCHOOL_CHAT_ID, "/report 302 灯管不亮")
            url = f"http://127.0.0.1:{port}/telegram"
            async with aiohttp.ClientSession() as http:
                forged = await http.post(url, json=update)
                assert forged.status == 403
                assert rows(school, "select count(*) from inbox") == [(0,)]
                headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
                answer = await http.post(url, json=update, headers=headers)
                assert answer.status == 200
                # Kept before the 200: a kill -9 now loses nothing.
                assert rows(school, "select update_id from inbox") == [(update["update_id"],)]
                again = await http.post(url, json=update, headers=headers)  # delivered twice
                assert again.status == 200
            for _ in range(100):
                if rows(school, "select count(*) from tickets") == [(1,)]:
                    break
                await asyncio.sleep(0.05)
            assert rows(school, "select description from tickets") == [("302 灯管不亮",)]
        finally:
            await updater.stop()
