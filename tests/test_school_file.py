"""school.yaml: import is idempotent, export → import is a no-op, bad files load nothing."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.domain.school import School
from bot.domain.setup import Setup
from bot.formats.school_file import SchoolFileError, dump_school_file, parse_school_file
from bot.local.school import EXAMPLE_SCHOOL
from storage.db import Database

NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
SAMPLE = EXAMPLE_SCHOOL.read_text(encoding="utf-8")


def dump_db(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return [
            row
            for table in (
                "posts",
                "categories",
                "locations",
                "post_members",
                "duty_shifts",
                "holidays",
                "users",
                "events",
            )
            for row in conn.execute(f"select '{table}', * from {table} order by 2, 3")
        ]


async def test_import_export_import_is_a_no_op(db_path: Path, example_setup: Setup) -> None:
    db = await Database.open(db_path)
    school = School(db)
    first = await school.import_setup(example_setup, actor_id=None, now=NOW)
    assert first.startswith("posts 0→7; categories 7→8; locations 0→5; staff 0→6; shifts 0→39")
    after_first = dump_db(db_path)
    assert await school.import_setup(example_setup, actor_id=None, now=NOW) == ""
    exported = dump_school_file(await school.load())
    assert parse_school_file(exported) == example_setup
    assert await school.import_setup(parse_school_file(exported), actor_id=None, now=NOW) == ""
    assert dump_db(db_path) == after_first  # not one row changed, not one event added
    await db.close()


async def test_removed_entries_are_deactivated_not_deleted(
    db_path: Path, example_setup: Setup
) -> None:
    db = await Database.open(db_path)
    school = School(db)
    await school.import_setup(example_setup, actor_id=None, now=NOW)
    smaller = SAMPLE.replace(
        "  - building: 操场\n    aliases: [运动场, playground]\n    rooms: []\n", ""
    ).replace("    where: [操场]\n", "")  # the playground's plan goes on, nowhere in particular
    smaller = smaller.replace(
        "  - name: 赵师傅\n    telegram_id: 303\n    posts: [av]\n", ""
    ).replace("赵师傅", "张师傅")
    await school.import_setup(parse_school_file(smaller), actor_id=None, now=NOW)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select active from locations where building = '操场'").fetchone() == (
            0,
        )
        assert conn.execute(
            "select is_worker, worker_name from users where id = 303"
        ).fetchone() == (
            0,
            "赵师傅",
        )
    assert school.setup.staff_member(303) is None
    await db.close()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            (
                'worker: 老周, time: "06:00-18:00"}\n    - {post: gatekeeper, worker: 老吴',
                'worker: Wang, time: "06:00-18:00"}\n    - {post: gatekeeper, worker: 老吴',
            ),
            "roster.monday[0].worker (line 192): unknown worker 'Wang'",
        ),
        (("posts: [av]", "posts: [avv]"), "staff[2].posts[0] (line 177): unknown post 'avv'"),
        (
            ("urgent: {claim: 30m, fix: 4h}", "urgent: {claim: soon, fix: 4h}"),
            "posts[1].time_limits.urgent.claim (line 33): 'soon' is not a time limit like 30m",
        ),
        (
            ("  - key: cleaner", "  - key: Cleaner"),
            "posts[5].key (line 66): 'Cleaner' is not a key",
        ),
        (
            ("    post: plumber\n", "    post: plumbers\n"),
            "categories[1].post (line 97): unknown post 'plumbers'",
        ),
        (
            ('time: "07:30-17:30"}', 'time: "7h-5pm"}'),
            "roster.monday[2].time (line 194): not a time range",
        ),
        (
            ("  - key: carpenter", "  - key: plumber"),
            "posts[3] (line 46): 'plumber' appears twice",
        ),
        (
            ("    name_en: Grounds\n", "    name_en: Grounds\n    colour: green\n"),
            "posts[6].colour (line 79): Extra inputs are not permitted",
        ),
        (
            ("telegram_id: 306", "telegram_id: 301"),
            "staff[5].telegram_id (line 185): this telegram_id appears twice",
        ),
        (("school:\n", "school: [\n"), "not valid YAML"),
    ],
)
def test_bad_files_name_the_line_and_field(change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in SAMPLE
    with pytest.raises(SchoolFileError) as error:
        parse_school_file(SAMPLE.replace(old, new, 1))
    assert message in str(error.value)


def test_a_file_that_is_not_a_mapping() -> None:
    with pytest.raises(SchoolFileError, match="must be a mapping"):
        parse_school_file("- just\n- a list\n")


def test_the_command_line_loads_nothing_from_a_bad_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(database))
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE.replace("posts: [av]", "posts: [avv]"), encoding="utf-8")
    assert main(["import", str(bad)]) == 1
    assert "nothing was loaded" in capsys.readouterr().err
    good = tmp_path / "good.yaml"
    good.write_text(SAMPLE, encoding="utf-8")
    assert main(["import", str(good)]) == 0
    assert main(["import", str(good)]) == 0
    assert "no changes" in capsys.readouterr().out
    out = tmp_path / "out.yaml"
    assert main(["export-config", "--out", str(out)]) == 0
    assert parse_school_file(out.read_text(encoding="utf-8")) == parse_school_file(SAMPLE)
