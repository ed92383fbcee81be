"""Which guilds the bot is in, and since when it left the others, in PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from storage.models import GuildPresence
from storage.postgres.database import PostgresDatabase

_UPSERT_PRESENT = (
    "INSERT INTO guild_presence (guild_id, joined_at, left_at) VALUES ($1, $2, NULL) "
    "ON CONFLICT (guild_id) DO UPDATE SET left_at = NULL"
)
_UPSERT = (
    "INSERT INTO guild_presence (guild_id, joined_at, left_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (guild_id) DO UPDATE SET left_at = excluded.left_at"
)


class PostgresGuildPresence:
    def __init__(self, database: PostgresDatabase) -> None:
        self._db = database

    async def joined(self, guild_id: int) -> None:
        await self._db.pool.execute(_UPSERT_PRESENT, guild_id, datetime.now(UTC))

    async def mark_present(self, guild_ids: list[int]) -> None:
        now = datetime.now(UTC)
        async with self._db.transaction() as tx:
            await tx.executemany(_UPSERT_PRESENT, [(guild_id, now) for guild_id in guild_ids])

    async def record_changes(self, changes: Mapping[int, bool]) -> None:
        now = datetime.now(UTC)
        async with self._db.transaction() as tx:
            await tx.executemany(
                _UPSERT,
                [
                    (guild_id, now, None if present else now)
                    for guild_id, present in changes.items()
                ],
            )

    async def left(self, guild_id: int, *, at: datetime | None = None) -> None:
        when = at or datetime.now(UTC)
        await self._db.pool.execute(_UPSERT, guild_id, when, when)

    async def mark_absent_except(
        self, guild_ids: list[int], *, only: Callable[[int], bool] | None = None
    ) -> list[int]:
        """Guilds recorded as present but missing from `guild_ids` (READY's list) left while
        the bot was offline: record them as left now. `only` limits this to the guilds of
        this process's shards; the other processes reconcile their own."""
        async with self._db.transaction() as tx:
            rows = await tx.fetch(
                "SELECT guild_id FROM guild_presence WHERE left_at IS NULL "
                "AND NOT (guild_id = ANY($1::bigint[])) ORDER BY guild_id FOR UPDATE",
                guild_ids,
            )
            gone = [
                int(row["guild_id"]) for row in rows if only is None or only(int(row["guild_id"]))
            ]
            await tx.execute(
                "UPDATE guild_presence SET left_at = now() "
                "WHERE guild_id = ANY($1::bigint[]) AND left_at IS NULL",
                gone,
            )
        return gone

    async def get(self, guild_id: int) -> GuildPresence | None:
        row = await self._db.fetch_one(
            "SELECT guild_id, joined_at, left_at FROM guild_presence WHERE guild_id = $1",
            (guild_id,),
        )
        if row is None:
            return None
        return GuildPresence(
            guild_id=row["guild_id"], joined_at=row["joined_at"], left_at=row["left_at"]
        )

    async def left_before(self, cutoff: datetime) -> list[int]:
        rows = await self._db.fetch_all(
            "SELECT guild_id FROM guild_presence WHERE left_at IS NOT NULL AND left_at < $1 "
            "ORDER BY guild_id",
            (cutoff,),
        )
        return [int(row["guild_id"]) for row in rows]
