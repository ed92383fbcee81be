"""The hash of the last synced command payload, per application and scope, in PostgreSQL."""

from __future__ import annotations

from storage.postgres.database import PostgresDatabase


class PostgresCommandSync:
    def __init__(self, database: PostgresDatabase) -> None:
        self._db = database

    async def last_hash(self, application_id: int, scope: str) -> str | None:
        value = await self._db.fetch_value(
            "SELECT payload_hash FROM command_sync WHERE application_id = $1 AND scope = $2",
            (application_id, scope),
        )
        return None if value is None else str(value)

    async def record(self, application_id: int, scope: str, payload_hash: str) -> None:
        await self._db.pool.execute(
            "INSERT INTO command_sync (application_id, scope, payload_hash, synced_at) "
            "VALUES ($1, $2, $3, now()) ON CONFLICT (application_id, scope) DO UPDATE SET "
            "payload_hash = excluded.payload_hash, synced_at = excluded.synced_at",
            application_id,
            scope,
            payload_hash,
        )
