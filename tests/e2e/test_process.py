"""`tierbot run` as a real process: clean shutdown on SIGTERM, secrets kept out of logs."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import pytest

from bot.playground.emulator import Emulator
from tests.e2e.processes import bot_environment, run_cli, start_bot_process

pytestmark = pytest.mark.slow


async def test_sigterm_closes_cleanly_and_leaves_a_clean_database(
    emulator: Emulator, tmp_path: Path
) -> None:
    guild = emulator.add_guild()
    database = tmp_path / "tierbot.sqlite3"
    process = await start_bot_process(emulator, database, tmp_path)

    reply = await emulator.invoke("/help", actor=emulator.member(guild))
    process.send_signal(signal.SIGTERM)
    stdout, stderr = await asyncio.wait_for(process.communicate(), 30)

    assert "what I can do" in reply.embed["title"]
    assert process.returncode == 0, stderr.decode()[-2000:]
    log = stderr.decode()
    assert "SIGTERM received" in log
    assert emulator.token not in log, "the token appeared in a log line"
    assert emulator.token not in stdout.decode()
    assert not (tmp_path / "tierbot.sqlite3-wal").exists() or (
        (tmp_path / "tierbot.sqlite3-wal").stat().st_size == 0
    ), "the WAL was not checkpointed on close"

    check = run_cli("db", "check", cwd=tmp_path, env=bot_environment(emulator, database))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "integrity: ok" in check.stdout


async def test_interaction_tokens_are_redacted_from_debug_logs(
    emulator: Emulator, tmp_path: Path
) -> None:
    guild = emulator.add_guild()
    process = await start_bot_process(emulator, tmp_path / "db.sqlite3", tmp_path)
    reply = await emulator.invoke("/help", actor=emulator.member(guild))
    process.send_signal(signal.SIGINT)
    _, stderr = await asyncio.wait_for(process.communicate(), 30)

    log = stderr.decode()
    assert reply.token not in log
    assert emulator.token not in log


def test_an_invalid_setting_stops_start_up_with_one_line_naming_it(tmp_path: Path) -> None:
    env = {**os.environ, "DISCORD_TOKEN": "x" * 30, "DEV_GUILD_ID": "not-a-number"}
    result = run_cli("run", cwd=tmp_path, env=env)

    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "DEV_GUILD_ID" in lines[0]
    assert "x" * 30 not in result.stderr


def test_run_without_a_token_explains_what_is_missing(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    result = run_cli("run", cwd=tmp_path, env=env)

    assert result.returncode == 2
    assert "DISCORD_TOKEN is not set" in result.stderr
    assert "applications.commands" in result.stderr
    assert len(result.stderr.splitlines()) < 25, "the explanation must fit one screen"


async def test_a_token_discord_refuses_stops_start_up_with_one_clear_line(
    emulator: Emulator, tmp_path: Path
) -> None:
    wrong = "MTIz.wrong-token.for-this-test"
    env = bot_environment(emulator, tmp_path / "db.sqlite3", DISCORD_TOKEN=wrong)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 30)

    log = stderr.decode()
    assert process.returncode == 2, log[-2000:]
    assert "Discord refused DISCORD_TOKEN" in log
    assert "Reset Token" in log
    assert "Traceback" not in log
    assert wrong not in log


def test_an_unreachable_discord_stops_start_up_with_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DISCORD_TOKEN": "MTIz.some.token",
        "DATABASE_PATH": str(tmp_path / "db.sqlite3"),
        "DISCORD_API_BASE": f"http://127.0.0.1:{port}/api/v10",
    }
    result = run_cli("run", cwd=tmp_path, env=env)

    assert result.returncode == 4, result.stderr[-2000:]
    assert f"Cannot reach Discord at http://127.0.0.1:{port}/api/v10" in result.stderr
    assert "Traceback" not in result.stderr
