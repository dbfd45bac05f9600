"""What Telegram refuses, checked the way Telegram checks it: text and caption lengths in
UTF-16 code units after the markup is parsed, HTML that Telegram can parse, callback data in
bytes. The local Telegram applies these, so the tests find what Telegram would refuse."""

from __future__ import annotations

import html
import re
from typing import Any

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64  # bytes

# The tags Telegram's HTML parse mode knows, and the named entities it supports.
HTML_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
    "tg-emoji", "code", "pre", "blockquote",
}  # fmt: skip
NAMED_ENTITIES = {"lt", "gt", "amp", "quot"}
_TOKEN = re.compile(r"<(/?)([A-Za-z][\w-]*)([^<>]*)>|<|&(#\d+|#x[0-9A-Fa-f]+|\w+);|&|[^<&]+")


class Refusal(Exception):
    """Telegram's answer to a request it will not take (400 Bad Request)."""


def utf16_units(text: str) -> int:
    """Return the length Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


def visible_text(text: str, parse_mode: str | None) -> str:
    """Return what people will see: the text with its markup parsed (or refuse, as Telegram
    refuses "can't parse entities")."""
    if parse_mode is None:
        return text
    if parse_mode.upper() != "HTML":
        raise Refusal(f"Bad Request: unsupported parse_mode {parse_mode!r} (only HTML here)")
    shown: list[str] = []
    open_tags: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if match.group(2):
            closing, tag = match.group(1), match.group(2).lower()
            if tag not in HTML_TAGS:
                raise Refusal(f"Bad Request: can't parse entities: unsupported tag <{tag}>")
            if not closing:
                open_tags.append(tag)
            elif not open_tags or open_tags.pop() != tag:
                raise Refusal(f"Bad Request: can't parse entities: unexpected end tag </{tag}>")
        elif token == "<":
            raise Refusal("Bad Request: can't parse entities: unescaped <")
        elif token == "&":
            raise Refusal("Bad Request: can't parse entities: unescaped &")
        elif match.group(4):
            name = match.group(4)
            if not name.startswith("#") and name not in NAMED_ENTITIES:
                raise Refusal(f"Bad Request: can't parse entities: unsupported entity &{name};")
            shown.append(html.unescape(token))
        else:
            shown.append(token)
    if open_tags:
        raise Refusal(f"Bad Request: can't parse entities: unclosed <{open_tags[-1]}>")
    return "".join(shown)


def check_message(text: str, params: dict[str, Any], *, caption: bool) -> None:
    """Refuse a text or caption Telegram would refuse."""
    shown = visible_text(text, params.get("parse_mode"))
    limit = MAX_CAPTION if caption else MAX_TEXT
    if utf16_units(shown) > limit:
        what = "message caption" if caption else "message"
        raise Refusal(f"Bad Request: {what} is too long")
    if not caption and not shown.strip():
        raise Refusal("Bad Request: message text is empty")


def check_markup(markup: Any) -> None:
    """Refuse buttons whose callback data is over 64 bytes or empty."""
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                raise Refusal("Bad Request: BUTTON_DATA_INVALID")
            if not button.get("text"):
                raise Refusal("Bad Request: text buttons are unallowed in the inline keyboard")
