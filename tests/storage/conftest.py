from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.database import Database
from storage.store import Storage
from tests.backends import Backend


@pytest.fixture
async def storage(backend: Backend) -> AsyncIterator[Storage]:
    """The same repositories on SQLite, then on PostgreSQL (see tests/backends.py)."""
    opened = await Storage.open_target(backend.target)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def sqlite_storage(tmp_path: Path) -> AsyncIterator[Storage]:
    """SQLite only: for what is SQLite's own (pragmas, query plans, its error classes)."""
    opened = await Storage.open(tmp_path / "tierbot.sqlite3")
    try:
        yield opened
    finally:
        await opened.close()


def sqlite_database(storage: Storage) -> Database:
    assert isinstance(storage.database, Database)
    return storage.database
