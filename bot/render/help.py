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
            "Influencer tiers, creator checks, tier mixes, team shortlists and campaigns, "
            "right here. "
            "Numbers can be typed like `12.5k`, `1.2M` or `$25k`."
        ),
        colour=colours.BRAND,
        footer=scheme_note or "Replies to mistakes are only visible to you.",
    )
    for group in groups:
        lines = [f"`/{name}` — {description}" for name, description in group.commands]
        # Every command is listed: a group longer than one field continues in the next one.
        for index, chunk in enumerate(_chunks(lines, FIELD_VALUE)):
            title = group.title if index == 0 else f"{group.title} (continued)"
            builder.add_field(title, clip_lines(chunk, FIELD_VALUE))
    return builder.build()


def _chunks(lines: list[str], limit: int) -> list[list[str]]:
    """Consecutive lines packed into groups whose joined length stays within `limit`."""
    chunks: list[list[str]] = [[]]
    used = 0
    for line in lines:
        size = len(line) + (1 if chunks[-1] else 0)
        if chunks[-1] and used + size > limit:
            chunks.append([])
            used, size = 0, len(line)
        chunks[-1].append(line)
        used += size
    return chunks
