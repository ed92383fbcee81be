"""The /help embed: every command, one line each, grouped by feature."""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.render import colours
from bot.render.limits import FIELD_VALUE, EmbedBuilder, clip_lines


@dataclass(frozen=True, slots=True)
class HelpGroup:
    title: str
    commands: tuple[tuple[str, str], ...]  # (qualified name, one-line description)


def help_embed(groups: list[HelpGroup], *, scheme_note: str | None = None) -> discord.Embed:
    builder = EmbedBuilder(
        title="Tierbot: what I can do",
        description=(
            "Influencer tiers, creator checks, tier mixes and team shortlists, right here. "
            "Numbers can be typed like `12.5k`, `1.2M` or `$25k`."
        ),
        colour=colours.BRAND,
        footer=scheme_note or "Replies to mistakes are only visible to you.",
    )
    for group in groups:
        lines = [f"`/{name}` — {description}" for name, description in group.commands]
        builder.add_field(group.title, clip_lines(lines, FIELD_VALUE))
    return builder.build()
