"""Cached creator lookups and API quota units in PostgreSQL, shared by every server."""

from __future__ import annotations

from datetime import date, datetime

from storage.postgres.database import PostgresDatabase


class PostgresLookupCache:
    def __init__(self, database: PostgresDatabase) -> None:
        self._db = database

    async def get(self, platform: str, handle_key: str) -> tuple[str, datetime] | None:
        row = await self._db.fetch_one(
            "SELECT figures::text AS figures, fetched_at FROM lookup_cache "
            "WHERE platform = $1 AND handle_key = $2",
            (platform, handle_key),
        )
        if row is None:
            return None
        return str(row["figures"]), row["fetched_at"]

    async def put(
        self, platform: str, handle_key: str, figures_json: str, fetched_at: datetime
    ) -> None:
        await self._db.pool.execute(
            "INSERT INTO lookup_cache (platform, handle_key, figures, fetched_at) "
            "VALUES ($1, $2, $3::jsonb, $4) ON CONFLICT (platform, handle_key) DO UPDATE SET "
            "figures = excluded.figures, fetched_at = excluded.fetched_at",
            platform,
            handle_key,
            figures_json,
            fetched_at,
        )

    async def forget_before(self, cutoff: datetime) -> int:
        status = await self._db.pool.execute(
            "DELETE FROM lookup_cache WHERE fetched_at < $1", cutoff
        )
        return int(str(status).rsplit(" ", 1)[-1])

    async def units_spent(self, api: str, day: date) -> int:
        value = await self._db.fetch_value(
            "SELECT units FROM api_quota_usage WHERE api = $1 AND quota_day = $2", (api, day)
        )
        return int(value) if value is not None else 0

    async def spend_units(self, api: str, day: date, units: int, limit: int) -> bool:
        """Add `units` if the day's total stays within `limit`; one statement, so two
        processes racing for the last units cannot both get them (the upsert locks the row)."""
        row = await self._db.fetch_one(
            "INSERT INTO api_quota_usage (api, quota_day, units) "
            "SELECT $1::text, $2::date, $3::integer WHERE $3::integer <= $4::integer "
            "ON CONFLICT (api, quota_day) DO UPDATE SET units = api_quota_usage.units + "
            "excluded.units WHERE api_quota_usage.units + excluded.units <= $4::integer "
            "RETURNING units",
            (api, day, units, limit),
        )
        return row is not None

    async def return_units(self, api: str, day: date, units: int) -> None:
        """Give back units reserved for calls that were never made (never below zero)."""
        await self._db.pool.execute(
            "UPDATE api_quota_usage SET units = GREATEST(0, units - $3::integer) "
            "WHERE api = $1 AND quota_day = $2",
            api,
            day,
            units,
        )
