"""Embeds for /tiers overview, define, compare, scheme and custom."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.domain.creator_size import clipped_size_label
from bot.domain.metrics import Basis
from bot.domain.numbers import format_money_range, format_percent_range
from bot.domain.platforms import Platform
from bot.domain.scheme_diff import BoundGroup, SchemeChange, TierSpread, tier_spread
from bot.domain.sources import cite_brief, is_assumption
from bot.domain.tier import Tier
from bot.domain.tier_overview import (
    CostSpan,
    EngagementSpan,
    TierFigures,
    TierOverview,
    tier_figures,
)
from bot.domain.tier_profiles import COMPARE_ASPECTS, PLANS_NOTE, ProfileAspect, TierProfile
from bot.domain.tiers import TierRange, TierScheme, builtin_schemes, format_count
from bot.render import colours
from bot.render.limits import EMBED_TOTAL, FIELD_VALUE, EmbedBuilder, clip_lines

TABLE_WIDTH = 56
"""Widest code-block line that reads without wrapping in a desktop embed; wider tables
become one field per tier."""
NO_FIGURE = "—"
CHANGE_COMMANDS = (
    "Change it with `/tiers scheme name:` (a built-in scheme) or `/tiers custom` "
    "(your own thresholds); both need **Manage Server**."
)
USED_BY = "Used by `/tiers overview`, `/classify`, `/mix` and shortlists in this server."


# -- small pieces ------------------------------------------------------------------------------


def _size_label(minimum: int, maximum: int | None) -> str:
    return TierRange(tier=Tier.NANO, minimum=minimum, maximum=maximum).label


def _basis_words(platform: Platform, basis: Basis) -> str:
    if basis is Basis.VIEWS:
        return "of views"
    return f"of {platform.audience_noun}s"


def _engagement(span: EngagementSpan | None) -> str:
    return NO_FIGURE if span is None else format_percent_range(span.low, span.high)


def _cost(span: CostSpan | None, *, compact: bool) -> str:
    if span is None:
        return NO_FIGURE
    text = format_money_range(span.low, span.high, compact=compact)
    return f"about {text}" if span.approximate else text


def _scheme_line(scheme: TierScheme) -> str:
    """ "nano 1K–10K · micro 10K–100K · … · mega 1M+", gaps included."""
    parts = [(r.minimum, f"{r.tier.value} {r.label}") for r in scheme.ranges]
    parts.extend((low, f"no tier {_size_label(low, high)}") for low, high, _ in scheme.gaps)
    return " · ".join(text for _, text in sorted(parts))


def _scheme_source(scheme: TierScheme) -> str:
    return scheme.citation if scheme.source_ids else "set by this server (no published source)"


# -- /tiers overview ---------------------------------------------------------------------------


def _table(overview: TierOverview) -> list[str]:
    header = ("Tier", "Followers", "Engagement", "Cost/post")
    rows = [
        (
            row.label if row.tier is not None else "No tier",
            row.range_label,
            _engagement(row.engagement)
            + ("*" if row.engagement and row.engagement.covered_min > row.minimum else ""),
            _cost(row.cost, compact=True),
        )
        for row in overview.rows
    ]
    widths = [max(len(line[i]) for line in (header, *rows)) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in (header, *rows)
    ]


def _partial_note(label: str, minimum: int, span: EngagementSpan | None) -> str | None:
    """A note when the sources' bands cover only part of a row's range."""
    if span is not None and span.covered_min > minimum:
        # Escaped: a line starting with "* " would render as a bullet.
        return (
            f"\\* {label}: no source publishes engagement for accounts under "
            f"{format_count(span.covered_min)}."
        )
    return None


def overview_embed(
    overview: TierOverview,
    *,
    title: str | None = None,
    budget: int = EMBED_TOTAL,
    in_dm: bool = False,
) -> discord.Embed:
    """The scheme as one table: range, typical engagement, cost per post and best use."""
    scheme = overview.scheme
    platform = overview.platform.label
    whose = "The default scheme (used in direct messages)" if in_dm else "This server's scheme"
    intro = f"**{whose}: {scheme.name}.** {scheme.description}"
    table = _table(overview)
    legend = [
        f"Engagement: typical {platform} engagement rate by "
        f"{'views' if overview.basis is Basis.VIEWS else 'followers'} for accounts of that "
        f"size. Cost: per {platform} post, priced by follower size."
    ]
    for row in overview.rows:
        if row.tier is None:
            legend.append(f"No tier: this scheme names no tier for {row.range_label}.")
        partial = _partial_note(row.label, row.minimum, row.engagement)
        if partial:
            legend.append(partial)
        if row.cost is not None and row.cost.covered_min > row.minimum:
            legend.append(
                f"{row.label}: no published rate card prices accounts under "
                f"{format_count(row.cost.covered_min)}."
            )
    if overview.emerging_below is not None:
        first = overview.rows[0].label.lower()
        legend.append(
            f"Accounts under {format_count(overview.emerging_below)} are emerging (below {first})."
        )
    if any(row.engagement is None or row.cost is None for row in overview.rows):
        legend.append(f"{NO_FIGURE} no published figure for that size.")
    mid_line = other_schemes_mid_line(scheme)
    if mid_line:
        legend.append(mid_line)
    # A footnote for the figures in the table, each source once: not a bibliography.
    footer = "Sources: " + cite_brief(
        [*overview.engagement_source_ids, *overview.cost_source_ids, *scheme.source_ids]
    )
    if not scheme.source_ids:
        footer += " · Tiers: set by this server (no published source)"
    builder = EmbedBuilder(title=title or "Influencer tiers", colour=colours.BRAND, footer=footer)
    best_lines = [f"**{row.label}** — {row.best_for.text}" for row in overview.rows if row.best_for]
    estimated = [
        f"{row.label.lower()}'s best use"
        for row in overview.rows
        if row.best_for and _is_estimate(row.best_for)
    ]
    assumptions = " ".join(
        line
        for line in (
            _estimates_sentence(estimated),
            PLANS_NOTE if any(row.best_for and row.best_for.plans for row in overview.rows) else "",
        )
        if line
    )
    if assumptions:
        best_lines.append(f"*{assumptions}*")
    if max(len(line) for line in table) <= TABLE_WIDTH:
        block = "```\n" + "\n".join(table) + "\n```"
        builder.description = "\n".join((intro, block, *legend))
        builder.add_field("Best for", clip_lines(best_lines, FIELD_VALUE))
    else:
        builder.description = "\n".join((intro, "", *legend))
        for row in overview.rows:
            lines = [
                f"Engagement: {_engagement(row.engagement)}",
                f"Cost per post: {_cost(row.cost, compact=False)}",
            ]
            if row.best_for:
                lines.append(f"Best for: {row.best_for.text}")
            builder.add_field(f"{row.label} · {row.range_label}", "\n".join(lines))
        if assumptions:
            builder.add_field("Assumptions", assumptions)
    if scheme.note:
        builder.add_field("Note", scheme.note)
    return builder.build(budget=budget)


# -- /tiers scheme -----------------------------------------------------------------------------


def scheme_embed(scheme: TierScheme, *, in_dm: bool) -> discord.Embed:
    """The scheme in use, the built-in alternatives, and how to change it."""
    if in_dm:
        title = f"Tier scheme in direct messages: {scheme.name}"
        how = (
            "In direct messages the default scheme applies. Each server can pick its own "
            "with `/tiers scheme name:` or `/tiers custom` (Manage Server)."
        )
    else:
        title = f"This server's tier scheme: {scheme.name}"
        how = CHANGE_COMMANDS
    lines = [scheme.description, "", f"**Ranges:** {_scheme_line(scheme)}"]
    first = scheme.bands[0]
    if first.minimum > 0 and first.tier is not None:
        lines.append(
            f"Accounts under {format_count(first.minimum)} are emerging (below {first.tier})."
        )
    if scheme.note:
        lines += ["", scheme.note]
    builder = EmbedBuilder(
        title=title,
        description="\n".join(lines),
        colour=colours.BRAND,
        footer=f"Sources: {_scheme_source(scheme)}",
    )
    builder.add_field("Change it", how)
    others = [
        f"**{option.name}** (`{option.id}`): {_scheme_line(option)}"
        + (" ← in use" if option.id == scheme.id else "")
        for option in builtin_schemes().values()
    ]
    builder.add_field("Built-in schemes", clip_lines(others, FIELD_VALUE))
    return builder.build()


def _change_lines(changes: Sequence[SchemeChange]) -> list[str]:
    if not changes:
        return ["No account changes tier: the two schemes draw the same lines."]
    return [f"• {c.range_label}: {c.before} → {c.after}" for c in changes]


def scheme_changed_embed(
    before: TierScheme, after: TierScheme, changes: Sequence[SchemeChange]
) -> discord.Embed:
    """What a scheme change did: before, after, and which follower ranges move."""
    lines = [
        f"**Before:** {before.name} — {_scheme_line(before)}",
        f"**After:** {after.name} — {_scheme_line(after)}",
        "",
        "**What moves**",
        *_change_lines(changes),
        "",
        USED_BY,
    ]
    return EmbedBuilder(
        title=f"Tier scheme changed to {after.name}",
        description="\n".join(lines),
        colour=colours.SUCCESS,
        footer=f"Sources: {_scheme_source(after)}",
    ).build()


def scheme_unchanged_embed(scheme: TierScheme) -> discord.Embed:
    return EmbedBuilder(
        title="Nothing to change",
        description=(
            f"This server already uses **{scheme.name}**: {_scheme_line(scheme)}.\n"
            "See it with `/tiers overview`."
        ),
        colour=colours.BRAND,
    ).build()


def custom_saved_embeds(
    before: TierScheme, overview: TierOverview, changes: Sequence[SchemeChange]
) -> list[discord.Embed]:
    """The confirmation with what moved, then the new table (both fit in one message)."""
    lines = [
        f"**Before:** {before.name} — {_scheme_line(before)}",
        f"**After:** {_scheme_line(overview.scheme)}",
        "",
        "**What moves**",
        *_change_lines(changes),
        "",
        USED_BY,
    ]
    first = EmbedBuilder(
        title="Custom tier scheme saved",
        description="\n".join(lines),
        colour=colours.SUCCESS,
    ).build(budget=2000)
    second = overview_embed(overview, budget=EMBED_TOTAL - len(first))
    return [first, second]


# -- /tiers define ----------------------------------------------------------------------------


def _scheme_name(scheme_id: str) -> str:
    """A scheme's readable name ("Common four-tier cut"); its id only if it has none."""
    found = builtin_schemes().get(scheme_id)
    return found.name if found is not None else scheme_id


def _names(ids: Sequence[str], limit: int = 3) -> str:
    shown = [_scheme_name(scheme_id) for scheme_id in ids[:limit]]
    if len(ids) > limit:
        shown.append(f"{len(ids) - limit} more")
    return ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]


def _bound(value: int | None) -> str:
    if value is None:
        return "no upper end"
    return "0 (no floor)" if value == 0 else format_count(value)


def _bound_phrase(groups: Sequence[BoundGroup], verb: str) -> str:
    """ "starts at 1K in `seed-003`, 15K in `impact`, 10K elsewhere" (most common last)."""
    head, *rest = groups
    if not rest:
        return f"{verb} {_bound(head.value)} in every scheme that names it"
    others = "; ".join(f"{_bound(g.value)} in {_names(g.scheme_ids)}" for g in rest)
    if head.value == 0:
        return f"{verb} {others}; no floor elsewhere"
    return f"{verb} {others}; {_bound(head.value)} elsewhere"


def disagreement_line(spread: TierSpread) -> str:
    """One sentence on where schemes disagree about the tier, or that they agree."""
    tier = spread.tier.value
    if spread.agrees:
        start, end = spread.starts[0].value, spread.ends[0].value
        return f"Every scheme agrees: {tier} is {_size_label(start or 0, end)}."
    parts = []
    if len(spread.starts) > 1:
        parts.append(_bound_phrase(spread.starts, "starts at"))
    if len(spread.ends) > 1:
        ends = sorted(g.value for g in spread.ends if g.value is not None)
        if ends and len(ends) == len(spread.ends):
            parts.append(f"ends at {format_count(ends[0])}–{format_count(ends[-1])}")
        else:
            parts.append(_bound_phrase(spread.ends, "ends at"))
    if spread.missing:
        verb = "has" if len(spread.missing) == 1 else "have"
        parts.append(f"{_names(spread.missing, 4)} {verb} no {tier} tier")
    return f"Sources disagree: {tier} " + "; ".join(parts) + "."


def _whose(in_dm: bool) -> str:
    return "the default scheme" if in_dm else "this server's scheme"


def _spread_lines(spread: TierSpread, current: TierScheme, *, in_dm: bool) -> list[str]:
    marker = " (default)" if in_dm else " (this server)"
    lines = []
    for entry in spread.ranges:
        here = entry.scheme_id == current.id
        name = current.name if here else _scheme_name(entry.scheme_id)
        found = entry.range.label if entry.range else f"no {spread.tier.value} tier"
        lines.append(f"{name}{marker if here else ''}: {found}")
    return lines


def _and_list(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _is_estimate(aspect: ProfileAspect) -> bool:
    """An aspect that rests on our own estimate rather than on a published source."""
    return aspect.is_estimate


def _estimates_sentence(subjects: Sequence[str], owner: str = "") -> str | None:
    """One plain sentence naming what is our own estimate, or None when nothing is.

    `owner` ("macro") prefixes the list once: "Macro's reach and content are …".
    """
    if not subjects:
        return None
    verb, noun, pronoun = (
        ("is", "estimate", "it") if len(subjects) == 1 else ("are", "estimates", "them")
    )
    text = f"{owner}'s {_and_list(subjects)}" if owner else _and_list(subjects)
    return (
        f"{text[:1].upper()}{text[1:]} {verb} our own {noun}: no published source covers {pronoun}."
    )


def _pair_estimates_sentence(owners: Sequence[tuple[str, Sequence[str]]]) -> str | None:
    """What is our own estimate for two tiers, said once: "Macro's reach and content, and
    mid's trust, are our own estimates: …" (two sentences would repeat the ending)."""
    found = [(owner, subjects) for owner, subjects in owners if subjects]
    if len(found) < 2:
        return _estimates_sentence(found[0][1], owner=found[0][0]) if found else None
    (first, first_subjects), (second, second_subjects) = found
    if list(first_subjects) == list(second_subjects):
        text = f"{first}'s and {second}'s {_and_list(first_subjects)}"
    else:
        text = (
            f"{first}'s {_and_list(first_subjects)}, and {second}'s {_and_list(second_subjects)},"
        )
    return f"{text[:1].upper()}{text[1:]} are our own estimates: no published source covers them."


def _basis_assumed(figures: TierFigures) -> str | None:
    """ "YouTube rates read per subscriber" when an engagement band's basis is our reading,
    not the source's word: one of the estimates the define reply names once."""
    platforms = [
        span.platform.label
        for span in figures.engagement
        if any(is_assumption(s) for s in span.source_ids)
    ]
    if not platforms:
        return None
    return f"{_and_list(platforms)} rates read per subscriber"


def _engagement_lines(figures: TierFigures) -> list[str]:
    lines = []
    for span in figures.engagement:
        covered = (span.covered_min, span.covered_max)
        size = ""
        if covered != (figures.range.minimum, figures.range.maximum):
            size = f" (the sources' bands for {_size_label(*covered)})"
        lines.append(
            f"**{span.platform.label}** {_engagement(span)} "
            f"{_basis_words(span.platform, span.basis)}{size}"
        )
    for platform, _ in figures.no_engagement_band:
        # The words /classify uses for an account of this size (see benchmark_gap).
        lines.append(
            f"**{platform.label}** no typical range is published for {figures.range.label}"
        )
    return lines


def _price_rows_text(span: CostSpan, tier_range: TierRange) -> str:
    """ "$100–$500 at 10K–50K, $500–$5,000 at 50K–100K": each published size band, cut to
    the tier's sizes (the sizes /classify quotes that row for)."""
    parts = []
    for row in span.rows:
        price = format_money_range(row.low, row.high)
        where = clipped_size_label(
            row.size_min, row.size_max, tier_range.minimum, tier_range.maximum
        )
        parts.append(f"{'about ' if row.approximate else ''}{price} at {where}")
    return ", ".join(parts)


def _price_rows_detail(span: CostSpan, tier_range: TierRange) -> str:
    """ " ($100–$500 at 10K–50K, …)"; " at 10K–50K" for one row; "" when it prices the
    whole tier."""
    if len(span.rows) == 1:
        row = span.rows[0]
        where = clipped_size_label(
            row.size_min, row.size_max, tier_range.minimum, tier_range.maximum
        )
        if where == _size_label(tier_range.minimum, tier_range.maximum):
            return ""
        return f" at {where}"  # one row for part of the tier: say which part
    return f" ({_price_rows_text(span, tier_range)})" if span.rows else ""


def _cost_lines(figures: TierFigures) -> list[str]:
    lines = []
    for span in figures.costs:
        detail = _price_rows_detail(span, figures.range)
        lines.append(f"**{span.platform.label}** {_cost(span, compact=False)}{detail}")
    if figures.costs and figures.costs[0].covered_min > figures.range.minimum:
        lines.append(
            "No published rate card prices accounts under "
            f"{format_count(figures.costs[0].covered_min)}."
        )
    return lines or ["No published price for this size."]


_DEFINE_SUBJECTS: tuple[tuple[str, str], ...] = (
    ("best_for", "what the tier is good for"),
    ("watch_out", "what to watch out for"),
    ("reach", "reach"),
    ("content", "content"),
    ("trust", "trust"),
)
"""The profile aspects /tiers define shows as text, named as a sentence's subject."""


def define_embed(
    profile: TierProfile,
    figures: TierFigures,
    spread: TierSpread,
    scheme: TierScheme,
    *,
    in_dm: bool = False,
) -> discord.Embed:
    """Everything about one tier: its range in every scheme, figures, uses and pitfalls."""
    tier = profile.tier
    size = figures.range.label
    whose = _whose(in_dm)
    lines = [f"*{profile.headline}*", ""]
    if figures.from_fallback:
        lines.append(
            f"**{whose.capitalize()}, {scheme.name}, has no {tier.value} tier.** "
            f"Figures below use the {figures.range_scheme.name} range, {size}; "
            f"{_fallback_places(figures, whose)}."
        )
    else:
        lines.append(f"In {whose}, {scheme.name}, {tier.value} means **{size} followers**.")
    if profile.note:
        lines += ["", f"*{profile.note}*"]
    builder = EmbedBuilder(title=f"{tier.label} influencers", colour=colours.TIER[tier.value])
    builder.description = "\n".join(lines)
    builder.add_field(
        "Followers in every scheme",
        clip_lines(
            [*_spread_lines(spread, scheme, in_dm=in_dm), "", disagreement_line(spread)],
            FIELD_VALUE,
        ),
    )
    builder.add_field(
        f"Typical engagement ({size})",
        clip_lines(_engagement_lines(figures), FIELD_VALUE),
    )
    builder.add_field(
        f"Cost per post ({size})",
        clip_lines(_cost_lines(figures), FIELD_VALUE),
    )
    builder.add_field("Good for", profile.best_for.text)
    builder.add_field("Watch out for", profile.watch_out.text)
    builder.add_field(
        "Reach, content and trust",
        "\n".join(
            f"**{label}:** {profile.aspect(name).text}"
            for name, label in (("reach", "Reach"), ("content", "Content"), ("trust", "Trust"))
        ),
    )
    # What rests on our own estimate is said once, at the end, not as a hedge on every line.
    estimated = [
        subject for name, subject in _DEFINE_SUBJECTS if _is_estimate(profile.aspect(name))
    ]
    basis = _basis_assumed(figures)
    if basis:
        estimated.insert(0, basis)
    assumptions = [f"Our own estimates: {_and_list(estimated)}."] if estimated else []
    if profile.best_for.plans:
        assumptions.append(PLANS_NOTE)
    if assumptions:
        builder.add_field("Assumptions", " ".join(assumptions))
    # The sources of the figures shown, once each, as a short footnote.
    sources = [
        *(s for span in figures.engagement for s in span.source_ids),
        *(s for span in figures.costs for s in span.source_ids),
    ]
    builder.footer = f"Sources: {cite_brief(sources)}"
    return builder.build()


def _fallback_places(figures: TierFigures, whose: str) -> str:
    places = figures.places_in_scheme
    joined = " or ".join(places) if len(places) <= 2 else ", ".join(places)
    return f"in {whose} those accounts are {joined}"


# -- /tiers compare ---------------------------------------------------------------------------


def compare_embed(
    first: TierProfile, second: TierProfile, scheme: TierScheme, *, in_dm: bool = False
) -> discord.Embed:
    """Two tiers side by side, aspect by aspect."""

    def where() -> str:
        """ "micro is 10K–100K and macro is 100K–1M", with "there is no mid tier" first for
        a tier the scheme lacks: a sentence, not chained colons."""
        ranges = [(p.tier, scheme.range_of(p.tier)) for p in (first, second)]
        missing = [f"no {tier.value} tier" for tier, found in ranges if found is None]
        present = [f"{tier.value} is {found.label}" for tier, found in ranges if found]
        parts = [f"there is {' and '.join(missing)}"] if missing else []
        if present:
            parts.append(" and ".join(present))
        return "; ".join(parts)

    a, b = first.tier, second.tier
    builder = EmbedBuilder(
        title=f"{a.label} vs {b.label} influencers",
        description="\n".join(
            (
                f"**{a.label}:** {first.headline}",
                f"**{b.label}:** {second.headline}",
                "",
                f"In {_whose(in_dm)}, *{scheme.name}*, {where()}.",
            )
        ),
        colour=colours.TIER[a.value],
    )
    measured = {
        "followers": (
            followers_by_scheme(first.tier, scheme),
            followers_by_scheme(second.tier, scheme),
        ),
        "engagement": (_measured_engagement(first, scheme), _measured_engagement(second, scheme)),
        "cost": (_measured_cost(first, scheme), _measured_cost(second, scheme)),
    }
    for name, label in COMPARE_ASPECTS:
        left, right = measured.get(name, (first.aspect(name).text, second.aspect(name).text))
        builder.add_field(label, f"**{a.label}:** {left}", inline=True)
        builder.add_field("\u200b", f"**{b.label}:** {right}", inline=True)
        builder.add_field("\u200b", "\u200b", inline=True)  # ends the row: two columns, not three
    # Followers, engagement and cost rows are published figures; the other rows can be our
    # estimates, which the Assumptions field names (a profile's note would say it again).
    estimated = [
        (
            profile.tier.value,
            [
                label.lower()
                for name, label in COMPARE_ASPECTS
                if name not in measured and _is_estimate(profile.aspect(name))
            ],
        )
        for profile in (first, second)
    ]
    notes = [_pair_estimates_sentence(estimated)]
    if first.best_for.plans or second.best_for.plans:
        notes.append(PLANS_NOTE)
    sentence = " ".join(note for note in notes if note)
    if sentence:
        builder.add_field("Assumptions", sentence)
    # The sources of the figures shown (engagement and cost), once each, as a footnote.
    sources: list[str] = []
    for profile in (first, second):
        figures = tier_figures(profile.tier, scheme)
        sources += [s for span in figures.engagement[:1] for s in span.source_ids]
        sources += [s for span in figures.costs[:1] for s in span.source_ids]
    builder.footer = f"Sources: {cite_brief(sources)}"
    return builder.build()


def followers_by_scheme(tier: Tier, scheme: TierScheme) -> str:
    """Who puts `tier` where, from the scheme data: "1K–10K in Common four-tier cut and Duel
    glossary; under 10K in Later x Fohr; …", the server's range first, the same range labels
    as the scheme list (so an edge reads the same way everywhere)."""
    spread = tier_spread(tier, scheme)
    groups: dict[str, list[str]] = {}
    for entry in spread.ranges:
        if entry.range is None:
            continue
        groups.setdefault(entry.range.label, []).append(_scheme_name_or(entry.scheme_id, scheme))
    if len(groups) == 1 and not spread.missing:
        return f"{next(iter(groups))} in every scheme."
    ordered = sorted(
        groups.items(),
        key=lambda item: (scheme.name not in item[1], -len(item[1])),
    )
    parts = [f"{label} in {_and_list(names)}" for label, names in ordered]
    if spread.missing:
        names = [_scheme_name_or(scheme_id, scheme) for scheme_id in spread.missing]
        parts.append(f"no {tier.value} tier in {_and_list(names)}")
    return "; ".join(parts) + "."


def starts_by_scheme(tier: Tier, scheme: TierScheme) -> str:
    """Who starts `tier` where, from the scheme data: "Macro starts at 100K in Common
    four-tier cut and Iconosquare, and at 500K in Five-tier industry standard; Low-cut
    fitness guide has no macro tier." Lowest start first."""
    spread = tier_spread(tier, scheme)
    if len(spread.starts) == 1 and not spread.missing:
        start = spread.starts[0].value
        return f"{tier.label} starts at {format_count(start or 0)} in every scheme."
    parts = [
        f"{'at ' + format_count(group.value) if group.value else 'from the first follower'} "
        f"in {_and_list([_scheme_name_or(scheme_id, scheme) for scheme_id in group.scheme_ids])}"
        for group in sorted(spread.starts, key=lambda group: group.value or 0)
    ]
    text = f"{tier.label} starts " + (
        ", ".join(parts[:-1]) + ", and " + parts[-1] if len(parts) > 2 else " and ".join(parts)
    )
    if spread.missing:
        names = _and_list([_scheme_name_or(scheme_id, scheme) for scheme_id in spread.missing])
        verb = "has" if len(spread.missing) == 1 else "have"
        text += f"; {names} {verb} no {tier.value} tier"
    return text + "."


def _scheme_name_or(scheme_id: str, current: TierScheme) -> str:
    """A scheme's readable name; the server's own (custom) scheme by its name."""
    return current.name if scheme_id == current.id else _scheme_name(scheme_id)


def _measured_engagement(profile: TierProfile, scheme: TierScheme) -> str:
    """The tier's typical Instagram engagement at its size in `scheme`, from the resolver."""
    figures = tier_figures(profile.tier, scheme)
    if not figures.engagement:
        return f"No published band for {figures.range.label} accounts."
    span = figures.engagement[0]
    return (
        f"{_engagement(span)} {_basis_words(span.platform, span.basis)} on "
        f"{span.platform.label} for {figures.range.label} accounts."
    )


def _measured_cost(profile: TierProfile, scheme: TierScheme) -> str:
    """The tier's Instagram price per post at its size in `scheme`, from the resolver."""
    figures = tier_figures(profile.tier, scheme)
    if not figures.costs:
        return f"No published price for {figures.range.label} accounts."
    span = figures.costs[0]
    detail = _price_rows_detail(span, figures.range)
    return (
        f"{_cost(span, compact=False)} per {span.platform.label} post for "
        f"{figures.range.label} accounts{detail}."
    )


def other_schemes_mid_line(scheme: TierScheme) -> str | None:
    """One line, for a scheme without mid, on where other common schemes put a mid tier."""
    if scheme.range_of(Tier.MID) is not None:
        return None
    starts: dict[int, list[str]] = {}
    for other in builtin_schemes().values():
        found = other.range_of(Tier.MID)
        if found is not None:
            starts.setdefault(found.minimum, []).append(other.name)
    if not starts:
        return None
    # Scheme names can carry brackets ("Five-tier industry standard"): name them in the
    # sentence, never inside another bracket.
    parts = [
        f"from {format_count(start)} in {_and_list(names)}"
        for start, names in sorted(starts.items())
    ]
    return f"Other common schemes add a mid tier: {'; '.join(parts)}."
