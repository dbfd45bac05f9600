"""What people type, made safe to keep and to read: one place for the rules."""

from __future__ import annotations

import unicodedata

# Invisible characters that change nothing a reader sees but can hide or spoof text: control
# characters, zero-width spaces and joiners, right-to-left overrides (Unicode "Cc" and "Cf").
_INVISIBLE = {"Cc", "Cf"}


def clean_text(text: str | None) -> str:
    """Drop invisible characters, collapse runs of spaces and trim; keep line breaks."""
    if not text:
        return ""
    visible = "".join(
        char for char in text if char == "\n" or unicodedata.category(char) not in _INVISIBLE
    )
    return "\n".join(" ".join(line.split()) for line in visible.strip().splitlines()).strip()


def plain(text: str) -> str:
    """Fold what an input method may type into plain characters: full-width digits and
    letters (１２, ＡＢ) and superscripts become 12, AB, 2 — so numbers parse as people mean."""
    return unicodedata.normalize("NFKC", text)
