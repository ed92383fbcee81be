"""Storage micro-benchmarks, in this process, on a real temp file at the durability in use
(WAL, synchronous=FULL: every acknowledged add is on disk)."""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench.seed import SEED_ACTOR, filled_list, import_rows
from bench.stats import latency_summary
from bot.domain.handles import normalize_handle
from bot.domain.metrics import CreatorStats
from bot.domain.platforms import Platform
from bot.domain.shortlist import NewEntry, new_entry, rank_bounds, rank_labels
from bot.domain.tiers import default_scheme
from bot.render.shortlist import export_file
from storage.store import Storage

GUILDS = 1_000
TOTAL_ENTRIES = 100_000
BIG_LIST_ENTRIES = 1_000
FIRST_GUILD = 10_000_000_000
SHOW_PER_PAGE = 10


async def seed(storage: Storage, guilds: int, total: int) -> tuple[int, int]:
    """`total` entries across `guilds` guilds: the first guild has a 1,000-entry list, the
    rest share what is left. Returns the big list's guild and id."""
    big_guild = FIRST_GUILD
    big = await filled_list(storage, big_guild, "Big", min(BIG_LIST_ENTRIES, total), seed=1)
    others = guilds - 1
    remaining = max(0, total - BIG_LIST_ENTRIES)
    per_guild, extra = divmod(remaining, others) if others else (0, 0)
    rows = import_rows(per_guild + 1, seed=2)
    scheme = default_scheme()
    for number in range(1, guilds):
        guild_id = FIRST_GUILD + number
        count = per_guild + (1 if number <= extra else 0)
        shortlist = await storage.shortlists.create(
            guild_id, "Summer campaign", "", actor_id=SEED_ACTOR
        )
        await storage.shortlists.import_rows(
            guild_id,
            shortlist.id,
            rows[:count],
            scheme,
            actor_id=SEED_ACTOR,
            source="bench seed",
        )
    return big_guild, big.id


def _entries(count: int) -> list[NewEntry]:
    scheme = default_scheme()
    return [
        new_entry(
            normalize_handle(f"@added_{index}", Platform.INSTAGRAM),
            CreatorStats(followers=12_500 + index, likes=450, comments=32),
            scheme,
        )
        for index in range(count)
    ]


async def _timed(call: Callable[[], Awaitable[object]], runs: int) -> list[float]:
    await call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - started)
    return samples


async def measure(folder: Path, *, guilds: int, total: int, adds: int, runs: int) -> dict[str, Any]:
    path = folder / "storage.sqlite3"
    storage = await Storage.open(path)
    try:
        started = time.perf_counter()
        big_guild, big_list = await seed(storage, guilds, total)
        seed_seconds = time.perf_counter() - started
        entries_total = await storage.database.fetch_value("SELECT count(*) FROM shortlist_entries")

        # Adds, one after another, each its own durable transaction.
        adds_guild = FIRST_GUILD + guilds + 1
        target = await storage.shortlists.create(adds_guild, "Adds", "", actor_id=SEED_ACTOR)
        new = _entries(adds * 2)
        samples = []
        started = time.perf_counter()
        for entry in new[:adds]:
            begun = time.perf_counter()
            await storage.shortlists.add_entry(adds_guild, target.id, entry, actor_id=SEED_ACTOR)
            samples.append(time.perf_counter() - begun)
        sequential_seconds = time.perf_counter() - started

        # The same, eight at a time, as concurrent commands would: writes queue on one lock.
        second = await storage.shortlists.create(adds_guild, "Adds 2", "", actor_id=SEED_ACTOR)
        queue = iter(new[adds:])
        concurrent_samples: list[float] = []

        async def writer() -> None:
            for entry in queue:
                begun = time.perf_counter()
                await storage.shortlists.add_entry(
                    adds_guild, second.id, entry, actor_id=SEED_ACTOR
                )
                concurrent_samples.append(time.perf_counter() - begun)

        started = time.perf_counter()
        await asyncio.gather(*(writer() for _ in range(8)))
        concurrent_seconds = time.perf_counter() - started

        async def show_first() -> object:
            return await storage.shortlists.show(big_guild, big_list, 0, per_page=SHOW_PER_PAGE)

        async def show_last() -> object:
            return await storage.shortlists.show(big_guild, big_list, -1, per_page=SHOW_PER_PAGE)

        scheme = default_scheme()
        bounds = rank_bounds(scheme)
        labels = rank_labels(scheme)

        async def export() -> object:
            # The export's query: every entry, ranked under the scheme in use, in file order.
            return await storage.shortlists.export_rows(big_guild, big_list, rank_bounds=bounds)

        big = await storage.shortlists.get(big_guild, big_list)
        assert big is not None

        async def export_csv() -> object:
            # What /shortlist export does: the query, then the CSV file in a worker thread.
            entries = await storage.shortlists.export_rows(big_guild, big_list, rank_bounds=bounds)
            return await asyncio.to_thread(export_file, big, entries, labels)

        show_first_samples = await _timed(show_first, runs)
        show_last_samples = await _timed(show_last, runs)
        export_samples = await _timed(export, max(3, runs // 5))
        export_csv_samples = await _timed(export_csv, max(3, runs // 5))
        return {
            "guilds": guilds,
            "entries": entries_total,
            "seed_seconds": seed_seconds,
            "database_bytes": path.stat().st_size,
            "durability": "WAL, synchronous=FULL",
            "adds": {
                "count": adds,
                "per_second": adds / sequential_seconds,
                **latency_summary(samples),
            },
            "adds_concurrent_8": {
                "count": len(concurrent_samples),
                "per_second": len(concurrent_samples) / concurrent_seconds,
                **latency_summary(concurrent_samples),
            },
            "show_first_page": latency_summary(show_first_samples),
            "show_last_page": latency_summary(show_last_samples),
            "export_1000": latency_summary(export_samples),
            "export_csv_1000": latency_summary(export_csv_samples),
        }
    finally:
        await storage.close()


def run(quick: bool = False) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-storage-") as folder:
        started = time.perf_counter()
        result = asyncio.run(
            measure(
                Path(folder),
                guilds=20 if quick else GUILDS,
                total=2_000 if quick else TOTAL_ENTRIES,
                adds=30 if quick else 500,
                runs=10 if quick else 100,
            )
        )
        result["elapsed_seconds"] = time.perf_counter() - started
        return result
