"""Growth curves: time and memory of a command against the size of its work, and against the
data of other guilds, at the storage + domain + render level (what the cog runs, without
Discord).

* `/shortlist show` and `/shortlist export` against list size (10 → 1,000 entries);
* the same two on a 100-entry list against the database's size (1K → 1M entries, the rest
  in other guilds' lists, bulk-inserted in one transaction and kept in the temp folder
  between runs);
* `/classify-csv` against rows (100 → 5,000);
* `/mix` against budget ($1K → $5M), plan, chart and reply.

Each curve's shape comes from the slope of log(time) against log(size) (least squares over
the points): about 0 is flat, about 1 linear. The sentence for each curve is written from
those numbers. Writes growth.json, growth.md and growth.png next to latest.*.
"""

from __future__ import annotations

import asyncio
import gc
import json
import math
import sqlite3
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.seed import SEED_ACTOR, filled_list
from bench.workloads import creator_csv
from bot.domain.creator_report import summarize_creator_file
from bot.domain.mix.models import Goal, MixRequest
from bot.domain.mix.planner import plan_mix
from bot.domain.platforms import Platform
from bot.domain.shortlist import PAGE_SIZE, rank_bounds, rank_labels
from bot.domain.tiers import default_scheme
from bot.render import shortlist as render
from bot.render.classify import FLAGGED_SHOWN, csv_reply
from bot.render.mix import mix_reply
from bot.render.mix_chart import draw_mix_chart
from cogs.shortlist import with_current_tier
from storage.migrate import available_migrations
from storage.store import Storage

GUILD = 30_000_000_000
OTHERS_FIRST_GUILD = 40_000_000_000
OTHER_LIST_ENTRIES = 1_000  # other guilds' lists are full ones: the worst neighbours
DATABASE_LIST_ENTRIES = 100  # the list measured while the database grows
MEASURED_LIST = "Measured"
SEED_VERSION = "v1"  # change when the seeded data changes: the cached database is rebuilt

# Shapes by the fitted exponent of time against size.
FLAT_BELOW = 0.15
LINEAR_UP_TO = 1.15


@dataclass(frozen=True, slots=True)
class Curve:
    key: str
    label: str  # what is measured, for the table and plot
    size_label: str  # what the x axis counts
    panel: str  # the plot panel it is drawn in
    independent: bool  # True: the size is other guilds' data, so the target is "flat"
    why: dict[str, str]  # why each shape happens, by shape


SHOW_WHY = {
    "flat": "a page is 10 entries read through the show-order index, and the tier and status "
    "counts come from one grouped query on a covering index",
    "sublinear": "the fixed work (one page of 10 entries, the embed) outweighs the tier and "
    "status counts, the only part that reads every entry of the list",
    "linear": "the tier and status counts read every entry of the list",
    "worse": "some step does more than one pass per entry: profile it",
}
EXPORT_WHY = {
    "flat": "the fixed work (query set-up, the file's header) outweighs the entries here",
    "sublinear": "each entry is read, converted and written once; fixed costs (the query, the "
    "file header) still weigh at the small sizes",
    "linear": "each entry is read, converted and written once",
    "worse": "some step does more than one pass per entry: profile it",
}
NEIGHBOURS_WHY = {
    "flat": "every query is bounded by the list's id through an index, so other guilds' rows "
    "are never read; a B-tree one level deeper is all the extra data costs",
    "sublinear": "a query reads more than its own list (check its plan with EXPLAIN QUERY PLAN)",
    "linear": "a query scans other guilds' rows (check its plan with EXPLAIN QUERY PLAN)",
    "worse": "a query scans other guilds' rows more than once",
}
CSV_WHY = {
    "flat": "fixed costs dominate at these sizes",
    "sublinear": "each row is parsed, classified and written back once; the reply's fixed "
    "work still weighs at 100 rows",
    "linear": "each row is parsed, classified and written back once",
    "worse": "some step does more than one pass per row: profile it",
}
MIX_WHY = {
    "flat": "the planner's work depends on the tiers and the (capped) number of creators, not "
    "on the dollar amount, and the chart always has one bar per tier",
    "sublinear": "a larger budget buys more creators, up to the cap; the chart's fixed cost "
    "dominates",
    "linear": "the planner's work grows with the budget",
    "worse": "the planner's work grows faster than the budget: profile it",
}

CURVES = (
    Curve("show_by_list", "/shortlist show", "entries in the list", "list", False, SHOW_WHY),
    Curve("export_by_list", "/shortlist export", "entries in the list", "list", False, EXPORT_WHY),
    Curve(
        "show_by_database",
        f"/shortlist show, {DATABASE_LIST_ENTRIES}-entry list",
        "entries in the database (other guilds)",
        "database",
        True,
        NEIGHBOURS_WHY,
    ),
    Curve(
        "export_by_database",
        f"/shortlist export, {DATABASE_LIST_ENTRIES}-entry list",
        "entries in the database (other guilds)",
        "database",
        True,
        NEIGHBOURS_WHY,
    ),
    Curve("classify_csv_by_rows", "/classify-csv", "rows in the file", "csv", False, CSV_WHY),
    Curve("mix_by_budget", "/mix (plan, chart, reply)", "budget in dollars", "mix", False, MIX_WHY),
)


# -- measuring one point ---------------------------------------------------------------------


async def _point(call: Callable[[], Awaitable[object]], repeats: int) -> dict[str, float]:
    """Median seconds of `repeats` calls after a warm-up, and the peak memory one call
    allocates (tracemalloc, a separate call: tracing slows the timed ones)."""
    await call()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - started)
    gc.collect()
    tracemalloc.start()
    try:
        await call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {"seconds": statistics.median(samples), "peak_bytes": float(peak)}


def _sync(function: Callable[[], object]) -> Callable[[], Awaitable[object]]:
    async def call() -> object:
        return function()

    return call


def _repeats(seconds_hint: float, quick: bool) -> int:
    if quick:
        return 1
    return 31 if seconds_hint < 0.005 else 7 if seconds_hint < 0.05 else 2


# -- what the cogs run -----------------------------------------------------------------------


def _show(storage: Storage, guild_id: int, list_id: int) -> Callable[[], Awaitable[object]]:
    scheme = default_scheme()

    async def call() -> object:
        shown = await storage.shortlists.show(
            guild_id, list_id, 0, per_page=PAGE_SIZE, rank_bounds=rank_bounds(scheme)
        )
        assert shown is not None
        page, breakdown = shown
        entries = tuple(with_current_tier(entry, scheme) for entry in page.entries)
        page = replace(page, entries=entries)
        view = render.show_view(page)
        return render.show_embed(page, breakdown).to_dict(), view

    return call


def _export(storage: Storage, guild_id: int, list_id: int) -> Callable[[], Awaitable[object]]:
    scheme = default_scheme()

    async def call() -> object:
        shortlist = await storage.shortlists.get(guild_id, list_id)
        assert shortlist is not None
        entries = await storage.shortlists.export_rows(
            guild_id, list_id, rank_bounds=rank_bounds(scheme)
        )
        file = render.export_file(shortlist, entries, rank_labels(scheme))
        return render.export_embed(shortlist, len(entries)).to_dict(), file.fp.read()

    return call


def _classify_csv(data: bytes) -> Callable[[], object]:
    scheme = default_scheme()

    def call() -> object:
        result = summarize_creator_file(data, scheme, flagged_examples=FLAGGED_SHOWN)
        reply = csv_reply(result, filename="creators.csv", in_guild=True)
        return reply.embed.to_dict(), [file.fp.read() for file in reply.files]

    return call


def _mix(budget: int) -> Callable[[], object]:
    scheme = default_scheme()
    request = MixRequest(goal=Goal.AWARENESS, budget=Decimal(budget), platform=Platform.INSTAGRAM)

    def call() -> object:
        plan = plan_mix(request)
        chart = draw_mix_chart(plan)
        return mix_reply(plan, scheme, in_guild=True, chart_png=chart).embed.to_dict()

    return call


# -- the curves ------------------------------------------------------------------------------


async def _by_list_size(folder: Path, sizes: Sequence[int], quick: bool) -> dict[str, Any]:
    storage = await Storage.open(folder / "lists.sqlite3")
    try:
        show: list[dict[str, float]] = []
        export: list[dict[str, float]] = []
        for number, size in enumerate(sizes):
            shortlist = await filled_list(storage, GUILD, f"List {size}", size, seed=number)
            show.append(await _point(_show(storage, GUILD, shortlist.id), _repeats(0.001, quick)))
            export_hint = size * 30e-6
            export.append(
                await _point(_export(storage, GUILD, shortlist.id), _repeats(export_hint, quick))
            )
        return {"show_by_list": show, "export_by_list": export}
    finally:
        await storage.close()


def _bulk_insert_other_guilds(path: Path, first_list: int, lists: int) -> None:
    """`lists` full lists in guilds of their own, in one transaction.

    The rows are generated inside SQLite (INSERT … SELECT over a recursive counter), not
    bound one by one from Python: measured against executemany, it seeds 1M entries in
    about half the time. Followers are random (1K–2M), the tier rank follows them.
    """
    now = "2026-01-01T00:00:00+00:00"
    last_list = first_list + lists - 1
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        # The seed is data to measure against, not data to keep: no journal, no fsync, and
        # every page it touches in memory; WAL comes back before the bot's code opens it.
        for pragma in (
            "PRAGMA journal_mode=OFF",
            "PRAGMA synchronous=OFF",
            "PRAGMA cache_size=-262144",
        ):
            connection.execute(pragma)
        connection.execute("BEGIN")
        connection.execute(
            "WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO shortlists (id, guild_id, name, name_key, description, created_by, "
            "created_at, updated_at) SELECT i, ? + i, 'Summer campaign', 'summer campaign', "
            "'', ?, ?, ? FROM n",
            (first_list, last_list, OTHERS_FIRST_GUILD, SEED_ACTOR, now, now),
        )
        connection.execute(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?), "
            "f AS (SELECT s.id AS list_id, n.i AS i, 1000 + abs(random()) % 1999000 AS followers "
            "FROM shortlists s, n WHERE s.id BETWEEN ? AND ? ORDER BY s.id, n.i) "
            "INSERT INTO shortlist_entries (list_id, platform, handle_key, handle, profile_url, "
            "followers, likes, tier_rank, status, added_by, added_at, updated_by, updated_at) "
            "SELECT list_id, "
            "CASE i % 4 WHEN 0 THEN 'instagram' WHEN 1 THEN 'tiktok' WHEN 2 THEN 'youtube' "
            "ELSE 'x' END, 'creator_' || i, '@creator_' || i, "
            "'https://example.com/creator_' || i, followers, followers / 40, "
            "CASE WHEN followers < 10000 THEN 2 WHEN followers < 100000 THEN 4 "
            "WHEN followers < 1000000 THEN 6 ELSE 8 END, "
            "CASE i % 5 WHEN 0 THEN 'prospect' WHEN 1 THEN 'contacted' "
            "WHEN 2 THEN 'negotiating' WHEN 3 THEN 'confirmed' ELSE 'declined' END, "
            "?, ?, ?, ? FROM f",
            (OTHER_LIST_ENTRIES - 1, first_list, last_list, SEED_ACTOR, now, SEED_ACTOR, now),
        )
        connection.execute("COMMIT")
        connection.execute("PRAGMA journal_mode=WAL")
    finally:
        connection.close()


def _cached_database(total: int) -> Path:
    """Where the largest database is kept between runs (the temp folder), by schema and seed."""
    schema = available_migrations()[-1].version
    name = f"tierbot-growth-{SEED_VERSION}-schema{schema}-{total}.sqlite3"
    return Path(tempfile.gettempdir()) / name


async def _measure_database(path: Path, quick: bool) -> tuple[dict[str, float], ...]:
    storage = await Storage.open(path, apply_migrations=False)
    try:
        found = await storage.shortlists.find(GUILD, MEASURED_LIST)
        assert found is not None, f"{path} has no list to measure"
        list_id = found.id
        return (
            await _point(_show(storage, GUILD, list_id), _repeats(0.001, quick)),
            await _point(_export(storage, GUILD, list_id), _repeats(0.003, quick)),
        )
    finally:
        await storage.close()


async def _by_database_size(
    folder: Path, totals: Sequence[int], quick: bool
) -> tuple[dict[str, Any], float, bool]:
    """The same 100-entry list while other guilds' full lists fill the database to each total.

    The largest database (1M entries) is kept in the temp folder after a full run, so the
    next run measures it without seeding it again.
    """
    path = folder / "database.sqlite3"
    storage = await Storage.open(path)
    try:
        await filled_list(storage, GUILD, MEASURED_LIST, DATABASE_LIST_ENTRIES, seed=99)
    finally:
        await storage.close()
    cached = None if quick else _cached_database(totals[-1])
    reused = cached is not None and cached.exists()
    show: list[dict[str, float]] = []
    export: list[dict[str, float]] = []
    seed_seconds = 0.0
    lists_so_far = 0
    for total in totals:
        if total == totals[-1] and reused and cached is not None:
            path = cached
        else:
            wanted = max(0, (total - DATABASE_LIST_ENTRIES) // OTHER_LIST_ENTRIES)
            started = time.perf_counter()
            if wanted > lists_so_far:
                _bulk_insert_other_guilds(path, 1_000 + lists_so_far, wanted - lists_so_far)
                lists_so_far = wanted
            seed_seconds += time.perf_counter() - started
        shown, exported = await _measure_database(path, quick)
        show.append(shown)
        export.append(exported)
    if cached is not None and path != cached:
        path.replace(cached)  # same file system (both in the temp folder): a rename
    return {"show_by_database": show, "export_by_database": export}, seed_seconds, reused


async def _by_rows(rows: Sequence[int], quick: bool) -> dict[str, Any]:
    points = []
    for count in rows:
        call = _classify_csv(creator_csv(count))
        points.append(await _point(_sync(call), _repeats(count * 200e-6, quick)))
    return {"classify_csv_by_rows": points}


async def _by_budget(budgets: Sequence[int], quick: bool) -> dict[str, Any]:
    points = [await _point(_sync(_mix(budget)), _repeats(0.07, quick)) for budget in budgets]
    return {"mix_by_budget": points}


# -- shapes ----------------------------------------------------------------------------------


def exponent(sizes: Sequence[float], seconds: Sequence[float]) -> float:
    """Least-squares slope of log(seconds) against log(size)."""
    xs = [math.log(size) for size in sizes]
    ys = [math.log(max(value, 1e-9)) for value in seconds]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def shape(value: float) -> str:
    if value < FLAT_BELOW:
        return "flat"
    if value < 1 - FLAT_BELOW:
        return "sublinear"
    if value <= LINEAR_UP_TO:
        return "linear"
    return "worse"


_SHAPE_WORDS = {
    "flat": "flat",
    "sublinear": "better than linear",
    "linear": "linear",
    "worse": "worse than linear",
}


def _duration(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def _bytes(value: float) -> str:
    if value >= 1 << 20:
        return f"{value / (1 << 20):.1f} MB"
    return f"{value / 1024:.0f} KB"


def _size(curve: Curve, size: float) -> str:
    return f"${size:,.0f}" if curve.key == "mix_by_budget" else f"{size:,.0f}"


def describe(
    curve: Curve, sizes: Sequence[float], points: Sequence[dict[str, float]]
) -> dict[str, Any]:
    seconds = [point["seconds"] for point in points]
    peaks = [point["peak_bytes"] for point in points]
    time_exponent = exponent(sizes, seconds)
    memory_exponent = exponent(sizes, peaks)
    found = shape(time_exponent)
    met = found == "flat" if curve.independent else found != "worse"
    memory_found = shape(memory_exponent)
    met = met and (memory_found == "flat" if curve.independent else memory_found != "worse")
    sentence = (
        f"{curve.label} against {curve.size_label}: {_SHAPE_WORDS[found]} "
        f"(time ∝ size^{time_exponent:.2f}: {_duration(seconds[0])} at "
        f"{_size(curve, sizes[0])}, {_duration(seconds[-1])} at {_size(curve, sizes[-1])}; "
        f"memory ∝ size^{memory_exponent:.2f}, peak {_bytes(peaks[0])} → {_bytes(peaks[-1])}), "
        f"because {curve.why[found]}."
    )
    return {
        "key": curve.key,
        "label": curve.label,
        "size_label": curve.size_label,
        "sizes": list(sizes),
        "seconds": seconds,
        "peak_bytes": peaks,
        "time_exponent": time_exponent,
        "memory_exponent": memory_exponent,
        "shape": found,
        "memory_shape": memory_found,
        "target": "flat" if curve.independent else "linear or better",
        "met": met,
        "sentence": sentence,
    }


# -- output ----------------------------------------------------------------------------------


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "# Growth curves",
        "",
        f"Measured {result['finished_at']} at the storage + domain + render level (what the "
        "cog runs, without Discord); time is the median of repeated calls, memory the peak "
        "a call allocates (tracemalloc). Shape: the slope of log(time) against log(size), "
        f"flat below {FLAT_BELOW}, linear up to {LINEAR_UP_TO}."
        + (" Quick mode: few points, not comparable." if result["quick"] else ""),
        "",
        "| curve | size | time | peak memory |",
        "|---|--:|--:|--:|",
    ]
    curves = {curve.key: curve for curve in CURVES}
    for line in result["curves"]:
        curve = curves[line["key"]]
        for size, seconds, peak in zip(
            line["sizes"], line["seconds"], line["peak_bytes"], strict=True
        ):
            lines.append(
                f"| {line['label']} | {_size(curve, size)} | {_duration(seconds)} "
                f"| {_bytes(peak)} |"
            )
    lines += [
        "",
        "| curve | against | time exponent | memory exponent | shape | target | met |",
        "|---|---|--:|--:|---|---|---|",
    ]
    for line in result["curves"]:
        lines.append(
            f"| {line['label']} | {line['size_label']} | {line['time_exponent']:.2f} "
            f"| {line['memory_exponent']:.2f} | {_SHAPE_WORDS[line['shape']]} "
            f"| {line['target']} | {'yes' if line['met'] else '**no**'} |"
        )
    lines += [""] + [f"- {line['sentence']}" for line in result["curves"]]
    lines += [
        "",
        (
            f"The {result['largest_database']:,}-entry database was kept from an earlier run; "
            f"the smaller ones were seeded in {result['seed_seconds']:.1f} s"
            if result.get("largest_database_reused")
            else f"The databases up to {result['largest_database']:,} entries were "
            f"bulk-inserted in {result['seed_seconds']:.1f} s in all"
        )
        + f" (other guilds' lists of {OTHER_LIST_ENTRIES:,} entries, one transaction each "
        f"step); the whole measurement took {result['elapsed_seconds']:.0f} s.",
    ]
    return "\n".join(lines) + "\n"


def plot(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = {
        "list": "against list size",
        "database": "against other guilds' data",
        "csv": "against CSV rows",
        "mix": "against budget",
    }
    curves = {curve.key: curve for curve in CURVES}
    figure, axes = plt.subplots(2, len(panels), figsize=(16, 7), squeeze=False)
    for column, (panel, title) in enumerate(panels.items()):
        top, bottom = axes[0][column], axes[1][column]
        for line in result["curves"]:
            curve = curves[line["key"]]
            if curve.panel != panel:
                continue
            name = f"{line['label']} (^{line['time_exponent']:.2f})"
            top.plot(line["sizes"], [s * 1e3 for s in line["seconds"]], marker="o", label=name)
            bottom.plot(
                line["sizes"], [b / (1 << 20) for b in line["peak_bytes"]], marker="o", label=name
            )
            top.set_xlabel(curve.size_label)
            bottom.set_xlabel(curve.size_label)
        for axis in (top, bottom):
            axis.set_xscale("log")
            axis.set_yscale("log")
            axis.grid(True, which="both", alpha=0.3)
        top.set_title(title)
        top.set_ylabel("time per call (ms)")
        bottom.set_ylabel("peak memory per call (MB)")
        top.legend(fontsize=7)
    figure.suptitle("Tierbot growth curves (log-log)")
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)


def markdown_lines(result: dict[str, Any] | None) -> list[str]:
    """The growth section of latest.md: one row per curve, details in growth.md."""
    if not result:
        return []
    lines = [
        "",
        "Growth curves (details, table and plot: growth.md, growth.png):",
        "",
        "| curve | against | time exponent | shape | target | met |",
        "|---|---|--:|---|---|---|",
    ]
    for line in result["curves"]:
        lines.append(
            f"| {line['label']} | {line['size_label']} | {line['time_exponent']:.2f} "
            f"| {_SHAPE_WORDS[line['shape']]} | {line['target']} "
            f"| {'yes' if line['met'] else '**no**'} |"
        )
    return lines


# -- the run ---------------------------------------------------------------------------------


async def _measure(folder: Path, quick: bool) -> dict[str, Any]:
    list_sizes = (10, 100) if quick else (10, 30, 100, 300, 1_000)
    totals = (1_000, 10_000) if quick else (1_000, 10_000, 100_000, 1_000_000)
    rows = (100, 300) if quick else (100, 300, 1_000, 2_000, 5_000)
    budgets = (1_000, 100_000) if quick else (1_000, 10_000, 100_000, 1_000_000, 5_000_000)
    measured: dict[str, Any] = {}
    measured.update(await _by_list_size(folder, list_sizes, quick))
    by_database, seed_seconds, reused = await _by_database_size(folder, totals, quick)
    measured.update(by_database)
    measured.update(await _by_rows(rows, quick))
    measured.update(await _by_budget(budgets, quick))
    sizes = {
        "show_by_list": list_sizes,
        "export_by_list": list_sizes,
        "show_by_database": totals,
        "export_by_database": totals,
        "classify_csv_by_rows": rows,
        "mix_by_budget": budgets,
    }
    curves = [describe(curve, sizes[curve.key], measured[curve.key]) for curve in CURVES]
    return {
        "quick": quick,
        "curves": curves,
        "seed_seconds": seed_seconds,
        "largest_database": totals[-1],
        "largest_database_reused": reused,
    }


def run(quick: bool = False, output: Path | None = None) -> dict[str, Any]:
    """Measure every curve; with `output`, write growth.{json,md,png} there."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-growth-") as folder:
        result = asyncio.run(_measure(Path(folder), quick))
    result["elapsed_seconds"] = time.perf_counter() - started
    result["finished_at"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    if output is not None:
        output.mkdir(parents=True, exist_ok=True)
        (output / "growth.json").write_text(json.dumps(result, indent=2) + "\n")
        (output / "growth.md").write_text(markdown(result))
        plot(result, output / "growth.png")
    return result


if __name__ == "__main__":  # `python -m bench.growth [--quick]`: this part alone
    import sys

    finished = run("--quick" in sys.argv, Path(__file__).resolve().parent / "results")
    print(markdown(finished))
