"""Opens the database, applies migrations, and hands out the repositories."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from storage.campaigns import SqliteCampaigns
from storage.changes import LocalChanges
from storage.command_sync import SqliteCommandSync
from storage.database import Database, StorageError, describe_sqlite_error
from storage.exclusive import OneProcessJobs
from storage.guild_presence import SqliteGuildPresence
from storage.guild_settings import SqliteGuildSettings
from storage.lookup_cache import SqliteLookupCache
from storage.migrate import migrate
from storage.protocols import (
    CampaignRepository,
    ChangeFeed,
    CommandSyncRepository,
    DatabaseHandle,
    ExclusiveJobs,
    GuildDataPurge,
    GuildPresenceRepository,
    GuildSettingsRepository,
    LookupCacheRepository,
    ShortlistRepository,
)
from storage.purge import SqliteGuildPurge
from storage.shortlists import SqliteShortlists
from storage.target import DatabaseTarget, SqliteTarget

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Storage:
    database: DatabaseHandle
    guild_settings: GuildSettingsRepository
    command_sync: CommandSyncRepository
    presence: GuildPresenceRepository
    shortlists: ShortlistRepository
    purge: GuildDataPurge
    jobs: ExclusiveJobs
    changes: ChangeFeed
    campaigns: CampaignRepository
    lookups: LookupCacheRepository

    @classmethod
    async def open_target(cls, target: DatabaseTarget) -> Storage:
        """SQLite or PostgreSQL, as DATABASE_URL says (see storage.target)."""
        if isinstance(target, SqliteTarget):
            return await cls.open(target.path)
        from storage.postgres.store import open_postgres  # asyncpg only when it is used

        return await open_postgres(target)

    @classmethod
    async def open(cls, path: Path, *, apply_migrations: bool = True) -> Storage:
        database = Database(path)
        await database.open()
        try:
            await database.verify()
            if apply_migrations:
                await migrate(database)
        except sqlite3.DatabaseError as exc:  # a migration on a disk that just filled up
            await database.close()
            raise StorageError(f"{path}: {describe_sqlite_error(exc)}") from exc
        except BaseException:
            await database.close()
            raise
        return cls(
            database=database,
            guild_settings=SqliteGuildSettings(database),
            command_sync=SqliteCommandSync(database),
            presence=SqliteGuildPresence(database),
            shortlists=SqliteShortlists(database),
            purge=SqliteGuildPurge(database),
            jobs=OneProcessJobs(),
            changes=LocalChanges(),
            campaigns=SqliteCampaigns(database),
            lookups=SqliteLookupCache(database),
        )

    async def close(self) -> None:
        await self.changes.stop()
        await self.database.close()
