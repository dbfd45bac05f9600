"""Local tools never harm a school's real database: they work on files they made themselves."""

from __future__ import annotations

import sqlite3
from pathlib import Path

MARK = "made_by_local_tool"  # a school_settings key the console writes into its own files


def whose(path: Path) -> str:
    """Tell what `path` is: "new" (no file), "local" (made by the console or the demo), or
    "school" (anything else that exists: treat it as a school's data)."""
    if not path.exists():
        return "new"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("select value from school_settings where key = ?", (MARK,))
            return "local" if row.fetchone() else "school"
        finally:
            conn.close()
    except sqlite3.Error:
        return "school"


def mark_local(path: Path, tool: str) -> None:
    """Note in the file that a local tool made it (so the tool may use it again)."""
    with sqlite3.connect(path) as conn:
        conn.execute(
            "insert into school_settings (key, value) values (?, ?)"
            " on conflict (key) do update set value = excluded.value",
            (MARK, tool),
        )
    conn.close()
