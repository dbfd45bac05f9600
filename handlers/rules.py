"""Written rules (规章制度), responsibility letters (责任状) and damage settled fairly
(公物损坏赔偿) in chat.

/rules lists the rules, /rules 玻璃 finds paragraphs; /rule property [version] shows one.
/post 电工 (handlers/school.py) carries the letter's ✍️ button for its holders; /letters tells
the head who has not signed. /cause N records why a repair was needed (buttons), the head
confirms, changes or waives the amount, the class teacher alone is told; /damage is the ledger.
"""

from __future__ import annotations

import re
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.domain.damage import ANSWERABLE, ledger, read_amount
from bot.domain.errors import Refused
from bot.domain.model import Damage
from bot.domain.pending import PendingInput
from bot.domain.rules import letters, rules_named, search
from bot.domain.setup import CAUSES, Post, Setup
from bot.domain.stats import Period
from bot.i18n import Lang, t
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
    send_private,
    ticket_number,
    user_lang,
)

AMOUNT = "damage_amount"  # the awaited answer: how much of a priced item, or what it cost
LETTER_BUTTON = re.compile(r"lt:([a-z][a-z0-9_]{0,19})")
CAUSE_BUTTON = re.compile(r"dm:([0-9]{1,9}):([0-9])(?::c([0-9]{1,3}|x))?(?::i([0-9]{1,3}|x))?")
SETTLE_BUTTON = re.compile(r"ds:(confirm|paid):([0-9]{1,9})")
MAX_CHOICES = 24


# --- rules ------------------------------------------------------------------------------------


async def on_rules(update: Update, context: HouqinContext) -> None:
    """/rules: the list; /rules 玻璃 赔偿: the paragraphs that mention the words."""
    lang = lang_of(update, context)
    docs = await context.services.rules.current()
    words = " ".join(context.args or []).strip()
    if not docs:
        await reply(update, context, t(lang, "rules.none"))
        return
    if not words:
        lines = [t(lang, "rules.title")]
        lines += [
            t(lang, "rules.line", rule=d.key, title=d.title, version=d.version, day=d.on_date)
            for d in docs
        ]
        lines.append(t(lang, "rules.hint"))
        await reply(update, context, fit("\n".join(lines)))
        return
    hits = search(docs, words)
    if not hits:
        await reply(update, context, t(lang, "rules.nothing", words=words[:30]))
        return
    lines = [t(lang, "rules.found", words=words[:30], count=len(hits))]
    for hit in hits:
        lines += ["", f"📜 {hit.rule.title}（{hit.rule.version}）", hit.paragraph[:600]]
    await reply(update, context, fit("\n".join(lines)))


async def on_rule(update: Update, context: HouqinContext) -> None:
    """/rule property [2025.1]: one rule, its latest version or an older one."""
    lang = lang_of(update, context)
    args = context.args or []
    if not args:
        await reply(update, context, t(lang, "rule.usage"))
        return
    docs = await context.services.rules.current()
    wanted = args[0]
    key = next((d.key for d in docs if wanted in (d.key, d.title) or wanted in d.title), wanted)
    doc, versions = await context.services.rules.version(key, args[1] if len(args) > 1 else None)
    head = t(lang, "rule.head", title=doc.title, version=doc.version, day=doc.on_date)
    other = [v for v in versions if v != doc.version]
    tail = "\n\n" + t(lang, "rule.versions", versions="、".join(other)) if other else ""
    await reply(update, context, fit(f"{head}\n\n{doc.body}{tail}"))


# --- responsibility letters (责任状) -------------------------------------------------------------


async def post_extras(
    update: Update, context: HouqinContext, post: Post
) -> tuple[list[str], InlineKeyboardMarkup | None]:
    """Return what /post adds: the rules its standard names, who signed its letter, and ✍️
    for a holder who has not (in private)."""
    lang = lang_of(update, context)
    services = context.services
    lines: list[str] = []
    named = rules_named(
        await services.rules.current(), " ".join([post.standard, *post.responsibilities])
    )
    if named:
        lines.append(t(lang, "post.rules", names="、".join(f"《{d.title}》" for d in named)))
    signed, unsigned = letters(context.setup, await services.rules.signatures())[post.key]
    setup = context.setup
    if signed or unsigned:
        done = "、".join(
            f"{setup.name_of(u)} {at.astimezone(context.settings.tz):%m-%d}" for u, at in signed
        )
        lines.append(
            t(
                lang,
                "post.letters",
                signed=done or "—",
                unsigned="、".join(setup.name_of(u) for u in unsigned) or "—",
            )
        )
    markup = None
    actor = await actor_of(update, context)
    if is_private(update) and actor.user_id in unsigned:
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(t(lang, "btn.sign_letter"), callback_data=f"lt:{post.key}")]]
        )
    return lines, markup


async def on_letter_button(update: Update, context: HouqinContext) -> None:
    """✍️ 签署责任状: a holder confirms the post's standard, goals and time limits."""
    query = update.callback_query
    assert query is not None
    match = LETTER_BUTTON.fullmatch(query.data or "")
    post = context.setup.post(match[1]) if match else None
    if post is None:
        raise Refused("button_invalid")
    actor = await actor_of(update, context)
    services = context.services
    signed = await services.rules.sign(actor, post, services.clock.now())
    lang = lang_of(update, context)
    await query.answer(
        t(lang, "letter.signed" if signed else "letter.signed_already", post=post.name)
    )
    await edit_quietly(query.edit_message_reply_markup(None))


async def on_letters(update: Update, context: HouqinContext) -> None:
    """/letters: per post, who has not signed its current responsibility letter (the head)."""
    actor = await actor_of(update, context)
    if not actor.is_admin:
        raise Refused("only_admin")
    lang = lang_of(update, context)
    setup = context.setup
    status = letters(setup, await context.services.rules.signatures())
    lines = [t(lang, "letters.title")]
    for post in setup.posts:
        signed, unsigned = status[post.key]
        names = "、".join(setup.name_of(u) for u in unsigned) or "✅"
        lines.append(f"{post.label(lang)}：{len(signed)}/{len(signed) + len(unsigned)} · {names}")
    await reply(update, context, "\n".join(lines))


# --- damage (公物损坏赔偿) ------------------------------------------------------------------


def cause_markup(
    lang: Lang,
    setup: Setup,
    ticket_id: int,
    cause: int | None = None,
    school_class: str | None = None,
) -> InlineKeyboardMarkup:
    """Return the next choice: the cause; for damage by someone, the class; then the item."""
    base = f"dm:{ticket_id}"
    if cause is None:
        buttons = [
            InlineKeyboardButton(t(lang, f"cause.{c}"), callback_data=f"{base}:{i}")
            for i, c in enumerate(CAUSES)
        ]
        return InlineKeyboardMarkup([buttons[:3], buttons[3:]])
    if school_class is None:
        buttons = [
            InlineKeyboardButton(c.name, callback_data=f"{base}:{cause}:c{i}")
            for i, c in enumerate(setup.damage.classes[:MAX_CHOICES])
        ]
        buttons.append(
            InlineKeyboardButton(t(lang, "damage.no_class"), callback_data=f"{base}:{cause}:cx")
        )
        return InlineKeyboardMarkup([buttons[i : i + 3] for i in range(0, len(buttons), 3)])
    buttons = [
        InlineKeyboardButton(
            f"{p.item} {p.price:g}元" + (f"/{p.unit}" if p.unit else ""),
            callback_data=f"{base}:{cause}:c{school_class}:i{i}",
        )
        for i, p in enumerate(setup.damage.prices[:MAX_CHOICES])
    ]
    buttons.append(
        InlineKeyboardButton(
            t(lang, "damage.other_item"), callback_data=f"{base}:{cause}:c{school_class}:ix"
        )
    )
    return InlineKeyboardMarkup([buttons[i : i + 3] for i in range(0, len(buttons), 3)])


async def on_cause(update: Update, context: HouqinContext) -> None:
    """/cause N: buttons; /cause N 人为损坏 三年级2班 玻璃 1.5 (or an amount: 35元) typed."""
    args = context.args or []
    ticket_id = ticket_number(args, "cause")
    lang = lang_of(update, context)
    setup = context.setup
    if len(args) == 1:
        ticket = await context.services.tickets.get(ticket_id)
        actor = await actor_of(update, context)
        if not (actor.is_admin or actor.user_id == ticket.assignee_id):
            raise Refused("damage_not_yours", id=ticket_id, assignee=ticket.assignee_name or "")
        await reply(
            update,
            context,
            t(lang, "damage.ask_cause", id=ticket_id),
            cause_markup(lang, setup, ticket_id),
        )
        return
    words = args[1:]
    cause = next(
        (c for c in CAUSES if words[0] in (c, t("zh", f"cause.{c}"), t("en", f"cause.{c}"))), None
    )
    if cause is None:
        raise Refused("unknown_cause", value=words[0][:20])
    rest = words[1:]
    school_class = item = quantity = cost = None
    known = setup.damage
    if rest and cause in ANSWERABLE and not re.fullmatch(r"[0-9.]+元?", rest[0]):
        if known.school_class(rest[0]) is None and known.price(rest[0]) is None:
            names = "、".join(c.name for c in known.classes) or "—"
            raise Refused("unknown_class", value=rest[0][:20], known=names)
        if known.school_class(rest[0]) is not None:
            school_class = rest.pop(0)
    if rest and not re.fullmatch(r"[0-9.]+元?", rest[0]):
        if known.price(rest[0]) is None:
            names = "、".join(p.item for p in known.prices) or "—"
            raise Refused("unknown_item", value=rest[0][:20], known=names)
        item = rest.pop(0)
    if rest:
        value = read_amount(rest[0])
        if item is None:
            cost = value
        else:
            quantity = value
    await record(update, context, ticket_id, cause, school_class, item, quantity or 1.0, cost)


async def on_cause_button(update: Update, context: HouqinContext) -> None:
    """The cause, then the class, then the item, by buttons."""
    query = update.callback_query
    assert query is not None
    match = CAUSE_BUTTON.fullmatch(query.data or "")
    if match is None or int(match[2]) >= len(CAUSES):
        raise Refused("button_invalid")
    ticket_id, cause_index = int(match[1]), int(match[2])
    cause = CAUSES[cause_index]
    setup = context.setup
    lang = lang_of(update, context)
    if cause in ANSWERABLE and match[3] is None:
        await query.answer()
        await edit_quietly(
            query.edit_message_text(
                t(lang, "damage.ask_class", id=ticket_id),
                reply_markup=cause_markup(lang, setup, ticket_id, cause_index),
            )
        )
        return
    classes = setup.damage.classes
    school_class = None
    if match[3] not in (None, "x"):
        index = int(match[3])
        if index >= len(classes):
            raise Refused("button_invalid")
        school_class = classes[index].name
    if cause in ANSWERABLE and school_class is not None and match[4] is None:
        await query.answer()
        await edit_quietly(
            query.edit_message_text(
                t(lang, "damage.ask_item", id=ticket_id),
                reply_markup=cause_markup(lang, setup, ticket_id, cause_index, match[3]),
            )
        )
        return
    item = None
    if match[4] not in (None, "x"):
        index = int(match[4])
        if index >= len(setup.damage.prices):
            raise Refused("button_invalid")
        item = setup.damage.prices[index].item
    priced = setup.damage.price(item) if item else None
    if match[4] == "x" or (priced is not None and priced.unit):
        # how much (平方米), or what it cost: the next message
        actor = await actor_of(update, context)
        services = context.services
        data = {"cause": cause, "class": school_class, "item": item}
        pending = PendingInput(
            actor.user_id, actor.user_id, AMOUNT, ticket_id=ticket_id, data=data
        )
        await services.inputs.put(pending, now=services.clock.now())
        ask = (
            t(lang, "damage.ask_quantity", unit=priced.unit)
            if priced
            else t(lang, "damage.ask_cost")
        )
        await query.answer()
        await edit_quietly(query.edit_message_text(f"#{ticket_id} {ask}"))
        return
    damage = await record(
        update, context, ticket_id, cause, school_class, item, 1.0, None, quiet=True
    )
    await query.answer()
    await edit_quietly(query.edit_message_text(fit(damage_text(lang, damage))))


async def complete_amount(update: Update, context: HouqinContext, pending: PendingInput) -> None:
    """The quantity (平方米) or the cost (元) a cause's button asked for."""
    message = update.effective_message
    assert message is not None and pending.ticket_id is not None
    value = read_amount(message.text or "")  # a bad number is refused; the question stands
    data = pending.data
    await context.services.inputs.clear(user_id=pending.user_id, chat_id=pending.chat_id)
    item = data.get("item")
    await record(
        update, context, pending.ticket_id, data["cause"], data.get("class"), item,
        value if item else 1.0, None if item else value,
    )  # fmt: skip


async def record(
    update: Update, context: HouqinContext, ticket_id: int, cause: str, school_class: str | None,
    item: str | None, quantity: float, cost: float | None, *, quiet: bool = False,
) -> Damage:  # fmt: skip
    """Record the cause; a proposal goes to the head with one-press buttons."""
    services = context.services
    actor = await actor_of(update, context)
    damage = await services.damages.mark(
        actor, ticket_id, cause=cause, class_name=school_class, item=item, quantity=quantity,
        cost=cost, now=services.clock.now(),
    )  # fmt: skip
    lang = lang_of(update, context)
    if not quiet:
        await reply(update, context, fit(damage_text(lang, damage)))
    if damage.status == "proposed":
        for admin in sorted(context.settings.admin_user_ids):  # the head decides, in private
            head = await user_lang(context, admin)
            await send_private(
                context, admin, fit(damage_text(head, damage, for_head=True)),
                settle_markup(head, damage),
            )  # fmt: skip
    return damage


def damage_text(lang: Lang, damage: Damage, *, for_head: bool = False) -> str:
    """Return a repair's cause and settlement as its worker, the head or the teacher reads it."""
    what = damage.item or damage.description[:30]
    if damage.item and damage.quantity and damage.quantity != 1:
        what += f" ×{damage.quantity:g}"
    lines = [
        t(lang, "damage.line", id=damage.ticket_id, place=damage.place or "", what=what,
          cause=t(lang, f"cause.{damage.cause}"))
    ]  # fmt: skip
    if damage.class_name or damage.person:
        lines.append(t(lang, "damage.who", who=damage.class_name or damage.person))
    if damage.status == "none":
        lines.append(t(lang, "damage.no_charge"))
    else:
        lines.append(
            t(
                lang,
                f"damage.status.{damage.status}",
                proposed=f"{damage.proposed or 0:g}",
                amount=f"{damage.amount or 0:g}",
                reason=damage.reason or "",
            )
        )
    if for_head and damage.status == "proposed":
        lines.append(t(lang, "damage.head_hint", id=damage.ticket_id))
    return "\n".join(lines)


def settle_markup(lang: Lang, damage: Damage) -> InlineKeyboardMarkup | None:
    if damage.status == "proposed":
        label = t(lang, "btn.damage_confirm", amount=f"{damage.proposed or 0:g}")
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(label, callback_data=f"ds:confirm:{damage.ticket_id}")]]
        )
    if damage.status == "confirmed":
        label = t(lang, "btn.damage_paid")
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(label, callback_data=f"ds:paid:{damage.ticket_id}")]]
        )
    return None


async def settle(
    update: Update, context: HouqinContext, ticket_id: int, verdict: str,
    amount: float | None = None, reason: str | None = None,
) -> Damage:  # fmt: skip
    """The head's decision; on confirmation the class teacher alone is told, in private."""
    services = context.services
    actor = await actor_of(update, context)
    damage = await services.damages.settle(
        actor, ticket_id, verdict=verdict, amount=amount, reason=reason, now=services.clock.now()
    )
    school_class = context.setup.damage.school_class(damage.class_name or "")
    if verdict == "confirm" and school_class is not None:
        teacher_lang = await user_lang(context, school_class.teacher_id)
        await send_private(
            context,
            school_class.teacher_id,
            fit(
                t(
                    teacher_lang,
                    "damage.teacher",
                    cls=school_class.name,
                    text=damage_text(teacher_lang, damage),
                )
            ),
        )
    return damage


async def on_settle_button(update: Update, context: HouqinContext) -> None:
    """✅ 确认 N 元 / 💰 已交 (the head)."""
    query = update.callback_query
    assert query is not None
    match = SETTLE_BUTTON.fullmatch(query.data or "")
    if match is None:
        raise Refused("button_invalid")
    damage = await settle(update, context, int(match[2]), match[1])
    lang = lang_of(update, context)
    await query.answer(
        t(
            lang,
            f"damage.status.{damage.status}",
            proposed=f"{damage.proposed or 0:g}",
            amount=f"{damage.amount or 0:g}",
            reason="",
        )
    )
    await edit_quietly(
        query.edit_message_text(
            fit(damage_text(lang, damage, for_head=True)), reply_markup=settle_markup(lang, damage)
        )
    )


async def on_damage(update: Update, context: HouqinContext) -> None:
    """/damage: this term's ledger per class (the head; a class teacher sees their class);
    /damage N 100 理由 · /damage N waive 理由 · /damage N paid (the head)."""
    args = context.args or []
    lang = lang_of(update, context)
    actor = await actor_of(update, context)
    if not is_private(update):
        await reply(update, context, t(lang, "private_only", command="damage"))
        return
    if args:
        ticket_id = ticket_number(args, "damage")
        rest = args[1:]
        if not rest:
            damage = await context.services.damages.get(ticket_id)
            if damage is None:
                raise Refused("no_damage", id=ticket_id)
            await reply(update, context, damage_text(lang, damage, for_head=actor.is_admin))
            return
        word = rest[0].lower()
        reason = " ".join(rest[1:]) or None
        if word in ("waive", "免除", "减免"):
            damage = await settle(update, context, ticket_id, "waive", reason=reason)
        elif word in ("paid", "已交"):
            damage = await settle(update, context, ticket_id, "paid")
        else:
            damage = await settle(
                update, context, ticket_id, "confirm", amount=read_amount(word), reason=reason
            )
        await reply(
            update,
            context,
            fit(damage_text(lang, damage, for_head=True)),
            settle_markup(lang, damage),
        )
        return
    setup = context.setup
    own = [c.name for c in setup.damage.classes if c.teacher_id == actor.user_id]
    if not actor.is_admin and not own:
        raise Refused("only_admin")
    services = context.services
    today = services.clock.now().astimezone(context.settings.tz).date()
    term = setup.calendar.term_on(today)
    period = (
        Period(term.first, term.last, term.name)
        if term
        else Period(today - timedelta(days=120), today, "")
    )
    start, end = period.bounds(context.settings.tz)
    items = [
        d
        for d in await services.damages.between(start, end)
        if actor.is_admin or d.class_name in own
    ]
    lines = [t(lang, "damage.ledger", term=period.label)]
    for line in ledger(items):
        lines.append(
            t(
                lang,
                "damage.ledger_line",
                cls=line.class_name,
                count=line.count,
                confirmed=f"{line.confirmed:g}",
                paid=f"{line.paid:g}",
                waived=line.waived,
            )
        )
    if len(lines) == 1:
        lines.append(t(lang, "damage.ledger_none"))
    await reply(update, context, "\n".join(lines))


def register(application: HouqinApp) -> None:
    """Add /rules, /rule, /letters, /cause, /damage and their buttons."""
    application.add_handler(MenuCommand("rules", on_rules, group=True))
    application.add_handler(MenuCommand("rule", on_rule))
    application.add_handler(MenuCommand("letters", on_letters))
    application.add_handler(MenuCommand("cause", on_cause))
    application.add_handler(MenuCommand("damage", on_damage))
    application.add_handler(CallbackQueryHandler(on_letter_button, pattern=r"^lt:"))
    application.add_handler(CallbackQueryHandler(on_cause_button, pattern=r"^dm:"))
    application.add_handler(CallbackQueryHandler(on_settle_button, pattern=r"^ds:"))
