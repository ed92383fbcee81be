"""The bot as a service: start-up, throughput, latency and memory through the emulator.

Three processes: the emulator (bench/emulator_process.py, driven over its control API), the
bot under test (`python -m bot run`, or the baseline `python -m bench.baseline_bot`), and
this driver, which only waits while the emulator runs a load.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.processes import Bot, Emulator, cpu_seconds
from bench.stats import latency_summary
from bench.workloads import Kind

log = logging.getLogger(__name__)

Seed = Callable[[Path, int], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Plan:
    """How much of everything to do: the full run, or a smoke-test sized one (--quick)."""

    concurrency: int = 8
    startup_runs: int = 3
    guilds: int = 1_000
    scale: float = 1.0  # multiplies each kind's count
    warmup: bool = True

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


def load_result(kind: Kind, raw: dict[str, Any]) -> dict[str, Any]:
    """Throughput and latency of one measured load, from the emulator's per-interaction times."""
    first = [value for value in raw["first_response"] if value is not None]
    settled = [value for value in raw["settled"] if value is not None]
    result: dict[str, Any] = {
        "command": kind.label,
        "line": kind.line,
        "count": raw["count"],
        "concurrency": raw["concurrency"],
        "wall_seconds": raw["wall_seconds"],
        "per_second": len(settled) / raw["wall_seconds"] if raw["wall_seconds"] else 0.0,
        "failures": raw["failure_count"],
        "failure_samples": raw["failures"][:5],
        "replies": raw["replies"],
    }
    if first:
        result["first_response"] = latency_summary(first)
    if settled:
        result["settled"] = latency_summary(settled)
    return result


async def measure_startup(
    emulator: Emulator, name: str, module: Sequence[str], folder: Path, runs: int
) -> dict[str, Any]:
    """Process start to ready with commands synced, on a fresh database each time."""
    samples: list[dict[str, float]] = []
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
    emulator: Emulator, bot: Bot, count: int, barrier: str, database: Path | None
) -> dict[str, Any]:
    """RSS before and after `count` guilds join (GUILD_CREATE each), and the growth per guild."""
    before = await _settle_rss(bot)
    started = time.monotonic()
    dispatch_seconds = await emulator.add_guilds(count)
    # Events are handled in order: once a command dispatched after them is answered, every
    # GUILD_CREATE was parsed. Tierbot also records each join in its database.
    await emulator.invoke(barrier)
    if database is not None:
        expected = count + 1
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


async def run_kind(emulator: Emulator, bot: Bot, kind: Kind, plan: Plan) -> dict[str, Any]:
    files = kind.files() if kind.files is not None else None
    concurrency = kind.concurrency or plan.concurrency
    if plan.warmup and kind.warmup:
        await emulator.load(
            kind.line, count=kind.warmup, concurrency=concurrency, role=kind.role, files=files
        )
    pids = {"bot": bot.process.pid, "emulator": emulator.process.pid}
    cpu_before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    raw = await emulator.load(
        kind.line, count=plan.count(kind), concurrency=concurrency, role=kind.role, files=files
    )
    result = load_result(kind, raw)
    # CPU per interaction in each process: on 2 cores the two compete, so this says where
    # the time went (the driver only waits). Clock ticks are 10 ms: only large counts resolve.
    for name, pid in pids.items():
        used = cpu_seconds(pid) - cpu_before[name]
        result[f"{name}_cpu_ms_per_interaction"] = used * 1000 / raw["count"]
    return result


async def bench_bot(
    name: str,
    module: Sequence[str],
    kinds: Sequence[Kind],
    plan: Plan,
    *,
    barrier: str,
    seed: Seed | None = None,
    records_presence: bool = False,
    profile: Path | None = None,
    progress: Callable[[str], None] = print,
) -> BotReport:
    """Start-up runs, then one long-lived process: memory, every kind's load, 1,000 guilds."""
    report = BotReport(name)
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as folder_name:
        folder = Path(folder_name)
        emulator = await Emulator.start()
        try:
            if plan.startup_runs:
                progress(f"{name}: start-up x{plan.startup_runs}")
                report.startup = await measure_startup(
                    emulator, name, module, folder, plan.startup_runs
                )
            database = folder / f"{name}.sqlite3"
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
            bot = await Bot.start(name, module, emulator, database)
            try:
                await emulator.wait_started(before["identifies"], -1)
                await bot.wait_ready()
                report.memory["rss_after_start_kib"] = await _settle_rss(bot, 1.0)
                # Guilds join before any load, so what the loads leave behind (caches, freed
                # memory the allocator keeps) neither hides nor inflates the growth per guild.
                if plan.guilds:
                    progress(f"{name}: {plan.guilds} guilds join")
                    report.memory.update(
                        await measure_guilds(
                            emulator,
                            bot,
                            plan.guilds,
                            barrier,
                            database if records_presence else None,
                        )
                    )
                registered = set((await emulator.state())["commands"])
                for kind in kinds:
                    if kind.command not in registered:
                        report.skipped[kind.key] = f"/{kind.command} is not registered"
                        progress(f"{name}: {kind.label} skipped (not registered)")
                        continue
                    progress(f"{name}: {kind.label} x{plan.count(kind)}")
                    report.loads[kind.key] = await run_kind(emulator, bot, kind, plan)
                    progress(f"  {_one_line(report.loads[kind.key])}")
                report.memory["rss_after_loads_kib"] = await _settle_rss(bot)
            finally:
                await bot.stop()
                report.errors = bot.errors()[:20]
        finally:
            await emulator.stop()
    return report


def _one_line(load: dict[str, Any]) -> str:
    first = load.get("first_response", {})
    return (
        f"{load['per_second']:.0f}/s, first response p50 {first.get('p50_ms', 0):.1f} ms "
        f"p99 {first.get('p99_ms', 0):.1f} ms, CPU ms per interaction: bot "
        f"{load['bot_cpu_ms_per_interaction']:.2f}, emulator "
        f"{load['emulator_cpu_ms_per_interaction']:.2f}; failures {load['failures']}, "
        f"replies {load['replies']}"
    )
