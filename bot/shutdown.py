"""Run the bot until it stops or is asked to stop, and stop it in time whatever it is doing.

discord.py's `close()` alone does not stop `tierbot run`: `AutoShardedClient.launch_shard`
retries a gateway it cannot reach forever without looking at `is_closed()`, and log-in
retries 5xx answers for 25 s. So `bot.start()` runs as a task of its own; a stop request
cancels that task (which ends every retry loop inside it), then closes the bot, which lets
the commands already running finish their replies and writes before the gateway, the HTTP
session and the database close.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Coroutine, Iterator
from typing import Any, Protocol

log = logging.getLogger(__name__)

# The stop must end well within the 5 s a service manager is told to wait
# (deploy/tierbot.service TimeoutStopSec=15 leaves room for a slow disk).
STOP_DEADLINE_SECONDS = 4.5

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Closable(Protocol):
    async def start(self, token: str, *, reconnect: bool = True) -> None: ...

    async def close(self) -> None: ...


class StopRequest:
    """Set by a signal (or a test); remembers what asked first."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.reason: str | None = None

    def set(self, reason: str) -> None:
        if self.reason is None:
            self.reason = reason
            log.info("%s: closing the gateway and the database", reason)
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    async def wait(self) -> None:
        await self._event.wait()


@contextlib.contextmanager
def signals_stop(request: StopRequest) -> Iterator[None]:
    """SIGINT and SIGTERM set `request` while the block runs."""
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, request.set, f"{sig.name} received")
    try:
        yield
    finally:
        for sig in STOP_SIGNALS:
            with contextlib.suppress(Exception):
                loop.remove_signal_handler(sig)


async def run_until_stopped(
    bot: Closable, token: str, request: StopRequest, *, deadline: float = STOP_DEADLINE_SECONDS
) -> None:
    """Run `bot.start(token)` until it ends (its error is raised) or `request` is set."""
    starting = asyncio.create_task(bot.start(token, reconnect=True), name="tierbot-start")
    asked = asyncio.create_task(request.wait(), name="tierbot-stop-request")
    try:
        await asyncio.wait({starting, asked}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        asked.cancel()
    if not request.is_set():
        await bot.close()
        starting.result()  # why it stopped by itself: a refused token, an outage, a bug
        return
    # Logging in, connecting, retrying, resuming or syncing: all of it lives in this task.
    # discord.py swallows a cancel that lands in a shard's RESUME; close() ends it then.
    deadline_at = asyncio.get_running_loop().time() + deadline
    starting.cancel()
    await _wait_until(starting, deadline_at, share=0.1)
    closing = asyncio.create_task(bot.close(), name="tierbot-close")
    if not await _wait_until(closing, deadline_at):
        log.warning("Shutdown took longer than %.1f s; stopping without waiting more", deadline)
    for task in (closing, starting):
        if not task.done():
            task.cancel()
            await _wait_until(task, asyncio.get_running_loop().time() + 0.2)
    if starting.done() and not starting.cancelled():
        starting.exception()  # an error while being stopped: retrieved, not worth a line
    if closing.done() and not closing.cancelled():
        closing.result()  # an error in close() itself is a bug: reported


async def _wait_until(task: asyncio.Task[None], deadline_at: float, share: float = 1.0) -> bool:
    """Wait for `task` until `share` of the time left to `deadline_at` is spent; True if done.
    What a cancelled task raised while ending no longer matters."""
    left = max(0.0, deadline_at - asyncio.get_running_loop().time()) * share
    done, _ = await asyncio.wait({task}, timeout=left)
    return bool(done)


# A gateway that never answers the close frame would hold aiohttp for 30 s.
GATEWAY_CLOSE_SECONDS = 1.0


async def close_gateway(closing: Coroutine[Any, Any, None]) -> None:
    """discord.py's own close (shards, gateway, HTTP session), given at most a second: the
    database still has to close after it."""
    task = asyncio.ensure_future(closing)
    done, _ = await asyncio.wait({task}, timeout=GATEWAY_CLOSE_SECONDS)
    if not done:
        log.info("The gateway did not confirm the close within %.0f s", GATEWAY_CLOSE_SECONDS)
