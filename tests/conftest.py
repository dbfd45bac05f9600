"""Fixtures: a fresh SQLite file and a running local school per test."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest

from bot.config import Settings
from bot.domain.setup import Setup
from bot.formats.school_file import parse_school_file
from bot.local.school import (
    EXAMPLE_SCHOOL,
    LocalSchool,
    appoint_workers,
    local_school,
    local_settings,
    school_without_meters,
    school_without_plans,
)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "houqin.sqlite3"


@pytest.fixture
def settings(db_path: Path) -> Settings:
    return local_settings(db_path)


@pytest.fixture
async def school(settings: Settings) -> AsyncIterator[LocalSchool]:
    """A running bot for the local school, with the three workers appointed by the head."""
    async with local_school(settings) as running:
        await appoint_workers(running)
        yield running


@pytest.fixture
async def configured(settings: Settings, tmp_path: Path) -> AsyncIterator[LocalSchool]:
    """A running bot with examples/school.yaml imported but its plans (the repair loop's
    tests count every message); Monday 2026-11-30, 07:30."""
    async with local_school(settings, school_file=school_without_plans(tmp_path)) as running:
        yield running


@pytest.fixture
async def planned(settings: Settings, tmp_path: Path) -> AsyncIterator[LocalSchool]:
    """A running bot with examples/school.yaml, plans included, meters left out (their
    reading rounds are planned tasks: tests/test_meters.py has them)."""
    async with local_school(settings, school_file=school_without_meters(tmp_path)) as running:
        yield running


@pytest.fixture
async def whole(settings: Settings) -> AsyncIterator[LocalSchool]:
    """A running bot with the whole of examples/school.yaml."""
    async with local_school(settings, school_file=EXAMPLE_SCHOOL) as running:
        yield running


@pytest.fixture(scope="session")
def example_setup() -> Setup:
    """The sample school's set-up, parsed once."""
    return parse_school_file(EXAMPLE_SCHOOL.read_text(encoding="utf-8"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Stop database threads a failed test left open, so a red run ends instead of hanging."""
    for leftover in gc.get_objects():
        if isinstance(leftover, aiosqlite.Connection) and leftover._running:
            leftover.stop()
