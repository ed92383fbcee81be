"""`tierbot run --shard-count N --shards A-B`; a shard range on SQLite is refused (a second
process on one SQLite file is refused by storage.instance_lock when the bot opens it).

Kept apart from bot/cli.py: cmd_run calls `prepare_run` once, before it connects.
"""

from __future__ import annotations

import argparse

from pydantic import ValidationError

from bot.config import Settings, SettingsError, describe_validation_error
from bot.shards import SQLITE_ONE_PROCESS
from storage.target import SqliteTarget, database_target


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
    """Apply --shard-count/--shards over the settings, and refuse, in one line and before
    connecting, a shard range on SQLite."""
    overrides: dict[str, object] = {}
    if getattr(args, "shard_count", None) is not None:
        overrides["shard_count"] = args.shard_count
    if getattr(args, "shards", None) is not None:
        overrides["shard_ids"] = args.shards
    if overrides:
        # Validated again with the overrides (SHARD_IDS is checked against SHARD_COUNT).
        try:
            settings = Settings.model_validate({**settings.model_dump(), **overrides})
        except ValidationError as exc:
            raise SettingsError(describe_validation_error(exc)) from None
    target = database_target(settings.database_url, settings.database_path)
    if isinstance(target, SqliteTarget):
        plan = settings.shard_plan
        if plan.is_partial:
            raise SettingsError(SQLITE_ONE_PROCESS.format(plan=plan.describe()))
    return settings
