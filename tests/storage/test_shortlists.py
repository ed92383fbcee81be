"""Shortlists on a real SQLite file: schema, constraints, cascades, limits, isolation, order."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from datetime import UTC
from pathlib import Path

import pytest

from bot.domain.handles import normalize_handle
from bot.domain.metrics import CreatorStats
from bot.domain.platforms import Platform
from bot.domain.shortlist import (
    MAX_ENTRIES_PER_LIST,
    MAX_LISTS_PER_GUILD,
    ImportRow,
    NewEntry,
    Status,
    current_tier,
    new_entry,
    rank_bounds,
)
from bot.domain.tier import Tier
from bot.domain.tiers import default_scheme, get_scheme
from storage.database import Database
from storage.migrate import available_migrations, migrate, schema_version
from storage.models import Shortlist
from storage.protocols import (
    EntryExists,
    ShortlistGone,
    ShortlistLimitReached,
    ShortlistNameTaken,
)
from storage.store import Storage
from tests.storage.conftest import sqlite_database

GUILD = 111
OTHER_GUILD = 222
SAM = 1001
ALEX = 1002


def creator(
    handle: str,
    followers: int | None = None,
    platform: Platform = Platform.INSTAGRAM,
    *,
    likes: int | None = None,
    comments: int | None = None,
    notes: str = "",
) -> NewEntry:
    stats = (
        None
        if followers is None
        else CreatorStats(followers=followers, likes=likes, comments=comments)
    )
    return new_entry(normalize_handle(handle, platform), stats, default_scheme(), notes=notes)


async def make_list(storage: Storage, name: str = "Q3 Launch", guild: int = GUILD) -> Shortlist:
    return await storage.shortlists.create(guild, name, "", actor_id=SAM)


# --- schema and migrations --------------------------------------------------------------


async def test_migrating_from_version_1_keeps_guild_settings_and_adds_shortlists(
    tmp_path: Path,
) -> None:
    database = Database(tmp_path / "v1.sqlite3")
    await database.open()
    try:
        await migrate(database, target=1)
        async with database.transaction() as tx:
            await tx.execute("INSERT INTO guild_settings (guild_id, scheme_id) VALUES (5, 'seed')")
        await migrate(database)
        version = await schema_version(database)
        kept = await database.fetch_value("SELECT scheme_id FROM guild_settings WHERE guild_id = 5")
        tables = {
            row[0]
            for row in await database.fetch_all("SELECT name FROM sqlite_master WHERE type='table'")
        }
        problems = await database.integrity_problems()
    finally:
        await database.close()

    assert version == available_migrations()[-1].version
    assert kept == "four-tier"
    assert {"shortlists", "shortlist_entries", "shortlist_audit"} <= tables
    assert problems == []


async def test_the_database_refuses_duplicates_and_bad_values_on_its_own(
    sqlite_storage: Storage,
) -> None:
    storage = sqlite_storage
    shortlist = await make_list(storage)
    await storage.shortlists.add_entry(GUILD, shortlist.id, creator("jane"), actor_id=SAM)
    columns = (
        "list_id, platform, handle_key, handle, profile_url, added_by, added_at, "
        "updated_by, updated_at"
    )
    row = (shortlist.id, "instagram", "jane", "Jane", "u", 1, "t", 1, "t")

    async def insert(sql: str, params: tuple[object, ...]) -> None:
        async with sqlite_database(storage).transaction() as tx:
            await tx.execute(sql, params)

    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        await insert(f"INSERT INTO shortlist_entries ({columns}) VALUES (?,?,?,?,?,?,?,?,?)", row)
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        await insert(
            "INSERT INTO shortlists (guild_id, name, name_key, created_by, created_at, "
            "updated_at) VALUES (?, 'Q3 LAUNCH', 'q3 launch', 1, 't', 't')",
            (GUILD,),
        )
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        await insert(
            f"INSERT INTO shortlist_entries ({columns}, status) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (*row[:2], "other", *row[3:], "maybe"),
        )
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        await insert(
            f"INSERT INTO shortlist_entries ({columns}, notes) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (*row[:2], "other", *row[3:], "x" * 501),
        )
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        await insert(
            f"INSERT INTO shortlist_entries ({columns}) VALUES (?,?,?,?,?,?,?,?,?)",
            (999_999, *row[1:]),
        )


async def test_every_show_and_lookup_query_uses_an_index(sqlite_storage: Storage) -> None:
    database = sqlite_database(sqlite_storage)
    queries = {
        "page": "SELECT * FROM shortlist_entries WHERE list_id = 1 "
        "ORDER BY tier_rank DESC, followers DESC, id LIMIT 10 OFFSET 990",
        "summary": "SELECT status, count(*), sum(followers >= 0), sum(followers >= 10000) "
        "FROM shortlist_entries WHERE list_id = 1 GROUP BY status",
        "by name": "SELECT * FROM shortlists WHERE guild_id = 1 AND name_key = 'x'",
        "entry": "SELECT * FROM shortlist_entries WHERE list_id = 1 AND platform = 'x' "
        "AND handle_key = 'y'",
        "history": "SELECT * FROM shortlist_audit WHERE list_id = 1 AND guild_id = 1 "
        "ORDER BY id DESC LIMIT 25",
    }
    for name, sql in queries.items():
        plan = " | ".join(
            str(row[3]) for row in await database.fetch_all(f"EXPLAIN QUERY PLAN {sql}")
        )
        assert ("USING" in plan and "INDEX" in plan) or "PRIMARY KEY" in plan, (name, plan)
        # Grouping at most 1,000 rows in a small temporary tree is fine; sorting is not.
        assert "TEMP B-TREE FOR ORDER BY" not in plan, (name, plan)
    summary_plan = " ".join(
        str(row[3]) for row in await database.fetch_all(f"EXPLAIN QUERY PLAN {queries['summary']}")
    )
    assert "COVERING INDEX" in summary_plan and "TEMP B-TREE" not in summary_plan, summary_plan


# --- lists ---------------------------------------------------------------------------------


async def test_list_names_are_unique_per_guild_ignoring_case_and_spacing(storage: Storage) -> None:
    first = await storage.shortlists.create(GUILD, "Äpfel Team", "fruit", actor_id=SAM)

    with pytest.raises(ShortlistNameTaken) as taken:
        await storage.shortlists.create(GUILD, "äPFEL  team", "", actor_id=ALEX)
    elsewhere = await storage.shortlists.create(OTHER_GUILD, "Äpfel Team", "", actor_id=ALEX)

    assert taken.value.existing.id == first.id
    assert elsewhere.id != first.id
    found = await storage.shortlists.find(GUILD, "ÄPFEL TEAM")
    assert found == first


async def test_a_guild_holds_at_most_100_lists(storage: Storage) -> None:
    for number in range(MAX_LISTS_PER_GUILD):
        await storage.shortlists.create(GUILD, f"List {number}", "", actor_id=SAM)

    with pytest.raises(ShortlistLimitReached) as limit:
        await storage.shortlists.create(GUILD, "One too many", "", actor_id=SAM)
    await storage.shortlists.create(OTHER_GUILD, "Fine here", "", actor_id=SAM)

    assert limit.value.what == "lists"
    assert len(await storage.shortlists.overview(GUILD)) == MAX_LISTS_PER_GUILD


async def test_overview_counts_entries_by_tier_in_one_query(storage: Storage) -> None:
    launch = await make_list(storage, "Launch")
    empty = await make_list(storage, "Empty")
    for handle, followers in (("a_nano", 5_000), ("b_micro", 40_000), ("c_micro", 60_000)):
        await storage.shortlists.add_entry(
            GUILD, launch.id, creator(handle, followers), actor_id=SAM
        )
    await storage.shortlists.add_entry(GUILD, launch.id, creator("unknown"), actor_id=SAM)

    overview = {item.shortlist.name: item for item in await storage.shortlists.overview(GUILD)}

    assert overview["Launch"].entry_count == 4
    assert overview["Launch"].rank_counts == {2 * Tier.NANO.rank + 2: 1, 4: 2, -1: 1}
    assert overview["Empty"].entry_count == 0
    assert overview["Empty"].shortlist.id == empty.id


async def test_rename_keeps_entries_and_refuses_a_taken_name(storage: Storage) -> None:
    launch = await make_list(storage, "Launch")
    await make_list(storage, "Holiday")
    await storage.shortlists.add_entry(GUILD, launch.id, creator("jane", 12_000), actor_id=SAM)

    with pytest.raises(ShortlistNameTaken):
        await storage.shortlists.rename(GUILD, launch.id, "HOLIDAY", actor_id=SAM)
    renamed = await storage.shortlists.rename(GUILD, launch.id, "Spring launch", actor_id=SAM)
    same_name_other_case = await storage.shortlists.rename(
        GUILD, launch.id, "SPRING LAUNCH", actor_id=SAM
    )

    assert renamed.name == "Spring launch"
    assert same_name_other_case.name == "SPRING LAUNCH"
    assert len(await storage.shortlists.entries(GUILD, launch.id)) == 1


async def test_deleting_a_list_cascades_to_entries_but_keeps_the_audit_trail(
    storage: Storage,
) -> None:
    launch = await make_list(storage, "Launch")
    for handle in ("one", "two", "three"):
        await storage.shortlists.add_entry(GUILD, launch.id, creator(handle, 9_000), actor_id=SAM)

    removed = await storage.shortlists.delete(GUILD, launch.id, actor_id=ALEX)
    remaining = await storage.database.fetch_value("SELECT count(*) FROM shortlist_entries")
    trail = await storage.shortlists.deleted_history(GUILD, "launch", 25)
    replacement = await make_list(storage, "Launch")

    assert removed == 3
    assert remaining == 0
    assert [record.action for record in trail] == ["delete", "add", "add", "add", "create"]
    assert trail[0].actor_id == ALEX and trail[0].detail == "3 creators"
    assert replacement.id != launch.id, "a deleted list's id must never be reused"
    assert await storage.shortlists.history(GUILD, replacement.id, 25) != trail
    assert await storage.database.integrity_problems() == []


async def test_purging_a_guild_removes_its_lists_entries_and_trail_only(storage: Storage) -> None:
    mine = await make_list(storage, "Launch", GUILD)
    theirs = await make_list(storage, "Launch", OTHER_GUILD)
    await storage.shortlists.add_entry(GUILD, mine.id, creator("jane", 5_000), actor_id=SAM)
    await storage.shortlists.add_entry(OTHER_GUILD, theirs.id, creator("jane", 5_000), actor_id=SAM)

    await storage.purge.purge_guild(GUILD)

    assert await storage.shortlists.overview(GUILD) == []
    assert await storage.shortlists.history(GUILD, mine.id, 25) == []
    assert len(await storage.shortlists.entries(OTHER_GUILD, theirs.id)) == 1
    assert len(await storage.shortlists.history(OTHER_GUILD, theirs.id, 25)) == 2
    left = await storage.database.fetch_value("SELECT count(*) FROM shortlist_entries")
    assert left == 1, "only the other guild's entry is left"


# --- entries ------------------------------------------------------------------------------


async def test_an_entry_records_figures_tier_and_who_added_it(storage: Storage) -> None:
    launch = await make_list(storage)
    added = await storage.shortlists.add_entry(
        GUILD,
        launch.id,
        creator("Jane.Doe", 45_000, likes=1_200, comments=60, notes="great fit"),
        actor_id=SAM,
    )

    stored = (await storage.shortlists.entries(GUILD, launch.id))[0]

    assert stored == added
    assert stored.handle == "Jane.Doe" and stored.handle_key == "jane.doe"
    assert stored.tier is Tier.MICRO and stored.scheme_id == "four-tier"
    assert stored.engagement_rate == pytest.approx((1_200 + 60) / 45_000)
    assert stored.engagement_basis == "followers"
    assert stored.status is Status.PROSPECT and stored.notes == "great fit"
    assert stored.added_by == SAM


async def test_the_same_creator_is_refused_on_the_same_list_whatever_the_spelling(
    storage: Storage,
) -> None:
    launch = await make_list(storage)
    first = await storage.shortlists.add_entry(
        GUILD, launch.id, creator("jane.doe", 5_000), actor_id=SAM
    )

    before = await storage.shortlists.get(GUILD, launch.id)
    assert before is not None
    with pytest.raises(EntryExists) as exists:
        await storage.shortlists.add_entry(
            GUILD, launch.id, creator("https://instagram.com/JANE.DOE/", 9_000), actor_id=ALEX
        )
    refused = await storage.shortlists.get(GUILD, launch.id)
    assert refused is not None and refused.updated_at == before.updated_at, (
        "a refused add changes nothing"
    )
    on_tiktok = await storage.shortlists.add_entry(
        GUILD, launch.id, creator("jane.doe", 5_000, Platform.TIKTOK), actor_id=SAM
    )

    assert exists.value.existing == first
    assert on_tiktok.platform is Platform.TIKTOK


async def test_a_list_holds_at_most_1000_creators(storage: Storage) -> None:
    launch = await make_list(storage)
    rows = [
        ImportRow(
            line_number=number + 2,
            handle=normalize_handle(f"creator_{number}", Platform.INSTAGRAM),
            stats=CreatorStats(followers=1_000 + number),
            notes=None,
            status=None,
        )
        for number in range(MAX_ENTRIES_PER_LIST + 5)
    ]
    result = await storage.shortlists.import_rows(
        GUILD, launch.id, rows, default_scheme(), actor_id=SAM, source="big.csv"
    )

    with pytest.raises(ShortlistLimitReached) as limit:
        await storage.shortlists.add_entry(GUILD, launch.id, creator("late", 5_000), actor_id=SAM)

    assert result.count("added") == MAX_ENTRIES_PER_LIST
    assert result.count("refused") == 5
    assert "full" in result.lines[-1].reason
    assert limit.value.what == "entries"


async def test_status_and_note_changes_are_audited_with_who_and_what(storage: Storage) -> None:
    launch = await make_list(storage)
    entry = await storage.shortlists.add_entry(
        GUILD, launch.id, creator("jane", 5_000), actor_id=SAM
    )

    await storage.shortlists.set_status(GUILD, launch.id, entry.id, Status.CONTACTED, actor_id=ALEX)
    noted = await storage.shortlists.set_note(
        GUILD, launch.id, entry.id, "asked for rates", actor_id=ALEX
    )
    await storage.shortlists.remove_entry(GUILD, launch.id, entry.id, actor_id=SAM)
    history = await storage.shortlists.history(GUILD, launch.id, 25)

    assert noted.status is Status.CONTACTED and noted.notes == "asked for rates"
    assert noted.updated_by == ALEX
    assert [(r.action, r.actor_id) for r in history] == [
        ("remove", SAM),
        ("note", ALEX),
        ("status", ALEX),
        ("add", SAM),
        ("create", SAM),
    ]
    assert "prospect → contacted" in history[2].detail


async def test_show_sorts_by_tier_then_followers_and_clamps_pages(storage: Storage) -> None:
    launch = await make_list(storage)
    followers = [3_000, 2_000_000, 45_000, 45_000, 800, 150_000, 12_000, 600_000, 9_000, 70_000]
    for number, count in enumerate(followers):
        await storage.shortlists.add_entry(
            GUILD, launch.id, creator(f"c{number}", count), actor_id=SAM
        )
    await storage.shortlists.add_entry(GUILD, launch.id, creator("no_stats"), actor_id=SAM)

    shown = await storage.shortlists.show(GUILD, launch.id, 0, per_page=4)
    last = await storage.shortlists.show(GUILD, launch.id, -1, per_page=4)
    beyond = await storage.shortlists.show(GUILD, launch.id, 99, per_page=4)
    assert shown is not None and last is not None and beyond is not None
    everything = await storage.shortlists.entries(GUILD, launch.id)

    ordered = [entry.followers for entry in everything]
    assert ordered[:-1] == sorted(followers, reverse=True)
    assert everything[-1].handle == "no_stats", "creators without followers come last"
    ranks = [entry.tier_rank for entry in everything]
    assert ranks == sorted(ranks, reverse=True)
    page, breakdown = shown
    assert [e.id for e in page.entries] == [e.id for e in everything[:4]]
    assert page.page_count == 3 and page.total == 11 and breakdown.total == 11
    assert breakdown.status_counts == {Status.PROSPECT: 11}
    assert last[0].page == 2 and [e.id for e in last[0].entries] == [e.id for e in everything[8:]]
    assert beyond[0].page == 2
    assert last[0].first_position == 9


async def test_show_named_is_the_show_of_the_list_find_finds(storage: Storage) -> None:
    """/shortlist show reads the list by name with its page and summary in one go: the same
    page and counts as find then show, nothing for a name this guild does not have, and a
    write visible to the next read."""
    launch = await make_list(storage, "Q3 Launch")
    await make_list(storage, "Elsewhere", guild=OTHER_GUILD)
    for number, count in enumerate([3_000, 2_000_000, 45_000, None, 150_000, 12_000, 800]):
        await storage.shortlists.add_entry(
            GUILD, launch.id, creator(f"c{number}", count), actor_id=SAM
        )
    repo = storage.shortlists
    for scheme_id in ("four-tier", "fitness-guide"):
        bounds = rank_bounds(get_scheme(scheme_id))
        for page in (0, 1, -1, 99):
            by_id = await repo.show(GUILD, launch.id, page, per_page=3, rank_bounds=bounds)
            by_name = await repo.show_named(
                GUILD, "q3 launch", page, per_page=3, rank_bounds=bounds
            )
            assert by_id is not None and by_name == by_id, (scheme_id, page)
    assert await repo.show_named(GUILD, "q3 launch", 0, per_page=3) == await repo.show(
        GUILD, launch.id, 0, per_page=3
    )
    bounds = rank_bounds(default_scheme())
    assert await repo.show_named(GUILD, "Elsewhere", 0, per_page=3, rank_bounds=bounds) is None
    assert (
        await repo.show_named(OTHER_GUILD, "Q3 Launch", 0, per_page=3, rank_bounds=bounds) is None
    )
    assert await repo.show_named(GUILD, "Nope", 0, per_page=3) is None

    await repo.add_entry(GUILD, launch.id, creator("newcomer", 5_000_000), actor_id=SAM)
    after = await repo.show_named(GUILD, "Q3 Launch", 0, per_page=3, rank_bounds=bounds)
    assert after is not None
    assert after[0].entries[0].handle == "newcomer" and after[1].total == 8


async def test_show_counts_each_tier_from_followers_under_the_scheme_in_use(
    storage: Storage,
) -> None:
    """The summary follows a scheme change: every entry counted in the tier its stored
    followers land in under the scheme passed now, as its line on the page shows it."""
    launch = await make_list(storage)
    followers = [0, 500, 999, 1_000, 9_999, 10_000, 45_000, 99_999, 100_000, 750_000, 3_000_000]
    statuses = list(Status)
    for number, count in enumerate(followers):
        added = await storage.shortlists.add_entry(
            GUILD, launch.id, creator(f"c{number}", count or None), actor_id=SAM
        )
        status = statuses[number % len(statuses)]
        if status is not Status.PROSPECT:
            await storage.shortlists.set_status(GUILD, launch.id, added.id, status, actor_id=SAM)
    for scheme_id in ("four-tier", "fitness-guide"):
        scheme = get_scheme(scheme_id)
        shown = await storage.shortlists.show(
            GUILD, launch.id, 0, per_page=4, rank_bounds=rank_bounds(scheme)
        )
        assert shown is not None
        expected_ranks: dict[int, int] = {}
        for count in followers:
            rank = current_tier(Platform.INSTAGRAM, count or None, scheme).tier_rank
            expected_ranks[rank] = expected_ranks.get(rank, 0) + 1
        expected_statuses: dict[Status, int] = {}
        for number in range(len(followers)):
            status = statuses[number % len(statuses)]
            expected_statuses[status] = expected_statuses.get(status, 0) + 1
        assert shown[1].rank_counts == expected_ranks, scheme_id
        assert shown[1].status_counts == expected_statuses
        assert shown[1].total == shown[0].total == len(followers)


async def test_export_rows_are_ranked_and_sorted_under_the_scheme_in_use(storage: Storage) -> None:
    launch = await make_list(storage)
    followers = [3_000, 2_000_000, 45_000, 45_000, 800, 150_000, 60_000, 600_000, 1_000_000]
    for number, count in enumerate(followers):
        await storage.shortlists.add_entry(
            GUILD,
            launch.id,
            creator(f"c{number}", count, likes=count // 50, notes=f"n{number}"),
            actor_id=SAM,
        )
    await storage.shortlists.add_entry(GUILD, launch.id, creator("no_stats"), actor_id=SAM)
    stored = await storage.shortlists.entries(GUILD, launch.id)
    by_handle = {entry.handle: entry for entry in stored}

    for scheme in (default_scheme(), get_scheme("fitness-guide")):
        rows = await storage.shortlists.export_rows(
            GUILD, launch.id, rank_bounds=rank_bounds(scheme)
        )

        # Each row's rank is the entry's tier under `scheme` now, and the rows come in the
        # order /shortlist show would list them under it.
        current = {
            entry.handle: current_tier(entry.platform, entry.followers, scheme).tier_rank
            for entry in stored
        }
        expected = sorted(stored, key=lambda e: (-current[e.handle], -(e.followers or 0), e.id))
        assert [row.handle for row in rows] == [entry.handle for entry in expected]
        assert [row.tier_rank for row in rows] == [current[e.handle] for e in expected]
    # The fitness guide names no tier from 50K to 1M: 600K, 150K and 60K share its gap's rank.
    assert [row.handle for row in rows][:5] == ["c1", "c8", "c7", "c5", "c6"]
    assert len({row.tier_rank for row in rows[2:5]}) == 1
    for row in rows:
        entry = by_handle[row.handle]
        assert (row.platform, row.handle_key, row.profile_url, row.status, row.notes) == (
            entry.platform.value,
            entry.handle_key,
            entry.profile_url,
            entry.status.value,
            entry.notes,
        )
        assert (row.followers, row.likes, row.comments, row.shares, row.saves, row.views) == (
            entry.followers,
            entry.likes,
            entry.comments,
            entry.shares,
            entry.saves,
            entry.views,
        )
        assert row.added_date == entry.added_at.astimezone(UTC).date().isoformat()
        assert row.updated_date == entry.updated_at.astimezone(UTC).date().isoformat()
        assert (row.figures_source, row.figures_date) == (None, None)
    bounds = rank_bounds(default_scheme())
    assert await storage.shortlists.export_rows(OTHER_GUILD, launch.id, rank_bounds=bounds) == []


async def test_another_guild_cannot_read_or_change_a_list_by_id_or_name(storage: Storage) -> None:
    launch = await make_list(storage, "Launch", GUILD)
    entry = await storage.shortlists.add_entry(
        GUILD, launch.id, creator("jane", 5_000), actor_id=SAM
    )
    repo = storage.shortlists

    assert await repo.get(OTHER_GUILD, launch.id) is None
    assert await repo.find(OTHER_GUILD, "Launch") is None
    assert await repo.show(OTHER_GUILD, launch.id, 0, per_page=10) is None
    assert await repo.entries(OTHER_GUILD, launch.id) == []
    assert await repo.search_entries(OTHER_GUILD, "Launch", "", 25) == []
    assert await repo.search_names(OTHER_GUILD, "", 25) == []
    assert await repo.find_entries(OTHER_GUILD, launch.id, [(Platform.INSTAGRAM, "jane")]) == []
    assert await repo.history(OTHER_GUILD, launch.id, 25) == []
    for attempt in (
        repo.add_entry(OTHER_GUILD, launch.id, creator("evil", 10), actor_id=ALEX),
        repo.remove_entry(OTHER_GUILD, launch.id, entry.id, actor_id=ALEX),
        repo.set_status(OTHER_GUILD, launch.id, entry.id, Status.DECLINED, actor_id=ALEX),
        repo.set_note(OTHER_GUILD, launch.id, entry.id, "hacked", actor_id=ALEX),
        repo.rename(OTHER_GUILD, launch.id, "Mine now", actor_id=ALEX),
        repo.delete(OTHER_GUILD, launch.id, actor_id=ALEX),
        repo.import_rows(OTHER_GUILD, launch.id, [], default_scheme(), actor_id=ALEX, source="x"),
    ):
        with pytest.raises(ShortlistGone):
            await attempt

    assert await repo.entries(GUILD, launch.id) == [entry]
    still = await repo.get(GUILD, launch.id)
    assert still is not None and still.name == "Launch"


async def test_an_entry_id_from_another_list_is_refused(storage: Storage) -> None:
    mine = await make_list(storage, "Mine")
    other = await make_list(storage, "Other")
    theirs = await storage.shortlists.add_entry(
        GUILD, other.id, creator("jane", 5_000), actor_id=SAM
    )

    with pytest.raises(ShortlistGone):
        await storage.shortlists.remove_entry(GUILD, mine.id, theirs.id, actor_id=SAM)
    assert len(await storage.shortlists.entries(GUILD, other.id)) == 1


async def test_autocomplete_searches_stay_inside_the_guild_and_prefer_prefixes(
    storage: Storage,
) -> None:
    for name in ("Summer launch", "Launch Q3", "Holiday"):
        await make_list(storage, name)
    await make_list(storage, "Launch secret", OTHER_GUILD)
    launch = await storage.shortlists.find(GUILD, "Launch Q3")
    assert launch is not None
    for handle in ("maria_fit", "fitmaria", "bob"):
        await storage.shortlists.add_entry(GUILD, launch.id, creator(handle, 5_000), actor_id=SAM)

    names = await storage.shortlists.search_names(GUILD, "LAUN", 25)
    handles = await storage.shortlists.search_entries(GUILD, "launch q3", "@fit", 25)
    literal = await storage.shortlists.search_names(GUILD, "%", 25)

    assert names == ["Launch Q3", "Summer launch"]
    assert [entry.handle for entry in handles] == ["fitmaria", "maria_fit"]
    assert literal == []


# --- concurrency ------------------------------------------------------------------------------


async def test_200_concurrent_adds_all_land_and_duplicates_are_refused(storage: Storage) -> None:
    launch = await make_list(storage)
    distinct = [
        storage.shortlists.add_entry(GUILD, launch.id, creator(f"c_{n}", 1_000 + n), actor_id=SAM)
        for n in range(200)
    ]
    same = [
        storage.shortlists.add_entry(GUILD, launch.id, creator("twin", 5_000), actor_id=SAM)
        for _ in range(20)
    ]

    results = await asyncio.gather(*distinct, *same, return_exceptions=True)

    failures = [r for r in results[:200] if isinstance(r, BaseException)]
    assert failures == []
    twins = results[200:]
    assert sum(not isinstance(r, BaseException) for r in twins) == 1
    assert all(isinstance(r, EntryExists) for r in twins if isinstance(r, BaseException))
    assert len(await storage.shortlists.entries(GUILD, launch.id)) == 201


# --- import -----------------------------------------------------------------------------------


def import_row(
    line: int,
    handle: str,
    followers: int | None,
    *,
    notes: str | None = None,
    status: Status | None = None,
) -> ImportRow:
    return ImportRow(
        line_number=line,
        handle=normalize_handle(handle, Platform.INSTAGRAM),
        stats=None if followers is None else CreatorStats(followers=followers),
        notes=notes,
        status=status,
    )


async def test_import_adds_updates_and_leaves_unchanged_rows_alone(storage: Storage) -> None:
    launch = await make_list(storage)
    await storage.shortlists.add_entry(GUILD, launch.id, creator("same", 5_000), actor_id=SAM)
    await storage.shortlists.add_entry(GUILD, launch.id, creator("grown", 5_000), actor_id=SAM)
    await storage.shortlists.add_entry(
        GUILD, launch.id, creator("noted", 5_000, notes="keep me"), actor_id=SAM
    )
    before = {e.handle: e for e in await storage.shortlists.entries(GUILD, launch.id)}

    result = await storage.shortlists.import_rows(
        GUILD,
        launch.id,
        [
            import_row(2, "same", 5_000),
            import_row(3, "grown", 50_000, status=Status.CONTACTED),
            import_row(4, "noted", None, notes=""),
            import_row(5, "newbie", None, notes="found at a fair"),
        ],
        get_scheme("four-tier"),
        actor_id=ALEX,
        source="team.csv",
    )
    after = {e.handle: e for e in await storage.shortlists.entries(GUILD, launch.id)}
    history = await storage.shortlists.history(GUILD, launch.id, 1)

    assert [line.outcome for line in result.lines] == ["unchanged", "updated", "unchanged", "added"]
    assert after["same"] == before["same"]
    assert after["noted"] == before["noted"], "an empty notes cell keeps the stored note"
    assert after["grown"].tier is Tier.MICRO and after["grown"].status is Status.CONTACTED
    assert after["newbie"].followers is None and after["newbie"].notes == "found at a fair"
    assert history[0].action == "import"
    assert history[0].detail == "1 added, 1 updated from team.csv"


async def test_an_import_that_changes_nothing_leaves_no_trace(storage: Storage) -> None:
    launch = await make_list(storage)
    await storage.shortlists.add_entry(GUILD, launch.id, creator("same", 5_000), actor_id=SAM)
    before = await storage.shortlists.history(GUILD, launch.id, 25)

    result = await storage.shortlists.import_rows(
        GUILD, launch.id, [import_row(2, "same", 5_000)], default_scheme(), actor_id=SAM, source="x"
    )

    assert not result.changed
    assert await storage.shortlists.history(GUILD, launch.id, 25) == before


async def test_a_failing_import_leaves_the_list_as_it_was(
    storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    launch = await make_list(storage)
    await storage.shortlists.add_entry(GUILD, launch.id, creator("kept", 5_000), actor_id=SAM)

    # The backend's own module (storage.shortlists or storage.postgres.shortlists).
    module = sys.modules[type(storage.shortlists).__module__]

    async def broken_touch(*args: object) -> None:
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(module, "_touch", broken_touch)
    with pytest.raises(RuntimeError):
        await storage.shortlists.import_rows(
            GUILD,
            launch.id,
            [import_row(2, "kept", 9_000), import_row(3, "new_one", 9_000)],
            default_scheme(),
            actor_id=SAM,
            source="x",
        )

    entries = await storage.shortlists.entries(GUILD, launch.id)
    assert [(e.handle, e.followers) for e in entries] == [("kept", 5_000)]
