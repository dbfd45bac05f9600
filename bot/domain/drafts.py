"""A report being put together in chat (报修草稿): what the bot understood from someone's
messages, before one press files it.

People report the way they talk: "灯不亮", then "在205", then a photo. Each message adds to
the draft; the place, the category and the urgency are guessed again from all the words,
unless the person chose them with a button. The draft is plain data, kept as an awaited
input, so a restart forgets nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from bot.domain.errors import Refused
from bot.domain.model import Urgency
from bot.domain.pending import DRAFT
from bot.domain.places import Place, names_only, recognise_place
from bot.domain.routing import guess_category, guess_urgency
from bot.domain.setup import Setup
from bot.domain.text import clean_text
from bot.domain.tickets import MAX_LOCATION_CHARS, MAX_PHOTOS, MAX_REPORT_CHARS

# What the next message is, besides more words for the report.
__all__ = ["DRAFT", "WHAT", "WHERE", "Draft", "ready", "small_talk"]

WHAT = "what"  # nothing written yet (a QR scan, /report alone): what is broken?
WHERE = "where"  # [写地点] was pressed: the next message names the place


@dataclass(frozen=True)
class Draft:
    """What the bot understood so far, and what its proposal message shows."""

    description: str = ""
    photos: tuple[str, ...] = ()
    place: Place | None = None
    place_text: str | None = None  # a place typed that the school's list does not know
    category: str | None = None
    urgency: Urgency = Urgency.NORMAL
    chosen: frozenset[str] = frozenset()  # set by a button: "place", "category", "urgency"
    awaiting: str = ""  # WHAT, WHERE or nothing
    album: str | None = None  # the album (media group) its photos came in
    source_message_id: int | None = None  # the person's first message: files at most once
    message_id: int | None = None  # the bot's proposal message, whose buttons act on it
    duplicate_of: int | None = None  # "是 #12 吗？" is being asked
    not_duplicate: bool = False  # answered "不是，新问题": not asked again
    view: str = "propose"  # propose | change | category | buildings | rooms
    building: int | None = None  # with view "rooms": the building whose rooms are shown
    revision: int = 0  # the set-up's revision its place buttons were drawn from

    @property
    def has_place(self) -> bool:
        return self.place is not None or bool(self.place_text)


# Words people send to a bot that are not reports: an answer, not a draft.
SMALL_TALK = frozenset(
    ("好", "好的", "好滴", "行", "嗯", "嗯嗯", "收到", "知道了", "明白", "谢谢", "谢谢你",
     "谢谢您", "谢啦", "多谢", "你好", "您好", "在吗", "ok", "okay", "thanks", "thank you",
     "thx", "hi", "hello", "yes", "no", "👍", "🙏", "👌")
)  # fmt: skip


def small_talk(text: str | None) -> bool:
    """Tell whether a message is a greeting or a thank-you, not a report."""
    words = clean_text(text).lower().strip("!！.。~～ ")
    return words in SMALL_TALK


def ready(draft: Draft, setup: Setup) -> bool:
    """Tell whether one press can file the draft: it says what, and where (a school that
    lists no places leaves the where to the words)."""
    return bool(draft.description) and (draft.has_place or not setup.locations)


def take_message(
    draft: Draft, setup: Setup, *, text: str | None, photo: str | None, album: str | None = None
) -> Draft:
    """Add one message to the draft: a place when one was asked for or the message only
    names one ("302", "在104教室"), else more words and a photo for the report; then guess
    again what was not chosen."""
    words = clean_text(text)
    if draft.awaiting == WHERE and words:
        return choose_place_text(draft, setup, words)
    photos = draft.photos
    if photo is not None and photo not in photos and len(photos) < MAX_PHOTOS:
        photos = (*photos, photo)
    draft = replace(draft, photos=photos, album=album or draft.album, view="propose")
    named = recognise_place(setup, words) if words else None
    if named is not None and names_only(setup, words, named):
        # Where, not what: the place (unless one was chosen with a button); no words added.
        if "place" not in draft.chosen:
            draft = replace(draft, place=named, place_text=None, not_duplicate=False)
        return replace(draft, awaiting=WHAT if not draft.description else "")
    description = "\n".join(part for part in (draft.description, words) if part)
    if len(description) > MAX_REPORT_CHARS:
        raise Refused("report_too_long", limit=MAX_REPORT_CHARS, length=len(description))
    awaiting = draft.awaiting if not description else ""
    return understood(replace(draft, description=description, awaiting=awaiting), setup)


def understood(draft: Draft, setup: Setup) -> Draft:
    """Guess the place, the category and the urgency from all the words (except what the
    person chose)."""
    text = draft.description
    place, place_text = draft.place, draft.place_text
    if "place" not in draft.chosen:
        found = recognise_place(setup, text)
        if found is not None:
            place, place_text = found, None
    category = draft.category
    if "category" not in draft.chosen and text:
        category = guess_category(setup, text)
    urgency = draft.urgency
    if "urgency" not in draft.chosen:
        urgency = guess_urgency(text)
    changed = (place, category) != (draft.place, draft.category)
    return replace(
        draft, place=place, place_text=place_text, category=category, urgency=urgency,
        not_duplicate=draft.not_duplicate and not changed,
    )  # fmt: skip


def choose_place(draft: Draft, place: Place) -> Draft:
    """The person picked a known place with the buttons."""
    return replace(
        draft, place=place, place_text=None, chosen=draft.chosen | {"place"}, view="propose",
        building=None, not_duplicate=False,
    )  # fmt: skip


def choose_place_text(draft: Draft, setup: Setup, words: str) -> Draft:
    """The person typed the place: a known one if the words name it, else as typed."""
    found = recognise_place(setup, words)
    if found is not None:
        return replace(choose_place(draft, found), awaiting="")
    if len(words) > MAX_LOCATION_CHARS:
        raise Refused("location_too_long", limit=MAX_LOCATION_CHARS)
    return replace(
        draft, place=None, place_text=words, chosen=draft.chosen | {"place"}, awaiting="",
        view="propose", building=None, not_duplicate=False,
    )  # fmt: skip


def choose_category(draft: Draft, category: str) -> Draft:
    """The person picked the category with the buttons."""
    return replace(
        draft, category=category, chosen=draft.chosen | {"category"}, view="propose",
        not_duplicate=False,
    )  # fmt: skip


def turn_urgency(draft: Draft) -> Draft:
    """The one press that turns the urgency round (普通 ⇄ 紧急)."""
    other = Urgency.NORMAL if draft.urgency is Urgency.URGENT else Urgency.URGENT
    return replace(draft, urgency=other, chosen=draft.chosen | {"urgency"})


# --- kept as plain data ------------------------------------------------------------------------


def draft_data(draft: Draft) -> dict[str, Any]:
    """Return the draft as JSON-ready data."""
    data = asdict(draft)
    data["chosen"] = sorted(draft.chosen)
    data["photos"] = list(draft.photos)
    data["urgency"] = draft.urgency.value
    return data


def draft_from(data: dict[str, Any]) -> Draft:
    """Read a draft written by `draft_data` (unknown or missing keys fall back)."""
    known = {name for name in Draft.__dataclass_fields__}
    values = {key: value for key, value in data.items() if key in known}
    place = values.get("place")
    values["place"] = Place(**place) if isinstance(place, dict) else None
    values["photos"] = tuple(values.get("photos") or ())
    values["chosen"] = frozenset(values.get("chosen") or ())
    values["urgency"] = Urgency(values.get("urgency") or Urgency.NORMAL)
    return Draft(**values)
