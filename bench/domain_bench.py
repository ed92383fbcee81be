"""Domain micro-benchmarks, in this process: pure functions, no Discord, no database."""

from __future__ import annotations

import statistics
import time
import timeit
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from bench.campaign import report_seconds as campaign_report_seconds
from bench.workloads import creator_csv
from bot.domain import knowledge
from bot.domain.creator_report import build_creator_report, classify_creator_file
from bot.domain.handles import normalize_handle
from bot.domain.metrics import CreatorStats
from bot.domain.mix.models import Goal, MixRequest
from bot.domain.mix.planner import plan_mix
from bot.domain.platforms import Platform
from bot.domain.tiers import default_scheme
from bot.render.mix_chart import chart_content, draw_chart, draw_mix_chart


def time_call(function: Callable[[], object], *, repeats: int = 5, budget: float = 0.2) -> float:
    """Seconds per call: median of `repeats` loops, each sized to take about `budget`."""
    started = time.perf_counter()
    function()  # the first call builds caches; time the steady state
    first = time.perf_counter() - started
    number = max(1, min(1_000_000, round(budget / max(first, 1e-7))))
    taken = timeit.Timer(function).timeit(number)  # calibrate on the warm path
    number = max(1, round(number * budget / max(taken, 1e-9)))
    runs = timeit.Timer(function).repeat(repeat=repeats, number=number)
    return statistics.median(runs) / number


def time_once(function: Callable[[], object], *, repeats: int = 3) -> float:
    """Seconds for one call of something slow (median of `repeats`, after one warm-up)."""
    function()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def chart_seconds(charts: int) -> float:
    """Seconds to draw one /mix chart never drawn before (median): the bench's /mix budgets,
    $20k to $249k, each plan drawn once, after a warm-up that builds the prepared figure and
    its glyphs as a running worker would have. The cache of finished charts is bypassed."""
    contents = [
        chart_content(
            plan_mix(
                MixRequest(
                    goal=Goal.AWARENESS,
                    budget=Decimal(20_000 + 1_000 * (index % 230)),
                    platform=Platform.INSTAGRAM,
                )
            )
        )
        for index in range(charts + 20)
    ]
    for content in contents[:20]:
        draw_chart(content)
    samples = []
    for content in contents[20:]:
        started = time.perf_counter()
        draw_chart(content)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def run(quick: bool = False) -> dict[str, Any]:
    scheme = default_scheme()
    handle = normalize_handle("@jane_doe", Platform.INSTAGRAM)
    stats = CreatorStats(followers=12_500, likes=450, comments=32)
    request = MixRequest(goal=Goal.AWARENESS, budget=Decimal(25_000), platform=Platform.INSTAGRAM)
    plan = plan_mix(request)
    question = "how many followers does a micro influencer have"
    data = creator_csv()
    repeats = 1 if quick else 5
    budget = 0.01 if quick else 0.2

    started = time.perf_counter()
    results = {
        "tier_classify_seconds": time_call(
            lambda: scheme.classify(stats.followers), repeats=repeats, budget=budget
        ),
        "creator_report_seconds": time_call(
            lambda: build_creator_report(Platform.INSTAGRAM, stats, scheme, handle),
            repeats=repeats,
            budget=budget,
        ),
        "mix_plan_seconds": time_call(lambda: plan_mix(request), repeats=repeats, budget=budget),
        "mix_chart_seconds": chart_seconds(6 if quick else 60),
        "mix_chart_cached_seconds": time_once(lambda: draw_mix_chart(plan), repeats=3),
        "knowledge_answer_seconds": time_call(
            lambda: knowledge.search(question), repeats=repeats, budget=budget
        ),
        "csv_5000_rows_seconds": time_once(
            lambda: classify_creator_file(data, scheme), repeats=1 if quick else 3
        ),
        "campaign_report_200_posts_seconds": campaign_report_seconds(200, runs=3 if quick else 20),
    }
    # The slowest of a grid of requests, so one easy request does not flatter the planner.
    grid = [
        MixRequest(
            goal=goal,
            budget=Decimal(budget),
            platform=platform,
            weeks=12,
            max_creators=max_creators,
        )
        for goal in Goal
        for budget in (5_000, 100_000, 2_000_000)
        for platform in (Platform.INSTAGRAM, Platform.TIKTOK, Platform.YOUTUBE)
        for max_creators in (None, 500)
    ]
    worst = 0.0
    for grid_request in grid if not quick else grid[:4]:
        try:
            plan_mix(grid_request)
        except ValueError:  # a budget too small for the goal: refused, not planned
            continue
        worst = max(worst, time_once(partial(plan_mix, grid_request), repeats=3))
    results["mix_plan_worst_seconds"] = worst
    results["mix_plan_grid"] = len(grid)
    results["elapsed_seconds"] = time.perf_counter() - started
    return results
