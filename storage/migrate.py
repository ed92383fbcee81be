"""Apply the numbered migrations in storage/migrations/ and report the schema version."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib import resources

from storage.database import Database

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

_TRACKING_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
"""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    folder = resources.files("storage.migrations")
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda migration: migration.version)
    versions = [migration.version for migration in found]
    # Numbers are reserved per issue and may land out of order (0005 before 0004), so a gap
    # is allowed; a repeated number never is.
    if len(set(versions)) != len(versions) or (versions and versions[0] < 1):
        raise RuntimeError(f"migration numbers must be unique and from 1, found {versions}")
    return found


async def schema_version(database: Database) -> int:
    exists = await database.fetch_value(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    )
    if not exists:
        return 0
    return int(
        await database.fetch_value("SELECT coalesce(max(version), 0) FROM schema_migrations")
    )


async def migrate(database: Database, *, target: int | None = None) -> list[Migration]:
    """Apply every pending migration up to `target` (default: all); return those applied."""
    await database.execute_script(_TRACKING_TABLE)
    # schema_version reads sqlite_master first, which lets the reader see the new table.
    current = await schema_version(database)
    rows = await database.fetch_all("SELECT version FROM schema_migrations") if current else []
    applied = {int(row["version"]) for row in rows}
    # Every migration not yet applied, even one numbered below the newest applied: a reserved
    # number that lands after a later one must still run.
    pending = [
        migration
        for migration in available_migrations()
        if migration.version not in applied and (target is None or migration.version <= target)
    ]
    for migration in pending:
        record = (
            "INSERT INTO schema_migrations (version, name) "
            f"VALUES ({migration.version}, '{migration.name}');"
        )
        await database.execute_script(f"{migration.sql}\n{record}")
        # Fold each migration's pages into the database file before the next: the WAL then
        # never holds the whole schema at once (on a small or nearly full disk it matters).
        await database.checkpoint()
        log.info("Applied migration %04d_%s", migration.version, migration.name)
    return pending
