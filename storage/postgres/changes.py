"""Cache coherence across processes: PostgreSQL LISTEN/NOTIFY.

Every change a cache depends on (a guild's tier scheme, a purged guild) sends
NOTIFY tierbot_guild_changed '<guild id>' inside its own transaction, so it is delivered
when, and only if, the change commits — by the bot, by another process, or by the CLI.

LISTEN needs its own connection: asyncpg runs UNLISTEN * when a pooled connection goes back
to the pool. A dropped listener is noticed late (asyncpg #519), so a watchdog pings it;
after any gap the whole cache is dropped, since notifications sent meanwhile are lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import asyncpg

from storage.database import StorageError
from storage.postgres.database import describe_connect_error
from storage.target import PostgresTarget

log = logging.getLogger(__name__)

CHANNEL = "tierbot_guild_changed"
NOTIFY_GUILD = f"SELECT pg_notify('{CHANNEL}', $1::text)"
PING_EVERY_SECONDS = 5.0
RECONNECT_AFTER_SECONDS = (0.5, 1.0, 2.0, 5.0, 10.0)


async def notify_guild_changed(connection: Any, guild_id: int) -> None:
    """Call inside the transaction that makes the change."""
    await connection.execute(NOTIFY_GUILD, str(guild_id))


class PostgresChanges:
    """Listens for changed guilds; `on_guild` forgets one guild, `on_reset` forgets all."""

    def __init__(self, target: PostgresTarget, *, ping_every: float = PING_EVERY_SECONDS) -> None:
        self._target = target
        self.ping_every = ping_every
        self._on_guild: Callable[[int], None] = lambda guild_id: None
        self._on_reset: Callable[[], None] = lambda: None
        self._connection: Any = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self.reconnects = 0

    async def start(self, on_guild: Callable[[int], None], on_reset: Callable[[], None]) -> None:
        self._on_guild, self._on_reset = on_guild, on_reset
        try:
            await self._connect()
        except Exception as exc:  # at start-up: one line, as for the pool
            raise StorageError(describe_connect_error(self._target, exc)) from None
        self._task = asyncio.create_task(self._watch(), name="tierbot-listen-watchdog")

    async def stop(self) -> None:
        # The watchdog ends between pings: cancelling a query in flight and then closing its
        # connection leaves asyncpg a future nobody reads ("unexpected connection_lost").
        self._stopping.set()
        task, self._task = self._task, None
        if task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(task), self.ping_every + 1)
            except TimeoutError:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self._disconnect()

    @property
    def listening(self) -> bool:
        return self._connection is not None and not self._connection.is_closed()

    async def _connect(self) -> None:
        connection = await asyncpg.connect(self._target.url, timeout=10)
        await connection.add_listener(CHANNEL, self._notified)
        self._connection = connection

    async def _disconnect(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and not connection.is_closed():
            with contextlib.suppress(Exception):
                await asyncio.wait_for(connection.close(), 5)

    def _notified(self, connection: Any, pid: int, channel: str, payload: str) -> None:
        try:
            guild_id = int(payload)
        except ValueError:
            log.warning("Ignoring a change notice that names no guild: %r", payload[:40])
            return
        self._on_guild(guild_id)

    async def _watch(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self._stopping.wait(), self.ping_every)
                return
            except TimeoutError:
                pass
            try:
                await asyncio.wait_for(self._connection.fetchval("SELECT 1"), self.ping_every)
                continue
            except (Exception, TimeoutError):
                log.warning(
                    "Lost the change-notice connection to PostgreSQL at %s; reconnecting",
                    self._target.where,
                )
            await self._disconnect()
            await self._reconnect()

    async def _reconnect(self) -> None:
        attempt = 0
        while not self._stopping.is_set():
            try:
                await self._connect()
            except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
                delay = RECONNECT_AFTER_SECONDS[min(attempt, len(RECONNECT_AFTER_SECONDS) - 1)]
                attempt += 1
                log.warning(
                    "Reconnecting to PostgreSQL failed (%s); again in %.1f s",
                    type(exc).__name__,
                    delay,
                )
                self._on_reset()  # keep serving from the database, not from a stale cache
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), delay)
                continue
            self.reconnects += 1
            # Whatever changed while nobody listened is unknown: forget everything.
            self._on_reset()
            log.info("Listening for changes again; the caches were dropped")
            return

    def drop_connection(self) -> None:
        """Cut the listening connection as a network failure would (the watchdog notices)."""
        if self._connection is not None:
            self._connection.terminate()
