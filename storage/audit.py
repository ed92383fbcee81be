"""The shortlist audit trail: written inside the change's own transaction, read newest first."""

from __future__ import annotations

import sqlite3

import aiosqlite

from bot.domain.shortlist import list_name_key
from storage.database import Database
from storage.models import AuditAction, AuditRecord
from storage.timestamps import parse_iso

MAX_DETAIL = 300

_COLUMNS = "id, guild_id, list_id, list_name, actor_id, action, detail, created_at"


async def record(
    tx: aiosqlite.Connection,
    *,
    guild_id: int,
    list_id: int,
    list_name: str,
    actor_id: int,
    action: AuditAction,
    detail: str,
    at: str,
) -> None:
    """Add one audit row; call it inside the transaction that makes the change."""
    if len(detail) > MAX_DETAIL:
        detail = detail[: MAX_DETAIL - 1] + "…"
    await tx.execute(
        "INSERT INTO shortlist_audit (guild_id, list_id, list_name, list_key, actor_id, action, "
        "detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (guild_id, list_id, list_name, list_name_key(list_name), actor_id, action, detail, at),
    )


def _record(row: sqlite3.Row) -> AuditRecord:
    created_at = parse_iso(row["created_at"])
    assert created_at is not None
    return AuditRecord(
        id=row["id"],
        guild_id=row["guild_id"],
        list_id=row["list_id"],
        list_name=row["list_name"],
        actor_id=row["actor_id"],
        action=row["action"],
        detail=row["detail"],
        created_at=created_at,
    )


async def list_history(
    database: Database, guild_id: int, list_id: int, limit: int
) -> list[AuditRecord]:
    """The newest `limit` changes of one list, newest first."""
    rows = await database.fetch_all(
        f"SELECT {_COLUMNS} FROM shortlist_audit WHERE list_id = ? AND guild_id = ? "
        "ORDER BY id DESC LIMIT ?",
        (list_id, guild_id, limit),
    )
    return [_record(row) for row in rows]


async def deleted_list_history(
    database: Database, guild_id: int, name: str, limit: int
) -> list[AuditRecord]:
    """The trail of the most recently deleted list that had this name when it was deleted."""
    list_id = await database.fetch_value(
        "SELECT list_id FROM shortlist_audit WHERE guild_id = ? AND list_key = ? "
        "AND action = 'delete' ORDER BY id DESC LIMIT 1",
        (guild_id, list_name_key(name)),
    )
    if list_id is None:
        return []
    return await list_history(database, guild_id, int(list_id), limit)
