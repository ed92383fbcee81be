"""Figures for a follower range: engagement bands and cost per post by the sources' sizes,
the overview table of any scheme, and /tiers define's per-platform figures."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.costs import cost_per_post, priced_platforms
from bot.domain.creator_size import price_at
from bot.domain.metrics import Basis, benchmark_band
from bot.domain.platforms import Platform
from bot.domain.tier import ALL_TIERS, Tier
from bot.domain.tier_overview import (
    benchmark_keys,
    cost_for_range,
    engagement_for_range,
    places_in_range,
    tier_figures,
    tier_overview,
)
from bot.domain.tiers import TierScheme, builtin_schemes, get_scheme

IG = Platform.INSTAGRAM
FOLLOWERS = Basis.FOLLOWERS


def custom_schemes() -> st.SearchStrategy[TierScheme]:
    """Valid custom schemes: four or five strictly increasing thresholds."""
    return st.tuples(
        st.lists(st.integers(1, 50_000_000), min_size=5, max_size=5, unique=True),
        st.booleans(),
    ).map(
        lambda drawn: TierScheme.custom(
            nano=sorted(drawn[0])[0],
            micro=sorted(drawn[0])[1],
            mid=sorted(drawn[0])[2] if drawn[1] else None,
            macro=sorted(drawn[0])[3],
            mega=sorted(drawn[0])[4],
        )
    )


# -- engagement ---------------------------------------------------------------------------------


def test_a_range_inside_one_source_band_gets_that_band() -> None:
    band = benchmark_band(IG, 10_000, FOLLOWERS)
    assert band is not None and band.max_followers is not None

    span = engagement_for_range(IG, FOLLOWERS, band.min_followers, band.max_followers)

    assert span is not None
    assert (span.low, span.high) == (band.low, band.high)
    assert span.source_ids == band.source_ids
    assert span.year == band.year


def test_a_range_across_two_source_bands_spans_both() -> None:
    lower = benchmark_band(IG, 10_000, FOLLOWERS)
    upper = benchmark_band(IG, 60_000, FOLLOWERS)
    assert lower is not None and upper is not None and lower != upper

    span = engagement_for_range(IG, FOLLOWERS, 10_000, 100_000)

    assert span is not None
    assert span.low == min(lower.low, upper.low)
    assert span.high == max(lower.high, upper.high)
    assert (span.covered_min, span.covered_max) == (lower.min_followers, upper.max_followers)


def test_no_source_publishes_engagement_under_1k() -> None:
    assert engagement_for_range(IG, FOLLOWERS, 0, 1_000) is None


def test_a_range_starting_below_the_bands_says_what_it_covers() -> None:
    span = engagement_for_range(IG, FOLLOWERS, 0, 10_000)

    assert span is not None
    assert span.covered_min == 1_000  # the figures say nothing about the accounts under it


def test_a_platform_without_bands_has_no_engagement() -> None:
    assert engagement_for_range(Platform.X, FOLLOWERS, 1_000, 10_000) is None


@given(st.integers(0, 5_000_000), st.integers(1, 5_000_000), st.sampled_from(benchmark_keys()))
def test_every_covered_account_falls_within_the_span(
    minimum: int, width: int, key: tuple[Platform, Basis]
) -> None:
    platform, basis = key
    span = engagement_for_range(platform, basis, minimum, minimum + width)
    for followers in (minimum, minimum + width // 2, minimum + width - 1):
        band = benchmark_band(platform, followers, basis)
        if band is not None:
            assert span is not None
            assert span.low <= band.low and band.high <= span.high


# -- cost ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("platform", priced_platforms())
def test_the_rate_cards_own_tiers_cost_exactly_their_published_price(platform: Platform) -> None:
    # The rate card follows the industry cut, so its ranges price as the card says.
    industry = get_scheme("industry")
    for found in industry.ranges:
        published = cost_per_post(found.tier, platform)
        span = cost_for_range(platform, found.minimum, found.maximum)
        if published is None:
            assert span is None or all(row.size_min != found.minimum for row in span.rows)
            continue
        assert span is not None
        assert (span.low, span.high) == (published.low, published.high)
        assert [row.size_label for row in span.rows] == [found.label]


def test_a_wide_range_spans_every_rate_card_tier_it_covers() -> None:
    span = cost_for_range(IG, 10_000, 100_000)  # the default scheme's micro

    micro, mid = cost_per_post(Tier.MICRO, IG), cost_per_post(Tier.MID, IG)
    assert span is not None and micro is not None and mid is not None
    assert [row.size_label for row in span.rows] == ["10K–50K", "50K–500K"]
    assert (span.low, span.high) == (micro.low, mid.high)


def test_an_open_ended_range_has_no_upper_price() -> None:
    span = cost_for_range(IG, 300_000, None)

    assert span is not None
    assert span.high is None
    assert span.rows[-1].size_label == "1M+"


def test_point_estimates_are_marked_approximate() -> None:
    span = cost_for_range(Platform.SNAPCHAT, 10_000, 50_000)

    assert span is not None
    assert span.approximate
    assert span.low == span.high


def test_a_platform_nobody_prices_has_no_cost() -> None:
    assert cost_for_range(Platform.TWITCH, 1_000, 10_000) is None


@given(
    st.integers(0, 5_000_000),
    st.integers(1, 5_000_000),
    st.sampled_from(list(priced_platforms())),
)
def test_the_span_contains_the_price_of_every_account_in_the_range(
    minimum: int, width: int, platform: Platform
) -> None:
    span = cost_for_range(platform, minimum, minimum + width)
    for followers in (minimum, minimum + width // 2, minimum + width - 1):
        single = price_at(platform, followers)
        if single is None:
            continue
        assert span is not None
        assert span.low <= single.low
        if span.high is not None:
            assert single.high is not None and single.high <= span.high


# -- overview -----------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme_id", list(builtin_schemes()))
def test_the_overview_covers_every_band_of_a_builtin_scheme(scheme_id: str) -> None:
    scheme = get_scheme(scheme_id)

    overview = tier_overview(scheme)

    rows = overview.rows
    assert rows[0].minimum == scheme.bands[0].minimum
    assert rows[-1].maximum is None
    for before, after in itertools.pairwise(rows):
        assert before.maximum == after.minimum  # no hole and no overlap
    assert [row.tier for row in rows if row.tier] == list(scheme.tiers)
    for row in rows:
        assert (row.best_for is None) == (row.tier is None)
        if row.engagement is not None:
            assert row.engagement.source_ids
        if row.cost is not None:
            assert row.cost.source_ids


def test_the_seed_003_gap_is_a_row_of_its_own() -> None:
    overview = tier_overview(get_scheme("fitness-guide"))

    gaps = [row for row in overview.rows if row.tier is None]
    assert [(g.minimum, g.maximum) for g in gaps] == [(50_000, 1_000_000)]
    assert gaps[0].label == "no tier (this scheme skips 50K–1M)"
    assert overview.emerging_below is None  # nano starts at zero here


def test_the_default_scheme_has_an_emerging_band_below_nano() -> None:
    assert tier_overview(get_scheme("four-tier")).emerging_below == 1_000


@given(custom_schemes())
def test_any_custom_scheme_gets_a_complete_overview(scheme: TierScheme) -> None:
    overview = tier_overview(scheme)

    assert [row.tier for row in overview.rows] == list(scheme.tiers)
    assert overview.emerging_below == scheme.minimums[Tier.NANO]
    for row in overview.rows:
        expected = price_at(IG, row.minimum)
        if expected is None:  # a custom tier that starts under any rate card's first band
            assert row.minimum < 1_000
            continue
        assert row.cost is not None
        assert row.cost.low <= expected.low


# -- define -------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme_id", list(builtin_schemes()))
@pytest.mark.parametrize("tier", ALL_TIERS)
def test_every_tier_has_figures_under_every_scheme(scheme_id: str, tier: Tier) -> None:
    scheme = get_scheme(scheme_id)

    figures = tier_figures(tier, scheme)

    own = scheme.range_of(tier)
    assert figures.from_fallback == (own is None)
    if own is not None:
        assert figures.range == own
        assert figures.range_scheme == scheme
    else:
        assert figures.range_scheme.range_of(tier) == figures.range
        assert figures.places_in_scheme  # says where this scheme puts those accounts
    # Every tier's size is priced on some platform, except a tier wholly under the smallest
    # size any rate card prices (the fitness guide's nano, under 1K): no price, not a guess.
    assert bool(figures.costs) == (figures.range.maximum is None or figures.range.maximum > 1_000)
    assert len(figures.engagement) + len(figures.no_engagement_band) == len(benchmark_keys())


def test_mid_under_the_default_scheme_uses_the_industry_range() -> None:
    figures = tier_figures(Tier.MID, get_scheme("four-tier"))

    assert figures.from_fallback
    assert figures.range_scheme.id == "industry"
    assert figures.places_in_scheme == ("micro", "macro")


def test_places_in_range_reports_gaps_and_the_emerging_band() -> None:
    assert places_in_range(get_scheme("fitness-guide"), 40_000, 2_000_000) == (
        "micro",
        "unnamed",
        "mega",
    )
    assert places_in_range(get_scheme("four-tier"), 0, 5_000) == ("emerging", "nano")
