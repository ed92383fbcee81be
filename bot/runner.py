"""Run the bot: the one code path shared by `tierbot run`, the playground and the tests."""

from __future__ import annotations

import asyncio
import logging
import signal
from contextlib import suppress

import discord.gateway
import discord.http
import yarl

from bot.client import TierBot
from bot.config import Settings

log = logging.getLogger(__name__)


class MissingTokenError(Exception):
    pass


def point_at_discord(settings: Settings) -> None:
    """Aim discord.py's REST and gateway at the configured endpoints (a proxy or the emulator).

    Route.BASE covers REST, interaction callbacks and webhooks; a plain Bot never asks
    GET /gateway/bot, so the gateway URL is the class default.
    """
    discord.http.Route.BASE = settings.discord_api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def create_bot(settings: Settings, *, extensions: tuple[str, ...] | None = None) -> TierBot:
    point_at_discord(settings)
    return TierBot(settings, extensions=extensions)


async def run_bot(
    settings: Settings, *, handle_signals: bool = True, bot: TierBot | None = None
) -> None:
    """Start the bot and run until it is closed (SIGINT/SIGTERM close it cleanly)."""
    if settings.discord_token is None:
        raise MissingTokenError("DISCORD_TOKEN is not set")
    bot = bot or create_bot(settings)
    loop = asyncio.get_running_loop()
    stopping: list[asyncio.Task[None]] = []

    def request_stop(signame: str) -> None:
        if not stopping:
            log.info("%s received: closing the gateway and the database", signame)
            stopping.append(loop.create_task(bot.close()))

    if handle_signals:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, request_stop, sig.name)
    try:
        async with bot:
            await bot.start(settings.discord_token.get_secret_value(), reconnect=True)
    finally:
        if handle_signals:
            for sig in (signal.SIGINT, signal.SIGTERM):
                with suppress(Exception):
                    loop.remove_signal_handler(sig)
        for task in stopping:
            await task
