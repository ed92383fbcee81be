"""Tier schemes: every boundary, the gap, the emerging band, custom schemes, storage."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from bot.domain.sources import get_source
from bot.domain.tier import Tier
from bot.domain.tiers import (
    DEFAULT_SCHEME_ID,
    Classification,
    SchemeError,
    TierScheme,
    UnknownSchemeError,
    builtin_schemes,
    classify,
    classify_across_schemes,
    format_count,
    get_scheme,
    tier_across_schemes,
)

NANO, MICRO, MID, MACRO, MEGA = Tier.NANO, Tier.MICRO, Tier.MID, Tier.MACRO, Tier.MEGA
EMERGING = "emerging (below nano)"
GAP = "no tier (this scheme skips 50K–1M)"

# Written from FACTS.md §1, not read from the data: (first follower count, tier or label).
EXPECTED: dict[str, list[tuple[int, Tier | str]]] = {
    "four-tier": [
        (0, EMERGING),
        (1_000, NANO),
        (10_000, MICRO),
        (100_000, MACRO),
        (1_000_000, MEGA),
    ],
    "industry": [
        (0, EMERGING),
        (1_000, NANO),
        (10_000, MICRO),
        (50_000, MID),
        (500_000, MACRO),
        (1_000_000, MEGA),
    ],
    "later-fohr": [(0, NANO), (10_000, MICRO), (100_000, MID), (500_000, MACRO), (1_000_000, MEGA)],
    "fitness-guide": [(0, NANO), (1_000, MICRO), (50_000, GAP), (1_000_000, MEGA)],
    "impact": [(0, NANO), (15_000, MICRO), (75_000, MID), (250_000, MACRO), (1_000_000, MEGA)],
    "duel": [
        (0, EMERGING),
        (1_000, NANO),
        (10_000, MICRO),
        (50_000, MID),
        (250_000, MACRO),
        (1_000_000, MEGA),
    ],
    "iconosquare": [(0, NANO), (10_000, MICRO), (100_000, MACRO), (1_000_000, MEGA)],
}


def place(c: Classification) -> Tier | str:
    return c.tier if c.tier is not None else c.label


BOUNDARY_CASES = [
    (scheme_id, bands[i - 1][1], start, bands[i][1])
    for scheme_id, bands in EXPECTED.items()
    for i, (start, _) in enumerate(bands)
    if i > 0
]


def test_builtin_schemes_are_the_expected_ones_default_first() -> None:
    schemes = builtin_schemes()
    assert list(schemes) == list(EXPECTED)
    assert DEFAULT_SCHEME_ID == "four-tier"
    assert next(iter(schemes)) == DEFAULT_SCHEME_ID
    for scheme in schemes.values():
        assert scheme.description
        assert scheme.source_ids
        assert not scheme.is_custom
        for source_id in scheme.source_ids:
            get_source(source_id)


@pytest.mark.parametrize(("scheme_id", "below", "boundary", "above"), BOUNDARY_CASES)
def test_every_boundary_minus_one_at_plus_one(
    scheme_id: str, below: Tier | str, boundary: int, above: Tier | str
) -> None:
    scheme = get_scheme(scheme_id)
    assert place(scheme.classify(boundary - 1)) == below
    # A lower bound belongs to the tier it starts.
    assert place(scheme.classify(boundary)) == above
    assert place(scheme.classify(boundary + 1)) == above
    assert scheme.classify(boundary).band_min == boundary
    assert scheme.classify(boundary - 1).band_max == boundary


@pytest.mark.parametrize("scheme_id", list(EXPECTED))
def test_zero_and_huge_counts(scheme_id: str) -> None:
    scheme = get_scheme(scheme_id)
    assert place(scheme.classify(0)) == EXPECTED[scheme_id][0][1]
    top = scheme.classify(3_000_000_000)
    assert top.tier is MEGA
    assert top.band_max is None
    assert top.band_label == "1M+"


def test_below_first_tier_is_a_label_not_an_error() -> None:
    for followers in (0, 1, 500, 999):
        c = get_scheme("four-tier").classify(followers)
        assert c.tier is None
        assert c.below_first_tier
        assert not c.in_gap
        assert c.label == EMERGING
        assert c.band_label == "under 1K"


def test_seed_003_gap_is_explicit() -> None:
    scheme = get_scheme("fitness-guide")
    assert scheme.tiers == (NANO, MICRO, MEGA)
    for followers in (50_000, 250_000, 999_999):
        c = scheme.classify(followers)
        assert c.tier is None
        assert c.in_gap
        assert not c.below_first_tier
        assert c.label == GAP
        assert (c.band_min, c.band_max) == (50_000, 1_000_000)
    assert scheme.gaps == ((50_000, 1_000_000, GAP),)
    # Micro starts at 1,000, so exactly 1,000 is micro, and the scheme's note says so in the
    # same words as its range list ("nano under 1K · micro 1K–50K").
    assert scheme.classify(1_000).tier is MICRO
    assert "exactly 1K is micro" in scheme.note


def test_ten_thousand_is_micro_in_seed_scheme() -> None:
    assert classify(10_000).tier is MICRO
    assert classify(9_999).tier is NANO


def test_negative_followers_rejected() -> None:
    with pytest.raises(ValueError):
        get_scheme("four-tier").classify(-1)


def test_tiers_and_ranges() -> None:
    assert get_scheme("industry").tiers == (NANO, MICRO, MID, MACRO, MEGA)
    iconosquare = get_scheme("iconosquare")
    assert MID not in iconosquare.tiers
    assert iconosquare.range_of(MID) is None
    macro = iconosquare.range_of(MACRO)
    assert macro is not None
    assert (macro.minimum, macro.maximum, macro.label) == (100_000, 1_000_000, "100K–1M")
    nano = get_scheme("impact").range_of(NANO)
    assert nano is not None
    assert nano.label == "under 15K"
    assert nano.contains(0)
    assert not nano.contains(15_000)


def test_unknown_scheme() -> None:
    with pytest.raises(UnknownSchemeError) as info:
        get_scheme("nope")
    assert "four-tier" in str(info.value)
    assert isinstance(info.value, LookupError)


def test_format_count() -> None:
    assert [format_count(n) for n in (0, 999, 1_000, 2_500, 15_000, 1_000_000, 2_500_000)] == [
        "0",
        "999",
        "1K",
        "2.5K",
        "15K",
        "1M",
        "2.5M",
    ]
    # Never round a custom threshold away.
    assert format_count(12_345) == "12,345"


# -- monotonic property ---------------------------------------------------------------------


def order(scheme: TierScheme, c: Classification) -> float:
    """Emerging is lowest; a gap sits between its neighbours."""
    if c.below_first_tier:
        return -1.0
    if c.tier is not None:
        return float(c.tier.rank)
    previous = scheme.classify(c.band_min - 1)
    assert previous.tier is not None
    return previous.tier.rank + 0.5


@given(
    scheme_id=st.sampled_from(list(EXPECTED)),
    a=st.integers(min_value=0, max_value=5_000_000_000),
    b=st.integers(min_value=0, max_value=5_000_000_000),
)
def test_tier_never_shrinks_as_followers_grow(scheme_id: str, a: int, b: int) -> None:
    scheme = get_scheme(scheme_id)
    low, high = sorted((a, b))
    assert order(scheme, scheme.classify(low)) <= order(scheme, scheme.classify(high))


@given(
    thresholds=st.lists(
        st.integers(min_value=1, max_value=10_000_000), min_size=5, max_size=5, unique=True
    ),
    with_mid=st.booleans(),
    followers=st.lists(st.integers(min_value=0, max_value=20_000_000), min_size=2, max_size=2),
)
def test_custom_schemes_are_monotonic_too(
    thresholds: list[int], with_mid: bool, followers: list[int]
) -> None:
    nano, micro, mid, macro, mega = sorted(thresholds)
    scheme = TierScheme.custom(
        nano=nano, micro=micro, mid=mid if with_mid else None, macro=macro, mega=mega
    )
    low, high = sorted(followers)
    assert order(scheme, scheme.classify(low)) <= order(scheme, scheme.classify(high))


# -- near boundary --------------------------------------------------------------------------


def test_near_boundary_both_sides_and_exact_ten_percent() -> None:
    seed = get_scheme("four-tier")
    just_under = seed.classify(9_000)  # exactly 10% under 10K
    assert just_under.tier is NANO
    assert just_under.near_boundary is not None
    assert just_under.near_boundary.boundary == 10_000
    assert just_under.near_boundary.neighbour is MICRO
    assert just_under.near_boundary.side == "below"
    assert just_under.near_boundary.distance == 1_000
    assert seed.classify(8_999).near_boundary is None

    just_over = seed.classify(11_000)  # exactly 10% over 10K
    assert just_over.tier is MICRO
    assert just_over.near_boundary is not None
    assert just_over.near_boundary.neighbour is NANO
    assert just_over.near_boundary.side == "above"
    assert seed.classify(11_001).near_boundary is None

    on = seed.classify(100_000)
    assert on.near_boundary is not None
    assert (on.near_boundary.boundary, on.near_boundary.distance) == (100_000, 0)
    assert on.near_boundary.neighbour is MICRO

    assert seed.classify(50_000).near_boundary is None


def test_near_boundary_at_the_edges_of_emerging_and_gap() -> None:
    emerging = get_scheme("four-tier").classify(950)
    assert emerging.near_boundary is not None
    assert emerging.near_boundary.neighbour is NANO
    # Zero is no boundary, so a tiny nano account in a scheme starting at 0 is not "near".
    assert get_scheme("iconosquare").classify(5).near_boundary is None

    gap_side = get_scheme("fitness-guide").classify(52_000)
    assert gap_side.near_boundary is not None
    assert gap_side.near_boundary.neighbour is MICRO
    into_gap = get_scheme("fitness-guide").classify(48_000)
    assert into_gap.near_boundary is not None
    assert into_gap.near_boundary.neighbour is None
    assert into_gap.near_boundary.neighbour_label == GAP


def test_near_boundary_picks_the_closer_edge_in_a_tiny_band() -> None:
    scheme = TierScheme.custom(nano=1_000, micro=1_050, macro=1_100, mega=5_000)
    c = scheme.classify(1_090)
    assert c.tier is MICRO
    assert c.near_boundary is not None
    assert c.near_boundary.boundary == 1_100


@given(
    scheme_id=st.sampled_from(list(EXPECTED)),
    followers=st.integers(min_value=0, max_value=3_000_000),
)
def test_near_boundary_matches_its_definition(scheme_id: str, followers: int) -> None:
    scheme = get_scheme(scheme_id)
    boundaries = [start for start, _ in EXPECTED[scheme_id] if start > 0]
    near = [b for b in boundaries if abs(followers - b) * 10 <= b]
    c = scheme.classify(followers)
    if near:
        assert c.near_boundary is not None
        assert c.near_boundary.boundary in near
        assert c.near_boundary.distance == abs(followers - c.near_boundary.boundary)
    else:
        assert c.near_boundary is None


# -- across schemes -------------------------------------------------------------------------


def test_tier_across_schemes() -> None:
    mid = {row.scheme_id: row.range for row in tier_across_schemes(MID)}
    assert list(mid) == list(EXPECTED)
    assert mid["four-tier"] is None
    assert mid["iconosquare"] is None
    assert mid["fitness-guide"] is None
    industry_mid = mid["industry"]
    assert industry_mid is not None
    assert industry_mid.label == "50K–500K"
    micro = {row.scheme_id: row.range for row in tier_across_schemes(MICRO)}
    labels = {scheme_id: r.label for scheme_id, r in micro.items() if r is not None}
    assert labels["four-tier"] == "10K–100K"
    assert labels["fitness-guide"] == "1K–50K"
    assert labels["impact"] == "15K–75K"


def test_classify_across_schemes_reports_where_it_differs() -> None:
    spread = classify_across_schemes(60_000)
    assert spread.reference.scheme_id == "four-tier"
    assert spread.reference.tier is MICRO
    assert "four-tier" not in {c.scheme_id for c in spread.others}
    differing = {c.scheme_id: place(c) for c in spread.differing}
    assert differing == {"industry": MID, "duel": MID, "fitness-guide": GAP}
    assert not spread.agrees

    assert classify_across_schemes(5_000_000).agrees


def test_classify_across_schemes_with_a_custom_reference() -> None:
    custom = TierScheme.custom(nano=100, micro=5_000, macro=200_000, mega=2_000_000)
    spread = classify_across_schemes(1_500_000, reference=custom)
    assert spread.reference.tier is MACRO
    # A custom reference is compared with every built-in scheme, the default included.
    assert {c.scheme_id for c in spread.differing} == set(EXPECTED)


# -- custom schemes and storage ---------------------------------------------------------------


def test_custom_scheme_with_and_without_mid() -> None:
    four = TierScheme.custom(nano=500, micro=5_000, macro=100_000, mega=1_000_000)
    assert four.tiers == (NANO, MICRO, MACRO, MEGA)
    assert four.is_custom
    assert four.classify(499).label == EMERGING
    assert four.classify(50_000).tier is MICRO
    five = TierScheme.custom(nano=500, micro=5_000, mid=20_000, macro=100_000, mega=1_000_000)
    assert five.classify(50_000).tier is MID
    assert five.citation == "set by this server"


@pytest.mark.parametrize(
    ("kwargs", "field", "reason_part"),
    [
        ({"nano": 1_000, "micro": 1_000, "macro": 5_000, "mega": 9_000}, "micro", "more than"),
        ({"nano": 1_000, "micro": 500, "macro": 5_000, "mega": 9_000}, "micro", "more than"),
        (
            {"nano": 1_000, "micro": 5_000, "mid": 4_000, "macro": 6_000, "mega": 9_000},
            "mid",
            "more than",
        ),
        ({"nano": 1_000, "micro": 5_000, "macro": 9_000, "mega": 9_000}, "mega", "more than"),
        ({"nano": None, "micro": 5_000, "macro": 6_000, "mega": 9_000}, "nano", "required"),
        ({"nano": 1_000, "micro": 5_000, "macro": None, "mega": 9_000}, "macro", "required"),
        ({"nano": 1_000, "micro": 5_000, "macro": 6_000, "mega": None}, "mega", "required"),
        ({"nano": 0, "micro": 5_000, "macro": 6_000, "mega": 9_000}, "nano", "at least 1"),
        ({"nano": -5, "micro": 5_000, "macro": 6_000, "mega": 9_000}, "nano", "at least 1"),
        ({"nano": 10, "micro": -5, "macro": 6_000, "mega": 9_000}, "micro", "at least 1"),
        ({"nano": True, "micro": 5_000, "macro": 6_000, "mega": 9_000}, "nano", "whole number"),
        ({"nano": 1, "micro": 5_000, "macro": 6_000, "mega": 10**12}, "mega", "more than any"),
    ],
)
def test_custom_scheme_validation(
    kwargs: dict[str, int | None], field: str, reason_part: str
) -> None:
    with pytest.raises(SchemeError) as info:
        TierScheme.custom(**kwargs)
    assert isinstance(info.value, ValueError)
    assert info.value.field == field
    assert reason_part in info.value.reason
    assert field in str(info.value)


def test_custom_rejects_a_float_threshold() -> None:
    with pytest.raises(SchemeError) as info:
        TierScheme.custom(nano=1.5, micro=5_000, macro=6_000, mega=9_000)  # type: ignore[arg-type]
    assert info.value.field == "nano"


def test_builtin_scheme_json_round_trip() -> None:
    for scheme in builtin_schemes().values():
        stored = scheme.to_json()
        assert json.loads(stored) == {"id": scheme.id}
        assert TierScheme.from_json(stored) is scheme
        # The full model serialises too (for exports and caches).
        assert TierScheme.model_validate_json(scheme.model_dump_json()) == scheme


def test_custom_scheme_json_round_trip() -> None:
    custom = TierScheme.custom(nano=800, micro=12_345, macro=150_000, mega=2_000_000)
    stored = custom.to_json()
    assert json.loads(stored)["minimums"] == {
        "nano": 800,
        "micro": 12_345,
        "mid": None,
        "macro": 150_000,
        "mega": 2_000_000,
    }
    again = TierScheme.from_json(stored)
    assert again == custom
    assert again.classify(12_345).tier is MICRO
    assert TierScheme.model_validate_json(custom.model_dump_json()) == custom


@pytest.mark.parametrize(
    "stored",
    [
        "not json",
        "[]",
        "{}",
        '{"id": "custom"}',
        '{"id": "custom", "minimums": {"nano": 5, "micro": 1, "macro": 9, "mega": 99}}',
        '{"id": "custom", "minimums": {"nano": 5, "giga": 1}}',
    ],
)
def test_bad_stored_scheme_is_a_scheme_error(stored: str) -> None:
    with pytest.raises(SchemeError):
        TierScheme.from_json(stored)


def test_unknown_stored_builtin_id() -> None:
    with pytest.raises(UnknownSchemeError):
        TierScheme.from_json('{"id": "gone"}')


def test_classification_serialises() -> None:
    c = get_scheme("four-tier").classify(9_500)
    dumped = json.loads(TypeAdapter(Classification).dump_json(c))
    assert dumped["tier"] == "nano"
    assert dumped["near_boundary"]["neighbour"] == "micro"


def test_bad_builtin_data_is_rejected() -> None:
    from bot.domain.tiers import Band

    with pytest.raises(ValueError):
        TierScheme(
            id="x", name="x", description="x", source_ids=(), bands=(Band(minimum=0, tier=NANO),)
        )
    with pytest.raises(ValueError):
        TierScheme(
            id="x",
            name="x",
            description="x",
            source_ids=("seed-000",),
            bands=(Band(minimum=0, tier=MICRO), Band(minimum=10, tier=NANO)),
        )
    with pytest.raises(ValueError):
        TierScheme(
            id="x",
            name="x",
            description="x",
            source_ids=("seed-000",),
            bands=(Band(minimum=0, tier=NANO), Band(minimum=10), Band(minimum=20)),
        )


# -- tier profiles --------------------------------------------------------------------------


def test_every_tier_has_a_complete_sourced_profile() -> None:
    from bot.domain.knowledge import uncovered_numbers
    from bot.domain.tier_profiles import DEFINE_ASPECTS, MAX_ASPECT_CHARS, tier_profiles

    profiles = tier_profiles()
    assert list(profiles) == [NANO, MICRO, MID, MACRO, MEGA]
    for tier, profile in profiles.items():
        assert profile.tier is tier
        assert profile.headline
        for name, label in DEFINE_ASPECTS:
            aspect = profile.aspect(name)
            assert label
            assert 0 < len(aspect.text) <= MAX_ASPECT_CHARS, (tier, name)
            assert aspect.sources, (tier, name)
            for source_id in aspect.sources:
                get_source(source_id)
            values = [figure.value for figure in aspect.figures]
            assert uncovered_numbers(aspect.text, values) == [], (tier, name)
            for figure in aspect.figures:
                assert figure.value in aspect.text
                assert figure.source in aspect.sources
        assert profile.citation


def test_mid_says_honestly_that_the_seeds_are_silent() -> None:
    from bot.domain.tier_profiles import tier_profile

    mid = tier_profile(MID)
    assert mid.seed_guidance == "none"
    # No note about which guides are silent (judge 8: meta-talk a client must not see): the
    # aspects that rest on our estimate cite it, and the reply names them once at the end.
    assert mid.note == ""
    seed_sources = {f"seed-00{i}" for i in range(4)}
    assert not seed_sources & set(mid.sources)
    # Where no source speaks, the aspect cites our estimate; the reply names it once at the
    # end (bot/render/tiers.py), so the text itself carries no hedge and no "Tierbot".
    for name in ("reach", "content", "trust", "best_for"):
        aspect = mid.aspect(name)
        assert aspect.sources == ("tierbot-model",)
        assert "assumption" not in aspect.text and "Tierbot" not in aspect.text
    assert tier_profile(NANO).seed_guidance == "full"
    assert tier_profile(MACRO).seed_guidance == "partial"
    # A tier the seeds cover only partly rests partly on our estimate, which the reply says.
    assert any(tier_profile(MACRO).aspect(name).is_estimate for name in ("reach", "content"))


def test_compare_rows_follow_the_compare_aspects() -> None:
    from bot.domain.tier_profiles import COMPARE_ASPECTS, compare_tiers, tier_profile

    rows = compare_tiers(NANO, MEGA)
    assert [row.aspect for row in rows] == [name for name, _ in COMPARE_ASPECTS]
    assert [row.label for row in rows] == [
        "Followers",
        "Engagement",
        "Reach",
        "Cost",
        "Content",
        "Trust",
        "Campaign goals",
    ]
    assert rows[0].first == tier_profile(NANO).followers
    assert rows[0].second == tier_profile(MEGA).followers


def test_profile_aspect_validation() -> None:
    from bot.domain.knowledge import Figure
    from bot.domain.tier_profiles import ProfileAspect, tier_profile

    with pytest.raises(ValueError):
        ProfileAspect(text="Costs about $500.", sources=("imh-rates-2021",))
    with pytest.raises(ValueError):
        ProfileAspect(text="No sources.", sources=())
    with pytest.raises(ValueError):
        ProfileAspect(text="Unknown.", sources=("nowhere",))
    ok = ProfileAspect(
        text="Costs about $500.",
        sources=("imh-rates-2021",),
        figures=(Figure(value="$500", source="imh-rates-2021"),),
    )
    assert ok.citation
    with pytest.raises(KeyError):
        tier_profile(NANO).aspect("headline")
