"""An in-process Bot API: lets the unchanged `Application` run with no token and no network.

`LocalTelegram` is a `telegram.request.BaseRequest`. It answers the Bot API methods the bot
uses, keeps every chat's messages (so edits and buttons can be checked), and builds the
updates real users would cause: a message, a photo, a sticker, an edit, a button press.
It serves `python -m bot console`, `python -m bot demo`, the tests and the benchmark.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from telegram import Update
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

from bot.app import settle
from bot.clock import Clock, SystemClock
from bot.local.limits import Refusal, check_markup, check_message

BOT_USER = {
    "id": 7_000_000_001,
    "is_bot": True,
    "first_name": "后勤助手",
    "username": "houqin_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
# What getChatMember says of an administrator's rights (the ones the bot cares about).
_ADMIN_RIGHTS = {
    "administrator": {
        "can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
        "can_delete_messages": True, "can_manage_video_chats": False,
        "can_restrict_members": False, "can_promote_members": False, "can_change_info": False,
        "can_invite_users": True, "can_post_stories": False, "can_edit_stories": False,
        "can_delete_stories": False,
    }
}  # fmt: skip
ANONYMOUS_ADMIN_ID = 1087968824  # Telegram's "GroupAnonymousBot"
DELETE_WITHIN = 48 * 3600  # seconds: a bot may delete its own message for 48 hours
# What makes a message content (not a service message like "someone joined").
CONTENT = frozenset(
    ("text", "caption", "photo", "sticker", "voice", "video", "video_note", "document",
     "audio", "animation", "location", "contact", "poll", "dice")
)  # fmt: skip


@dataclass(frozen=True)
class TgUser:
    """A person on the local Telegram."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "zh-hans"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass
class Button:
    """One inline button as the user sees it."""

    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass
class ChatMessage:
    """A message in a chat as it stands now (edits applied)."""

    chat_id: int
    message_id: int
    from_bot: bool
    text: str = ""
    buttons: list[list[Button]] = field(default_factory=list)
    photo: str | None = None
    document_name: str | None = None
    document_bytes: bytes | None = None
    photo_bytes: bytes | None = None
    reply_to_message_id: int | None = None
    sender_id: int | None = None
    edits: int = 0
    date: int = 0  # when it was sent (Unix time): a bot deletes its own only within 48 h
    album: str | None = None  # media_group_id: the photos of one album

    def all_buttons(self) -> list[Button]:
        """Return the buttons row by row, left to right."""
        return [button for row in self.buttons for button in row]

    def button(self, label_part: str) -> Button:
        """Return the button whose label contains `label_part`."""
        for button in self.all_buttons():
            if label_part in button.text:
                return button
        labels = [b.text for b in self.all_buttons()]
        raise LookupError(f"no button with {label_part!r}; buttons: {labels}")


@dataclass
class Call:
    """One Bot API request the bot made, with its parameters and what Telegram answered."""

    method: str
    params: dict[str, Any]
    result: Any = None
    error: str | None = None


class TelegramFailure(Exception):
    """An injected failure for the next call of a method."""


class LocalTelegram(BaseRequest):
    """The Bot API, in memory."""

    def __init__(self, clock: Clock | None = None, *, first_message_id: int = 1) -> None:
        """`first_message_id` lets a run on a kept database avoid reusing message ids."""
        self.clock = clock or SystemClock()
        self.calls: list[Call] = []
        self.messages: dict[tuple[int, int], ChatMessage] = {}
        self.groups: dict[int, str] = {}
        self.bot_status: dict[int, str] = {}  # group -> the bot's status there (administrator)
        self.webhook: dict | None = None  # what setWebhook was told
        self.user_files: dict[str, bytes] = {}  # files users sent, by file_id
        self.users: dict[int, TgUser] = {}
        self.started: set[int] = set()  # users who opened a private chat with the bot
        self.members: dict[int, set[int]] = defaultdict(set)  # group -> its members
        self.blocked: set[int] = set()  # users who blocked the bot
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.callback_answers: list[dict[str, Any]] = []
        self._failures: dict[str, list[tuple[int, str, dict[str, Any]]]] = defaultdict(list)
        self._message_ids: dict[int, itertools.count[int]] = defaultdict(
            lambda: itertools.count(first_message_id)
        )
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._pending_updates: list[dict[str, Any]] = []
        self._updates_ready = asyncio.Event()
        self.polled = asyncio.Event()  # set by the first getUpdates: the bot is listening
        self.on_sent: Callable[[ChatMessage], None] | None = None  # benchmarks time answers
        # Telegram's default for bots: in groups only commands, replies to the bot and
        # mentions of it are delivered (BotFather's /setprivacy turns it off).
        self.privacy_mode = True

    # --- the BaseRequest interface ---------------------------------------------------------

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Answer one Bot API call the way Telegram would (and serve a file a user sent)."""
        if "/file/bot" in url:  # a download of what getFile named
            content = self.user_files.get(url.rsplit("/", 1)[-1])
            return (HTTPStatus.OK, content) if content is not None else (HTTPStatus.NOT_FOUND, b"")
        params = dict(request_data.parameters) if request_data else {}
        files = request_data.multipart_data if request_data and request_data.contains_files else {}
        return await self.answer(url.rsplit("/", 1)[-1], params, files)

    async def answer(
        self, api_method: str, params: dict[str, Any], files: dict[str, Any]
    ) -> tuple[int, bytes]:
        """Answer one Bot API method with its parameters (in process, or over HTTP)."""
        call = Call(api_method, params)
        if api_method != "getUpdates":
            self.calls.append(call)
        if self._failures[api_method]:
            code, description, extra = self._failures[api_method].pop(0)
            call.error = description
            return _error(code, description, **extra)
        handler = getattr(self, f"_api_{api_method}", None)
        if handler is None:
            call.error = "method not found"
            return _error(HTTPStatus.NOT_FOUND, "Not Found: method not found")
        try:
            call.result = await handler(params, files)
        except _ApiError as exc:
            call.error = exc.description
            return _error(exc.code, exc.description)
        return HTTPStatus.OK, json.dumps({"ok": True, "result": call.result}).encode()

    # --- test and console controls --------------------------------------------------------

    def add_group(self, chat_id: int, title: str) -> None:
        """Create a group chat the bot is a member of."""
        self.groups[chat_id] = title

    def add_user(
        self, user: TgUser, *, started: bool = True, member_of: int | None = None
    ) -> TgUser:
        """Create a user; `started` means they have opened a private chat with the bot,
        `member_of` names a group they are in."""
        self.users[user.id] = user
        if started:
            self.started.add(user.id)
        if member_of is not None:
            self.members[member_of].add(user.id)
        return user

    def fail_next(self, method: str, code: int, description: str, **parameters: Any) -> None:
        """Make the next call of `method` fail, e.g. 429 with retry_after=5."""
        self._failures[method].append((code, description, {"parameters": parameters}))

    def chat(self, chat_id: int) -> list[ChatMessage]:
        """Return the messages of a chat, oldest first."""
        return [m for (c, _), m in sorted(self.messages.items()) if c == chat_id]

    def last_bot_message(self, chat_id: int) -> ChatMessage:
        """Return the newest message the bot sent in a chat."""
        sent = [m for m in self.chat(chat_id) if m.from_bot]
        if not sent:
            raise LookupError(f"the bot sent nothing to chat {chat_id}")
        return sent[-1]

    # --- updates a user causes --------------------------------------------------------------

    def message_update(
        self,
        user: TgUser | None,
        chat_id: int,
        text: str | None = None,
        *,
        photo: str | None = None,
        sticker: bool = False,
        voice: bool = False,
        reply_to: int | None = None,
        sender_chat: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
        album: str | None = None,
    ) -> dict[str, Any]:
        """Build the update for a user's new message (text, or photo with caption; `extra`
        adds other fields as Telegram sends them: a location, a contact, a document …)."""
        if user is not None and chat_id == user.id:
            self.started.add(user.id)
        message = self._user_message(user, chat_id, sender_chat=sender_chat)
        if photo is not None:
            message["photo"] = [
                {"file_id": photo, "file_unique_id": f"u-{photo}", "width": 1280, "height": 960}
            ]
            if text:
                message["caption"] = text
                message["caption_entities"] = _entities(text)
            if album is not None:
                message["media_group_id"] = album
        elif sticker:
            message["sticker"] = {
                "file_id": "sticker-1",
                "file_unique_id": "sticker-u1",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            }
        elif voice:
            message["voice"] = {"file_id": "voice-1", "file_unique_id": "voice-u1", "duration": 3}
        elif text is not None:
            message["text"] = text
            message["entities"] = _entities(text)
        message.update(extra or {})
        if reply_to is not None:
            replied = self.messages.get((chat_id, reply_to))
            if replied is not None:
                message["reply_to_message"] = self._as_dict(replied)
        self.messages[(chat_id, message["message_id"])] = ChatMessage(
            chat_id=chat_id,
            message_id=message["message_id"],
            from_bot=False,
            text=text or "",
            photo=photo,
            reply_to_message_id=reply_to,
            sender_id=user.id if user else None,
            date=self._now(),
            album=album,
        )
        return {"update_id": next(self._update_ids), "message": message}

    def edit_update(self, user: TgUser, chat_id: int, message_id: int, text: str) -> dict:
        """Build the update for a user editing one of their messages."""
        message = self._user_message(user, chat_id, message_id=message_id)
        message["text"] = text
        message["entities"] = _entities(text)
        message["edit_date"] = self._now()
        return {"update_id": next(self._update_ids), "edited_message": message}

    def channel_post_update(self, chat_id: int, text: str) -> dict[str, Any]:
        """Build the update for a post in a channel the bot was added to."""
        chat = {"id": chat_id, "type": "channel", "title": "Channel"}
        message = {
            "message_id": next(self._message_ids[chat_id]),
            "date": self._now(),
            "chat": chat,
            "sender_chat": chat,
            "text": text,
            "entities": _entities(text),
        }
        return {"update_id": next(self._update_ids), "channel_post": message}

    def press_update(self, user: TgUser, message: ChatMessage, data: str) -> dict[str, Any]:
        """Build the update for a user pressing an inline button (any data: forgeries too)."""
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": str(next(self._callback_ids)),
                "from": user.to_dict(),
                "chat_instance": f"ci{message.chat_id}",
                "data": data,
                "message": self._as_dict(message),
            },
        }

    def member_update(self, user: TgUser, chat_id: int, *, joined: bool) -> dict[str, Any]:
        """Build the chat_member update for someone joining or leaving a group (the bot sees
        these when it is an admin there), and change the membership."""
        if joined:
            self.members[chat_id].add(user.id)
        else:
            self.members[chat_id].discard(user.id)
        old, new = ("left", "member") if joined else ("member", "left")
        return {
            "update_id": next(self._update_ids),
            "chat_member": {
                "chat": self._chat_dict(chat_id),
                "from": user.to_dict(),
                "date": self._now(),
                "old_chat_member": {"status": old, "user": user.to_dict()},
                "new_chat_member": {"status": new, "user": user.to_dict()},
            },
        }

    def queue_update(self, update: dict[str, Any]) -> None:
        """Hand an update to the bot through getUpdates (long polling), if Telegram would."""
        if not self.delivers(update):
            return
        self._pending_updates.append(update)
        self._updates_ready.set()

    def delivers(self, update: dict[str, Any]) -> bool:
        """Tell whether Telegram hands this update to the bot. With privacy mode on, a group
        message reaches it only as a command, a reply to the bot's message, or a mention of
        it; service messages (someone joined) and everything outside messages always do."""
        message = update.get("message") or update.get("edited_message")
        if not self.privacy_mode or message is None or message["chat"]["type"] == "private":
            return True
        if not CONTENT.intersection(message):
            return True  # a service message
        text = message.get("text") or message.get("caption") or ""
        replied = message.get("reply_to_message") or {}
        return (
            text.startswith("/")
            or (replied.get("from") or {}).get("id") == BOT_USER["id"]
            or f"@{BOT_USER['username']}".lower() in text.lower()
        )

    # --- Bot API methods --------------------------------------------------------------------

    async def _api_getMe(self, params: dict, files: dict) -> dict:
        return BOT_USER

    async def _api_deleteWebhook(self, params: dict, files: dict) -> bool:
        self.webhook = None
        return True

    async def _api_setWebhook(self, params: dict, files: dict) -> bool:
        url = str(params.get("url", ""))
        if not url.startswith("https://"):
            raise _ApiError(
                HTTPStatus.BAD_REQUEST,
                "Bad Request: bad webhook: HTTPS url must be provided for webhook",
            )
        self.webhook = {"url": url, "secret_token": params.get("secret_token")}
        return True

    async def _api_getFile(self, params: dict, files: dict) -> dict:
        file_id = str(params["file_id"])
        content = self.user_files.get(file_id)
        if content is None:
            raise _ApiError(HTTPStatus.BAD_REQUEST, "Bad Request: invalid file_id")
        return {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_size": len(content),
                "file_path": file_id}  # fmt: skip

    def document_update(
        self, user: TgUser, chat_id: int, name: str, content: bytes, caption: str | None = None
    ) -> dict[str, Any]:
        """Build the update for a user sending a file (kept for getFile and its download)."""
        file_id = f"doc-{len(self.user_files) + 1}"
        self.user_files[file_id] = content
        document = {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_name": name,
                    "file_size": len(content)}  # fmt: skip
        return self.message_update(user, chat_id, caption, extra={"document": document})

    async def _api_getChat(self, params: dict, files: dict) -> dict:
        """A group the bot is in, or a private chat with someone who started the bot."""
        chat_id = int(params["chat_id"])
        full = {"accent_color_id": 0, "max_reaction_count": 11}  # what ChatFullInfo requires
        if chat_id in self.groups:
            return {"id": chat_id, "type": "supergroup", "title": self.groups[chat_id], **full}
        if chat_id in self.users and chat_id in self.started:
            name = self.users[chat_id].first_name
            return {"id": chat_id, "type": "private", "first_name": name, **full}
        raise _ApiError(HTTPStatus.BAD_REQUEST, "Bad Request: chat not found")

    async def _api_getChatMember(self, params: dict, files: dict) -> dict:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        if chat_id not in self.groups:
            raise _ApiError(HTTPStatus.BAD_REQUEST, "Bad Request: chat not found")
        if user_id == BOT_USER["id"]:  # the bot itself: a member, or an admin if made one
            status = self.bot_status.get(chat_id, "member")
            return {"status": status, "user": BOT_USER, **_ADMIN_RIGHTS.get(status, {})}
        user = self.users.get(user_id)
        if user is None:
            raise _ApiError(HTTPStatus.BAD_REQUEST, "Bad Request: user not found")
        status = "member" if user_id in self.members[chat_id] else "left"
        return {"status": status, "user": user.to_dict()}

    async def _api_setMyCommands(self, params: dict, files: dict) -> bool:
        scope = (params.get("scope") or {}).get("type", "default")
        self.commands[(scope, params.get("language_code", ""))] = params["commands"]
        return True

    async def _api_getUpdates(self, params: dict, files: dict) -> list[dict]:
        self.polled.set()
        offset = int(params.get("offset") or 0)
        self._pending_updates = [u for u in self._pending_updates if u["update_id"] >= offset]
        if not self._pending_updates:
            self._updates_ready.clear()
            timeout = float(params.get("timeout") or 0)
            try:
                await asyncio.wait_for(self._updates_ready.wait(), timeout=max(timeout, 0.01))
            except TimeoutError:
                return []
        return list(self._pending_updates)

    async def _api_sendMessage(self, params: dict, files: dict) -> dict:
        return self._store_sent(params, text=params["text"])

    async def _api_sendPhoto(self, params: dict, files: dict) -> dict:
        if "photo" in files:  # an upload; otherwise a file_id Telegram already has
            name, content = _upload("photo", files)
            sent = self._store_sent(params, text=params.get("caption", ""), photo=name)
            self.messages[(int(params["chat_id"]), sent["message_id"])].photo_bytes = content
            return sent
        return self._store_sent(params, text=params.get("caption", ""), photo=params["photo"])

    async def _api_sendDocument(self, params: dict, files: dict) -> dict:
        name, content = _upload("document", files)
        return self._store_sent(params, text=params.get("caption", ""), document=(name, content))

    async def _api_editMessageText(self, params: dict, files: dict) -> dict:
        return self._edit(params, text=params["text"])

    async def _api_editMessageCaption(self, params: dict, files: dict) -> dict:
        return self._edit(params, text=params.get("caption", ""))

    async def _api_editMessageReplyMarkup(self, params: dict, files: dict) -> dict:
        return self._edit(params, text=None)

    async def _api_deleteMessage(self, params: dict, files: dict) -> bool:
        key = (int(params["chat_id"]), int(params["message_id"]))
        message = self.messages.get(key)
        if message is None:
            raise _ApiError(HTTPStatus.BAD_REQUEST, "Bad Request: message to delete not found")
        too_old = self._now() - message.date > DELETE_WITHIN
        if not message.from_bot or too_old:
            raise _ApiError(HTTPStatus.BAD_REQUEST, "Bad Request: message can't be deleted")
        del self.messages[key]
        return True

    async def _api_sendMediaGroup(self, params: dict, files: dict) -> list[dict]:
        media = params["media"]
        if isinstance(media, str):
            media = json.loads(media)
        if not 2 <= len(media) <= 10:
            raise _ApiError(
                HTTPStatus.BAD_REQUEST, "Bad Request: media group must include 2-10 items"
            )
        album = f"album-{len(self.calls)}"
        sent = []
        for item in media:
            if item.get("type") != "photo":
                raise _ApiError(HTTPStatus.BAD_REQUEST, "Bad Request: wrong media type")
            one = {**params, "caption": item.get("caption", "")}
            one.pop("media", None)
            result = self._store_sent(one, text=item.get("caption", ""), photo=item["media"])
            self.messages[(int(params["chat_id"]), result["message_id"])].album = album
            sent.append(result)
        return sent

    async def _api_answerCallbackQuery(self, params: dict, files: dict) -> bool:
        if any(
            a["callback_query_id"] == params["callback_query_id"] for a in self.callback_answers
        ):
            raise _ApiError(
                HTTPStatus.BAD_REQUEST,
                "Bad Request: query is too old and response timeout expired or query ID is"
                " invalid",
            )
        self.callback_answers.append(params)
        return True

    # --- helpers ----------------------------------------------------------------------------

    def _now(self) -> int:
        return int(self.clock.now().timestamp())

    def _chat_dict(self, chat_id: int) -> dict[str, Any]:
        if chat_id in self.groups:
            return {"id": chat_id, "type": "supergroup", "title": self.groups[chat_id]}
        user = self.users.get(chat_id)
        if user is None:
            raise _ApiError(HTTPStatus.BAD_REQUEST, "Bad Request: chat not found")
        return {"id": chat_id, "type": "private", "first_name": user.first_name}

    def _user_message(
        self,
        user: TgUser | None,
        chat_id: int,
        *,
        message_id: int | None = None,
        sender_chat: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": message_id or next(self._message_ids[chat_id]),
            "date": self._now(),
            "chat": self._chat_dict(chat_id),
        }
        if user is not None:
            message["from"] = user.to_dict()
        if sender_chat is not None:
            message["sender_chat"] = sender_chat
        return message

    def _store_sent(
        self,
        params: dict[str, Any],
        *,
        text: str,
        photo: str | None = None,
        document: tuple[str, bytes] | None = None,
    ) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        chat = self._chat_dict(chat_id)
        if chat["type"] == "private":
            if chat_id in self.blocked:
                raise _ApiError(HTTPStatus.FORBIDDEN, "Forbidden: bot was blocked by the user")
            if chat_id not in self.started:
                raise _ApiError(
                    HTTPStatus.FORBIDDEN, "Forbidden: bot can't initiate conversation with a user"
                )
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        try:
            check_message(text, params, caption=photo is not None or document is not None)
            check_markup(markup)
        except Refusal as refusal:
            raise _ApiError(HTTPStatus.BAD_REQUEST, str(refusal)) from None
        reply = params.get("reply_parameters") or {}
        message = ChatMessage(
            chat_id=chat_id,
            message_id=next(self._message_ids[chat_id]),
            from_bot=True,
            text=text,
            buttons=_buttons(params.get("reply_markup")),
            photo=photo,
            document_name=document[0] if document else None,
            document_bytes=document[1] if document else None,
            reply_to_message_id=reply.get("message_id") or params.get("reply_to_message_id"),
            date=self._now(),
        )
        self.messages[(chat_id, message.message_id)] = message
        if self.on_sent is not None:
            self.on_sent(message)
        return self._as_dict(message)

    def _edit(self, params: dict[str, Any], *, text: str | None) -> dict[str, Any]:
        key = (int(params["chat_id"]), int(params["message_id"]))
        message = self.messages.get(key)
        if message is None or not message.from_bot:
            raise _ApiError(HTTPStatus.BAD_REQUEST, "Bad Request: message to edit not found")
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        try:
            if text is not None:
                caption = message.photo is not None or message.document_name is not None
                check_message(text, params, caption=caption)
            check_markup(markup)
        except Refusal as refusal:
            raise _ApiError(HTTPStatus.BAD_REQUEST, str(refusal)) from None
        buttons = _buttons(markup)
        if (text is None or text == message.text) and buttons == message.buttons:
            raise _ApiError(
                HTTPStatus.BAD_REQUEST,
                "Bad Request: message is not modified: specified new message content and reply"
                " markup are exactly the same as a current content and reply markup of the"
                " message",
            )
        if text is not None:
            message.text = text
        message.buttons = buttons
        message.edits += 1
        return self._as_dict(message)

    def _as_dict(self, message: ChatMessage) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "date": self._now(),
            "chat": self._chat_dict(message.chat_id),
        }
        if message.from_bot:
            data["from"] = BOT_USER
        elif message.sender_id in self.users:
            data["from"] = self.users[message.sender_id].to_dict()
        if message.photo:
            data["photo"] = [
                {"file_id": message.photo, "file_unique_id": "p", "width": 1, "height": 1}
            ]
            data["caption"] = message.text
        elif message.document_name:
            data["document"] = {
                "file_id": f"doc-{message.message_id}",
                "file_unique_id": f"doc-u{message.message_id}",
                "file_name": message.document_name,
            }
            data["caption"] = message.text
        else:
            data["text"] = message.text
        if message.buttons:
            data["reply_markup"] = {
                "inline_keyboard": [
                    [{k: v for k, v in vars(b).items() if v is not None} for b in row]
                    for row in message.buttons
                ]
            }
        return data


class _ApiError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


def _error(code: int, description: str, **extra: Any) -> tuple[int, bytes]:
    body = {"ok": False, "error_code": int(code), "description": description}
    if extra.get("parameters"):
        body["parameters"] = extra["parameters"]
    return int(code), json.dumps(body).encode()


def _entities(text: str) -> list[dict[str, Any]]:
    """Return the entities Telegram marks in a text: a leading command, @mentions. Offsets
    and lengths count UTF-16 code units, as Telegram's do."""
    found = []
    if text.startswith("/"):
        length = _utf16(text.split(maxsplit=1)[0])
        found.append({"type": "bot_command", "offset": 0, "length": length})
    for match in re.finditer(r"@[A-Za-z][A-Za-z0-9_]{3,31}", text):
        found.append(
            {
                "type": "mention",
                "offset": _utf16(text[: match.start()]),
                "length": _utf16(match[0]),
            }
        )
    return found


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _buttons(markup: Any) -> list[list[Button]]:
    if not markup:
        return []
    if isinstance(markup, str):
        markup = json.loads(markup)
    rows = markup.get("inline_keyboard", [])
    return [[Button(b["text"], b.get("callback_data"), b.get("url")) for b in row] for row in rows]


def _upload(field_name: str, files: dict[str, Any]) -> tuple[str, bytes]:
    """Return the file name and bytes of an uploaded multipart field."""
    name, content = files[field_name][0], files[field_name][1]
    if hasattr(content, "read"):
        content = content.read()
    return str(name), bytes(content)


class LocalChat:
    """Drives an `Application` through `LocalTelegram` and returns what each step caused."""

    def __init__(self, application: Application, api: LocalTelegram) -> None:
        self.app = application
        self.api = api

    async def feed(self, update: dict[str, Any]) -> list[Call]:
        """Process one update to completion, and send what it owes the chats (as the
        background sender would); return the Bot API calls it caused."""
        start = len(self.api.calls)
        if not self.api.delivers(update):
            return []
        await self.app.process_update(Update.de_json(update, self.app.bot))
        await settle(self.app)
        return self.api.calls[start:]

    async def say(
        self, user: TgUser, chat_id: int, text: str | None = None, **kw: Any
    ) -> list[Call]:
        """`user` sends a message in `chat_id`."""
        return await self.feed(self.api.message_update(user, chat_id, text, **kw))

    async def press(self, user: TgUser, message: ChatMessage, label: str) -> list[Call]:
        """`user` presses the button whose label contains `label` on `message`."""
        data = message.button(label).callback_data
        assert data is not None
        return await self.feed(self.api.press_update(user, message, data))


def render_message(message: ChatMessage, *, chat_title: str, indent: str = "  ") -> str:
    """Render a message with its buttons, as the console and the demo print it."""
    mark = "✎" if message.edits else "→"
    lines = [f"🤖 {mark} {chat_title}" + (" (edited)" if message.edits else "")]
    if message.photo:
        lines.append(f"{indent}🖼 [photo {message.photo}]")
    if message.document_name:
        lines.append(f"{indent}📎 {message.document_name}")
    lines.extend(f"{indent}{line}" for line in message.text.splitlines())
    for row in message.buttons:
        lines.append(indent + "  ".join(f"[{b.text}]" for b in row))
    return "\n".join(lines)


def chat_title(api: LocalTelegram, chat_id: int) -> str:
    """Return a chat's name: the group title, or the user's name and "private"."""
    if chat_id in api.groups:
        return api.groups[chat_id]
    user = api.users.get(chat_id)
    return f"{user.first_name if user else chat_id} (private)"


def describe_calls(api: LocalTelegram, calls: list[Call]) -> list[str]:
    """Describe what the bot did in `calls`: messages sent or edited (as they stand), toasts."""
    lines: list[str] = []
    for call in calls:
        if call.method == "answerCallbackQuery":
            if call.params.get("text"):
                kind = "⚠️ alert" if call.params.get("show_alert") else "💬 toast"
                lines.append(f"{kind}: {call.params['text']}")
            continue
        if not call.method.startswith(("send", "edit")):
            continue
        chat_id = int(call.params["chat_id"])
        if call.error is not None:
            lines.append(f"✖ {chat_title(api, chat_id)}: {call.error}")
            continue
        message = api.messages.get((chat_id, int(call.result["message_id"])))
        if message is not None:
            lines.append(render_message(message, chat_title=chat_title(api, chat_id)))
    return lines
