"""The `tierbot db ...` operations, for operators."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from storage.database import Database, StorageError
from storage.migrate import available_migrations, migrate, schema_version
from storage.purge import purge_guild_data


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


def migrate_database(path: Path) -> tuple[int, int]:
    """Apply pending migrations; (how many were applied, the schema version now)."""
    return asyncio.run(_migrate(path))


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
    if not path.exists():
        raise StorageError(f"{path}: no such file")
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


def backup_database(path: Path, destination: Path) -> None:
    """SQLite's online backup to a new file, safe while the bot is running."""
    if not path.exists():
        raise StorageError(f"{path}: no such file")
    if destination.exists():
        raise StorageError(f"{destination}: already exists; choose a new file name")
    asyncio.run(_backup(path, destination))


async def _backup(path: Path, destination: Path) -> None:
    database = Database(path)
    await database.open()
    try:
        await database.backup(destination)
    finally:
        await database.close()


def purge_guild(path: Path, guild_id: int) -> int:
    """Delete one guild's data now; the number of rows removed."""
    return asyncio.run(_purge(path, guild_id))


async def _purge(path: Path, guild_id: int) -> int:
    database = Database(path)
    await database.open()
    try:
        await migrate(database)
        return await purge_guild_data(database, guild_id)
    finally:
        await database.close()
