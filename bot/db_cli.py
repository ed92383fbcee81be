"""`tierbot db ...`: maintenance commands that cannot do harm by mistake.

Every command but `migrate` refuses a database that does not exist (opening one would create
it) and names the file it used; server IDs are checked as Discord snowflakes before anything
is opened; `restore` checks the backup and refuses while a bot uses the database.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.exit_codes import ExitCode

# A snowflake is a 64-bit number; stored in SQLite's signed INTEGER, it stays below 2^63.
# Discord's IDs have had 17 to 19 digits since 2015.
_SNOWFLAKE_DIGITS = range(17, 20)


def snowflake(text: str) -> int:
    """argparse type: a Discord ID, with an example when it is not one."""
    value = text.strip()
    if not value.isdigit() or len(value) not in _SNOWFLAKE_DIGITS or int(value) >= 2**63:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a Discord server ID: it has 17 to 19 digits, like "
            "1209876543210987654 (Discord: Settings > Advanced > Developer Mode, then "
            "right-click the server > Copy Server ID)"
        )
    return int(value)


def positive_count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of backups (1 or more)")
    return int(text)


def add_db_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """The `db` command and its actions, on the main parser's subparsers."""
    db = sub.add_parser("db", help="database maintenance", parents=[common])
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    actions.add_parser(
        "migrate",
        parents=[common],
        help="create the database where DATABASE_PATH points, or apply pending migrations",
    )
    backup = actions.add_parser(
        "backup",
        parents=[common],
        help="online backup to a file, or a dated file in a folder",
        description="Copy the database while the bot runs. PATH is a file, or a folder for "
        "a dated file (tierbot-YYYYMMDD-HHMMSSZ.sqlite3) with --keep to remove old ones.",
    )
    backup.add_argument("path", metavar="PATH")
    backup.add_argument(
        "--overwrite", action="store_true", help="replace PATH if it is an existing file"
    )
    backup.add_argument(
        "--keep",
        type=positive_count,
        metavar="N",
        help="with a folder: keep only the newest N dated backups in it",
    )
    actions.add_parser("check", parents=[common], help="integrity check and schema version")
    purge = actions.add_parser("purge-guild", parents=[common], help="delete one server's data now")
    purge.add_argument("guild_id", type=snowflake, metavar="SERVER_ID")
    restore = actions.add_parser(
        "restore",
        parents=[common],
        help="replace the database with a backup (the bot must be stopped)",
        description="Check FILE's integrity, keep the current database next to it "
        "(.before-restore-DATE), then copy FILE in. Refused while a bot uses the database.",
    )
    restore.add_argument("backup_file", metavar="FILE")
    db.set_defaults(handler=cmd_db)


def cmd_db(args: argparse.Namespace) -> int:
    from bot.cli import settings_or_exit
    from bot.logs import configure_logging
    from storage import StorageError

    settings = settings_or_exit()
    configure_logging("WARNING")
    path = settings.database_path
    try:
        return _run(args, path)
    except StorageError as exc:
        print(f"tierbot db {args.db_command}: {exc}", file=sys.stderr)
        return ExitCode.DATABASE


def _run(args: argparse.Namespace, path: Path) -> int:
    from storage import admin

    shown = path.resolve()
    now = datetime.now(UTC)
    if args.db_command == "migrate":
        created, applied, version = admin.migrate_database(path)
        if created:
            print(f"Created a new database at {shown} (schema version {version}).")
        else:
            print(f"{shown}: applied {_count(applied, 'migration')}; schema version {version}.")
        return ExitCode.STOPPED
    if args.db_command == "check":
        report = admin.check_database(path)
        print(report.summary(shown))
        return ExitCode.STOPPED if report.ok else ExitCode.DATABASE
    if args.db_command == "purge-guild":
        removed = admin.purge_guild(path, args.guild_id)
        total = sum(removed.values())
        tables = ", ".join(f"{table} {count}" for table, count in removed.items() if count)
        print(
            f"{shown}: deleted {_count(total, 'row')} of server {args.guild_id}"
            + (f" ({tables})." if tables else "; it had no data here.")
        )
        return ExitCode.STOPPED
    if args.db_command == "backup":
        return _backup(args, path, now)
    if args.db_command == "restore":
        backup = Path(args.backup_file)
        kept = admin.restore_database(backup, path, now=now)
        print(f"Restored {shown} from {backup.resolve()}.")
        if kept is not None:
            print(f"The database it replaced is kept as {kept.resolve()}.")
        return ExitCode.STOPPED
    return ExitCode.USAGE


def _backup(args: argparse.Namespace, path: Path, now: datetime) -> int:
    from storage import admin

    destination = Path(args.path)
    if destination.is_dir():
        written, removed = admin.backup_into_folder(path, destination, keep=args.keep, now=now)
        line = f"Backed up {path.resolve()} to {written.resolve()}"
        if removed:
            line += f"; removed {_count(len(removed), 'older backup')}"
        print(line + ".")
        return ExitCode.STOPPED
    if args.keep is not None:
        print(
            f"tierbot db backup: --keep needs a folder, and {destination} is not one",
            file=sys.stderr,
        )
        return ExitCode.USAGE
    admin.backup_database(path, destination, overwrite=args.overwrite)
    print(f"Backed up {path.resolve()} to {destination.resolve()}.")
    return ExitCode.STOPPED


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"
