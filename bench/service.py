"""The bot as a service: start-up, throughput, latency and memory through the emulator.

Per bot, two processes: the emulator (bench/emulator_process.py, driven over its control
API) and the bot under test (`python -m bot run`, or the baseline
`python -m bench.baseline_bot`). This driver only waits while a load runs.

The baseline and Tierbot are both kept running, each with its own emulator, and their loads
alternate in short rounds (baseline, Tierbot, baseline, Tierbot, ...): every command kind is
compared with baseline rounds measured right next to it, so a machine that gets busier or
quieter during the run moves both sides alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import statistics
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.processes import Bot, Emulator, cpu_seconds
from bench.stats import latency_summary
from bench.workloads import Kind

log = logging.getLogger(__name__)

Seed = Callable[[Path, int], Awaitable[None]]
Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Plan:
    """How much of everything to do: the full run, or a smoke-test sized one (--quick)."""

    concurrency: int = 8
    startup_runs: int = 3
    guilds: int = 1_000
    scale: float = 1.0  # multiplies each kind's count
    warmup: bool = True
    rounds: int = 4  # baseline/Tierbot alternations per kind

    def count(self, kind: Kind) -> int:
        return max(3, round(kind.count * self.scale))


@dataclass(slots=True)
class BotReport:
    name: str
    startup: dict[str, Any] = field(default_factory=dict)
    memory: dict[str, Any] = field(default_factory=dict)
    loads: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "startup": self.startup,
            "memory": self.memory,
            "loads": self.loads,
            "skipped": self.skipped,
            "errors": self.errors,
        }


@dataclass(eq=False, slots=True)
class Live:
    """A running bot and its emulator."""

    name: str
    emulator: Emulator
    bot: Bot
    report: BotReport
    database: Path

    async def commands(self) -> set[str]:
        return set((await self.emulator.state())["commands"])


# ------------------------------------------------------------------ loads


async def run_load(live: Live, kind: Kind, count: int, concurrency: int) -> dict[str, Any]:
    """One load, as the emulator reports it, plus the CPU both processes used meanwhile."""
    files = kind.files() if kind.files is not None else None
    pids = {"bot": live.bot.process.pid, "emulator": live.emulator.process.pid}
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    raw = await live.emulator.load(
        kind.line, count=count, concurrency=concurrency, role=kind.role, files=files
    )
    for name, pid in pids.items():
        raw[f"{name}_cpu_seconds"] = cpu_seconds(pid) - before[name]
    return raw


def load_result(kind: Kind, raws: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Throughput and latency over one or more rounds of the same kind."""
    first = [v for raw in raws for v in raw["first_response"] if v is not None]
    settled = [v for raw in raws for v in raw["settled"] if v is not None]
    count = sum(raw["count"] for raw in raws)
    wall = sum(raw["wall_seconds"] for raw in raws)
    replies: Counter[str] = Counter()
    for raw in raws:
        replies.update(raw["replies"])
    result: dict[str, Any] = {
        "command": kind.label,
        "line": kind.line,
        "count": count,
        "rounds": len(raws),
        "concurrency": raws[0]["concurrency"],
        "wall_seconds": wall,
        "per_second": len(settled) / wall if wall else 0.0,
        "round_rates": [
            sum(v is not None for v in raw["settled"]) / raw["wall_seconds"] for raw in raws
        ],
        "failures": sum(raw["failure_count"] for raw in raws),
        "failure_samples": [f for raw in raws for f in raw["failures"]][:5],
        "replies": dict(replies),
        # CPU per interaction: on 2 cores the bot and the emulator have about one each, so
        # this says what bounds the rate. Clock ticks are 10 ms: only large counts resolve.
        "bot_cpu_ms_per_interaction": sum(r["bot_cpu_seconds"] for r in raws) * 1000 / count,
        "emulator_cpu_ms_per_interaction": (
            sum(r["emulator_cpu_seconds"] for r in raws) * 1000 / count
        ),
    }
    if first:
        result["first_response"] = latency_summary(first)
    if settled:
        result["settled"] = latency_summary(settled)
    return result


def _split(total: int, parts: int) -> list[int]:
    parts = max(1, min(parts, total))
    share, extra = divmod(total, parts)
    return [share + (1 if index < extra else 0) for index in range(parts)]


async def compare(
    baseline: Live, baseline_kind: Kind, tierbot: Live, kind: Kind, plan: Plan
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Warm up, then alternate baseline and Tierbot rounds. Tierbot's result carries the
    baseline rounds next to it under "baseline"; the raw baseline rounds are returned too."""
    concurrency = kind.concurrency or plan.concurrency
    if plan.warmup and kind.warmup:
        await run_load(tierbot, kind, kind.warmup, concurrency)
    kind_counts = _split(plan.count(kind), plan.rounds)
    base_counts = _split(plan.count(baseline_kind), len(kind_counts))
    base_raws: list[dict[str, Any]] = []
    kind_raws: list[dict[str, Any]] = []
    for base_count, kind_count in zip(base_counts, kind_counts, strict=True):
        base_raws.append(await run_load(baseline, baseline_kind, base_count, plan.concurrency))
        kind_raws.append(await run_load(tierbot, kind, kind_count, concurrency))
    result = load_result(kind, kind_raws)
    result["baseline"] = load_result(baseline_kind, base_raws)
    return result, base_raws


# ------------------------------------------------------------------ start-up and memory


async def measure_startup(
    name: str, module: Sequence[str], folder: Path, runs: int
) -> dict[str, Any]:
    """Process start to ready with commands synced, on a fresh database each time."""
    samples: list[dict[str, float]] = []
    emulator = await Emulator.start()
    try:
        for run in range(runs):
            before = await emulator.state()
            bot = await Bot.start(name, module, emulator, folder / f"startup-{run}.sqlite3")
            try:
                identified_at, synced_at = await emulator.wait_started(
                    before["identifies"], before["syncs"]
                )
                ready = await bot.wait_ready()
            finally:
                await bot.stop()
            samples.append(
                {
                    "ready_seconds": ready,
                    "synced_seconds": synced_at - bot.started_at,
                    "identified_seconds": identified_at - bot.started_at,
                    "start_to_ready_seconds": max(ready, synced_at - bot.started_at),
                }
            )
    finally:
        await emulator.stop()
    return {
        "runs": samples,
        "median_seconds": statistics.median(s["start_to_ready_seconds"] for s in samples),
        "median_synced_seconds": statistics.median(s["synced_seconds"] for s in samples),
    }


async def _settle_rss(bot: Bot, seconds: float = 0.5) -> int:
    await asyncio.sleep(seconds)
    return bot.rss_kib()


def _presence_rows(database: Path) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        return int(connection.execute("SELECT count(*) FROM guild_presence").fetchone()[0])


async def measure_guilds(
    emulator: Emulator,
    bot: Bot,
    count: int,
    barrier: str,
    database: Path | None,
    *,
    already: int = 0,
) -> dict[str, Any]:
    """RSS before and after `count` guilds join (GUILD_CREATE each), and the growth per guild."""
    # The barrier command once first, so what a first command loads once is not counted.
    await emulator.invoke(barrier)
    before = await _settle_rss(bot)
    started = time.monotonic()
    dispatch_seconds = await emulator.add_guilds(count)
    # Events are handled in order: once a command dispatched after them is answered, every
    # GUILD_CREATE was parsed. Tierbot also records each join in its database.
    await emulator.invoke(barrier)
    if database is not None:
        expected = already + count + 1
        async with asyncio.timeout(120):
            # Another process's database: nothing to wait on but the file itself.
            while await asyncio.to_thread(_presence_rows, database) < expected:  # noqa: ASYNC110
                await asyncio.sleep(0.05)
    handled = time.monotonic() - started
    after = await _settle_rss(bot)
    growth = after - before
    return {
        "guilds": count,
        "rss_before_kib": before,
        "rss_after_kib": after,
        "growth_kib": growth,
        "growth_kib_per_1000_guilds": growth * 1000 / count,
        "dispatch_seconds": dispatch_seconds,
        "handled_seconds": handled,
    }


@contextlib.asynccontextmanager
async def live_bot(
    name: str,
    module: Sequence[str],
    folder: Path,
    plan: Plan,
    *,
    barrier: str,
    seed: Seed | None = None,
    records_presence: bool = False,
    profile: Path | None = None,
    progress: Progress = print,
    environment: dict[str, str] | None = None,
) -> AsyncIterator[Live]:
    """The bot running against its own emulator, measured after start and after guilds join."""
    report = BotReport(name)
    database = folder / f"{name}.sqlite3"
    emulator = await Emulator.start()
    try:
        if seed is not None:
            progress(f"{name}: seeding the database")
            await seed(database, await emulator.guild_id())
        before = await emulator.state()
        if profile is not None:
            # Both profilers write their report when the bot exits cleanly on SIGTERM:
            # FILE.prof gets cProfile's pstats (exact call counts), anything else
            # pyinstrument's text report.
            profiler = (
                ("cProfile", "-o", str(profile))
                if profile.suffix == ".prof"
                else ("pyinstrument", "-r", "text", "--show-all", "-o", str(profile))
            )
            module = (*profiler, "-m", *module)
        bot = await Bot.start(name, module, emulator, database, **(environment or {}))
        try:
            await emulator.wait_started(before["identifies"], -1)
            await bot.wait_ready()
            report.memory["rss_after_start_kib"] = await _settle_rss(bot, 1.0)
            # Guilds join before any load, so what the loads leave behind (caches, memory the
            # allocator keeps) neither hides nor inflates the growth per guild.
            if plan.guilds:
                progress(f"{name}: {plan.guilds} guilds join")
                presence = database if records_presence else None
                report.memory.update(
                    await measure_guilds(emulator, bot, plan.guilds, barrier, presence)
                )
                # A second batch: what the first one paid once (SQLite's page cache filling
                # up to its bounded size, the allocator's first arenas) shows as the difference.
                second = await measure_guilds(
                    emulator, bot, plan.guilds, barrier, presence, already=plan.guilds
                )
                report.memory["second_batch"] = second
            yield Live(name, emulator, bot, report, database)
            report.memory["rss_after_loads_kib"] = await _settle_rss(bot)
        finally:
            await bot.stop()
            report.errors = bot.errors()[:20]
    finally:
        await emulator.stop()


def one_line(load: dict[str, Any]) -> str:
    first = load.get("first_response", {})
    return (
        f"{load['per_second']:.0f}/s, first response p50 {first.get('p50_ms', 0):.1f} ms "
        f"p99 {first.get('p99_ms', 0):.1f} ms, CPU ms per interaction: bot "
        f"{load['bot_cpu_ms_per_interaction']:.2f}, emulator "
        f"{load['emulator_cpu_ms_per_interaction']:.2f}; failures {load['failures']}, "
        f"replies {load['replies']}"
    )
