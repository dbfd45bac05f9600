"""Reporting the way people talk: a private message, a photo or an album, a QR sticker's link,
a reply to the bot or a mention in the group, or `/report` with the words after it.

Every way in becomes a draft (bot.domain.drafts): the bot answers with what it understood —
place, category, urgency — and one press files it. Asked once per draft: is it the open
ticket of the same place and category ("是 #12 吗？")? Then the person follows that ticket
instead of opening a second one. `/report` with a known place files at once.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)
from telegram.error import BadRequest, TelegramError
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.domain.drafts import (
    DRAFT,
    WHAT,
    WHERE,
    Draft,
    choose_category,
    choose_place,
    draft_data,
    draft_from,
    ready,
    small_talk,
    take_message,
    turn_urgency,
)
from bot.domain.errors import Refused
from bot.domain.model import Action, Ticket
from bot.domain.pending import PendingInput
from bot.domain.places import (
    building_place,
    place_by_key,
    place_by_token,
    room_place,
    without_leading_place,
)
from bot.domain.routing import plan_report
from bot.domain.text import clean_text
from bot.domain.tickets import MAX_NOTE_CHARS, Given
from bot.i18n import Lang, t
from handlers import plans
from handlers.common import (
    HouqinApp,
    HouqinContext,
    MenuCommand,
    actor_of,
    edit_quietly,
    fit,
    is_private,
    lang_of,
    reply,
)
from handlers.views import card_text, personal_markup

log = logging.getLogger(__name__)

# dr:<author>:<what>[:<a>[:<b>]] — the author's id, so nobody else's press acts on a draft.
DRAFT_BUTTON = re.compile(r"dr:([0-9]{1,15}):([a-z]{1,8})(?::([0-9]{1,4}))?(?::([0-9]{1,4}))?")
PLACE_LINK = "r_"  # t.me/<bot>?start=r_<token>: a room's QR sticker
ROOMS_PER_ROW = 4
MAX_ROOM_BUTTONS = 60  # Telegram shows 100 buttons at most; more rooms: type the place


# --- ways in ------------------------------------------------------------------------------------


async def on_report(update: Update, context: HouqinContext) -> None:
    """/report what and where (a photo may carry it as its caption): filed at once when the
    place is known and nothing like it is open; otherwise the draft asks what is missing.
    /report alone asks what is broken (in private) or shows how (in the group)."""
    message = update.effective_message
    assert message is not None
    raw = message.text or message.caption or ""
    words = raw.split(maxsplit=1)
    body = words[1] if len(words) > 1 else ""
    photo = message.photo[-1].file_id if message.photo else None
    if not clean_text(body) and photo is None:
        if body.strip():  # only invisible characters: nothing was said
            raise Refused("report_empty")
        if is_private(update):
            await start_draft(update, context, Draft(awaiting=WHAT), key="draft.what")
            return
        await reply(
            update,
            context,
            t(lang_of(update, context), "report_usage"),
            private_button(context, update),
        )
        return
    draft = new_draft(context, message, body, photo)
    if not draft.description and not draft.photos:
        raise Refused("report_empty")  # "/report 302": where, but not what
    if ready(draft, context.setup):
        await file_draft(update, context, draft, proposal=None)
        return
    await propose(update, context, draft)


async def take_private(
    update: Update, context: HouqinContext, pending: PendingInput | None
) -> None:
    """A private message that is not a command and not an awaited answer: it starts a draft,
    or adds to the one under way (more words, another photo of the album, the place)."""
    message = update.effective_message
    assert message is not None
    lang = lang_of(update, context)
    text = message.text or message.caption
    photo = message.photo[-1].file_id if message.photo else None
    if not clean_text(text) and photo is None:
        await reply(update, context, t(lang, "draft.type_or_photo"))
        return
    if pending is None:
        if photo is None and small_talk(text):
            await reply(update, context, t(lang, "draft.small_talk"))
            return
        await propose(update, context, new_draft(context, message, text, photo))
        return
    draft = draft_from(pending.data)
    same_album = message.media_group_id is not None and message.media_group_id == draft.album
    draft = take_message(
        draft, context.setup, text=text, photo=photo, album=message.media_group_id
    )
    await propose(update, context, draft, in_place=same_album)


async def on_group_message(update: Update, context: HouqinContext) -> None:
    """A group message that replies to the bot or mentions it: a report in the making. A
    reply to a ticket's card asks whether it is about that ticket."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    username = context.bot.username
    replied = message.reply_to_message
    to_bot = replied is not None and replied.from_user is not None
    to_bot = to_bot and replied.from_user.id == context.bot.id  # type: ignore[union-attr]
    if not to_bot and not mentions(message, username):
        return  # people talking to each other (the bot sees it when privacy mode is off)
    if message.sticker is not None:
        return  # a sticker on the bot's message is a reaction, not a report
    lang = lang_of(update, context)
    text = strip_mention(message.text or message.caption or "", username)
    photo = message.photo[-1].file_id if message.photo else None
    if not clean_text(text) and photo is None:
        await reply(update, context, t(lang, "draft.type_or_photo_group"))
        return
    inputs = context.services.inputs
    pending = await inputs.get(user_id=update.effective_user.id, chat_id=message.chat_id)
    if to_bot and pending is not None and pending.kind == DRAFT:
        draft = draft_from(pending.data)
        if replied is not None and replied.message_id == draft.message_id:
            # Answering their own draft: the place it asked for, or more words for it.
            draft = take_message(draft, context.setup, text=text, photo=photo)
            await propose(update, context, draft)
            return
    draft = new_draft(context, message, text, photo)
    if to_bot and replied is not None:
        ticket = await context.services.tickets.by_card(message.chat_id, replied.message_id)
        if ticket is not None:
            draft = about_ticket(context, draft, ticket)
    await propose(update, context, draft)


def new_draft(context: HouqinContext, message: Message, text: str | None, photo: str | None):
    """Start a draft from one message (it will be the ticket's source: filed once only)."""
    start = Draft(source_message_id=message.message_id, revision=context.setup.revision)
    return take_message(start, context.setup, text=text, photo=photo, album=message.media_group_id)


def about_ticket(context: HouqinContext, draft: Draft, ticket: Ticket) -> Draft:
    """A reply to a ticket's card is about its place unless the words name another. An open
    ticket is asked about ("是 #12 吗？"); a finished one lends its category too."""
    if not draft.has_place:
        known = place_by_key(context.setup, ticket.location_key or "")
        draft = replace(draft, place=known, place_text=None if known else ticket.location)
    if ticket.active:
        return replace(draft, duplicate_of=ticket.id)
    return replace(draft, category=ticket.category)


def mentions(message: Message, username: str) -> bool:
    """Tell whether the message names the bot (@username)."""
    wanted = f"@{username}".lower()
    parsed = {**message.parse_entities(), **message.parse_caption_entities()}
    return any(
        entity.type == MessageEntity.MENTION and value.lower() == wanted
        for entity, value in parsed.items()
    )


def strip_mention(text: str, username: str) -> str:
    """Return the text without the bot's @username."""
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE).strip()


async def start_draft(
    update: Update, context: HouqinContext, draft: Draft, *, key: str, place: str = ""
) -> None:
    """Ask what is broken, for a draft that has nothing written yet (a QR scan, /report
    alone): the next message fills it in."""
    assert update.effective_user is not None and update.effective_chat is not None
    lang = lang_of(update, context)
    draft = replace(draft, revision=context.setup.revision)
    sent = await update.effective_chat.send_message(
        t(lang, key, place=place), reply_markup=InlineKeyboardMarkup([[drop_button(lang, update)]])
    )
    await keep(update, context, replace(draft, message_id=sent.message_id))


async def start_at_place(update: Update, context: HouqinContext, token: str) -> None:
    """The deep link of a room's QR sticker: the place is filled in; what is broken?"""
    found = place_by_token(context.setup, token)
    if found is not None and await plans.inspection_at(update, context, found.key):
        return  # a worker on an inspection scanned the room: its checklist, not a report
    if found is None:
        await start_draft(update, context, Draft(awaiting=WHAT), key="draft.place_gone")
        return
    draft = choose_place(Draft(awaiting=WHAT), found)
    await start_draft(update, context, draft, key="draft.what_at", place=found.label)


# --- the proposal: what the bot understood, and its buttons ----------------------------------


async def propose(
    update: Update, context: HouqinContext, draft: Draft, *, in_place: bool = False
) -> None:
    """Show the draft (below the person's latest message, or — for the next photo of the
    same album — in the message already shown) and keep it."""
    message = update.effective_message
    assert message is not None
    draft = await with_duplicate(context, draft)
    lang = lang_of(update, context)
    text, markup = await proposal(context, lang, draft, update)
    if in_place and draft.message_id is not None:
        await edit_quietly(
            context.bot.edit_message_text(
                text, chat_id=message.chat_id, message_id=draft.message_id, reply_markup=markup
            )
        )
        await keep(update, context, draft)
        return
    await retire(context, message.chat_id, draft.message_id)
    sent = await message.reply_text(text, reply_markup=markup, do_quote=not is_private(update))
    await keep(update, context, replace(draft, message_id=sent.message_id))


async def keep(update: Update, context: HouqinContext, draft: Draft) -> None:
    """Keep the draft as what the bot awaits from this person in this chat."""
    assert update.effective_user is not None and update.effective_chat is not None
    services = context.services
    pending = PendingInput(
        user_id=update.effective_user.id,
        chat_id=update.effective_chat.id,
        kind=DRAFT,
        data=draft_data(draft),
    )
    await services.inputs.put(pending, now=services.clock.now())


async def retire(context: HouqinContext, chat_id: int, message_id: int | None) -> None:
    """Take an outdated proposal out of the chat (or, too old to delete, its buttons)."""
    if message_id is None:
        return
    try:
        await context.bot.delete_message(chat_id, message_id)
    except TelegramError:
        await edit_quietly(
            context.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id)
        )


async def with_duplicate(context: HouqinContext, draft: Draft) -> Draft:
    """Return the draft asking "是 #12 吗？" while #12 (its place and category's open ticket,
    or the ticket whose card was answered) is still open — once answered, never again."""
    if draft.not_duplicate:
        return replace(draft, duplicate_of=None)
    if draft.duplicate_of is not None:
        asked = await context.services.tickets.many([draft.duplicate_of])
        ticket = asked.get(draft.duplicate_of)
        if ticket is not None and ticket.active:
            return draft
    found = await duplicate_of(context, draft) if ready(draft, context.setup) else None
    return replace(draft, duplicate_of=found.id if found else None)


async def duplicate_of(context: HouqinContext, draft: Draft) -> Ticket | None:
    """Return the open ticket of the draft's place and category, if there is one."""
    if draft.place is None or draft.category is None:
        return None
    found = await context.services.tickets.open_at(draft.place.key, draft.category)
    return found[0] if found else None


async def proposal(
    context: HouqinContext, lang: Lang, draft: Draft, update: Update
) -> tuple[str, InlineKeyboardMarkup]:
    """Return the proposal's text and buttons for the draft's current view."""
    setup = context.setup
    author = update.effective_user.id if update.effective_user else 0
    private = is_private(update)

    def button(label: str, what: str, *args: int) -> InlineKeyboardButton:
        data = ":".join(["dr", str(author), what, *map(str, args)])
        return InlineKeyboardButton(label, callback_data=data)

    lines = understood_lines(lang, context, draft)
    drop = button(t(lang, "btn.form_cancel"), "drop")
    back = button(t(lang, "btn.back"), "back")
    if draft.awaiting == WHERE:
        key = "draft.type_place" if private else "draft.type_place_group"
        return "\n".join([*lines, t(lang, key)]), InlineKeyboardMarkup([[back, drop]])
    if draft.duplicate_of is not None:
        ticket = await context.services.tickets.get(draft.duplicate_of)
        lines += ["", t(lang, "draft.same_as", id=ticket.id, line=ticket_line(lang, ticket))]
        rows = [
            [button(t(lang, "btn.same"), "same"), button(t(lang, "btn.not_same"), "new")],
            [drop],
        ]
        return "\n".join(lines), InlineKeyboardMarkup(rows)
    if draft.view == "category":
        buttons = [
            button(category.label(lang), "cat", index)
            for index, category in enumerate(setup.categories)
        ]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        text = "\n".join([*lines, t(lang, "draft.which_category")])
        return text, InlineKeyboardMarkup([*rows, [back]])
    if draft.view == "rooms" and draft.building is not None:
        location = setup.locations[draft.building]
        rooms = [
            button(room.name, "room", draft.building, index)
            for index, room in enumerate(location.rooms[:MAX_ROOM_BUTTONS])
        ]
        rows = [rooms[i : i + ROOMS_PER_ROW] for i in range(0, len(rooms), ROOMS_PER_ROW)]
        whole = button(t(lang, "btn.whole", building=location.building), "whole", draft.building)
        text = "\n".join([*lines, t(lang, "draft.which_room", building=location.building)])
        return text, InlineKeyboardMarkup([*rows, [whole], [back]])
    if not draft.description:
        key = "draft.what_missing" if draft.photos else "draft.what_here"
        return "\n".join([*lines, t(lang, key)]), InlineKeyboardMarkup([[drop]])
    if draft.view == "buildings" or not ready(draft, setup):
        buttons = [
            button(location.building, "bldg", index)
            for index, location in enumerate(setup.locations)
        ]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        rows.append([button(t(lang, "btn.type_place"), "type")])
        rows.append([back, drop] if draft.has_place else [drop])
        return "\n".join([*lines, t(lang, "draft.where")]), InlineKeyboardMarkup(rows)
    if draft.view == "change":
        other = "make_normal" if draft.urgency == "urgent" else "make_urgent"
        rows = [
            [button(t(lang, "btn.place"), "place"), button(t(lang, "btn.kind"), "kind")],
            [button(t(lang, f"btn.{other}"), "urg")],
            [back],
        ]
        return "\n".join([*lines, t(lang, "draft.what_change")]), InlineKeyboardMarkup(rows)
    head = t(lang, "draft.check")
    rows = [
        [button(t(lang, "btn.file"), "file"), button(t(lang, "btn.change"), "change")],
        [drop],
    ]
    return "\n".join([head, *lines]), InlineKeyboardMarkup(rows)


def understood_lines(lang: Lang, context: HouqinContext, draft: Draft) -> list[str]:
    """Return what the bot understood, one line each: place, kind, words, photos."""
    lines = []
    if draft.has_place:
        label = draft.place.label if draft.place else draft.place_text
        lines.append(t(lang, "card.place", place=label))
    if draft.description:
        if draft.category is not None:
            lines.append(
                t(
                    lang,
                    "card.kind",
                    category=context.setup.category_label(draft.category, lang),
                    urgency=t(lang, f"urgency.{draft.urgency}"),
                )
            )
        words = without_leading_place(context.setup, draft.description, draft.place)
        lines.append(t(lang, "card.what", description=words))
    if draft.photos:
        lines.append(t(lang, "card.photos", count=len(draft.photos)))
    return lines


def ticket_line(lang: Lang, ticket: Ticket) -> str:
    """Return a ticket in one line, for the question "is it this one?"."""
    status = t(lang, f"status.{ticket.status}")
    if ticket.assignee_name:
        status += f" · {ticket.assignee_name}"
    description = ticket.description.replace("\n", " ")
    if len(description) > 60:
        description = description[:59] + "…"
    return f"{description}（{status}）" if lang == "zh" else f"{description} ({status})"


def drop_button(lang: Lang, update: Update) -> InlineKeyboardButton:
    author = update.effective_user.id if update.effective_user else 0
    return InlineKeyboardButton(t(lang, "btn.form_cancel"), callback_data=f"dr:{author}:drop")


def private_button(context: HouqinContext, update: Update) -> InlineKeyboardMarkup:
    """Return a button that opens the private chat to report there (a t.me deep link)."""
    username = context.bot.username
    label = t(lang_of(update, context), "btn.report_private")
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, url=f"https://t.me/{username}?start=report")]]
    )


# --- the proposal's buttons ---------------------------------------------------------------------


async def on_draft_button(update: Update, context: HouqinContext) -> None:
    """A press on a proposal: file it, follow the open ticket, change a guess, or drop it.
    Only its author's presses count; a proposal replaced since does nothing."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    assert update.effective_chat is not None
    lang = lang_of(update, context)
    match = DRAFT_BUTTON.fullmatch(query.data or "")
    if match is None:
        raise Refused("button_invalid")
    author, what = int(match[1]), match[2]
    first, second = (int(v) if v is not None else None for v in (match[3], match[4]))
    if author != update.effective_user.id:
        await query.answer(t(lang, "draft.not_yours"), show_alert=True)
        return
    services = context.services
    chat_id = update.effective_chat.id
    pending = await services.inputs.get(user_id=author, chat_id=chat_id)
    message = query.message
    draft = draft_from(pending.data) if pending and pending.kind == DRAFT else None
    if draft is None or message is None or draft.message_id != message.message_id:
        await query.answer(t(lang, "draft.expired"), show_alert=True)
        await edit_quietly(query.edit_message_reply_markup(None))
        return
    if what == "drop":
        await services.inputs.clear(user_id=author, chat_id=chat_id)
        await query.answer(t(lang, "draft.dropped"))
        if is_private(update):
            await edit_quietly(query.edit_message_text(t(lang, "draft.dropped")))
        else:
            await retire(context, chat_id, message.message_id)
        return
    if what in ("file", "new"):
        if what == "new":
            draft = replace(draft, duplicate_of=None, not_duplicate=True)
        checked = await with_duplicate(context, draft)
        await query.answer()
        if checked.duplicate_of is not None or not ready(checked, context.setup):
            await redraw(update, context, checked)  # opened meanwhile, or where is missing
            return
        await file_draft(update, context, checked, proposal=message)
        return
    if what == "same":
        await follow(update, context, draft, proposal=message)
        return
    if draft.revision != context.setup.revision and what in ("cat", "bldg", "room", "whole"):
        await query.answer(t(lang, "draft.list_changed"), show_alert=True)
        fresh = replace(draft, revision=context.setup.revision, view="buildings", building=None)
        if what == "cat":
            fresh = replace(fresh, view="category")
        await redraw(update, context, fresh)
        return
    changed = changed_draft(context, draft, what, first, second)
    if changed is None:
        raise Refused("button_invalid")
    await query.answer()
    await redraw(update, context, changed)


def changed_draft(
    context: HouqinContext, draft: Draft, what: str, first: int | None, second: int | None
) -> Draft | None:
    """Return the draft after a press that changes a guess or the view (None: a press no
    proposal could have drawn)."""
    setup = context.setup
    views = {"change": "change", "place": "buildings", "kind": "category", "back": "propose"}
    if what in views:
        return replace(draft, view=views[what], awaiting="", building=None)
    if what == "urg":
        return replace(turn_urgency(draft), view="propose")
    if what == "type":
        return replace(draft, awaiting=WHERE)
    if what == "cat" and first is not None and first < len(setup.categories):
        return choose_category(draft, setup.categories[first].key)
    if first is None or first >= len(setup.locations):
        return None
    location = setup.locations[first]
    if what == "bldg":
        if not location.rooms:
            return choose_place(draft, building_place(location))
        return replace(draft, view="rooms", building=first)
    if what == "whole":
        return choose_place(draft, building_place(location))
    if what == "room" and second is not None and second < len(location.rooms):
        return choose_place(draft, room_place(location, location.rooms[second]))
    return None


async def redraw(update: Update, context: HouqinContext, draft: Draft) -> None:
    """Show the draft's new state in its proposal message and keep it."""
    query = update.callback_query
    assert query is not None
    draft = await with_duplicate(context, draft)
    text, markup = await proposal(context, lang_of(update, context), draft, update)
    await edit_quietly(query.edit_message_text(fit(text), reply_markup=markup))
    await keep(update, context, draft)


# --- filing and following -----------------------------------------------------------------------


async def file_draft(
    update: Update, context: HouqinContext, draft: Draft, *, proposal: Message | None
) -> Ticket:
    """Open the ticket the draft describes. Its card and the notices to whoever should fix
    it are owed in the same transaction; the reporter's proposal becomes the receipt."""
    assert update.effective_chat is not None and update.effective_user is not None
    services = context.services
    actor = await actor_of(update, context)
    now = services.clock.now()
    chat_id = update.effective_chat.id
    plan = plan_report(
        context.setup,
        text=draft.description,
        place=draft.place,
        place_text=draft.place_text,
        category=draft.category,
        moment=now,
        tz=context.settings.tz,
        admin_ids=context.settings.admin_user_ids,
        urgency=draft.urgency,
    )
    outcome = await services.tickets.report(
        actor=actor,
        description=plan.description,
        location=plan.location,
        category=plan.category,
        urgency=plan.urgency,
        now=now,
        photos=draft.photos,
        source_chat_id=chat_id,
        source_message_id=draft.source_message_id,
        routing=plan.routing,
        location_key=plan.location_key,
        unless_open_here=not draft.not_duplicate,
    )
    ticket = outcome.ticket
    if outcome.open_here:  # reported meanwhile by someone else: is it that one?
        await ask_same(update, context, replace(draft, duplicate_of=ticket.id), proposal)
        return ticket
    await services.inputs.clear(user_id=actor.user_id, chat_id=chat_id)
    lang = lang_of(update, context)
    if not outcome.changed:
        text = t(lang, "report_already", id=ticket.id)
        await answer(update, context, text, None, proposal)
    elif is_private(update):
        markup = personal_markup(lang, ticket, [Action.CANCEL], urgency=True)
        card = card_text(lang, ticket, context.setup, viewer=actor)
        text = t(lang, "reported", id=ticket.id) + "\n\n" + card
        await answer(update, context, text, markup, proposal)
    elif chat_id != context.settings.announce_chat_id:
        # Reported in the school group, announced in the workers' chat: a short receipt here.
        text = t(lang, "reported_group_ack", name=actor.name, id=ticket.id)
        await answer(update, context, text, None, proposal)
    elif proposal is not None:
        # In the group the card itself answers the report (a reply to the person's message).
        await retire(context, chat_id, proposal.message_id)
    return ticket


async def ask_same(
    update: Update, context: HouqinContext, draft: Draft, proposal: Message | None
) -> None:
    """Ask "是 #12 吗？" — on the proposal when there is one, else as a new one."""
    if proposal is None or update.callback_query is None:
        await propose(update, context, draft)
        return
    await redraw(update, context, draft)


async def follow(
    update: Update, context: HouqinContext, draft: Draft, *, proposal: Message
) -> None:
    """ "是，补充说明": the person follows the open ticket — their words and photos join it,
    its worker hears of them, and they hear when it is fixed. No second ticket."""
    assert update.effective_chat is not None and draft.duplicate_of is not None
    services = context.services
    actor = await actor_of(update, context)
    note = draft.description
    if len(note) > MAX_NOTE_CHARS:
        note = note[: MAX_NOTE_CHARS - 1] + "…"
    outcome = await services.tickets.act(
        Action.FOLLOW,
        actor=actor,
        ticket_id=draft.duplicate_of,
        now=services.clock.now(),
        given=Given(note=note or None, photos=draft.photos),
    )
    await services.inputs.clear(user_id=actor.user_id, chat_id=update.effective_chat.id)
    lang = lang_of(update, context)
    ticket = outcome.ticket
    key = "draft.following" if ticket.reporter_id != actor.user_id else "draft.added"
    text = t(lang, key, id=ticket.id)
    query = update.callback_query
    if is_private(update):
        if query is not None:
            await query.answer()
        text += "\n\n" + card_text(lang, ticket, context.setup, viewer=actor)
        await answer(update, context, text, None, proposal)
        return
    if query is not None:
        await query.answer(fit(text, 200), show_alert=True)
    await retire(context, update.effective_chat.id, proposal.message_id)


async def answer(
    update: Update,
    context: HouqinContext,
    text: str,
    markup: InlineKeyboardMarkup | None,
    proposal: Message | None,
) -> None:
    """Turn the proposal into the answer; with no proposal, answer the message."""
    if proposal is None:
        await reply(update, context, text, markup)
        return
    try:
        await context.bot.edit_message_text(
            fit(text),
            chat_id=proposal.chat_id,
            message_id=proposal.message_id,
            reply_markup=markup,
        )
    except BadRequest:
        await reply(update, context, text, markup)


def register(application: HouqinApp) -> None:
    """Add /report, captioned photos, group replies and mentions, and the proposal buttons."""
    application.add_handler(MenuCommand("report", on_report, group=True))
    application.add_handler(
        MessageHandler(filters.PHOTO & filters.CaptionRegex(r"^/report(@\w+)?(\s|$)"), on_report)
    )
    addressed = (
        filters.REPLY
        | filters.Entity(MessageEntity.MENTION)
        | filters.CaptionEntity(MessageEntity.MENTION)
    )
    application.add_handler(
        MessageHandler(filters.ChatType.GROUPS & ~filters.COMMAND & addressed, on_group_message)
    )
    application.add_handler(CallbackQueryHandler(on_draft_button, pattern=r"^dr:"))
