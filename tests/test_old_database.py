"""A database written by an earlier release opens with every ticket and event intact.

`tests/data/schema3.sqlite3` was made by the release before the structured history (schema 3):
a school day with every kind of event — a re-sort, an urgency change, a hold and resume, a
reopening, a cancel, a confirmation by default — and a half-filled form.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from bot.local.school import ADMIN, TEACHER_CHEN, local_school, local_settings
from storage.db import Database
from storage.migrations import MIGRATIONS
from tests.helpers import sent_texts

OLD = Path(__file__).parent / "data" / "schema3.sqlite3"


def dump(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


async def test_migrations_keep_every_ticket_and_event(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(OLD, path)
    columns = ", ".join(row[1] for row in dump(path, "pragma table_info(tickets)"))
    tickets_before = dump(path, f"select {columns} from tickets order by id")
    events_before = dump(path, "select id, at, actor_id, action, ticket_id, rating from events")

    db = await Database.open(path)
    await db.close()

    assert dump(path, "select max(version) from schema_migrations") == [(len(MIGRATIONS),)]
    assert dump(path, f"select {columns} from tickets order by id") == tickets_before
    assert (
        dump(path, "select id, at, actor_id, action, ticket_id, rating from events")
        == events_before
    )
    # What views used to parse back out of notes is now in fields of its own.
    assert dump(
        path,
        "select action, note, field, old_value, new_value, minutes from events"
        " where action in ('recategorize', 'set_urgency', 'resume', 'auto_confirm') order by id",
    ) == [
        ("recategorize", None, "category", "other", "carpentry", None),
        ("set_urgency", None, "urgency", "normal", "urgent", None),
        ("resume", None, None, None, None, 120),
        ("auto_confirm", None, None, None, None, None),
    ]
    # What people wrote stays as they wrote it.
    assert dump(path, "select note from events where action = 'hold'") == [("等配件",)]


async def test_the_old_database_runs_and_reads_well(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(OLD, path)
    async with local_school(local_settings(path), first_message_id=1000) as school:
        text = sent_texts(await school.chat.say(ADMIN, ADMIN.id, "/ticket 1"))[0]
        assert "改紧急程度：普通 → ⚡紧急" in text
        assert "继续维修：暂停了2小时" in text
        assert "反馈没修好：还是闪" in text
        text = sent_texts(await school.chat.say(ADMIN, ADMIN.id, "/ticket 2"))[0]
        assert "系统 自动确认：72小时没有人确认，默认修好" in text
        text = sent_texts(await school.chat.say(ADMIN, ADMIN.id, "/ticket 3"))[0]
        assert "改类别：其他 → 门窗桌椅" in text


async def test_a_half_filled_form_of_the_old_release_goes_on_as_a_draft(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(OLD, path)
    async with local_school(local_settings(path), first_message_id=1000) as school:
        # 陈老师 had answered "what is broken" (门锁坏了) and was asked where.
        await school.chat.say(TEACHER_CHEN, TEACHER_CHEN.id, "104教室")
        proposal = school.api.last_bot_message(TEACHER_CHEN.id)
        assert "📝 门锁坏了" in proposal.text
        await school.chat.press(TEACHER_CHEN, proposal, "报修")
        assert proposal.text.startswith("已收到，报修单 #")
    assert dump(path, "select description from tickets order by id desc limit 1") == [
        ("门锁坏了",)
    ]
