"""Per-guild settings with defaults."""

from __future__ import annotations

import json

from storage.database import Database
from storage.models import GuildSettings
from storage.timestamps import now_iso, parse_iso


class SqliteGuildSettings:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def get(self, guild_id: int) -> GuildSettings:
        row = await self._db.fetch_one(
            "SELECT scheme_id, custom_scheme, updated_by, updated_at "
            "FROM guild_settings WHERE guild_id = ?",
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
            updated_at=parse_iso(row["updated_at"]),
        )

    async def set_scheme(
        self, guild_id: int, scheme_id: str, custom_scheme: dict[str, int] | None, *, actor_id: int
    ) -> GuildSettings:
        custom_json = json.dumps(custom_scheme, sort_keys=True) if custom_scheme else None
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO guild_settings (guild_id, scheme_id, custom_scheme, updated_by, "
                "updated_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (guild_id) DO UPDATE SET scheme_id = excluded.scheme_id, "
                "custom_scheme = excluded.custom_scheme, updated_by = excluded.updated_by, "
                "updated_at = excluded.updated_at",
                (guild_id, scheme_id, custom_json, actor_id, now_iso()),
            )
        return await self.get(guild_id)
