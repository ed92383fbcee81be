"""Guild joins and leaves, written in batches in the order they happened.

A bot added to many servers at once (or a gateway replaying GUILD_CREATEs) would otherwise
start one write per guild, all queued at once on the write lock. Here the latest state of
each guild waits in one ordered map and a single writer task saves each batch in one
transaction; a later event for the same guild replaces the earlier one, so order is kept.
"""

from __future__ import annotations

import asyncio
import logging

from storage.protocols import GuildPresenceRepository

log = logging.getLogger(__name__)


class PresenceJournal:
    def __init__(self, repository: GuildPresenceRepository) -> None:
        self._repository = repository
        self._pending: dict[int, bool] = {}
        self._writer: asyncio.Task[None] | None = None

    def record(self, guild_id: int, *, present: bool) -> None:
        self._pending.pop(guild_id, None)  # re-inserted last: the newest event wins
        self._pending[guild_id] = present
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(
                self._write(), name="presence-journal"
            )

    async def _write(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, {}
            try:
                await self._repository.record_changes(batch)
            except Exception:
                # READY reconciles membership at the next start, so a lost batch heals.
                log.exception("Could not record %d guild joins/leaves", len(batch))

    async def flush(self) -> None:
        """Until everything recorded so far is written (shutdown, tests)."""
        while self._writer is not None and not self._writer.done():
            await asyncio.shield(self._writer)
