"""Checks shared by the cogs: where a command may run and who may change settings.

They raise user-facing errors, so the tree's handler gives one clear ephemeral reply.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.errors import GuildOnly, PermissionRefused


def require_guild(interaction: discord.Interaction[Any], what: str = "This command") -> int:
    """The guild id, or a clear refusal when the command was used in a DM."""
    if interaction.guild_id is None:
        raise GuildOnly(what)
    return interaction.guild_id


def can_manage_guild(interaction: discord.Interaction[Any]) -> bool:
    permissions = interaction.permissions
    return permissions.manage_guild or permissions.administrator


def require_manage_guild(interaction: discord.Interaction[Any], action: str) -> None:
    if not can_manage_guild(interaction):
        raise PermissionRefused(
            f"Only members with the **Manage Server** permission can {action}. "
            "Ask a server admin, or someone who manages this server."
        )
