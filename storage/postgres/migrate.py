"""Apply storage/migrations/postgres/NNNN_name.sql, each in its own transaction.

The applied version lives in the database (schema_migrations), and the run holds an
advisory lock, so processes starting together apply each migration exactly once.
"""

from __future__ import annotations

import logging

from storage.migrate import POSTGRES_MIGRATIONS, Migration, available_migrations
from storage.postgres import locks
from storage.postgres.database import PostgresDatabase

log = logging.getLogger(__name__)

_TRACKING_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)
"""


def postgres_migrations() -> list[Migration]:
    return available_migrations(POSTGRES_MIGRATIONS)


async def schema_version(database: PostgresDatabase) -> int:
    exists = await database.fetch_value("SELECT to_regclass('schema_migrations') IS NOT NULL")
    if not exists:
        return 0
    return int(
        await database.fetch_value("SELECT coalesce(max(version), 0) FROM schema_migrations")
    )


async def migrate(database: PostgresDatabase, *, target: int | None = None) -> list[Migration]:
    """Apply every pending migration up to `target` (default: all); return those applied."""
    applied: list[Migration] = []
    async with database.pool.acquire() as connection:
        # A session lock on this one connection, released before it goes back to the pool.
        await connection.execute("SELECT pg_advisory_lock($1)", locks.MIGRATIONS)
        try:
            await connection.execute(_TRACKING_TABLE)
            done = {
                int(row["version"])
                for row in await connection.fetch("SELECT version FROM schema_migrations")
            }
            # Every migration not applied yet, even one numbered below the newest applied: a
            # reserved number can land after a later one (as in storage.migrate).
            for migration in postgres_migrations():
                if migration.version in done:
                    continue
                if target is not None and migration.version > target:
                    break
                async with connection.transaction():
                    await connection.execute(migration.sql)
                    await connection.execute(
                        "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                        migration.version,
                        migration.name,
                    )
                log.info("Applied PostgreSQL migration %04d_%s", migration.version, migration.name)
                applied.append(migration)
        finally:
            await connection.execute("SELECT pg_advisory_unlock($1)", locks.MIGRATIONS)
    return applied
