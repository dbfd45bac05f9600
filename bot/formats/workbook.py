"""The set-up as an Excel workbook (学校设置.xlsx): a sheet per part with Chinese headers and
drop-down lists, read back into the very data school.yaml holds — so both formats go through
one check, and a problem is named by its sheet, row and column.

Simple fields are plain cells; a list of words is one cell joined with 、; the few nested
values (a post's time limits, a plan's checklist, a building's rooms with their other names)
are written in YAML's one-line form, e.g. `{urgent: {claim: 30m, fix: 4h}}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from bot.domain.setup import WEEKDAYS, Setup
from bot.formats.school_file import (
    Path_,
    SchoolFileError,
    parse_school_data,
    school_data,
)

LIST_SEPARATOR = "、"


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    kind: str = "text"  # text | list | lines | yaml | number | date | bool
    choices: str | None = None  # a drop-down: another sheet's column, or a fixed list


@dataclass(frozen=True)
class Sheet:
    name: str
    section: str  # the school.yaml section it holds
    columns: tuple[Column, ...]
    rows: str = "list"  # list: a row per entry | pairs: a row per key | roster: weekday rows


POSTS = "=岗位!$A$2:$A$200"
STAFF = "=人员!$A$2:$A$500"
DAYS = '"' + ",".join(WEEKDAYS) + '"'

SHEETS = (
    Sheet("学校", "school", (
        Column("name", "学校名称"), Column("pupils", "学生人数", "number"),
    ), "pairs"),
    Sheet("岗位", "posts", (
        Column("key", "岗位代码"), Column("name", "名称"), Column("name_en", "英文名"),
        Column("standard", "工作标准"), Column("responsibilities", "岗位职责", "lines"),
        Column("time_limits", "时限", "yaml"),
    )),
    Sheet("类别", "categories", (
        Column("key", "类别代码"), Column("name", "名称"), Column("name_en", "英文名"),
        Column("post", "岗位", choices=POSTS), Column("keywords", "关键词", "list"),
    )),
    Sheet("地点", "locations", (
        Column("building", "楼"), Column("aliases", "别名", "list"),
        Column("rooms", "房间", "yaml"),
    )),
    Sheet("人员", "staff", (
        Column("name", "名字"), Column("telegram_id", "Telegram号码", "number"),
        Column("posts", "岗位", "list"),
    )),
    Sheet("值班表", "roster", (
        Column("day", "星期", choices=DAYS), Column("post", "岗位", choices=POSTS),
        Column("worker", "人员", choices=STAFF), Column("time", "时间"),
    ), "roster"),
    Sheet("临时调班", "overrides", (
        Column("date", "日期", "date"), Column("post", "岗位", choices=POSTS),
        Column("worker", "人员", choices=STAFF), Column("time", "时间"), Column("note", "备注"),
    )),
    Sheet("节假日", "holidays", (Column("date", "日期", "date"), Column("name", "名称"))),
    Sheet("节假日值班", "holiday_duty", (
        Column("post", "岗位", choices=POSTS), Column("worker", "人员", choices=STAFF),
        Column("time", "时间"),
    )),
    Sheet("调休上班", "workdays", (
        Column("date", "日期", "date"), Column("name", "名称"),
        Column("like", "按星期", choices=DAYS),
    )),
    Sheet("日历", "calendar", (
        Column("working_hours", "工作时间", "yaml"), Column("vacations", "假期", "yaml"),
        Column("terms", "学期", "yaml"), Column("national", "国家法定假日"),
        Column("makeup_like", "调休按星期"),
    ), "pairs"),
    Sheet("提醒", "reminders", (
        Column("quiet_hours", "免打扰时段"), Column("escalate_after", "超时多久上报"),
        Column("repeat_every", "再次上报间隔"), Column("ask_feedback_after", "多久后再问报修人"),
        Column("auto_confirm_after", "多久后默认确认"), Column("morning_at", "早上提醒时间"),
        Column("evening_at", "傍晚提醒时间"), Column("default_time_limits", "默认时限", "yaml"),
    ), "pairs"),
    Sheet("计划", "plans", (
        Column("key", "计划代码"), Column("title", "标题"), Column("title_en", "英文标题"),
        Column("post", "岗位", choices=POSTS), Column("repeat", "重复"),
        Column("where", "地点", "list"), Column("checklist", "检查清单", "yaml"),
        Column("category", "类别"), Column("off_days", "非工作日"), Column("in_vacation", "假期"),
        Column("lead", "提前"), Column("paused", "暂停", "bool"),
    )),
    Sheet("学期规划", "term_plan", (
        Column("key", "代码"), Column("term", "学期"), Column("title", "事项"),
        Column("due", "完成日期", "date"), Column("owner", "负责"), Column("note", "备注"),
    )),
    Sheet("会务", "meetings", (
        Column("approval", "需要审批", "bool"), Column("announce", "每周通知"),
        Column("rooms", "常用会议室", "list"), Column("reception", "接待标准", "yaml"),
        Column("tasks", "会务任务", "yaml"),
    ), "pairs"),
    Sheet("赔偿", "damage", (
        Column("settle", "处理办法", "yaml"), Column("prices", "价格表", "yaml"),
        Column("classes", "班级", "yaml"),
    ), "pairs"),
    Sheet("水电表", "meters", (
        Column("key", "表代码"), Column("name", "名称"),
        Column("kind", "类型", choices='"water,power"'),
        Column("unit", "单位"), Column("post", "抄表岗位", choices=POSTS),
        Column("repeat", "重复"),
        Column("building", "楼"), Column("digits", "位数", "number"),
        Column("price", "单价", "number"),
        Column("closed_share", "休息日比例", "number"),
    )),
)  # fmt: skip


def _cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind in ("list", "lines"):  # words joined with 、; sentences one per line (Alt+Enter)
        separator = LIST_SEPARATOR if kind == "list" else "\n"
        return separator.join(str(v) for v in value) if value else None
    if kind == "yaml":
        return yaml.safe_dump(
            value, allow_unicode=True, default_flow_style=True, width=10_000
        ).strip()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _value(cell: Any, kind: str) -> Any:
    if cell is None or cell == "":
        return None
    if kind in ("list", "lines"):
        separator = LIST_SEPARATOR if kind == "list" else "\n"
        return [part.strip() for part in str(cell).split(separator) if part.strip()]
    if kind == "yaml":
        return yaml.safe_load(str(cell))
    if kind == "date":
        return cell.date().isoformat() if hasattr(cell, "date") else str(cell)
    if kind == "bool":
        return str(cell).strip().lower() in ("true", "1", "yes", "是")
    if kind == "number" and isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return cell


def write_workbook(setup: Setup, target: Path) -> None:
    """Write the set-up as a workbook: a sheet per part, bold frozen headers, drop-downs."""
    data = school_data(setup)
    book = Workbook()
    book.remove(book.active)
    for spec in SHEETS:
        sheet = book.create_sheet(spec.name)
        section = data.get(spec.section)
        if spec.rows == "pairs":
            sheet.append(["项目", "内容", "字段"])
            for column in spec.columns:
                value = (section or {}).get(column.field)
                sheet.append([column.header, _cell(value, column.kind), column.field])
        else:
            sheet.append([column.header for column in spec.columns])
            entries = _roster_rows(section) if spec.rows == "roster" else (section or [])
            for entry in entries:
                sheet.append([_cell(entry.get(c.field), c.kind) for c in spec.columns])
            for index, column in enumerate(spec.columns):
                if column.choices:
                    letter = chr(ord("A") + index)
                    check = DataValidation(type="list", formula1=column.choices, allow_blank=True)
                    check.add(f"{letter}2:{letter}500")
                    sheet.add_data_validation(check)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for index in range(len(sheet[1])):
            sheet.column_dimensions[chr(ord("A") + index)].width = 18
    book.save(target)


def _roster_rows(roster: dict[str, list[dict[str, Any]]] | None) -> list[dict[str, Any]]:
    return [{"day": day, **shift} for day, shifts in (roster or {}).items() for shift in shifts]


def read_workbook(source: Path) -> Setup:
    """Read a workbook written by `write_workbook` (and filled in by the head); raise
    SchoolFileError naming the sheet, row and column of every problem; load nothing."""
    try:
        book = load_workbook(source, data_only=True)
    except Exception as exc:  # not a workbook at all: one clear line
        raise SchoolFileError(f"{source.name}: not an .xlsx workbook ({exc})") from None
    data: dict[str, Any] = {}
    marks: dict[Path_, str] = {}
    problems: list[str] = []
    for spec in SHEETS:
        if spec.name not in book.sheetnames:
            continue
        rows = list(book[spec.name].iter_rows(values_only=True))
        if spec.rows == "pairs":
            section: dict[str, Any] = {}
            by_field = {c.field: c for c in spec.columns}
            for number, row in enumerate(rows[1:], start=2):
                field = row[2] if len(row) > 2 else None
                column = by_field.get(str(field)) if field else None
                if column is None:
                    continue
                value = _read(row[1], column, spec, number, problems)
                if value is not None:
                    section[column.field] = value
                    marks[(spec.section, column.field)] = _place(spec, number, column.header)
            if section:
                data[spec.section] = section
            continue
        entries = []
        for number, row in enumerate(rows[1:], start=2):
            if all(cell in (None, "") for cell in row):
                continue
            entry = {}
            for index, column in enumerate(spec.columns):
                cell = row[index] if index < len(row) else None
                value = _read(cell, column, spec, number, problems)
                if value is not None:
                    entry[column.field] = value
            entries.append((number, entry))
        if spec.rows == "roster":
            roster: dict[str, list[dict[str, Any]]] = {}
            for number, entry in entries:
                day = str(entry.pop("day", ""))
                roster.setdefault(day, []).append(entry)
                position = len(roster[day]) - 1
                marks[("roster", day, position)] = _place(spec, number)
                for column in spec.columns[1:]:
                    marks[("roster", day, position, column.field)] = _place(
                        spec, number, column.header
                    )
            data["roster"] = roster
        else:
            data[spec.section] = [entry for _, entry in entries]
            for position, (number, _) in enumerate(entries):
                marks[(spec.section, position)] = _place(spec, number)
                for column in spec.columns:
                    marks[(spec.section, position, column.field)] = _place(
                        spec, number, column.header
                    )
    if problems:
        raise SchoolFileError("\n".join(problems))
    return parse_school_data(data, marks)


def _read(cell: Any, column: Column, spec: Sheet, number: int, problems: list[str]) -> Any:
    try:
        return _value(cell, column.kind)
    except yaml.YAMLError:
        problems.append(f"{_place(spec, number, column.header)}: cannot read {str(cell)[:40]!r}")
        return None


def _place(spec: Sheet, row: int, header: str | None = None) -> str:
    where = f"sheet {spec.name}, row {row}"
    return f"{where}, column {header}" if header else where
