"""`tierbot run` as a real process: clean shutdown on SIGTERM, secrets kept out of logs."""

from __future__ import annotations

import asyncio
import signal
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
