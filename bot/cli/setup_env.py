"""`python -m bot setup`: write `.env` by answering a few questions (the token, the school
group, the heads), each checked as it is typed; then `python -m bot doctor` checks the rest."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from bot.i18n import Lang, t

TOKEN = re.compile(r"[0-9]{5,12}:[A-Za-z0-9_-]{20,60}")
GROUP = re.compile(r"-[0-9]{5,16}")
IDS = re.compile(r"[0-9]{3,15}(\s*,\s*[0-9]{3,15})*")


def ask(prompt: str, pattern: re.Pattern[str], bad: str, read: Callable[[str], str]) -> str:
    """Ask until the answer matches (a typo is said, never written)."""
    while True:
        answer = read(prompt).strip()
        if pattern.fullmatch(answer):
            return answer
        print(bad)


def write_env(target: Path, *, read: Callable[[str], str] = input, lang: Lang = "zh") -> int:
    """Ask, then write `target` from .env.example's layout with the answers filled in."""
    if target.exists():
        keep = read(t(lang, "setup_env.exists", path=target)).strip().lower()
        if keep not in ("y", "yes", "是", "覆盖"):
            print(t(lang, "setup_env.kept", path=target))
            return 1
    print(t(lang, "setup_env.hello"))
    token = ask(t(lang, "setup_env.token"), TOKEN, t(lang, "setup_env.bad_token"), read)
    group = ask(t(lang, "setup_env.group"), GROUP, t(lang, "setup_env.bad_group"), read)
    heads = ask(t(lang, "setup_env.heads"), IDS, t(lang, "setup_env.bad_heads"), read)
    values = {
        "TELEGRAM_BOT_TOKEN": token,
        "SCHOOL_CHAT_ID": group,
        "ADMIN_USER_IDS": ",".join(part.strip() for part in heads.split(",")),
        "BOT_LANGUAGE": lang,
    }
    example = Path(__file__).resolve().parents[2] / ".env.example"
    lines = []
    for line in example.read_text(encoding="utf-8").splitlines():
        key = line.split("=", 1)[0].lstrip("# ").strip()
        lines.append(f"{key}={values.pop(key)}" if key in values and "=" in line else line)
    lines += [f"{key}={value}" for key, value in values.items()]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target.chmod(0o600)  # the token is a password
    print(t(lang, "setup_env.done", path=target))
    return 0
