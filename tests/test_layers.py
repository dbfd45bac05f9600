"""The layers: arrows point down only. Read from the import statements of every module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imports_of(path: Path) -> set[str]:
    """Return every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def offending(folder: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    """Return, per module of `folder`, the imports that start with a forbidden prefix."""
    found = {}
    for path in modules(folder):
        bad = sorted(
            name
            for name in imports_of(path)
            if any(name == f or name.startswith(f + ".") for f in forbidden)
        )
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


CHAT_AND_ABOVE = ("telegram", "handlers", "bot.app", "bot.services", "bot.cli", "bot.local")


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        # The domain is plain Python: no chat front end, no file format, nothing above it.
        ("bot/domain", (*CHAT_AND_ABOVE, "bot.formats", "yaml", "matplotlib", "openpyxl")),
        # Storage keeps rows; it knows the model, never a file format or a chat.
        ("storage", (*CHAT_AND_ABOVE, "bot.formats", "yaml")),
        # File formats serve the domain and the tools, never a chat.
        ("bot/formats", CHAT_AND_ABOVE),
        # Handlers talk to Telegram; the local Telegram is for tests, tools and benchmarks.
        ("handlers", ("bot.local", "bot.cli", "bot.app")),
    ],
)
def test_arrows_point_down(folder: str, forbidden: tuple[str, ...]) -> None:
    assert offending(folder, forbidden) == {}


def test_storage_knows_only_the_model_of_the_domain() -> None:
    used = {
        name for path in modules("storage") for name in imports_of(path) if name.startswith("bot.")
    }
    assert used <= {"bot.domain.model", "bot.domain.setup"}
