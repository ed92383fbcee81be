"""Deleting one guild's data: every table with a guild_id column, children by cascade."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from storage.database import Database
from storage.timestamps import to_iso

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
    return sum((await purge_guild_rows(database, guild_id)).values())


async def purge_guild_rows(database: Database, guild_id: int) -> dict[str, int]:
    """Like `purge_guild_data`, with the rows removed from each table, including the rows a
    cascade removes (a shortlist's entries), so an operator sees everything that went."""
    tables = await guild_scoped_tables(database)
    children = await _cascading_children(database, tables)
    async with database.transaction() as tx:
        removed: dict[str, int] = {}
        for child, column, parent, key in children:
            async with tx.execute(
                f'SELECT count(*) FROM "{child}" WHERE "{column}" IN '
                f'(SELECT "{key}" FROM "{parent}" WHERE guild_id = ?)',
                (guild_id,),
            ) as cursor:
                row = await cursor.fetchone()
            removed[child] = removed.get(child, 0) + (int(row[0]) if row else 0)
        return {**await _delete_rows_by_table(tx, tables, guild_id), **removed}


async def _cascading_children(
    database: Database, parents: list[str]
) -> list[tuple[str, str, str, str]]:
    """(child table, its column, parent table, parent column) for each ON DELETE CASCADE
    from a table outside `parents` into one of them."""
    tables = await database.fetch_all(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    found = []
    for row in tables:
        child = str(row["name"])
        if child in parents:
            continue
        for key in await database.fetch_all(f'PRAGMA foreign_key_list("{child}")'):
            if key["table"] in parents and str(key["on_delete"]).upper() == "CASCADE":
                found.append((child, str(key["from"]), str(key["table"]), str(key["to"])))
    return found


async def purge_departed_guild(database: Database, guild_id: int, cutoff: datetime) -> int | None:
    """Delete the guild's data if it is still recorded as having left before `cutoff`.

    Checked inside the deleting transaction, so a guild that added the bot back a moment ago
    keeps its data. The rows removed, or None when the guild is no longer due.
    """
    tables = await guild_scoped_tables(database)
    async with database.transaction() as tx:
        async with tx.execute(
            "SELECT 1 FROM guild_presence WHERE guild_id = ? AND left_at IS NOT NULL "
            "AND left_at < ?",
            (guild_id, to_iso(cutoff)),
        ) as cursor:
            due = await cursor.fetchone()
        if due is None:
            return None
        return await _delete_rows(tx, tables, guild_id)


async def _delete_rows(tx: aiosqlite.Connection, tables: list[str], guild_id: int) -> int:
    return sum((await _delete_rows_by_table(tx, tables, guild_id)).values())


async def _delete_rows_by_table(
    tx: aiosqlite.Connection, tables: list[str], guild_id: int
) -> dict[str, int]:
    removed: dict[str, int] = {}
    for table in tables:
        cursor = await tx.execute(f'DELETE FROM "{table}" WHERE guild_id = ?', (guild_id,))
        removed[table] = max(cursor.rowcount, 0)
    return removed
