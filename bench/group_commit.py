"""Group commit, measured at the storage level: concurrent `/shortlist add` writes with and
without sharing commits on SQLite, and whether PostgreSQL needs the same.

SQLite (WAL, synchronous=FULL, a file on the same disk as the bot's): eight writers add to one
list, first with group commit (storage/group_commit.py), then with one COMMIT per write (the
same component capped at one write per batch, which is what the code did before). One writer
alone is the reference.

PostgreSQL (a scratch database on the local server): each write is its own transaction on a
pooled connection. PostgreSQL already lets one WAL flush cover every commit waiting for it
(and `commit_delay` makes commits wait for company); `pg_stat_wal.wal_sync` against the
commits made says how much it groups. Writers add to one list (they queue on its row lock,
so commits cannot overlap) and to a list each. The URL's query sets `commit_delay` for the
pool's sessions (asyncpg passes unknown parameters as server settings).
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import asyncpg

from bench.postgres import scratch_database
from bench.seed import SEED_ACTOR
from bench.stats import latency_summary
from bot.domain.handles import normalize_handle
from bot.domain.metrics import CreatorStats
from bot.domain.platforms import Platform
from bot.domain.shortlist import NewEntry, new_entry
from bot.domain.tiers import default_scheme
from storage.database import Database
from storage.group_commit import GroupCommit
from storage.store import Storage
from storage.target import PostgresTarget

GUILD = 20_000_000_000
WRITERS = 8
# One PostgreSQL writer in eight waits ~0.1 ms for others to join its WAL flush.
COMMIT_DELAY_MICROSECONDS = 100


def _entries(prefix: str, count: int) -> list[NewEntry]:
    scheme = default_scheme()
    return [
        new_entry(
            normalize_handle(f"@{prefix}_{index}", Platform.INSTAGRAM),
            CreatorStats(followers=12_500 + index, likes=450, comments=32),
            scheme,
        )
        for index in range(count)
    ]


async def _adds(
    storage: Storage, list_ids: Sequence[int], entries: Sequence[NewEntry], writers: int
) -> dict[str, Any]:
    """`writers` tasks add `entries` one after another, writer n to list n mod len(list_ids)."""
    queue = iter(entries)
    samples: list[float] = []

    async def writer(number: int) -> None:
        list_id = list_ids[number % len(list_ids)]
        for entry in queue:
            begun = time.perf_counter()
            await storage.shortlists.add_entry(GUILD, list_id, entry, actor_id=SEED_ACTOR)
            samples.append(time.perf_counter() - begun)

    started = time.perf_counter()
    await asyncio.gather(*(writer(number) for number in range(writers)))
    elapsed = time.perf_counter() - started
    return {
        "writers": writers,
        "count": len(samples),
        "per_second": len(samples) / elapsed,
        **latency_summary(samples),
    }


async def _lists(storage: Storage, prefix: str, count: int) -> list[int]:
    return [
        (await storage.shortlists.create(GUILD, f"{prefix} {n}", "", actor_id=SEED_ACTOR)).id
        for n in range(count)
    ]


# -- SQLite ------------------------------------------------------------------------------


async def _sqlite(folder: Path, adds: int) -> dict[str, Any]:
    storage = await Storage.open(folder / "group-commit.sqlite3")
    try:
        database = storage.database
        assert isinstance(database, Database)
        runs: dict[str, Any] = {}
        cases: list[tuple[str, int, int]] = [
            ("one_writer", 1, 1),
            ("grouped_8", WRITERS, GroupCommit().max_writes),
            ("one_commit_each_8", WRITERS, 1),
        ]
        for key, writers, max_writes in cases:
            database.writes = GroupCommit(max_writes=max_writes)
            (list_id,) = await _lists(storage, key, 1)
            stats = database.writes.stats
            commits_before = stats.commits
            runs[key] = await _adds(storage, [list_id], _entries(key, adds), writers)
            commits = stats.commits - commits_before
            runs[key]["commits"] = commits
            runs[key]["writes_per_commit"] = runs[key]["count"] / commits if commits else None
        return runs
    finally:
        await storage.close()


# -- PostgreSQL ----------------------------------------------------------------------------


def _with_settings(url: str, settings: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = "&".join(part for part in (parts.query, urlencode(settings)) if part)
    return urlunsplit(parts._replace(query=query))


async def _wal_syncs(url: str) -> int:
    """WAL syncs on the whole server so far (other databases' work adds noise)."""
    connection = await asyncpg.connect(url)
    try:
        return int(await connection.fetchval("SELECT wal_sync FROM pg_stat_wal"))
    finally:
        await connection.close()


@asynccontextmanager
async def _postgres(url: str, settings: dict[str, str]) -> AsyncIterator[Storage]:
    storage = await Storage.open_target(PostgresTarget(_with_settings(url, settings), WRITERS))
    try:
        yield storage
    finally:
        await storage.close()


async def _postgres_runs(url: str, adds: int) -> dict[str, Any]:
    runs: dict[str, Any] = {}
    cases: list[tuple[str, int, int, dict[str, str]]] = [
        ("one_writer", 1, 1, {}),
        ("same_list_8", WRITERS, 1, {}),
        ("own_lists_8", WRITERS, WRITERS, {}),
        (
            "own_lists_8_commit_delay",
            WRITERS,
            WRITERS,
            {"commit_delay": str(COMMIT_DELAY_MICROSECONDS), "commit_siblings": "2"},
        ),
    ]
    for key, writers, lists, settings in cases:
        async with _postgres(url, {}) as storage:
            list_ids = await _lists(storage, key, lists)
        # A backend reports its counters when it exits: the pool is closed before each
        # reading, so the difference is the run's own syncs (and the server's other work).
        syncs_before = await _wal_syncs(url)
        async with _postgres(url, settings) as storage:
            runs[key] = await _adds(storage, list_ids, _entries(key, adds), writers)
        await asyncio.sleep(0.2)  # the backends' exit reports
        syncs = await _wal_syncs(url) - syncs_before
        commits = runs[key]["count"]  # one transaction per add
        runs[key].update(
            lists=lists,
            settings=settings,
            wal_syncs=syncs,
            commits=commits,
            commits_per_wal_sync=commits / syncs if syncs > 0 else None,
        )
    return runs


def verdict(postgres: dict[str, Any]) -> str:
    """What the PostgreSQL numbers say about group commit there, worded from the numbers."""
    one = postgres.get("one_writer")
    own = postgres.get("own_lists_8")
    same = postgres.get("same_list_8")
    delayed = postgres.get("own_lists_8_commit_delay")
    if not (one and own and same):
        return "PostgreSQL not measured."
    speedup = own["per_second"] / one["per_second"]
    grouping = own.get("commits_per_wal_sync")
    shares = grouping is not None and grouping > 1.2
    sentences = [
        f"PostgreSQL, {WRITERS} writers on lists of their own: {own['per_second']:,.0f} adds/s, "
        f"{speedup:.1f}× one writer ({one['per_second']:,.0f}/s)"
        + (
            f", {grouping:.1f} commits per WAL flush: the server already shares one flush "
            "between the commits waiting for it, so an in-process group commit has nothing "
            "to add there."
            if shares
            else ", about one WAL flush per commit."
        ),
    ]
    same_ratio = same["per_second"] / one["per_second"]
    if same_ratio < 1.5:
        sentences.append(
            f"On one list the {WRITERS} writers made {same['per_second']:,.0f}/s "
            f"({same_ratio:.1f}× one writer, p99 {same['p99_ms']:.0f} ms): each add holds the "
            "list's row lock (taken so the 1,000-entry limit holds across processes) until its "
            "COMMIT is flushed, so their flushes cannot overlap. Only batching adds to one list "
            "into one transaction would help; measured, not built."
        )
    else:
        sentences.append(
            f"On one list: {same['per_second']:,.0f}/s ({same_ratio:.1f}× one writer)."
        )
    if delayed:
        gain = delayed["per_second"] / own["per_second"]
        sentences.append(
            f"commit_delay={COMMIT_DELAY_MICROSECONDS} µs changed the rate by {gain:.2f}× "
            f"({_n(delayed.get('commits_per_wal_sync'))} commits per flush)."
        )
    return " ".join(sentences)


async def _measure(folder: Path, adds: int, with_postgres: bool) -> dict[str, Any]:
    result: dict[str, Any] = {"adds_per_run": adds, "sqlite": await _sqlite(folder, adds)}
    if not with_postgres:
        return result
    async with scratch_database() as url:
        if url is None:
            result["postgres_skipped"] = "no PostgreSQL server answered"
        else:
            result["postgres"] = await _postgres_runs(url, adds)
            result["postgres_verdict"] = verdict(result["postgres"])
    return result


def run(
    quick: bool = False, output: Path | None = None, *, with_postgres: bool = True
) -> dict[str, Any]:
    """Measure; with `output`, also write group-commit.{json,md} there."""
    # /var/tmp is on disk where /tmp may be a tmpfs: fsync should cost what it costs the bot.
    base = Path("/var/tmp") if Path("/var/tmp").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="bench-group-commit-", dir=base) as folder:
        started = time.perf_counter()
        result = asyncio.run(_measure(Path(folder), 40 if quick else 300, with_postgres))
    result["elapsed_seconds"] = time.perf_counter() - started
    result["finished_at"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    if output is not None:
        output.mkdir(parents=True, exist_ok=True)
        (output / "group-commit.json").write_text(json.dumps(result, indent=2) + "\n")
        text = "\n".join(markdown_lines(result)).strip()
        (output / "group-commit.md").write_text(
            f"# Group commit\n\nMeasured {result['finished_at']}.\n\n{text}\n"
        )
    return result


def _n(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def markdown_lines(result: dict[str, Any] | None) -> list[str]:
    """The group-commit section of latest.md."""
    if not result:
        return []
    sqlite = result["sqlite"]
    labels: dict[str, str] = {
        "one_writer": "one writer",
        "grouped_8": f"{WRITERS} writers, group commit",
        "one_commit_each_8": f"{WRITERS} writers, one COMMIT each (before)",
        "same_list_8": f"{WRITERS} writers, one list",
        "own_lists_8": f"{WRITERS} writers, a list each",
        "own_lists_8_commit_delay": (
            f"{WRITERS} writers, a list each, commit_delay {COMMIT_DELAY_MICROSECONDS} µs"
        ),
    }
    lines = [
        "",
        f"Group commit: {result['adds_per_run']} `/shortlist add` writes per row at the storage "
        "level (SQLite WAL, synchronous=FULL, on disk):",
        "",
        "| database | writers | adds/s | p50 ms | p99 ms | commits | writes per commit |",
        "|---|---|--:|--:|--:|--:|--:|",
    ]
    for key, run in sqlite.items():
        lines.append(
            f"| SQLite | {labels[key]} | {_n(run['per_second'], 0)} | {_n(run['p50_ms'], 2)} | "
            f"{_n(run['p99_ms'], 2)} | {run['commits']} | {_n(run['writes_per_commit'])} |"
        )
    for key, run in (result.get("postgres") or {}).items():
        lines.append(
            f"| PostgreSQL | {labels[key]} | {_n(run['per_second'], 0)} | "
            f"{_n(run['p50_ms'], 2)} | {_n(run['p99_ms'], 2)} | {run['commits']} | "
            f"{_n(run['commits_per_wal_sync'])} per WAL flush |"
        )
    if "postgres_verdict" in result:
        lines += ["", result["postgres_verdict"]]
    elif "postgres_skipped" in result:
        lines += ["", f"PostgreSQL: not measured ({result['postgres_skipped']})."]
    return lines


if __name__ == "__main__":  # `python -m bench.group_commit [--quick]`: this part alone
    import sys

    finished = run("--quick" in sys.argv, Path(__file__).resolve().parent / "results")
    print("\n".join(markdown_lines(finished)))
