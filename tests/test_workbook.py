"""The set-up as an Excel workbook: written with Chinese headers and drop-downs, filled in by
the head, read back through the same checks as school.yaml, errors by sheet, row and column."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.__main__ import main
from bot.domain.setup import Setup
from bot.formats.school_file import SchoolFileError, parse_school_file
from bot.formats.workbook import read_workbook, write_workbook
from bot.local.school import ADMIN, EXAMPLE_SCHOOL, TEACHER_LI, LocalSchool


def test_the_set_up_survives_the_round_trip_through_a_workbook(
    example_setup: Setup, tmp_path: Path
) -> None:
    path = tmp_path / "school.xlsx"
    write_workbook(example_setup, path)
    assert read_workbook(path) == example_setup
    book = load_workbook(path)
    assert book.sheetnames[:6] == ["学校", "岗位", "类别", "地点", "人员", "值班表"]
    staff = book["人员"]
    assert [c.value for c in staff[1]] == ["名字", "Telegram号码", "岗位"]
    assert [c.value for c in staff[2]] == ["张师傅", 301, "electrician"]
    roster = book["值班表"]
    lists = {str(v.sqref): v.formula1 for v in roster.data_validations.dataValidation}
    assert lists["B2:B500"] == "=岗位!$A$2:$A$200" and lists["C2:C500"] == "=人员!$A$2:$A$500"
    posts = book["岗位"]
    assert posts["E2"].value.splitlines()[1] == "夜间巡查（门窗、水电）"  # one duty per line


def test_a_mistake_is_named_by_sheet_row_and_column(example_setup: Setup, tmp_path: Path) -> None:
    path = tmp_path / "school.xlsx"
    write_workbook(example_setup, path)
    book = load_workbook(path)
    book["人员"]["C4"] = "avv"  # 赵师傅's post, misspelt
    book["值班表"]["C3"] = "Wang"  # nobody of that name
    book["岗位"]["F2"] = "{urgent: {claim: 15m"  # a broken nested value
    book.save(path)
    with pytest.raises(SchoolFileError) as caught:
        read_workbook(path)
    assert (
        str(caught.value) == "sheet 岗位, row 2, column 时限: cannot read '{urgent: {claim: 15m'"
    )
    book["岗位"]["F2"] = "{urgent: {claim: 15m, fix: 2h}, normal: {claim: 2h, fix: 1d}}"
    book.save(path)
    with pytest.raises(SchoolFileError) as caught:
        read_workbook(path)
    lines = str(caught.value).splitlines()
    assert "staff[2].posts[0] (sheet 人员, row 4, column 岗位): unknown post 'avv'" in lines
    assert (
        "roster.monday[1].worker (sheet 值班表, row 3, column 人员): unknown worker 'Wang'"
        in lines
    )


def test_template_import_and_export_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "school.sqlite3"))
    assert main(["template", "--out", "school.xlsx"]) == 0
    assert main(["import", "school.xlsx"]) == 0
    assert main(["export-config", "--out", "again.xlsx"]) == 0
    assert main(["export-config", "--out", "again.yaml"]) == 0
    example = parse_school_file(EXAMPLE_SCHOOL.read_text(encoding="utf-8"))
    assert read_workbook(tmp_path / "again.xlsx") == example
    assert parse_school_file((tmp_path / "again.yaml").read_text(encoding="utf-8")) == example
    (tmp_path / "broken.xlsx").write_text("not a workbook", encoding="utf-8")
    assert main(["import", "broken.xlsx"]) == 1


async def test_the_head_sends_the_workbook_in_private(
    configured: LocalSchool, example_setup: Setup, tmp_path: Path
) -> None:
    path = tmp_path / "school.xlsx"
    write_workbook(replace(example_setup, school_name="新乡市外国语小学（新校区）"), path)
    book = load_workbook(path)
    book["人员"]["C4"] = "avv"
    book.save(path)
    bad = path.read_bytes()
    await configured.chat.feed(configured.api.document_update(ADMIN, ADMIN.id, "school.xlsx", bad))
    answer = configured.api.last_bot_message(ADMIN.id).text
    assert answer.splitlines()[:2] == [
        "❌ 没有导入，有 1 处要改：",
        "staff[2].posts[0] (sheet 人员, row 4, column 岗位): unknown post 'avv'",
    ]
    book["人员"]["C4"] = "av"
    book.save(path)
    good = path.read_bytes()
    update = configured.api.document_update(TEACHER_LI, TEACHER_LI.id, "school.xlsx", good)
    await configured.chat.feed(update)
    assert "只有后勤主任" in configured.api.last_bot_message(TEACHER_LI.id).text
    await configured.chat.feed(
        configured.api.document_update(ADMIN, ADMIN.id, "school.xlsx", good)
    )
    assert configured.api.last_bot_message(ADMIN.id).text.startswith("✅ 已导入学校设置：")
    assert (
        configured.app.bot_data["services"].school.setup.school_name
        == "新乡市外国语小学（新校区）"
    )
