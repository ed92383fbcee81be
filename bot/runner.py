"""Run the bot: the one code path shared by `tierbot run`, the playground and the tests."""

from __future__ import annotations

import logging

import discord.gateway
import discord.http
import yarl

from bot.client import TierBot
from bot.config import Settings
from bot.shutdown import StopRequest, run_until_stopped, signals_stop

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
    settings: Settings,
    *,
    handle_signals: bool = True,
    bot: TierBot | None = None,
    stop: StopRequest | None = None,
) -> None:
    """Start the bot and run until it stops or is asked to (SIGINT/SIGTERM, or `stop`)."""
    if settings.discord_token is None:
        raise MissingTokenError("DISCORD_TOKEN is not set")
    bot = bot or create_bot(settings)
    stop = stop or StopRequest()
    # What `async with bot` does on entry (discord.py's queues, bound to this loop); the exit
    # is `run_until_stopped`'s close, which a hung gateway cannot hold past its deadline.
    await bot.__aenter__()
    await bot.open_storage()
    token = settings.discord_token.get_secret_value()
    if handle_signals:
        with signals_stop(stop):
            await run_until_stopped(bot, token, stop)
    else:
        await run_until_stopped(bot, token, stop)
