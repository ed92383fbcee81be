"""Campaigns, their bookings and post results in PostgreSQL: the same rules and replies as
the SQLite repository (storage/campaigns.py), held across processes by the database itself.

- Names unique per guild ignoring case: the UNIQUE (guild_id, name_key) constraint, with
  INSERT … ON CONFLICT DO NOTHING so the loser learns who won.
- The 50-campaign limit: creating a campaign takes the guild's transaction-scoped advisory
  lock (the one shortlists take), so two processes cannot both count 49 and both insert.
- Every change to a campaign locks its row first (SELECT … FOR UPDATE); the booking and
  post limits are read by later statements, which see every change committed before the
  lock was granted (READ COMMITTED takes a new snapshot per statement).
- Booking a shortlisted creator locks that shortlist's row too before confirming the entry,
  as every change to a list does (storage/postgres/shortlists.py), and before the campaign
  row: deleting a list locks the list, then its campaigns (ON DELETE SET NULL).
- The audit row is written in the change's own transaction; an import is one transaction.

Handle searches use ILIKE: SQLite's LIKE ignores ASCII case, and a handle key can keep its
case (a YouTube channel id, "UC…"). Campaign timestamps are ISO-8601 UTC text, as on
SQLite (see the 0006 migration); the shortlist tables they touch keep TIMESTAMPTZ.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

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
    PostOutcome,
    PostResult,
    StoredPost,
    campaign_name_key,
    post_label_key,
)
from bot.domain.mix import Goal
from bot.domain.platforms import Platform
from bot.domain.shortlist import Status, list_name_key
from bot.domain.tier import Tier
from storage.audit import MAX_DETAIL as _MAX_LIST_DETAIL
from storage.campaigns import (
    _BOOKING_COLUMNS,
    _CAMPAIGN_COLUMNS,
    _MAX_DETAIL,
    _POST_FIGURES,
    _SHORTLIST_ENTRY,
    AuditAction,
    _booking,
    _campaign,
    _escape_like,
    _figures,
    _plan_json,
    _post,
    _post_detail,
)
from storage.models import ShortlistEntry
from storage.postgres.database import PostgresDatabase
from storage.protocols import (
    CampaignClosed,
    CampaignGone,
    CampaignLimitReached,
    CampaignNameTaken,
    NotBooked,
)
from storage.timestamps import now_iso, parse_iso

Connection = Any  # asyncpg.Connection (asyncpg ships no type information)

_PREFIXED_BOOKING = ", ".join("b." + column.strip() for column in _BOOKING_COLUMNS.split(","))


def _shortlist_entry(row: Any) -> ShortlistEntry:
    return ShortlistEntry.model_validate(
        {key: value for key, value in dict(row).items() if key != "list_name"}
    )


async def _lock_guild(tx: Connection, guild_id: int) -> None:
    """The guild's lock shortlists take too: one creation at a time per guild."""
    await tx.execute("SELECT pg_advisory_xact_lock($1)", guild_id)


async def _record(
    tx: Connection,
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
        "detail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        campaign.guild_id,
        campaign.id,
        campaign.name,
        actor_id,
        action,
        detail,
        at,
    )


async def _lock_campaign(tx: Connection, guild_id: int, campaign_id: int) -> Campaign:
    """Lock the campaign row for this transaction: changes to one campaign run one at a time."""
    row = await tx.fetchrow(
        f"SELECT {_CAMPAIGN_COLUMNS} FROM campaigns WHERE id = $1 AND guild_id = $2 FOR UPDATE",
        campaign_id,
        guild_id,
    )
    if row is None:
        raise CampaignGone("the campaign no longer exists")
    return _campaign(row)


async def _open_campaign(tx: Connection, guild_id: int, campaign_id: int) -> Campaign:
    campaign = await _lock_campaign(tx, guild_id, campaign_id)
    if not campaign.is_open:
        raise CampaignClosed(campaign)
    return campaign


async def _campaign_by_key(tx: Connection, guild_id: int, key: str) -> Campaign | None:
    row = await tx.fetchrow(
        f"SELECT {_CAMPAIGN_COLUMNS} FROM campaigns WHERE guild_id = $1 AND name_key = $2",
        guild_id,
        key,
    )
    return None if row is None else _campaign(row)


async def _booking_id(
    tx: Connection, campaign_id: int, platform: Platform, handle_key: str
) -> tuple[int, Booking] | None:
    row = await tx.fetchrow(
        f"SELECT {_BOOKING_COLUMNS} FROM campaign_bookings "
        "WHERE campaign_id = $1 AND platform = $2 AND handle_key = $3",
        campaign_id,
        platform.value,
        handle_key,
    )
    return None if row is None else (int(row["id"]), _booking(row))


class PostgresCampaigns:
    def __init__(self, database: PostgresDatabase) -> None:
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
            await _lock_guild(tx, guild_id)
            taken = await _campaign_by_key(tx, guild_id, key)
            if taken is not None:
                raise CampaignNameTaken(taken)
            count = await tx.fetchval(
                "SELECT count(*) FROM campaigns WHERE guild_id = $1", guild_id
            )
            if count >= MAX_CAMPAIGNS_PER_GUILD:
                raise CampaignLimitReached("campaigns", MAX_CAMPAIGNS_PER_GUILD)
            if shortlist_id is not None:
                owned = await tx.fetchval(
                    "SELECT 1 FROM shortlists WHERE id = $1 AND guild_id = $2",
                    shortlist_id,
                    guild_id,
                )
                shortlist_id = shortlist_id if owned is not None else None
            row = await tx.fetchrow(
                "INSERT INTO campaigns (guild_id, name, name_key, goal, platform, currency, "
                "budget, weeks, plan_json, shortlist_id, created_by, created_at, updated_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) "
                f"ON CONFLICT (guild_id, name_key) DO NOTHING RETURNING {_CAMPAIGN_COLUMNS}",
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
            )
            if row is None:  # cannot happen under the guild lock; the constraint is the rule
                winner = await _campaign_by_key(tx, guild_id, key)
                assert winner is not None
                raise CampaignNameTaken(winner)
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
            f"SELECT {_CAMPAIGN_COLUMNS} FROM campaigns WHERE id = $1 AND guild_id = $2",
            (campaign_id, guild_id),
        )
        return None if row is None else _campaign(row)

    async def find(self, guild_id: int, name: str) -> Campaign | None:
        row = await self._db.fetch_one(
            f"SELECT {_CAMPAIGN_COLUMNS} FROM campaigns WHERE guild_id = $1 AND name_key = $2",
            (guild_id, campaign_name_key(name)),
        )
        return None if row is None else _campaign(row)

    async def search_names(self, guild_id: int, query: str, limit: int) -> list[str]:
        """Names containing `query` (ignoring case), open campaigns and prefix matches first."""
        key = campaign_name_key(query)
        rows = await self._db.fetch_all(
            "SELECT name, name_key, state FROM campaigns WHERE guild_id = $1 "
            "AND name_key LIKE $2 ESCAPE '\\' ORDER BY name_key COLLATE \"C\"",
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
            "FROM campaigns c WHERE c.guild_id = $1 "
            "ORDER BY c.state = 'closed', c.name_key COLLATE \"C\"",
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
            row = await tx.fetchrow(
                "UPDATE campaigns SET state = 'closed', closed_at = $1, updated_at = $1 "
                f"WHERE id = $2 AND guild_id = $3 RETURNING {_CAMPAIGN_COLUMNS}",
                now,
                campaign_id,
                guild_id,
            )
            assert row is not None
            await _record(tx, campaign, actor_id, "close", "", now)
        return _campaign(row)

    async def delete(self, guild_id: int, campaign_id: int, *, actor_id: int) -> tuple[int, int]:
        """Delete the campaign with its bookings and posts (by cascade); what it held.
        The audit trail stays, with a final "delete" row, until the guild is purged."""
        now = now_iso()
        async with self._db.transaction() as tx:
            campaign = await _lock_campaign(tx, guild_id, campaign_id)
            counts = await tx.fetchrow(
                "SELECT (SELECT count(*) FROM campaign_bookings WHERE campaign_id = $1) AS b, "
                "(SELECT count(*) FROM campaign_posts p JOIN campaign_bookings b "
                "ON p.booking_id = b.id WHERE b.campaign_id = $1) AS p",
                campaign_id,
            )
            bookings, posts = int(counts["b"]), int(counts["p"])
            await tx.execute(
                "DELETE FROM campaigns WHERE id = $1 AND guild_id = $2", campaign_id, guild_id
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
            # Lists before the campaign: deleting a list locks its row, then (ON DELETE SET
            # NULL) the campaign's; the same order here cannot deadlock with it.
            await _lock_lists(tx, guild_id, confirm_entries)
            campaign = await _open_campaign(tx, guild_id, campaign_id)
            existing = await _booking_id(tx, campaign_id, booking.platform, booking.handle_key)
            if existing is None:
                count = await tx.fetchval(
                    "SELECT count(*) FROM campaign_bookings WHERE campaign_id = $1", campaign_id
                )
                if count >= MAX_BOOKINGS_PER_CAMPAIGN:
                    raise CampaignLimitReached("bookings", MAX_BOOKINGS_PER_CAMPAIGN)
                row = await tx.fetchrow(
                    "INSERT INTO campaign_bookings (campaign_id, platform, handle_key, handle, "
                    "followers, tier, fee, booked_by, booked_at) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                    f"RETURNING {_BOOKING_COLUMNS}",
                    campaign_id,
                    booking.platform.value,
                    booking.handle_key,
                    booking.handle,
                    booking.followers,
                    None if booking.tier is None else booking.tier.value,
                    booking.fee,
                    actor_id,
                    now,
                )
            else:
                booking_id, before = existing
                followers = booking.followers if booking.followers is not None else before.followers
                tier = booking.tier if booking.followers is not None else before.tier
                row = await tx.fetchrow(
                    "UPDATE campaign_bookings SET followers = $1, tier = $2, fee = $3 "
                    f"WHERE id = $4 RETURNING {_BOOKING_COLUMNS}",
                    followers,
                    None if tier is None else tier.value,
                    booking.fee if booking.fee is not None else before.fee,
                    booking_id,
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
            await _confirm(tx, guild_id, confirm_entries, campaign, actor_id)
        return stored, existing is None

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
            posts = int(
                await tx.fetchval(
                    "SELECT count(*) FROM campaign_posts WHERE booking_id = $1", booking_id
                )
            )
            await tx.execute("DELETE FROM campaign_bookings WHERE id = $1", booking_id)
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
            f"SELECT {_PREFIXED_BOOKING} "
            "FROM campaign_bookings b JOIN campaigns c ON c.id = b.campaign_id "
            "WHERE b.campaign_id = $1 AND c.guild_id = $2 ORDER BY b.id",
            (campaign_id, guild_id),
        )
        return [_booking(row) for row in rows]

    async def search_bookings(
        self, guild_id: int, campaign_name: str, query: str, limit: int
    ) -> list[Booking]:
        rows = await self._db.fetch_all(
            f"SELECT {_PREFIXED_BOOKING} "
            "FROM campaign_bookings b JOIN campaigns c ON c.id = b.campaign_id "
            "WHERE c.guild_id = $1 AND c.name_key = $2 AND b.handle_key ILIKE $3 ESCAPE '\\' "
            'ORDER BY b.handle_key COLLATE "C", b.id LIMIT $4',
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
            "WHERE s.guild_id = $1 AND e.platform = $2 AND e.handle_key = $3 ORDER BY s.id",
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
            "WHERE s.guild_id = $1 AND e.handle_key ILIKE $2 ESCAPE '\\' "
            'ORDER BY e.list_id = $3 DESC, e.handle_key COLLATE "C", e.id LIMIT $4',
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
            "WHERE b.campaign_id = $1 AND c.guild_id = $2 ORDER BY b.id, p.id",
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


async def _lock_lists(tx: Connection, guild_id: int, entry_ids: Sequence[int]) -> None:
    """Lock the rows of the lists holding these entries (this guild's), in id order."""
    if entry_ids:
        await tx.execute(
            "SELECT s.id FROM shortlists s WHERE s.guild_id = $2 AND s.id IN "
            "(SELECT list_id FROM shortlist_entries WHERE id = ANY($1::bigint[])) "
            "ORDER BY s.id FOR UPDATE",
            list(entry_ids),
            guild_id,
        )


async def _confirm(
    tx: Connection,
    guild_id: int,
    entry_ids: Sequence[int],
    campaign: Campaign,
    actor_id: int,
) -> None:
    """Set the entries to confirmed; their lists' rows are locked (`_lock_lists`), as for
    every list change."""
    now = datetime.now(UTC)
    for entry_id in entry_ids:
        list_row = await tx.fetchrow(
            "SELECT s.id, s.name FROM shortlists s JOIN shortlist_entries e ON e.list_id = s.id "
            "WHERE e.id = $1 AND s.guild_id = $2 FOR UPDATE OF s",
            entry_id,
            guild_id,
        )
        if list_row is None:
            continue
        row = await tx.fetchrow(
            "SELECT handle, status FROM shortlist_entries WHERE id = $1 AND list_id = $2",
            entry_id,
            list_row["id"],
        )
        if row is None or row["status"] == Status.CONFIRMED.value:
            continue
        await tx.execute(
            "UPDATE shortlist_entries SET status = $1, updated_by = $2, updated_at = $3 "
            "WHERE id = $4",
            Status.CONFIRMED.value,
            actor_id,
            now,
            entry_id,
        )
        await tx.execute("UPDATE shortlists SET updated_at = $1 WHERE id = $2", now, list_row["id"])
        detail = f"{row['handle']}: {row['status']} → confirmed (booked for {campaign.name})"
        if len(detail) > _MAX_LIST_DETAIL:
            detail = detail[: _MAX_LIST_DETAIL - 1] + "…"
        await tx.execute(
            "INSERT INTO shortlist_audit (guild_id, list_id, list_name, list_key, actor_id, "
            "action, detail, created_at) VALUES ($1, $2, $3, $4, $5, 'status', $6, $7)",
            guild_id,
            list_row["id"],
            list_row["name"],
            list_name_key(list_row["name"]),
            actor_id,
            detail,
            now,
        )


async def _write_post(
    tx: Connection,
    campaign: Campaign,
    post: PostResult,
    actor_id: int,
    now: str,
    *,
    audit: bool = True,
) -> tuple[PostResult, PostResult | None]:
    """Inside a transaction holding the campaign's row lock."""
    found = await _booking_id(tx, campaign.id, post.platform, post.handle_key)
    if found is None:
        raise NotBooked(post.handle_key)
    booking_id, booking = found
    label = post.label
    if not label:  # the creator's next post: "Post 1", "Post 2", …
        count = await tx.fetchval(
            "SELECT count(*) FROM campaign_posts WHERE booking_id = $1", booking_id
        )
        number = int(count) + 1
        while True:
            label = f"Post {number}"
            taken = await tx.fetchval(
                "SELECT 1 FROM campaign_posts WHERE booking_id = $1 AND label_key = $2",
                booking_id,
                post_label_key(label),
            )
            if taken is None:
                break
            number += 1
    key = post_label_key(label)
    before_row = await tx.fetchrow(
        "SELECT b.platform, b.handle_key, p.label, p.views, p.likes, p.comments, p.shares, "
        "p.saves, p.clicks, p.conversions, p.fee FROM campaign_posts p "
        "JOIN campaign_bookings b ON b.id = p.booking_id "
        "WHERE p.booking_id = $1 AND p.label_key = $2",
        booking_id,
        key,
    )
    if before_row is not None:
        label = str(before_row["label"])  # a correction keeps the label the post was first given
    else:
        total = await tx.fetchval(
            "SELECT count(*) FROM campaign_posts p JOIN campaign_bookings b "
            "ON p.booking_id = b.id WHERE b.campaign_id = $1",
            campaign.id,
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
        + ", recorded_by, recorded_at) VALUES ("
        + ", ".join(f"${n}" for n in range(1, 4 + len(_POST_FIGURES) + 2))
        + ") ON CONFLICT (booking_id, label_key) DO UPDATE SET "
        + ", ".join(f"{name} = excluded.{name}" for name in _POST_FIGURES)
        + ", recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
        booking_id,
        label,
        key,
        *_figures(stored),
        actor_id,
        now,
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
