"""The `tierbot db ...` operations, for operators."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from storage.database import Database, StorageError
from storage.instance_lock import database_lock
from storage.migrate import available_migrations, migrate, schema_version
from storage.purge import purge_guild_rows


@dataclass(frozen=True, slots=True)
class CheckReport:
    schema_version: int
    latest_version: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.schema_version == self.latest_version

    def summary(self, path: Path) -> str:
        lines = [f"{path}: schema version {self.schema_version} of {self.latest_version}"]
        if self.schema_version < self.latest_version:
            lines.append("  migrations pending: run `tierbot db migrate`")
        lines.extend(f"  problem: {problem}" for problem in self.problems)
        lines.append("  integrity: ok" if not self.problems else "  integrity: FAILED")
        return "\n".join(lines)


class MissingDatabaseError(StorageError):
    """A command that must not create a database found none where the setting points."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"No database at {path.resolve()}; nothing was changed. Check DATABASE_PATH "
            "(`tierbot db migrate` creates one there)."
        )


def require_database(path: Path) -> None:
    """Refuse a database that does not exist: opening it would create an empty one."""
    if not path.is_file():
        raise MissingDatabaseError(path)


def migrate_database(path: Path) -> tuple[bool, int, int]:
    """Create the database if missing, apply pending migrations:
    (created, how many were applied, the schema version now)."""
    created = not path.exists()
    applied, version = asyncio.run(_migrate(path))
    return created, applied, version


async def _migrate(path: Path) -> tuple[int, int]:
    database = Database(path)
    await database.open()
    try:
        applied = await migrate(database)
        return len(applied), await schema_version(database)
    finally:
        await database.close()


def check_database(path: Path) -> CheckReport:
    """Integrity, foreign keys and schema version, without changing the file."""
    require_database(path)
    return asyncio.run(_check(path))


async def _check(path: Path) -> CheckReport:
    database = Database(path)
    await database.open()
    try:
        return CheckReport(
            schema_version=await schema_version(database),
            latest_version=available_migrations()[-1].version,
            problems=await database.integrity_problems(),
        )
    finally:
        await database.close()


def backup_database(path: Path, destination: Path, *, overwrite: bool = False) -> None:
    """SQLite's online backup to `destination`, safe while the bot is running. The copy is
    written next to it and renamed into place, so a failed backup never leaves half a file
    under the final name (nor replaces a good one)."""
    require_database(path)
    if not destination.parent.is_dir():
        raise StorageError(f"{destination}: the folder {destination.parent} does not exist")
    if destination.exists() and not overwrite:
        raise StorageError(
            f"{destination}: already exists; add --overwrite to replace it, "
            "or give a folder for dated backups"
        )
    partial = destination.with_name(f".{destination.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        asyncio.run(_backup(path, partial))
        partial.replace(destination)
    finally:
        partial.unlink(missing_ok=True)


async def _backup(path: Path, destination: Path) -> None:
    database = Database(path)
    await database.open()
    try:
        await database.backup(destination)
    finally:
        await database.close()


def purge_guild(path: Path, guild_id: int) -> dict[str, int]:
    """Delete one guild's data now; the rows removed, per table."""
    require_database(path)
    return asyncio.run(_purge(path, guild_id))


async def _purge(path: Path, guild_id: int) -> dict[str, int]:
    database = Database(path)
    await database.open()
    try:
        await migrate(database)
        return await purge_guild_rows(database, guild_id)
    finally:
        await database.close()


# Dated backups in a folder: the name sorts by time, so rotation keeps the newest by name.
_DATED_BACKUP = re.compile(r"^tierbot-\d{8}-\d{6}Z\.sqlite3$")


def dated_backup_name(now: datetime) -> str:
    return f"tierbot-{now.astimezone(UTC):%Y%m%d-%H%M%S}Z.sqlite3"


def backup_into_folder(
    path: Path, folder: Path, *, keep: int | None, now: datetime
) -> tuple[Path, list[Path]]:
    """A dated backup in `folder`, then only the newest `keep` dated backups there are kept:
    (the new file, the old ones removed). Other files in the folder are never touched."""
    destination = folder / dated_backup_name(now)
    backup_database(path, destination)
    removed: list[Path] = []
    if keep is not None:
        dated = sorted(p for p in folder.iterdir() if _DATED_BACKUP.match(p.name))
        for old in dated[: max(0, len(dated) - keep)]:
            old.unlink()
            removed.append(old)
    return destination, removed


def verify_backup(backup: Path) -> int:
    """Refuse a file that is not a sound Tierbot database; its schema version."""
    if not backup.is_file():
        raise StorageError(f"{backup}: no such file")
    try:
        connection = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StorageError(f"{backup}: cannot be opened ({exc})") from None
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise StorageError(f"{backup}: failed the integrity check ({problems[0]})")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "schema_migrations" not in tables:
            raise StorageError(f"{backup}: not a Tierbot database (no schema_migrations table)")
        row = connection.execute("SELECT count(*) FROM schema_migrations").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{backup}: not a database ({exc})") from None
    finally:
        connection.close()
    version = int(row[0]) if row else 0
    if version > len(available_migrations()):
        raise StorageError(
            f"{backup}: made by a newer Tierbot (schema version {version}); upgrade first"
        )
    return version


def restore_database(backup: Path, path: Path, *, now: datetime) -> Path | None:
    """Replace the database at `path` with `backup` after checking it, while no bot uses it.
    The database it replaces is kept next to it; its path (None when there was none)."""
    verify_backup(backup)
    if not path.parent.is_dir():
        raise StorageError(f"{path}: the folder {path.parent} does not exist")
    with database_lock(path):
        kept: Path | None = None
        if path.exists():
            kept = path.with_name(f"{path.name}.before-restore-{now:%Y%m%d-%H%M%S}")
            backup_database(path, kept)
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        target = sqlite3.connect(path)
        try:
            source.backup(target)  # page by page through SQLite: the WAL stays consistent
            target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            source.close()
            target.close()
    return kept
