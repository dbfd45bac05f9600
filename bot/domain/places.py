"""The school's known places: finding one in what people write, and naming one in a QR code.

A place is a building's room ("教学楼/205") or a building without rooms ("操场"). Its key is
what tickets keep; its token (a short hash of the key) is what a sticker's QR code carries,
so a sticker stays valid as long as its room does, and a removed room is simply not found.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from bot.domain.setup import Location, Room, Setup


@dataclass(frozen=True)
class Place:
    """A known place: its key (kept on tickets) and how it reads."""

    key: str
    label: str


def room_place(location: Location, room: Room) -> Place:
    """Return the place of one room of a building."""
    return Place(key=f"{location.building}/{room.name}", label=f"{location.building} {room.name}")


def building_place(location: Location) -> Place:
    """Return a whole building (or an outdoor place) as a place."""
    return Place(key=location.building, label=location.building)


def every_place(setup: Setup) -> list[Place]:
    """Return every place a sticker can go: each room, and each building without rooms."""
    places: list[Place] = []
    for location in setup.locations:
        if location.rooms:
            places.extend(room_place(location, room) for room in location.rooms)
        else:
            places.append(building_place(location))
    return places


def place_by_key(setup: Setup, key: str) -> Place | None:
    """Return the known place with this key (a building, or a building's room)."""
    building, _, room_name = key.partition("/")
    for location in setup.locations:
        if location.building != building:
            continue
        if not room_name:
            return building_place(location)
        room = location.room(room_name)
        return room_place(location, room) if room else None
    return None


TOKEN_CHARS = 12  # 9 bytes of SHA-256 in base64url: short enough for a small QR code


def place_token(place: Place) -> str:
    """Return the short token a QR code carries for a place (letters, digits, - and _)."""
    digest = hashlib.sha256(place.key.encode()).digest()[:9]
    return base64.urlsafe_b64encode(digest).decode()


def place_by_token(setup: Setup, token: str) -> Place | None:
    """Return the place a QR token names, or None (a room removed since it was printed)."""
    if len(token) != TOKEN_CHARS:
        return None
    return next((p for p in every_place(setup) if place_token(p) == token), None)


# --- finding a place in a report's words --------------------------------------------------------


def recognise_place(setup: Setup, text: str) -> Place | None:
    """Find a known place anywhere in the text: a building and room, a room only one building
    has (or one of its other names: the class living there), or a building alone. None when
    nothing (or nothing unambiguous) matches."""
    normal = _normal(text)
    buildings = [loc for loc in setup.locations if _named(normal, loc.building, *loc.aliases)]
    found = [
        (loc, room, word)
        for loc in setup.locations
        for room in loc.rooms
        if (word := _named(normal, room.name, *room.aliases))
    ]
    # The longest name wins: "2F男厕" names the toilet, not the science building's "2F".
    rooms = [
        (loc, room)
        for loc, room, word in found
        if not any(word != other and word in other for _, _, other in found)
    ]
    in_named = [(loc, room) for loc, room in rooms if loc in buildings]
    candidates = in_named or rooms
    if candidates:
        distinct = {(loc.building, room.name) for loc, room in candidates}
        if len(distinct) == 1:
            return room_place(*candidates[0])
        return None
    if len(buildings) == 1:
        return building_place(buildings[0])
    return None


# Words that only say "room" or "in": what is left after the place, if only these, says nothing.
FILLER = re.compile(r"教室|房间|办公室|楼|室|在|的|room|in|at|the|\W|_", re.IGNORECASE)


def names_only(setup: Setup, text: str, place: Place) -> bool:
    """Tell whether the text names the place and says nothing else ("302", "三楼302教室")."""
    building, _, room_name = place.key.partition("/")
    names: list[str] = []
    for location in setup.locations:
        if location.building == building:
            names += [location.building, *location.aliases]
            room = location.room(room_name) if room_name else None
            names += [room.name, *room.aliases] if room else []
    rest, named = _normal(text), 0
    for name in sorted(names, key=len, reverse=True):
        pattern = _pattern(name)
        if pattern is not None:
            rest, found = pattern.subn(" ", rest)
            named += found
    rest = re.sub(r"[0-9一二三四五六七八九十]+楼", " ", rest)  # "三楼": a floor, not a problem
    return named > 0 and not FILLER.sub("", rest).strip()


def without_leading_place(setup: Setup, text: str, place: Place | None) -> str:
    """Return the report's words without the place they start with ("302 灯管不亮" → "灯管不亮"):
    the card shows the place on a line of its own. Words elsewhere stay as written."""
    if place is None:
        return text
    words = text.split(" ")
    for cut in range(len(words) - 1, 0, -1):
        head, rest = " ".join(words[:cut]), " ".join(words[cut:]).strip()
        if rest and names_only(setup, head, place):
            return rest
    return text


def _normal(text: str) -> str:
    """Lower-case, one space for any run of white space."""
    return " ".join(text.split()).lower()


def _squeezed(name: str) -> str:
    """A name without its spaces: "2F 女厕" and "2F女厕" are one name."""
    return "".join(name.split()).lower()


def _named(normal_text: str, *names: str) -> str:
    """Return the longest of `names` the text mentions (not inside a longer number or word),
    without its spaces; empty when it mentions none."""
    best = ""
    for name in names:
        pattern = _pattern(name)
        if pattern is not None and pattern.search(normal_text):
            candidate = _squeezed(name)
            best = candidate if len(candidate) > len(best) else best
    return best


@lru_cache(maxsize=4096)
def _pattern(word: str) -> re.Pattern[str] | None:
    """Return the pattern that finds `word` on its own (compiled once per word)."""
    word = _squeezed(word)
    if not word:
        return None
    # "205" must not match inside "1205", nor "1f" inside "11f"; "room205" still names 205.
    # Spaces may come and go inside a name ("三楼 302", "2F 女厕"), never inside a word.
    left = _boundary(word[0], behind=True)
    right = _boundary(word[-1], behind=False)
    body = r"\s?".join(re.escape(char) for char in word)
    return re.compile(f"{left}{body}{right}")


def _boundary(char: str, *, behind: bool) -> str:
    if not (char.isascii() and char.isalnum()):
        return ""
    chars = "0-9" if char.isdigit() else "0-9a-z"
    return f"(?<![{chars}])" if behind else f"(?![{chars}])"
