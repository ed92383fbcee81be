"""CPU per `/shortlist show`, in this process, component by component (issue 19).

    .venv/bin/python -m bench.show_cpu [--iterations 400] [--repeats 7] [--postgres]

Seeds a temp SQLite database as the service benchmark does (bench.postgres.seed_target: a
1,000-entry list "Big" and an empty one), then times what the command runs for the first
page of "Big", each part on its own and the whole command body (Shortlists.show's callback
with a stand-in interaction whose send only records the reply). Times are
`time.process_time`: CPU of every thread, so SQLite and aiosqlite's worker thread count too,
as they do in the bot's CPU per interaction; they are not wall time, so other work on a
shared machine moves them much less than it moves latencies (but it does move them: a busy
core's caches and a slower clock show up as CPU time). Each figure is the median over
`--repeats` rounds of `--iterations` calls (after a warm-up), in µs per call; a round times
every part in turn, so drift during the run moves them alike. Parts timed alone, each in a
tight loop, add up to less than the whole body: the whole runs more code between trips to
aiosqlite's thread (colder caches), as the bot does.

The floor rows say what part of that work the command cannot avoid: SQLite's own time for
its statements (a plain sqlite3 connection, no thread hop), one trip to aiosqlite's thread,
and what the same-payload bot (bench/baseline_bot.py) spends building the same reply from
its dicts, which it pays too. With `--postgres` the storage part is also timed on a scratch
PostgreSQL database (bench.postgres.scratch_database).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import gc
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import discord

from bench.baseline_bot import _view as baseline_view
from bench.postgres import scratch_database, seed_target
from bench.workloads import BIG_LIST
from bot.domain.shortlist import PAGE_SIZE, rank_bounds
from bot.guild_schemes import GuildSchemes
from bot.render import shortlist as render
from cogs.shortlist import Shortlists
from storage.database import Database
from storage.store import Storage
from storage.target import PostgresTarget, SqliteTarget

GUILD_ID = 1_234_567_890
_YOUNG_COLLECTION_EVERY = 10_000  # as bot/client.py sets it after READY


class _Response:
    """Stands in for interaction.response: records what would be sent."""

    def __init__(self) -> None:
        self.sent: dict[str, Any] = {}

    async def send_message(self, **kwargs: Any) -> None:
        self.sent = kwargs

    def is_done(self) -> bool:
        return False


def _interaction() -> Any:
    return SimpleNamespace(guild_id=GUILD_ID, response=_Response())


def _cog(storage: Storage) -> Shortlists:
    """The cog as the bot holds it, without the bot: its methods read only `self.bot`'s
    storage and schemes."""
    cog = Shortlists.__new__(Shortlists)  # no cog registration: nothing else is needed
    cog.bot = SimpleNamespace(  # type: ignore[assignment]
        storage=storage, schemes=GuildSchemes(storage.guild_settings)
    )
    return cog


async def _per_call_us(
    calls: dict[str, Callable[[], Awaitable[object]]], iterations: int, repeats: int
) -> dict[str, float]:
    """Median over `repeats` rounds of the process CPU per call of each, in µs. Each round
    times every call in turn, so a machine that gets busier or quieter (or a core that
    changes speed) during the run moves them all alike."""
    for call in calls.values():
        for _ in range(max(20, iterations // 10)):
            await call()
    samples: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeats):
        for name, call in calls.items():
            gc.collect()
            started = time.process_time_ns()
            for _ in range(iterations):
                await call()
            samples[name].append((time.process_time_ns() - started) / iterations / 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def _fetch_all(connection: sqlite3.Connection, statement: str, params: Any) -> object:
    return connection.execute(statement, params).fetchall()


def _sync(function: Callable[[], object]) -> Callable[[], Awaitable[object]]:
    async def call() -> object:
        return function()

    return call


async def _nothing() -> None:
    return None


async def measure(
    storage: Storage, path: Path | None, iterations: int, repeats: int
) -> dict[str, float]:
    cog = _cog(storage)
    repo = storage.shortlists
    shortlist = await repo.find(GUILD_ID, BIG_LIST)
    assert shortlist is not None
    scheme = await cog.bot.schemes.for_guild(GUILD_ID)
    bounds = rank_bounds(scheme)
    shown = await cog._show(GUILD_ID, shortlist.id, 0, per_page=PAGE_SIZE)
    assert shown is not None
    page, breakdown = shown
    embed = render.show_embed(page, breakdown)
    view = render.show_view(page)
    assert view is not None
    embed_dict = embed.to_dict()
    components = view.to_components()

    async def command() -> None:
        interaction = _interaction()
        body: Any = Shortlists.show.callback  # the command's function, `self` first
        await body(cog, interaction, BIG_LIST)
        assert interaction.response.sent["embed"] is not None

    async def storage_show() -> object:
        return await repo.show(GUILD_ID, shortlist.id, 0, per_page=PAGE_SIZE, rank_bounds=bounds)

    async def cog_show() -> object:
        return await cog._show(GUILD_ID, shortlist.id, 0, per_page=PAGE_SIZE)

    async def find() -> object:
        return await repo.find(GUILD_ID, BIG_LIST)

    async def scheme_lookup() -> object:
        return await cog.bot.schemes.for_guild(GUILD_ID)

    timed: dict[str, Callable[[], Awaitable[object]]] = {
        "empty loop (await of a coroutine)": _nothing,
        # Machine speed, to compare runs: a fixed pure-Python loop.
        "calibration: sum(range(1000))": _sync(lambda: sum(range(1000))),
        "whole command body (no send)": command,
        "find the list (repo.find)": find,
        "the server's scheme (cached)": scheme_lookup,
        "repo.show (summary + page)": storage_show,
        "cog _show (repo.show + current tiers)": cog_show,
        "show_embed": _sync(lambda: render.show_embed(page, breakdown)),
        "  of it, the ten entry_line": _sync(
            lambda: [
                render.entry_line(page.first_position + i, e) for i, e in enumerate(page.entries)
            ]
        ),
        "show_view": _sync(lambda: render.show_view(page)),
        "embed.to_dict + view.to_components (discord.py, both bots)": _sync(
            lambda: (embed.to_dict(), view.to_components())
        ),
        "same-payload bot's build (Embed.from_dict + its View)": _sync(
            lambda: (discord.Embed.from_dict(embed_dict), baseline_view(components))
        ),
    }
    if hasattr(repo, "show_named"):  # the one read the command makes (absent before)

        async def show_named() -> object:
            return await repo.show_named(
                GUILD_ID, BIG_LIST, 0, per_page=PAGE_SIZE, rank_bounds=bounds
            )

        timed["repo.show_named (list, summary and page)"] = show_named
    results = await _per_call_us(timed, iterations, repeats)
    if path is not None:
        results.update(await _floor(storage, path, shortlist.id, bounds, iterations, repeats))
    return results


async def _floor(
    storage: Storage,
    path: Path,
    list_id: int,
    bounds: tuple[tuple[int, int], ...],
    iterations: int,
    repeats: int,
) -> dict[str, float]:
    """SQLite's own time for the statements the show runs, and one aiosqlite trip."""
    from storage import shortlists as sql

    database = storage.database
    assert isinstance(database, Database)
    reader = database._reader
    assert reader is not None
    plain = sqlite3.connect(path, isolation_level=None)
    plain.execute("PRAGMA query_only=ON")
    ordered = sorted(bounds)
    minimums = tuple(minimum for minimum, _ in ordered)
    at_least = ", ".join("sum(e.followers >= ?)" for _ in ordered)
    list_columns = ", ".join(f"s.{name.strip()}" for name in sql._LIST_COLUMNS.split(","))
    find_sql = f"SELECT {sql._LIST_COLUMNS} FROM shortlists WHERE guild_id = ? AND name_key = ?"
    # The summary before this rework: one sum per bound, evaluated for every entry.
    sums_sql = (
        f"SELECT {list_columns}, e.status AS status, count(e.id) AS n, {at_least} "
        "FROM shortlists s LEFT JOIN shortlist_entries e ON e.list_id = s.id "
        "WHERE s.id = ? AND s.guild_id = ? GROUP BY e.status"
    )
    statements = {
        "sqlite: find statement": (find_sql, (GUILD_ID, BIG_LIST.casefold())),
        "sqlite: list by id statement": (
            f"SELECT {sql._LIST_COLUMNS} FROM shortlists WHERE id = ? AND guild_id = ?",
            (list_id, GUILD_ID),
        ),
        "sqlite: summary, a sum per bound (before)": (sums_sql, (*minimums, list_id, GUILD_ID)),
        "sqlite: page statement, every column (before)": (
            f"SELECT {sql._ENTRY_COLUMNS} FROM shortlist_entries WHERE list_id = ? "
            f"{sql._SHOW_ORDER} LIMIT ? OFFSET ?",
            (list_id, PAGE_SIZE, 0),
        ),
    }
    page_sql = getattr(sql, "_PAGE_SQL", None)  # absent from the code before
    if page_sql is not None:
        statements["sqlite: page statement, ShownEntry's columns (after)"] = (
            page_sql,
            (list_id, PAGE_SIZE, 0),
        )
    band_counts = getattr(sql, "_band_counts_sql", None)  # absent from the code before
    if band_counts is not None:
        statements["sqlite: summary, band counts (after)"] = (
            band_counts(len(ordered)),
            (list_id, *minimums),
        )
    calls: dict[str, Callable[[], Awaitable[object]]] = {}
    for name, (statement, params) in statements.items():
        assert plain.execute(statement, params).fetchall(), name
        calls[name] = _sync(functools.partial(_fetch_all, plain, statement, params))
    calls["SELECT 1 through aiosqlite's thread"] = lambda: reader.execute_fetchall("SELECT 1")
    calls["SELECT 1 direct"] = _sync(lambda: plain.execute("SELECT 1").fetchall())
    results = await _per_call_us(calls, iterations, repeats)
    results["aiosqlite trip (SELECT 1 through the thread minus direct)"] = results.pop(
        "SELECT 1 through aiosqlite's thread"
    ) - results.pop("SELECT 1 direct")
    plain.close()
    return results


async def _run(iterations: int, repeats: int, postgres: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="show-cpu-") as folder:
        path = Path(folder) / "show.sqlite3"
        await seed_target(SqliteTarget(path), GUILD_ID)
        storage = await Storage.open(path)
        try:
            gc.collect()
            gc.freeze()
            gc.set_threshold(_YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])
            results = await measure(storage, path, iterations, repeats)
        finally:
            await storage.close()
    _print("SQLite", results)
    if postgres:
        async with scratch_database() as url:
            if url is None:
                print("PostgreSQL: no server answered")
                return
            await seed_target(PostgresTarget(url, pool_size=2), GUILD_ID)
            storage = await Storage.open_target(PostgresTarget(url, pool_size=2))
            try:
                results = await measure(storage, None, iterations, repeats)
            finally:
                await storage.close()
        _print("PostgreSQL", results)


def _print(title: str, results: dict[str, float]) -> None:
    print(f"\n{title}: µs of process CPU per call (all threads), median of repeats")
    width = max(map(len, results))
    for name, value in results.items():
        print(f"  {name:<{width}}  {value:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    asyncio.run(_run(args.iterations, args.repeats, args.postgres))


if __name__ == "__main__":
    main()
