"""A refusal the user should read: a catalogue key and its values, never a stack trace."""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    """A request that changes nothing, with the catalogue text that says why."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
