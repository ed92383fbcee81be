"""Embeds for /tiers ask: the best answer with related entries, or a friendly no-match."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.domain.knowledge import KnowledgeEntry
from bot.render import colours
from bot.render.limits import FIELD_VALUE, EmbedBuilder, clip_lines
from bot.render.text import code, plain

QUESTION_ECHO_CHARS = 150


def answer_embed(
    question: str, best: KnowledgeEntry, related: Sequence[KnowledgeEntry]
) -> discord.Embed:
    """The best entry in full, up to two related ones by title, sources in the footer."""
    builder = EmbedBuilder(
        title=best.title,
        # The question is the asker's own text: shown as a quote, never as markdown.
        description=f"> {plain(question, QUESTION_ECHO_CHARS)}\n\n{best.body}",
        colour=colours.BRAND,
        footer=f"Sources: {best.citation}",
    )
    if related:
        lines = [
            f"**{plain(entry.title, 200)}** — ask {code(entry.questions[0])}" for entry in related
        ]
        builder.add_field("Related", clip_lines(lines, FIELD_VALUE))
    return builder.build()


def no_answer_embed(question: str) -> discord.Embed:
    return EmbedBuilder(
        title="No answer found",
        description=(
            f"I couldn't match {code(question, 80)} to anything in the tier knowledge base.\n\n"
            "Try naming a tier (nano, micro, mid, macro, mega) or a topic such as engagement "
            "rate, cost per post or fake followers. The suggestions that appear as you type "
            "are questions I can answer.\n\n"
            "For the tiers at a glance, use `/tiers overview`."
        ),
        colour=colours.NEUTRAL,
    ).build()
