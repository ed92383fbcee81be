"""/help: every command with one line each, grouped by feature."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.render.help import HelpGroup, help_embed

if TYPE_CHECKING:
    from bot.client import TierBot

# Feature order in /help; a cog sets `help_title` to appear under its own heading.
_ORDER = ("Tier knowledge", "Classify creators", "Plan a mix", "Shortlists", "Campaigns", "Help")


def command_groups(bot: TierBot) -> list[HelpGroup]:
    groups: list[HelpGroup] = []
    for cog in bot.cogs.values():
        lines = tuple(
            (command.qualified_name, command.description)
            for command in cog.walk_app_commands()
            if isinstance(command, app_commands.Command)
        )
        if lines:
            groups.append(HelpGroup(getattr(cog, "help_title", cog.qualified_name), lines))
    groups.sort(key=lambda group: _ORDER.index(group.title) if group.title in _ORDER else 99)
    return groups


class Help(commands.Cog):
    help_title = "Help"

    def __init__(self, bot: TierBot) -> None:
        self.bot = bot
        # The embed only changes when cogs are loaded or unloaded: built once per set of cogs,
        # not on every /help (the benchmark showed it as work repeated per request).
        self._embed: tuple[tuple[str, ...], discord.Embed] | None = None

    def _help_embed(self) -> discord.Embed:
        loaded = tuple(self.bot.cogs)
        if self._embed is None or self._embed[0] != loaded:
            self._embed = (loaded, help_embed(command_groups(self.bot)))
        return self._embed[1]

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction[TierBot]) -> None:
        """Every Tierbot command, with one line on what it does."""
        await interaction.response.send_message(embed=self._help_embed())


async def setup(bot: TierBot) -> None:
    await bot.add_cog(Help(bot))
