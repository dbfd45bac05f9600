"""What the history and durations look like to people: shared by the chat and the export."""

from __future__ import annotations

from bot.domain.model import Action, Event, Field
from bot.domain.setup import Setup
from bot.i18n import Lang, t


def span_text(lang: Lang, minutes: int, *, days: bool = True) -> str:
    """Return a duration like 1天3小时 / 1 d 3 h (no days: 27小时, for working time)."""
    hours, rest = divmod(abs(minutes), 60)
    days, hours = divmod(hours, 24) if days else (0, hours)
    parts = []
    if days:
        parts.append(t(lang, "span.d", n=days))
    if hours:
        parts.append(t(lang, "span.h", n=hours))
    if rest or not parts:
        parts.append(t(lang, "span.m", n=rest))
    return ("" if lang == "zh" else " ").join(parts)


def event_detail(lang: Lang, event: Event, setup: Setup) -> str | None:
    """Return what an event changed, as people read it (None: the action says it all)."""
    if event.minutes is not None:
        return t(lang, "history.paused", duration=span_text(lang, event.minutes, days=False))
    if event.action == Action.AUTO_CONFIRM:
        after = setup.reminders.auto_confirm_after
        return t(lang, "history.by_default", after=t(lang, f"unit.{after[-1]}", n=after[:-1]))
    if event.field is Field.URGENCY:
        return f"{t(lang, f'urgency.{event.old_value}')} → {t(lang, f'urgency.{event.new_value}')}"
    if event.field is Field.ASSIGNEE:
        old = setup.name_of(int(event.old_value)) if event.old_value else t(lang, "nobody")
        new = setup.name_of(int(event.new_value or 0))
        return f"{old} → {new}"
    if event.field is Field.CATEGORY:
        old, new = event.old_value or "", event.new_value or ""
        return f"{setup.category_label(old, lang)} → {setup.category_label(new, lang)}"
    if event.field is Field.CAUSE:
        return " ".join(filter(None, [t(lang, f"cause.{event.new_value}"), event.note]))
    if event.field is Field.SETTLEMENT:
        state = t(lang, f"settlement.{event.new_value}")
        return " ".join(filter(None, [state, event.note]))
    return event.note
