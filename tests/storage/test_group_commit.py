"""Group commit on SQLite: concurrent writes share one COMMIT, a write refused by a rule (or
one that raises) fails alone, and every write that returned is on disk."""

from __future__ import annotations

import asyncio
import random
import sqlite3
from pathlib import Path

import pytest

from bot.domain.campaign.models import CampaignPlan, PlannedTier
from bot.domain.handles import normalize_handle
from bot.domain.metrics import CreatorStats
from bot.domain.mix import Goal
from bot.domain.platforms import Platform
from bot.domain.shortlist import MAX_ENTRIES_PER_LIST, ImportRow, NewEntry, new_entry
from bot.domain.tier import Tier
from bot.domain.tiers import default_scheme
from storage.database import Database, StorageWriteError
from storage.protocols import (
    CampaignNameTaken,
    EntryExists,
    ShortlistLimitReached,
    ShortlistNameTaken,
)
from storage.store import Storage
from tests.storage.conftest import sqlite_database

GUILD = 111
SAM = 1001
IG = Platform.INSTAGRAM


def creator(handle: str, followers: int = 12_000) -> NewEntry:
    return new_entry(
        normalize_handle(handle, IG), CreatorStats(followers=followers), default_scheme()
    )


def handles_on_disk(path: Path, list_id: int) -> set[str]:
    """What another process opening the file sees: only committed rows."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT handle_key FROM shortlist_entries WHERE list_id = ?", (list_id,)
        ).fetchall()
    return {str(row[0]) for row in rows}


async def test_concurrent_adds_share_commits_and_a_duplicate_fails_alone(
    sqlite_storage: Storage,
) -> None:
    db = sqlite_database(sqlite_storage)
    shortlist = await sqlite_storage.shortlists.create(GUILD, "Launch", "", actor_id=SAM)
    await sqlite_storage.shortlists.add_entry(
        GUILD, shortlist.id, creator("@already"), actor_id=SAM
    )
    commits_before = db.writes.stats.commits
    names = [f"@new_{n}" for n in range(12)]
    names.insert(5, "@already")

    outcomes = await asyncio.gather(
        *(
            sqlite_storage.shortlists.add_entry(GUILD, shortlist.id, creator(n), actor_id=SAM)
            for n in names
        ),
        return_exceptions=True,
    )

    refused = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(refused) == 1 and isinstance(refused[0], EntryExists)
    assert isinstance(outcomes[5], EntryExists)
    expected = {"already"} | {f"new_{n}" for n in range(12)}
    # Every add that returned is committed: a second connection reads them all.
    assert handles_on_disk(db.path, shortlist.id) == expected
    commits = db.writes.stats.commits - commits_before
    assert 1 <= commits < len(names), f"{len(names)} writes took {commits} commits"


async def test_a_full_list_and_a_taken_name_refuse_only_their_own_write(
    sqlite_storage: Storage,
) -> None:
    shortlists = sqlite_storage.shortlists
    full = await shortlists.create(GUILD, "Full", "", actor_id=SAM)
    await shortlists.import_rows(
        GUILD,
        full.id,
        [
            ImportRow(n + 2, normalize_handle(f"@c{n}", IG), None, notes=None, status=None)
            for n in range(MAX_ENTRIES_PER_LIST)
        ],
        default_scheme(),
        actor_id=SAM,
        source="test",
    )
    open_list = await shortlists.create(GUILD, "Open", "", actor_id=SAM)

    outcomes = await asyncio.gather(
        shortlists.add_entry(GUILD, open_list.id, creator("@first"), actor_id=SAM),
        shortlists.add_entry(GUILD, full.id, creator("@one_too_many"), actor_id=SAM),
        shortlists.create(GUILD, "open", "same name, other case", actor_id=SAM),
        shortlists.create(GUILD, "Another", "", actor_id=SAM),
        shortlists.add_entry(GUILD, open_list.id, creator("@second"), actor_id=SAM),
        return_exceptions=True,
    )

    assert isinstance(outcomes[1], ShortlistLimitReached)
    assert isinstance(outcomes[2], ShortlistNameTaken)
    assert not any(isinstance(o, BaseException) for o in (outcomes[0], outcomes[3], outcomes[4]))
    path = sqlite_database(sqlite_storage).path
    assert handles_on_disk(path, open_list.id) == {"first", "second"}
    assert len(handles_on_disk(path, full.id)) == MAX_ENTRIES_PER_LIST
    names = [o.shortlist.name for o in await shortlists.overview(GUILD)]
    assert names == ["Another", "Full", "Open"]


async def test_campaign_and_shortlist_writes_commit_together_and_a_taken_name_fails_alone(
    sqlite_storage: Storage,
) -> None:
    plan = CampaignPlan(
        goal=Goal.AWARENESS,
        budget=10_000,
        currency="USD",
        platform=IG,
        weeks=4,
        tiers=(PlannedTier(Tier.NANO, 4, 2, 8, 2_000.5, 40_000, 2_000),),
    )
    campaigns = sqlite_storage.campaigns
    await campaigns.create(GUILD, "Spring", plan, shortlist_id=None, actor_id=SAM)
    shortlist = await sqlite_storage.shortlists.create(GUILD, "Launch", "", actor_id=SAM)

    outcomes = await asyncio.gather(
        campaigns.create(GUILD, "Summer", plan, shortlist_id=None, actor_id=SAM),
        campaigns.create(GUILD, "spring", plan, shortlist_id=None, actor_id=SAM),
        sqlite_storage.shortlists.add_entry(GUILD, shortlist.id, creator("@ana"), actor_id=SAM),
        campaigns.create(GUILD, "Autumn", plan, shortlist_id=None, actor_id=SAM),
        return_exceptions=True,
    )

    assert isinstance(outcomes[1], CampaignNameTaken)
    assert sorted(s.name for s in await campaigns.summaries(GUILD)) == [
        "Autumn",
        "Spring",
        "Summer",
    ]
    assert handles_on_disk(sqlite_database(sqlite_storage).path, shortlist.id) == {"ana"}


async def test_a_write_that_raises_is_undone_whole_and_its_neighbours_commit(
    sqlite_storage: Storage,
) -> None:
    db = sqlite_database(sqlite_storage)

    class Boom(Exception):
        pass

    async def setting(guild_id: int, *, fail: bool) -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO guild_settings (guild_id) VALUES (?)", (guild_id,))
            await tx.execute(
                "UPDATE guild_settings SET scheme_id = 'industry' WHERE guild_id = ?",
                (guild_id,),
            )
            if fail:
                raise Boom

    async def constraint_violation() -> None:
        # A statement SQLite itself refuses, after this write already inserted a row.
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO guild_settings (guild_id) VALUES (900)")
            await tx.execute("INSERT INTO guild_settings (guild_id) VALUES (1)")

    outcomes = await asyncio.gather(
        setting(1, fail=False),
        setting(2, fail=True),
        setting(3, fail=False),
        setting(4, fail=False),
        constraint_violation(),  # last of the batch: the one that commits it
        return_exceptions=True,
    )

    assert isinstance(outcomes[1], Boom)
    assert isinstance(outcomes[4], sqlite3.IntegrityError)
    with sqlite3.connect(db.path) as connection:
        saved = connection.execute(
            "SELECT guild_id, scheme_id FROM guild_settings ORDER BY guild_id"
        ).fetchall()
    assert saved == [(1, "industry"), (3, "industry"), (4, "industry")]


async def test_a_failed_commit_fails_every_write_of_its_batch_and_the_next_batch_works(
    sqlite_storage: Storage,
) -> None:
    db = sqlite_database(sqlite_storage)

    async def plain(guild_id: int) -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO guild_settings (guild_id) VALUES (?)", (guild_id,))

    async def breaks_the_commit() -> None:
        # A deferred foreign key is only checked at COMMIT: the whole batch's COMMIT fails.
        async with db.transaction() as tx:
            await tx.execute("PRAGMA defer_foreign_keys = ON")
            await tx.execute(
                "INSERT INTO shortlist_entries (list_id, platform, handle_key, handle, "
                "profile_url, status, added_by, added_at, updated_by, updated_at) "
                "VALUES (424242, 'instagram', 'x', 'x', '', 'prospect', 1, '', 1, '')"
            )

    outcomes = await asyncio.gather(plain(1), breaks_the_commit(), plain(2), return_exceptions=True)

    assert all(isinstance(o, sqlite3.IntegrityError) for o in outcomes), outcomes
    await plain(3)
    with sqlite3.connect(db.path) as connection:
        saved = connection.execute("SELECT guild_id FROM guild_settings").fetchall()
    assert saved == [(3,)]


async def test_a_writer_cancelled_in_the_queue_does_not_leave_the_batch_open(
    sqlite_storage: Storage,
) -> None:
    db = sqlite_database(sqlite_storage)
    inside = asyncio.Event()
    release = asyncio.Event()

    async def slow_first() -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO guild_settings (guild_id) VALUES (1)")
            inside.set()
            await release.wait()

    async def queued() -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO guild_settings (guild_id) VALUES (2)")

    first = asyncio.create_task(slow_first())
    await inside.wait()
    waiting = asyncio.create_task(queued())
    await asyncio.sleep(0.01)
    waiting.cancel()
    release.set()
    async with asyncio.timeout(5):
        await first
    with pytest.raises(asyncio.CancelledError):
        await waiting
    with sqlite3.connect(db.path) as connection:
        saved = connection.execute("SELECT guild_id FROM guild_settings").fetchall()
    assert saved == [(1,)]


async def test_exclusive_work_commits_the_open_batch_first(tmp_path: Path) -> None:
    database = Database(tmp_path / "plain.sqlite3")
    await database.open()
    try:
        await database.execute_script("CREATE TABLE t (x INTEGER PRIMARY KEY);")

        async def insert(x: int) -> None:
            async with database.transaction() as tx:
                await tx.execute("INSERT INTO t VALUES (?)", (x,))

        # A checkpoint queued among writes runs outside any transaction and loses none.
        await asyncio.gather(insert(1), insert(2), database.checkpoint(), insert(3))
        assert await database.fetch_value("SELECT count(*) FROM t") == 3
    finally:
        await database.close()


async def test_a_full_disk_fails_its_batch_with_a_clear_reason_and_the_next_batch_commits(
    sqlite_storage: Storage,
) -> None:
    db = sqlite_database(sqlite_storage)
    async with db.transaction() as tx:
        pages = await tx.execute_fetchall("PRAGMA page_count")
        # The file may grow by a few pages, not by the megabyte the big write needs.
        await tx.execute(f"PRAGMA max_page_count = {int(next(iter(pages))[0]) + 8}")

    async def small(guild_id: int) -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO guild_settings (guild_id) VALUES (?)", (guild_id,))

    async def too_big() -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO guild_settings (guild_id) VALUES (50)")
            await tx.execute(
                "INSERT INTO command_sync (application_id, scope, payload_hash) VALUES (1, 'x', ?)",
                ("z" * 1_000_000,),
            )

    outcomes = await asyncio.gather(small(1), too_big(), small(2), small(3), return_exceptions=True)

    # SQLite rolls the whole transaction back on a full disk, so the write that shared the
    # batch with the big one fails with it (never acknowledged); the next batch commits.
    assert isinstance(outcomes[1], StorageWriteError)
    assert all(
        o is None or (isinstance(o, StorageWriteError) and o.reason == "the disk is full")
        for o in outcomes
    ), outcomes
    assert outcomes[2] is None and outcomes[3] is None
    acknowledged = {
        (guild_id,) for guild_id, o in zip((1, 50, 2, 3), outcomes, strict=True) if o is None
    }
    with sqlite3.connect(db.path) as connection:
        saved = set(connection.execute("SELECT guild_id FROM guild_settings").fetchall())
    assert saved == acknowledged


async def test_many_writers_failing_and_cancelled_at_random_keep_exactly_the_acknowledged(
    sqlite_storage: Storage,
) -> None:
    db = sqlite_database(sqlite_storage)
    rng = random.Random(19)
    acknowledged: set[int] = set()

    class Refused(Exception):
        pass

    async def write(guild_id: int, fate: str) -> None:
        await asyncio.sleep(rng.random() * 0.002)  # arrive at different moments
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO guild_settings (guild_id) VALUES (?)", (guild_id,))
            if fate == "slow":
                await asyncio.sleep(0.001)  # others queue up behind it
            if fate == "refused":
                raise Refused
            if fate == "constraint":
                await tx.execute("INSERT INTO guild_settings (guild_id) VALUES (?)", (guild_id,))
        acknowledged.add(guild_id)

    fates = ["ok", "ok", "slow", "refused", "constraint"]
    tasks = {
        guild_id: asyncio.create_task(write(guild_id, rng.choice(fates)))
        for guild_id in range(1, 301)
    }
    for task in tasks.values():
        if rng.random() < 0.1:
            asyncio.get_running_loop().call_later(rng.random() * 0.05, task.cancel)
    await asyncio.gather(*tasks.values(), return_exceptions=True)
    async with db.transaction():
        pass  # queued after every other write: returns once all of them are settled

    with sqlite3.connect(db.path) as connection:
        saved = {row[0] for row in connection.execute("SELECT guild_id FROM guild_settings")}
    # Every write a caller saw succeed is on disk; a cancelled caller's write may or may not
    # be (it can be cancelled after its COMMIT), but nothing refused is.
    assert acknowledged <= saved
    cancelled_after_commit = saved - acknowledged
    assert all(tasks[guild_id].cancelled() for guild_id in cancelled_after_commit)
    assert len(acknowledged) > 100
