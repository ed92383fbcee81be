"""Deleting one guild's data: every table with a guild_id column, children by cascade."""

from __future__ import annotations

from storage.database import Database

# Tables kept for the bot itself, not for a guild's team.
_NOT_GUILD_DATA = frozenset({"schema_migrations", "command_sync"})


async def guild_scoped_tables(database: Database) -> list[str]:
    tables = await database.fetch_all(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    scoped = []
    for row in tables:
        name = str(row["name"])
        if name in _NOT_GUILD_DATA:
            continue
        columns = await database.fetch_all(f'PRAGMA table_info("{name}")')
        if any(column["name"] == "guild_id" for column in columns):
            scoped.append(name)
    return scoped


async def purge_guild_data(database: Database, guild_id: int) -> int:
    """Delete the guild's rows from every guild-scoped table in one transaction."""
    tables = await guild_scoped_tables(database)
    removed = 0
    async with database.transaction() as tx:
        for table in tables:
            cursor = await tx.execute(f'DELETE FROM "{table}" WHERE guild_id = ?', (guild_id,))
            removed += max(cursor.rowcount, 0)
    return removed
