"""Both storage backends for the tests: SQLite in a temporary file, PostgreSQL in a scratch
database created for this test run and dropped after it.

A test (or a module, through `pytestmark = pytest.mark.usefixtures("backend")`) that uses
the `backend` fixture runs once per backend. PostgreSQL comes from TIERBOT_TEST_POSTGRES_URL
(default postgresql://postgres@127.0.0.1:5432/postgres); where no server answers those runs
are skipped with the reason, except under CI=true, where they fail.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from storage.target import PostgresTarget, SqliteTarget

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
T = TypeVar("T")
BackendKind = Literal["sqlite", "postgresql"]
BACKENDS: tuple[BackendKind, ...] = ("sqlite", "postgresql")


def admin_url() -> str:
    return os.environ.get("TIERBOT_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


@dataclass(frozen=True, slots=True)
class ScratchPostgres:
    """A database created for this run (the URL points at it)."""

    url: str
    name: str


@dataclass(frozen=True, slots=True)
class Backend:
    kind: BackendKind
    database_path: Path
    database_url: str | None  # None: SQLite at database_path

    @property
    def environment(self) -> dict[str, str]:
        """DATABASE_URL for a `tierbot` subprocess (SQLite: DATABASE_PATH is set apart)."""
        return {} if self.database_url is None else {"DATABASE_URL": self.database_url}

    @property
    def target(self) -> SqliteTarget | PostgresTarget:
        if self.database_url is None:
            return SqliteTarget(self.database_path)
        return PostgresTarget(self.database_url, pool_size=5)


async def _create_scratch() -> ScratchPostgres:
    url = admin_url()
    name = f"tierbot_test_{os.getpid()}_{secrets.token_hex(4)}"
    connection = await asyncpg.connect(url, timeout=3)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return ScratchPostgres(url=with_database(url, name), name=name)


async def _drop_scratch(scratch: ScratchPostgres) -> None:
    connection = await asyncpg.connect(admin_url(), timeout=10)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{scratch.name}" WITH (FORCE)')
    finally:
        await connection.close()


def postgres_unavailable(exc: BaseException) -> str:
    where = PostgresTarget(admin_url()).where
    return (
        f"no PostgreSQL server answered at {where} ({type(exc).__name__}); "
        "set TIERBOT_TEST_POSTGRES_URL to one"
    )


SKIPPED: dict[str, str] = {}


def _run_apart(work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to the end on its own loop in another thread: the session fixture
    is first asked for from inside a test's running loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(work())).result()


def scratch_postgres() -> ScratchPostgres:
    """Create the run's scratch database (the session fixture calls this once)."""
    try:
        return _run_apart(_create_scratch)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        reason = postgres_unavailable(exc)
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL tests must run under CI=true: {reason}")
        SKIPPED["postgresql"] = f"PostgreSQL tests skipped: {reason}"
        pytest.skip(SKIPPED["postgresql"])


def drop_scratch(scratch: ScratchPostgres) -> None:
    _run_apart(lambda: _drop_scratch(scratch))


async def empty_postgres(url: str) -> None:
    """Every table emptied (ids restarted), the schema kept: a clean database per test."""
    connection = await asyncpg.connect(url, timeout=10)
    try:
        tables = await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename <> 'schema_migrations'"
        )
        if tables:
            names = ", ".join(f'"{row["tablename"]}"' for row in tables)
            await connection.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    finally:
        await connection.close()
