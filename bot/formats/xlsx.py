"""A small streaming .xlsx writer: rows of text, numbers and dates; a bold frozen header
row; column widths; dates as real Excel dates.

Why by hand: a term's repair log is about two million cells, and openpyxl (22 s here) and
XlsxWriter (8 s for the writing alone) miss the 10-second aim. SpreadsheetML for plain rows
is small: each sheet is streamed into the zip as it is built, strings are written inline.
The tests read every file back with openpyxl.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any
from xml.sax.saxutils import escape

EXCEL_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 - Excel dates carry no time zone
DATE_STYLE, BOLD_STYLE = 1, 2
FLUSH_EVERY = 2000  # rows per write into the zip
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


class Sheet:
    """One worksheet being streamed into the workbook's zip."""

    def __init__(self, handle: Any, widths: Sequence[float], header: Sequence[str]) -> None:
        self._handle = handle
        self._letters = [_column(i) for i in range(max(len(widths), len(header)))]
        self._row = 0
        self._pending: list[str] = []
        cols = "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>'
            for i, w in enumerate(widths)
        )
        self._handle.write(
            (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2"'
                ' activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
                f"<cols>{cols}</cols><sheetData>"
            ).encode()
        )
        self.append(header, style=BOLD_STYLE)

    def append(self, values: Iterable[Any], *, style: int = 0) -> None:
        """Add one row (None leaves a cell empty)."""
        self._row += 1
        row = self._row
        cells = []
        for letter, value in zip(self._letters, values, strict=False):
            if value is None or value == "":
                continue
            ref = f"{letter}{row}"
            if isinstance(value, bool) or not isinstance(value, int | float | datetime):
                text = escape(_INVALID_XML.sub("", str(value)))
                bold = f' s="{style}"' if style else ""
                cells.append(f'<c r="{ref}" t="inlineStr"{bold}><is><t>{text}</t></is></c>')
            elif isinstance(value, datetime):
                serial = (value.replace(tzinfo=None) - EXCEL_EPOCH).total_seconds() / 86400
                cells.append(f'<c r="{ref}" s="{DATE_STYLE}"><v>{serial!r}</v></c>')
            else:
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        self._pending.append(f'<row r="{row}">{"".join(cells)}</row>')
        if len(self._pending) >= FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        self._handle.write("".join(self._pending).encode())
        self._pending.clear()

    def close(self) -> None:
        self._flush()
        self._handle.write(b"</sheetData></worksheet>")
        self._handle.close()


class Workbook:
    """An .xlsx file written sheet by sheet (one sheet open at a time)."""

    def __init__(self, path: Path) -> None:
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._names: list[str] = []
        self._open: Sheet | None = None

    def sheet(self, name: str, widths: Sequence[float], header: Sequence[str]) -> Sheet:
        """Start the next sheet (closing the one before)."""
        if self._open is not None:
            self._open.close()
        self._names.append(name)
        handle = self._zip.open(f"xl/worksheets/sheet{len(self._names)}.xml", "w")
        self._open = Sheet(handle, widths, header)
        return self._open

    def close(self) -> None:
        """Finish the last sheet and write the workbook's parts."""
        if self._open is not None:
            self._open.close()
        count = len(self._names)
        sheets = "".join(_SHEET_TYPE.format(n=n) for n in range(1, count + 1))
        self._zip.writestr("[Content_Types].xml", _CONTENT_TYPES.format(sheets=sheets))
        self._zip.writestr("_rels/.rels", _ROOT_RELS)
        entries = "".join(
            f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, name in enumerate(self._names, 1)
        )
        self._zip.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
            ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<sheets>{entries}</sheets></workbook>",
        )
        links = "".join(
            f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)
        )
        links += (
            f'<Relationship Id="rId{count + 1}" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        )
        self._zip.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships'
            f' xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{links}'
            "</Relationships>",
        )
        self._zip.writestr("xl/styles.xml", _STYLES)
        self._zip.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
