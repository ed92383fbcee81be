"""Embeds for /tiers ask: a worked-out answer, the best entry with related ones, or a
friendly "no answer found" with the closest questions to try."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.domain.ask.compute import Computed
from bot.domain.knowledge import KnowledgeEntry
from bot.domain.sources import cite, cite_brief
from bot.domain.tier import Tier
from bot.domain.tiers import TierScheme
from bot.render import colours
from bot.render.limits import FIELD_VALUE, EmbedBuilder, clip_lines
from bot.render.text import code, plain
from bot.render.tiers import starts_by_scheme

QUESTION_ECHO_CHARS = 150
_TIER_ENTRY_PREFIX = "tier-"


def _quoted(question: str) -> str:
    # The question is the asker's own text: shown as a quote, never as markdown.
    return f"> {plain(question, QUESTION_ECHO_CHARS)}"


def computed_embed(question: str, found: Computed) -> discord.Embed:
    """A worked-out answer: the result, its working in one line, and where to go next."""
    builder = EmbedBuilder(
        title=found.title,
        description=f"{_quoted(question)}\n\n{found.body}",
        colour=colours.BRAND,
        footer=(
            f"Sources: {cite_brief(found.source_ids) or cite(found.source_ids)}"
            if found.source_ids
            else ""
        ),
    )
    builder.add_field("Working", found.working)
    builder.add_field("More", found.next_step)
    return builder.build()


def scheme_note(entry: KnowledgeEntry, scheme: TierScheme, *, in_dm: bool = False) -> str | None:
    """What the server's own scheme says, for entries about a tier or about schemes."""
    user = "Direct messages use the default scheme" if in_dm else "This server uses"
    if entry.id.startswith(_TIER_ENTRY_PREFIX):
        name = entry.id.removeprefix(_TIER_ENTRY_PREFIX)
        if name in {tier.value for tier in Tier}:
            tier = Tier(name)
            found = scheme.range_of(tier)
            if found is None:
                return f"{user} *{scheme.name}*, which has no {tier.value} tier."
            return f"{user} *{scheme.name}*: {tier.value} is {found.label} followers."
    if "scheme" in entry.body.lower() or "scheme" in entry.title.lower():
        ranges = ", ".join(f"{r.tier.value} {r.label}" for r in scheme.ranges)
        return f"{user} *{scheme.name}*: {ranges}."
    return None


def answer_embed(
    question: str,
    best: KnowledgeEntry,
    related: Sequence[KnowledgeEntry],
    scheme: TierScheme | None = None,
    *,
    in_dm: bool = False,
    tiers: Sequence[Tier] = (),
    lead: str = "",
) -> discord.Embed:
    """The best entry in full, up to two related ones by title, sources in the footer; for
    each of `tiers` the question names, who puts that tier where (from the scheme data)."""
    # The tiers the question names lead, so "where does macro start" is answered first.
    asked = f"{lead}\n\n" if lead else ""
    asked += "".join(
        f"**{starts_by_scheme(tier, scheme)}**\n\n"
        for tier in tiers
        if scheme is not None and f"**{tier.label}:**" not in best.body
    )
    builder = EmbedBuilder(
        title=best.title,
        description=f"{_quoted(question)}\n\n{asked}{best.body}",
        colour=colours.BRAND,
        # A footnote, not a bibliography: the body already names who says what.
        footer=f"Sources: {cite_brief(best.sources) or best.citation}",
    )
    note = scheme_note(best, scheme, in_dm=in_dm) if scheme is not None else None
    if note:
        builder.add_field("In direct messages" if in_dm else "In this server", note)
    if related:
        lines = [
            f"**{plain(entry.title, 200)}** — ask {code(entry.questions[0])}" for entry in related
        ]
        builder.add_field("Related", clip_lines(lines, FIELD_VALUE))
    return builder.build()


def no_answer_embed(question: str, suggestions: Sequence[str] = ()) -> discord.Embed:
    builder = EmbedBuilder(
        title="No answer found",
        description=(
            f"I couldn't match {code(question, 80)} to anything I can answer about influencer "
            "tiers, so I won't guess.\n\n"
            "Try naming a tier (nano, micro, mid, macro, mega) or a topic such as engagement "
            "rate, cost per post or fake followers; numbers work too, e.g. "
            "`is 50k micro or macro?`.\n\n"
            "For the tiers at a glance, use `/tiers overview`."
        ),
        colour=colours.NEUTRAL,
    )
    if suggestions:
        builder.add_field("Closest questions", "\n".join(f"• {code(s)}" for s in suggestions))
    return builder.build()
