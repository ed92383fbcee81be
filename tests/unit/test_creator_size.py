"""The size resolver: one creator's tier, price and benchmark, and a tier's figures, agree."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.creator_size import (
    SizedPrice,
    benchmark_at,
    benchmark_family,
    card_platform,
    price_at,
    priced_rows,
    resolve_size,
    resolve_tier,
)
from bot.domain.metrics import Basis
from bot.domain.platforms import Platform
from bot.domain.tier import Tier
from bot.domain.tiers import TierScheme, builtin_schemes, default_scheme, get_scheme

IG = Platform.INSTAGRAM
BOUNDARIES = sorted(
    {b.minimum for s in builtin_schemes().values() for b in s.bands}
    | {1_000, 5_000, 10_000, 50_000, 100_000, 500_000, 1_000_000}
)
GRID = sorted({0, 1, 2, 21, *BOUNDARIES, *(b - 1 for b in BOUNDARIES if b), 1_500_000})


def test_a_50k_instagram_creator_is_priced_for_its_size_not_its_tier_name() -> None:
    size = resolve_size(IG, 50_000, get_scheme("industry"))
    assert size.price is not None
    assert (size.price.low, size.price.high) == (500, 5000)
    assert size.price.size_label == "50K–500K"
    # The four-tier default calls the same account micro; its price does not change.
    default = resolve_size(IG, 50_000, next(iter(builtin_schemes().values())))
    assert default.tier is Tier.MICRO
    assert default.price == size.price


def test_below_the_smallest_rate_card_band_there_is_no_price() -> None:
    size = resolve_size(IG, 300, get_scheme("industry"))
    assert size.price is None
    assert size.price_gap == "no published rate card prices accounts under 1K followers"
    assert resolve_size(IG, 1, get_scheme("industry")).price is None


def _card_row(price: SizedPrice) -> tuple[float, float | None, int, int | None]:
    return (price.low, price.high, price.size_min, price.size_max)


def _priced_rows_of(platform: Platform, low: int, high: int | None) -> list[tuple[Any, ...]]:
    """The rows every reply prices `platform` with (its own card, or the stand-in's widened to
    take in the platform's own published point), for creators in [low, high)."""
    return [
        _card_row(row)
        for row in priced_rows(platform)
        if (high is None or row.size_min < high) and (row.size_max is None or low < row.size_max)
    ]


def test_platforms_without_a_rate_card_get_the_stand_in_card_marked_as_such() -> None:
    size = resolve_size(Platform.TWITCH, 50_000, get_scheme("industry"))
    instagram = price_at(IG, 50_000)
    assert size.price is not None and instagram is not None
    assert size.price.stands_in_for is Platform.TWITCH
    assert _card_row(size.price) == _card_row(instagram)
    assert size.price_gap is None
    tiny = resolve_size(Platform.TWITCH, 500, get_scheme("industry"))
    assert tiny.price is None
    assert tiny.price_gap == "no published rate card prices accounts under 1K followers"
    assert size.benchmark is None
    assert size.benchmark_gap is not None and "Twitch" in size.benchmark_gap


def test_each_platform_reads_one_benchmark_family() -> None:
    instagram = benchmark_family(IG)
    tiktok = benchmark_family(Platform.TIKTOK)
    assert instagram is not None and instagram.basis is Basis.FOLLOWERS
    assert tiktok is not None and tiktok.basis is Basis.VIEWS
    assert benchmark_family(Platform.TIKTOK, Basis.FOLLOWERS) is None
    band = benchmark_at(IG, 50_000)
    assert band is not None and (band.low, band.high) == (0.0075, 0.0101)


@pytest.mark.parametrize("scheme_id", list(builtin_schemes()))
@pytest.mark.parametrize("platform", list(Platform))
def test_a_creator_always_gets_one_of_its_tiers_rows(scheme_id: str, platform: Platform) -> None:
    scheme = get_scheme(scheme_id)
    for followers in GRID:
        size = resolve_size(platform, followers, scheme)
        if size.tier is None:
            continue
        tier = resolve_tier(platform, size.tier, scheme)
        assert tier is not None
        assert tier.range.contains(followers)
        if size.price is not None:
            # One of the rows that price the platform (its own card, or the stand-in's,
            # widened to take in the platform's own published point for the size).
            card = resolve_tier(card_platform(platform), size.tier, scheme)
            assert card is not None and card.price is not None
            rows = _priced_rows_of(platform, tier.range.minimum, tier.range.maximum)
            assert _card_row(size.price) in rows, (scheme_id, platform, followers)
            assert card.price.low <= size.price.low
        else:
            assert size.price_gap
        if size.benchmark is not None:
            assert size.benchmark in tier.benchmark_rows
            assert tier.benchmark is not None
            assert tier.benchmark.low <= size.benchmark.low <= size.benchmark.high
            assert size.benchmark.high <= tier.benchmark.high


def test_a_tier_that_starts_below_any_rate_card_says_so() -> None:
    nano = resolve_tier(IG, Tier.NANO, get_scheme("later-fohr"))
    assert nano is not None
    assert nano.unpriced_below == 1_000
    assert nano.price is not None and nano.price.low == 10
    assert resolve_tier(IG, Tier.MID, next(iter(builtin_schemes().values()))) is None


def test_price_at_a_stated_size_is_the_creator_price() -> None:
    assert price_at(IG, 30_000) == resolve_size(IG, 30_000, get_scheme("duel")).price


@given(
    st.lists(st.integers(1, 50_000_000), min_size=5, max_size=5, unique=True),
    st.integers(0, 60_000_000),
    st.sampled_from(list(Platform)),
)
def test_custom_schemes_agree_too(minimums: list[int], followers: int, platform: Platform) -> None:
    low = sorted(minimums)
    scheme = TierScheme.custom(nano=low[0], micro=low[1], mid=low[2], macro=low[3], mega=low[4])
    size = resolve_size(platform, followers, scheme)
    if size.tier is None:
        return
    tier = resolve_tier(platform, size.tier, scheme)
    card = resolve_tier(card_platform(platform), size.tier, scheme)
    assert tier is not None and card is not None
    rows = _priced_rows_of(platform, tier.range.minimum, tier.range.maximum)
    assert size.price is None or _card_row(size.price) in rows
    assert size.benchmark is None or size.benchmark in tier.benchmark_rows


@pytest.mark.parametrize("platform", [Platform.INSTAGRAM, Platform.TIKTOK, Platform.YOUTUBE])
def test_sizes_above_the_typical_top_creator_are_priced_in_step_with_followers(
    platform: Platform,
) -> None:
    from bot.domain.creator_size import fee_at_size, open_ended_rule
    from bot.domain.mix.model import tier_economics, tier_economics_at

    reference = open_ended_rule().reference_followers
    typical = tier_economics(Tier.MEGA, platform)
    at_typical = fee_at_size(platform, reference)
    # At the typical creator the rule gives the price /mix has always planned mega at.
    assert at_typical is not None and at_typical.planning == pytest.approx(typical.planning_price)
    # Below it the card's open-ended row applies as published, and closed rows never scale.
    assert fee_at_size(platform, reference - 1) is None
    assert fee_at_size(platform, 750_000) is None
    # Twice the followers, twice the fee; /classify and /mix read the same figure.
    double = fee_at_size(platform, 2 * reference)
    assert double is not None and double.planning == pytest.approx(2 * at_typical.planning)
    shown = resolve_size(platform, 2 * reference, default_scheme()).size_fee
    planned = tier_economics_at(Tier.MEGA, platform, 2 * reference)
    assert shown == double
    assert planned is not None and planned.planning_price == pytest.approx(double.planning)
    assert planned.price.low <= planned.planning_price <= planned.planning_high
