"""What moves when a server changes scheme, and where schemes disagree on a tier."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.scheme_diff import scheme_changes, tier_spread
from bot.domain.tier import ALL_TIERS, Tier
from bot.domain.tiers import TierScheme, builtin_schemes, get_scheme

SCHEME_IDS = list(builtin_schemes())


def place(scheme: TierScheme, followers: int) -> str:
    found = scheme.classify(followers)
    if found.tier is not None:
        return found.tier.value
    return "emerging" if found.below_first_tier else "unnamed"


def test_seed_to_industry_moves_the_middle_into_mid() -> None:
    changes = scheme_changes(get_scheme("four-tier"), get_scheme("industry"))

    assert [(c.minimum, c.maximum, c.before, c.after) for c in changes] == [
        (50_000, 100_000, "micro", "mid"),
        (100_000, 500_000, "macro", "mid"),
    ]


def test_the_same_scheme_moves_nothing() -> None:
    assert scheme_changes(get_scheme("duel"), get_scheme("duel")) == ()


def test_seed_003_turns_macro_accounts_into_the_unnamed_band() -> None:
    changes = scheme_changes(get_scheme("four-tier"), get_scheme("fitness-guide"))

    assert ("macro", "unnamed") in {(c.before, c.after) for c in changes}
    assert ("emerging", "nano") in {(c.before, c.after) for c in changes}


@given(
    st.sampled_from(SCHEME_IDS),
    st.sampled_from(SCHEME_IDS),
    st.integers(0, 20_000_000),
)
def test_an_account_moves_exactly_when_a_change_covers_it(
    before_id: str, after_id: str, followers: int
) -> None:
    before, after = get_scheme(before_id), get_scheme(after_id)
    changes = scheme_changes(before, after)

    covering = [
        c
        for c in changes
        if c.minimum <= followers and (c.maximum is None or followers < c.maximum)
    ]
    old, new = place(before, followers), place(after, followers)
    if old == new:
        assert covering == []
    else:
        assert [(c.before, c.after) for c in covering] == [(old, new)]


@given(st.sampled_from(SCHEME_IDS), st.sampled_from(SCHEME_IDS))
def test_changes_are_merged_and_ordered(before_id: str, after_id: str) -> None:
    changes = scheme_changes(get_scheme(before_id), get_scheme(after_id))

    for earlier, later in itertools.pairwise(changes):
        assert earlier.maximum is not None and earlier.maximum <= later.minimum
        touching = earlier.maximum == later.minimum
        assert not (touching and (earlier.before, earlier.after) == (later.before, later.after))


def test_micro_starts_at_1k_in_seed_003_and_10k_in_most_schemes() -> None:
    spread = tier_spread(Tier.MICRO)

    assert spread.starts[0].value == 10_000  # the most common start leads
    by_value = {group.value: group.scheme_ids for group in spread.starts}
    assert by_value[1_000] == ("fitness-guide",)
    assert not spread.agrees


def test_schemes_without_mid_are_listed_as_missing() -> None:
    spread = tier_spread(Tier.MID)

    assert set(spread.missing) == {"four-tier", "fitness-guide", "iconosquare"}


def test_every_scheme_agrees_on_mega() -> None:
    spread = tier_spread(Tier.MEGA)

    assert spread.agrees
    assert spread.starts[0].value == 1_000_000
    assert spread.ends[0].value is None


@pytest.mark.parametrize("tier", ALL_TIERS)
def test_every_scheme_is_accounted_for(tier: Tier) -> None:
    spread = tier_spread(tier)

    named = [scheme for group in spread.starts for scheme in group.scheme_ids]
    assert sorted([*named, *spread.missing]) == sorted(SCHEME_IDS)
    assert sorted(s for g in spread.ends for s in g.scheme_ids) == sorted(named)


def test_a_custom_scheme_leads_the_spread() -> None:
    custom = TierScheme.custom(nano=500, micro=5_000, macro=200_000, mega=2_000_000)

    spread = tier_spread(Tier.MICRO, custom)

    assert spread.ranges[0].scheme_id == "custom"
    assert spread.ranges[0].range is not None
    assert spread.ranges[0].range.minimum == 5_000
    assert len(spread.ranges) == len(SCHEME_IDS) + 1
