"""Shortlists and their entries in SQLite.

Every query is scoped by guild_id, so an id or name from another guild reads as "no such
list". Every change is one short transaction that also writes its audit row, and is
committed before the method returns (changes made at the same moment share one commit,
each in its own savepoint: storage/group_commit.py).

Limits are checked inside the write transaction. SQLite runs one writer at a time (and
Database serialises writers in-process), so check-then-insert cannot race here; a
PostgreSQL backend must lock the list row first (SELECT … FOR UPDATE). Duplicates are
guarded by the UNIQUE constraint itself (INSERT … ON CONFLICT DO NOTHING), which holds on
any backend.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Literal

import aiosqlite

from bot.domain.handles import Handle
from bot.domain.platforms import Platform
from bot.domain.shortlist import (
    MAX_ENTRIES_PER_LIST,
    MAX_LISTS_PER_GUILD,
    EntryValues,
    ImportRow,
    NewEntry,
    Status,
    imported_values,
    list_name_key,
)
from bot.domain.tier import Tier
from bot.domain.tiers import TierScheme
from storage import audit
from storage.database import Database
from storage.models import (
    SHOWN_ENTRY_COLUMNS,
    AuditAction,
    AuditRecord,
    EntryPage,
    ExportedEntry,
    ImportLine,
    ImportResult,
    Shortlist,
    ShortlistBreakdown,
    ShortlistEntry,
    ShortlistOverview,
    ShownEntry,
)
from storage.protocols import (
    EntryExists,
    ShortlistGone,
    ShortlistLimitReached,
    ShortlistNameTaken,
)
from storage.timestamps import now_iso, parse_iso, to_iso

_LIST_COLUMNS = "id, guild_id, name, description, created_by, created_at, updated_at"
_LIST_COLUMN_NAMES = tuple(name.strip() for name in _LIST_COLUMNS.split(","))
_ENTRY_COLUMNS = (
    "id, list_id, platform, handle_key, handle, profile_url, followers, likes, comments, "
    "shares, saves, views, engagement_rate, engagement_basis, tier, tier_label, tier_rank, "
    "scheme_id, status, notes, added_by, added_at, updated_by, updated_at, figures_source, "
    "figures_at"
)
# The rank `_rank_expression` gives an entry without followers, or below every bound.
_NO_RANK = -1
# The show order; shortlist_entries_by_rank matches it.
_SHOW_ORDER = "ORDER BY tier_rank DESC, followers DESC, id"
_VALUE_COLUMNS = (
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
)


def _time(text: str) -> datetime:
    moment = parse_iso(text)
    assert moment is not None
    return moment


def _shortlist(row: sqlite3.Row) -> Shortlist:
    return Shortlist(
        id=row["id"],
        guild_id=row["guild_id"],
        name=row["name"],
        description=row["description"],
        created_by=row["created_by"],
        created_at=_time(row["created_at"]),
        updated_at=_time(row["updated_at"]),
    )


def _entry(row: sqlite3.Row) -> ShortlistEntry:
    # pydantic reads the stored ISO-8601 text itself (in Rust): exports build 1,000 of these.
    return ShortlistEntry.model_validate(dict(row))


def _entries(rows: Sequence[sqlite3.Row]) -> list[ShortlistEntry]:
    """Many rows of one query: the column names read once, each row zipped with them.
    `dict(row)` goes through sqlite3.Row's mapping protocol column by column, which cost
    more than pydantic's validation on a 1,000-entry export."""
    if not rows:
        return []
    names = rows[0].keys()
    return [ShortlistEntry.model_validate(dict(zip(names, row, strict=True))) for row in rows]


_PLATFORMS = {platform.value: platform for platform in Platform}
_TIERS = {tier.value: tier for tier in Tier}
_STATUS_VALUES = {status.value: status for status in Status}


def shown_entry(row: Sequence[Any]) -> ShownEntry:
    """A page row (SHOWN_ENTRY_COLUMNS, from either backend) as a ShownEntry, its values
    typed as ShortlistEntry types them."""
    (
        entry_id,
        platform,
        handle_key,
        handle,
        followers,
        rate,
        basis,
        tier,
        tier_label,
        rank,
        scheme_id,
        status,
        notes,
        updated_at,
        figures_source,
        figures_at,
    ) = row
    return ShownEntry(
        entry_id,
        _PLATFORMS[platform],
        handle_key,
        handle,
        followers,
        rate,
        basis,
        None if tier is None else _TIERS[tier],
        tier_label,
        rank,
        scheme_id,
        _STATUS_VALUES[status],
        notes,
        _as_time(updated_at),
        figures_source,
        None if figures_at is None else _as_time(figures_at),
    )


def _as_time(value: str | datetime) -> datetime:
    """A timestamp column: ISO-8601 UTC text in SQLite (storage.timestamps; Python 3.11
    reads its "Z" as parse_iso does), a datetime from asyncpg."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


_PAGE_SQL = (
    f"SELECT {', '.join(SHOWN_ENTRY_COLUMNS)} FROM shortlist_entries WHERE list_id = ? "
    f"{_SHOW_ORDER} LIMIT ? OFFSET ?"
)
_STATUSES = tuple(Status)

# The list, its rank and status counts, the page (0-based, clamped) and the page's entries.
_ShownRows = tuple[Shortlist, dict[int, int], dict[Status, int], int, tuple[ShownEntry, ...]]


_LIST_BY_ID_SQL = f"SELECT {_LIST_COLUMNS} FROM shortlists WHERE id = ? AND guild_id = ?"
_LIST_BY_NAME_SQL = f"SELECT {_LIST_COLUMNS} FROM shortlists WHERE guild_id = ? AND name_key = ?"


def _shown(shown: _ShownRows, per_page: int) -> tuple[EntryPage, ShortlistBreakdown]:
    shortlist, rank_counts, status_counts, page, entries = shown
    total = sum(status_counts.values())
    return (
        EntryPage(
            shortlist=shortlist,
            entries=entries,
            page=page,
            page_count=max(1, -(-total // per_page)),
            total=total,
            first_position=page * per_page + 1,
        ),
        ShortlistBreakdown(total=total, rank_counts=rank_counts, status_counts=status_counts),
    )


def _clamped_page(page: int, per_page: int, total: int) -> tuple[int, int]:
    """The page shown (-1 and pages past the end are the last one) and its row offset."""
    page_count = max(1, -(-total // per_page))
    page = page_count - 1 if page < 0 else min(page, page_count - 1)
    return page, page * per_page


@functools.lru_cache(maxsize=16)
def _band_counts_sql(bound_count: int) -> str:
    """One row: for each status, how many entries have no followers, fewer than the
    smallest bound, then followers in each band between consecutive bounds (the last band
    open above). ?1 is the list id, ?2... the bounds, fewest followers first.

    Each count is a range of the covering (list_id, status, followers) index, found by a
    seek: SQLite steps over every entry once and evaluates nothing per entry, where one
    `sum(followers >= ?)` per bound evaluated every bound for every entry (about 240 µs
    for 1,000 entries against 70). The statuses are the CHECK constraint's five, so the
    counts cover every entry. The text depends only on the number of bounds, so sqlite3's
    statement cache keeps it prepared.
    """
    counts = []
    for status in _STATUSES:
        where = f"FROM shortlist_entries WHERE list_id = ?1 AND status = '{status.value}' AND"
        counts.append(f"(SELECT count(*) {where} followers IS NULL)")
        counts.append(f"(SELECT count(*) {where} followers < ?2)")
        for index in range(bound_count):
            upper = f" AND followers < ?{index + 3}" if index + 1 < bound_count else ""
            counts.append(f"(SELECT count(*) {where} followers >= ?{index + 2}{upper})")
    return "SELECT " + ", ".join(counts)


@functools.lru_cache(maxsize=16)
def _counted_places(bounds: tuple[tuple[int, int], ...]) -> tuple[tuple[Status, int], ...]:
    """The status and rank each column of `_band_counts_sql` counts: per status, no
    followers and below the smallest bound (both the unknown rank, as in _rank_expression's
    CASE), then one column per bound's rank."""
    ranks = (_NO_RANK, _NO_RANK, *(rank for _, rank in bounds))
    return tuple((status, rank) for status in _STATUSES for rank in ranks)


def _read_show(
    connection: sqlite3.Connection,
    found: list[sqlite3.Row],
    page: int,
    per_page: int,
    bounds: tuple[tuple[int, int], ...],
) -> _ShownRows | None:
    """What `show` reads after the list's row (`found`, empty when there is none), in the
    reader's thread (Database.read): its counts per rank under `bounds` and per status, and
    the page's entries."""
    if not found:
        return None
    list_id = found[0]["id"]
    counted = connection.execute(
        _band_counts_sql(len(bounds)), (list_id, *(minimum for minimum, _ in bounds))
    ).fetchall()[0]
    rank_counts: dict[int, int] = {}
    status_counts: dict[Status, int] = {}
    for (status, rank), count in zip(_counted_places(bounds), counted, strict=True):
        if count:
            rank_counts[rank] = rank_counts.get(rank, 0) + count
            status_counts[status] = status_counts.get(status, 0) + count
    page, offset = _clamped_page(page, per_page, sum(status_counts.values()))
    cursor = connection.cursor()
    cursor.row_factory = None  # plain tuples: shown_entry reads them by position
    rows = cursor.execute(_PAGE_SQL, (list_id, per_page, offset)).fetchall()
    entries = tuple(map(shown_entry, rows))
    return _shortlist(found[0]), rank_counts, status_counts, page, entries


def _value_params(values: EntryValues) -> tuple[object, ...]:
    return (
        values.followers,
        values.likes,
        values.comments,
        values.shares,
        values.saves,
        values.views,
        values.engagement_rate,
        values.engagement_basis,
        None if values.tier is None else values.tier.value,
        values.tier_label,
        values.tier_rank,
        values.scheme_id,
        values.status.value,
        values.notes,
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SqliteShortlists:
    def __init__(self, database: Database) -> None:
        self._db = database

    # -- lists ---------------------------------------------------------------------------

    async def create(
        self, guild_id: int, name: str, description: str, *, actor_id: int
    ) -> Shortlist:
        now = now_iso()
        async with self._db.transaction() as tx:
            existing = await _list_by_key(tx, guild_id, list_name_key(name))
            if existing is not None:
                raise ShortlistNameTaken(existing)
            count = await _value(
                tx, "SELECT count(*) FROM shortlists WHERE guild_id = ?", (guild_id,)
            )
            if count >= MAX_LISTS_PER_GUILD:
                raise ShortlistLimitReached("lists", MAX_LISTS_PER_GUILD)
            row = await _row(
                tx,
                "INSERT INTO shortlists (guild_id, name, name_key, description, created_by, "
                f"created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING {_LIST_COLUMNS}",
                (guild_id, name, list_name_key(name), description, actor_id, now, now),
            )
            assert row is not None
            created = _shortlist(row)
            await audit.record(
                tx,
                guild_id=guild_id,
                list_id=created.id,
                list_name=name,
                actor_id=actor_id,
                action="create",
                detail=description,
                at=now,
            )
        return created

    async def get(self, guild_id: int, list_id: int) -> Shortlist | None:
        row = await self._db.fetch_one(_LIST_BY_ID_SQL, (list_id, guild_id))
        return None if row is None else _shortlist(row)

    async def find(self, guild_id: int, name: str) -> Shortlist | None:
        row = await self._db.fetch_one(_LIST_BY_NAME_SQL, (guild_id, list_name_key(name)))
        return None if row is None else _shortlist(row)

    async def overview(
        self, guild_id: int, *, rank_bounds: Sequence[tuple[int, int]] | None = None
    ) -> list[ShortlistOverview]:
        """Every list of the guild with its entry count by tier rank, in one grouped query.

        With `rank_bounds` (domain.shortlist.rank_bounds of the scheme in use), ranks come
        from each entry's followers under that scheme, not the rank stored when it was added.
        """
        rank_sql, rank_params = _rank_expression("e.followers", "e.tier_rank", rank_bounds)
        rows = await self._db.fetch_all(
            "SELECT s.id, s.guild_id, s.name, s.description, s.created_by, s.created_at, "
            f"s.updated_at, {rank_sql} AS rank, count(e.id) AS entries "
            "FROM shortlists s LEFT JOIN shortlist_entries e ON e.list_id = s.id "
            "WHERE s.guild_id = ? GROUP BY s.id, rank ORDER BY s.name_key, s.id",
            (*rank_params, guild_id),
        )
        found: dict[int, tuple[Shortlist, dict[int, int]]] = {}
        for row in rows:
            if row["id"] not in found:
                found[row["id"]] = (_shortlist(row), {})
            if row["entries"]:
                found[row["id"]][1][int(row["rank"])] = int(row["entries"])
        return [
            ShortlistOverview(
                shortlist=shortlist, entry_count=sum(ranks.values()), rank_counts=ranks
            )
            for shortlist, ranks in found.values()
        ]

    async def search_names(self, guild_id: int, query: str, limit: int) -> list[str]:
        """Names containing `query` (ignoring case), those starting with it first."""
        key = list_name_key(query)
        rows = await self._db.fetch_all(
            "SELECT name, name_key FROM shortlists WHERE guild_id = ? "
            "AND name_key LIKE ? ESCAPE '\\' ORDER BY name_key",
            (guild_id, f"%{_escape_like(key)}%"),
        )
        ordered = sorted(rows, key=lambda row: not str(row["name_key"]).startswith(key))
        return [str(row["name"]) for row in ordered[:limit]]

    async def rename(
        self, guild_id: int, list_id: int, new_name: str, *, actor_id: int
    ) -> Shortlist:
        now = now_iso()
        async with self._db.transaction() as tx:
            current = await _list_by_id(tx, guild_id, list_id)
            taken = await _list_by_key(tx, guild_id, list_name_key(new_name))
            if taken is not None and taken.id != list_id:
                raise ShortlistNameTaken(taken)
            row = await _row(
                tx,
                "UPDATE shortlists SET name = ?, name_key = ?, updated_at = ? "
                f"WHERE id = ? AND guild_id = ? RETURNING {_LIST_COLUMNS}",
                (new_name, list_name_key(new_name), now, list_id, guild_id),
            )
            assert row is not None
            await audit.record(
                tx,
                guild_id=guild_id,
                list_id=list_id,
                list_name=new_name,
                actor_id=actor_id,
                action="rename",
                detail=f"{current.name} → {new_name}",
                at=now,
            )
        return _shortlist(row)

    async def delete(self, guild_id: int, list_id: int, *, actor_id: int) -> int:
        """Delete the list and (by cascade) its entries; the number of entries it held.

        The audit trail stays, with a final "delete" row, until the guild is purged.
        """
        now = now_iso()
        async with self._db.transaction() as tx:
            current = await _list_by_id(tx, guild_id, list_id)
            count = await _value(
                tx, "SELECT count(*) FROM shortlist_entries WHERE list_id = ?", (list_id,)
            )
            await tx.execute(
                "DELETE FROM shortlists WHERE id = ? AND guild_id = ?", (list_id, guild_id)
            )
            await audit.record(
                tx,
                guild_id=guild_id,
                list_id=list_id,
                list_name=current.name,
                actor_id=actor_id,
                action="delete",
                detail=f"{count} creator{'s' if count != 1 else ''}",
                at=now,
            )
        return int(count)

    # -- entries -------------------------------------------------------------------------

    async def add_entry(
        self, guild_id: int, list_id: int, entry: NewEntry, *, actor_id: int
    ) -> ShortlistEntry:
        handle = entry.handle
        now = now_iso()
        async with self._db.transaction() as tx:
            # One statement touches the list (in this guild) and reads it, its size and any
            # existing entry: the write transaction stays short when hundreds of adds queue
            # up for it, each statement being a trip to aiosqlite's thread. A refused add
            # raises below, which rolls the touch back with everything else.
            row = await _row(
                tx,
                "UPDATE shortlists SET updated_at = ? WHERE id = ? AND guild_id = ? "
                f"RETURNING {_LIST_COLUMNS}, "
                "(SELECT count(*) FROM shortlist_entries e WHERE e.list_id = shortlists.id) "
                "AS entry_count, "
                "(SELECT e.id FROM shortlist_entries e WHERE e.list_id = shortlists.id "
                "AND e.platform = ? "
                "AND e.handle_key = ?) AS existing_id",
                (now, list_id, guild_id, handle.platform.value, handle.key),
            )
            if row is None:
                raise ShortlistGone("the list no longer exists")
            shortlist = _shortlist(row)
            if row["existing_id"] is not None:
                raise EntryExists(await _entry_by_id(tx, list_id, int(row["existing_id"])))
            if row["entry_count"] >= MAX_ENTRIES_PER_LIST:
                raise ShortlistLimitReached("entries", MAX_ENTRIES_PER_LIST)
            added = await _insert_entry(tx, list_id, handle, entry.values, actor_id, now)
            if added is None:  # another writer (another process) added it first
                again = await _entry_by_key(tx, list_id, handle.platform, handle.key)
                assert again is not None
                raise EntryExists(again)
            await audit.record(
                tx,
                guild_id=guild_id,
                list_id=list_id,
                list_name=shortlist.name,
                actor_id=actor_id,
                action="add",
                detail=f"{added.label} ({added.platform.label})",
                at=now,
            )
        return added

    async def find_entries(
        self, guild_id: int, list_id: int, keys: Sequence[tuple[Platform, str]]
    ) -> list[ShortlistEntry]:
        """The entries of this guild's list with these (platform, handle key) pairs."""
        if not keys:
            return []
        wanted = " OR ".join("(e.platform = ? AND e.handle_key = ?)" for _ in keys)
        params: list[object] = [list_id, guild_id]
        for platform, key in keys:
            params.extend((platform.value, key))
        rows = await self._db.fetch_all(
            f"SELECT {_prefixed('e')} FROM shortlist_entries e "
            "JOIN shortlists s ON s.id = e.list_id "
            f"WHERE e.list_id = ? AND s.guild_id = ? AND ({wanted}) ORDER BY e.platform",
            params,
        )
        return _entries(rows)

    async def search_entries(
        self, guild_id: int, list_name: str, query: str, limit: int
    ) -> list[ShortlistEntry]:
        """Entries of the guild's list named `list_name` whose handle contains `query`."""
        key = query.strip().removeprefix("@").casefold()
        rows = await self._db.fetch_all(
            f"SELECT {_prefixed('e')} FROM shortlist_entries e "
            "JOIN shortlists s ON s.id = e.list_id "
            "WHERE s.guild_id = ? AND s.name_key = ? AND e.handle_key LIKE ? ESCAPE '\\' "
            "ORDER BY CASE WHEN e.handle_key LIKE ? ESCAPE '\\' THEN 0 ELSE 1 END, "
            "e.handle_key, e.platform LIMIT ?",
            (
                guild_id,
                list_name_key(list_name),
                f"%{_escape_like(key)}%",
                f"{_escape_like(key)}%",
                limit,
            ),
        )
        return _entries(rows)

    async def remove_entry(
        self, guild_id: int, list_id: int, entry_id: int, *, actor_id: int
    ) -> ShortlistEntry:
        now = now_iso()
        async with self._db.transaction() as tx:
            shortlist = await _list_by_id(tx, guild_id, list_id)
            row = await _row(
                tx,
                f"DELETE FROM shortlist_entries WHERE id = ? AND list_id = ? "
                f"RETURNING {_ENTRY_COLUMNS}",
                (entry_id, list_id),
            )
            if row is None:
                raise ShortlistGone("the creator is no longer on the list")
            removed = _entry(row)
            await _touch(tx, list_id, now)
            await audit.record(
                tx,
                guild_id=guild_id,
                list_id=list_id,
                list_name=shortlist.name,
                actor_id=actor_id,
                action="remove",
                detail=f"{removed.label} ({removed.platform.label})",
                at=now,
            )
        return removed

    async def set_status(
        self, guild_id: int, list_id: int, entry_id: int, status: Status, *, actor_id: int
    ) -> ShortlistEntry:
        return await self._update_entry(
            guild_id,
            list_id,
            entry_id,
            actor_id=actor_id,
            column="status",
            value=status.value,
            detail=lambda before, after: f"{after.label}: {before.status} → {after.status}",
            action="status",
        )

    async def set_note(
        self, guild_id: int, list_id: int, entry_id: int, note: str, *, actor_id: int
    ) -> ShortlistEntry:
        return await self._update_entry(
            guild_id,
            list_id,
            entry_id,
            actor_id=actor_id,
            column="notes",
            value=note,
            detail=lambda before, after: (
                f"{after.label}: " + ("note cleared" if not note else f"“{note[:120]}”")
            ),
            action="note",
        )

    async def _update_entry(
        self,
        guild_id: int,
        list_id: int,
        entry_id: int,
        *,
        actor_id: int,
        column: Literal["status", "notes"],
        value: str,
        detail: Callable[[ShortlistEntry, ShortlistEntry], str],
        action: AuditAction,
    ) -> ShortlistEntry:
        now = now_iso()
        async with self._db.transaction() as tx:
            shortlist = await _list_by_id(tx, guild_id, list_id)
            before = await _entry_by_id(tx, list_id, entry_id)
            row = await _row(
                tx,
                f"UPDATE shortlist_entries SET {column} = ?, updated_by = ?, updated_at = ? "
                f"WHERE id = ? AND list_id = ? RETURNING {_ENTRY_COLUMNS}",
                (value, actor_id, now, entry_id, list_id),
            )
            assert row is not None
            after = _entry(row)
            await _touch(tx, list_id, now)
            await audit.record(
                tx,
                guild_id=guild_id,
                list_id=list_id,
                list_name=shortlist.name,
                actor_id=actor_id,
                action=action,
                detail=detail(before, after),
                at=now,
            )
        return after

    # -- reading a list ------------------------------------------------------------------

    async def show(
        self,
        guild_id: int,
        list_id: int,
        page: int,
        *,
        per_page: int,
        rank_bounds: Sequence[tuple[int, int]] | None = None,
    ) -> tuple[EntryPage, ShortlistBreakdown] | None:
        """One page (clamped to the pages there are; -1 is the last) and the list's summary.

        With `rank_bounds`, one trip to the reader's thread and one snapshot: the list, its
        counts per tier and status (`_band_counts_sql`), then one LIMIT/OFFSET query on the
        show-order index. `rank_bounds` counts tiers from followers under the scheme in use
        (see overview); without them, the ranks stored when each entry was added."""
        if rank_bounds:
            bounds = tuple(sorted(rank_bounds))  # fewest followers first

            def read(connection: sqlite3.Connection) -> _ShownRows | None:
                found = connection.execute(_LIST_BY_ID_SQL, (list_id, guild_id)).fetchall()
                return _read_show(connection, found, page, per_page, bounds)

            shown = await self._db.read(read)
            return None if shown is None else _shown(shown, per_page)
        found = await self._list_with_stored_summary(guild_id, list_id)
        if found is None:
            return None
        shortlist, rank_counts, status_counts = found
        page, offset = _clamped_page(page, per_page, sum(status_counts.values()))
        entry_rows = await self._db.fetch_all(_PAGE_SQL, (list_id, per_page, offset))
        entries = tuple(map(shown_entry, entry_rows))
        return _shown((shortlist, rank_counts, status_counts, page, entries), per_page)

    async def show_named(
        self,
        guild_id: int,
        name: str,
        page: int,
        *,
        per_page: int,
        rank_bounds: Sequence[tuple[int, int]] | None = None,
    ) -> tuple[EntryPage, ShortlistBreakdown] | None:
        """`show` of the list `find` finds: with `rank_bounds`, the name is looked up in the
        same trip to the reader's thread and the same snapshot as the page and summary."""
        if not rank_bounds:
            shortlist = await self.find(guild_id, name)
            if shortlist is None:
                return None
            return await self.show(guild_id, shortlist.id, page, per_page=per_page)
        bounds = tuple(sorted(rank_bounds))
        key = list_name_key(name)

        def read(connection: sqlite3.Connection) -> _ShownRows | None:
            found = connection.execute(_LIST_BY_NAME_SQL, (guild_id, key)).fetchall()
            return _read_show(connection, found, page, per_page, bounds)

        shown = await self._db.read(read)
        return None if shown is None else _shown(shown, per_page)

    async def _list_with_stored_summary(
        self, guild_id: int, list_id: int
    ) -> tuple[Shortlist, dict[int, int], dict[Status, int]] | None:
        shortlist = await self.get(guild_id, list_id)
        if shortlist is None:
            return None
        rank_counts: dict[int, int] = {}
        status_counts: dict[Status, int] = {}
        for row in await self._db.fetch_all(
            "SELECT tier_rank, status, count(*) FROM shortlist_entries "
            "WHERE list_id = ? GROUP BY tier_rank, status",
            (list_id,),
        ):
            rank, status, n = int(row[0]), Status(row[1]), int(row[2])
            rank_counts[rank] = rank_counts.get(rank, 0) + n
            status_counts[status] = status_counts.get(status, 0) + n
        return shortlist, rank_counts, status_counts

    async def entries(self, guild_id: int, list_id: int) -> list[ShortlistEntry]:
        """Every entry in show order (export)."""
        rows = await self._db.fetch_all(
            f"SELECT {_prefixed('e')} FROM shortlist_entries e "
            "JOIN shortlists s ON s.id = e.list_id WHERE e.list_id = ? AND s.guild_id = ? "
            "ORDER BY e.tier_rank DESC, e.followers DESC, e.id",
            (list_id, guild_id),
        )
        return _entries(rows)

    async def export_rows(
        self, guild_id: int, list_id: int, *, rank_bounds: Sequence[tuple[int, int]]
    ) -> list[ExportedEntry]:
        """Every entry as the export writes it, in show order under the scheme in use.

        Only the columns the file shows, as stored: timestamps are ISO-8601 UTC text
        (storage/timestamps.py), so their first ten characters are the UTC day.
        """
        rank_sql, rank_params = _rank_expression("e.followers", "e.tier_rank", rank_bounds)
        rows = await self._db.fetch_all(
            "SELECT e.platform, e.handle_key, e.handle, e.profile_url, e.followers, e.likes, "
            f"e.comments, e.shares, e.saves, e.views, {rank_sql} AS current_rank, e.status, "
            "e.notes, substr(e.added_at, 1, 10), e.figures_source, substr(e.figures_at, 1, 10), "
            "substr(e.updated_at, 1, 10) FROM shortlist_entries e "
            "JOIN shortlists s ON s.id = e.list_id WHERE e.list_id = ? AND s.guild_id = ? "
            "ORDER BY current_rank DESC, e.followers DESC, e.id",
            (*rank_params, list_id, guild_id),
        )
        return list(map(ExportedEntry._make, rows))

    # -- import --------------------------------------------------------------------------

    async def import_rows(
        self,
        guild_id: int,
        list_id: int,
        rows: Sequence[ImportRow],
        scheme: TierScheme,
        *,
        actor_id: int,
        source: str,
    ) -> ImportResult:
        """Apply every row in one transaction: all of it is committed, or none of it."""
        now = now_iso()
        lines: list[ImportLine] = []
        async with self._db.transaction() as tx:
            shortlist = await _list_by_id(tx, guild_id, list_id)
            async with tx.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM shortlist_entries WHERE list_id = ?", (list_id,)
            ) as cursor:
                current = {
                    (entry.platform, entry.handle_key): entry
                    for entry in map(_entry, await cursor.fetchall())
                }
            count = len(current)
            inserts: list[tuple[object, ...]] = []
            updates: list[tuple[object, ...]] = []
            for row in rows:
                handle = row.handle
                label = handle.label
                existing = current.get((handle.platform, handle.key))
                values = imported_values(
                    None if existing is None else existing.values(), row, scheme
                )
                line = ImportLine(
                    line_number=row.line_number,
                    outcome="unchanged",
                    handle=label,
                    platform=handle.platform,
                )
                if existing is None:
                    assert values is not None
                    if count >= MAX_ENTRIES_PER_LIST:
                        line = line.model_copy(
                            update={
                                "outcome": "refused",
                                "reason": f"the list is full ({MAX_ENTRIES_PER_LIST:,} creators)",
                            }
                        )
                    else:
                        count += 1
                        inserts.append(
                            (
                                list_id,
                                *_handle_params(handle),
                                *_value_params(values),
                                actor_id,
                                now,
                                actor_id,
                                now,
                            )
                        )
                        line = line.model_copy(update={"outcome": "added"})
                elif values is not None:
                    # Figures from the file replace fetched ones: their source is the file now.
                    typed = _figures_changed(existing.values(), values)
                    updates.append(
                        (*_value_params(values), typed, typed, actor_id, now, existing.id, list_id)
                    )
                    line = line.model_copy(update={"outcome": "updated"})
                lines.append(line)
            if inserts:
                await tx.executemany(_INSERT_ENTRY, inserts)
            if updates:
                assignments = ", ".join(f"{column} = ?" for column in _VALUE_COLUMNS)
                await tx.executemany(
                    f"UPDATE shortlist_entries SET {assignments}, "
                    "figures_source = CASE WHEN ? THEN NULL ELSE figures_source END, "
                    "figures_at = CASE WHEN ? THEN NULL ELSE figures_at END, "
                    "updated_by = ?, updated_at = ? WHERE id = ? AND list_id = ?",
                    updates,
                )
            if inserts or updates:
                await _touch(tx, list_id, now)
                await audit.record(
                    tx,
                    guild_id=guild_id,
                    list_id=list_id,
                    list_name=shortlist.name,
                    actor_id=actor_id,
                    action="import",
                    detail=f"{len(inserts)} added, {len(updates)} updated from {source}",
                    at=now,
                )
        return ImportResult(shortlist=shortlist, lines=tuple(lines))

    # -- history -------------------------------------------------------------------------

    async def record_fetched(
        self,
        guild_id: int,
        list_id: int,
        entry_id: int,
        values: EntryValues,
        *,
        source: str,
        fetched_at: datetime,
        actor_id: int,
    ) -> ShortlistEntry:
        """Store figures a lookup returned for one entry, with their source and date."""
        now = now_iso()
        assignments = ", ".join(f"{column} = ?" for column in _VALUE_COLUMNS)
        async with self._db.transaction() as tx:
            await _list_by_id(tx, guild_id, list_id)
            row = await _row(
                tx,
                f"UPDATE shortlist_entries SET {assignments}, figures_source = ?, figures_at = ?, "
                "updated_by = ?, updated_at = ? WHERE id = ? AND list_id = ? "
                f"RETURNING {_ENTRY_COLUMNS}",
                (
                    *_value_params(values),
                    source,
                    to_iso(fetched_at),
                    actor_id,
                    now,
                    entry_id,
                    list_id,
                ),
            )
            if row is None:
                raise ShortlistGone("the creator is no longer on the list")
            await _touch(tx, list_id, now)
        return _entry(row)

    async def record_refresh(
        self, guild_id: int, list_id: int, detail: str, *, actor_id: int
    ) -> None:
        """One audit line for a whole /shortlist refresh."""
        async with self._db.transaction() as tx:
            shortlist = await _list_by_id(tx, guild_id, list_id)
            await audit.record(
                tx,
                guild_id=guild_id,
                list_id=list_id,
                list_name=shortlist.name,
                actor_id=actor_id,
                action="update",
                detail=detail[:300],
                at=now_iso(),
            )

    async def history(self, guild_id: int, list_id: int, limit: int) -> list[AuditRecord]:
        return await audit.list_history(self._db, guild_id, list_id, limit)

    async def deleted_history(self, guild_id: int, name: str, limit: int) -> list[AuditRecord]:
        return await audit.deleted_list_history(self._db, guild_id, name, limit)


# --- helpers inside a write transaction -----------------------------------------------------

_INSERT_ENTRY = (
    "INSERT INTO shortlist_entries (list_id, platform, handle_key, handle, profile_url, "
    + ", ".join(_VALUE_COLUMNS)
    + ", added_by, added_at, updated_by, updated_at) VALUES ("
    + ", ".join("?" for _ in range(5 + len(_VALUE_COLUMNS) + 4))
    + ")"
)


def _figures_changed(before: EntryValues, after: EntryValues) -> bool:
    names = ("followers", "likes", "comments", "shares", "saves", "views")
    return any(getattr(before, name) != getattr(after, name) for name in names)


def _handle_params(handle: Handle) -> tuple[object, ...]:
    return (handle.platform.value, handle.key, handle.name, handle.profile_url)


def _prefixed(alias: str) -> str:
    return ", ".join(f"{alias}.{column.strip()}" for column in _ENTRY_COLUMNS.split(","))


async def _row(
    tx: aiosqlite.Connection, sql: str, params: Sequence[object] = ()
) -> sqlite3.Row | None:
    """The first row, in one trip to aiosqlite's thread (execute, fetch and close are three)."""
    rows = await tx.execute_fetchall(sql, params)
    return next(iter(rows), None)


async def _value(tx: aiosqlite.Connection, sql: str, params: Sequence[object]) -> int:
    row = await _row(tx, sql, params)
    assert row is not None
    return int(row[0])


async def _list_by_key(tx: aiosqlite.Connection, guild_id: int, key: str) -> Shortlist | None:
    row = await _row(
        tx,
        f"SELECT {_LIST_COLUMNS} FROM shortlists WHERE guild_id = ? AND name_key = ?",
        (guild_id, key),
    )
    return None if row is None else _shortlist(row)


async def _list_by_id(tx: aiosqlite.Connection, guild_id: int, list_id: int) -> Shortlist:
    row = await _row(
        tx,
        f"SELECT {_LIST_COLUMNS} FROM shortlists WHERE id = ? AND guild_id = ?",
        (list_id, guild_id),
    )
    if row is None:
        raise ShortlistGone("the list no longer exists")
    return _shortlist(row)


async def _entry_by_key(
    tx: aiosqlite.Connection, list_id: int, platform: Platform, key: str
) -> ShortlistEntry | None:
    row = await _row(
        tx,
        f"SELECT {_ENTRY_COLUMNS} FROM shortlist_entries "
        "WHERE list_id = ? AND platform = ? AND handle_key = ?",
        (list_id, platform.value, key),
    )
    return None if row is None else _entry(row)


async def _entry_by_id(tx: aiosqlite.Connection, list_id: int, entry_id: int) -> ShortlistEntry:
    row = await _row(
        tx,
        f"SELECT {_ENTRY_COLUMNS} FROM shortlist_entries WHERE id = ? AND list_id = ?",
        (entry_id, list_id),
    )
    if row is None:
        raise ShortlistGone("the creator is no longer on the list")
    return _entry(row)


async def _insert_entry(
    tx: aiosqlite.Connection,
    list_id: int,
    handle: Handle,
    values: EntryValues,
    actor_id: int,
    now: str,
) -> ShortlistEntry | None:
    """Insert, or None when the (list, platform, handle) is already there."""
    row = await _row(
        tx,
        _INSERT_ENTRY
        + f" ON CONFLICT (list_id, platform, handle_key) DO NOTHING RETURNING {_ENTRY_COLUMNS}",
        (list_id, *_handle_params(handle), *_value_params(values), actor_id, now, actor_id, now),
    )
    return None if row is None else _entry(row)


async def _touch(tx: aiosqlite.Connection, list_id: int, now: str) -> None:
    await tx.execute("UPDATE shortlists SET updated_at = ? WHERE id = ?", (now, list_id))


def _rank_expression(
    followers: str, stored: str, bounds: Sequence[tuple[int, int]] | None
) -> tuple[str, list[int]]:
    """SQL for an entry's tier rank: from `followers` under `bounds`, else the stored rank.

    Column names are this module's own constants; the bounds are bound parameters.
    """
    if not bounds:
        return stored, []
    parts = [f"CASE WHEN {followers} IS NULL THEN -1"]
    params: list[int] = []
    for minimum, rank in sorted(bounds, reverse=True):
        parts.append(f"WHEN {followers} >= ? THEN ?")
        params += [minimum, rank]
    parts.append("ELSE -1 END")
    return " ".join(parts), params
