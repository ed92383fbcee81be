"""A test-only cog whose command fails in the ways real commands can."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import InvalidOption


class Failing(commands.Cog):
    @app_commands.command(name="explode")
    async def explode(self, interaction: discord.Interaction) -> None:
        """Raises an unexpected error."""
        raise RuntimeError("kaboom")

    @app_commands.command(name="explode-late")
    async def explode_late(self, interaction: discord.Interaction) -> None:
        """Defers, then raises an unexpected error."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        raise RuntimeError("kaboom after defer")

    @app_commands.command(name="explode-public")
    async def explode_public(self, interaction: discord.Interaction) -> None:
        """Defers publicly, then raises an unexpected error."""
        await interaction.response.defer(thinking=True)
        raise RuntimeError("kaboom after a public defer")

    @app_commands.command(name="bad-value")
    async def bad_value(self, interaction: discord.Interaction) -> None:
        """Raises a user error."""
        raise InvalidOption("followers", "is not a number", "12.5k")

    @app_commands.command(name="managers-only")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def managers_only(self, interaction: discord.Interaction) -> None:
        """Needs Manage Server."""
        await interaction.response.send_message("ok", ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Failing())
