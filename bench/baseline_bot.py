"""The baselines: bare discord.py bots, no Tierbot code.

    DISCORD_TOKEN=... DISCORD_API_BASE=... DISCORD_GATEWAY_URL=... python -m bench.baseline_bot

The /ping bot: one slash command that replies with a small embed. With SAME_PAYLOADS=FILE
(written by bench/same_payload.py), the same-payload bot instead: it registers Tierbot's
command definitions as synced, and answers each command with exactly the reply Tierbot sent
for it (the same embeds, components and files, deferred when Tierbot deferred), built with
discord.py's own Embed, View and File. Against it, Tierbot's ratio is its own overhead.

Same intents and cache options as Tierbot and aimed at the emulator the same way
(Route.BASE and DiscordWebSocket.DEFAULT_GATEWAY); it syncs its one command at start-up
and logs "Ready as ..." like Tierbot, so the benchmark measures both with one yardstick.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import logging
import os
from pathlib import Path
from typing import Any

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


def command_path(data: dict[str, Any]) -> str:
    """ "shortlist show": the command's name and its subcommand (group) names."""
    names = [str(data["name"])]
    options = data.get("options") or []
    while options and options[0].get("type") in (1, 2):  # subcommand, subcommand group
        names.append(str(options[0]["name"]))
        options = options[0].get("options") or []
    return " ".join(names)


def _view(rows: list[dict[str, Any]]) -> discord.ui.View | None:
    """A View holding the same buttons and selects, row by row."""
    if not rows:
        return None
    view = discord.ui.View(timeout=None)
    for row_index, row in enumerate(rows):
        for component in row.get("components") or []:
            item: discord.ui.Item[discord.ui.View]
            emoji = component.get("emoji")
            if component["type"] == 2:
                style = discord.ButtonStyle(component.get("style", 2))
                item = discord.ui.Button(
                    style=style,
                    label=component.get("label"),
                    custom_id=None if style is discord.ButtonStyle.link else component["custom_id"],
                    url=component.get("url"),
                    disabled=component.get("disabled", False),
                    emoji=None if emoji is None else discord.PartialEmoji.from_dict(emoji),
                    row=row_index,
                )
            else:
                item = discord.ui.Select(
                    custom_id=component["custom_id"],
                    placeholder=component.get("placeholder"),
                    min_values=component.get("min_values", 1),
                    max_values=component.get("max_values", 1),
                    disabled=component.get("disabled", False),
                    options=[
                        discord.SelectOption(
                            label=option["label"],
                            value=option["value"],
                            description=option.get("description"),
                            default=option.get("default", False),
                        )
                        for option in component.get("options") or []
                    ],
                    row=row_index,
                )
            view.add_item(item)
    return view


class SamePayloadBot(discord.Client):
    """Answers every command with the reply Tierbot sent for it, through discord.py."""

    def __init__(self, payloads: dict[str, Any], **options: Any) -> None:
        super().__init__(**options)
        self.definitions: list[dict[str, Any]] = payloads["commands"]
        self.replies: dict[str, dict[str, Any]] = payloads["replies"]

    async def setup_hook(self) -> None:
        assert self.application_id is not None
        await self.http.bulk_upsert_global_commands(self.application_id, self.definitions)

    async def on_ready(self) -> None:
        log.info("Ready as %s in %d guilds", self.user, len(self.guilds))

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.application_command:
            return
        reply = self.replies.get(command_path(interaction.data or {}))  # type: ignore[arg-type]
        if reply is None:
            await interaction.response.send_message("No captured reply.", ephemeral=True)
            return
        # Rebuilt on every interaction, as a bot builds its reply: Embed, View and File
        # objects are what discord.py encodes, and encoding them is the cost compared.
        message = reply["message"]
        body = message["body"]
        ephemeral = bool((body.get("flags") or 0) & 64)
        kwargs: dict[str, Any] = {
            "content": body.get("content") or None,
            "embeds": [discord.Embed.from_dict(embed) for embed in body.get("embeds") or []],
            "files": [
                discord.File(io.BytesIO(base64.b64decode(file["data"])), file["filename"])
                for file in message["files"]
            ],
            "ephemeral": ephemeral,
        }
        view = _view(body.get("components") or [])
        if view is not None:
            kwargs["view"] = view
        if reply["deferred"]:
            await interaction.response.defer(thinking=True, ephemeral=ephemeral)
            await interaction.followup.send(**kwargs)
        else:
            await interaction.response.send_message(**kwargs)


def create_same_payload_bot(payloads: dict[str, Any], guild_ready_timeout: float) -> SamePayloadBot:
    intents = discord.Intents.none()
    intents.guilds = True
    return SamePayloadBot(
        payloads,
        intents=intents,
        allowed_mentions=discord.AllowedMentions.none(),
        chunk_guilds_at_startup=False,
        member_cache_flags=discord.MemberCacheFlags.none(),
        max_messages=None,
        guild_ready_timeout=guild_ready_timeout,
    )


async def run(payloads: dict[str, Any] | None) -> None:
    discord.http.Route.BASE = os.environ["DISCORD_API_BASE"].rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["DISCORD_GATEWAY_URL"])
    ready_timeout = float(os.environ.get("GUILD_READY_TIMEOUT", "2.0"))
    bot: discord.Client = (
        create_same_payload_bot(payloads, ready_timeout)
        if payloads is not None
        else create_bot(ready_timeout)
    )
    async with bot:
        await bot.start(os.environ["DISCORD_TOKEN"])


def main() -> None:
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)-8s %(name)s: %(message)s",
    )
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False
    path = os.environ.get("SAME_PAYLOADS")
    asyncio.run(run(json.loads(Path(path).read_text()) if path else None))


if __name__ == "__main__":
    main()
