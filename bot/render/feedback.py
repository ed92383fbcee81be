"""Embeds for errors, refusals and confirmations."""

from __future__ import annotations

import discord

from bot.errors import ErrorReply
from bot.render import colours
from bot.render.limits import EmbedBuilder


def error_embed(reply: ErrorReply) -> discord.Embed:
    colour = colours.ERROR if reply.is_unexpected else colours.WARNING
    return EmbedBuilder(title=reply.title, description=reply.message, colour=colour).build()


def success_embed(title: str, message: str = "") -> discord.Embed:
    return EmbedBuilder(title=title, description=message, colour=colours.SUCCESS).build()


def info_embed(title: str, message: str = "") -> discord.Embed:
    return EmbedBuilder(title=title, description=message, colour=colours.BRAND).build()
