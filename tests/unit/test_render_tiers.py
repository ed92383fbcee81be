"""The /tiers embeds fit Discord's limits without losing anything, for every scheme and tier."""

from __future__ import annotations

import itertools

import discord
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.scheme_diff import scheme_changes, tier_spread
from bot.domain.sources import is_assumption
from bot.domain.tier import ALL_TIERS, Tier
from bot.domain.tier_overview import tier_figures, tier_overview
from bot.domain.tier_profiles import COMPARE_ASPECTS, tier_profile
from bot.domain.tiers import TierScheme, builtin_schemes, get_scheme
from bot.render import tiers as render
from bot.render.limits import ELLIPSIS, EMBED_TOTAL

SCHEME_IDS = list(builtin_schemes())


def text_of(embed: discord.Embed) -> str:
    parts = [embed.title or "", embed.description or "", embed.footer.text or ""]
    for field in embed.fields:
        parts += [field.name or "", field.value or ""]
    return "\n".join(parts)


def assert_nothing_clipped(embed: discord.Embed) -> None:
    assert len(embed) <= EMBED_TOTAL
    for field in embed.fields:
        assert not (field.value or "").endswith(ELLIPSIS), field.name
    assert not (embed.description or "").endswith(ELLIPSIS)
    assert not (embed.footer.text or "").endswith(ELLIPSIS)


def table_lines(embed: discord.Embed) -> list[str]:
    description = embed.description or ""
    if "```" not in description:
        return []
    return description.split("```")[1].strip().splitlines()


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
def test_the_overview_of_every_builtin_scheme_is_a_table(scheme_id: str) -> None:
    overview = tier_overview(get_scheme(scheme_id))

    embed = render.overview_embed(overview)

    assert_nothing_clipped(embed)
    lines = table_lines(embed)
    assert len(lines) == 1 + len(overview.rows)
    for row, line in zip(overview.rows, lines[1:], strict=True):
        assert row.range_label in line
    assert max(len(line) for line in lines) <= render.TABLE_WIDTH


def test_a_table_too_wide_to_read_becomes_a_field_per_tier() -> None:
    scheme = TierScheme.custom(
        nano=1_234_567_891,
        micro=2_345_678_912,
        macro=3_456_789_123,
        mega=9_876_543_219,
    )
    overview = tier_overview(scheme)

    embed = render.overview_embed(overview)

    assert table_lines(embed) == []
    names = [field.name or "" for field in embed.fields]
    for row in overview.rows:
        assert f"{row.label} · {row.range_label}" in names
    assert_nothing_clipped(embed)


thresholds = st.lists(st.integers(1, 10_000_000_000), min_size=5, max_size=5, unique=True)


@settings(max_examples=60)
@given(thresholds, st.booleans())
def test_any_custom_overview_shows_every_range(values: list[int], with_mid: bool) -> None:
    low = sorted(values)
    scheme = TierScheme.custom(
        nano=low[0], micro=low[1], mid=low[2] if with_mid else None, macro=low[3], mega=low[4]
    )
    overview = tier_overview(scheme)

    embed = render.overview_embed(overview)

    text = text_of(embed)
    for row in overview.rows:
        assert row.range_label in text
    assert_nothing_clipped(embed)


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
@pytest.mark.parametrize("tier", ALL_TIERS)
def test_define_fits_for_every_tier_and_scheme(scheme_id: str, tier: Tier) -> None:
    scheme = get_scheme(scheme_id)

    embed = render.define_embed(
        tier_profile(tier), tier_figures(tier, scheme), tier_spread(tier, scheme), scheme
    )

    assert_nothing_clipped(embed)
    names = [field.name for field in embed.fields]
    # Our own estimates are named once, in one closing field, never hedged line by line.
    profile, figures = tier_profile(tier), tier_figures(tier, scheme)
    estimated = any(
        is_assumption(source)
        for name in ("best_for", "watch_out", "reach", "content", "trust")
        for source in profile.aspect(name).sources
    ) or any(is_assumption(s) for span in figures.engagement for s in span.source_ids)
    assert names[6:] == (["Assumptions"] if estimated else [])
    assert len(names) == 6 + estimated
    text = " ".join(str(field.value) for field in embed.fields)
    assert "an assumption" not in text and "is assumed" not in text and "Tierbot" not in text
    if scheme.range_of(tier) is None:
        assert f"has no {tier.value} tier" in (embed.description or "")


@pytest.mark.parametrize(("first", "second"), list(itertools.permutations(ALL_TIERS, 2)))
def test_compare_keeps_every_aspect_for_every_pair(first: Tier, second: Tier) -> None:
    embed = render.compare_embed(tier_profile(first), tier_profile(second), get_scheme("four-tier"))

    assert_nothing_clipped(embed)
    names = [field.name for field in embed.fields]
    for _, label in COMPARE_ASPECTS:
        assert label in names


@pytest.mark.parametrize(("before", "after"), list(itertools.permutations(SCHEME_IDS, 2)))
def test_every_scheme_change_is_described(before: str, after: str) -> None:
    old, new = get_scheme(before), get_scheme(after)

    embed = render.scheme_changed_embed(old, new, scheme_changes(old, new))

    assert_nothing_clipped(embed)
    assert new.name in (embed.title or "")
    assert "→" in (embed.description or "") or "same lines" in (embed.description or "")


def test_custom_saved_embeds_fit_one_message() -> None:
    custom = TierScheme.custom(nano=500, micro=5_000, mid=50_000, macro=250_000, mega=2_500_000)
    embeds = render.custom_saved_embeds(
        get_scheme("four-tier"),
        tier_overview(custom),
        scheme_changes(get_scheme("four-tier"), custom),
    )

    assert sum(len(embed) for embed in embeds) <= EMBED_TOTAL
    for embed in embeds:
        assert_nothing_clipped(embed)
