"""What is PostgreSQL's own: migrations twinned with SQLite's, start-up failures in one line,
and `tierbot db` on a PostgreSQL DATABASE_URL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import SettingsError, load_settings
from bot.domain.handles import normalize_handle
from bot.domain.metrics import CreatorStats
from bot.domain.platforms import Platform
from bot.domain.shortlist import new_entry
from bot.domain.tiers import default_scheme
from storage.database import StorageError
from storage.migrate import POSTGRES_MIGRATIONS, available_migrations
from storage.store import Storage
from storage.target import PostgresTarget, SqliteTarget, database_target
from tests.backends import ScratchPostgres, admin_url, with_database

PASSWORD = "hunter2-not-for-logs"


def test_both_backends_have_the_same_migration_versions() -> None:
    sqlite = [(migration.version, migration.name) for migration in available_migrations()]
    postgres = [
        (migration.version, migration.name)
        for migration in available_migrations(POSTGRES_MIGRATIONS)
    ]
    assert postgres == sqlite, "every SQLite migration needs its PostgreSQL twin, same number"


def test_database_url_picks_the_backend() -> None:
    default = Path("tierbot.sqlite3")
    assert database_target(None, default) == SqliteTarget(default)
    assert database_target("sqlite:///data/bot.sqlite3", default) == SqliteTarget(
        Path("data/bot.sqlite3")
    )
    postgres = database_target(f"postgresql://bot:{PASSWORD}@db.internal:6543/teams", default)
    assert isinstance(postgres, PostgresTarget)
    assert postgres.where == "db.internal:6543/teams"
    assert PASSWORD not in repr(postgres)


def test_a_bad_database_url_is_one_line_without_the_password() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(database_url=f"mysql://bot:{PASSWORD}@db/teams", _env_file=None)
    message = str(caught.value)
    assert message.startswith("Invalid setting DATABASE_URL:") and "\n" not in message
    assert "postgresql://" in message and PASSWORD not in message


async def test_a_refused_connection_names_the_setting_and_host_only() -> None:
    target = PostgresTarget(f"postgresql://bot:{PASSWORD}@127.0.0.1:1/teams")
    with pytest.raises(StorageError) as caught:
        await Storage.open_target(target)
    message = str(caught.value)
    assert message == (
        "DATABASE_URL: PostgreSQL at 127.0.0.1:1/teams: the connection was refused "
        "(is PostgreSQL running and listening there?)"
    )


async def test_a_missing_database_and_an_unknown_user_are_named(
    postgres_scratch: ScratchPostgres,
) -> None:
    missing = PostgresTarget(with_database(admin_url(), "tierbot_no_such_database"))
    with pytest.raises(StorageError, match="the database does not exist"):
        await Storage.open_target(missing)

    host = PostgresTarget(admin_url()).where.rsplit("/", 1)[0]
    stranger = PostgresTarget(f"postgresql://no_such_user:{PASSWORD}@{host}/postgres")
    with pytest.raises(StorageError) as caught:
        await Storage.open_target(stranger)
    assert str(caught.value).startswith(f"DATABASE_URL: PostgreSQL at {host}/postgres: ")
    assert PASSWORD not in str(caught.value)


def test_db_commands_on_postgresql(
    postgres_scratch: ScratchPostgres,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("bot.cli._loaded", [])  # the CLI reads its settings once per process
    monkeypatch.setenv("DATABASE_URL", postgres_scratch.url)
    where = PostgresTarget(postgres_scratch.url).where

    assert main(["db", "migrate"]) == 0
    assert f"PostgreSQL at {where}: applied" in capsys.readouterr().out

    assert main(["db", "check"]) == 0
    checked = capsys.readouterr().out
    latest = available_migrations()[-1].version
    assert f"schema version {latest} of {latest}" in checked and "integrity: ok" in checked

    guild = 1209876543210987654

    async def a_list_with_one_creator() -> None:
        storage = await Storage.open_target(PostgresTarget(postgres_scratch.url, pool_size=1))
        try:
            made = await storage.shortlists.create(guild, "Launch", "", actor_id=1)
            handle = normalize_handle("jane", Platform.TIKTOK)
            entry = new_entry(handle, CreatorStats(followers=9_000), default_scheme())
            await storage.shortlists.add_entry(guild, made.id, entry, actor_id=1)
        finally:
            await storage.close()

    asyncio.run(a_list_with_one_creator())
    assert main(["db", "purge-guild", str(guild)]) == 0
    purged = capsys.readouterr().out
    assert f"PostgreSQL at {where}: deleted 4 rows of server {guild}" in purged
    assert "shortlist_entries 1" in purged and "shortlists 1" in purged

    assert main(["db", "backup", "copy.dump"]) == 2
    advice = capsys.readouterr().err.strip()
    assert "pg_dump" in advice and "\n" not in advice
    assert main(["db", "restore", "copy.dump"]) == 2
    assert "pg_restore" in capsys.readouterr().err


async def test_the_retention_purge_runs_in_one_process_at_a_time(
    postgres_scratch: ScratchPostgres,
) -> None:
    target = PostgresTarget(postgres_scratch.url, pool_size=2)
    first = await Storage.open_target(target)
    second = await Storage.open_target(target)
    try:
        async with (
            first.jobs.exclusively("retention") as mine,
            second.jobs.exclusively("retention") as theirs,
        ):
            assert mine and not theirs
        async with second.jobs.exclusively("retention") as theirs:
            assert theirs, "the lock was not released when the first purge ended"
    finally:
        await second.close()
        await first.close()
