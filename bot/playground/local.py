"""The emulator and the real bot in one process: used by the playground and the e2e tests.

The bot starts through `run_bot`, the same code path as `tierbot run`; only the endpoints
differ (DISCORD_API_BASE and DISCORD_GATEWAY_URL point at the emulator).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from bot.client import TierBot
from bot.config import Settings
from bot.playground.emulator import Emulator
from bot.runner import create_bot, run_bot
from bot.shutdown import StopRequest

log = logging.getLogger(__name__)


def settings_for(emulator: Emulator, database_path: Path, **overrides: object) -> Settings:
    """Settings that aim the bot at the emulator, with gateway timeouts short enough for tests."""
    values: dict[str, object] = {
        "discord_token": emulator.token,
        "database_path": database_path,
        "discord_api_base": emulator.rest_url,
        "discord_gateway_url": emulator.gateway_url,
        "guild_ready_timeout": 0.05,
        "dev_guild_id": None,
        "log_level": "INFO",
    }
    values.update(overrides)
    # Explicit values win over the environment and .env, so a developer's own settings
    # never leak into a local run.
    return Settings.model_validate({**values, "_env_file": None})


@dataclass(eq=False)
class LocalBot:
    """One bot process-in-a-task connected to an emulator."""

    emulator: Emulator
    settings: Settings
    bot: TierBot | None = None
    _task: asyncio.Task[None] | None = None
    _stop: StopRequest | None = None
    extensions: tuple[str, ...] | None = None  # None: the bot's own list
    starts: int = 0

    async def start(self, timeout: float = 15.0) -> TierBot:
        bot = create_bot(self.settings, extensions=self.extensions)
        self.bot = bot
        identifies_before = self.emulator.gateway.identifies
        self._stop = StopRequest()
        self._task = asyncio.create_task(
            run_bot(self.settings, handle_signals=False, bot=bot, stop=self._stop)
        )
        self.starts += 1
        async with asyncio.timeout(timeout):
            # startup_done: READY handled (presence reconciled), commands synced before it.
            while (
                self.emulator.gateway.identifies == identifies_before
                or not bot.startup_done.is_set()
            ):
                if self._task.done():
                    self._task.result()  # re-raise why the bot stopped
                    raise RuntimeError("the bot stopped before it was ready")
                await asyncio.sleep(0.01)
        return bot

    async def stop(self) -> None:
        """What SIGTERM does to `tierbot run`."""
        if self._stop is not None:
            self._stop.set("Stop requested")
        elif self.bot is not None:
            await self.bot.close()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self.bot = None
        self._task = None
        self._stop = None

    async def restart(self) -> TierBot:
        await self.stop()
        return await self.start()


@contextlib.asynccontextmanager
async def local_bot(
    database_path: Path, *, emulator: Emulator | None = None, **overrides: object
) -> AsyncIterator[LocalBot]:
    """Start an emulator (unless given) and the bot; stop both on exit."""
    owns_emulator = emulator is None
    emulator = emulator or Emulator()
    if owns_emulator:
        await emulator.start()
    local = LocalBot(emulator, settings_for(emulator, database_path, **overrides))
    try:
        await local.start()
        yield local
    finally:
        await local.stop()
        if owns_emulator:
            await emulator.stop()
