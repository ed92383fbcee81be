"""Deleting one guild's data in PostgreSQL: every table with a guild_id column."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storage.postgres.changes import notify_guild_changed
from storage.postgres.database import PostgresDatabase

_NOT_GUILD_DATA = frozenset({"schema_migrations", "command_sync"})

# Single-column foreign keys with ON DELETE CASCADE: (child, column) -> (parent, key).
_CASCADES = """
SELECT c.conrelid::regclass::text AS child, a.attname AS column,
       c.confrelid::regclass::text AS parent, f.attname AS key
FROM pg_constraint c
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1]
WHERE c.contype = 'f' AND c.confdeltype = 'c' AND cardinality(c.conkey) = 1
  AND c.connamespace = current_schema()::regnamespace
"""


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
        return sum((await self.purge_guild_rows(guild_id)).values())

    async def purge_guild_rows(self, guild_id: int) -> dict[str, int]:
        """The rows removed from each table, including those a cascade removes (a list's
        entries), so an operator sees everything that went."""
        tables = await guild_scoped_tables(self._db)
        children = [
            row
            for row in await self._db.fetch_all(_CASCADES)
            if row["child"] not in tables and row["parent"] in tables
        ]
        async with self._db.transaction() as tx:
            cascaded: dict[str, int] = {}
            for row in children:
                counted = await tx.fetchval(
                    f'SELECT count(*) FROM "{row["child"]}" WHERE "{row["column"]}" IN '
                    f'(SELECT "{row["key"]}" FROM "{row["parent"]}" WHERE guild_id = $1)',
                    guild_id,
                )
                cascaded[row["child"]] = cascaded.get(row["child"], 0) + int(counted)
            await notify_guild_changed(tx, guild_id)  # delivered if, and when, this commits
            removed: dict[str, int] = {}
            for table in tables:
                status = await tx.execute(f'DELETE FROM "{table}" WHERE guild_id = $1', guild_id)
                removed[table] = int(str(status).rsplit(" ", 1)[-1])
            return {**removed, **cascaded}

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
