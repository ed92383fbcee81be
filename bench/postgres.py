"""The PostgreSQL side of the benchmark: the shortlist commands through the whole bot on
PostgreSQL, beside the SQLite bot of the same run, in a scratch database dropped after it.

TIERBOT_BENCH_POSTGRES_URL (else TIERBOT_TEST_POSTGRES_URL, else postgres on 127.0.0.1)
names the server; with none answering the PostgreSQL rows say so and the run goes on.
`python -m bench` calls `shortlists_on_postgresql` once; bench/report.py's `postgres_lines`
writes its table into latest.md.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bench.processes import TIERBOT
from bench.seed import filled_list
from bench.service import Live, Plan, compare, live_bot, one_line
from bench.workloads import ADD_LIST, BASELINE, BIG_LIST, BIG_LIST_ENTRIES, Kind
from storage.store import Storage
from storage.target import DatabaseTarget, PostgresTarget

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
# The kinds that read and write the database, measured on PostgreSQL too.
POSTGRES_KINDS = ("shortlist_add", "shortlist_show", "shortlist_export")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


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


async def shortlists_on_postgresql(
    base: Live, plan: Plan, kinds: Sequence[Kind], folder: Path
) -> dict[str, Any]:
    """The shortlist kinds again, through the whole bot, on PostgreSQL: a third bot beside
    the SQLite one, its loads alternating with the same baseline."""
    async with scratch_database() as url:
        if url is None:
            reason = f"no PostgreSQL server answered at {PostgresTarget(server_url()).where}"
            log(f"tierbot on PostgreSQL: skipped ({reason})")
            return {"skipped_reason": reason}
        async with live_bot(
            "tierbot-postgres",
            TIERBOT,
            folder,
            replace(plan, guilds=0),
            barrier="/help",
            seed=postgres_seed(url),
            environment={"DATABASE_URL": url},
            progress=log,
        ) as postgres:
            for kind in kinds:
                log(f"tierbot on PostgreSQL: {kind.label} x{plan.count(kind)}")
                result, _ = await compare(base, BASELINE, postgres, kind, plan)
                postgres.report.loads[kind.key] = result
                log(f"  postgres {one_line(result)}")
        return postgres.report.as_dict()
