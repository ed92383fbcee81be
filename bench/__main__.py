"""`python -m bench` (`make bench`): the whole benchmark in one go; see bench/README.md.

python -m bench                 full run, writes bench/results/latest.{json,md}
python -m bench --quick         smoke-sized run (small counts), for tests and a first look
python -m bench --only help classify     these command kinds only (plus the baseline)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import domain_bench, report, storage_bench
from bench.processes import BASELINE, TIERBOT
from bench.seed import filled_list
from bench.service import BotReport, Plan, bench_bot
from bench.workloads import ADD_LIST, BIG_LIST, BIG_LIST_ENTRIES
from bench.workloads import BASELINE as BASELINE_KIND
from bench.workloads import TIERBOT as TIERBOT_KINDS
from storage.store import Storage

RESULTS = Path(__file__).resolve().parent / "results"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def seed_tierbot(database: Path, guild_id: int) -> None:
    """The shortlists the stateful kinds use: one with 1,000 entries, one to add to."""
    storage = await Storage.open(database)
    try:
        await filled_list(storage, guild_id, BIG_LIST, BIG_LIST_ENTRIES, seed=3)
        await filled_list(storage, guild_id, ADD_LIST, 0)
    finally:
        await storage.close()


def _merge_baselines(first: BotReport, second: BotReport) -> None:
    """Keep both baseline loads; the reported one is the mean of the two (drift is noted)."""
    key = BASELINE_KIND.key
    before, after = first.loads.get(key), second.loads.get(key)
    if before is None or after is None:
        return
    merged = dict(before)
    merged["per_second"] = (before["per_second"] + after["per_second"]) / 2
    for part in ("first_response", "settled"):
        merged[part] = {name: (before[part][name] + after[part][name]) / 2 for name in before[part]}
    merged["runs"] = [before, after]
    merged["drift"] = after["per_second"] / before["per_second"] - 1
    first.loads[key] = merged


async def run_service(
    plan: Plan, kinds: Sequence[str] | None, profile: Path | None = None
) -> dict[str, Any]:
    chosen = [kind for kind in TIERBOT_KINDS if kinds is None or kind.key in kinds]
    baseline = await bench_bot(
        "baseline", BASELINE, [BASELINE_KIND], plan, barrier="/ping", progress=log
    )
    tierbot = await bench_bot(
        "tierbot",
        TIERBOT,
        chosen,
        plan,
        barrier="/help",
        seed=seed_tierbot,
        records_presence=True,
        profile=profile,
        progress=log,
    )
    if plan.scale < 1:
        return {"baseline": baseline.as_dict(), "tierbot": tierbot.as_dict()}
    # The baseline once more after Tierbot: the machine's drift during the run shows up here.
    again = await bench_bot(
        "baseline",
        BASELINE,
        [BASELINE_KIND],
        Plan(plan.concurrency, startup_runs=0, guilds=0, scale=plan.scale, warmup=plan.warmup),
        barrier="/ping",
        progress=log,
    )
    _merge_baselines(baseline, again)
    return {"baseline": baseline.as_dict(), "tierbot": tierbot.as_dict()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small counts (smoke test)")
    parser.add_argument(
        "--only", nargs="+", metavar="KIND", help="command kinds to measure (default: all)"
    )
    parser.add_argument("--skip", nargs="+", default=[], choices=("service", "storage", "domain"))
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--output", type=Path, default=RESULTS, help="folder for latest.*")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="FILE",
        help="run Tierbot's measured process under pyinstrument; its text report goes to FILE",
    )
    arguments = parser.parse_args(argv)
    known = {kind.key for kind in TIERBOT_KINDS}
    unknown = set(arguments.only or ()) - known
    if unknown:
        parser.error(f"unknown kinds {sorted(unknown)}; known: {sorted(known)}")

    quick: bool = arguments.quick
    plan = (
        Plan(arguments.concurrency, startup_runs=1, guilds=50, scale=0.01, warmup=False)
        if quick
        else Plan(arguments.concurrency)
    )
    started = time.perf_counter()
    results: dict[str, Any] = {
        "machine": report.machine(),
        "settings": {
            "quick": quick,
            "concurrency": plan.concurrency,
            "startup_runs": plan.startup_runs,
            "guilds": plan.guilds,
            "scale": plan.scale,
        },
    }
    load = results["machine"]["load_average"]
    if load and load[0] > 0.5:
        log(f"note: load average {load[0]:.2f}; other work on the machine makes numbers noisy")
    if "domain" not in arguments.skip:
        log("domain micro-benchmarks")
        results["domain"] = domain_bench.run(quick)
    if "storage" not in arguments.skip:
        log("storage micro-benchmarks")
        results["storage"] = storage_bench.run(quick)
    if "service" not in arguments.skip:
        results.update(asyncio.run(run_service(plan, arguments.only, arguments.profile)))
    results["elapsed_seconds"] = time.perf_counter() - started
    results["finished_at"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    results["commands"] = report.command_rows(results)
    results["rows"] = [row.as_dict() for row in report.target_rows(results)]
    json_path, md_path = report.write(results, arguments.output)
    print(report.markdown(results))
    log(f"wrote {json_path} and {md_path}")
    problems = [
        f"{name}: {line}"
        for name in ("baseline", "tierbot")
        for line in (results.get(name) or {}).get("errors", [])
    ]
    for problem in problems:
        log(f"error logged by {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
