"""Issue 18's lookup cache and refreshed figures, and tier counts under the scheme in use,
the same on both backends."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bot.domain.handles import normalize_handle
from bot.domain.metrics import CreatorStats
from bot.domain.platforms import Platform
from bot.domain.shortlist import new_entry, rank_bounds
from bot.domain.tiers import default_scheme, get_scheme
from storage.store import Storage
from tests.backends import Backend

GUILD = 7_007


async def test_the_lookup_cache_keeps_the_newest_figures_and_forgets_old_ones(
    storage: Storage,
) -> None:
    then = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    await storage.lookups.put("youtube", "veritasium", '{"followers": 1}', then)
    await storage.lookups.put("youtube", "veritasium", '{"followers": 2}', then + timedelta(days=1))

    cached = await storage.lookups.get("youtube", "veritasium")

    assert cached is not None
    figures, fetched_at = cached
    assert figures.replace(" ", "") == '{"followers":2}'
    assert fetched_at == then + timedelta(days=1)
    assert await storage.lookups.get("youtube", "nobody") is None
    assert await storage.lookups.forget_before(then + timedelta(days=2)) == 1
    assert await storage.lookups.get("youtube", "veritasium") is None


async def test_two_processes_racing_for_the_last_quota_units_get_them_once(
    backend: Backend,
) -> None:
    one = await Storage.open_target(backend.target)
    two = await Storage.open_target(backend.target)
    day = date(2026, 12, 6)
    try:
        assert await one.lookups.spend_units("youtube", day, 9_990, 10_000)
        results = await asyncio.gather(
            one.lookups.spend_units("youtube", day, 10, 10_000),
            two.lookups.spend_units("youtube", day, 10, 10_000),
        )
        assert sorted(results) == [False, True]
        assert await two.lookups.units_spent("youtube", day) == 10_000
        assert not await one.lookups.spend_units("youtube", day, 20_000, 10_000)
        # Units reserved for calls never made go back, and a later lookup can have them.
        await one.lookups.return_units("youtube", day, 2)
        assert await two.lookups.units_spent("youtube", day) == 9_998
        assert await two.lookups.spend_units("youtube", day, 2, 10_000)
        await one.lookups.return_units("youtube", day, 20_000)  # never below zero
        assert await one.lookups.units_spent("youtube", day) == 0
        await one.lookups.return_units("youtube", date(2026, 12, 7), 3)  # no row: no effect
        assert await one.lookups.units_spent("youtube", date(2026, 12, 7)) == 0
    finally:
        await two.close()
        await one.close()


async def test_fetched_figures_and_tier_counts_under_another_scheme(storage: Storage) -> None:
    made = await storage.shortlists.create(GUILD, "Launch", "", actor_id=1)
    entries = []
    for handle, followers in (("a", 8_000), ("b", 60_000), ("c", 90_000)):
        entry = new_entry(
            normalize_handle(handle, Platform.INSTAGRAM),
            CreatorStats(followers=followers),
            default_scheme(),
        )
        entries.append(await storage.shortlists.add_entry(GUILD, made.id, entry, actor_id=1))
    fetched_at = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)

    refreshed = await storage.shortlists.record_fetched(
        GUILD,
        made.id,
        entries[0].id,
        replace(entries[0].values(), followers=9_500),
        source="Instagram Graph API",
        fetched_at=fetched_at,
        actor_id=2,
    )
    await storage.shortlists.record_refresh(GUILD, made.id, "1 refreshed", actor_id=2)

    assert refreshed.figures_source == "Instagram Graph API"
    assert refreshed.figures_at == fetched_at
    history = await storage.shortlists.history(GUILD, made.id, 5)
    assert history[0].action == "update" and history[0].detail == "1 refreshed"
    industry = rank_bounds(get_scheme("industry"))
    stored = (await storage.shortlists.overview(GUILD))[0].rank_counts
    under_industry = (await storage.shortlists.overview(GUILD, rank_bounds=industry))[0]
    shown = await storage.shortlists.show(GUILD, made.id, 0, per_page=10, rank_bounds=industry)
    assert shown is not None
    assert under_industry.rank_counts == shown[1].rank_counts
    assert under_industry.rank_counts != stored, "the industry scheme has a mid tier"
    assert sum(under_industry.rank_counts.values()) == 3
