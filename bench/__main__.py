"""`python -m bench` (`make bench`): the whole benchmark in one go; see bench/README.md.

python -m bench                 full run, writes bench/results/latest.{json,md}
python -m bench --quick         smoke-sized run (small counts), for tests and a first look
python -m bench --only help classify     these command kinds only (plus the baseline)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import (
    domain_bench,
    group_commit,
    growth,
    report,
    same_payload,
    speedups,
    storage_bench,
)
from bench.postgres import POSTGRES_KINDS, seed_target, shortlists_on_postgresql
from bench.processes import BASELINE, TIERBOT
from bench.service import (
    Plan,
    compare,
    live_bot,
    load_result,
    measure_startup,
    one_line,
    run_load,
)
from bench.workloads import BASELINE as BASELINE_KIND
from bench.workloads import TIERBOT as TIERBOT_KINDS
from storage.target import SqliteTarget

RESULTS = Path(__file__).resolve().parent / "results"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def seed_tierbot(database: Path, guild_id: int) -> None:
    """The shortlists the stateful kinds use: one with 1,000 entries, one to add to."""
    await seed_target(SqliteTarget(database), guild_id)


async def run_service(
    plan: Plan, kinds: Sequence[str] | None, profile: Path | None = None
) -> dict[str, Any]:
    """Start-up of each bot, then both running side by side with their loads alternating."""
    chosen = [kind for kind in TIERBOT_KINDS if kinds is None or kind.key in kinds]
    with tempfile.TemporaryDirectory(prefix="bench-") as folder_name:
        folder = Path(folder_name)
        startups: dict[str, dict[str, Any]] = {}
        if plan.startup_runs:
            for name, module in (("baseline", BASELINE), ("tierbot", TIERBOT)):
                log(f"{name}: start-up x{plan.startup_runs}")
                startups[name] = await measure_startup(name, module, folder, plan.startup_runs)
        async with (
            live_bot("baseline", BASELINE, folder, plan, barrier="/ping", progress=log) as base,
            live_bot(
                "tierbot",
                TIERBOT,
                folder,
                plan,
                barrier="/help",
                seed=seed_tierbot,
                records_presence=True,
                profile=profile,
                progress=log,
            ) as tier,
            contextlib.AsyncExitStack() as stack,
        ):
            if plan.warmup:
                await run_load(base, BASELINE_KIND, BASELINE_KIND.warmup, plan.concurrency)
            registered = await tier.commands()
            same = await stack.enter_async_context(
                same_payload.same_payload_bot(
                    tier, [k for k in chosen if k.command in registered], plan, folder, log
                )
            )
            baseline_rounds: list[dict[str, Any]] = []
            for kind in chosen:
                if kind.command not in registered:
                    tier.report.skipped[kind.key] = f"/{kind.command} is not registered"
                    log(f"tierbot: {kind.label} not registered; skipped")
                    continue
                log(f"tierbot: {kind.label} x{plan.count(kind)}, alternating with the baseline")
                result, rounds = await compare(base, BASELINE_KIND, tier, kind, plan)
                tier.report.loads[kind.key] = result
                baseline_rounds.extend(rounds)
                log(f"  tierbot  {one_line(result)}")
                log(f"  baseline {one_line(result['baseline'])}")
                result["same_payload"] = await same_payload.compare_kind(same, tier, kind, plan)
                log(f"  same-payload bot {one_line(result['same_payload']['baseline'])}")
            if baseline_rounds:
                base.report.loads[BASELINE_KIND.key] = load_result(BASELINE_KIND, baseline_rounds)
            stateful = [kind for kind in chosen if kind.key in POSTGRES_KINDS]
            postgres = (
                await shortlists_on_postgresql(base, plan, stateful, folder) if stateful else {}
            )
        base.report.startup = startups.get("baseline", {})
        tier.report.startup = startups.get("tierbot", {})
    return {
        "baseline": base.report.as_dict(),
        "tierbot": tier.report.as_dict(),
        "tierbot_postgres": postgres,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small counts (smoke test)")
    parser.add_argument(
        "--only", nargs="+", metavar="KIND", help="command kinds to measure (default: all)"
    )
    parser.add_argument(
        "--skip",
        nargs="+",
        default=[],
        choices=("service", "storage", "domain", "group-commit", "growth", "speedups"),
    )
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
        Plan(arguments.concurrency, startup_runs=1, guilds=50, scale=0.01, warmup=False, rounds=1)
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
    if "group-commit" not in arguments.skip:
        log("group commit: concurrent adds, SQLite and PostgreSQL (group-commit.md)")
        results["group_commit"] = group_commit.run(quick, arguments.output)
    if "growth" not in arguments.skip:
        log("growth curves (growth.md, growth.png)")
        results["growth"] = growth.run(quick, arguments.output)
    if "service" not in arguments.skip:
        results.update(asyncio.run(run_service(plan, arguments.only, arguments.profile)))
    if "speedups" not in arguments.skip:
        log("event loop and JSON library: four Tierbot processes")
        count, rounds = (40, 2) if quick else (2_000, 4)
        results["speedups"] = asyncio.run(
            speedups.measure(count=count, rounds=rounds, progress=log)
        )
    results["elapsed_seconds"] = time.perf_counter() - started
    results["finished_at"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    results["commands"] = report.command_rows(results)
    results["same_payload"] = report.same_payload_rows(results)
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
