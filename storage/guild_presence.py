"""Which guilds the bot is in, and since when it left the others."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from storage.database import Database
from storage.models import GuildPresence
from storage.timestamps import now_iso, parse_iso, to_iso


class SqliteGuildPresence:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def joined(self, guild_id: int) -> None:
        """Record that the bot is in the guild; coming back cancels a pending deletion."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO guild_presence (guild_id, joined_at, left_at) VALUES (?, ?, NULL) "
                "ON CONFLICT (guild_id) DO UPDATE SET left_at = NULL",
                (guild_id, now_iso()),
            )

    async def mark_present(self, guild_ids: list[int]) -> None:
        """Everything the gateway says the bot is in, in one transaction (READY can list many)."""
        now = now_iso()
        async with self._db.transaction() as tx:
            await tx.executemany(
                "INSERT INTO guild_presence (guild_id, joined_at, left_at) VALUES (?, ?, NULL) "
                "ON CONFLICT (guild_id) DO UPDATE SET left_at = NULL",
                [(guild_id, now) for guild_id in guild_ids],
            )

    async def record_changes(self, changes: Mapping[int, bool]) -> None:
        """Joins (True) and leaves (False) in one transaction: a burst of GUILD_CREATEs costs
        one write, not one each."""
        now = now_iso()
        async with self._db.transaction() as tx:
            await tx.executemany(
                "INSERT INTO guild_presence (guild_id, joined_at, left_at) VALUES (?, ?, ?) "
                "ON CONFLICT (guild_id) DO UPDATE SET left_at = excluded.left_at",
                [
                    (guild_id, now, None if present else now)
                    for guild_id, present in changes.items()
                ],
            )

    async def left(self, guild_id: int, *, at: datetime | None = None) -> None:
        """Record that the bot left the guild (now, or `at`); its data is kept for the grace
        period, then deleted unless the bot is added back."""
        when = now_iso() if at is None else to_iso(at)
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO guild_presence (guild_id, joined_at, left_at) VALUES (?, ?, ?) "
                "ON CONFLICT (guild_id) DO UPDATE SET left_at = excluded.left_at",
                (guild_id, when, when),
            )

    async def mark_absent_except(
        self, guild_ids: list[int], *, only: Callable[[int], bool] | None = None
    ) -> list[int]:
        """Every guild recorded as present but missing from `guild_ids` (what READY lists)
        left while the bot was offline: record it as left now. Returns those guilds.

        One shard's READY lists only that shard's guilds: a process serving some shards
        passes `only` (is this guild on my shards?) so the others' guilds are left alone.
        """
        now = now_iso()
        async with self._db.transaction() as tx:
            async with tx.execute(
                "SELECT guild_id FROM guild_presence WHERE left_at IS NULL ORDER BY guild_id"
            ) as cursor:
                recorded = [int(row[0]) for row in await cursor.fetchall()]
            present = set(guild_ids)
            gone = [
                guild_id
                for guild_id in recorded
                if guild_id not in present and (only is None or only(guild_id))
            ]
            await tx.executemany(
                "UPDATE guild_presence SET left_at = ? WHERE guild_id = ? AND left_at IS NULL",
                [(now, guild_id) for guild_id in gone],
            )
        return gone

    async def get(self, guild_id: int) -> GuildPresence | None:
        row = await self._db.fetch_one(
            "SELECT guild_id, joined_at, left_at FROM guild_presence WHERE guild_id = ?",
            (guild_id,),
        )
        if row is None:
            return None
        joined_at = parse_iso(row["joined_at"])
        assert joined_at is not None
        return GuildPresence(
            guild_id=row["guild_id"], joined_at=joined_at, left_at=parse_iso(row["left_at"])
        )

    async def left_before(self, cutoff: datetime) -> list[int]:
        rows = await self._db.fetch_all(
            "SELECT guild_id FROM guild_presence WHERE left_at IS NOT NULL AND left_at < ? "
            "ORDER BY guild_id",
            (to_iso(cutoff),),
        )
        return [int(row["guild_id"]) for row in rows]
