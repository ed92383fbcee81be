"""The one adapter /tiers ask uses for facts about an account size.

Tier, price and engagement benchmark for (platform, followers, scheme) come from the same
functions `/classify` uses (the scheme's `classify`, `metrics.benchmark_band`,
`costs.cost_for_followers`), and per-tier prices and reach from the `/mix` model
(`mix.model.tier_economics`). Keeping them behind this module means a change of resolver
touches one file, and an answer can never disagree with `/classify` or `/mix`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.costs import CostRange, cost_for_followers, rate_card_tier
from bot.domain.metrics import Basis, Benchmark, benchmark_band
from bot.domain.mix.model import TierEconomics, mix_model, tier_economics
from bot.domain.platforms import Platform
from bot.domain.tier import Tier
from bot.domain.tiers import Classification, TierScheme


@dataclass(frozen=True, slots=True)
class SizeFacts:
    """What Tierbot knows about an account of one size on one platform."""

    platform: Platform
    followers: int
    placement: Classification  # under the server's scheme
    price: CostRange | None  # the rate card's band for this size; None when unpriced
    price_tier: Tier  # the rate card's own tier for this size


def size_facts(platform: Platform, followers: int, scheme: TierScheme) -> SizeFacts:
    return SizeFacts(
        platform=platform,
        followers=followers,
        placement=scheme.classify(followers),
        price=cost_for_followers(followers, platform),
        price_tier=rate_card_tier(followers),
    )


def engagement_band(platform: Platform, followers: int) -> Benchmark | None:
    """The band a typed rate is judged against, in the order /classify tries bases:
    by views first on video-first platforms, by followers first elsewhere."""
    order = (
        (Basis.VIEWS, Basis.FOLLOWERS)
        if platform.is_video_first
        else (Basis.FOLLOWERS, Basis.VIEWS)
    )
    for basis in order:
        band = benchmark_band(platform, followers, basis)
        if band is not None:
            return band
    return None


def tier_plan_figures(tier: Tier, platform: Platform) -> TierEconomics:
    """Price per post and impressions per post of one tier, as /mix plans them."""
    return tier_economics(tier, platform)


def overlap_decay() -> float:
    """Each further creator in a tier adds this share of the previous one's reach (/mix)."""
    return mix_model().planning.overlap_decay.value


def overlap_decay_sources() -> tuple[str, ...]:
    return mix_model().planning.overlap_decay.sources


def coordination_usd() -> float:
    """What /mix adds per creator for outreach, contract and review."""
    return mix_model().planning.coordination_usd.value


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
