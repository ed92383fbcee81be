"""`tierbot db migrate|check|purge-guild` on PostgreSQL, for operators."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from storage.admin import CheckReport
from storage.postgres.database import PostgresDatabase
from storage.postgres.migrate import migrate, postgres_migrations, schema_version
from storage.postgres.purge import PostgresGuildPurge
from storage.target import PostgresTarget

T = TypeVar("T")

RESTORE_ADVICE = (
    "On PostgreSQL, restore with pg_restore, not `tierbot db restore`: stop every bot, then "
    'pg_restore --clean --dbname="$DATABASE_URL" tierbot.dump'
)
BACKUP_ADVICE = (
    "On PostgreSQL, back up with pg_dump, not `tierbot db backup`: "
    'pg_dump --format=custom --file=tierbot.dump "$DATABASE_URL"'
)


def migrate_postgres(target: PostgresTarget) -> tuple[int, int]:
    """Apply pending migrations; (how many were applied, the schema version now)."""

    async def run(database: PostgresDatabase) -> tuple[int, int]:
        applied = await migrate(database)
        return len(applied), await schema_version(database)

    return asyncio.run(_with_database(target, run))


def check_postgres(target: PostgresTarget) -> CheckReport:
    async def run(database: PostgresDatabase) -> CheckReport:
        return CheckReport(
            schema_version=await schema_version(database),
            latest_version=postgres_migrations()[-1].version,
            problems=await database.integrity_problems(),
        )

    return asyncio.run(_with_database(target, run))


def purge_guild_postgres(target: PostgresTarget, guild_id: int) -> dict[str, int]:
    async def run(database: PostgresDatabase) -> dict[str, int]:
        await migrate(database)
        return await PostgresGuildPurge(database).purge_guild_rows(guild_id)

    return asyncio.run(_with_database(target, run))


async def _with_database(
    target: PostgresTarget, work: Callable[[PostgresDatabase], Awaitable[T]]
) -> T:
    database = PostgresDatabase(PostgresTarget(target.url, pool_size=2))
    await database.open()
    try:
        return await work(database)
    finally:
        await database.close()
