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
    """migrate, check and purge-guild on PostgreSQL; backup and restore point to pg_dump."""
    from bot.exit_codes import ExitCode
    from storage import StorageError
    from storage.postgres.admin import (
        BACKUP_ADVICE,
        RESTORE_ADVICE,
        check_postgres,
        migrate_postgres,
        purge_guild_postgres,
    )

    where = f"PostgreSQL at {target.where}"
    try:
        if args.db_command == "migrate":
            applied, version = migrate_postgres(target)
            print(f"{where}: applied {_count(applied, 'migration')}; schema version {version}.")
            return ExitCode.STOPPED
        if args.db_command in ("backup", "restore"):
            advice = BACKUP_ADVICE if args.db_command == "backup" else RESTORE_ADVICE
            print(advice, file=sys.stderr)
            return ExitCode.USAGE
        if args.db_command == "check":
            report = check_postgres(target)
            print(report.summary(where))
            return ExitCode.STOPPED if report.ok else ExitCode.DATABASE
        if args.db_command == "purge-guild":
            removed = purge_guild_postgres(target, args.guild_id)
            total = sum(removed.values())
            tables = ", ".join(f"{table} {count}" for table, count in removed.items() if count)
            print(
                f"{where}: deleted {_count(total, 'row')} of server {args.guild_id}"
                + (f" ({tables})." if tables else "; it had no data here.")
            )
            return ExitCode.STOPPED
    except StorageError as exc:
        print(f"tierbot db {args.db_command}: {exc}", file=sys.stderr)
        return ExitCode.DATABASE
    return ExitCode.USAGE


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


COPY_HELP = (
    "copy every team's data from FROM to TO (SQLite <-> PostgreSQL) in one transaction; "
    "FROM and TO are postgresql://user@host:5432/db, sqlite:///path or a file path"
)


def add_copy_command(
    db_sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    copy = db_sub.add_parser("copy", parents=[common], help=COPY_HELP, description=COPY_HELP)
    copy.add_argument("source", metavar="FROM")
    copy.add_argument("target", metavar="TO")
    copy.add_argument(
        "--replace", action="store_true", help="overwrite a target that already holds data"
    )


def cmd_db_copy(args: argparse.Namespace) -> int:
    import asyncio

    from storage import StorageError
    from storage.copy import copy_database, format_report, parse_location

    try:
        source = parse_location(args.source)
        target = parse_location(args.target)
        report = asyncio.run(copy_database(source, target, replace=args.replace))
    except StorageError as exc:
        print(f"tierbot db copy: nothing was copied: {exc}", file=sys.stderr)
        return 3
    for line in format_report(report):
        print(line)
    return 0


__all__ = ["PostgresTarget", "cmd_db_copy", "cmd_db_postgres", "settings_target"]
