"""SIGTERM and SIGINT end `tierbot run` within 5 seconds with exit 0, whatever it is doing:
logging in, syncing commands, connecting, retrying a gateway that is down, resuming, or
answering a command (which finishes first: its reply arrives and its write is kept).

Each state is made by the emulator: a REST answer held back, a gateway that refuses the
upgrade or opens and says nothing.
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.playground.emulator import Emulator
from tests.e2e.processes import BotProcess, spawn_bot_process, start_bot_process

pytestmark = pytest.mark.slow

STOP_PROMISE_SECONDS = 5.0
HELD = 120.0  # a REST answer held back for longer than any test runs


async def until(condition: Callable[[], bool], process: BotProcess, timeout: float = 30) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            if process.returncode is not None:
                raise AssertionError(f"tierbot exited early: {process.stderr_text()[-2000:]}")
            await asyncio.sleep(0.02)


async def stop_and_time(process: BotProcess, signal_number: int = signal.SIGTERM) -> str:
    """Send the signal; assert exit 0 within the promise; the whole stderr."""
    asked = time.monotonic()
    process.send_signal(signal_number)
    try:
        await asyncio.wait_for(process.wait(), STOP_PROMISE_SECONDS + 10)
    except TimeoutError:
        process.kill()
        lines = [line for line in process.stderr_text().splitlines() if "aiosqlite" not in line]
        raise AssertionError("still running:\n" + "\n".join(lines[-30:])) from None
    took = time.monotonic() - asked
    stderr = process.stderr_text()
    assert process.returncode == 0, stderr[-2000:]
    assert took < STOP_PROMISE_SECONDS, f"stopping took {took:.1f} s"
    assert "Traceback" not in stderr, stderr[-3000:]
    return stderr


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
async def test_a_signal_while_logging_in_stops_it(
    emulator: Emulator, tmp_path: Path, signal_number: int
) -> None:
    emulator.inject_fault("GET", r"/users/@me$", 0, delay=HELD)
    process = await spawn_bot_process(emulator, tmp_path / "db.sqlite3", tmp_path)
    await until(lambda: bool(emulator.faults_hit), process)

    stderr = await stop_and_time(process, signal_number)

    assert f"{signal.Signals(signal_number).name} received" in stderr


async def test_sigterm_while_syncing_commands_stops_it(emulator: Emulator, tmp_path: Path) -> None:
    emulator.inject_fault("PUT", r"/applications/\d+/commands$", 0, delay=HELD)
    process = await spawn_bot_process(emulator, tmp_path / "db.sqlite3", tmp_path)
    await until(lambda: bool(emulator.faults_hit), process)

    await stop_and_time(process)


async def test_sigterm_while_the_gateway_says_nothing_stops_it(
    emulator: Emulator, tmp_path: Path
) -> None:
    emulator.gateway.silent = True  # the socket opens; HELLO never comes
    process = await spawn_bot_process(emulator, tmp_path / "db.sqlite3", tmp_path)
    await until(lambda: emulator.gateway.connections > 0, process)

    await stop_and_time(process)


async def test_retrying_a_gateway_that_is_down_logs_one_line_a_try_and_stops_when_asked(
    emulator: Emulator, tmp_path: Path
) -> None:
    emulator.gateway.refuse_connections = True
    process = await spawn_bot_process(emulator, tmp_path / "db.sqlite3", tmp_path, LOG_LEVEL="INFO")
    retry_line = "to the gateway"
    # Two tries: the second is where discord.py chains the first's traceback.
    await until(lambda: process.stderr_text().count(retry_line) >= 2, process, timeout=20)

    stderr = await stop_and_time(process, signal.SIGINT)

    retries = [line for line in stderr.splitlines() if retry_line in line]
    assert retries, stderr
    assert all("retrying in 5 s" in line for line in retries), retries
    assert all("WARNING" in line and "503" in line for line in retries), retries
    assert "Failed to connect" not in stderr


async def test_sigterm_while_resuming_stops_it(emulator: Emulator, tmp_path: Path) -> None:
    emulator.add_guild()
    process = await start_bot_process(emulator, tmp_path / "db.sqlite3", tmp_path)
    connections = emulator.gateway.connections
    emulator.gateway.silent = True
    await emulator.gateway.close_current(4000)  # resumable: the bot comes back to RESUME
    await until(lambda: emulator.gateway.connections > connections, process)

    await stop_and_time(process)


async def test_sigterm_mid_command_lets_it_reply_and_keep_its_write(
    emulator: Emulator, tmp_path: Path
) -> None:
    guild = emulator.add_guild()
    database = tmp_path / "db.sqlite3"
    process = await start_bot_process(emulator, database, tmp_path)
    # The reply is on its way (Discord slow to take it) when the stop is asked.
    emulator.inject_fault("POST", r"/interactions/\d+/[^/]+/callback", 0, delay=1.5)
    reply = await emulator.send_command(
        "/shortlist create name:Spring launch", actor=emulator.member(guild)
    )
    await until(lambda: bool(emulator.faults_hit), process)

    await stop_and_time(process)

    await reply.wait_settled(1)
    assert "Created" in reply.text(), reply.text()
    with sqlite3.connect(database) as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM shortlists")]
    assert names == ["Spring launch"]
