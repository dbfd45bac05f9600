"""The local Telegram over HTTP: a Bot API server on 127.0.0.1 for the real long-polling path.

The bot under test runs as it does in a school — its own process, python-telegram-bot's HTTP
client, `TELEGRAM_API_BASE_URL` pointing here — so benchmarks and crash tests see what a
school would: connection pools, concurrency, a process killed in the middle.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from bot.local.telegram import LocalTelegram


class BotApiServer:
    """Serves one `LocalTelegram` at http://127.0.0.1:PORT/bot<token>/<method>."""

    def __init__(self, api: LocalTelegram, *, token: str | None = None) -> None:
        self.api = api
        self.token = token  # when given, any other token is refused (401), as Telegram does
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        """Return what TELEGRAM_API_BASE_URL must be set to."""
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> str:
        """Listen on a free port of 127.0.0.1; return the base URL."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self.base_url

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle(self, request: web.Request) -> web.Response:
        if self.token is not None and request.match_info["token"] != self.token:
            refusal = {"ok": False, "error_code": 401, "description": "Unauthorized"}
            return web.json_response(refusal, status=401)
        params: dict[str, Any] = {}
        files: dict[str, Any] = {}
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, web.BodyPartReader) or part.name is None:
                    continue
                if part.filename:
                    files[part.name] = (part.filename, await part.read())
                else:
                    params[part.name] = _value(await part.text())
        elif request.can_read_body:
            form = await request.post()
            params = {key: _value(str(value)) for key, value in form.items()}
        status, body = await self.api.answer(request.match_info["method"], params, files)
        return web.Response(status=status, body=body, content_type="application/json")


def _value(text: str) -> Any:
    """A form field as python-telegram-bot sent it: JSON for objects and lists, else text."""
    if text[:1] in ("{", "["):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text
