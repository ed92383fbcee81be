"""What uvloop and orjson buy: Tierbot under each of the four combinations, in one run.

    .venv/bin/python -m bench.speedups [--quick]     writes bench/results/speedups.{json,md}

Four Tierbot processes run side by side, one per combination of EVENT_LOOP (asyncio,
uvloop) and JSON_LIBRARY (stdlib, orjson), each against its own emulator; their loads
alternate round by round, so a machine that gets busier moves all four alike. The kinds
are light commands whose cost is mostly discord.py's: /help (a small embed) and /classify
(a large embed and a button, the JSON-heaviest reply). `python -m bench` runs the same
section and puts its table in latest.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.processes import TIERBOT
from bench.service import Live, Plan, live_bot, load_result, run_load
from bench.workloads import TIERBOT as TIERBOT_KINDS
from bench.workloads import Kind

COMBINATIONS: tuple[tuple[str, str], ...] = (
    ("asyncio", "stdlib"),
    ("asyncio", "orjson"),
    ("uvloop", "stdlib"),
    ("uvloop", "orjson"),
)
KINDS = ("help", "classify")
RESULTS = Path(__file__).resolve().parent / "results"


def combination_name(loop: str, json_library: str) -> str:
    return f"{loop} + {json_library}"


async def measure(
    *, count: int = 2_000, rounds: int = 4, concurrency: int = 8, progress: Any = print
) -> dict[str, Any]:
    """Per combination and kind: rate, latency and bot CPU per interaction."""
    kinds: list[Kind] = [kind for kind in TIERBOT_KINDS if kind.key in KINDS]
    plan = Plan(concurrency, startup_runs=0, guilds=0, warmup=True, rounds=rounds)
    raws: dict[str, dict[str, list[dict[str, Any]]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-speedups-") as folder_name:
        folder = Path(folder_name)
        async with contextlib.AsyncExitStack() as stack:
            bots: dict[str, Live] = {}
            for loop, json_library in COMBINATIONS:
                name = combination_name(loop, json_library)
                bots[name] = await stack.enter_async_context(
                    live_bot(
                        f"tierbot-{loop}-{json_library}",
                        TIERBOT,
                        folder,
                        plan,
                        barrier="/help",
                        progress=progress,
                        environment={"EVENT_LOOP": loop, "JSON_LIBRARY": json_library},
                    )
                )
                raws[name] = {kind.key: [] for kind in kinds}
            for name, live in bots.items():
                expected = f"Event loop: {name.replace(' + ', '; JSON: ')}"
                if not any(expected in line for line in live.bot.output):
                    raise RuntimeError(f"{live.name} did not log {expected!r}")
                for kind in kinds:  # warm-up: first-use imports and caches
                    await run_load(live, kind, kind.warmup, concurrency)
            per_round = max(1, count // rounds)
            for round_index in range(rounds):
                for kind in kinds:
                    # Each round starts with a different combination, so none always goes first.
                    order = list(bots.items())
                    order = order[round_index % len(order) :] + order[: round_index % len(order)]
                    for name, live in order:
                        raws[name][kind.key].append(
                            await run_load(live, kind, per_round, concurrency)
                        )
                progress(f"speedups: round {round_index + 1} of {rounds} done")
            errors = {name: live.bot.errors()[:5] for name, live in bots.items()}
    loads = {
        name: {
            kind.key: load_result(kind, raws[name][kind.key])
            for kind in kinds
            if raws[name][kind.key]
        }
        for name in raws
    }
    return {
        "count_per_kind": per_round * rounds,
        "rounds": rounds,
        "loads": loads,
        "errors": errors,
    }


def _number(value: float | None, places: int = 2) -> str:
    return "—" if value is None else f"{value:,.{places}f}"


def markdown_lines(speedups: dict[str, Any]) -> list[str]:
    """The table for latest.md: each combination against asyncio + stdlib, per kind."""
    loads = speedups.get("loads") or {}
    if not loads:
        return []
    reference = loads.get(combination_name("asyncio", "stdlib"), {})
    lines = [
        "",
        "Event loop and JSON library (`bench/speedups.py`): four Tierbot processes, one per "
        f"combination, their loads alternating in {speedups['rounds']} rounds "
        f"({speedups['count_per_kind']:,} interactions per kind and combination). "
        "*CPU saved* is against asyncio + stdlib json.",
        "",
        "| combination | command | interactions/s | p50 ms | p99 ms | bot CPU ms each "
        "| CPU saved |",
        "|---|---|--:|--:|--:|--:|--:|",
    ]
    for name, kinds in loads.items():
        for key, load in kinds.items():
            cpu = load.get("bot_cpu_ms_per_interaction")
            base_cpu = (reference.get(key) or {}).get("bot_cpu_ms_per_interaction")
            saved = f"{1 - cpu / base_cpu:.0%}" if cpu is not None and base_cpu else "—"
            first = load.get("first_response") or {}
            lines.append(
                f"| {name} | {load['command']} | {_number(load['per_second'], 0)} | "
                f"{_number(first.get('p50_ms'))} | {_number(first.get('p99_ms'))} | "
                f"{_number(cpu)} | {saved} |"
            )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speedups", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small counts (smoke test)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    arguments = parser.parse_args(argv)

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    count, rounds = (40, 2) if arguments.quick else (2_000, 4)
    result = asyncio.run(measure(count=count, rounds=rounds, progress=progress))
    arguments.output.mkdir(parents=True, exist_ok=True)
    (arguments.output / "speedups.json").write_text(json.dumps(result, indent=2) + "\n")
    text = "# Event loop and JSON library\n" + "\n".join(markdown_lines(result)) + "\n"
    (arguments.output / "speedups.md").write_text(text)
    print(text)
    return 1 if any(result["errors"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
