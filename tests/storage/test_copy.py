"""`tierbot db copy`: a team's data from SQLite to PostgreSQL and back, unchanged."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.domain.handles import normalize_handle
from bot.domain.metrics import CreatorStats
from bot.domain.platforms import Platform
from bot.domain.shortlist import Status, new_entry
from bot.domain.tiers import default_scheme
from storage.copy import CopyRefused, copy_database
from storage.store import Storage
from storage.target import DatabaseTarget, PostgresTarget, SqliteTarget
from tests.backends import ScratchPostgres, empty_postgres

GUILD = 9_001
OTHER = 9_002
SAM = 5


async def seed(storage: Storage) -> None:
    await storage.guild_settings.set_scheme(
        GUILD, "custom", {"nano": 500, "micro": 5000, "macro": 50000, "mega": 500000}, actor_id=SAM
    )
    await storage.presence.joined(GUILD)
    await storage.presence.left(OTHER, at=datetime(2026, 11, 1, 12, 30, 15, 123456, tzinfo=UTC))
    launch = await storage.shortlists.create(GUILD, "Spring Launch", "for April", actor_id=SAM)
    gone = await storage.shortlists.create(GUILD, "Old", "", actor_id=SAM)
    await storage.shortlists.delete(GUILD, gone.id, actor_id=SAM)
    for number, followers in enumerate((None, 900, 45_000, 1_200_000)):
        entry = new_entry(
            normalize_handle(f"creator_{number}", Platform.TIKTOK),
            None if followers is None else CreatorStats(followers=followers, likes=30),
            default_scheme(),
            notes="ünïcode ✓" if number == 2 else "",
        )
        added = await storage.shortlists.add_entry(GUILD, launch.id, entry, actor_id=SAM)
    await storage.shortlists.set_status(GUILD, launch.id, added.id, Status.CONTACTED, actor_id=SAM)
    await storage.shortlists.create(OTHER, "Theirs", "", actor_id=SAM)


async def snapshot(target: DatabaseTarget) -> dict[str, object]:
    """What a user could see: every list, entry, audit row, setting and presence."""
    storage = await Storage.open_target(target)
    try:
        seen: dict[str, object] = {}
        for guild in (GUILD, OTHER):
            overview = await storage.shortlists.overview(guild)
            seen[f"{guild} lists"] = overview
            for item in overview:
                list_id = item.shortlist.id
                seen[f"{list_id} entries"] = await storage.shortlists.entries(guild, list_id)
                seen[f"{list_id} history"] = await storage.shortlists.history(guild, list_id, 99)
            seen[f"{guild} settings"] = await storage.guild_settings.get(guild)
            seen[f"{guild} presence"] = await storage.presence.get(guild)
        seen["deleted"] = await storage.shortlists.deleted_history(GUILD, "old", 99)
        return seen
    finally:
        await storage.close()


@pytest.fixture
async def postgres(postgres_scratch: ScratchPostgres) -> PostgresTarget:
    await empty_postgres(postgres_scratch.url)
    return PostgresTarget(postgres_scratch.url, pool_size=2)


async def test_sqlite_to_postgresql_and_back_changes_nothing(
    tmp_path: Path, postgres: PostgresTarget
) -> None:
    original = SqliteTarget(tmp_path / "team.sqlite3")
    storage = await Storage.open_target(original)
    await seed(storage)
    await storage.close()
    before = await snapshot(original)

    there = await copy_database(original, postgres)
    back_target = SqliteTarget(tmp_path / "back.sqlite3")
    back = await copy_database(postgres, back_target)

    assert there.counts == back.counts
    assert there.counts["shortlist_entries"] == 4 and there.counts["shortlists"] == 2
    assert there.counts["shortlist_audit"] == 9
    assert await snapshot(postgres) == before
    assert await snapshot(back_target) == before
    # New rows get new ids on the copy: the identity sequences moved past the copied ones.
    copied = await Storage.open_target(postgres)
    try:
        fresh = await copied.shortlists.create(GUILD, "After the move", "", actor_id=SAM)
        assert fresh.id > max(item.shortlist.id for item in await copied.shortlists.overview(OTHER))
        presence = await copied.presence.get(OTHER)
        assert presence is not None and presence.left_at is not None
        assert presence.left_at - datetime(2026, 11, 1, 12, 30, 15, tzinfo=UTC) == timedelta(
            microseconds=123456
        )
    finally:
        await copied.close()


async def test_a_target_with_data_is_refused_unless_replace(
    tmp_path: Path, postgres: PostgresTarget
) -> None:
    source = SqliteTarget(tmp_path / "team.sqlite3")
    storage = await Storage.open_target(source)
    await seed(storage)
    await storage.close()
    already = await Storage.open_target(postgres)
    await already.shortlists.create(777, "Someone else's", "", actor_id=SAM)
    await already.close()

    with pytest.raises(CopyRefused, match=r"already holds data .* add --replace"):
        await copy_database(source, postgres)
    theirs = await Storage.open_target(postgres)
    try:
        assert len(await theirs.shortlists.overview(777)) == 1, "a refused copy changed the target"
    finally:
        await theirs.close()

    report = await copy_database(source, postgres, replace=True)

    assert report.replaced
    assert await snapshot(postgres) == await snapshot(source)


async def test_the_cli_prints_the_counts_and_refuses_a_missing_source(
    tmp_path: Path, postgres: PostgresTarget, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "team.sqlite3"
    storage = await Storage.open(source)
    await seed(storage)
    await storage.close()

    code = await asyncio.to_thread(main, ["db", "copy", str(source), postgres.url])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert f"to PostgreSQL at {postgres.where} in one transaction" in printed.out
    assert "shortlist_entries          4 rows" in printed.out
    assert "guild_settings             1 row\n" in printed.out, "one row, singular"
    assert "Row counts match the source" in printed.out

    code = await asyncio.to_thread(
        main, ["db", "copy", str(tmp_path / "nope.sqlite3"), postgres.url]
    )
    assert code == 3
    assert "nope.sqlite3: no such file" in capsys.readouterr().err
