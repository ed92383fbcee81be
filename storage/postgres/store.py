"""Open PostgreSQL, apply its migrations and hand out its repositories."""

from __future__ import annotations

import asyncpg

from storage.database import StorageError
from storage.postgres.campaigns import PostgresCampaigns
from storage.postgres.changes import PostgresChanges
from storage.postgres.command_sync import PostgresCommandSync
from storage.postgres.database import PostgresDatabase
from storage.postgres.exclusive import AdvisoryLockJobs
from storage.postgres.guild_presence import PostgresGuildPresence
from storage.postgres.guild_settings import PostgresGuildSettings
from storage.postgres.lookup_cache import PostgresLookupCache
from storage.postgres.migrate import migrate
from storage.postgres.purge import PostgresGuildPurge
from storage.postgres.shortlists import PostgresShortlists
from storage.store import Storage
from storage.target import PostgresTarget


async def open_postgres(target: PostgresTarget, *, apply_migrations: bool = True) -> Storage:
    database = PostgresDatabase(target)
    await database.open()
    try:
        if apply_migrations:
            await migrate(database)
    except asyncpg.PostgresError as exc:
        await database.close()
        raise StorageError(
            f"PostgreSQL at {target.where}: a migration failed ({type(exc).__name__}: {exc})"
        ) from exc
    except BaseException:
        await database.close()
        raise
    return Storage(
        database=database,
        guild_settings=PostgresGuildSettings(database),
        command_sync=PostgresCommandSync(database),
        presence=PostgresGuildPresence(database),
        shortlists=PostgresShortlists(database),
        purge=PostgresGuildPurge(database),
        jobs=AdvisoryLockJobs(database),
        changes=PostgresChanges(target),
        campaigns=PostgresCampaigns(database),
        lookups=PostgresLookupCache(database),
    )
