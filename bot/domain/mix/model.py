"""The /mix planning model: figures from bot/data/mix_model.toml plus prices from costs.py.

Everything the planner multiplies by lives here, each figure with its source ids, so the
plan can cite what it used. Prices are USD rate cards (see `TierEconomics`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from bot.domain.benchmarks import ContextFigure
from bot.domain.costs import CostRange, cpm_range
from bot.domain.creator_size import (
    STAND_IN_PLATFORM,
    SizedBenchmark,
    benchmark_at,
    benchmark_gap,
    fee_at_size,
    has_full_card,
    price_at,
    price_for,
    size_average_at,
)
from bot.domain.metrics import Basis
from bot.domain.mix.models import Goal
from bot.domain.numbers import format_percent
from bot.domain.platforms import Platform
from bot.domain.sources import get_source, load_data_file
from bot.domain.tier import ALL_TIERS, Tier

MODEL_SOURCE = "tierbot-model"
# Platforms without their own full card or CPM are planned with this one's (stated in the
# plan): the resolver's stand-in, so /mix prices a creator as /classify and /tiers ask do.
PROXY_PLATFORM = STAND_IN_PLATFORM


class Figure(BaseModel):
    """One number with the sources it comes from (and, for Tierbot's own, why)."""

    model_config = ConfigDict(frozen=True)

    value: float
    sources: tuple[str, ...]
    rationale: str | None = None

    @model_validator(mode="after")
    def _sourced(self) -> Figure:
        _check_sources(self.sources, self.rationale)
        return self


class Band(BaseModel):
    """A published range plus the point Tierbot plans with."""

    model_config = ConfigDict(frozen=True)

    low: float
    high: float | None = None
    planning: float | None = None
    sources: tuple[str, ...]
    rationale: str | None = None

    @model_validator(mode="after")
    def _sourced(self) -> Band:
        _check_sources(self.sources, self.rationale)
        if self.high is not None and self.high < self.low:
            raise ValueError(f"band {self.low}..{self.high} is reversed")
        return self


def _check_sources(sources: tuple[str, ...], rationale: str | None) -> None:
    if not sources:
        raise ValueError("every figure needs a source")
    for source_id in sources:
        get_source(source_id)
    if MODEL_SOURCE in sources and not (rationale and "seed" in rationale.lower()):
        raise ValueError("a tierbot-model figure needs a rationale citing the seed guidance")


class PerPlatformFigure(BaseModel):
    """Sponsored posts one creator can take a week, per platform (others: `other`)."""

    model_config = ConfigDict(frozen=True)

    instagram: float
    tiktok: float
    youtube: float
    other: float
    sources: tuple[str, ...]
    rationale: str | None = None

    @model_validator(mode="after")
    def _sourced(self) -> PerPlatformFigure:
        _check_sources(self.sources, self.rationale)
        return self

    def for_platform(self, platform: Platform) -> float:
        return float(getattr(self, platform.value, self.other))


class PerTierFigure(BaseModel):
    """A stated count per tier (creators a team can book before a campaign, or per week)."""

    model_config = ConfigDict(frozen=True)

    nano: int
    micro: int
    mid: int
    macro: int
    mega: int
    sources: tuple[str, ...]
    rationale: str | None = None

    @model_validator(mode="after")
    def _sourced(self) -> PerTierFigure:
        _check_sources(self.sources, self.rationale)
        return self

    def for_tier(self, tier: Tier) -> int:
        return int(getattr(self, tier.value))


class LargerSizes(BaseModel):
    """Sizes above the top tier's typical creator that a plan may book when the typical
    supply is used up, with how many of each a team can book (a stated assumption)."""

    model_config = ConfigDict(frozen=True)

    followers: tuple[int, ...]
    at_start: tuple[int, ...]
    per_week: tuple[int, ...]
    sources: tuple[str, ...]
    rationale: str | None = None

    @model_validator(mode="after")
    def _sourced(self) -> LargerSizes:
        _check_sources(self.sources, self.rationale)
        if not len(self.followers) == len(self.at_start) == len(self.per_week):
            raise ValueError("larger_mega needs one supply per size")
        if list(self.followers) != sorted(set(self.followers)):
            raise ValueError("larger_mega sizes must be distinct and ascending")
        return self

    def bookable(self, index: int, weeks: int) -> int:
        return self.at_start[index] + self.per_week[index] * max(weeks, 1)


class PerGoalShare(BaseModel):
    """The most of the budget one creator may take, per goal, and the amount below which a
    booking is never held back (a stated planning rule against concentration risk)."""

    model_config = ConfigDict(frozen=True)

    awareness: float
    engagement: float
    conversions: float
    launch: float
    local: float
    always_on: float
    floor_usd: float
    sources: tuple[str, ...]
    rationale: str | None = None

    @model_validator(mode="after")
    def _sourced(self) -> PerGoalShare:
        _check_sources(self.sources, self.rationale)
        for goal in Goal:
            if not 0 < self.for_goal(goal) <= 1:
                raise ValueError(f"max_creator_share for {goal.value} must be in (0, 1]")
        return self

    def for_goal(self, goal: Goal) -> float:
        return float(getattr(self, goal.value.replace("-", "_")))


class TierFigures(BaseModel):
    model_config = ConfigDict(frozen=True)

    followers_band: Band
    typical_followers: Figure
    engagement_rate: Band
    trust: Figure
    local_fit: Figure

    @field_validator("engagement_rate")
    @classmethod
    def _has_planning_point(cls, band: Band) -> Band:
        if band.planning is None:
            raise ValueError("engagement_rate needs a planning point")
        return band

    @property
    def planning_engagement_rate(self) -> float:
        assert self.engagement_rate.planning is not None  # checked by the validator
        return self.engagement_rate.planning


class PlanningFigures(BaseModel):
    model_config = ConfigDict(frozen=True)

    coordination_usd: Figure
    audience_pool_people: Figure
    repeat_reach_new_share: Figure
    engagement_fatigue_campaign: Figure
    engagement_fatigue_always_on: Figure
    sponsored_posts_per_week: PerPlatformFigure
    bookable_creators_at_start: PerTierFigure
    bookable_creators_per_week: PerTierFigure
    max_posts_per_creator: Figure
    mega_max_posts: Figure
    kickoff_max_posts: Figure
    launch_kickoff_share: Figure
    launch_kickoff_creator_share: Figure
    mega_planning_high_usd: Figure
    fee_per_follower_above_typical: Figure
    larger_mega: LargerSizes
    max_creator_share: PerGoalShare

    def bookable(self, tier: Tier, weeks: int, limit: int) -> int:
        """Creators of a tier a team can book for a campaign of `weeks` (at most `limit`):
        those lined up before the start plus more found each week while it runs."""
        at_start = self.bookable_creators_at_start.for_tier(tier)
        weekly = self.bookable_creators_per_week.for_tier(tier)
        return min(limit, at_start + weekly * max(weeks, 1))


class MixModel(BaseModel):
    model_config = ConfigDict(frozen=True)

    planning: PlanningFigures
    tiers: dict[Tier, TierFigures]

    @field_validator("tiers")
    @classmethod
    def _all_tiers(cls, tiers: dict[Tier, TierFigures]) -> dict[Tier, TierFigures]:
        missing = [tier for tier in ALL_TIERS if tier not in tiers]
        if missing:
            raise ValueError(f"mix model has no figures for {missing}")
        return tiers

    def figures(
        self,
    ) -> list[
        tuple[str, Figure | Band | PerPlatformFigure | PerTierFigure | LargerSizes | PerGoalShare]
    ]:
        """Every figure with a dotted name, for tests and for the /mix footer."""
        named: list[
            tuple[
                str, Figure | Band | PerPlatformFigure | PerTierFigure | LargerSizes | PerGoalShare
            ]
        ] = []
        for name in PlanningFigures.model_fields:
            named.append((f"planning.{name}", getattr(self.planning, name)))
        for tier, figs in self.tiers.items():
            for name in TierFigures.model_fields:
                named.append((f"tiers.{tier.value}.{name}", getattr(figs, name)))
        return named


@cache
def mix_model() -> MixModel:
    raw: dict[str, Any] = load_data_file("mix_model.toml")
    return MixModel.model_validate(raw)


class TierEconomics(BaseModel):
    """What one post by a creator of this tier costs and delivers on one platform (USD)."""

    model_config = ConfigDict(frozen=True)

    tier: Tier
    platform: Platform
    price: CostRange  # the published per-post range (own platform or the proxy's)
    planning_high: float  # price.high, or the stated planning ceiling when open-ended
    planning_price: float  # the point the optimiser uses: midpoint of low..planning_high
    price_is_proxy: bool
    cpm: CostRange
    cpm_is_proxy: bool
    impressions_per_post: float
    impressions_source_ids: tuple[str, ...]
    followers: float
    engagement_rate: float  # the planning point: the low end of the size's benchmark band
    engagement_by_views: bool  # the benchmark counts engagements per view, not per follower
    engagement_source_ids: tuple[str, ...]
    # False when no band is published for the typical creator's size on this platform and
    # the rate is our estimate from the nearest band (YouTube mega reads 500K–1M; X reads
    # Instagram's): the text must not call it that size's published band.
    engagement_band_for_size: bool = True
    # When another band stands in: which one ("Instagram's band of each size") and why
    # ("none is published for X").
    engagement_stand_in: str | None = None
    engagement_gap: str | None = None
    # When no range covers the size but the platform publishes an average for it (what
    # /classify compares such a creator with), the rate is that average, named here: "the
    # mega average published for YouTube accounts of 1M+".
    engagement_average: str | None = None
    trust: float
    local_fit: float
    # Set when the plan books creators of this exact size above the tier's typical one
    # (priced by the resolver's size rule), else None: the tier's typical creator.
    booked_size: int | None = None

    @property
    def engagements_per_post(self) -> float:
        """One post's engagements: the rate on its views (a per-view benchmark), or on the
        followers who see it (at most the views the fee buys)."""
        if self.engagement_by_views:
            return self.engagement_rate * self.impressions_per_post
        return self.engagement_rate * min(self.followers, self.impressions_per_post)

    @property
    def price_source_ids(self) -> tuple[str, ...]:
        ids = self.price.source_ids
        if self.price.is_open_ended:
            ids = (*ids, *mix_model().planning.mega_planning_high_usd.sources)
        return ids


@cache
def tier_economics(tier: Tier, platform: Platform) -> TierEconomics:
    """Price, reach and engagement planning figures for one tier on one platform."""
    model = mix_model()
    figs = model.tiers[tier]

    # The resolver's price for the tier's typical creator: the platform's own card only when
    # it prices every size (a partial card, Snapchat's two point estimates, mixed with proxy
    # prices would make tiers cost out of order), else the stand-in's, as in /classify.
    row = price_for(platform, int(figs.typical_followers.value))
    if row is None:  # pragma: no cover - every tier's typical creator is on the card
        raise LookupError(f"no price for {tier} on {platform}")
    price_is_proxy = row.is_stand_in
    price = CostRange(low=row.low, high=row.high, source_ids=row.source_ids)

    ceiling = model.planning.mega_planning_high_usd.value
    planning_high = price.high if price.high is not None else max(ceiling, price.low)
    planning_price = (price.low + planning_high) / 2

    own_cpm = cpm_range(platform)
    cpm_is_proxy = own_cpm is None
    cpm = own_cpm if own_cpm is not None else cpm_range(PROXY_PLATFORM)
    if cpm is None:  # pragma: no cover
        raise LookupError(f"no CPM for {PROXY_PLATFORM}")

    # Impressions ≈ cost ÷ CPM × 1000, with the price and CPM of one platform. Where this
    # platform lacks either, the proxy's pair is used: a platform's own price divided by
    # another platform's CPM would mix two markets.
    if not price_is_proxy and not cpm_is_proxy:
        reach_price, reach_cpm = planning_price, cpm
    else:
        reach_price = _planning_price_on(tier, PROXY_PLATFORM)
        reach_cpm_range = cpm_range(PROXY_PLATFORM)
        assert reach_cpm_range is not None
        reach_cpm = reach_cpm_range
    cpm_mid = (reach_cpm.low + (reach_cpm.high or reach_cpm.low)) / 2
    impressions = reach_price / cpm_mid * 1000

    return TierEconomics(
        tier=tier,
        platform=platform,
        price=price,
        planning_high=planning_high,
        planning_price=planning_price,
        price_is_proxy=price_is_proxy,
        cpm=cpm,
        cpm_is_proxy=cpm_is_proxy,
        impressions_per_post=impressions,
        impressions_source_ids=tuple(dict.fromkeys((*price.source_ids, *reach_cpm.source_ids))),
        followers=figs.typical_followers.value,
        **_engagement(tier, platform),
        trust=figs.trust.value,
        local_fit=figs.local_fit.value,
    )


@cache
def tier_economics_at(tier: Tier, platform: Platform, followers: int) -> TierEconomics | None:
    """A tier's economics for creators of `followers` above its typical size: the resolver's
    fee at that size, the views that fee buys at the platform's CPM, and the benchmark at
    that size. None where the resolver has no size rule (a closed row, or proxy prices)."""
    typical = tier_economics(tier, platform)
    if typical.price_is_proxy or typical.cpm_is_proxy:
        return None
    fee = fee_at_size(platform, followers)
    if fee is None:
        return None
    cpm = typical.cpm
    cpm_mid = (cpm.low + (cpm.high or cpm.low)) / 2
    return typical.model_copy(
        update={
            "price": CostRange(low=fee.low, high=fee.high, source_ids=fee.source_ids),
            "planning_high": fee.high,
            "planning_price": fee.planning,
            "impressions_per_post": fee.planning / cpm_mid * 1000,
            "impressions_source_ids": tuple(dict.fromkeys((*fee.source_ids, *cpm.source_ids))),
            "followers": float(followers),
            **_engagement(tier, platform, followers),
            "booked_size": followers,
        }
    )


def card_price(tier: Tier, platform: Platform) -> CostRange | None:
    """The one call site for a tier's published price: the shared size resolver, asked for
    the tier's typical creator (so /mix and /classify quote the same card row)."""
    row = price_at(platform, int(mix_model().tiers[tier].typical_followers.value))
    if row is None:
        return None
    return CostRange(low=row.low, high=row.high, source_ids=row.source_ids)


def _stand_in(
    platform: Platform, source: Platform, row: SizedBenchmark, followers: int
) -> dict[str, str]:
    """Which published band stands in for a missing one, and why, in a marketer's words."""
    name = platform.label.split(" (")[0]  # "X", not "X (Twitter)": the text is in brackets
    if source is not platform:
        return {
            "engagement_stand_in": f"{source.label}'s band of each size",
            "engagement_gap": f"none is published for {name}",
        }
    gap = benchmark_gap(platform, followers).removeprefix("no typical range is published")
    # YouTube's 1M+ channels: the one figure published for them is an average of views, the
    # one /classify compares a creator's own views with. /mix plans the band below, per
    # subscriber like every other YouTube tier: that average applied to the views a mega
    # fee buys at the quoted CPMs (about half the subscribers) would credit a mega post with
    # five times the engagements, and conversions plans went all-mega on it. Naming the
    # average, with its basis, keeps both replies' figures in view.
    average = _named_average(platform, source, row, followers)
    if average is not None and average.basis is not None:
        gap += f" (only a {format_percent(average.value)} average by {average.basis.value})"
    return {
        "engagement_stand_in": f"{name}'s {row.size_label} band",
        "engagement_gap": f"none is published{gap}",
    }


def _average_sources(
    platform: Platform, source: Platform, row: SizedBenchmark, followers: int
) -> tuple[str, ...]:
    average = _named_average(platform, source, row, followers)
    return average.source_ids if average is not None else ()


def _named_average(
    platform: Platform, source: Platform, row: SizedBenchmark, followers: int
) -> ContextFigure | None:
    """The size's published average that `_stand_in` names beside the platform's own band
    below it: only where that average is on another basis (YouTube 1M+: by views)."""
    average = size_average_at(platform, followers) if source is platform else None
    if average is None or average.basis is None or average.basis is row.basis:
        return None
    return average


def _engagement(tier: Tier, platform: Platform, size: int | None = None) -> dict[str, Any]:
    """The one call site for a tier's engagement benchmark: the shared size resolver at the
    tier's typical creator, planned at the band's low end. Where no benchmark covers the
    platform or size, the stand-in platform's, then Tierbot's own sourced planning rate."""
    figures = mix_model().tiers[tier]
    followers = size if size is not None else int(figures.typical_followers.value)
    # The platform's own band for the typical creator; else its band just below the tier;
    # else the stand-in's.
    below = max(int(figures.followers_band.low) - 1, 0)
    for source_platform, size in (
        (platform, followers),
        (platform, below),
        (PROXY_PLATFORM, followers),
    ):
        row = benchmark_at(source_platform, size)
        if row is not None:
            # Published for this size only when it is this platform's band at this size.
            for_size = size == followers and source_platform is platform
            return {
                **({} if for_size else _stand_in(platform, source_platform, row, followers)),
                "engagement_rate": row.low,
                "engagement_by_views": row.basis is Basis.VIEWS,
                # Another size's band stands in: our estimate, on top of its source.
                "engagement_source_ids": row.source_ids
                if for_size
                else tuple(
                    dict.fromkeys(
                        (
                            *row.source_ids,
                            MODEL_SOURCE,
                            *_average_sources(platform, source_platform, row, followers),
                        )
                    )
                ),
                "engagement_band_for_size": for_size,
            }
    return {  # pragma: no cover - Instagram's bands cover every size
        "engagement_rate": figures.planning_engagement_rate,
        "engagement_by_views": False,
        "engagement_source_ids": figures.engagement_rate.sources,
    }


def partial_card(platform: Platform) -> dict[Tier, CostRange]:
    """Published prices of a platform whose card does not cover every tier (else empty)."""
    if has_full_card(platform):
        return {}
    return {tier: price for tier in ALL_TIERS if (price := card_price(tier, platform)) is not None}


def _planning_price_on(tier: Tier, platform: Platform) -> float:
    price = card_price(tier, platform)
    assert price is not None
    high = (
        price.high if price.high is not None else mix_model().planning.mega_planning_high_usd.value
    )
    return (price.low + max(high, price.low)) / 2


def uses_proxy(platform: Platform, tiers: tuple[Tier, ...]) -> tuple[Tier, ...]:
    """The tiers that this platform prices with the proxy platform's card or CPM."""
    return tuple(
        tier
        for tier in tiers
        if tier_economics(tier, platform).price_is_proxy
        or tier_economics(tier, platform).cpm_is_proxy
    )


__all__ = [
    "MODEL_SOURCE",
    "PROXY_PLATFORM",
    "Band",
    "Figure",
    "MixModel",
    "TierEconomics",
    "has_full_card",
    "mix_model",
    "partial_card",
    "tier_economics",
    "tier_economics_at",
    "uses_proxy",
]
