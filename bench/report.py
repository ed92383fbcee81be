"""Turning a run's measurements into rows with targets, latest.json and latest.md."""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import discord

from bench import group_commit, growth, speedups
from bench.workloads import BASELINE, TIERBOT, Kind

# The targets (reported, never asserted in tests).
MIN_THROUGHPUT_RATIO = 0.8
MAX_P99_RATIO = 2.0
MIN_ADDS_PER_SECOND = 500
MAX_ADD_P99_MS = 20.0
MAX_GROWTH_MB_PER_1000_GUILDS = 5.0
MAX_READY_SECONDS = 1.5
MAX_CLASSIFY_SECONDS = 50e-6
MAX_MIX_PLAN_SECONDS = 5e-3
MAX_CSV_SECONDS = 2.0
MAX_CAMPAIGN_REPORT_SECONDS = 20e-3
MAX_MIX_CHART_MS = 62 / 4  # issue 19: 4× faster than the 62 ms the chart took before it


def machine() -> dict[str, Any]:
    try:
        load = list(os.getloadavg())
    except OSError:
        load = []
    return {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "discord_py": discord.__version__,
        "aiohttp": metadata.version("aiohttp"),
        "aiosqlite": metadata.version("aiosqlite"),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "load_average": load,
    }


@dataclass(frozen=True, slots=True)
class Row:
    section: str
    metric: str
    value: float | None
    unit: str
    baseline: float | None = None
    target: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    def as_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "metric": self.metric,
            "value": self.value,
            "unit": self.unit,
            "baseline": self.baseline,
            "ratio": self.ratio,
            "target": self.target,
            "met": self.met,
        }


def _get(data: dict[str, Any], *path: str) -> Any:
    current: Any = data
    for key in path:
        if not isinstance(current, dict) or key not in current:
            return None
        current = current[key]
    return current


def _check(value: float | None, test: Callable[[float], bool]) -> bool | None:
    return None if value is None else test(value)


def command_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    """One line per command kind: throughput and first-response latency, against the baseline."""
    baseline = _get(results, "baseline", "loads", BASELINE.key) or {}
    lines: list[dict[str, Any]] = []
    kinds: list[tuple[Kind, dict[str, Any] | None, str | None]] = [
        (BASELINE, baseline or None, "baseline")
    ]
    for kind in TIERBOT:
        load = _get(results, "tierbot", "loads", kind.key)
        skipped = _get(results, "tierbot", "skipped", kind.key) or "not selected in this run"
        kinds.append((kind, load, skipped))
    for kind, load, note in kinds:
        # Each kind is compared with the baseline rounds that alternated with it.
        paired = (load or {}).get("baseline") or baseline
        base_rate = paired.get("per_second")
        base_p99 = _get(paired, "first_response", "p99_ms")
        line: dict[str, Any] = {
            "key": kind.key,
            "command": kind.label + (" (baseline bot)" if kind is BASELINE else ""),
            "note": note if load is None else None,
            "stateless": kind.stateless,
        }
        if load is not None:
            rate = load["per_second"]
            p99 = _get(load, "first_response", "p99_ms")
            line.update(
                count=load["count"],
                concurrency=load["concurrency"],
                per_second=rate,
                rate_ratio=rate / base_rate if base_rate and kind is not BASELINE else None,
                p50_ms=_get(load, "first_response", "p50_ms"),
                p95_ms=_get(load, "first_response", "p95_ms"),
                p99_ms=p99,
                p99_ratio=p99 / base_p99 if p99 and base_p99 and kind is not BASELINE else None,
                finished_p50_ms=_get(load, "settled", "p50_ms"),
                bot_cpu_ms=load.get("bot_cpu_ms_per_interaction"),
                baseline_per_second=base_rate,
                baseline_p99_ms=base_p99,
                finished_p99_ms=_get(load, "settled", "p99_ms"),
                failures=load["failures"],
            )
            if kind.stateless and kind is not BASELINE and line["rate_ratio"] is not None:
                line["target"] = f"≥ {MIN_THROUGHPUT_RATIO}× rate, p99 ≤ {MAX_P99_RATIO:g}×"
                line["met"] = (
                    line["rate_ratio"] >= MIN_THROUGHPUT_RATIO
                    and line["p99_ratio"] is not None
                    and line["p99_ratio"] <= MAX_P99_RATIO
                    and not load["failures"]
                )
            elif kind.key == "classify_csv":
                line["target"] = f"finished < {MAX_CSV_SECONDS:g} s"
                finished = line["finished_p99_ms"]
                line["met"] = finished is not None and finished / 1000 < MAX_CSV_SECONDS
        lines.append(line)
    return lines


def target_rows(results: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    mb = 1 / 1024
    tier_memory = _get(results, "tierbot", "memory") or {}
    base_memory = _get(results, "baseline", "memory") or {}

    def memory(key: str) -> tuple[float | None, float | None]:
        value, base = tier_memory.get(key), base_memory.get(key)
        return (
            None if value is None else value * mb,
            None if base is None else base * mb,
        )

    start_rss, start_base = memory("rss_after_start_kib")
    rows.append(Row("memory", "resident after start", start_rss, "MB", start_base))
    after_rss, after_base = memory("rss_after_kib")
    guilds = tier_memory.get("guilds") or base_memory.get("guilds") or 0
    rows.append(
        Row("memory", f"resident after {guilds:,} guilds joined", after_rss, "MB", after_base)
    )
    growth, growth_base = memory("growth_kib_per_1000_guilds")
    rows.append(
        Row(
            "memory",
            "growth per 1,000 guilds",
            growth,
            "MB",
            growth_base,
            f"< {MAX_GROWTH_MB_PER_1000_GUILDS:g} MB",
            _check(growth, lambda v: v < MAX_GROWTH_MB_PER_1000_GUILDS),
        )
    )
    second = tier_memory.get("second_batch") or {}
    second_base = base_memory.get("second_batch") or {}
    if second:
        rows.append(
            Row(
                "memory",
                "growth per 1,000 guilds, the next 1,000",
                second["growth_kib_per_1000_guilds"] * mb,
                "MB",
                second_base.get("growth_kib_per_1000_guilds", 0) * mb or None,
            )
        )
    loads_rss, loads_base = memory("rss_after_loads_kib")
    rows.append(
        Row("memory", "resident after the command loads (all kinds)", loads_rss, "MB", loads_base)
    )

    ready = _get(results, "tierbot", "startup", "median_seconds")
    rows.append(
        Row(
            "start-up",
            "process start to ready, commands synced (median of runs)",
            ready,
            "s",
            _get(results, "baseline", "startup", "median_seconds"),
            f"< {MAX_READY_SECONDS:g} s",
            _check(ready, lambda v: v < MAX_READY_SECONDS),
        )
    )
    rows.append(
        Row(
            "start-up",
            "process start to commands synced",
            _get(results, "tierbot", "startup", "median_synced_seconds"),
            "s",
            _get(results, "baseline", "startup", "median_synced_seconds"),
        )
    )

    storage = results.get("storage") or {}
    entries = storage.get("entries")
    adds_rate = _get(storage, "adds", "per_second")
    adds_p99 = _get(storage, "adds", "p99_ms")
    rows.append(
        Row(
            "storage",
            f"shortlist adds per second ({storage.get('durability', '?')}), one at a time",
            adds_rate,
            "/s",
            target=f"≥ {MIN_ADDS_PER_SECOND}/s",
            met=_check(adds_rate, lambda v: v >= MIN_ADDS_PER_SECOND),
        )
    )
    rows.append(
        Row(
            "storage",
            "shortlist add p99",
            adds_p99,
            "ms",
            target=f"< {MAX_ADD_P99_MS:g} ms",
            met=_check(adds_p99, lambda v: v < MAX_ADD_P99_MS),
        )
    )
    rows.append(
        Row(
            "storage",
            "shortlist adds per second, 8 at once",
            _get(storage, "adds_concurrent_8", "per_second"),
            "/s",
        )
    )
    rows.append(
        Row(
            "storage",
            "shortlist add p99, 8 at once",
            _get(storage, "adds_concurrent_8", "p99_ms"),
            "ms",
        )
    )
    where = f"1,000-entry list, {entries:,} entries in the database" if entries else "?"
    rows.append(
        Row(
            "storage",
            f"show, first page ({where})",
            _get(storage, "show_first_page", "p50_ms"),
            "ms",
        )
    )
    rows.append(Row("storage", "show, last page", _get(storage, "show_last_page", "p50_ms"), "ms"))
    rows.append(
        Row("storage", "export a 1,000-entry list", _get(storage, "export_1000", "p50_ms"), "ms")
    )
    if "export_csv_1000" in storage:
        rows.append(
            Row(
                "storage",
                "export a 1,000-entry list as CSV (query + file)",
                _get(storage, "export_csv_1000", "p50_ms"),
                "ms",
            )
        )

    domain = results.get("domain") or {}
    us, ms = 1e6, 1e3

    def scaled(key: str, factor: float) -> float | None:
        value = domain.get(key)
        return None if value is None else value * factor

    rows.append(
        Row(
            "domain",
            "tier of a follower count (scheme lookup)",
            scaled("tier_classify_seconds", us),
            "µs",
        )
    )
    report = scaled("creator_report_seconds", us)
    rows.append(
        Row(
            "domain",
            "one classification (creator report: tier, schemes, rates, flags, cost)",
            report,
            "µs",
            target=f"< {MAX_CLASSIFY_SECONDS * us:g} µs",
            met=_check(report, lambda v: v < MAX_CLASSIFY_SECONDS * us),
        )
    )
    plan = scaled("mix_plan_seconds", ms)
    rows.append(
        Row(
            "domain",
            "one mix plan ($25k awareness on Instagram)",
            plan,
            "ms",
            target=f"< {MAX_MIX_PLAN_SECONDS * ms:g} ms",
            met=_check(plan, lambda v: v < MAX_MIX_PLAN_SECONDS * ms),
        )
    )
    worst = scaled("mix_plan_worst_seconds", ms)
    rows.append(
        Row(
            "domain",
            f"slowest mix plan of a grid of {domain.get('mix_plan_grid', '?')} requests",
            worst,
            "ms",
            target=f"< {MAX_MIX_PLAN_SECONDS * ms:g} ms",
            met=_check(worst, lambda v: v < MAX_MIX_PLAN_SECONDS * ms),
        )
    )
    chart_ms = scaled("mix_chart_seconds", ms)
    rows.append(
        Row(
            "domain",
            "drawing a new mix chart (PNG), a warm worker",
            chart_ms,
            "ms",
            target=f"≤ {MAX_MIX_CHART_MS:g} ms (¼ of 62 ms)",
            met=_check(chart_ms, lambda v: v <= MAX_MIX_CHART_MS),
        )
    )
    rows.append(
        Row("domain", "one knowledge-base answer", scaled("knowledge_answer_seconds", us), "µs")
    )
    campaign_ms = scaled("campaign_report_200_posts_seconds", ms)
    rows.append(
        Row(
            "domain",
            "a campaign report of 200 posts (figures, bands, best tier)",
            campaign_ms,
            "ms",
            target=f"< {MAX_CAMPAIGN_REPORT_SECONDS * ms:g} ms",
            met=_check(campaign_ms, lambda v: v < MAX_CAMPAIGN_REPORT_SECONDS * ms),
        )
    )
    csv_seconds = domain.get("csv_5000_rows_seconds")
    rows.append(
        Row(
            "domain",
            "a 5,000-row CSV: parse, classify, write back",
            csv_seconds,
            "s",
            target=f"< {MAX_CSV_SECONDS:g} s",
            met=_check(csv_seconds, lambda v: v < MAX_CSV_SECONDS),
        )
    )
    return rows


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".rstrip()


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def _met(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "**no**")


def markdown(results: dict[str, Any]) -> str:
    info = results["machine"]
    settings = results["settings"]
    lines = [
        f"Measured {results['finished_at']} on {info['cpus']} CPUs ({info['processor']}), "
        f"Python {info['python']}, discord.py {info['discord_py']}, {info['platform']}; "
        f"load average before the run {', '.join(f'{v:.2f}' for v in info['load_average'])}. "
        f"The whole run took {results['elapsed_seconds']:.0f} s"
        + (" (quick mode: small counts, not comparable)." if settings["quick"] else "."),
        "",
        f"Commands through the emulator, at most {settings['concurrency']} interactions in flight "
        "(CSV: one at a time). Latency is from dispatching INTERACTION_CREATE to the first "
        "callback received; *finished* is to the reply the user reads (after a defer, the "
        "follow-up). Ratios are to the baseline bot measured in the same run. *Bot CPU* is the "
        "bot process's CPU time during the load per interaction: on 2 cores the bot and the "
        "emulator each have about one, so it is what bounds the rate.",
        "",
        "| command | n | interactions/s | × baseline | p50 ms | p95 ms | p99 ms | p99 × baseline "
        "| finished p50 ms | bot CPU ms each | target | met |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for line in results["commands"]:
        if "per_second" not in line:
            lines.append(
                f"| {line['command']} | — | — | — | — | — | — | — | — | — | "
                f"not measured: {line['note']} | |"
            )
            continue
        failures = f" ({line['failures']} failed)" if line["failures"] else ""
        lines.append(
            f"| {line['command']}{failures} | {line['count']} | {_number(line['per_second'])} | "
            f"{_ratio(line['rate_ratio'])} | {_number(line['p50_ms'])} | "
            f"{_number(line['p95_ms'])} | {_number(line['p99_ms'])} | "
            f"{_ratio(line['p99_ratio'])} | {_number(line['finished_p50_ms'])} | "
            f"{_number(line['bot_cpu_ms'])} | {line.get('target', '')} | {_met(line.get('met'))} |"
        )
    lines += [
        "",
        "| area | metric | value | baseline | ratio | target | met |",
        "|---|---|--:|--:|--:|---|---|",
    ]
    for row in results["rows"]:
        lines.append(
            f"| {row['section']} | {row['metric']} | {_number(row['value'], row['unit'])} | "
            f"{_number(row['baseline'], row['unit'])} | {_ratio(row['ratio'])} | "
            f"{row['target']} | {_met(row['met'])} |"
        )
    lines += same_payload_lines(results)
    lines += speedups.markdown_lines(results.get("speedups") or {})
    lines += group_commit_and_growth_lines(results)
    lines += postgres_lines(results)
    return "\n".join(lines) + "\n"


def group_commit_and_growth_lines(results: dict[str, Any]) -> list[str]:
    """Group commit (SQLite against one COMMIT per write, and PostgreSQL) and growth curves."""
    return group_commit.markdown_lines(results.get("group_commit")) + growth.markdown_lines(
        results.get("growth")
    )


def postgres_lines(results: dict[str, Any]) -> list[str]:
    """The shortlist kinds on PostgreSQL beside the same kinds on SQLite, from one run."""
    postgres = results.get("tierbot_postgres") or {}
    if not postgres:
        return []
    if "skipped_reason" in postgres:
        return [
            "",
            f"Shortlist commands on PostgreSQL: not measured ({postgres['skipped_reason']}).",
        ]
    lines = [
        "",
        "Shortlist commands through the whole bot on PostgreSQL (local server, asyncpg pool) "
        "beside SQLite (WAL, synchronous=FULL), in the same run, each alternating with the "
        "same baseline bot:",
        "",
        "| command | SQLite /s | PostgreSQL /s | SQLite p50 ms | PostgreSQL p50 ms "
        "| SQLite p99 ms | PostgreSQL p99 ms | SQLite bot CPU ms each "
        "| PostgreSQL bot CPU ms each | bound by, SQLite | bound by, PostgreSQL |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for key, load in postgres.get("loads", {}).items():
        sqlite = _get(results, "tierbot", "loads", key) or {}
        lines.append(
            f"| {load['command']} | {_number(sqlite.get('per_second'))} | "
            f"{_number(load.get('per_second'))} | "
            f"{_number(_get(sqlite, 'first_response', 'p50_ms'))} | "
            f"{_number(_get(load, 'first_response', 'p50_ms'))} | "
            f"{_number(_get(sqlite, 'first_response', 'p99_ms'))} | "
            f"{_number(_get(load, 'first_response', 'p99_ms'))} | "
            f"{_number(sqlite.get('bot_cpu_ms_per_interaction'))} | "
            f"{_number(load.get('bot_cpu_ms_per_interaction'))} | "
            f"{bound_by(sqlite)} | {bound_by(load)} |"
        )
    lines += [
        "",
        "*Busy* is the share of one core the bot process used during the load (rate × bot CPU "
        f"per command). From {BOT_CPU_BOUND:.0%} up, the bot's own CPU bounds the rate; below, "
        "the bot is idle part of the time, waiting: for the database (round trips to the "
        "server, the row lock that adds to one list take in turn, the commit reaching the "
        "disk) or, on a busy machine, for a free core.",
    ]
    return lines


# The share of a core from which a load counts as bounded by the bot's own CPU.
BOT_CPU_BOUND = 0.7


def bound_by(load: dict[str, Any]) -> str:
    """What bounds a load's rate, from its rate and the bot's CPU time per command."""
    rate = load.get("per_second")
    cpu_ms = load.get("bot_cpu_ms_per_interaction")
    if rate is None or cpu_ms is None:
        return "—"
    busy = rate * cpu_ms / 1000
    return f"{'bot CPU' if busy >= BOT_CPU_BOUND else 'waiting'} ({busy:.0%} busy)"


def write(results: dict[str, Any], folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    json_path = folder / "latest.json"
    md_path = folder / "latest.md"
    json_path.write_text(json.dumps(results, indent=2, sort_keys=False) + "\n")
    md_path.write_text("# Tierbot benchmark: latest run\n\n" + markdown(results))
    return json_path, md_path


# Issue 19's targets, against the same-payload bot (bench/same_payload.py), same run.
SAME_PAYLOAD_LIGHT = ("help", "tiers_define", "tiers_ask", "classify")
MIN_LIGHT_RATIO = 0.9
MAX_LIGHT_P99_RATIO = 1.3
MIN_SHOW_RATIO = 0.7
MIN_ADDS_THROUGH_BOT = 1_000
MAX_ADD_THROUGH_BOT_P99_MS = 15.0
MIN_MIX_PER_SECOND = 50
MAX_EXPORT_CPU_MS = 8.0


def _same_payload_target(key: str, row: dict[str, Any]) -> tuple[str, bool | None]:
    rate, p99 = row.get("rate_ratio"), row.get("p99_ratio")
    if key in SAME_PAYLOAD_LIGHT:
        met = (
            None
            if rate is None or p99 is None
            else (rate >= MIN_LIGHT_RATIO and p99 <= MAX_LIGHT_P99_RATIO)
        )
        return f"≥ {MIN_LIGHT_RATIO}× rate, p99 ≤ {MAX_LIGHT_P99_RATIO}×", met
    if key == "shortlist_show":
        return f"≥ {MIN_SHOW_RATIO}× rate", _check(rate, lambda v: v >= MIN_SHOW_RATIO)
    if key == "shortlist_add":
        per_second, p99_ms = row.get("per_second"), row.get("p99_ms")
        met = (
            None
            if per_second is None or p99_ms is None
            else (per_second >= MIN_ADDS_THROUGH_BOT and p99_ms < MAX_ADD_THROUGH_BOT_P99_MS)
        )
        return f"≥ {MIN_ADDS_THROUGH_BOT:,}/s, p99 < {MAX_ADD_THROUGH_BOT_P99_MS:g} ms", met
    if key == "mix":
        return f"≥ {MIN_MIX_PER_SECOND} plans with charts/s", _check(
            row.get("per_second"), lambda v: v >= MIN_MIX_PER_SECOND
        )
    if key == "shortlist_export":
        return f"≤ {MAX_EXPORT_CPU_MS:g} ms bot CPU", _check(
            row.get("bot_cpu_ms"), lambda v: v <= MAX_EXPORT_CPU_MS
        )
    return "", None


def same_payload_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Per command: Tierbot against the same-payload bot (rounds alternating) and against
    the /ping bot, rate, p99 and bot CPU per interaction, with the issue's target."""
    rows: list[dict[str, Any]] = []
    for kind in TIERBOT:
        load = _get(results, "tierbot", "loads", kind.key)
        paired = (load or {}).get("same_payload")
        if not load or not paired:
            continue
        same = paired.get("baseline") or {}
        ping = load.get("baseline") or {}
        rate, same_rate = paired.get("per_second"), same.get("per_second")
        p99 = _get(paired, "first_response", "p99_ms")
        same_p99 = _get(same, "first_response", "p99_ms")
        row: dict[str, Any] = {
            "key": kind.key,
            "command": kind.label,
            "per_second": rate,
            "same_payload_per_second": same_rate,
            "rate_ratio": rate / same_rate if rate and same_rate else None,
            "ping_rate_ratio": (
                load["per_second"] / ping["per_second"] if ping.get("per_second") else None
            ),
            "p99_ms": p99,
            "same_payload_p99_ms": same_p99,
            "p99_ratio": p99 / same_p99 if p99 and same_p99 else None,
            "bot_cpu_ms": paired.get("bot_cpu_ms_per_interaction"),
            "same_payload_cpu_ms": same.get("bot_cpu_ms_per_interaction"),
            "ping_cpu_ms": ping.get("bot_cpu_ms_per_interaction"),
            "failures": paired.get("failures", 0) + same.get("failures", 0),
        }
        row["target"], row["met"] = _same_payload_target(kind.key, row)
        rows.append(row)
    return rows


def same_payload_lines(results: dict[str, Any]) -> list[str]:
    rows = results.get("same_payload") or same_payload_rows(results)
    if not rows:
        return []
    lines = [
        "",
        "Against the same-payload bot (`bench/same_payload.py`): a bare discord.py bot that "
        "answers each command with exactly the reply Tierbot sent for it (captured in this "
        "run), its rounds alternating with Tierbot's on the same lines. *× same-payload* is "
        "Tierbot's own overhead; *× /ping* is the ratio of the table above.",
        "",
        "| command | Tierbot /s | same-payload /s | × same-payload | × /ping | p99 ms "
        "| p99 × same-payload | bot CPU ms each | same-payload CPU ms each | /ping CPU ms each "
        "| target | met |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for row in rows:
        failures = f" ({row['failures']} failed)" if row["failures"] else ""
        lines.append(
            f"| {row['command']}{failures} | {_number(row['per_second'])} | "
            f"{_number(row['same_payload_per_second'])} | {_ratio(row['rate_ratio'])} | "
            f"{_ratio(row['ping_rate_ratio'])} | {_number(row['p99_ms'])} | "
            f"{_ratio(row['p99_ratio'])} | {_number(row['bot_cpu_ms'])} | "
            f"{_number(row['same_payload_cpu_ms'])} | {_number(row['ping_cpu_ms'])} | "
            f"{row['target']} | {_met(row['met'])} |"
        )
    return lines
