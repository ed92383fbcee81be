"""Discord's message limits, and the builders that keep every payload inside them.

Discord rejects a whole reply (400, code 50035) when any part is over a limit, and
discord.py does not check, so everything the bot sends is clipped here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import discord

CONTENT = 2000
EMBEDS_PER_MESSAGE = 10
EMBED_TOTAL = 6000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100
CUSTOM_ID = 100
BUTTON_LABEL = 80
SELECT_OPTIONS = 25
SELECT_OPTION_LABEL = 100
SELECT_OPTION_DESCRIPTION = 100
SELECT_PLACEHOLDER = 150
ACTION_ROWS = 5
FILES_PER_MESSAGE = 10

ELLIPSIS = "…"


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, ending in an ellipsis when something was cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + ELLIPSIS


def clip_lines(lines: list[str], limit: int, *, more: str = "…and {n} more") -> str:
    """Join whole lines up to `limit` characters, then say how many were left out."""
    joined = "\n".join(lines)
    # Everything fits with room to spare for the longest note the loop below could keep
    # room for: it would keep every line (a page of ten lines, usually).
    if len(joined) + len(more.format(n=len(lines))) + 1 <= limit:
        return joined
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        remaining = len(lines) - index
        note = more.format(n=remaining) if remaining else ""
        cost = len(line) + (1 if kept else 0)
        if used + cost + (len(note) + 1 if remaining > 1 else 0) > limit:
            tail = more.format(n=remaining)
            if used + len(tail) + 1 <= limit:
                kept.append(tail)
            break
        kept.append(line)
        used += cost
    return clip("\n".join(kept), limit)


@dataclass(slots=True)
class _Field:
    name: str
    value: str
    inline: bool


@dataclass(slots=True)
class EmbedBuilder:
    """Builds an embed that always fits: each part clipped, the 6000-character total kept."""

    title: str = ""
    description: str = ""
    colour: int | None = None
    footer: str = ""
    author: str = ""
    url: str | None = None
    _fields: list[_Field] = field(default_factory=list)

    def add_field(self, name: str, value: str, *, inline: bool = False) -> EmbedBuilder:
        if len(self._fields) < EMBED_FIELDS:
            self._fields.append(
                _Field(clip(name or "\u200b", FIELD_NAME), clip(value or "—", FIELD_VALUE), inline)
            )
        return self

    @property
    def field_count(self) -> int:
        return len(self._fields)

    def build(self, *, budget: int = EMBED_TOTAL) -> discord.Embed:
        title = clip(self.title, EMBED_TITLE)
        footer = clip(self.footer, FOOTER)
        author = clip(self.author, AUTHOR)
        fixed = len(title) + len(footer) + len(author)
        fields = list(self._fields)
        # Fields are dropped from the end before the description is shortened: the summary
        # at the top matters most.
        while fields and fixed + sum(len(f.name) + len(f.value) for f in fields) > budget - 1:
            fields.pop()
        room = budget - fixed - sum(len(f.name) + len(f.value) for f in fields)
        description = clip(self.description, max(0, min(EMBED_DESCRIPTION, room)))
        embed = discord.Embed(
            title=title or None,
            description=description or None,
            colour=self.colour,
            url=self.url,
        )
        for f in fields:
            embed.add_field(name=f.name, value=f.value, inline=f.inline)
        if footer:
            embed.set_footer(text=footer)
        if author:
            embed.set_author(name=author)
        return embed


def embed_length(embed: discord.Embed) -> int:
    return len(embed)


def fit_embeds(embeds: list[discord.Embed]) -> list[discord.Embed]:
    """Keep whole embeds, in order, while the message stays within 10 embeds and 6000 chars."""
    kept: list[discord.Embed] = []
    total = 0
    for embed in embeds[:EMBEDS_PER_MESSAGE]:
        if total + len(embed) > EMBED_TOTAL:
            break
        kept.append(embed)
        total += len(embed)
    return kept
