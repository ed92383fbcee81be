"""/mix latency through the emulator, with the real bot.

    .venv/bin/python -m bench.mix [--runs 20] [--burst 10]

Measures what a user waits for: the first response (the public "thinking…" placeholder,
sent after the plan is computed and before the chart is drawn), the finished reply with the
chart attached, and the same under a burst of concurrent /mix commands. Also the planner and
the chart on their own, in-process, so the split between them is visible.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bot.domain.mix import Goal, MixRequest, plan_mix
from bot.domain.platforms import Platform
from bot.playground.emulator import Emulator
from bot.playground.local import LocalBot, settings_for
from bot.render.mix_chart import draw_mix_chart

LINES = (
    "/mix goal:awareness budget:$25k",
    "/mix goal:engagement budget:€10k platform:tiktok",
    "/mix goal:conversions budget:25k EUR niche:vegan skincare",
    "/mix goal:launch budget:$60k platform:youtube weeks:6",
    "/mix goal:local budget:$8k max_creators:15",
    "/mix goal:always-on budget:$1.5M weeks:26 max_creators:200",
    # The slowest path: a launch whose cap binds at the exact limit (two-phase 2-D programme).
    "/mix goal:launch budget:$2M platform:tiktok weeks:26 max_creators:150",
)


def summary(name: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"{name}: n={len(ordered)} median={statistics.median(ordered) * 1000:.1f} ms "
        f"p95={p95 * 1000:.1f} ms max={ordered[-1] * 1000:.1f} ms"
    )


def in_process(runs: int) -> None:
    plans: list[float] = []
    charts: list[float] = []
    for index in range(runs):
        goal = list(Goal)[index % len(Goal)]
        request = MixRequest(goal=goal, budget=Decimal(25_000), platform=Platform.INSTAGRAM)
        started = time.perf_counter()
        plan = plan_mix(request)
        plans.append(time.perf_counter() - started)
        started = time.perf_counter()
        draw_mix_chart(plan)
        charts.append(time.perf_counter() - started)
    print(summary("plan_mix (in-process)", plans))
    print(summary("draw_mix_chart (in-process)", charts))


async def main(runs: int, burst: int) -> None:
    in_process(runs)
    with tempfile.TemporaryDirectory() as folder:
        emulator = Emulator(heartbeat_interval=5.0)
        await emulator.start()
        guild = emulator.add_guild("Bench")
        member = emulator.member(guild, "bench")
        local = LocalBot(emulator, settings_for(emulator, Path(folder) / "bench.sqlite3"))
        await local.start()
        try:
            await emulator.invoke(LINES[0], actor=member)  # warm-up: scheme cache, matplotlib
            first: list[float] = []
            finished: list[float] = []
            for index in range(runs):
                reply = await emulator.invoke(LINES[index % len(LINES)], actor=member)
                done = time.monotonic() - reply.created
                assert reply.first_response_seconds is not None
                assert reply.message.file(".png").data.startswith(b"\x89PNG")
                first.append(reply.first_response_seconds)
                finished.append(done)
            print(summary("/mix first response", first))
            print(summary("/mix reply with chart", finished))

            refused: list[float] = []
            for _ in range(runs):
                reply = await emulator.invoke("/mix goal:launch budget:$50", actor=member)
                assert reply.ephemeral
                assert reply.first_response_seconds is not None
                refused.append(reply.first_response_seconds)
            print(summary("/mix refused budget (ephemeral reply)", refused))

            async def one(index: int) -> tuple[float, float]:
                reply = await emulator.invoke(LINES[index % len(LINES)], actor=member, timeout=60)
                assert reply.first_response_seconds is not None
                return reply.first_response_seconds, time.monotonic() - reply.created

            results = await asyncio.gather(*(one(index) for index in range(burst)))
            print(summary(f"/mix first response, {burst} at once", [r[0] for r in results]))
            print(summary(f"/mix reply with chart, {burst} at once", [r[1] for r in results]))
        finally:
            await local.stop()
            await emulator.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--burst", type=int, default=10)
    options = parser.parse_args()
    asyncio.run(main(options.runs, options.burst))
