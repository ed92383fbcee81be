"""Campaigns on SQLite and on PostgreSQL (the `storage` fixture runs each test on both):
names, limits, bookings, corrections, imports, purges and a race between two processes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.campaign.models import (
    MAX_CAMPAIGNS_PER_GUILD,
    Booking,
    CampaignPlan,
    CampaignState,
    ImportedPost,
    PlannedTier,
    PostResult,
)
from bot.domain.handles import normalize_handle
from bot.domain.metrics import CreatorStats
from bot.domain.mix import Goal
from bot.domain.platforms import Platform
from bot.domain.shortlist import Status, new_entry
from bot.domain.tier import Tier
from bot.domain.tiers import default_scheme
from storage.protocols import (
    CampaignClosed,
    CampaignGone,
    CampaignLimitReached,
    CampaignNameTaken,
    NotBooked,
)
from storage.store import Storage
from tests.backends import Backend

GUILD = 111
OTHER = 222
SAM = 1001
IG = Platform.INSTAGRAM
PLAN = CampaignPlan(
    goal=Goal.AWARENESS,
    budget=10_000,
    currency="USD",
    platform=IG,
    weeks=4,
    tiers=(PlannedTier(Tier.NANO, 4, 2, 8, 2_000.5, 40_000, 2_000),),
)


def booking(name: str, fee: float | None = 500, followers: int | None = 8_000) -> Booking:
    tier = Tier.NANO if followers is not None else None
    return Booking(IG, name, "@" + name, followers, tier, fee)


def post(name: str, label: str, views: int, **figures: int | None) -> PostResult:
    return PostResult(IG, name, label, views, **figures)


def _where(where: dict[str, int]) -> str:
    """A WHERE clause both backends read alike: integers only, written into the SQL (the
    placeholders differ: ? on SQLite, $1 on PostgreSQL)."""
    return "".join(
        (" WHERE " if n == 0 else " AND ") + f"{column} = {int(value)}"
        for n, (column, value) in enumerate(where.items())
    )


async def count_rows(storage: Storage, table: str, **where: int) -> int:
    return int(await storage.database.fetch_value(f"SELECT count(*) FROM {table}{_where(where)}"))


async def audit_actions(storage: Storage, campaign_id: int) -> list[str]:
    """The campaign's audit actions, oldest first."""
    clause = _where({"campaign_id": campaign_id})
    return [
        str(
            await storage.database.fetch_value(
                f"SELECT action FROM campaign_audit{clause} ORDER BY id LIMIT 1 OFFSET {n}"
            )
        )
        for n in range(await count_rows(storage, "campaign_audit", campaign_id=campaign_id))
    ]


async def test_a_campaign_keeps_its_plan_and_names_ignore_case(storage: Storage) -> None:
    created = await storage.campaigns.create(
        GUILD, "Spring Launch", PLAN, shortlist_id=None, actor_id=SAM
    )
    found = await storage.campaigns.find(GUILD, "spring   LAUNCH")
    assert found is not None and found.plan == PLAN and found.id == created.id
    assert await storage.campaigns.find(OTHER, "Spring Launch") is None
    with pytest.raises(CampaignNameTaken):
        await storage.campaigns.create(
            GUILD, "SPRING launch", PLAN, shortlist_id=None, actor_id=SAM
        )
    # Another server may use the same name.
    await storage.campaigns.create(OTHER, "Spring Launch", PLAN, shortlist_id=None, actor_id=SAM)


async def test_fifty_campaigns_a_server(storage: Storage) -> None:
    for number in range(MAX_CAMPAIGNS_PER_GUILD):
        await storage.campaigns.create(GUILD, f"C{number}", PLAN, shortlist_id=None, actor_id=SAM)
    with pytest.raises(CampaignLimitReached):
        await storage.campaigns.create(GUILD, "One more", PLAN, shortlist_id=None, actor_id=SAM)


async def test_booking_confirms_the_shortlist_entry_and_a_correction_replaces_a_post(
    storage: Storage,
) -> None:
    shortlist = await storage.shortlists.create(GUILD, "Picks", "", actor_id=SAM)
    entry = await storage.shortlists.add_entry(
        GUILD,
        shortlist.id,
        new_entry(normalize_handle("ana", IG), CreatorStats(followers=8_000), default_scheme()),
        actor_id=SAM,
    )
    campaign = await storage.campaigns.create(
        GUILD, "Spring", PLAN, shortlist_id=shortlist.id, actor_id=SAM
    )
    assert campaign.shortlist_id == shortlist.id
    stored, new = await storage.campaigns.book(
        GUILD, campaign.id, booking("ana"), confirm_entries=[entry.id], actor_id=SAM
    )
    assert new and stored.tier is Tier.NANO
    entries = await storage.shortlists.entries(GUILD, shortlist.id)
    assert entries[0].status is Status.CONFIRMED
    # Booking again updates the fee, keeps the followers.
    again, new = await storage.campaigns.book(
        GUILD, campaign.id, booking("ana", fee=650, followers=None), actor_id=SAM
    )
    assert not new and again.fee == 650 and again.followers == 8_000

    first, replaced = await storage.campaigns.record_post(
        GUILD, campaign.id, post("ana", "", 1_000, likes=10), actor_id=SAM
    )
    assert first.label == "Post 1" and replaced is None
    second, _ = await storage.campaigns.record_post(
        GUILD, campaign.id, post("ana", "", 2_000), actor_id=SAM
    )
    assert second.label == "Post 2"
    _fixed, replaced = await storage.campaigns.record_post(
        GUILD, campaign.id, post("ana", "post 1", 1_500, likes=12), actor_id=SAM
    )
    assert replaced is not None and replaced.views == 1_000
    posts = await storage.campaigns.posts(GUILD, campaign.id)
    assert [(p.post.label, p.post.views) for p in posts] == [("Post 1", 1_500), ("Post 2", 2_000)]
    assert await audit_actions(storage, campaign.id) == [
        "create",
        "book",
        "book",
        "result",
        "result",
        "correct",
    ]


async def test_posts_need_a_booking_and_unbooking_removes_them(storage: Storage) -> None:
    campaign = await storage.campaigns.create(GUILD, "C", PLAN, shortlist_id=None, actor_id=SAM)
    with pytest.raises(NotBooked):
        await storage.campaigns.record_post(GUILD, campaign.id, post("nobody", "", 1), actor_id=SAM)
    await storage.campaigns.book(GUILD, campaign.id, booking("bo"), actor_id=SAM)
    await storage.campaigns.record_post(GUILD, campaign.id, post("bo", "a", 10), actor_id=SAM)
    removed, posts = await storage.campaigns.unbook(GUILD, campaign.id, IG, "bo", actor_id=SAM)
    assert removed.handle == "@bo" and posts == 1
    assert await storage.campaigns.posts(GUILD, campaign.id) == []


async def test_import_is_one_step_with_a_report_per_row(storage: Storage) -> None:
    campaign = await storage.campaigns.create(GUILD, "C", PLAN, shortlist_id=None, actor_id=SAM)
    await storage.campaigns.book(GUILD, campaign.id, booking("bo"), actor_id=SAM)
    await storage.campaigns.record_post(GUILD, campaign.id, post("bo", "reel", 10), actor_id=SAM)
    rows = [
        ImportedPost(2, post("bo", "reel", 99), "@bo"),
        ImportedPost(3, post("bo", "story", 50), "@bo"),
        ImportedPost(4, post("zed", "x", 5), "@zed"),
    ]
    results = await storage.campaigns.import_posts(
        GUILD, campaign.id, rows, actor_id=SAM, source="tracking.csv"
    )
    assert [(r.line, r.outcome) for r in results] == [
        (2, "replaced"),
        (3, "added"),
        (4, "refused"),
    ]
    assert "isn't booked" in results[2].reason
    views = sorted(p.post.views for p in await storage.campaigns.posts(GUILD, campaign.id))
    assert views == [50, 99]


async def test_a_closed_campaign_takes_no_more_changes(storage: Storage) -> None:
    campaign = await storage.campaigns.create(GUILD, "C", PLAN, shortlist_id=None, actor_id=SAM)
    closed = await storage.campaigns.close(GUILD, campaign.id, actor_id=SAM)
    assert closed.state is CampaignState.CLOSED and closed.closed_at is not None
    with pytest.raises(CampaignClosed):
        await storage.campaigns.book(GUILD, campaign.id, booking("bo"), actor_id=SAM)
    summaries = await storage.campaigns.summaries(GUILD)
    assert [(s.name, s.state) for s in summaries] == [("C", CampaignState.CLOSED)]


async def test_delete_and_purge_cover_every_campaign_table(storage: Storage) -> None:
    campaign = await storage.campaigns.create(GUILD, "C", PLAN, shortlist_id=None, actor_id=SAM)
    await storage.campaigns.book(GUILD, campaign.id, booking("bo"), actor_id=SAM)
    await storage.campaigns.record_post(GUILD, campaign.id, post("bo", "a", 10), actor_id=SAM)
    kept = await storage.campaigns.create(OTHER, "C", PLAN, shortlist_id=None, actor_id=SAM)
    await storage.campaigns.book(OTHER, kept.id, booking("bo"), actor_id=SAM)
    with pytest.raises(CampaignGone):  # another server's id reads as no such campaign
        await storage.campaigns.delete(OTHER, campaign.id, actor_id=SAM)
    assert await storage.campaigns.delete(GUILD, campaign.id, actor_id=SAM) == (1, 1)
    assert await storage.campaigns.get(GUILD, campaign.id) is None

    again = await storage.campaigns.create(GUILD, "D", PLAN, shortlist_id=None, actor_id=SAM)
    await storage.campaigns.book(GUILD, again.id, booking("bo"), actor_id=SAM)
    await storage.campaigns.record_post(GUILD, again.id, post("bo", "a", 10), actor_id=SAM)
    await storage.purge.purge_guild(GUILD)  # what `tierbot db purge-guild` runs
    for table in ("campaigns", "campaign_bookings", "campaign_posts"):
        left = await count_rows(storage, table)
        assert left == (0 if table == "campaign_posts" else 1), table
    assert await count_rows(storage, "campaign_audit", guild_id=GUILD) == 0
    assert await count_rows(storage, "campaign_audit", guild_id=OTHER) == 2
    assert (await storage.campaigns.bookings(OTHER, kept.id))[0].handle == "@bo"


async def test_the_30_day_retention_purge_covers_campaigns(storage: Storage) -> None:
    campaign = await storage.campaigns.create(GUILD, "C", PLAN, shortlist_id=None, actor_id=SAM)
    await storage.campaigns.book(GUILD, campaign.id, booking("bo"), actor_id=SAM)
    await storage.campaigns.record_post(GUILD, campaign.id, post("bo", "a", 10), actor_id=SAM)
    left = datetime.now(UTC) - timedelta(days=31)
    await storage.presence.joined(GUILD)
    await storage.presence.left(GUILD, at=left)

    assert await storage.purge.purge_departed(GUILD, datetime.now(UTC) - timedelta(days=32)) is None
    removed = await storage.purge.purge_departed(GUILD, datetime.now(UTC) - timedelta(days=30))

    assert removed is not None and removed >= 3  # campaign, audit rows, presence
    for table in ("campaigns", "campaign_bookings", "campaign_posts", "campaign_audit"):
        assert await count_rows(storage, table) == 0, table


async def test_two_processes_create_one_name_at_once_and_one_wins(
    storage: Storage, backend: Backend
) -> None:
    """Two Storages (two pools on PostgreSQL, two writer connections on SQLite), as two bot
    processes would hold: the name rule holds through the database, not an in-process lock."""
    other = await Storage.open_target(backend.target)
    try:
        for round_number in range(5):  # a lucky interleaving must not pass it
            outcomes = await asyncio.gather(
                storage.campaigns.create(
                    GUILD, f"Launch {round_number}", PLAN, shortlist_id=None, actor_id=SAM
                ),
                other.campaigns.create(
                    GUILD, f"LAUNCH  {round_number}", PLAN, shortlist_id=None, actor_id=SAM + 1
                ),
                return_exceptions=True,
            )
            wins = [outcome for outcome in outcomes if not isinstance(outcome, BaseException)]
            losses = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
            assert len(wins) == 1, outcomes
            assert len(losses) == 1 and isinstance(losses[0], CampaignNameTaken), outcomes
            assert losses[0].existing.id == wins[0].id
        assert len(await other.campaigns.summaries(GUILD)) == 5
        assert await count_rows(storage, "campaign_audit", guild_id=GUILD) == 5
    finally:
        await other.close()


async def test_booking_from_a_list_while_the_list_is_deleted(
    storage: Storage, backend: Backend
) -> None:
    """Deleting a list locks it, then the campaign pointing at it; booking with a confirm
    must take the locks in that order too (or PostgreSQL aborts one side as a deadlock)."""
    other = await Storage.open_target(backend.target)
    try:
        for round_number in range(5):
            shortlist = await storage.shortlists.create(
                GUILD, f"Picks {round_number}", "", actor_id=SAM
            )
            entry = await storage.shortlists.add_entry(
                GUILD,
                shortlist.id,
                new_entry(
                    normalize_handle("ana", IG), CreatorStats(followers=8_000), default_scheme()
                ),
                actor_id=SAM,
            )
            campaign = await storage.campaigns.create(
                GUILD, f"C{round_number}", PLAN, shortlist_id=shortlist.id, actor_id=SAM
            )
            stored, removed = await asyncio.gather(
                storage.campaigns.book(
                    GUILD, campaign.id, booking("ana"), confirm_entries=[entry.id], actor_id=SAM
                ),
                other.shortlists.delete(GUILD, shortlist.id, actor_id=SAM),
            )
            assert stored[1] and removed == 1
            after = await storage.campaigns.get(GUILD, campaign.id)
            assert after is not None and after.shortlist_id is None
    finally:
        await other.close()


async def test_handle_searches_ignore_ascii_case_on_both_backends(storage: Storage) -> None:
    """A YouTube channel id keeps its case in the handle key; "uc" still finds it."""
    campaign = await storage.campaigns.create(GUILD, "C", PLAN, shortlist_id=None, actor_id=SAM)
    await storage.campaigns.book(GUILD, campaign.id, booking("UCBJycsmduv"), actor_id=SAM)
    found = await storage.campaigns.search_bookings(GUILD, "c", "uc", 5)
    assert [b.handle_key for b in found] == ["UCBJycsmduv"]
