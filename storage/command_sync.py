"""The hash of the last synced command payload, per application and scope."""

from __future__ import annotations

from storage.database import Database
from storage.timestamps import now_iso


class SqliteCommandSync:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def last_hash(self, application_id: int, scope: str) -> str | None:
        value = await self._db.fetch_value(
            "SELECT payload_hash FROM command_sync WHERE application_id = ? AND scope = ?",
            (application_id, scope),
        )
        return None if value is None else str(value)

    async def record(self, application_id: int, scope: str, payload_hash: str) -> None:
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO command_sync (application_id, scope, payload_hash, synced_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (application_id, scope) DO UPDATE SET "
                "payload_hash = excluded.payload_hash, synced_at = excluded.synced_at",
                (application_id, scope, payload_hash, now_iso()),
            )
