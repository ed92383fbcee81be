"""The baseline: a bare discord.py bot with one slash command that replies with a small embed.

    DISCORD_TOKEN=... DISCORD_API_BASE=... DISCORD_GATEWAY_URL=... python -m bench.baseline_bot

Same intents and cache options as Tierbot and aimed at the emulator the same way
(Route.BASE and DiscordWebSocket.DEFAULT_GATEWAY); it syncs its one command at start-up
and logs "Ready as ..." like Tierbot, so the benchmark measures both with one yardstick.
"""

from __future__ import annotations

import asyncio
import logging
import os

import discord
import discord.gateway
import discord.http
import yarl
from discord.ext import commands

log = logging.getLogger("baseline")


class BaselineBot(commands.Bot):
    async def setup_hook(self) -> None:
        await self.tree.sync()

    async def on_ready(self) -> None:
        log.info("Ready as %s in %d guilds", self.user, len(self.guilds))


def create_bot(guild_ready_timeout: float) -> BaselineBot:
    intents = discord.Intents.none()
    intents.guilds = True
    bot = BaselineBot(
        command_prefix=commands.when_mentioned,
        intents=intents,
        help_command=None,
        allowed_mentions=discord.AllowedMentions.none(),
        chunk_guilds_at_startup=False,
        member_cache_flags=discord.MemberCacheFlags.none(),
        max_messages=None,
        guild_ready_timeout=guild_ready_timeout,
    )

    @bot.tree.command(name="ping", description="Replies with a small embed.")
    async def ping(interaction: discord.Interaction) -> None:
        embed = discord.Embed(title="Pong", description="The baseline bot is up.", colour=0x5865F2)
        embed.add_field(name="Latency", value="fine")
        await interaction.response.send_message(embed=embed)

    return bot


async def run() -> None:
    discord.http.Route.BASE = os.environ["DISCORD_API_BASE"].rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["DISCORD_GATEWAY_URL"])
    bot = create_bot(float(os.environ.get("GUILD_READY_TIMEOUT", "2.0")))
    async with bot:
        await bot.start(os.environ["DISCORD_TOKEN"])


def main() -> None:
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)-8s %(name)s: %(message)s",
    )
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False
    asyncio.run(run())


if __name__ == "__main__":
    main()
