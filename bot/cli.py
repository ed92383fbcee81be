"""The `tierbot` command: run, playground, sync, and db migrate/backup/check/purge-guild."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import __version__
from bot.config import Settings, SettingsError, load_settings
from bot.logs import configure_logging

NO_TOKEN_HELP = """\
Tierbot needs a Discord bot token to connect to Discord, and DISCORD_TOKEN is not set.

To get one (about two minutes):
  1. Open https://discord.com/developers/applications and click "New Application".
  2. In "Bot", click "Reset Token" and copy it. No privileged intents are needed.
  3. Put it in a file named .env next to the Makefile:   DISCORD_TOKEN=your-token-here
     (or export DISCORD_TOKEN in your shell; .env.example lists every setting).
  4. Invite the bot: "OAuth2" -> "URL Generator", scopes "bot" and "applications.commands",
     open the generated URL and pick your server.
Then run `make run` again.
"""


def _settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(2) from None


def _secrets(settings: Settings) -> list[str]:
    return [settings.discord_token.get_secret_value()] if settings.discord_token else []


def cmd_default(args: argparse.Namespace) -> int:
    """`make run`: the real bot when a token is configured, otherwise the local playground."""
    settings = _settings_or_exit()
    if settings.discord_token is not None:
        print("DISCORD_TOKEN is set: starting Tierbot on Discord (Ctrl+C stops it).")
        return cmd_run(args)
    print(NO_TOKEN_HELP)
    return 1


def cmd_run(args: argparse.Namespace) -> int:
    from bot.runner import MissingTokenError, run_bot
    from storage import StorageError

    settings = _settings_or_exit()
    configure_logging(settings.log_level, _secrets(settings))
    try:
        asyncio.run(run_bot(settings))
    except MissingTokenError:
        print(NO_TOKEN_HELP, file=sys.stderr)
        return 2
    except StorageError as exc:
        print(f"Cannot open the database: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        pass
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from bot.client import TierBot
    from bot.runner import point_at_discord

    settings = _settings_or_exit()
    configure_logging(settings.log_level, _secrets(settings))
    if settings.discord_token is None:
        print(NO_TOKEN_HELP, file=sys.stderr)
        return 2
    token = settings.discord_token.get_secret_value()

    async def sync() -> None:
        point_at_discord(settings)
        bot = TierBot(settings, sync_on_start=False)
        async with bot:
            await bot.login(token)
            await bot.sync_commands(force=True, guild_id=args.guild)

    asyncio.run(sync())
    where = (
        f"guild {args.guild}"
        if args.guild
        else (f"guild {settings.dev_guild_id}" if settings.dev_guild_id else "every guild (global)")
    )
    print(f"Commands synced to {where}.")
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from storage import StorageError
    from storage.admin import backup_database, check_database, migrate_database, purge_guild

    settings = _settings_or_exit()
    configure_logging("WARNING")
    path = settings.database_path
    try:
        if args.db_command == "migrate":
            applied, version = migrate_database(path)
            print(f"{path}: applied {applied} migration(s); schema version {version}.")
            return 0
        if args.db_command == "backup":
            backup_database(path, Path(args.path))
            print(f"Backed up {path} to {args.path}.")
            return 0
        if args.db_command == "check":
            report = check_database(path)
            print(report.summary(path))
            return 0 if report.ok else 1
        if args.db_command == "purge-guild":
            removed = purge_guild(path, args.guild_id)
            print(f"Deleted every record of guild {args.guild_id} ({removed} rows).")
            return 0
    except StorageError as exc:
        print(f"Database problem: {exc}", file=sys.stderr)
        return 3
    return 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tierbot",
        description="Tierbot: influencer tiers, creator classification, tier mixes and "
        "team shortlists on Discord. With no command: the bot if DISCORD_TOKEN is set, "
        "otherwise the local playground.",
    )
    parser.add_argument("--version", action="version", version=f"tierbot {__version__}")
    parser.set_defaults(handler=cmd_default)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="connect to Discord with DISCORD_TOKEN")
    run.set_defaults(handler=cmd_run)

    sync = sub.add_parser("sync", help="push the slash commands to Discord now")
    sync.add_argument("--guild", type=int, help="sync to this guild only (instant)")
    sync.set_defaults(handler=cmd_sync)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser("migrate", help="apply pending migrations")
    backup = db_sub.add_parser("backup", help="online backup to PATH")
    backup.add_argument("path")
    db_sub.add_parser("check", help="integrity check and schema version")
    purge = db_sub.add_parser("purge-guild", help="delete one guild's data now")
    purge.add_argument("guild_id", type=int)
    db.set_defaults(handler=cmd_db)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
