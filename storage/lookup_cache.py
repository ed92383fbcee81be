"""Cached creator lookups and API quota units, shared by every server (no guild stored)."""

from __future__ import annotations

from datetime import date, datetime

from storage.database import Database
from storage.timestamps import parse_iso, to_iso


class SqliteLookupCache:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def get(self, platform: str, handle_key: str) -> tuple[str, datetime] | None:
        """(figures JSON, fetched at) for the newest lookup of this account, if any."""
        row = await self._db.fetch_one(
            "SELECT figures, fetched_at FROM lookup_cache WHERE platform = ? AND handle_key = ?",
            (platform, handle_key),
        )
        if row is None:
            return None
        fetched_at = parse_iso(row["fetched_at"])
        assert fetched_at is not None
        return row["figures"], fetched_at

    async def put(
        self, platform: str, handle_key: str, figures_json: str, fetched_at: datetime
    ) -> None:
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO lookup_cache (platform, handle_key, figures, fetched_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (platform, handle_key) DO UPDATE SET "
                "figures = excluded.figures, fetched_at = excluded.fetched_at",
                (platform, handle_key, figures_json, to_iso(fetched_at)),
            )

    async def forget_before(self, cutoff: datetime) -> int:
        """Drop lookups older than `cutoff`; how many went."""
        async with self._db.transaction() as tx:
            cursor = await tx.execute(
                "DELETE FROM lookup_cache WHERE fetched_at < ?", (to_iso(cutoff),)
            )
            return cursor.rowcount

    async def units_spent(self, api: str, day: date) -> int:
        value = await self._db.fetch_value(
            "SELECT units FROM api_quota_usage WHERE api = ? AND quota_day = ?",
            (api, day.isoformat()),
        )
        return int(value) if value is not None else 0

    async def spend_units(self, api: str, day: date, units: int, limit: int) -> bool:
        """Add `units` if the day's total stays within `limit`; False (nothing added) if not.
        One statement, so two lookups racing for the last units can't both get them."""
        async with self._db.transaction() as tx:
            cursor = await tx.execute(
                "INSERT INTO api_quota_usage (api, quota_day, units) SELECT ?, ?, ? "
                "WHERE ? <= ? "
                "ON CONFLICT (api, quota_day) DO UPDATE SET units = units + excluded.units "
                "WHERE api_quota_usage.units + excluded.units <= ?",
                (api, day.isoformat(), units, units, limit, limit),
            )
            return cursor.rowcount == 1

    async def return_units(self, api: str, day: date, units: int) -> None:
        """Give back units reserved for calls that were never made (never below zero)."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE api_quota_usage SET units = MAX(0, units - ?) "
                "WHERE api = ? AND quota_day = ?",
                (units, api, day.isoformat()),
            )
