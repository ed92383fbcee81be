"""Campaigns, their bookings and post results in SQLite.

Every query is scoped by guild_id (a campaign id or name from another guild reads as "no
such campaign"); every change is one transaction that also writes its audit row, committed
before the method returns. Limits are checked inside the write transaction (SQLite runs one
writer at a time; a PostgreSQL backend locks the campaign row first).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Literal

import aiosqlite

from bot.domain.campaign.models import (
    MAX_BOOKINGS_PER_CAMPAIGN,
    MAX_CAMPAIGNS_PER_GUILD,
    MAX_POSTS_PER_CAMPAIGN,
    Booking,
    Campaign,
    CampaignPlan,
    CampaignState,
    CampaignSummary,
    ImportedPost,
    ImportLineResult,
    PlannedTier,
    PostOutcome,
    PostResult,
    StoredPost,
    campaign_name_key,
    post_label_key,
)
from bot.domain.mix import Goal
from bot.domain.platforms import Platform
from bot.domain.shortlist import Status
from bot.domain.tier import Tier
from storage import audit as shortlist_audit
from storage.database import Database
from storage.models import ShortlistEntry
from storage.protocols import (
    CampaignClosed,
    CampaignGone,
    CampaignLimitReached,
    CampaignNameTaken,
    NotBooked,
)
from storage.timestamps import now_iso, parse_iso

AuditAction = Literal["create", "book", "unbook", "result", "correct", "import", "close", "delete"]
_MAX_DETAIL = 300

_CAMPAIGN_COLUMNS = (
    "id, guild_id, name, goal, platform, currency, budget, weeks, plan_json, shortlist_id, "
    "state, created_by, created_at, closed_at"
)
_BOOKING_COLUMNS = "id, platform, handle_key, handle, followers, tier, fee"
_POST_FIGURES = ("views", "likes", "comments", "shares", "saves", "clicks", "conversions", "fee")


def _plan_json(plan: CampaignPlan) -> str:
    return json.dumps(
        [
            {
                "tier": line.tier.value,
                "creators": line.creators,
                "posts_per_creator": line.posts_per_creator,
                "posts": line.posts,
                "spend": line.spend,
                "expected_reach": line.expected_reach,
                "expected_engagements": line.expected_engagements,
            }
            for line in plan.tiers
        ]
    )


def _campaign(row: sqlite3.Row) -> Campaign:
    lines = json.loads(row["plan_json"])
    plan = CampaignPlan(
        goal=Goal(row["goal"]),
        budget=float(row["budget"]),
        currency=row["currency"],
        platform=Platform(row["platform"]),
        weeks=int(row["weeks"]),
        tiers=tuple(
            PlannedTier(
                tier=Tier(line["tier"]),
                creators=int(line["creators"]),
                posts_per_creator=int(line["posts_per_creator"]),
                posts=int(line["posts"]),
                spend=float(line["spend"]),
                expected_reach=float(line["expected_reach"]),
                expected_engagements=float(line["expected_engagements"]),
            )
            for line in lines
        ),
    )
    created_at = parse_iso(row["created_at"])
    assert created_at is not None
    return Campaign(
        id=int(row["id"]),
        guild_id=int(row["guild_id"]),
        name=row["name"],
        plan=plan,
        state=CampaignState(row["state"]),
        shortlist_id=row["shortlist_id"],
        created_by=int(row["created_by"]),
        created_at=created_at,
        closed_at=parse_iso(row["closed_at"]),
    )


def _booking(row: sqlite3.Row) -> Booking:
    return Booking(
        platform=Platform(row["platform"]),
        handle_key=row["handle_key"],
        handle=row["handle"],
        followers=row["followers"],
        tier=None if row["tier"] is None else Tier(row["tier"]),
        fee=row["fee"],
    )


def _post(row: sqlite3.Row) -> PostResult:
    return PostResult(
        platform=Platform(row["platform"]),
        handle_key=row["handle_key"],
        label=row["label"],
        views=int(row["views"]),
        likes=row["likes"],
        comments=row["comments"],
        shares=row["shares"],
        saves=row["saves"],
        clicks=row["clicks"],
        conversions=row["conversions"],
        fee=row["fee"],
    )


_SHORTLIST_ENTRY = ", ".join(
    f"e.{column}"
    for column in [
        "id",
        "list_id",
        "platform",
        "handle_key",
        "handle",
        "profile_url",
        "followers",
        "likes",
        "comments",
        "shares",
        "saves",
        "views",
        "engagement_rate",
        "engagement_basis",
        "tier",
        "tier_label",
        "tier_rank",
        "scheme_id",
        "status",
        "notes",
        "added_by",
        "added_at",
        "updated_by",
        "updated_at",
    ]
)


def _shortlist_entry(row: sqlite3.Row) -> ShortlistEntry:
    return ShortlistEntry.model_validate(
        {key: row[key] for key in row.keys() if key != "list_name"}  # noqa: SIM118 (a Row iterates values)
    )


def _figures(post: PostResult) -> tuple[object, ...]:
    return tuple(getattr(post, name) for name in _POST_FIGURES)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def _row(
    tx: aiosqlite.Connection, sql: str, params: Sequence[object] = ()
) -> sqlite3.Row | None:
    rows = await tx.execute_fetchall(sql, params)
    return next(iter(rows), None)


async def _count(tx: aiosqlite.Connection, sql: str, params: Sequence[object]) -> int:
    row = await _row(tx, sql, params)
    assert row is not None
    return int(row[0])


async def _record(
    tx: aiosqlite.Connection,
    campaign: Campaign,
    actor_id: int,
    action: AuditAction,
    detail: str,
    at: str,
) -> None:
    if len(detail) > _MAX_DETAIL:
        detail = detail[: _MAX_DETAIL - 1] + "…"
    await tx.execute(
        "INSERT INTO campaign_audit (guild_id, campaign_id, campaign_name, actor_id, action, "
        "detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (campaign.guild_id, campaign.id, campaign.name, actor_id, action, detail, at),
    )


async def _campaign_in(tx: aiosqlite.Connection, guild_id: int, campaign_id: int) -> Campaign:
    row = await _row(
        tx,
        f"SELECT {_CAMPAIGN_COLUMNS} FROM campaigns WHERE id = ? AND guild_id = ?",
        (campaign_id, guild_id),
    )
    if row is None:
        raise CampaignGone("the campaign no longer exists")
    return _campaign(row)


async def _open_campaign(tx: aiosqlite.Connection, guild_id: int, campaign_id: int) -> Campaign:
    campaign = await _campaign_in(tx, guild_id, campaign_id)
    if not campaign.is_open:
        raise CampaignClosed(campaign)
    return campaign


async def _booking_id(
    tx: aiosqlite.Connection, campaign_id: int, platform: Platform, handle_key: str
) -> tuple[int, Booking] | None:
    row = await _row(
        tx,
        f"SELECT {_BOOKING_COLUMNS} FROM campaign_bookings "
        "WHERE campaign_id = ? AND platform = ? AND handle_key = ?",
        (campaign_id, platform.value, handle_key),
    )
    return None if row is None else (int(row["id"]), _booking(row))


def _post_detail(booking: Booking, post: PostResult) -> str:
    return f"{booking.handle} on {booking.platform.label}: {post.label}, {post.views:,} views"


class SqliteCampaigns:
    def __init__(self, database: Database) -> None:
        self._db = database

    # -- campaigns ----------------------------------------------------------------------

    async def create(
        self,
        guild_id: int,
        name: str,
        plan: CampaignPlan,
        *,
        shortlist_id: int | None,
        actor_id: int,
    ) -> Campaign:
        now = now_iso()
        key = campaign_name_key(name)
        async with self._db.transaction() as tx:
            taken = await _row(
                tx,
                f"SELECT {_CAMPAIGN_COLUMNS} FROM campaigns WHERE guild_id = ? AND name_key = ?",
                (guild_id, key),
            )
            if taken is not None:
                raise CampaignNameTaken(_campaign(taken))
            count = await _count(
                tx, "SELECT count(*) FROM campaigns WHERE guild_id = ?", (guild_id,)
            )
            if count >= MAX_CAMPAIGNS_PER_GUILD:
                raise CampaignLimitReached("campaigns", MAX_CAMPAIGNS_PER_GUILD)
            if shortlist_id is not None:
                owned = await _row(
                    tx,
                    "SELECT 1 FROM shortlists WHERE id = ? AND guild_id = ?",
                    (shortlist_id, guild_id),
                )
                shortlist_id = shortlist_id if owned is not None else None
            row = await _row(
                tx,
                "INSERT INTO campaigns (guild_id, name, name_key, goal, platform, currency, "
                "budget, weeks, plan_json, shortlist_id, created_by, created_at, updated_at) "
                f"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_CAMPAIGN_COLUMNS}",
                (
                    guild_id,
                    name,
                    key,
                    plan.goal.value,
                    plan.platform.value,
                    plan.currency,
                    plan.budget,
                    plan.weeks,
                    _plan_json(plan),
                    shortlist_id,
                    actor_id,
                    now,
                    now,
                ),
            )
            assert row is not None
            created = _campaign(row)
            await _record(
                tx,
                created,
                actor_id,
                "create",
                f"{plan.goal.value}, {plan.budget:,.2f} {plan.currency}, {plan.platform.label}",
                now,
            )
        return created

    async def get(self, guild_id: int, campaign_id: int) -> Campaign | None:
        row = await self._db.fetch_one(
            f"SELECT {_CAMPAIGN_COLUMNS} FROM campaigns WHERE id = ? AND guild_id = ?",
            (campaign_id, guild_id),
        )
        return None if row is None else _campaign(row)

    async def find(self, guild_id: int, name: str) -> Campaign | None:
        row = await self._db.fetch_one(
            f"SELECT {_CAMPAIGN_COLUMNS} FROM campaigns WHERE guild_id = ? AND name_key = ?",
            (guild_id, campaign_name_key(name)),
        )
        return None if row is None else _campaign(row)

    async def search_names(self, guild_id: int, query: str, limit: int) -> list[str]:
        """Names containing `query` (ignoring case), open campaigns and prefix matches first."""
        key = campaign_name_key(query)
        rows = await self._db.fetch_all(
            "SELECT name, name_key, state FROM campaigns WHERE guild_id = ? "
            "AND name_key LIKE ? ESCAPE '\\' ORDER BY name_key",
            (guild_id, f"%{_escape_like(key)}%"),
        )
        ordered = sorted(
            rows,
            key=lambda row: (row["state"] != "open", not str(row["name_key"]).startswith(key)),
        )
        return [str(row["name"]) for row in ordered[:limit]]

    async def summaries(self, guild_id: int) -> list[CampaignSummary]:
        rows = await self._db.fetch_all(
            "SELECT c.id, c.name, c.goal, c.state, c.created_at, "
            "(SELECT count(*) FROM campaign_bookings b WHERE b.campaign_id = c.id) AS bookings, "
            "(SELECT count(*) FROM campaign_posts p JOIN campaign_bookings b "
            " ON p.booking_id = b.id WHERE b.campaign_id = c.id) AS posts "
            "FROM campaigns c WHERE c.guild_id = ? ORDER BY c.state = 'closed', c.name_key",
            (guild_id,),
        )
        summaries = []
        for row in rows:
            created_at = parse_iso(row["created_at"])
            assert created_at is not None
            summaries.append(
                CampaignSummary(
                    id=int(row["id"]),
                    name=row["name"],
                    goal=Goal(row["goal"]),
                    state=CampaignState(row["state"]),
                    bookings=int(row["bookings"]),
                    posts=int(row["posts"]),
                    created_at=created_at,
                )
            )
        return summaries

    async def close(self, guild_id: int, campaign_id: int, *, actor_id: int) -> Campaign:
        now = now_iso()
        async with self._db.transaction() as tx:
            campaign = await _open_campaign(tx, guild_id, campaign_id)
            row = await _row(
                tx,
                "UPDATE campaigns SET state = 'closed', closed_at = ?, updated_at = ? "
                f"WHERE id = ? AND guild_id = ? RETURNING {_CAMPAIGN_COLUMNS}",
                (now, now, campaign_id, guild_id),
            )
            assert row is not None
            await _record(tx, campaign, actor_id, "close", "", now)
        return _campaign(row)

    async def delete(self, guild_id: int, campaign_id: int, *, actor_id: int) -> tuple[int, int]:
        """Delete the campaign with its bookings and posts (by cascade); what it held.
        The audit trail stays, with a final "delete" row, until the guild is purged."""
        now = now_iso()
        async with self._db.transaction() as tx:
            campaign = await _campaign_in(tx, guild_id, campaign_id)
            bookings = await _count(
                tx, "SELECT count(*) FROM campaign_bookings WHERE campaign_id = ?", (campaign_id,)
            )
            posts = await _count(
                tx,
                "SELECT count(*) FROM campaign_posts p JOIN campaign_bookings b "
                "ON p.booking_id = b.id WHERE b.campaign_id = ?",
                (campaign_id,),
            )
            await tx.execute(
                "DELETE FROM campaigns WHERE id = ? AND guild_id = ?", (campaign_id, guild_id)
            )
            await _record(
                tx, campaign, actor_id, "delete", f"{bookings} bookings, {posts} posts", now
            )
        return bookings, posts

    # -- bookings -----------------------------------------------------------------------

    async def book(
        self,
        guild_id: int,
        campaign_id: int,
        booking: Booking,
        *,
        confirm_entries: Sequence[int] = (),
        actor_id: int,
    ) -> tuple[Booking, bool]:
        """Book a creator, or update the booking's followers, tier and fee when a figure is
        given again; (the booking, whether it is new). The shortlist entries in
        `confirm_entries` (ids, this guild's only) are set to confirmed in the same step."""
        now = now_iso()
        async with self._db.transaction() as tx:
            campaign = await _open_campaign(tx, guild_id, campaign_id)
            existing = await _booking_id(tx, campaign_id, booking.platform, booking.handle_key)
            if existing is None:
                count = await _count(
                    tx,
                    "SELECT count(*) FROM campaign_bookings WHERE campaign_id = ?",
                    (campaign_id,),
                )
                if count >= MAX_BOOKINGS_PER_CAMPAIGN:
                    raise CampaignLimitReached("bookings", MAX_BOOKINGS_PER_CAMPAIGN)
                row = await _row(
                    tx,
                    "INSERT INTO campaign_bookings (campaign_id, platform, handle_key, handle, "
                    "followers, tier, fee, booked_by, booked_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    f"RETURNING {_BOOKING_COLUMNS}",
                    (
                        campaign_id,
                        booking.platform.value,
                        booking.handle_key,
                        booking.handle,
                        booking.followers,
                        None if booking.tier is None else booking.tier.value,
                        booking.fee,
                        actor_id,
                        now,
                    ),
                )
            else:
                booking_id, before = existing
                followers = booking.followers if booking.followers is not None else before.followers
                tier = booking.tier if booking.followers is not None else before.tier
                row = await _row(
                    tx,
                    "UPDATE campaign_bookings SET followers = ?, tier = ?, fee = ? "
                    f"WHERE id = ? RETURNING {_BOOKING_COLUMNS}",
                    (
                        followers,
                        None if tier is None else tier.value,
                        booking.fee if booking.fee is not None else before.fee,
                        booking_id,
                    ),
                )
            assert row is not None
            stored = _booking(row)
            fee = "" if stored.fee is None else f", fee {stored.fee:,.2f}"
            await _record(
                tx,
                campaign,
                actor_id,
                "book",
                f"{stored.handle} on {stored.platform.label}{fee}"
                + ("" if existing is None else " (updated)"),
                now,
            )
            await self._confirm(tx, guild_id, confirm_entries, campaign, actor_id, now)
        return stored, existing is None

    @staticmethod
    async def _confirm(
        tx: aiosqlite.Connection,
        guild_id: int,
        entry_ids: Sequence[int],
        campaign: Campaign,
        actor_id: int,
        now: str,
    ) -> None:
        for entry_id in entry_ids:
            row = await _row(
                tx,
                "SELECT e.id, e.handle, e.status, s.id AS list_id, s.name FROM shortlist_entries e "
                "JOIN shortlists s ON s.id = e.list_id WHERE e.id = ? AND s.guild_id = ?",
                (entry_id, guild_id),
            )
            if row is None or row["status"] == Status.CONFIRMED.value:
                continue
            await tx.execute(
                "UPDATE shortlist_entries SET status = ?, updated_by = ?, updated_at = ? "
                "WHERE id = ?",
                (Status.CONFIRMED.value, actor_id, now, entry_id),
            )
            await tx.execute(
                "UPDATE shortlists SET updated_at = ? WHERE id = ?", (now, row["list_id"])
            )
            await shortlist_audit.record(
                tx,
                guild_id=guild_id,
                list_id=int(row["list_id"]),
                list_name=row["name"],
                actor_id=actor_id,
                action="status",
                detail=f"{row['handle']}: {row['status']} → confirmed (booked for {campaign.name})",
                at=now,
            )

    async def unbook(
        self,
        guild_id: int,
        campaign_id: int,
        platform: Platform,
        handle_key: str,
        *,
        actor_id: int,
    ) -> tuple[Booking, int]:
        """Remove a booking and (by cascade) its posts; the booking and how many posts went."""
        now = now_iso()
        async with self._db.transaction() as tx:
            campaign = await _open_campaign(tx, guild_id, campaign_id)
            found = await _booking_id(tx, campaign_id, platform, handle_key)
            if found is None:
                raise NotBooked(handle_key)
            booking_id, booking = found
            posts = await _count(
                tx, "SELECT count(*) FROM campaign_posts WHERE booking_id = ?", (booking_id,)
            )
            await tx.execute("DELETE FROM campaign_bookings WHERE id = ?", (booking_id,))
            await _record(
                tx,
                campaign,
                actor_id,
                "unbook",
                f"{booking.handle} on {booking.platform.label} ({posts} posts removed)",
                now,
            )
        return booking, posts

    async def bookings(self, guild_id: int, campaign_id: int) -> list[Booking]:
        rows = await self._db.fetch_all(
            f"SELECT {', '.join('b.' + c.strip() for c in _BOOKING_COLUMNS.split(','))} "
            "FROM campaign_bookings b JOIN campaigns c ON c.id = b.campaign_id "
            "WHERE b.campaign_id = ? AND c.guild_id = ? ORDER BY b.id",
            (campaign_id, guild_id),
        )
        return [_booking(row) for row in rows]

    async def search_bookings(
        self, guild_id: int, campaign_name: str, query: str, limit: int
    ) -> list[Booking]:
        rows = await self._db.fetch_all(
            f"SELECT {', '.join('b.' + c.strip() for c in _BOOKING_COLUMNS.split(','))} "
            "FROM campaign_bookings b JOIN campaigns c ON c.id = b.campaign_id "
            "WHERE c.guild_id = ? AND c.name_key = ? AND b.handle_key LIKE ? ESCAPE '\\' "
            "ORDER BY b.handle_key LIMIT ?",
            (
                guild_id,
                campaign_name_key(campaign_name),
                f"%{_escape_like(query.casefold())}%",
                limit,
            ),
        )
        return [_booking(row) for row in rows]

    # -- the server's shortlists, for booking ----------------------------------------------

    async def shortlisted(
        self, guild_id: int, platform: Platform, handle_key: str
    ) -> list[tuple[ShortlistEntry, str]]:
        """Every entry for this creator on the server's shortlists, with the list's name."""
        rows = await self._db.fetch_all(
            f"SELECT {_SHORTLIST_ENTRY}, s.name AS list_name FROM shortlist_entries e "
            "JOIN shortlists s ON s.id = e.list_id "
            "WHERE s.guild_id = ? AND e.platform = ? AND e.handle_key = ? ORDER BY s.id",
            (guild_id, platform.value, handle_key),
        )
        return [(_shortlist_entry(row), str(row["list_name"])) for row in rows]

    async def search_shortlisted(
        self, guild_id: int, first_list_id: int | None, query: str, limit: int
    ) -> list[ShortlistEntry]:
        """Entries of the server's shortlists whose handle contains `query`, the campaign's
        own list first, one per creator."""
        rows = await self._db.fetch_all(
            f"SELECT {_SHORTLIST_ENTRY} FROM shortlist_entries e "
            "JOIN shortlists s ON s.id = e.list_id "
            "WHERE s.guild_id = ? AND e.handle_key LIKE ? ESCAPE '\\' "
            "ORDER BY e.list_id = ? DESC, e.handle_key LIMIT ?",
            (guild_id, f"%{_escape_like(query.casefold())}%", first_list_id or -1, limit * 4),
        )
        seen: set[tuple[str, str]] = set()
        found: list[ShortlistEntry] = []
        for row in rows:
            key = (str(row["platform"]), str(row["handle_key"]))
            if key in seen:
                continue
            seen.add(key)
            found.append(_shortlist_entry(row))
            if len(found) == limit:
                break
        return found

    # -- posts --------------------------------------------------------------------------

    async def record_post(
        self, guild_id: int, campaign_id: int, post: PostResult, *, actor_id: int
    ) -> tuple[PostResult, PostResult | None]:
        """Record a post, or replace the creator's post with the same label (a correction);
        (the post as stored, the post it replaced)."""
        now = now_iso()
        async with self._db.transaction() as tx:
            campaign = await _open_campaign(tx, guild_id, campaign_id)
            stored, replaced = await _write_post(tx, campaign, post, actor_id, now)
        return stored, replaced

    async def import_posts(
        self,
        guild_id: int,
        campaign_id: int,
        rows: Sequence[ImportedPost],
        *,
        actor_id: int,
        source: str,
    ) -> list[ImportLineResult]:
        """Every row in one transaction: a row whose creator isn't booked is refused (and
        reported); the others are added or replace the post with the same label."""
        now = now_iso()
        results: list[ImportLineResult] = []
        async with self._db.transaction() as tx:
            campaign = await _open_campaign(tx, guild_id, campaign_id)
            for row in rows:
                try:
                    stored, replaced = await _write_post(
                        tx, campaign, row.post, actor_id, now, audit=False
                    )
                except NotBooked:
                    results.append(
                        ImportLineResult(
                            row.line,
                            row.handle,
                            row.post.label,
                            "refused",
                            f"{row.handle} on {row.post.platform.label} isn't booked "
                            "for this campaign",
                        )
                    )
                    continue
                except CampaignLimitReached as exc:
                    results.append(
                        ImportLineResult(
                            row.line,
                            row.handle,
                            row.post.label,
                            "refused",
                            f"the campaign already holds {exc.limit:,} posts",
                        )
                    )
                    continue
                outcome: PostOutcome = "added" if replaced is None else "replaced"
                results.append(ImportLineResult(row.line, row.handle, stored.label, outcome))
            added = sum(1 for r in results if r.outcome == "added")
            replaced_count = sum(1 for r in results if r.outcome == "replaced")
            await _record(
                tx,
                campaign,
                actor_id,
                "import",
                f"{source}: {added} added, {replaced_count} replaced, "
                f"{len(results) - added - replaced_count} refused",
                now,
            )
        return results

    async def posts(self, guild_id: int, campaign_id: int) -> list[StoredPost]:
        rows = await self._db.fetch_all(
            "SELECT b.id AS booking_id, b.platform, b.handle_key, b.handle, b.followers, b.tier, "
            "b.fee AS booking_fee, p.label, p.views, p.likes, p.comments, p.shares, p.saves, "
            "p.clicks, p.conversions, p.fee, p.recorded_at "
            "FROM campaign_posts p JOIN campaign_bookings b ON b.id = p.booking_id "
            "JOIN campaigns c ON c.id = b.campaign_id "
            "WHERE b.campaign_id = ? AND c.guild_id = ? ORDER BY b.id, p.id",
            (campaign_id, guild_id),
        )
        stored = []
        for row in rows:
            recorded_at = parse_iso(row["recorded_at"])
            assert recorded_at is not None
            booking = Booking(
                platform=Platform(row["platform"]),
                handle_key=row["handle_key"],
                handle=row["handle"],
                followers=row["followers"],
                tier=None if row["tier"] is None else Tier(row["tier"]),
                fee=row["booking_fee"],
            )
            stored.append(StoredPost(booking, _post(row), recorded_at))
        return stored


async def _write_post(
    tx: aiosqlite.Connection,
    campaign: Campaign,
    post: PostResult,
    actor_id: int,
    now: str,
    *,
    audit: bool = True,
) -> tuple[PostResult, PostResult | None]:
    found = await _booking_id(tx, campaign.id, post.platform, post.handle_key)
    if found is None:
        raise NotBooked(post.handle_key)
    booking_id, booking = found
    label = post.label
    if not label:  # the creator's next post: "Post 1", "Post 2", …
        count = await _count(
            tx, "SELECT count(*) FROM campaign_posts WHERE booking_id = ?", (booking_id,)
        )
        number = count + 1
        while True:
            label = f"Post {number}"
            taken = await _row(
                tx,
                "SELECT 1 FROM campaign_posts WHERE booking_id = ? AND label_key = ?",
                (booking_id, post_label_key(label)),
            )
            if taken is None:
                break
            number += 1
    key = post_label_key(label)
    before_row = await _row(
        tx,
        "SELECT b.platform, b.handle_key, p.label, p.views, p.likes, p.comments, p.shares, "
        "p.saves, p.clicks, p.conversions, p.fee FROM campaign_posts p "
        "JOIN campaign_bookings b ON b.id = p.booking_id "
        "WHERE p.booking_id = ? AND p.label_key = ?",
        (booking_id, key),
    )
    if before_row is not None:
        label = str(before_row["label"])  # a correction keeps the label the post was first given
    else:
        total = await _count(
            tx,
            "SELECT count(*) FROM campaign_posts p JOIN campaign_bookings b "
            "ON p.booking_id = b.id WHERE b.campaign_id = ?",
            (campaign.id,),
        )
        if total >= MAX_POSTS_PER_CAMPAIGN:
            raise CampaignLimitReached("posts", MAX_POSTS_PER_CAMPAIGN)
    stored = PostResult(
        platform=post.platform,
        handle_key=post.handle_key,
        label=label,
        views=post.views,
        likes=post.likes,
        comments=post.comments,
        shares=post.shares,
        saves=post.saves,
        clicks=post.clicks,
        conversions=post.conversions,
        fee=post.fee,
    )
    await tx.execute(
        "INSERT INTO campaign_posts (booking_id, label, label_key, "
        + ", ".join(_POST_FIGURES)
        + ", recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (booking_id, label_key) DO UPDATE SET "
        + ", ".join(f"{name} = excluded.{name}" for name in _POST_FIGURES)
        + ", recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
        (booking_id, label, key, *_figures(stored), actor_id, now),
    )
    replaced = None if before_row is None else _post(before_row)
    if audit:
        detail = _post_detail(booking, stored)
        if replaced is not None:
            detail += f" (was {replaced.views:,} views)"
        await _record(
            tx, campaign, actor_id, "result" if replaced is None else "correct", detail, now
        )
    return stored, replaced
