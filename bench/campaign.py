"""The campaign report on its own, in-process: 200 posts from 50 creators in three tiers.

    .venv/bin/python -m bench.campaign [--posts 200]

Prints the time to build the report (the domain's figures, per-post benchmark bands and the
best-tier verdict), to render its embed and CSV, and to draw its chart. The issue's target:
a 200-post report computed in under 20 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime

from bot.domain.campaign.models import Booking, CampaignPlan, PlannedTier, PostResult
from bot.domain.campaign.report import CampaignReport, build_report
from bot.domain.mix import Goal
from bot.domain.platforms import Platform
from bot.domain.tier import Tier

TARGET_SECONDS = 0.020
_TIERS = (Tier.NANO, Tier.MICRO, Tier.MACRO)
_FOLLOWERS = {Tier.NANO: 6_000, Tier.MICRO: 45_000, Tier.MACRO: 650_000}
_FEES = {Tier.NANO: 150.0, Tier.MICRO: 700.0, Tier.MACRO: 6_000.0}


def workload(posts: int = 200) -> tuple[CampaignPlan, list[Booking], list[PostResult]]:
    """A campaign of `posts` posts, four a creator, with every figure a post can carry."""
    platform = Platform.INSTAGRAM
    plan = CampaignPlan(
        goal=Goal.AWARENESS,
        budget=250_000,
        currency="USD",
        platform=platform,
        weeks=12,
        tiers=tuple(PlannedTier(tier, 20, 4, 80, _FEES[tier] * 20, 1e6, 4e4) for tier in _TIERS),
    )
    creators = max(1, posts // 4)
    bookings = []
    for number in range(creators):
        tier = _TIERS[number % 3]
        bookings.append(
            Booking(
                platform,
                f"creator_{number}",
                f"@creator_{number}",
                _FOLLOWERS[tier] + number * 37,
                tier,
                _FEES[tier],
            )
        )
    results = [
        PostResult(
            platform,
            f"creator_{number % creators}",
            f"Post {number // creators + 1}",
            views=8_000 + (number * 7_919) % 90_000,
            likes=300 + number % 700,
            comments=10 + number % 40,
            shares=number % 30,
            saves=number % 25,
            clicks=number % 60,
            conversions=number % 5,
        )
        for number in range(posts)
    ]
    return plan, bookings, results


def median_seconds(function: Callable[[], object], runs: int) -> float:
    function()  # warm the benchmark tables
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def report_seconds(posts: int = 200, runs: int = 20) -> float:
    plan, bookings, results = workload(posts)
    return median_seconds(lambda: build_report(plan, bookings, results), runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--runs", type=int, default=20)
    arguments = parser.parse_args()

    from bot.domain.campaign.models import Campaign, CampaignState
    from bot.render.campaign import report_csv, report_embed
    from bot.render.campaign_chart import chart_data, draw_campaign_chart

    plan, bookings, results = workload(arguments.posts)
    report: CampaignReport = build_report(plan, bookings, results)
    campaign = Campaign(1, 1, "Bench", plan, CampaignState.OPEN, None, 1, datetime.now(UTC), None)
    built = report_seconds(arguments.posts, arguments.runs)
    rendered = median_seconds(
        lambda: (report_embed(campaign, report, chart=True), report_csv(campaign, report)),
        arguments.runs,
    )
    drawn = median_seconds(
        lambda: draw_campaign_chart(chart_data("Bench", report)), max(3, arguments.runs // 5)
    )
    verdict = "met" if built < TARGET_SECONDS else "MISSED"
    print(f"{arguments.posts} posts, {len(bookings)} creators")
    target = f"target < {TARGET_SECONDS * 1000:g} ms: {verdict}"
    print(f"report (domain):   {built * 1000:7.2f} ms  ({target})")
    print(f"embed + CSV:       {rendered * 1000:7.2f} ms")
    print(f"chart (PNG):       {drawn * 1000:7.2f} ms  (drawn in the worker process)")


if __name__ == "__main__":
    main()
