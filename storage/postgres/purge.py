"""Deleting one guild's data in PostgreSQL: every table with a guild_id column."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storage.postgres.changes import notify_guild_changed
from storage.postgres.database import PostgresDatabase

_NOT_GUILD_DATA = frozenset({"schema_migrations", "command_sync"})


async def guild_scoped_tables(database: PostgresDatabase) -> list[str]:
    rows = await database.fetch_all(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND column_name = 'guild_id' ORDER BY table_name"
    )
    return [str(row["table_name"]) for row in rows if row["table_name"] not in _NOT_GUILD_DATA]


class PostgresGuildPurge:
    def __init__(self, database: PostgresDatabase) -> None:
        self._db = database

    async def purge_guild(self, guild_id: int) -> int:
        tables = await guild_scoped_tables(self._db)
        async with self._db.transaction() as tx:
            return await _delete_rows(tx, tables, guild_id)

    async def purge_departed(self, guild_id: int, cutoff: datetime) -> int | None:
        """Delete the guild's data if it still counts as having left before `cutoff`; the
        presence row is locked first, so a guild that re-added the bot just now keeps it."""
        tables = await guild_scoped_tables(self._db)
        async with self._db.transaction() as tx:
            due = await tx.fetchval(
                "SELECT 1 FROM guild_presence WHERE guild_id = $1 AND left_at IS NOT NULL "
                "AND left_at < $2 FOR UPDATE",
                guild_id,
                cutoff,
            )
            if due is None:
                return None
            return await _delete_rows(tx, tables, guild_id)


async def _delete_rows(tx: Any, tables: list[str], guild_id: int) -> int:
    await notify_guild_changed(tx, guild_id)  # delivered if, and when, the delete commits
    removed = 0
    for table in tables:
        status = await tx.execute(f'DELETE FROM "{table}" WHERE guild_id = $1', guild_id)
        removed += int(str(status).rsplit(" ", 1)[-1])
    return removed
