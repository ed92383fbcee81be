"""Shortlists and their entries in PostgreSQL: the same rules and replies as the SQLite
repository (storage/shortlists.py), held across processes by the database itself.

- Names unique per guild ignoring case, and no duplicate creator on a list: the UNIQUE
  constraints, with INSERT … ON CONFLICT DO NOTHING so the loser learns who won.
- The 100-list limit: creating or renaming a list takes a transaction-scoped advisory lock
  on the guild id, so two processes cannot both count 99 and both insert.
- The 1,000-entry limit and every change to a list: the list row is locked first
  (SELECT … FOR UPDATE); the count is read by the next statement, which sees every change
  committed before the lock was granted (READ COMMITTED takes a new snapshot per statement).
- The audit row is written in the change's own transaction.

Sorting matches SQLite's byte order (COLLATE "C") and its NULLs-lowest rule (NULLS LAST on
descending followers), so both backends list things in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

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
from bot.domain.tiers import TierScheme
from storage.audit import MAX_DETAIL
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
)
from storage.postgres.database import PostgresDatabase
from storage.protocols import (
    EntryExists,
    ShortlistGone,
    ShortlistLimitReached,
    ShortlistNameTaken,
)
from storage.shortlists import (
    _ENTRY_COLUMNS,
    _LIST_COLUMNS,
    _VALUE_COLUMNS,
    _escape_like,
    _figures_changed,
    _handle_params,
    _value_params,
    shown_entry,
)

_SHOW_ORDER = "ORDER BY tier_rank DESC, followers DESC NULLS LAST, id"
_AUDIT_COLUMNS = "id, guild_id, list_id, list_name, actor_id, action, detail, created_at"

Connection = Any  # asyncpg.Connection (asyncpg ships no type information)


def _shortlist(row: Any) -> Shortlist:
    return Shortlist(
        id=row["id"],
        guild_id=row["guild_id"],
        name=row["name"],
        description=row["description"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _entry(row: Any) -> ShortlistEntry:
    return ShortlistEntry.model_validate(dict(row))


def _numbered(count: int, start: int = 1) -> str:
    return ", ".join(f"${n}" for n in range(start, start + count))


_INSERT_ENTRY = (
    "INSERT INTO shortlist_entries (list_id, platform, handle_key, handle, profile_url, "
    + ", ".join(_VALUE_COLUMNS)
    + ", added_by, added_at, updated_by, updated_at) VALUES ("
    + _numbered(5 + len(_VALUE_COLUMNS) + 4)
    + ")"
)
_N = len(_VALUE_COLUMNS)
_VALUE_ASSIGNMENTS = ", ".join(
    f"{column} = ${n}" for n, column in enumerate(_VALUE_COLUMNS, start=1)
)
_UPDATE_VALUES = (
    f"UPDATE shortlist_entries SET {_VALUE_ASSIGNMENTS}, "
    f"figures_source = CASE WHEN ${_N + 1}::boolean THEN NULL ELSE figures_source END, "
    f"figures_at = CASE WHEN ${_N + 1}::boolean THEN NULL ELSE figures_at END, "
    f"updated_by = ${_N + 2}, updated_at = ${_N + 3} "
    f"WHERE id = ${_N + 4} AND list_id = ${_N + 5}"
)
_RECORD_FETCHED = (
    f"UPDATE shortlist_entries SET {_VALUE_ASSIGNMENTS}, figures_source = ${_N + 1}, "
    f"figures_at = ${_N + 2}, updated_by = ${_N + 3}, updated_at = ${_N + 4} "
    f"WHERE id = ${_N + 5} AND list_id = ${_N + 6} RETURNING {_ENTRY_COLUMNS}"
)


class PostgresShortlists:
    def __init__(self, database: PostgresDatabase) -> None:
        self._db = database

    # -- lists ---------------------------------------------------------------------------

    async def create(
        self, guild_id: int, name: str, description: str, *, actor_id: int
    ) -> Shortlist:
        now = datetime.now(UTC)
        key = list_name_key(name)
        async with self._db.transaction() as tx:
            await _lock_guild(tx, guild_id)
            existing = await _list_by_key(tx, guild_id, key)
            if existing is not None:
                raise ShortlistNameTaken(existing)
            count = await tx.fetchval(
                "SELECT count(*) FROM shortlists WHERE guild_id = $1", guild_id
            )
            if count >= MAX_LISTS_PER_GUILD:
                raise ShortlistLimitReached("lists", MAX_LISTS_PER_GUILD)
            row = await tx.fetchrow(
                "INSERT INTO shortlists (guild_id, name, name_key, description, created_by, "
                "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) "
                f"ON CONFLICT (guild_id, name_key) DO NOTHING RETURNING {_LIST_COLUMNS}",
                guild_id,
                name,
                key,
                description,
                actor_id,
                now,
            )
            if row is None:  # cannot happen under the guild lock; the constraint is the rule
                taken = await _list_by_key(tx, guild_id, key)
                assert taken is not None
                raise ShortlistNameTaken(taken)
            created = _shortlist(row)
            await _audit(tx, created, actor_id, "create", description, now)
        return created

    async def get(self, guild_id: int, list_id: int) -> Shortlist | None:
        row = await self._db.fetch_one(
            f"SELECT {_LIST_COLUMNS} FROM shortlists WHERE id = $1 AND guild_id = $2",
            (list_id, guild_id),
        )
        return None if row is None else _shortlist(row)

    async def find(self, guild_id: int, name: str) -> Shortlist | None:
        row = await self._db.fetch_one(
            f"SELECT {_LIST_COLUMNS} FROM shortlists WHERE guild_id = $1 AND name_key = $2",
            (guild_id, list_name_key(name)),
        )
        return None if row is None else _shortlist(row)

    async def overview(
        self, guild_id: int, *, rank_bounds: Sequence[tuple[int, int]] | None = None
    ) -> list[ShortlistOverview]:
        """Every list with its entry count by tier rank; with `rank_bounds`, ranks come from
        each entry's followers under the scheme in use (see storage.shortlists)."""
        rank_sql, rank_params = _rank_expression("e.followers", "e.tier_rank", rank_bounds, 2)
        rows = await self._db.fetch_all(
            "SELECT s.id, s.guild_id, s.name, s.description, s.created_by, s.created_at, "
            f"s.updated_at, {rank_sql} AS rank, count(e.id) AS entries "
            "FROM shortlists s LEFT JOIN shortlist_entries e ON e.list_id = s.id "
            "WHERE s.guild_id = $1 GROUP BY s.id, 8 "
            'ORDER BY s.name_key COLLATE "C", s.id',
            (guild_id, *rank_params),
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
        key = list_name_key(query)
        rows = await self._db.fetch_all(
            "SELECT name, name_key FROM shortlists WHERE guild_id = $1 "
            "AND name_key LIKE $2 ESCAPE '\\' ORDER BY name_key COLLATE \"C\"",
            (guild_id, f"%{_escape_like(key)}%"),
        )
        ordered = sorted(rows, key=lambda row: not str(row["name_key"]).startswith(key))
        return [str(row["name"]) for row in ordered[:limit]]

    async def rename(
        self, guild_id: int, list_id: int, new_name: str, *, actor_id: int
    ) -> Shortlist:
        now = datetime.now(UTC)
        key = list_name_key(new_name)
        async with self._db.transaction() as tx:
            await _lock_guild(tx, guild_id)
            current = await _lock_list(tx, guild_id, list_id)
            taken = await _list_by_key(tx, guild_id, key)
            if taken is not None and taken.id != list_id:
                raise ShortlistNameTaken(taken)
            row = await tx.fetchrow(
                "UPDATE shortlists SET name = $1, name_key = $2, updated_at = $3 "
                f"WHERE id = $4 AND guild_id = $5 RETURNING {_LIST_COLUMNS}",
                new_name,
                key,
                now,
                list_id,
                guild_id,
            )
            assert row is not None
            renamed = _shortlist(row)
            await _audit(tx, renamed, actor_id, "rename", f"{current.name} → {new_name}", now)
        return renamed

    async def delete(self, guild_id: int, list_id: int, *, actor_id: int) -> int:
        now = datetime.now(UTC)
        async with self._db.transaction() as tx:
            current = await _lock_list(tx, guild_id, list_id)
            count = int(
                await tx.fetchval(
                    "SELECT count(*) FROM shortlist_entries WHERE list_id = $1", list_id
                )
            )
            await tx.execute(
                "DELETE FROM shortlists WHERE id = $1 AND guild_id = $2", list_id, guild_id
            )
            detail = f"{count} creator{'s' if count != 1 else ''}"
            await _audit(tx, current, actor_id, "delete", detail, now)
        return count

    # -- entries -------------------------------------------------------------------------

    async def add_entry(
        self, guild_id: int, list_id: int, entry: NewEntry, *, actor_id: int
    ) -> ShortlistEntry:
        handle = entry.handle
        now = datetime.now(UTC)
        async with self._db.transaction() as tx:
            shortlist = await _lock_list(tx, guild_id, list_id)
            # After the lock: this statement sees every add committed before it was granted.
            row = await tx.fetchrow(
                "SELECT (SELECT count(*) FROM shortlist_entries WHERE list_id = $1) AS n, "
                "(SELECT id FROM shortlist_entries WHERE list_id = $1 AND platform = $2 "
                "AND handle_key = $3) AS existing_id",
                list_id,
                handle.platform.value,
                handle.key,
            )
            if row["existing_id"] is not None:
                raise EntryExists(await _entry_by_id(tx, list_id, int(row["existing_id"])))
            if row["n"] >= MAX_ENTRIES_PER_LIST:
                raise ShortlistLimitReached("entries", MAX_ENTRIES_PER_LIST)
            added_row = await tx.fetchrow(
                _INSERT_ENTRY + " ON CONFLICT (list_id, platform, handle_key) DO NOTHING "
                f"RETURNING {_ENTRY_COLUMNS}",
                list_id,
                *_handle_params(handle),
                *_value_params(entry.values),
                actor_id,
                now,
                actor_id,
                now,
            )
            if added_row is None:  # the constraint, should a writer bypass the list lock
                again = await _entry_by_key(tx, list_id, handle.platform, handle.key)
                assert again is not None
                raise EntryExists(again)
            added = _entry(added_row)
            await _touch(tx, list_id, now)
            await _audit(
                tx, shortlist, actor_id, "add", f"{added.label} ({added.platform.label})", now
            )
        return added

    async def find_entries(
        self, guild_id: int, list_id: int, keys: Sequence[tuple[Platform, str]]
    ) -> list[ShortlistEntry]:
        if not keys:
            return []
        rows = await self._db.fetch_all(
            f"SELECT {_prefixed('e')} FROM shortlist_entries e "
            "JOIN shortlists s ON s.id = e.list_id "
            "JOIN unnest($3::text[], $4::text[]) AS k (platform, handle_key) "
            "ON k.platform = e.platform AND k.handle_key = e.handle_key "
            'WHERE e.list_id = $1 AND s.guild_id = $2 ORDER BY e.platform COLLATE "C"',
            (
                list_id,
                guild_id,
                [platform.value for platform, _ in keys],
                [key for _, key in keys],
            ),
        )
        return [_entry(row) for row in rows]

    async def search_entries(
        self, guild_id: int, list_name: str, query: str, limit: int
    ) -> list[ShortlistEntry]:
        key = query.strip().removeprefix("@").casefold()
        rows = await self._db.fetch_all(
            f"SELECT {_prefixed('e')} FROM shortlist_entries e "
            "JOIN shortlists s ON s.id = e.list_id "
            "WHERE s.guild_id = $1 AND s.name_key = $2 AND e.handle_key LIKE $3 ESCAPE '\\' "
            "ORDER BY CASE WHEN e.handle_key LIKE $4 ESCAPE '\\' THEN 0 ELSE 1 END, "
            'e.handle_key COLLATE "C", e.platform COLLATE "C" LIMIT $5',
            (
                guild_id,
                list_name_key(list_name),
                f"%{_escape_like(key)}%",
                f"{_escape_like(key)}%",
                limit,
            ),
        )
        return [_entry(row) for row in rows]

    async def remove_entry(
        self, guild_id: int, list_id: int, entry_id: int, *, actor_id: int
    ) -> ShortlistEntry:
        now = datetime.now(UTC)
        async with self._db.transaction() as tx:
            shortlist = await _lock_list(tx, guild_id, list_id)
            row = await tx.fetchrow(
                f"DELETE FROM shortlist_entries WHERE id = $1 AND list_id = $2 "
                f"RETURNING {_ENTRY_COLUMNS}",
                entry_id,
                list_id,
            )
            if row is None:
                raise ShortlistGone("the creator is no longer on the list")
            removed = _entry(row)
            await _touch(tx, list_id, now)
            await _audit(
                tx,
                shortlist,
                actor_id,
                "remove",
                f"{removed.label} ({removed.platform.label})",
                now,
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
        now = datetime.now(UTC)
        async with self._db.transaction() as tx:
            shortlist = await _lock_list(tx, guild_id, list_id)
            before = await _entry_by_id(tx, list_id, entry_id)
            row = await tx.fetchrow(
                f"UPDATE shortlist_entries SET {column} = $1, updated_by = $2, updated_at = $3 "
                f"WHERE id = $4 AND list_id = $5 RETURNING {_ENTRY_COLUMNS}",
                value,
                actor_id,
                now,
                entry_id,
                list_id,
            )
            assert row is not None
            after = _entry(row)
            await _touch(tx, list_id, now)
            await _audit(tx, shortlist, actor_id, action, detail(before, after), now)
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
        return await self._show(
            f"SELECT {_LIST_COLUMNS} FROM shortlists WHERE id = $1 AND guild_id = $2",
            (list_id, guild_id),
            page,
            per_page,
            rank_bounds,
        )

    async def show_named(
        self,
        guild_id: int,
        name: str,
        page: int,
        *,
        per_page: int,
        rank_bounds: Sequence[tuple[int, int]] | None = None,
    ) -> tuple[EntryPage, ShortlistBreakdown] | None:
        """`show` of the list `find` finds, on one pooled connection."""
        return await self._show(
            f"SELECT {_LIST_COLUMNS} FROM shortlists WHERE guild_id = $1 AND name_key = $2",
            (guild_id, list_name_key(name)),
            page,
            per_page,
            rank_bounds,
        )

    async def _show(
        self,
        list_sql: str,
        list_args: tuple[object, ...],
        page: int,
        per_page: int,
        rank_bounds: Sequence[tuple[int, int]] | None,
    ) -> tuple[EntryPage, ShortlistBreakdown] | None:
        """The list `list_sql` finds (scoped to its guild), its summary and one page."""
        rank_sql, rank_params = _rank_expression("followers", "tier_rank", rank_bounds, 2)
        async with self._db.reading() as connection:
            row = await connection.fetchrow(list_sql, *list_args)
            if row is None:
                return None
            shortlist = _shortlist(row)
            list_id = shortlist.id
            rows = await connection.fetch(
                f"SELECT {rank_sql} AS tier_rank, status, count(*) AS n FROM shortlist_entries "
                "WHERE list_id = $1 GROUP BY 1, status",
                list_id,
                *rank_params,
            )
            rank_counts: dict[int, int] = {}
            status_counts: dict[Status, int] = {}
            for counted in rows:
                rank, status = int(counted["tier_rank"]), Status(counted["status"])
                rank_counts[rank] = rank_counts.get(rank, 0) + int(counted["n"])
                status_counts[status] = status_counts.get(status, 0) + int(counted["n"])
            total = sum(rank_counts.values())
            page_count = max(1, -(-total // per_page))
            page = page_count - 1 if page < 0 else min(page, page_count - 1)
            entry_rows = await connection.fetch(
                f"SELECT {', '.join(SHOWN_ENTRY_COLUMNS)} FROM shortlist_entries "
                f"WHERE list_id = $1 {_SHOW_ORDER} LIMIT $2 OFFSET $3",
                list_id,
                per_page,
                page * per_page,
            )
        return (
            EntryPage(
                shortlist=shortlist,
                entries=tuple(map(shown_entry, entry_rows)),
                page=page,
                page_count=page_count,
                total=total,
                first_position=page * per_page + 1,
            ),
            ShortlistBreakdown(total=total, rank_counts=rank_counts, status_counts=status_counts),
        )

    async def entries(self, guild_id: int, list_id: int) -> list[ShortlistEntry]:
        rows = await self._db.fetch_all(
            f"SELECT {_prefixed('e')} FROM shortlist_entries e "
            "JOIN shortlists s ON s.id = e.list_id WHERE e.list_id = $1 AND s.guild_id = $2 "
            "ORDER BY e.tier_rank DESC, e.followers DESC NULLS LAST, e.id",
            (list_id, guild_id),
        )
        return [_entry(row) for row in rows]

    async def export_rows(
        self, guild_id: int, list_id: int, *, rank_bounds: Sequence[tuple[int, int]]
    ) -> list[ExportedEntry]:
        """Every entry as the export writes it, in show order under the scheme in use
        (storage.shortlists' twin: the same columns, days as UTC "YYYY-MM-DD")."""
        rank_sql, rank_params = _rank_expression("e.followers", "e.tier_rank", rank_bounds, 3)
        rows = await self._db.fetch_all(
            "SELECT e.platform, e.handle_key, e.handle, e.profile_url, e.followers, e.likes, "
            f"e.comments, e.shares, e.saves, e.views, {rank_sql} AS current_rank, e.status, "
            f"e.notes, {_utc_day('e.added_at')}, e.figures_source, {_utc_day('e.figures_at')}, "
            f"{_utc_day('e.updated_at')} FROM shortlist_entries e "
            "JOIN shortlists s ON s.id = e.list_id WHERE e.list_id = $1 AND s.guild_id = $2 "
            "ORDER BY current_rank DESC, e.followers DESC NULLS LAST, e.id",
            (list_id, guild_id, *rank_params),
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
        now = datetime.now(UTC)
        lines: list[ImportLine] = []
        async with self._db.transaction() as tx:
            shortlist = await _lock_list(tx, guild_id, list_id)
            current = {
                (entry.platform, entry.handle_key): entry
                for entry in map(
                    _entry,
                    await tx.fetch(
                        f"SELECT {_ENTRY_COLUMNS} FROM shortlist_entries WHERE list_id = $1",
                        list_id,
                    ),
                )
            }
            count = len(current)
            inserts: list[tuple[object, ...]] = []
            updates: list[tuple[object, ...]] = []
            for row in rows:
                handle = row.handle
                existing = current.get((handle.platform, handle.key))
                values = imported_values(
                    None if existing is None else existing.values(), row, scheme
                )
                line = ImportLine(
                    line_number=row.line_number,
                    outcome="unchanged",
                    handle=handle.label,
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
                        (*_value_params(values), typed, actor_id, now, existing.id, list_id)
                    )
                    line = line.model_copy(update={"outcome": "updated"})
                lines.append(line)
            if inserts:
                await tx.executemany(_INSERT_ENTRY, inserts)
            if updates:
                await tx.executemany(_UPDATE_VALUES, updates)
            if inserts or updates:
                await _touch(tx, list_id, now)
                await _audit(
                    tx,
                    shortlist,
                    actor_id,
                    "import",
                    f"{len(inserts)} added, {len(updates)} updated from {source}",
                    now,
                )
        return ImportResult(shortlist=shortlist, lines=tuple(lines))

    # -- figures from lookups -------------------------------------------------------------

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
        now = datetime.now(UTC)
        async with self._db.transaction() as tx:
            await _lock_list(tx, guild_id, list_id)
            row = await tx.fetchrow(
                _RECORD_FETCHED,
                *_value_params(values),
                source,
                fetched_at,
                actor_id,
                now,
                entry_id,
                list_id,
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
            shortlist = await _lock_list(tx, guild_id, list_id)
            await _audit(tx, shortlist, actor_id, "update", detail, datetime.now(UTC))

    # -- history -------------------------------------------------------------------------

    async def history(self, guild_id: int, list_id: int, limit: int) -> list[AuditRecord]:
        rows = await self._db.fetch_all(
            f"SELECT {_AUDIT_COLUMNS} FROM shortlist_audit WHERE list_id = $1 AND guild_id = $2 "
            "ORDER BY id DESC LIMIT $3",
            (list_id, guild_id, limit),
        )
        return [AuditRecord.model_validate(dict(row)) for row in rows]

    async def deleted_history(self, guild_id: int, name: str, limit: int) -> list[AuditRecord]:
        list_id = await self._db.fetch_value(
            "SELECT list_id FROM shortlist_audit WHERE guild_id = $1 AND list_key = $2 "
            "AND action = 'delete' ORDER BY id DESC LIMIT 1",
            (guild_id, list_name_key(name)),
        )
        if list_id is None:
            return []
        return await self.history(guild_id, int(list_id), limit)


# --- helpers inside a write transaction -----------------------------------------------------


def _rank_expression(
    followers: str, stored: str, bounds: Sequence[tuple[int, int]] | None, first: int
) -> tuple[str, list[int]]:
    """SQL for an entry's tier rank: from `followers` under `bounds`, else the stored rank;
    its parameters are numbered from `first`. The SQLite twin is storage.shortlists'."""
    if not bounds:
        return stored, []
    parts = [f"CASE WHEN {followers} IS NULL THEN -1"]
    params: list[int] = []
    for minimum, rank in sorted(bounds, reverse=True):
        number = first + len(params)
        parts.append(f"WHEN {followers} >= ${number}::bigint THEN ${number + 1}::integer")
        params += [minimum, rank]
    parts.append("ELSE -1 END")
    return " ".join(parts), params


def _utc_day(column: str) -> str:
    """SQL for a timestamp's UTC day as "YYYY-MM-DD" (NULL stays NULL)."""
    return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"


def _prefixed(alias: str) -> str:
    return ", ".join(f"{alias}.{column.strip()}" for column in _ENTRY_COLUMNS.split(","))


async def _lock_guild(tx: Connection, guild_id: int) -> None:
    """Serialise list creation and renames of one guild across every process."""
    await tx.execute("SELECT pg_advisory_xact_lock($1)", guild_id)


async def _lock_list(tx: Connection, guild_id: int, list_id: int) -> Shortlist:
    """Lock the list row for this transaction: changes to one list run one at a time."""
    row = await tx.fetchrow(
        f"SELECT {_LIST_COLUMNS} FROM shortlists WHERE id = $1 AND guild_id = $2 FOR UPDATE",
        list_id,
        guild_id,
    )
    if row is None:
        raise ShortlistGone("the list no longer exists")
    return _shortlist(row)


async def _list_by_key(tx: Connection, guild_id: int, key: str) -> Shortlist | None:
    row = await tx.fetchrow(
        f"SELECT {_LIST_COLUMNS} FROM shortlists WHERE guild_id = $1 AND name_key = $2",
        guild_id,
        key,
    )
    return None if row is None else _shortlist(row)


async def _entry_by_key(
    tx: Connection, list_id: int, platform: Platform, key: str
) -> ShortlistEntry | None:
    row = await tx.fetchrow(
        f"SELECT {_ENTRY_COLUMNS} FROM shortlist_entries "
        "WHERE list_id = $1 AND platform = $2 AND handle_key = $3",
        list_id,
        platform.value,
        key,
    )
    return None if row is None else _entry(row)


async def _entry_by_id(tx: Connection, list_id: int, entry_id: int) -> ShortlistEntry:
    row = await tx.fetchrow(
        f"SELECT {_ENTRY_COLUMNS} FROM shortlist_entries WHERE id = $1 AND list_id = $2",
        entry_id,
        list_id,
    )
    if row is None:
        raise ShortlistGone("the creator is no longer on the list")
    return _entry(row)


async def _touch(tx: Connection, list_id: int, now: datetime) -> None:
    await tx.execute("UPDATE shortlists SET updated_at = $1 WHERE id = $2", now, list_id)


async def _audit(
    tx: Connection,
    shortlist: Shortlist,
    actor_id: int,
    action: AuditAction,
    detail: str,
    at: datetime,
) -> None:
    if len(detail) > MAX_DETAIL:
        detail = detail[: MAX_DETAIL - 1] + "…"
    await tx.execute(
        "INSERT INTO shortlist_audit (guild_id, list_id, list_name, list_key, actor_id, action, "
        "detail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        shortlist.guild_id,
        shortlist.id,
        shortlist.name,
        list_name_key(shortlist.name),
        actor_id,
        action,
        detail,
        at,
    )
