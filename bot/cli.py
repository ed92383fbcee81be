"""The `tierbot` command: run, playground, sync, and db migrate/backup/check/purge-guild."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from bot import __version__
from bot.cli_shards import add_shard_options
from bot.config import Settings, SettingsError, load_settings
from bot.db_cli import add_db_commands
from bot.env_file import ENV_FILE_VARIABLE
from bot.exit_codes import ExitCode, describe_login_failure, is_login_failure
from bot.logs import configure_logging
from bot.playground import flags

NO_TOKEN_HELP = """\
Tierbot needs a Discord bot token to connect to Discord, and DISCORD_TOKEN is not set.

To get one (about two minutes):
  1. Open https://discord.com/developers/applications and click "New Application".
  2. In "Bot", click "Reset Token" and copy it. No privileged intents are needed.
  3. Put it in a file named .env next to the Makefile:   DISCORD_TOKEN=your-token-here
     (or export DISCORD_TOKEN in your shell; .env.example lists every setting).
  4. Invite the bot: "OAuth2" -> "URL Generator", scopes "bot" and "applications.commands",
     bot permissions "Send Messages", "Embed Links" and "Attach Files";
     open the generated URL and pick your server.
Then run `make run` again.
"""


_loaded: list[Settings] = []


def settings_or_exit() -> Settings:
    """The settings, from the environment and the `.env` file `bot.env_file` finds (each
    unknown key in it warned about once); an invalid one ends the command with one line."""
    if _loaded:
        return _loaded[0]
    from bot.env_file import find_env_file, known_settings, unknown_key_warnings

    try:
        env_file = find_env_file(Path.cwd())
        if env_file is not None:
            for warning in unknown_key_warnings(env_file, known_settings()):
                print(warning, file=sys.stderr)
        _loaded.append(load_settings(_env_file=env_file))
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(ExitCode.CONFIG) from None
    return _loaded[0]


def _secrets(settings: Settings) -> list[str]:
    return settings.secret_values()


NO_TOKEN_PLAYGROUND = (
    "DISCORD_TOKEN is not set, so this is the local playground. "
    "To use Discord, set it: `tierbot run` says how."
)
PLAYGROUND_FIRST_LINE = (
    "Tierbot playground: the real bot on a local Discord, no account needed. Starting…"
)
PLAYGROUND_EPILOG = """At the prompt, type slash commands as in Discord (Tab completes):
  /classify followers:12.5k likes:800 platform:instagram
  /mix goal:awareness budget:$25k niche:"vegan food"
  /classify-csv file:./creators.csv            (file options take a path)
and console commands: click N, select N V..., next, prev, as member|admin|dm,
guild NAME, commands, help, quit.

Script mode (--script FILE, or lines on standard input when it is not a terminal) runs
the lines in order and prints plain text. Lines starting with # are comments. Prefix a
line with ! when it should get an error reply:  ! /classify followers:-5 platform:tiktok
The exit status is 1 if any line got an error it did not expect (a mistyped line, or
one of the bot's error replies), no reply, a first reply later than 3 seconds, or a
reply Discord would refuse; or if a line marked ! did not get an error."""


def cmd_default(args: argparse.Namespace) -> int:
    """`make run`: the real bot when a token is configured, otherwise the local playground."""
    settings = settings_or_exit()
    if settings.discord_token is not None:
        print("DISCORD_TOKEN is set: starting Tierbot on Discord (Ctrl+C stops it).")
        return cmd_run(args)
    return run_playground(args, first_line=NO_TOKEN_PLAYGROUND)


def cmd_playground(args: argparse.Namespace) -> int:
    return run_playground(args, first_line=PLAYGROUND_FIRST_LINE)


def run_playground(args: argparse.Namespace, *, first_line: str) -> int:
    """The emulator and the real bot in this process: a prompt, or a script."""
    script: str | None = getattr(args, "script", None)
    if script is None and not sys.stdin.isatty():
        script = "-"
    if script is None:
        print(first_line, flush=True)  # at once: the imports below take a moment
    elif first_line is NO_TOKEN_PLAYGROUND:
        print(first_line, file=sys.stderr if getattr(args, "json", False) else sys.stdout)

    from bot.playground.session import PlaygroundOptions, Role
    from storage import StorageError

    role: Role = "dm" if getattr(args, "dm", False) else getattr(args, "role", None) or "member"
    database = getattr(args, "db", None)
    options = PlaygroundOptions(
        database=Path(database) if database else None,
        guild=getattr(args, "guild", None) or "Acme Marketing",
        role=role,
        files_dir=Path(getattr(args, "files", None) or "playground-files"),
        timeout=getattr(args, "timeout", None) or 10.0,
        log_level="INFO" if getattr(args, "verbose", False) else "WARNING",
    )
    as_json = bool(getattr(args, "json", False))
    try:
        if script is not None:
            from bot.playground import script as script_mode

            try:
                text = script_mode.read_script(script)
            except OSError as exc:
                print(f"Cannot read the script {script}: {exc.strerror}", file=sys.stderr)
                return 2
            configure_logging(options.log_level)
            return asyncio.run(script_mode.main(options, text, as_json=as_json))
        from bot.playground import console

        return asyncio.run(console.main(options, as_json=as_json))
    except StorageError as exc:
        print(f"Cannot open the database: {exc}", file=sys.stderr)
        return ExitCode.DATABASE
    except KeyboardInterrupt:
        return 130


def _could_not_connect(settings: Settings, exc: BaseException) -> int:
    """The one line and exit code for a log-in, connection or sync that failed."""
    code, line = describe_login_failure(settings, exc)
    print(line, file=sys.stderr)
    return code


def cmd_run(args: argparse.Namespace) -> int:
    from bot.cli_shards import prepare_run
    from bot.runner import MissingTokenError, run_bot
    from bot.speedups import SpeedupUnavailable, loop_factory, use_json
    from storage import StorageError

    settings = prepare_run(settings_or_exit(), args)
    configure_logging(settings.log_level, _secrets(settings), settings.log_format)
    try:
        _, new_loop = loop_factory(settings.event_loop)
        use_json(settings.json_library)
    except SpeedupUnavailable as exc:
        print(f"Cannot start: {exc}.", file=sys.stderr)
        return ExitCode.CONFIG
    try:
        with asyncio.Runner(loop_factory=new_loop) as runner:
            runner.run(run_bot(settings))
    except MissingTokenError:
        print(NO_TOKEN_HELP, file=sys.stderr)
        return ExitCode.CONFIG
    except StorageError as exc:
        print(f"Cannot open the database: {exc}", file=sys.stderr)
        return ExitCode.DATABASE
    except KeyboardInterrupt:  # a signal before the loop's own handlers were installed
        pass
    except Exception as exc:
        if not is_login_failure(exc):
            raise
        return _could_not_connect(settings, exc)
    return ExitCode.STOPPED


def cmd_sync(args: argparse.Namespace) -> int:
    from bot.client import TierBot
    from bot.runner import point_at_discord

    settings = settings_or_exit()
    configure_logging(settings.log_level, _secrets(settings), settings.log_format)
    if settings.discord_token is None:
        print(NO_TOKEN_HELP, file=sys.stderr)
        return ExitCode.CONFIG
    token = settings.discord_token.get_secret_value()

    async def sync() -> None:
        point_at_discord(settings)
        bot = TierBot(settings, sync_on_start=False)
        async with bot:
            await bot.login(token)
            await bot.sync_commands(force=True, guild_id=args.guild)

    try:
        asyncio.run(sync())
    except Exception as exc:
        if not is_login_failure(exc):
            raise
        return _could_not_connect(settings, exc)
    where = (
        f"guild {args.guild}"
        if args.guild
        else (f"guild {settings.dev_guild_id}" if settings.dev_guild_id else "every guild (global)")
    )
    print(f"Commands synced to {where}.")
    return 0


class OneLineParser(argparse.ArgumentParser):
    """A command-line mistake is one line on stderr and exit 2, not the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(ExitCode.USAGE, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    # Accepted before or after the command: `tierbot --env-file F run`, `tierbot run --env-file F`.
    common = OneLineParser(add_help=False)
    common.add_argument(
        "--env-file",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="read settings from FILE instead of .env (or set TIERBOT_ENV_FILE)",
    )
    parser = OneLineParser(
        prog="tierbot",
        description="Tierbot: influencer tiers, creator classification, tier mixes and "
        "team shortlists on Discord. With no command: the bot if DISCORD_TOKEN is set, "
        "otherwise the local playground.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"tierbot {__version__}")
    parser.set_defaults(handler=cmd_default)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="connect to Discord with DISCORD_TOKEN", parents=[common])
    add_shard_options(run)
    run.set_defaults(handler=cmd_run)

    playground = sub.add_parser(
        "playground",
        parents=[common],
        help="every command locally, through the real bot, with no Discord account",
        description="Start a local Discord and the real bot in this process, then a prompt "
        "that takes slash commands (or run a script of them).",
        epilog=PLAYGROUND_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    playground.add_argument(
        "--db",
        metavar="PATH",
        type=flags.database_file,
        help="keep data in this SQLite file (default: temporary)",
    )
    playground.add_argument(
        "--guild",
        metavar="NAME",
        type=flags.guild_name,
        help="the server's name (default: Acme Marketing)",
    )
    playground.add_argument(
        "--as",
        dest="role",
        choices=("member", "admin"),
        help="type as a member (default) or an admin with Manage Server",
    )
    playground.add_argument("--dm", action="store_true", help="type in a direct message")
    playground.add_argument(
        "--script", metavar="FILE", help="run the lines of FILE (- for standard input)"
    )
    playground.add_argument(
        "--json", action="store_true", help="print the raw bodies the bot sent, as JSON"
    )
    playground.add_argument(
        "--files",
        metavar="DIR",
        type=flags.files_folder,
        help="the folder where files the bot sends are saved (playground-files)",
    )
    playground.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=flags.timeout_seconds,
        help="how long to wait for a reply, 1 to 900 (default 10)",
    )
    playground.add_argument("--verbose", action="store_true", help="show the bot's INFO logs")
    playground.set_defaults(handler=cmd_playground)

    sync = sub.add_parser("sync", help="push the slash commands to Discord now", parents=[common])
    sync.add_argument("--guild", type=int, help="sync to this guild only (instant)")
    sync.set_defaults(handler=cmd_sync)

    add_db_commands(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "env_file", None):
        # Through the environment, so `bot.env_file` and any child process see it too.
        os.environ[ENV_FILE_VARIABLE] = args.env_file
    try:
        return int(args.handler(args))
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return ExitCode.CONFIG


if __name__ == "__main__":
    raise SystemExit(main())
