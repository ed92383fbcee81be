"""`tierbot db ...` as an operator types it: no command but `migrate` creates a database,
every one names the file, IDs are checked, backups rotate, restore checks and refuses."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from bot.exit_codes import ExitCode
from storage.store import Storage
from tests.e2e.processes import run_cli

GUILD = 1209876543210987654
OTHER_GUILD = 1209876543210987655


def db(
    tmp_path: Path, *args: str, database: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "TIERBOT_"))}
    env["DATABASE_PATH"] = str(database or tmp_path / "tierbot.sqlite3")
    return run_cli("db", *args, cwd=tmp_path, env=env)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """A database with one shortlist and a scheme choice for GUILD, and a list for another."""
    path = tmp_path / "tierbot.sqlite3"

    async def fill() -> None:
        storage = await Storage.open(path)
        try:
            await storage.guild_settings.set_scheme(GUILD, "industry", None, actor_id=1)
            await storage.shortlists.create(GUILD, "Spring launch", "", actor_id=1)
            await storage.shortlists.create(OTHER_GUILD, "Theirs", "", actor_id=1)
        finally:
            await storage.close()

    asyncio.run(fill())
    return path


@pytest.mark.parametrize(
    "args", [("check",), ("purge-guild", str(GUILD)), ("backup", "copy.sqlite3")]
)
def test_commands_other_than_migrate_refuse_a_missing_database(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    typo = tmp_path / "typo.sqlite3"
    result = db(tmp_path, *args, database=typo)

    assert result.returncode == ExitCode.DATABASE
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"tierbot db {args[0]}: No database at {typo}; nothing was changed. "
        "Check DATABASE_PATH (`tierbot db migrate` creates one there)."
    ]
    assert not typo.exists(), "a command other than migrate created a database"


def test_migrate_says_where_it_creates_the_database(tmp_path: Path) -> None:
    created = db(tmp_path, "migrate")
    again = db(tmp_path, "migrate")

    path = tmp_path / "tierbot.sqlite3"
    assert created.returncode == 0, created.stderr
    assert created.stdout.startswith(f"Created a new database at {path} (schema version ")
    assert again.stdout.startswith(f"{path}: applied 0 migrations; schema version ")


@pytest.mark.parametrize(
    "bad", ["99999999999999999999999999", "123", "-5", "12e18", "server", "9223372036854775808"]
)
def test_purge_guild_takes_only_a_discord_server_id(database: Path, bad: str) -> None:
    before = database.read_bytes()
    result = db(database.parent, "purge-guild", bad)

    assert result.returncode == ExitCode.USAGE
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert f"{bad!r} is not a Discord server ID" in line
    assert "Copy Server ID" in line
    assert database.read_bytes() == before


def test_purge_guild_names_the_file_and_counts_rows_per_table(database: Path) -> None:
    result = db(database.parent, "purge-guild", str(GUILD))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"{database}: deleted 3 rows of server {GUILD} "
        "(guild_settings 1, shortlist_audit 1, shortlists 1)."
    )
    with sqlite3.connect(database) as connection:
        left = connection.execute("SELECT guild_id FROM shortlists").fetchall()
    assert left == [(OTHER_GUILD,)]

    nothing = db(database.parent, "purge-guild", str(GUILD))
    assert (
        nothing.stdout.strip()
        == f"{database}: deleted 0 rows of server {GUILD}; it had no data here."
    )


def test_backup_to_a_missing_folder_is_one_line(database: Path) -> None:
    result = db(database.parent, "backup", "nodir/b.sqlite3")

    assert result.returncode == ExitCode.DATABASE
    assert result.stderr.splitlines() == [
        "tierbot db backup: nodir/b.sqlite3: the folder nodir does not exist"
    ]


def test_backup_to_an_existing_file_needs_overwrite(database: Path) -> None:
    first = db(database.parent, "backup", "nightly.sqlite3")
    refused = db(database.parent, "backup", "nightly.sqlite3")
    replaced = db(database.parent, "backup", "nightly.sqlite3", "--overwrite")

    assert first.returncode == 0, first.stderr
    assert refused.returncode == ExitCode.DATABASE
    assert "already exists; add --overwrite to replace it" in refused.stderr
    assert replaced.returncode == 0, replaced.stderr
    assert replaced.stdout.strip() == (
        f"Backed up {database} to {database.parent / 'nightly.sqlite3'}."
    )
    assert [p.name for p in database.parent.iterdir() if "partial" in p.name] == []


def test_backup_to_a_folder_writes_dated_files_and_keeps_the_newest(database: Path) -> None:
    folder = database.parent / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a backup: never removed")
    old = ["tierbot-20261101-020000Z.sqlite3", "tierbot-20261102-020000Z.sqlite3"]
    for name in old:
        (folder / name).write_bytes(database.read_bytes())

    result = db(database.parent, "backup", str(folder), "--keep", "2")

    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 3 and "notes.txt" in names and old[1] in names
    [new] = [n for n in names if n not in (*old, "notes.txt")]
    assert new.startswith("tierbot-2") and new.endswith("Z.sqlite3")
    assert result.stdout.strip() == (
        f"Backed up {database} to {folder / new}; removed 1 older backup."
    )
    check = db(database.parent, "check", database=folder / new)
    assert "integrity: ok" in check.stdout


def test_keep_without_a_folder_is_a_command_line_mistake(database: Path) -> None:
    result = db(database.parent, "backup", "one.sqlite3", "--keep", "3")

    assert result.returncode == ExitCode.USAGE
    assert "--keep needs a folder" in result.stderr


def test_restore_checks_the_backup_and_keeps_the_replaced_database(database: Path) -> None:
    assert db(database.parent, "backup", "before.sqlite3").returncode == 0
    assert db(database.parent, "purge-guild", str(GUILD)).returncode == 0

    result = db(database.parent, "restore", "before.sqlite3")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Restored {database} from {database.parent / 'before.sqlite3'}."
    assert lines[1].startswith(f"The database it replaced is kept as {database}.before-restore-")
    with sqlite3.connect(database) as connection:
        guilds = sorted(row[0] for row in connection.execute("SELECT guild_id FROM shortlists"))
    assert guilds == [GUILD, OTHER_GUILD]
    assert "integrity: ok" in db(database.parent, "check").stdout


def test_restore_refuses_a_file_that_is_not_a_sound_tierbot_database(database: Path) -> None:
    (database.parent / "notes.sqlite3").write_bytes(b"SQLite format 3\0" + b"x" * 5000)
    sqlite3.connect(database.parent / "other.sqlite3").execute("CREATE TABLE t (x)").close()
    before = database.read_bytes()

    garbage = db(database.parent, "restore", "notes.sqlite3")
    foreign = db(database.parent, "restore", "other.sqlite3")
    missing = db(database.parent, "restore", "nothing.sqlite3")

    for result in (garbage, foreign, missing):
        assert result.returncode == ExitCode.DATABASE
        assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "not a Tierbot database" in foreign.stderr
    assert "nothing.sqlite3: no such file" in missing.stderr
    assert database.read_bytes() == before


async def test_restore_is_refused_while_a_bot_uses_the_database(database: Path) -> None:
    from storage.instance_lock import DatabaseLock

    assert db(database.parent, "backup", "before.sqlite3").returncode == 0
    running_bot = DatabaseLock(database)  # what a running TierBot holds
    running_bot.acquire()
    try:
        result = await asyncio.to_thread(db, database.parent, "restore", "before.sqlite3")
    finally:
        running_bot.release()

    assert result.returncode == ExitCode.DATABASE
    assert "another Tierbot process is using it (stop it first)" in result.stderr
