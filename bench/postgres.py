"""The PostgreSQL side of the benchmark: a scratch database for one run, dropped after it.

TIERBOT_BENCH_POSTGRES_URL (else TIERBOT_TEST_POSTGRES_URL, else postgres on 127.0.0.1)
names the server; with none answering the PostgreSQL rows say so and the run goes on.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bench.seed import filled_list
from bench.workloads import ADD_LIST, BIG_LIST, BIG_LIST_ENTRIES
from storage.store import Storage
from storage.target import DatabaseTarget, PostgresTarget

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def server_url() -> str:
    return (
        os.environ.get("TIERBOT_BENCH_POSTGRES_URL")
        or os.environ.get("TIERBOT_TEST_POSTGRES_URL")
        or DEFAULT_URL
    )


@asynccontextmanager
async def scratch_database() -> AsyncIterator[str | None]:
    """A fresh database's URL, or None (with the reason printed by the caller) without a
    server."""
    admin = server_url()
    name = f"tierbot_bench_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        connection = await asyncpg.connect(admin, timeout=3)
    except (OSError, TimeoutError, asyncpg.PostgresError):
        yield None
        return
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    try:
        yield urlunsplit(urlsplit(admin)._replace(path=f"/{name}"))
    finally:
        connection = await asyncpg.connect(admin, timeout=10)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()


async def seed_target(target: DatabaseTarget, guild_id: int) -> None:
    """The shortlists the stateful kinds use: one with 1,000 entries, one to add to."""
    storage = await Storage.open_target(target)
    try:
        await filled_list(storage, guild_id, BIG_LIST, BIG_LIST_ENTRIES, seed=3)
        await filled_list(storage, guild_id, ADD_LIST, 0)
    finally:
        await storage.close()


def postgres_seed(url: str) -> Callable[[Path, int], Awaitable[None]]:
    async def seed(_unused: Path, guild_id: int) -> None:
        await seed_target(PostgresTarget(url, pool_size=2), guild_id)

    return seed
