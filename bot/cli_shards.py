"""`tierbot run --shard-count N --shards A-B`, and the one-process rule for SQLite.

Kept apart from bot/cli.py: cmd_run calls `prepare_run` once, before it connects.
"""

from __future__ import annotations

import argparse
import fcntl
from pathlib import Path
from typing import IO

from bot.config import Settings, SettingsError, load_settings
from bot.shards import SQLITE_ONE_PROCESS
from storage.target import SqliteTarget, database_target

SQLITE_TAKEN = (
    "Another Tierbot process is already running on {path}, and SQLite serves one process. "
    "To run several, share one PostgreSQL database: set DATABASE_URL=postgresql://…"
)

# The open lock file lives as long as the process: the OS releases it when the process ends,
# however it ends (SIGKILL included).
_held: list[IO[bytes]] = []


def add_shard_options(run: argparse.ArgumentParser) -> None:
    run.add_argument(
        "--shard-count", type=int, metavar="N", help="total shards of the whole bot (SHARD_COUNT)"
    )
    run.add_argument(
        "--shards",
        metavar="IDS",
        help="the shards this process serves, e.g. 0-3 or 0,2 (SHARD_IDS; needs --shard-count)",
    )


def prepare_run(settings: Settings, args: argparse.Namespace) -> Settings:
    """Apply --shard-count/--shards over the settings, and refuse, in one line, a second
    process on a SQLite file or a shard range on SQLite."""
    overrides: dict[str, object] = {}
    if getattr(args, "shard_count", None) is not None:
        overrides["shard_count"] = args.shard_count
    if getattr(args, "shards", None) is not None:
        overrides["shard_ids"] = args.shards
    if overrides:
        settings = load_settings(**overrides)
    target = database_target(settings.database_url, settings.database_path)
    if isinstance(target, SqliteTarget):
        plan = settings.shard_plan
        if plan.is_partial:
            raise SettingsError(SQLITE_ONE_PROCESS.format(plan=plan.describe()))
        hold_sqlite_file(target.path)
    return settings


def hold_sqlite_file(path: Path) -> None:
    """An exclusive flock on the database file for this process's lifetime (SQLite itself
    uses fcntl locks, which flock does not touch)."""
    if not path.parent.is_dir() or (path.exists() and not path.is_file()):
        return  # opening the database reports this in its own words
    try:
        handle = path.open("ab")
    except OSError:
        return  # read-only or unreadable: opening the database says so in one line
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise SettingsError(SQLITE_TAKEN.format(path=path)) from None
    _held.append(handle)
