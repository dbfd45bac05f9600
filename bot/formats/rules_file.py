"""The school's written rules (规章制度): Markdown files with a short header, in a `rules/`
folder beside school.yaml.

    ---
    key: property
    title: 财产管理暨公物损坏赔偿制度
    version: "2026.1"
    date: 2026-09-01
    ---
    # 财产管理暨公物损坏赔偿制度
    一、……
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from bot.domain.model import RuleDoc

HEADER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)
KEY = re.compile(r"[a-z][a-z0-9_]{0,30}")
MAX_BODY = 50_000


class RulesFileError(Exception):
    """A rule file cannot be read; the message names the file and what is wrong."""


def read_rule(path: Path) -> RuleDoc:
    """Read one rule file, or raise RulesFileError naming the file and the field."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    found = HEADER.match(text)
    if found is None:
        raise RulesFileError(f"{path.name}: no header (--- key, title, version, date ---)")
    try:
        header = yaml.safe_load(found[1]) or {}
    except yaml.YAMLError as exc:
        raise RulesFileError(f"{path.name}: the header is not YAML: {exc}") from None
    body = found[2].strip()
    problems = []
    key, title, version = header.get("key"), header.get("title"), header.get("version")
    if not isinstance(key, str) or not KEY.fullmatch(key):
        problems.append(f"key {key!r} is not lower-case letters, digits and _")
    if not isinstance(title, str) or not title.strip():
        problems.append("title is missing")
    if version is None or not str(version).strip():
        problems.append("version is missing")
    day = header.get("date")
    if not isinstance(day, date):
        problems.append(f"date {day!r} is not a date like 2026-09-01")
    if not body:
        problems.append("the text is empty")
    if len(body) > MAX_BODY:
        problems.append(f"the text is over {MAX_BODY} characters")
    if problems:
        raise RulesFileError(f"{path.name}: " + "; ".join(problems))
    assert isinstance(day, date) and isinstance(key, str) and isinstance(title, str)
    return RuleDoc(key=key, title=title.strip(), version=str(version), on_date=day, body=body)


def read_rules(folder: Path) -> list[RuleDoc]:
    """Read every .md file of the folder (sorted by name); every problem is reported at once."""
    docs, problems = [], []
    for path in sorted(folder.glob("*.md")):
        try:
            docs.append(read_rule(path))
        except RulesFileError as exc:
            problems.append(str(exc))
    keys = [doc.key for doc in docs]
    problems += [
        f"key {key!r} is used by two files" for key in sorted(set(keys)) if keys.count(key) > 1
    ]
    if problems:
        raise RulesFileError("\n".join(problems))
    return docs
