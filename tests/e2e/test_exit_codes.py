"""Every start-up failure of `tierbot run` is one line on stderr, nothing on stdout, and its
own exit code: the rows of README.md's exit-code table (bot/exit_codes.py)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
from pathlib import Path

import pytest

from bot.exit_codes import ExitCode
from bot.playground.emulator import Emulator
from tests.e2e.processes import bot_environment, run_cli, spawn_bot_process, start_bot_process

pytestmark = pytest.mark.slow


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """A database already migrated, so start-up has nothing to log before it fails."""
    path = tmp_path / "tierbot.sqlite3"
    env = {**os.environ, "DATABASE_PATH": str(path)}
    assert run_cli("db", "migrate", cwd=tmp_path, env=env).returncode == 0
    return path


async def run_and_fail(
    emulator: Emulator, database: Path, cwd: Path, **extra: str
) -> tuple[int, str]:
    """`tierbot run` at the default log level: its exit code and its only line."""
    process = await spawn_bot_process(emulator, database, cwd, LOG_LEVEL="INFO", **extra)
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    text = stderr.decode()
    lines = text.splitlines()
    assert stdout == b"", stdout
    assert len(lines) == 1, text[-3000:]
    assert "Traceback" not in text
    assert emulator.token not in text
    assert process.returncode is not None
    return process.returncode, lines[0]


async def test_a_token_discord_refuses(emulator: Emulator, database: Path) -> None:
    wrong = "MTIz.wrong-token.for-this-test"
    code, line = await run_and_fail(emulator, database, database.parent, DISCORD_TOKEN=wrong)

    assert ExitCode(code) is ExitCode.TOKEN_REFUSED  # 8
    assert "Discord refused DISCORD_TOKEN" in line
    assert "Reset Token" in line
    assert wrong not in line


async def test_discord_unreachable(emulator: Emulator, database: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}/api/v10"
    code, line = await run_and_fail(emulator, database, database.parent, DISCORD_API_BASE=base)

    assert ExitCode(code) is ExitCode.UNREACHABLE  # 4
    assert line.startswith(f"Cannot reach Discord at {base} (")
    assert "Check the network" in line


async def test_discord_answering_a_server_error(emulator: Emulator, database: Path) -> None:
    emulator.inject_fault("GET", r"/users/@me$", 503)
    code, line = await run_and_fail(emulator, database, database.parent)

    assert ExitCode(code) is ExitCode.DISCORD_ERROR  # 5
    assert f"Discord answered 503 (a server error) at {emulator.rest_url}" in line
    assert "discordstatus.com" in line


async def test_a_wrong_api_base(emulator: Emulator, database: Path) -> None:
    base = f"{emulator.base_url}/api/v9000"  # the emulator answers 404 to any other path
    code, line = await run_and_fail(emulator, database, database.parent, DISCORD_API_BASE=base)

    assert ExitCode(code) is ExitCode.WRONG_API_BASE  # 6
    assert f"404 Not Found at {base}: DISCORD_API_BASE is wrong" in line


async def test_a_forbidden_log_in(emulator: Emulator, database: Path) -> None:
    emulator.inject_fault("GET", r"/users/@me$", 403)
    code, line = await run_and_fail(emulator, database, database.parent)

    assert ExitCode(code) is ExitCode.FORBIDDEN  # 7
    assert "403 Forbidden" in line
    assert "proxy or firewall" in line


async def test_an_invalid_setting(emulator: Emulator, database: Path) -> None:
    code, line = await run_and_fail(
        emulator, database, database.parent, DEV_GUILD_ID="not-a-number"
    )

    assert ExitCode(code) is ExitCode.CONFIG  # 78
    assert line.startswith("Invalid setting DEV_GUILD_ID:")


async def test_a_database_it_cannot_use_even_with_no_network(
    emulator: Emulator, tmp_path: Path
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    database = not_a_folder / "tierbot.sqlite3"
    code, line = await run_and_fail(
        emulator, database, tmp_path, DISCORD_API_BASE=f"http://127.0.0.1:{port}/api/v10"
    )

    assert ExitCode(code) is ExitCode.DATABASE  # 3
    assert line.startswith("Cannot open the database:")
    assert str(database) in line


def test_a_command_line_mistake(tmp_path: Path) -> None:
    result = run_cli("rnu", cwd=tmp_path)

    assert ExitCode(result.returncode) is ExitCode.USAGE  # 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "tierbot: argument COMMAND: invalid choice: 'rnu' (choose from 'run', 'playground', "
        "'sync', 'db') (see `tierbot --help`)"
    ]


def test_no_token_explains_how_to_get_one(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    result = run_cli("run", cwd=tmp_path, env=env)

    assert result.returncode == ExitCode.CONFIG
    assert result.stderr.startswith("Tierbot needs a Discord bot token")
    assert "applications.commands" in result.stderr
    assert len(result.stderr.splitlines()) < 25, "the explanation must fit one screen"


def test_exit_codes_are_distinct_and_in_the_readme() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    codes = [code.value for code in ExitCode]
    assert len(set(codes)) == len(codes)
    for code in ExitCode:
        assert f"| {code.value} |" in readme, f"exit code {code.value} is not in the README"


async def test_sync_uses_the_same_lines(emulator: Emulator, tmp_path: Path) -> None:
    env = bot_environment(emulator, tmp_path / "db.sqlite3", DISCORD_TOKEN="MTIz.wrong.token")
    result = await asyncio.to_thread(run_cli, "sync", cwd=tmp_path, env=env)

    assert result.returncode == ExitCode.TOKEN_REFUSED
    assert "Discord refused DISCORD_TOKEN" in result.stderr


async def test_a_second_bot_on_the_same_sqlite_file(emulator: Emulator, database: Path) -> None:
    emulator.add_guild()
    first = await start_bot_process(emulator, database, database.parent)
    try:
        code, line = await run_and_fail(emulator, database, database.parent)
    finally:
        first.send_signal(signal.SIGTERM)
        await asyncio.wait_for(first.wait(), 15)

    assert ExitCode(code) is ExitCode.DATABASE  # 3
    assert line == (
        f"Cannot open the database: {database}: another Tierbot process is using it "
        "(stop it first); two processes can share a database only on PostgreSQL"
    )
    assert first.returncode == 0


def test_the_set_up_text_lists_the_bot_permissions(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    result = run_cli("run", cwd=tmp_path, env=env)

    readme = (Path(__file__).parents[2] / "README.md").read_text()
    for permission in ("Send Messages", "Embed Links", "Attach Files"):
        assert permission in result.stderr
        assert f"**{permission}**" in readme
