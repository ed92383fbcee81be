"""The campaign report against hand-computed figures."""

from __future__ import annotations

import pytest

from bot.domain.campaign.models import (
    Booking,
    CampaignPlan,
    CampaignRuleError,
    PlannedTier,
    PostResult,
    campaign_name_key,
    clean_campaign_name,
    plan_from_mix,
    post_label_key,
)
from bot.domain.campaign.report import Metric, build_report, goal_metric
from bot.domain.mix import Goal, MixRequest, plan_mix
from bot.domain.platforms import Platform
from bot.domain.tier import Tier

IG = Platform.INSTAGRAM


def plan(goal: Goal = Goal.AWARENESS, budget: float = 10_000) -> CampaignPlan:
    return CampaignPlan(
        goal=goal,
        budget=budget,
        currency="USD",
        platform=IG,
        weeks=4,
        tiers=(
            PlannedTier(Tier.NANO, 4, 2, 8, 2_000, 40_000, 2_000),
            PlannedTier(Tier.MACRO, 1, 1, 1, 6_000, 300_000, 6_000),
        ),
    )


def booking(name: str, tier: Tier | None, followers: int | None, fee: float | None) -> Booking:
    return Booking(IG, name, "@" + name, followers, tier, fee)


def post(name: str, label: str, views: int, **figures: int | float | None) -> PostResult:
    return PostResult(IG, name, label, views, **figures)  # type: ignore[arg-type]


def test_cpm_of_1200_on_40000_views_is_30() -> None:
    report = build_report(
        plan(),
        [booking("macro1", Tier.MACRO, 500_000, 1_200)],
        [post("macro1", "a", 40_000, likes=900, comments=100)],
    )
    macro = next(row for row in report.rows if row.tier is Tier.MACRO)
    assert macro.actual.cpm == pytest.approx(30.0)
    assert macro.actual.cost_per_engagement == pytest.approx(1.2)  # 1,200 / 1,000
    assert macro.actual.engagement_rate_by_views == pytest.approx(0.025)  # 1,000 / 40,000
    assert macro.actual.engagement_rate_by_followers == pytest.approx(0.002)  # 1,000 / 500k
    assert report.budget_left == pytest.approx(8_800)


def test_empty_tier_has_no_figures_and_no_division_by_zero() -> None:
    report = build_report(plan(), [booking("n1", Tier.NANO, 5_000, 300)], [])
    nano = next(row for row in report.rows if row.tier is Tier.NANO)
    assert not nano.actual.has_posts
    assert nano.actual.cpm is None
    assert nano.actual.cost_per_engagement is None
    assert nano.actual.engagement_rate_by_views is None
    assert nano.actual.spend == 300  # committed even before posting
    macro = next(row for row in report.rows if row.tier is Tier.MACRO)
    assert macro.actual.creators_booked == 0 and macro.planned is not None
    assert report.verdict.best is None and report.verdict.confidence == "nothing to compare"


def test_cost_figures_ignore_creators_who_have_not_posted() -> None:
    report = build_report(
        plan(),
        [booking("n1", Tier.NANO, 5_000, 100), booking("n2", Tier.NANO, 6_000, 400)],
        [post("n1", "a", 10_000, likes=400)],
    )
    nano = report.rows[0].actual
    assert nano.spend == 500
    assert nano.cpm == pytest.approx(10.0)  # 100 / 10,000 × 1,000
    assert [(m.booking.handle, m.missing) for m in report.missing] == [("@n1", 1), ("@n2", 2)]
    assert report.posts_missing == 3


def test_post_fees_add_to_the_booking_fee_and_clicks_give_cpc() -> None:
    report = build_report(
        plan(Goal.CONVERSIONS),
        [booking("n1", Tier.NANO, 5_000, 200)],
        [
            post("n1", "a", 5_000, likes=100, clicks=40, fee=50),
            post("n1", "b", 5_000, likes=100, clicks=60),
        ],
    )
    total = report.total
    assert total.spend == 250
    assert total.cost_per_click == pytest.approx(2.5)  # 250 / 100
    assert total.cost_per_conversion is None  # not recorded: not zero
    assert goal_metric(Goal.CONVERSIONS, total) is Metric.CLICKS


def test_three_posts_are_too_few_to_conclude() -> None:
    bookings = [booking("n1", Tier.NANO, 5_000, 300), booking("m1", Tier.MACRO, 400_000, 6_000)]
    posts = [post("n1", str(i), 20_000, likes=500) for i in range(3)]
    posts += [post("m1", str(i), 100_000, likes=1_000) for i in range(3)]
    verdict = build_report(plan(), bookings, posts).verdict
    assert verdict.best is Tier.NANO  # nano: 300 / 60k views → $5 CPM; macro: 6,000 / 300k → $20
    assert verdict.best_cost == pytest.approx(5.0)
    assert verdict.runner_up is Tier.MACRO
    assert verdict.confidence == "too few posts"
    assert set(verdict.too_few) == {Tier.NANO, Tier.MACRO}


def test_a_consistent_lead_over_enough_posts_is_clear() -> None:
    bookings = [booking(f"n{i}", Tier.NANO, 5_000, 100) for i in range(6)]
    bookings.append(booking("m1", Tier.MACRO, 400_000, 6_000))
    posts = [post(f"n{i}", "p", 10_000 + 500 * i, likes=300) for i in range(6)]
    posts += [post("m1", str(i), 50_000 + 1_000 * i, likes=900) for i in range(6)]
    verdict = build_report(plan(), bookings, posts).verdict
    assert verdict.best is Tier.NANO
    assert verdict.confidence == "clear"


def test_noisy_tiers_are_too_close_to_call() -> None:
    bookings = [booking(f"n{i}", Tier.NANO, 5_000, 100) for i in range(6)]
    bookings += [booking(f"m{i}", Tier.MACRO, 400_000, 100) for i in range(6)]
    nano_views = [1_000, 30_000, 2_000, 25_000, 500, 20_000]
    macro_views = [15_000, 14_000, 12_000, 16_000, 13_000, 11_000]
    posts = [post(f"n{i}", "p", v, likes=10) for i, v in enumerate(nano_views)]
    posts += [post(f"m{i}", "p", v, likes=10) for i, v in enumerate(macro_views)]
    verdict = build_report(plan(), bookings, posts).verdict
    assert verdict.confidence == "too close"


def test_each_post_is_judged_against_the_classify_band() -> None:
    report = build_report(
        plan(),
        [booking("n1", Tier.NANO, 5_000, 100), booking("x", None, None, 50)],
        [post("n1", "a", 3_000, likes=1_000, comments=50), post("x", "b", 100, likes=1)],
    )
    judged, unknown = report.posts
    assert judged.benchmark is not None and judged.comparison == "above"  # 21% by followers
    assert unknown.comparison is None and unknown.rate is None
    assert report.rows[-1].tier is None and report.rows[-1].label == "Untiered"


def test_posts_of_an_unbooked_creator_are_counted_apart() -> None:
    report = build_report(plan(), [], [post("gone", "a", 100)])
    assert report.unmatched_posts == 1 and report.total.posts == 0


def test_plan_from_mix_keeps_the_planners_tiers() -> None:
    mix = plan_mix(MixRequest(goal=Goal.ENGAGEMENT, budget=25_000, platform=IG))
    kept = plan_from_mix(mix)
    assert kept.spend == pytest.approx(mix.total_spend)
    assert [line.tier for line in kept.tiers] == [line.tier for line in mix.lines]
    assert kept.posts == mix.total_posts


def test_names_and_labels() -> None:
    assert clean_campaign_name("  Spring   launch ") == "Spring launch"
    assert campaign_name_key("SPRING  Launch") == campaign_name_key("spring launch")
    assert post_label_key("https://x.com/p/1/") == post_label_key("HTTPS://x.com/p/1")
    with pytest.raises(CampaignRuleError):
        clean_campaign_name("  ")
    with pytest.raises(CampaignRuleError):
        clean_campaign_name("a" * 51)


def test_a_200_post_report_counts_every_post() -> None:
    # How fast is measured in bench/campaign.py, not here.
    bookings = [
        booking(f"c{i}", (Tier.NANO, Tier.MICRO, Tier.MACRO)[i % 3], 5_000 + i * 900, 250)
        for i in range(50)
    ]
    posts = [
        post(f"c{i % 50}", str(i), 5_000 + i * 37, likes=200 + i, comments=9, clicks=3)
        for i in range(200)
    ]
    report = build_report(plan(), bookings, posts)
    assert report.total.posts == 200
    assert sum(row.actual.posts for row in report.rows) == 200
