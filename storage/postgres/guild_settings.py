"""Per-guild settings with defaults, in PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from storage.models import GuildSettings
from storage.postgres.changes import notify_guild_changed
from storage.postgres.database import PostgresDatabase


class PostgresGuildSettings:
    def __init__(self, database: PostgresDatabase) -> None:
        self._db = database

    async def get(self, guild_id: int) -> GuildSettings:
        row = await self._db.fetch_one(
            "SELECT scheme_id, custom_scheme::text AS custom_scheme, updated_by, updated_at "
            "FROM guild_settings WHERE guild_id = $1",
            (guild_id,),
        )
        if row is None:
            return GuildSettings(guild_id=guild_id)
        custom = json.loads(row["custom_scheme"]) if row["custom_scheme"] else None
        return GuildSettings(
            guild_id=guild_id,
            scheme_id=row["scheme_id"],
            custom_scheme=custom,
            updated_by=row["updated_by"],
            updated_at=row["updated_at"],
        )

    async def set_scheme(
        self, guild_id: int, scheme_id: str, custom_scheme: dict[str, int] | None, *, actor_id: int
    ) -> GuildSettings:
        custom_json = json.dumps(custom_scheme, sort_keys=True) if custom_scheme else None
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO guild_settings (guild_id, scheme_id, custom_scheme, updated_by, "
                "updated_at) VALUES ($1, $2, $3::jsonb, $4, $5) "
                "ON CONFLICT (guild_id) DO UPDATE SET scheme_id = excluded.scheme_id, "
                "custom_scheme = excluded.custom_scheme, updated_by = excluded.updated_by, "
                "updated_at = excluded.updated_at",
                guild_id,
                scheme_id,
                custom_json,
                actor_id,
                datetime.now(UTC),
            )
            await notify_guild_changed(tx, guild_id)  # other processes drop their copy
        return await self.get(guild_id)
