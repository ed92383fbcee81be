"""The database on a real SQLite file: PRAGMAs, migrations, transactions, admin commands."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from storage.admin import backup_database, check_database, migrate_database, purge_guild
from storage.database import Database, StorageError
from storage.migrate import available_migrations, migrate, schema_version
from storage.store import Storage
from tests.storage.conftest import sqlite_database


async def test_pragmas_keep_acknowledged_writes(sqlite_storage: Storage) -> None:
    db = sqlite_database(sqlite_storage)
    assert await db.fetch_value("PRAGMA journal_mode") == "wal"
    assert await db.fetch_value("PRAGMA foreign_keys") == 1
    assert await db.fetch_value("PRAGMA busy_timeout") == 5000
    async with db.transaction() as tx, tx.execute("PRAGMA synchronous") as cursor:
        row = await cursor.fetchone()
    assert row is not None and row[0] == 2  # FULL


async def test_migrations_apply_from_empty_and_are_recorded(tmp_path: Path) -> None:
    database = Database(tmp_path / "fresh.sqlite3")
    await database.open()
    try:
        applied = await migrate(database)
        again = await migrate(database)
        version = await schema_version(database)
    finally:
        await database.close()

    assert [m.version for m in applied] == [m.version for m in available_migrations()]
    assert again == []
    assert version == available_migrations()[-1].version


async def test_every_earlier_version_migrates_to_the_latest(tmp_path: Path) -> None:
    # Numbers are reserved per issue, so the list may have a gap until every issue lands.
    versions = [migration.version for migration in available_migrations()]
    latest = versions[-1]
    for start in versions:
        database = Database(tmp_path / f"from-{start}.sqlite3")
        await database.open()
        try:
            await migrate(database, target=start)
            assert await schema_version(database) == start
            await migrate(database)
            assert await schema_version(database) == latest
            assert await database.integrity_problems() == []
        finally:
            await database.close()


async def test_a_failing_migration_leaves_nothing_behind(tmp_path: Path) -> None:
    database = Database(tmp_path / "broken.sqlite3")
    await database.open()
    try:
        await migrate(database)
        with pytest.raises(sqlite3.OperationalError):
            await database.execute_script("CREATE TABLE half (x); SELECT * FROM no_such_table;")
        tables = await database.fetch_all("SELECT name FROM sqlite_master WHERE name = 'half'")
    finally:
        await database.close()
    assert tables == []


async def test_a_transaction_rolls_back_on_error(sqlite_storage: Storage) -> None:
    storage = sqlite_storage

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        async with sqlite_database(storage).transaction() as tx:
            await tx.execute("INSERT INTO guild_settings (guild_id) VALUES (1)")
            raise Boom
    assert await storage.database.fetch_value("SELECT count(*) FROM guild_settings") == 0


async def test_a_read_sees_one_snapshot_and_leaves_none_open(sqlite_storage: Storage) -> None:
    """Database.read runs several statements in the reader's thread inside one read
    transaction, and ends it even when the work fails: a later commit is seen next time."""
    database = sqlite_database(sqlite_storage)
    await sqlite_storage.shortlists.create(1, "First", "", actor_id=2)

    def names(connection: sqlite3.Connection) -> tuple[bool, list[str]]:
        rows = connection.execute("SELECT name FROM shortlists ORDER BY name").fetchall()
        return connection.in_transaction, [str(row[0]) for row in rows]

    def fails(connection: sqlite3.Connection) -> None:
        connection.execute("SELECT count(*) FROM shortlists").fetchall()
        raise RuntimeError("the work failed")

    assert await database.read(names) == (True, ["First"])
    with pytest.raises(RuntimeError, match="the work failed"):
        await database.read(fails)
    await sqlite_storage.shortlists.create(1, "Second", "", actor_id=2)
    assert await database.read(names) == (True, ["First", "Second"])
    assert await database.read(lambda connection: connection.in_transaction) is True
    assert await database.fetch_value("SELECT count(*) FROM shortlists") == 2


async def test_concurrent_transactions_never_interleave(storage: Storage) -> None:
    async def write(guild_id: int) -> None:
        await storage.guild_settings.set_scheme(guild_id, "industry", None, actor_id=7)

    await asyncio.gather(*(write(guild_id) for guild_id in range(1, 201)))

    assert await storage.database.fetch_value("SELECT count(*) FROM guild_settings") == 200


async def test_guild_settings_default_then_persist(storage: Storage) -> None:
    default = await storage.guild_settings.get(42)
    assert default.scheme_id == "four-tier" and default.custom_scheme is None

    await storage.guild_settings.set_scheme(
        42, "custom", {"nano": 500, "micro": 5000, "macro": 50000, "mega": 500000}, actor_id=9
    )
    changed = await storage.guild_settings.get(42)

    assert changed.scheme_id == "custom"
    assert changed.custom_scheme == {"nano": 500, "micro": 5000, "macro": 50000, "mega": 500000}
    assert changed.updated_by == 9


async def test_command_sync_hash_is_per_application_and_scope(storage: Storage) -> None:
    repo = storage.command_sync
    await repo.record(1, "global", "abc")
    await repo.record(1, "guild:5", "def")

    assert await repo.last_hash(1, "global") == "abc"
    assert await repo.last_hash(1, "guild:5") == "def"
    assert await repo.last_hash(2, "global") is None


def test_admin_commands_on_a_real_file(tmp_path: Path) -> None:
    path = tmp_path / "tierbot.sqlite3"
    created, applied, version = migrate_database(path)
    assert created
    assert applied == len(available_migrations())
    assert version == available_migrations()[-1].version

    report = check_database(path)
    assert report.ok, report.summary(path)

    copy = tmp_path / "backup.sqlite3"
    backup_database(path, copy)
    assert check_database(copy).ok
    with pytest.raises(StorageError, match="already exists"):
        backup_database(path, copy)

    removed = purge_guild(path, 12345)
    assert set(removed) >= {"shortlists", "shortlist_entries", "guild_settings"}
    assert sum(removed.values()) == 0


async def test_purge_removes_only_that_guilds_rows(storage: Storage) -> None:
    await storage.guild_settings.set_scheme(1, "industry", None, actor_id=1)
    await storage.guild_settings.set_scheme(2, "industry", None, actor_id=1)
    await storage.presence.joined(1)
    removed = await storage.purge.purge_guild(1)

    assert removed == 2
    assert (await storage.guild_settings.get(1)).scheme_id == "four-tier"
    assert (await storage.guild_settings.get(2)).scheme_id == "industry"


async def test_a_file_that_is_not_a_database_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)

    with pytest.raises(StorageError, match=r"notes\.sqlite3: the file is not a SQLite database"):
        await Storage.open(path)
    assert path.read_bytes() == b"this is not sqlite" * 100, "the file was modified"


async def test_a_missing_folder_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        await Storage.open(tmp_path / "nowhere" / "db.sqlite3")


async def test_guild_schemes_default_set_and_custom(storage: Storage) -> None:
    from bot.domain.tiers import TierScheme
    from bot.guild_schemes import GuildSchemes

    schemes = GuildSchemes(storage.guild_settings)
    assert (await schemes.for_guild(None)).id == "four-tier"
    assert (await schemes.for_guild(5)).id == "four-tier"

    await schemes.set_builtin(5, "industry", actor_id=1)
    custom = TierScheme.custom(nano=500, micro=5000, mid=None, macro=50000, mega=500000)
    await schemes.set_custom(6, custom, actor_id=1)

    fresh = GuildSchemes(storage.guild_settings)  # another process, no cache
    assert (await fresh.for_guild(5)).id == "industry"
    reloaded = await fresh.for_guild(6)
    assert reloaded.is_custom
    assert reloaded.classify(4999).tier == "nano"
    assert reloaded.classify(5000).tier == "micro"


async def test_a_migration_numbered_below_the_newest_applied_still_runs(tmp_path: Path) -> None:
    """Reserved numbers land out of order (0005 before 0004): a database that has 3 but not 2
    must still get 2 when it arrives."""
    database = Database(tmp_path / "gap.sqlite3")
    await database.open()
    try:
        await migrate(database, target=1)
        await database.execute_script(
            "INSERT INTO schema_migrations (version, name) VALUES (3, 'from_another_branch');"
        )
        applied = await migrate(database)
    finally:
        await database.close()
    versions = [m.version for m in available_migrations()]
    assert [m.version for m in applied] == [v for v in versions if v not in (1, 3)]
