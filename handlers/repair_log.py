"""The repair log (维修一览表) in chat: /ticket N with its history, /my, and /tickets paged."""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.domain.errors import Refused
from bot.domain.model import Action
from bot.domain.tickets import allowed_actions
from bot.domain.users import Actor
from bot.i18n import Lang, t
from handlers.common import (
    HouqinApp,
    HouqinContext,
    MenuCommand,
    actor_of,
    edit_quietly,
    lang_of,
    reply,
    ticket_number,
)
from handlers.school import my_duty_lines
from handlers.views import (
    card_text,
    deadline_lines,
    history_text,
    list_line,
    personal_markup,
    ticket_button,
)

LIST_VIEWS = ("all", "open", "mine", "hold", "closed", "planned")
# What people type after /tickets, in either language.
VIEW_WORDS = {
    **{view: view for view in LIST_VIEWS},
    "全部": "all",
    "未完成": "open",
    "未修": "open",
    "我的": "mine",
    "暂停": "hold",
    "暂停中": "hold",
    "已完成": "closed",
    "已结束": "closed",
    "计划": "planned",
    "巡检": "planned",
}
PAGE_SIZE = 10
LIST_BUTTON = re.compile(r"ls:(all|open|mine|hold|closed|planned):([on]):([0-9]{1,9})")


async def ticket_view(
    context: HouqinContext, lang: Lang, actor: Actor, ticket_id: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Return a ticket's card, deadlines and history, with the buttons this person may use."""
    services = context.services
    ticket = await services.tickets.get(ticket_id)
    history = await services.tickets.history(ticket_id)
    now = services.clock.now()
    text = "\n".join(
        [
            card_text(lang, ticket, context.setup, viewer=actor),
            *deadline_lines(lang, ticket, now, context.settings.tz),
            "",
            history_text(lang, history, context.settings.tz, context.setup),
        ]
    )
    return text, personal_markup(lang, ticket, allowed_actions(actor, ticket), photos=True)


async def on_ticket(update: Update, context: HouqinContext) -> None:
    """/ticket N: the card, the full history, and buttons for what this person may do."""
    ticket_id = ticket_number(context.args or [], "ticket")
    lang = lang_of(update, context)
    actor = await actor_of(update, context)
    text, markup = await ticket_view(context, lang, actor, ticket_id)
    await reply(update, context, text, markup)


async def on_my(update: Update, context: HouqinContext) -> None:
    """/my: my latest reports and, for a worker, the tickets in my hands."""
    lang = lang_of(update, context)
    actor = await actor_of(update, context)
    tickets = context.services.tickets
    lines = [t(lang, "my.reported")]
    reported = await tickets.reported_by(actor.user_id, limit=PAGE_SIZE)
    lines.extend(list_line(lang, ticket) for ticket in reported)
    if not reported:
        lines.append(t(lang, "my.none"))
    markup = None
    if actor.is_worker or actor.is_admin:
        waiting = await tickets.waiting_for(my_categories(context, actor), limit=PAGE_SIZE)
        if waiting:
            lines += ["", t(lang, "my.waiting")]
            lines.extend(list_line(lang, ticket) for ticket in waiting)
            markup = InlineKeyboardMarkup(
                [[ticket_button(lang, Action.CLAIM, ticket, numbered=True)] for ticket in waiting]
            )
        lines.append("")
        lines.append(t(lang, "my.holding"))
        held = await tickets.held_by(actor.user_id, limit=50)
        lines.extend(list_line(lang, ticket) for ticket in held)
        if not held:
            lines.append(t(lang, "my.none"))
        duty = my_duty_lines(lang, context, actor.user_id)
        if duty:
            lines += ["", *duty]
    await reply(update, context, "\n".join(lines), markup)


def my_categories(context: HouqinContext, actor: Actor) -> list[str]:
    """Return the categories of the posts a worker holds or is on duty for now."""
    setup = context.setup
    member = setup.staff_member(actor.user_id)
    posts = set(member.posts if member else ())
    return [c.key for c in setup.categories if c.post_key in posts] + sorted(actor.dispatches)


async def on_tickets(update: Update, context: HouqinContext) -> None:
    """/tickets [open|mine|hold|closed|planned]: the repair log, newest first, ten to a page."""
    args = [a.lower() for a in (context.args or [])]
    view = VIEW_WORDS.get(args[0], "all") if args else "all"
    assert update.effective_user is not None
    lang = lang_of(update, context)
    text, markup = await list_page(context, lang, view, update.effective_user.id)
    await reply(update, context, text, markup)


async def on_list_button(update: Update, context: HouqinContext) -> None:
    """◀ Newer / Older ▶ under a list: show that page in the same message."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    match = LIST_BUTTON.fullmatch(query.data or "")
    if match is None:
        raise Refused("button_invalid")
    view, direction, anchor = match[1], match[2], int(match[3])
    text, markup = await list_page(
        context,
        lang_of(update, context),
        view,
        update.effective_user.id,
        before_id=anchor if direction == "o" else None,
        after_id=anchor if direction == "n" else None,
    )
    await query.answer()
    await edit_quietly(query.edit_message_text(text, reply_markup=markup))


async def list_page(
    context: HouqinContext,
    lang: Lang,
    view: str,
    user_id: int,
    *,
    before_id: int | None = None,
    after_id: int | None = None,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Render one page of a list view with paging buttons where there is more."""
    tickets = context.services.tickets
    page = await tickets.page(
        view=view, user_id=user_id, before_id=before_id, after_id=after_id, limit=PAGE_SIZE + 1
    )
    # One extra row tells whether there is a further page in the direction we moved.
    more = len(page) > PAGE_SIZE
    if after_id is not None:  # moved towards newer tickets; the page was read upwards
        has_newer, has_older = more, True
        page = page[1:] if more else page
    else:
        has_newer, has_older = before_id is not None, more
        page = page[:PAGE_SIZE]
    title = t(lang, "list.title", view=t(lang, f"view.{view}"))
    if not page:
        return title + "\n" + t(lang, "list.empty"), None
    text = "\n".join([title, *(list_line(lang, ticket) for ticket in page)])
    newest, oldest = page[0].id, page[-1].id
    buttons = []
    if has_newer:
        buttons.append(
            InlineKeyboardButton(t(lang, "btn.newer"), callback_data=f"ls:{view}:n:{newest}")
        )
    if has_older:
        buttons.append(
            InlineKeyboardButton(t(lang, "btn.older"), callback_data=f"ls:{view}:o:{oldest}")
        )
    return text, InlineKeyboardMarkup([buttons]) if buttons else None


def register(application: HouqinApp) -> None:
    """Add /ticket, /my, /tickets and the paging buttons."""
    application.add_handler(MenuCommand("my", on_my, group=True))
    application.add_handler(MenuCommand("tickets", on_tickets, group=True))
    application.add_handler(MenuCommand("ticket", on_ticket, group=True))
    application.add_handler(CallbackQueryHandler(on_list_button, pattern=r"^ls:"))
