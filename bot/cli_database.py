"""`tierbot db …` when DATABASE_URL points at PostgreSQL, and `tierbot db copy`.

Kept apart from bot/cli.py so the SQLite commands there stay as they are.
"""

from __future__ import annotations

import argparse
import sys

from bot.config import Settings
from storage.target import DatabaseTarget, PostgresTarget, database_target


def settings_target(settings: Settings) -> DatabaseTarget:
    return database_target(
        settings.database_url, settings.database_path, pool_size=settings.database_pool_size
    )


def cmd_db_postgres(args: argparse.Namespace, target: PostgresTarget) -> int:
    """migrate, check and purge-guild on PostgreSQL; backup says to use pg_dump."""
    from storage import StorageError
    from storage.postgres.admin import (
        BACKUP_ADVICE,
        check_postgres,
        migrate_postgres,
        purge_guild_postgres,
    )

    where = f"PostgreSQL at {target.where}"
    try:
        if args.db_command == "migrate":
            applied, version = migrate_postgres(target)
            print(f"{where}: applied {applied} migration(s); schema version {version}.")
            return 0
        if args.db_command == "backup":
            print(BACKUP_ADVICE, file=sys.stderr)
            return 2
        if args.db_command == "check":
            report = check_postgres(target)
            print(report.summary(where))
            return 0 if report.ok else 1
        if args.db_command == "purge-guild":
            removed = purge_guild_postgres(target, args.guild_id)
            print(f"Deleted every record of guild {args.guild_id} ({removed} rows).")
            return 0
    except StorageError as exc:
        print(f"Database problem: {exc}", file=sys.stderr)
        return 3
    return 2


__all__ = ["PostgresTarget", "cmd_db_postgres", "settings_target"]
