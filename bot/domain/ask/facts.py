"""The one adapter /tiers ask uses for facts about an account size or a tier.

Tier, price and engagement benchmark for (platform, followers, scheme) come from the
resolver every size-bound reply uses (`creator_size.resolve_size`, also behind /classify);
a whole tier's figures from `creator_size.resolve_tier`; per-tier prices and reach for
plans from the /mix model (`mix.model.tier_economics`). Keeping them behind this module
means an answer can never disagree with /classify or /mix.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import ValidationError

from bot.domain.creator_size import (
    CreatorSize,
    SizedBenchmark,
    TierSize,
    resolve_size,
    resolve_tier,
)
from bot.domain.creator_size import card_platform as card_platform
from bot.domain.creator_size import published_point_text as published_point_text
from bot.domain.creator_size import stand_in_text as stand_in_text
from bot.domain.mix import (
    BudgetTooSmallError,
    Goal,
    MixNotPossibleError,
    MixPlan,
    MixRequest,
    minimum_budget,
    plan_mix,
    reach,
)
from bot.domain.mix.model import PROXY_PLATFORM as PROXY_PLATFORM
from bot.domain.mix.model import TierEconomics, mix_model, tier_economics
from bot.domain.mix.planner import campaign_engagements
from bot.domain.platforms import Platform
from bot.domain.rate_card_text import typical_top_fee as typical_top_fee
from bot.domain.tier import ALL_TIERS, Tier
from bot.domain.tier_overview import reference_range
from bot.domain.tiers import TierScheme

Verdict = Literal["below", "typical", "above"]


def size_facts(platform: Platform, followers: int, scheme: TierScheme) -> CreatorSize:
    """Tier under the server's scheme, price and benchmark for one account size."""
    return resolve_size(platform, followers, scheme)


def judge(rate: float, band: SizedBenchmark) -> Verdict:
    """Where a typed rate (a fraction) sits against a band, as /classify judges one."""
    if rate < band.low:
        return "below"
    if rate > band.high:
        return "above"
    return "typical"


def tier_size(platform: Platform, tier: Tier, scheme: TierScheme) -> tuple[TierSize, bool]:
    """A tier's figures at the sizes the server's scheme gives it; when the scheme has no such
    tier, at the range another published scheme gives it (and True, to say so)."""
    found = resolve_tier(platform, tier, scheme)
    if found is not None:
        return found, False
    reference, reference_scheme, _ = reference_range(tier, scheme)
    fallback = resolve_tier(platform, tier, reference_scheme)
    assert fallback is not None, reference  # reference_range picks a scheme with the tier
    return fallback, True


def tier_plan_figures(tier: Tier, platform: Platform) -> TierEconomics:
    """Price per post and impressions per post of one tier, as /mix plans them."""
    return tier_economics(tier, platform)


def audience_pool() -> float:
    """The platform audience /mix treats creators' followers as slices of."""
    return mix_model().planning.audience_pool_people.value


def audience_pool_sources() -> tuple[str, ...]:
    return mix_model().planning.audience_pool_people.sources


def people_reached(per_post: float, creators: int, posts: int) -> float:
    """Distinct people `creators` creators reach with `posts` posts each (/mix's model)."""
    return float(reach.people_reached(per_post, creators, posts))


def repeat_reach(posts: int) -> float:
    """How many posts' worth of new people `posts` posts by one creator reach (/mix):
    each repeat reaches a share of the new people the one before did."""
    share = mix_model().planning.repeat_reach_new_share.value
    return float((1 - share**posts) / (1 - share))


def max_posts(tier: Tier) -> int:
    """The most posts /mix books from one creator of this tier in a campaign."""
    planning = mix_model().planning
    limit = planning.mega_max_posts if tier is Tier.MEGA else planning.max_posts_per_creator
    return min(3, int(limit.value))  # past three repeats add little new reach


def smallest_mix_budget(platform: Platform, goal: Goal = Goal.AWARENESS) -> float:
    """The least /mix plans a campaign for `goal` with, so a suggested command never fails."""
    return minimum_budget(goal, platform, ALL_TIERS)


def coordination_per_creator() -> float:
    """What /mix adds per creator for outreach, contract and review (USD)."""
    return mix_model().planning.coordination_usd.value


def coordination_sources() -> tuple[str, ...]:
    return mix_model().planning.coordination_usd.sources


def awareness_plan(budget: float, platform: Platform, scheme: TierScheme) -> MixPlan | None:
    """The plan `/mix goal:awareness budget:… platform:…` makes under this scheme."""
    return goal_plan(budget, platform, scheme, Goal.AWARENESS)


def goal_plan(budget: float, platform: Platform, scheme: TierScheme, goal: Goal) -> MixPlan | None:
    """The plan `/mix goal:… budget:… platform:…` makes under this scheme: a next step
    quotes it, so the command it suggests does what the answer says. None when /mix would
    refuse the budget (too small, or past its largest)."""
    return _plan(budget, platform, scheme.tiers, goal)


def tier_plan(budget: float, platform: Platform, tier: Tier, goal: Goal) -> MixPlan | None:
    """The plan /mix's planner makes for `goal` when only `tier` may be booked: how many
    creators of that tier the budget buys, with the same prices, posts and coordination as
    every /mix plan. None when it books nobody (one creator costs more than the budget)."""
    return _plan(budget, platform, (tier,), goal)


def tiers_plan(
    budget: float, platform: Platform, tiers: tuple[Tier, ...], goal: Goal
) -> MixPlan | None:
    """The plan /mix's planner makes for `goal` when only `tiers` may be booked ("micro or
    macro for sales": which of the two it spends on)."""
    return _plan(budget, platform, tiers, goal)


def _plan(budget: float, platform: Platform, tiers: tuple[Tier, ...], goal: Goal) -> MixPlan | None:
    try:
        request = MixRequest(
            goal=goal,
            budget=Decimal(str(budget)),
            platform=platform,
            weeks_assumed=True,  # the suggested command names no length either
            allowed_tiers=tiers,
        )
        return plan_mix(request)
    except (ValidationError, BudgetTooSmallError, MixNotPossibleError):
        return None


@dataclass(frozen=True, slots=True)
class OptionFigures:
    """What booking `creators` typical creators of a tier for `posts` posts each costs and
    delivers, in the plan model: fees at the planning price plus coordination, impressions
    from fee ÷ CPM, people with overlap counted once, engagements as a plan counts them."""

    tier: Tier
    creators: int
    posts: int
    economics: TierEconomics
    cost: float
    impressions: float
    people: float
    engagements: float


def option_figures(tier: Tier, platform: Platform, creators: int, posts: int = 1) -> OptionFigures:
    econ = tier_economics(tier, platform)
    cost = creators * (posts * econ.planning_price + coordination_per_creator())
    return OptionFigures(
        tier=tier,
        creators=creators,
        posts=posts,
        economics=econ,
        cost=cost,
        impressions=creators * posts * econ.impressions_per_post,
        people=people_reached(econ.impressions_per_post, creators, posts),
        engagements=campaign_engagements(econ, creators, posts),
    )
