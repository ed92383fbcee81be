"""Deleting the data of servers that removed the bot, after a grace period.

When the bot is removed from a server (GUILD_DELETE, or missing from READY after time
offline), the server is recorded as having left. Its data is kept for
GUILD_DATA_RETENTION_DAYS in case the bot is added back (which cancels the deletion);
after that a periodic purge deletes every row of the server and forgets its cached scheme.
`tierbot db purge-guild ID` deletes a server's data at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta

from bot.guild_schemes import GuildSchemes
from storage.store import Storage

log = logging.getLogger(__name__)

PURGE_EVERY = timedelta(hours=6)
_ROUND_GRACE_SECONDS = 5.0


class GuildDataRetention:
    """Runs the purge once when started, then every `every`, until stopped."""

    def __init__(
        self,
        storage: Storage,
        schemes: GuildSchemes,
        *,
        retention_days: int,
        every: timedelta = PURGE_EVERY,
    ) -> None:
        self._storage = storage
        self._schemes = schemes
        self.retention = timedelta(days=retention_days)
        self.every = every
        self._task: asyncio.Task[None] | None = None
        self._round: asyncio.Future[list[int]] | None = None

    async def purge_once(self, now: datetime | None = None) -> list[int]:
        """Delete the data of every guild that left more than the retention period before
        `now`; the guilds whose data was deleted."""
        cutoff = (now or datetime.now(UTC)) - self.retention
        # One process at a time across the deployment; the others skip the round.
        async with self._storage.jobs.exclusively("retention") as mine:
            return await self._purge_due(cutoff) if mine else []

    async def _purge_due(self, cutoff: datetime) -> list[int]:
        purged: list[int] = []
        for guild_id in await self._storage.presence.left_before(cutoff):
            removed = await self._storage.purge.purge_departed(guild_id, cutoff)
            if removed is None:  # added back since the list was read
                continue
            self._schemes.forget(guild_id)
            purged.append(guild_id)
            log.info(
                "Deleted the data of guild %s (%d rows): it removed the bot over %d days ago",
                guild_id,
                removed,
                self.retention.days,
            )
        return purged

    def start(self) -> None:
        """Start the periodic purge (again after a reconnect is a no-op)."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="guild-data-retention")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            if self._round is not None:
                # Let a round in progress finish (a few short transactions): cancelling a
                # query mid-flight leaves asyncpg cancelling it while its pool closes.
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(asyncio.shield(self._round), _ROUND_GRACE_SECONDS)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while True:
            try:
                self._round = asyncio.ensure_future(self.purge_once())
                await asyncio.shield(self._round)
            except Exception:  # the next round tries again; the bot keeps serving meanwhile
                log.exception("The periodic purge of departed guilds' data failed")
            finally:
                self._round = None
            await asyncio.sleep(self.every.total_seconds())
