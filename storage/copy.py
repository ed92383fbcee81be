"""`tierbot db copy FROM TO`: every team's data from one database to another, either way
between SQLite and PostgreSQL.

The target is migrated to the latest schema, then filled in ONE transaction: every table in
foreign-key order, ids kept (so audit rows still point at their lists), identity sequences
moved past the copied ids. The counts are read back inside that transaction and compared
with the source's; any difference rolls the whole copy back. A target that already holds
data is refused unless `replace` is set, which empties it in the same transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from bot.domain.wording import count_noun, noun_for
from storage.database import Database, StorageError
from storage.migrate import available_migrations
from storage.migrate import schema_version as sqlite_schema_version
from storage.store import Storage
from storage.target import DatabaseTarget, PostgresTarget, SqliteTarget, database_target
from storage.timestamps import parse_iso, to_iso

# Kept by each database for itself, never copied.
_NOT_COPIED = frozenset({"schema_migrations", "sqlite_sequence", "command_sync"})

ColumnKind = Literal["time", "date", "json", "float", "plain"]


class CopyRefused(StorageError):
    """The copy did not start, or was rolled back; nothing in the target changed."""


@dataclass(frozen=True, slots=True)
class CopyReport:
    source: str
    target: str
    counts: dict[str, int]  # table -> rows copied (equal to the source's count)
    replaced: bool


def parse_location(text: str) -> DatabaseTarget:
    """A database URL (postgresql://…, sqlite:///…) or a plain path to a SQLite file."""
    if "://" in text:
        try:
            return database_target(text, Path("unused"), pool_size=2)
        except ValueError:
            raise CopyRefused(
                f"{text.split('://', 1)[0]}://… is not a database this copy knows: use "
                "postgresql://user@host:5432/db, sqlite:///path or a file path"
            ) from None
    return SqliteTarget(Path(text))


def describe(target: DatabaseTarget) -> str:
    if isinstance(target, SqliteTarget):
        return f"SQLite {target.where}"
    return f"PostgreSQL at {target.where}"


async def copy_database(
    source: DatabaseTarget, target: DatabaseTarget, *, replace: bool = False
) -> CopyReport:
    if source == target or (
        isinstance(source, PostgresTarget)
        and isinstance(target, PostgresTarget)
        and source.where == target.where
    ):
        raise CopyRefused("FROM and TO are the same database")
    if isinstance(source, SqliteTarget) and not source.path.is_file():
        raise CopyRefused(f"{source.path}: no such file")
    reader = await _open(source, migrate=False)
    try:
        writer = await _open(target, migrate=True)
        try:
            return await _copy(reader, writer, source, target, replace=replace)
        finally:
            await writer.close()
    finally:
        await reader.close()


async def _open(target: DatabaseTarget, *, migrate: bool) -> Storage:
    if isinstance(target, SqliteTarget):
        return await Storage.open(target.path, apply_migrations=migrate)
    from storage.postgres.store import open_postgres

    return await open_postgres(target, apply_migrations=migrate)


async def _copy(
    reader: Storage,
    writer: Storage,
    source: DatabaseTarget,
    target: DatabaseTarget,
    *,
    replace: bool,
) -> CopyReport:
    source_end = _end(reader)
    target_end = _end(writer)
    latest = available_migrations()[-1].version
    version = await source_end.schema_version()
    if version != latest:
        raise CopyRefused(
            f"{describe(source)} is at schema version {version}, this Tierbot at {latest}: "
            "run `tierbot db migrate` on it first"
        )
    tables = _in_foreign_key_order(await source_end.foreign_keys())
    counts = {table: await source_end.count(table) for table in tables}
    occupied = [table for table in tables if await target_end.count(table)]
    if occupied and not replace:
        raise CopyRefused(
            f"{describe(target)} already holds data ({', '.join(occupied)}); "
            "add --replace to overwrite it"
        )
    data = {}
    for table in tables:
        columns = await source_end.columns(table)
        kinds = await target_end.column_kinds(table)
        wanted = [column for column in columns if column in kinds]
        rows = await source_end.rows(table, wanted)
        data[table] = (wanted, [_convert(row, wanted, kinds, target_end.kind) for row in rows])
    await target_end.replace_all(tables, data, expected=counts, replace=replace)
    return CopyReport(describe(source), describe(target), counts, bool(occupied))


def _convert(
    row: Sequence[Any], columns: Sequence[str], kinds: dict[str, ColumnKind], to: str
) -> tuple[Any, ...]:
    return tuple(
        _value(value, kinds[column], to) for column, value in zip(columns, row, strict=True)
    )


def _value(value: Any, kind: ColumnKind, to: str) -> Any:
    """SQLite keeps times as ISO-8601 text (storage.timestamps), PostgreSQL as timestamptz."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if to == "postgresql" else to_iso(value)
    if isinstance(value, date):
        return value if to == "postgresql" else value.isoformat()
    if kind == "time" and isinstance(value, str):
        return parse_iso(value)
    if kind == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    if kind == "float":
        return float(value)
    return value


def _in_foreign_key_order(parents: dict[str, set[str]]) -> list[str]:
    """Tables with the tables they reference first (each table: the set it references)."""
    ordered: list[str] = []
    remaining = {table: set(refs) - {table} for table, refs in parents.items()}
    while remaining:
        ready = sorted(table for table, refs in remaining.items() if not refs - set(ordered))
        if not ready:
            raise CopyRefused(f"circular foreign keys between {sorted(remaining)}")
        ordered.extend(ready)
        for table in ready:
            del remaining[table]
    return ordered


# --- the two ends -------------------------------------------------------------------------


def _end(storage: Storage) -> _SqliteEnd | _PostgresEnd:
    if isinstance(storage.database, Database):
        return _SqliteEnd(storage.database)
    from storage.postgres.database import PostgresDatabase

    assert isinstance(storage.database, PostgresDatabase)
    return _PostgresEnd(storage.database)


class _SqliteEnd:
    kind = "sqlite"

    def __init__(self, database: Database) -> None:
        self.db = database

    async def schema_version(self) -> int:
        return await sqlite_schema_version(self.db)

    async def foreign_keys(self) -> dict[str, set[str]]:
        rows = await self.db.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
        found: dict[str, set[str]] = {}
        for row in rows:
            name = str(row["name"])
            if name in _NOT_COPIED or name.startswith("sqlite_"):
                continue
            keys = await self.db.fetch_all(f'PRAGMA foreign_key_list("{name}")')
            found[name] = {str(key["table"]) for key in keys}
        return found

    async def columns(self, table: str) -> list[str]:
        return [
            str(row["name"]) for row in await self.db.fetch_all(f'PRAGMA table_info("{table}")')
        ]

    async def column_kinds(self, table: str) -> dict[str, ColumnKind]:
        # SQLite keeps times as ISO text and JSON as text: only PostgreSQL needs converting.
        return dict.fromkeys(await self.columns(table), "plain")

    async def count(self, table: str) -> int:
        return int(await self.db.fetch_value(f'SELECT count(*) FROM "{table}"'))

    async def rows(self, table: str, columns: Sequence[str]) -> list[tuple[Any, ...]]:
        names = ", ".join(f'"{column}"' for column in columns)
        return [tuple(row) for row in await self.db.fetch_all(f'SELECT {names} FROM "{table}"')]

    async def replace_all(
        self,
        tables: Sequence[str],
        data: dict[str, tuple[list[str], list[tuple[Any, ...]]]],
        *,
        expected: dict[str, int],
        replace: bool,
    ) -> None:
        copied: dict[str, int] = {}
        try:
            async with self.db.transaction() as tx:
                if replace:
                    for table in reversed(tables):
                        await tx.execute(f'DELETE FROM "{table}"')
                for table in tables:
                    columns, rows = data[table]
                    names = ", ".join(f'"{column}"' for column in columns)
                    marks = ", ".join("?" for _ in columns)
                    await tx.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
                for table in tables:
                    counted = await tx.execute_fetchall(f'SELECT count(*) FROM "{table}"')
                    copied[table] = int(next(iter(counted))[0])
                _check(copied, expected)
        except sqlite3.IntegrityError as exc:
            raise CopyRefused(f"the target refused a row ({exc}); nothing was copied") from exc


class _PostgresEnd:
    kind = "postgresql"

    def __init__(self, database: Any) -> None:
        from storage.postgres.database import PostgresDatabase

        self.db: PostgresDatabase = database

    async def schema_version(self) -> int:
        from storage.postgres.migrate import schema_version

        return await schema_version(self.db)

    async def foreign_keys(self) -> dict[str, set[str]]:
        tables = await self.db.fetch_all(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
        found: dict[str, set[str]] = {
            str(row["tablename"]): set()
            for row in tables
            if str(row["tablename"]) not in _NOT_COPIED
        }
        references = await self.db.fetch_all(
            "SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent "
            "FROM pg_constraint WHERE contype = 'f' "
            "AND connamespace = current_schema()::regnamespace"
        )
        for row in references:
            if row["child"] in found:
                found[row["child"]].add(str(row["parent"]))
        return found

    async def columns(self, table: str) -> list[str]:
        return list(await self.column_kinds(table))

    async def column_kinds(self, table: str) -> dict[str, ColumnKind]:
        rows = await self.db.fetch_all(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            (table,),
        )
        kinds: dict[str, ColumnKind] = {}
        for row in rows:
            data_type = str(row["data_type"])
            kinds[str(row["column_name"])] = (
                "time"
                if data_type.startswith("timestamp")
                else "date"
                if data_type == "date"
                else "json"
                if data_type in ("json", "jsonb")
                else "float"
                if data_type in ("double precision", "real", "numeric")
                else "plain"
            )
        return kinds

    async def count(self, table: str) -> int:
        return int(await self.db.fetch_value(f'SELECT count(*) FROM "{table}"'))

    async def rows(self, table: str, columns: Sequence[str]) -> list[tuple[Any, ...]]:
        kinds = await self.column_kinds(table)
        names = ", ".join(
            f'"{column}"::text' if kinds[column] == "json" else f'"{column}"' for column in columns
        )
        return [tuple(row) for row in await self.db.fetch_all(f'SELECT {names} FROM "{table}"')]

    async def replace_all(
        self,
        tables: Sequence[str],
        data: dict[str, tuple[list[str], list[tuple[Any, ...]]]],
        *,
        expected: dict[str, int],
        replace: bool,
    ) -> None:
        import asyncpg

        copied: dict[str, int] = {}
        try:
            async with self.db.transaction() as tx:
                if replace:
                    await tx.execute(
                        "TRUNCATE " + ", ".join(f'"{table}"' for table in tables) + " CASCADE"
                    )
                for table in tables:
                    columns, rows = data[table]
                    if rows:
                        await tx.copy_records_to_table(table, records=rows, columns=columns)
                    if "id" in columns:
                        await tx.execute(
                            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                            f'coalesce(max(id), 0) + 1, false) FROM "{table}" '
                            f"WHERE pg_get_serial_sequence('\"{table}\"', 'id') IS NOT NULL"
                        )
                for table in tables:
                    copied[table] = int(await tx.fetchval(f'SELECT count(*) FROM "{table}"'))
                _check(copied, expected)
        except asyncpg.IntegrityConstraintViolationError as exc:
            raise CopyRefused(f"the target refused a row ({exc}); nothing was copied") from exc


def _check(copied: dict[str, int], expected: dict[str, int]) -> None:
    """Inside the target's transaction: a count that differs from the source's rolls the
    whole copy back (the source changed meanwhile, or the target dropped rows)."""
    wrong = [
        f"{table} {expected[table]} in the source, {copied[table]} copied"
        for table in expected
        if copied.get(table) != expected[table]
    ]
    if wrong:
        raise CopyRefused(
            "row counts differ, so nothing was copied: " + "; ".join(wrong) + " "
            "(stop the bot that writes to the source and run the copy again)"
        )


def format_report(report: CopyReport) -> Iterable[str]:
    yield f"Copied {report.source} to {report.target} in one transaction" + (
        " (its previous data replaced):" if report.replaced else ":"
    )
    width = max((len(table) for table in report.counts), default=0)
    for table, count in report.counts.items():
        yield f"  {table:<{width}}  {count:>9,} {noun_for(count, 'row')}"
    total = sum(report.counts.values())
    yield f"Row counts match the source ({count_noun(total, 'row')} in all)."
