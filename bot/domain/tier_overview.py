"""The figures behind /tiers overview and /tiers define, for any follower range.

Benchmarks and rate cards are published by follower size in the sources' own bands (Modash's
10K–50K, the rate card's industry cut), not by any one scheme's tier names. So a tier is
given figures by its size: every source band that overlaps the tier's range contributes,
and the figure shown spans them all. A custom micro of 1K–20K therefore gets the figures
for 1K–20K accounts, whatever the sources call that size.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.benchmarks import Basis, benchmark_data
from bot.domain.costs import cost_table
from bot.domain.creator_size import SizedPrice, priced_platforms, resolve_range
from bot.domain.platforms import Platform
from bot.domain.tier import Tier
from bot.domain.tier_profiles import ProfileAspect, tier_profile
from bot.domain.tiers import TierRange, TierScheme, builtin_schemes, get_scheme

OVERVIEW_PLATFORM = Platform.INSTAGRAM
"""The overview table's one platform: the only one with an engagement band and a rate card
for every size from 1K to 1M+."""


def _overlaps(low: int, high: int | None, minimum: int, maximum: int | None) -> bool:
    """Whether [low, high) and [minimum, maximum) share any follower count (None: open)."""
    return (maximum is None or low < maximum) and (high is None or high > minimum)


@dataclass(frozen=True, slots=True)
class EngagementSpan:
    """The typical engagement for a follower range on one platform, from the source's bands."""

    platform: Platform
    basis: Basis
    low: float  # fractions: 0.0084 is 0.84%
    high: float
    covered_min: int  # the follower sizes the source's bands actually cover
    covered_max: int | None
    source_ids: tuple[str, ...]
    year: int


@dataclass(frozen=True, slots=True)
class CostSpan:
    """The published cost per post for a follower range on one platform (USD)."""

    platform: Platform
    low: float
    high: float | None  # None: open-ended ("$10K and up")
    approximate: bool  # built from point estimates ("about $1,000"), not ranges
    rows: tuple[SizedPrice, ...]  # the rate card's own size bands inside the range
    covered_min: int  # no price below this size (the smallest band the card publishes)
    source_ids: tuple[str, ...]


def benchmark_keys() -> tuple[tuple[Platform, Basis], ...]:
    """Every (platform, basis) with published bands, in the data file's order."""
    return tuple(benchmark_data().bands)


def engagement_for_range(
    platform: Platform, basis: Basis, minimum: int, maximum: int | None
) -> EngagementSpan | None:
    """The span of the resolver's benchmark rows for [minimum, maximum); None when none.

    The rows are exactly the bands `creator_size.resolve_size` gives creators of those
    sizes, so a tier's figure always contains what /classify shows for its creators.
    """
    _, bands = resolve_range(platform, minimum, maximum, basis)
    if not bands:
        return None
    return EngagementSpan(
        platform=platform,
        basis=basis,
        low=min(band.low for band in bands),
        high=max(band.high for band in bands),
        covered_min=bands[0].size_min,
        covered_max=bands[-1].size_max,
        source_ids=tuple(dict.fromkeys(s for band in bands for s in band.source_ids)),
        year=max(band.year for band in bands),
    )


def cost_for_range(platform: Platform, minimum: int, maximum: int | None) -> CostSpan | None:
    """The resolver's prices for accounts in [minimum, maximum), by the rate card's sizes."""
    rows, _ = resolve_range(platform, minimum, maximum)
    if not rows:
        return None
    return CostSpan(
        platform=platform,
        low=min(row.low for row in rows),
        high=None if any(r.high is None for r in rows) else max(r.high or 0.0 for r in rows),
        approximate=any(row.approximate for row in rows),
        rows=rows,
        covered_min=rows[0].size_min,
        source_ids=tuple(dict.fromkeys(s for row in rows for s in row.source_ids)),
    )


# -- /tiers overview -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OverviewRow:
    """One line of the overview: a tier, or a band the scheme leaves unnamed (tier None)."""

    tier: Tier | None
    label: str  # "Nano", or the scheme's words for the unnamed band
    minimum: int
    maximum: int | None  # exclusive; None = open-ended
    engagement: EngagementSpan | None
    cost: CostSpan | None
    best_for: ProfileAspect | None  # None for an unnamed band

    @property
    def range_label(self) -> str:
        return TierRange(tier=Tier.NANO, minimum=self.minimum, maximum=self.maximum).label


@dataclass(frozen=True, slots=True)
class TierOverview:
    """A scheme as one table: range, typical engagement, cost per post and best use per tier."""

    scheme: TierScheme
    platform: Platform
    basis: Basis
    rows: tuple[OverviewRow, ...]
    emerging_below: int | None  # accounts under this are below the first tier; None: no floor

    @property
    def engagement_source_ids(self) -> tuple[str, ...]:
        ids = (s for row in self.rows if row.engagement for s in row.engagement.source_ids)
        return tuple(dict.fromkeys(ids))

    @property
    def cost_source_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for row in self.rows if row.cost for s in row.cost.source_ids))

    @property
    def best_for_source_ids(self) -> tuple[str, ...]:
        ids = (s for row in self.rows if row.best_for for s in row.best_for.sources)
        return tuple(dict.fromkeys(ids))


def tier_overview(
    scheme: TierScheme, platform: Platform = OVERVIEW_PLATFORM, basis: Basis = Basis.FOLLOWERS
) -> TierOverview:
    """The overview table of `scheme`, smallest band first, unnamed bands included."""
    bands: list[tuple[Tier | None, str, int, int | None]] = [
        (r.tier, r.tier.label, r.minimum, r.maximum) for r in scheme.ranges
    ]
    bands.extend((None, label, low, high) for low, high, label in scheme.gaps)
    bands.sort(key=lambda band: band[2])
    rows = tuple(
        OverviewRow(
            tier=tier,
            label=label,
            minimum=low,
            maximum=high,
            engagement=engagement_for_range(platform, basis, low, high),
            cost=cost_for_range(platform, low, high),
            best_for=tier_profile(tier).best_for if tier is not None else None,
        )
        for tier, label, low, high in bands
    )
    first = scheme.bands[0].minimum
    return TierOverview(
        scheme=scheme,
        platform=platform,
        basis=basis,
        rows=rows,
        emerging_below=first if first > 0 else None,
    )


# -- /tiers define ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TierFigures:
    """Engagement and cost per platform for one tier, at the size a scheme gives it."""

    tier: Tier
    range: TierRange
    range_scheme: TierScheme  # whose range the figures use
    from_fallback: bool  # True when the guild's scheme has no such tier
    engagement: tuple[EngagementSpan, ...]
    no_engagement_band: tuple[tuple[Platform, Basis], ...]  # published, but not for this size
    costs: tuple[CostSpan, ...]
    places_in_scheme: tuple[str, ...]  # where the scheme puts accounts of that size


def reference_range(tier: Tier, scheme: TierScheme) -> tuple[TierRange, TierScheme, bool]:
    """The range `scheme` gives `tier`; without one, the rate card's scheme's, else the first
    built-in scheme naming it. Returns (range, its scheme, whether it is a fallback)."""
    found = scheme.range_of(tier)
    if found is not None:
        return found, scheme, False
    candidates = [get_scheme(cost_table().rate_card_scheme), *builtin_schemes().values()]
    for candidate in candidates:
        found = candidate.range_of(tier)
        if found is not None:
            return found, candidate, True
    raise LookupError(f"no built-in scheme names {tier}")  # the data guarantees one does


def tier_figures(tier: Tier, scheme: TierScheme) -> TierFigures:
    """Per-platform engagement and cost for `tier` at its size in `scheme` (or a fallback)."""
    found, range_scheme, fallback = reference_range(tier, scheme)
    engagement: list[EngagementSpan] = []
    missing: list[tuple[Platform, Basis]] = []
    for platform, basis in benchmark_keys():
        span = engagement_for_range(platform, basis, found.minimum, found.maximum)
        if span is None:
            missing.append((platform, basis))
        else:
            engagement.append(span)
    costs = tuple(
        cost
        for platform in priced_platforms()
        if (cost := cost_for_range(platform, found.minimum, found.maximum)) is not None
    )
    return TierFigures(
        tier=tier,
        range=found,
        range_scheme=range_scheme,
        from_fallback=fallback,
        engagement=tuple(engagement),
        no_engagement_band=tuple(missing),
        costs=costs,
        places_in_scheme=places_in_range(scheme, found.minimum, found.maximum),
    )


def places_in_range(scheme: TierScheme, minimum: int, maximum: int | None) -> tuple[str, ...]:
    """The tiers (or "emerging", "unnamed") `scheme` gives accounts in [minimum, maximum)."""
    starts = [minimum, *(b.minimum for b in scheme.bands if _inside(b.minimum, minimum, maximum))]
    places: list[str] = []
    for start in sorted(set(starts)):
        placed = scheme.classify(start)
        if placed.tier is not None:
            places.append(placed.tier.value)
        else:
            places.append("emerging" if placed.below_first_tier else "unnamed")
    return tuple(dict.fromkeys(places))


def _inside(value: int, minimum: int, maximum: int | None) -> bool:
    return value >= minimum and (maximum is None or value < maximum)
