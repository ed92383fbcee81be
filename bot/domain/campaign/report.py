"""Plan against actual, per tier and in total, and which tier did best on the goal.

Definitions (every one a ratio of sums, so a tier's figure is never an average of averages):

* spend: booking fees plus any per-post fees, for every booked creator (what is committed);
  the cost figures (CPM, cost per engagement/click/conversion) use only the spend on creators
  who have posted at least once, so a creator still to post does not inflate them.
* views: the views the posts reported (views, not reach: one person can view twice).
* engagements: likes + comments + shares + saves, as reported.
* engagement rate by views: engagements ÷ views, over posts with views.
* engagement rate by followers: (likes + comments) ÷ followers, over posts whose creator's
  followers are known (the /classify formula, summed over posts).
* CPM: cost ÷ views × 1,000.

The best tier on the goal metric compares cost per unit of the goal (a view for awareness
and launch, a conversion (else a click, else an engagement) for conversions, an engagement
otherwise). How sure that is comes from the per-post spread: each post's units per dollar,
the two tiers' means compared against their standard errors.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal

from bot.domain.campaign.models import Booking, CampaignPlan, PlannedTier, PostResult
from bot.domain.creator_size import SizedBenchmark
from bot.domain.metrics import Comparison, CreatorStats, judge_against_band
from bot.domain.mix import Goal
from bot.domain.tier import ALL_TIERS, Tier

# Below this many posts with a known cost, a tier's figures are shown but not compared.
MIN_POSTS_TO_COMPARE: Final = 5
# A lead of this many combined standard errors reads as clear; half of it as likely.
_CLEAR_LEAD: Final = 2.0
_LIKELY_LEAD: Final = 1.0


class Metric(StrEnum):
    """The unit a goal buys; a tier's cost per unit is what "did best" compares."""

    VIEWS = "views"
    ENGAGEMENTS = "engagements"
    CLICKS = "clicks"
    CONVERSIONS = "conversions"

    @property
    def cost_name(self) -> str:
        return _COST_NAMES[self]


_COST_NAMES: dict[Metric, str] = {
    Metric.VIEWS: "CPM (cost per 1,000 views)",
    Metric.ENGAGEMENTS: "cost per engagement",
    Metric.CLICKS: "cost per click",
    Metric.CONVERSIONS: "cost per conversion",
}


def _ratio(top: float, bottom: float) -> float | None:
    """top ÷ bottom, or None when there is nothing to divide by (never a ZeroDivisionError)."""
    return top / bottom if bottom > 0 else None


@dataclass(frozen=True, slots=True)
class Actual:
    """What happened in one tier (or in total)."""

    creators_booked: int
    creators_posted: int
    posts: int
    spend: float  # committed: every booked creator
    cost_of_posted: float  # spend on creators who have posted
    views: int
    engagements: int
    follower_engagements: int  # likes + comments on posts whose creator's followers are known
    followers_reached: int  # the followers of those posts' creators, once per post
    follower_posts: int  # the posts counted in the rate by followers
    follower_creators: int  # the creators those posts come from
    views_with_engagement: int  # views of posts that reported an engagement figure
    clicks: int | None
    conversions: int | None

    @property
    def has_posts(self) -> bool:
        return self.posts > 0

    @property
    def engagement_rate_by_views(self) -> float | None:
        return _ratio(self.engagements, self.views_with_engagement)

    @property
    def engagement_rate_by_followers(self) -> float | None:
        return _ratio(self.follower_engagements, self.followers_reached)

    @property
    def cpm(self) -> float | None:
        cost = _ratio(self.cost_of_posted, self.views)
        return None if cost is None or self.cost_of_posted <= 0 else cost * 1000

    def _cost_per(self, units: int | None) -> float | None:
        if units is None or self.cost_of_posted <= 0:
            return None
        return _ratio(self.cost_of_posted, units)

    @property
    def cost_per_engagement(self) -> float | None:
        return self._cost_per(self.engagements)

    @property
    def cost_per_click(self) -> float | None:
        return self._cost_per(self.clicks)

    @property
    def cost_per_conversion(self) -> float | None:
        return self._cost_per(self.conversions)

    def cost_per(self, metric: Metric) -> float | None:
        if metric is Metric.VIEWS:
            return self.cpm
        if metric is Metric.ENGAGEMENTS:
            return self.cost_per_engagement
        if metric is Metric.CLICKS:
            return self.cost_per_click
        return self.cost_per_conversion


@dataclass(frozen=True, slots=True)
class TierRow:
    """One tier's line of the report: planned (None when the plan had no such tier) and
    actual. `tier` None ("Untiered") groups creators without a tier: followers unknown, or a
    size outside the scheme's named tiers."""

    tier: Tier | None
    planned: PlannedTier | None
    actual: Actual

    @property
    def label(self) -> str:
        return self.tier.label if self.tier is not None else "Untiered"


@dataclass(frozen=True, slots=True)
class PostBand:
    """One post's engagement rate against its platform's benchmark band for the creator's size
    (the band /classify uses). `comparison` None: followers unknown or no band for the size."""

    booking: Booking
    post: PostResult
    rate: float | None
    basis: str | None
    benchmark: SizedBenchmark | None
    comparison: Comparison | None


@dataclass(frozen=True, slots=True)
class MissingPosts:
    booking: Booking
    expected: int
    recorded: int

    @property
    def missing(self) -> int:
        return self.expected - self.recorded


Confidence = Literal["clear", "likely", "too close", "too few posts", "nothing to compare"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """Which tier did best on the goal's metric, and how sure that is."""

    metric: Metric
    best: Tier | None  # None: no tier has a cost on the metric yet
    best_cost: float | None
    runner_up: Tier | None
    runner_up_cost: float | None
    confidence: Confidence
    too_few: tuple[Tier, ...]  # tiers with posts but under MIN_POSTS_TO_COMPARE costed posts


@dataclass(frozen=True, slots=True)
class CampaignReport:
    plan: CampaignPlan
    rows: tuple[TierRow, ...]
    total: Actual
    posts: tuple[PostBand, ...]
    verdict: Verdict
    missing: tuple[MissingPosts, ...]
    unmatched_posts: int  # posts whose creator is no longer booked (left out of every figure)

    @property
    def budget_left(self) -> float:
        return self.plan.budget - self.total.spend

    @property
    def posts_missing(self) -> int:
        return sum(item.missing for item in self.missing)


def goal_metric(goal: Goal, total: Actual) -> Metric:
    """The unit the goal buys; conversions fall back to clicks, then engagements, when the
    team has not recorded them."""
    if goal in (Goal.AWARENESS, Goal.LAUNCH):
        return Metric.VIEWS
    if goal is Goal.CONVERSIONS:
        if total.conversions:
            return Metric.CONVERSIONS
        if total.clicks:
            return Metric.CLICKS
    return Metric.ENGAGEMENTS


def _units(post: PostResult, metric: Metric) -> int | None:
    if metric is Metric.VIEWS:
        return post.views
    if metric is Metric.ENGAGEMENTS:
        return post.engagements if post.has_engagement else None
    if metric is Metric.CLICKS:
        return post.clicks
    return post.conversions


def _add_optional(total: int | None, value: int | None) -> int | None:
    if value is None:
        return total
    return value if total is None else total + value


def _actual(
    bookings: Sequence[Booking], posts_by_key: dict[tuple[object, str], list[PostResult]]
) -> Actual:
    creators_posted = 0
    posts = 0
    spend = 0.0
    cost_of_posted = 0.0
    views = engagements = follower_engagements = followers_reached = views_engaged = 0
    follower_posts = follower_creators = 0
    clicks: int | None = None
    conversions: int | None = None
    for booking in bookings:
        own = posts_by_key.get(booking.key, [])
        booking_spend = (booking.fee or 0.0) + sum(post.fee or 0.0 for post in own)
        spend += booking_spend
        if not own:
            continue
        creators_posted += 1
        cost_of_posted += booking_spend
        counted_before = follower_posts
        for post in own:
            posts += 1
            views += post.views
            engagements += post.engagements
            if post.has_engagement:
                views_engaged += post.views
            if booking.followers is not None and (
                post.likes is not None or post.comments is not None
            ):
                follower_engagements += (post.likes or 0) + (post.comments or 0)
                followers_reached += booking.followers
                follower_posts += 1
            clicks = _add_optional(clicks, post.clicks)
            conversions = _add_optional(conversions, post.conversions)
        if follower_posts > counted_before:
            follower_creators += 1
    return Actual(
        creators_booked=len(bookings),
        creators_posted=creators_posted,
        posts=posts,
        spend=spend,
        cost_of_posted=cost_of_posted,
        views=views,
        engagements=engagements,
        follower_engagements=follower_engagements,
        followers_reached=followers_reached,
        follower_posts=follower_posts,
        follower_creators=follower_creators,
        views_with_engagement=views_engaged,
        clicks=clicks,
        conversions=conversions,
    )


def post_band(booking: Booking, post: PostResult) -> PostBand:
    """The post judged the way /classify judges a creator (metrics.judge_against_band)."""
    if booking.followers is None:
        return PostBand(booking, post, None, None, None, None)
    assessment = judge_against_band(
        booking.platform,
        CreatorStats(
            followers=booking.followers,
            likes=post.likes,
            comments=post.comments,
            shares=post.shares,
            saves=post.saves,
            views=post.views,
        ),
    )
    rate = assessment.compared or assessment.primary
    return PostBand(
        booking=booking,
        post=post,
        rate=rate.value if rate is not None else None,
        basis=rate.basis.value if rate is not None else None,
        benchmark=assessment.benchmark,
        comparison=assessment.comparison,
    )


def _per_post_yield(
    bookings: Sequence[Booking],
    posts_by_key: dict[tuple[object, str], list[PostResult]],
    metric: Metric,
) -> list[float]:
    """Each post's units of the metric per unit of money: the booking's spend shared evenly
    over its posts. Posts without the metric or without a known cost are left out."""
    yields: list[float] = []
    for booking in bookings:
        own = posts_by_key.get(booking.key, [])
        if not own:
            continue
        shared_fee = (booking.fee or 0.0) / len(own)
        for post in own:
            cost = shared_fee + (post.fee or 0.0)
            units = _units(post, metric)
            if cost > 0 and units is not None:
                yields.append(units / cost)
    return yields


def _mean_and_error(values: Sequence[float]) -> tuple[float, float]:
    mean = sum(values) / len(values)
    if len(values) < 2:
        return mean, math.inf
    variance = sum((value - mean) ** 2 for value in values) / (len(values) - 1)
    return mean, math.sqrt(variance / len(values))


def _verdict(
    rows: Sequence[TierRow],
    bookings_by_tier: dict[Tier | None, list[Booking]],
    posts_by_key: dict[tuple[object, str], list[PostResult]],
    metric: Metric,
) -> Verdict:
    costed: list[tuple[Tier, float, list[float]]] = []
    too_few: list[Tier] = []
    for row in rows:
        if row.tier is None or not row.actual.has_posts:
            continue
        cost = row.actual.cost_per(metric)
        if cost is None:
            continue
        yields = _per_post_yield(bookings_by_tier.get(row.tier, []), posts_by_key, metric)
        costed.append((row.tier, cost, yields))
        if len(yields) < MIN_POSTS_TO_COMPARE:
            too_few.append(row.tier)
    if not costed:
        return Verdict(metric, None, None, None, None, "nothing to compare", tuple(too_few))
    costed.sort(key=lambda item: item[1])
    best_tier, best_cost, best_yields = costed[0]
    if len(costed) == 1:
        return Verdict(
            metric, best_tier, best_cost, None, None, "nothing to compare", tuple(too_few)
        )
    second_tier, second_cost, second_yields = costed[1]
    confidence: Confidence
    if best_tier in too_few or second_tier in too_few:
        confidence = "too few posts"
    else:
        best_mean, best_error = _mean_and_error(best_yields)
        second_mean, second_error = _mean_and_error(second_yields)
        spread = math.hypot(best_error, second_error)
        lead = (best_mean - second_mean) / spread if spread > 0 else math.inf
        if lead >= _CLEAR_LEAD:
            confidence = "clear"
        elif lead >= _LIKELY_LEAD:
            confidence = "likely"
        else:
            confidence = "too close"
    return Verdict(
        metric, best_tier, best_cost, second_tier, second_cost, confidence, tuple(too_few)
    )


def _expected_posts(plan: CampaignPlan, booking: Booking) -> int:
    planned = plan.tier(booking.tier) if booking.tier is not None else None
    return planned.posts_per_creator if planned is not None else 1


def build_report(
    plan: CampaignPlan, bookings: Iterable[Booking], posts: Iterable[PostResult]
) -> CampaignReport:
    """The whole report from what the campaign records; pure, ~µs per post."""
    booked = list(bookings)
    booked_keys = {booking.key for booking in booked}
    posts_by_key: dict[tuple[object, str], list[PostResult]] = {}
    unmatched = 0
    for post in posts:
        if post.key not in booked_keys:
            unmatched += 1
            continue
        posts_by_key.setdefault(post.key, []).append(post)
    bookings_by_tier: dict[Tier | None, list[Booking]] = {}
    for booking in booked:
        bookings_by_tier.setdefault(booking.tier, []).append(booking)
    tiers: list[Tier | None] = [
        tier for tier in ALL_TIERS if plan.tier(tier) is not None or tier in bookings_by_tier
    ]
    if None in bookings_by_tier:
        tiers.append(None)
    rows = tuple(
        TierRow(
            tier=tier,
            planned=plan.tier(tier) if tier is not None else None,
            actual=_actual(bookings_by_tier.get(tier, []), posts_by_key),
        )
        for tier in tiers
    )
    total = _actual(booked, posts_by_key)
    metric = goal_metric(plan.goal, total)
    bands = tuple(
        post_band(booking, post) for booking in booked for post in posts_by_key.get(booking.key, [])
    )
    missing = tuple(
        MissingPosts(booking, expected, recorded)
        for booking in booked
        if (expected := _expected_posts(plan, booking))
        > (recorded := len(posts_by_key.get(booking.key, [])))
    )
    return CampaignReport(
        plan=plan,
        rows=rows,
        total=total,
        posts=bands,
        verdict=_verdict(rows, bookings_by_tier, posts_by_key, metric),
        missing=missing,
        unmatched_posts=unmatched,
    )
