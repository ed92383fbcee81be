"""`tierbot run` killed with SIGKILL in the middle of a stream of concurrent adds (on SQLite
committed in groups, see storage/group_commit.py), some of them refused as duplicates: every
add the user saw succeed is still there after a restart, and the database checks clean; on
SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import csv
import io
import signal
from pathlib import Path

import pytest

from bot.playground.emulator import Actor, Emulator
from tests.backends import Backend
from tests.e2e.processes import bot_environment, run_cli, start_bot_process

pytestmark = pytest.mark.slow

WORKERS = 8
KILL_AFTER = 120  # acknowledged adds before the kill
DUPLICATE_EVERY = 4  # every 4th add of a worker repeats its last handle: refused, alone


async def stream_adds(
    emulator: Emulator,
    actor: Actor,
    worker: int,
    acknowledged: list[str],
    refused: list[str],
    stop: asyncio.Event,
) -> None:
    """Add creators one after another until stopped; record those the user saw succeed, and
    the duplicates the user saw refused (they share commits with the other workers' adds)."""
    number = 0
    last = ""
    while not stop.is_set():
        repeat = bool(last) and number % DUPLICATE_EVERY == DUPLICATE_EVERY - 1
        handle = last if repeat else f"w{worker}_{number}"
        number += 1
        try:
            reply = await emulator.invoke(
                f"/shortlist add name:Stream handle:{handle} platform:instagram "
                f"followers:{number}k",
                actor=actor,
                timeout=3,
            )
        except TimeoutError:
            return  # the bot died with this add in flight: it was never acknowledged
        title = reply.embed.get("title") if reply.embeds else None
        if title == "Added to the shortlist":
            assert not repeat, f"{handle} was added twice"
            acknowledged.append(handle)
            last = handle
        elif repeat and title == "Already there":
            refused.append(handle)


async def test_acknowledged_adds_survive_a_sigkill(
    emulator: Emulator, tmp_path: Path, backend: Backend
) -> None:
    guild = emulator.add_guild()
    database = backend.database_path
    actor = emulator.member(guild)
    process = await start_bot_process(
        emulator, database, tmp_path, LOG_LEVEL="WARNING", **backend.environment
    )
    try:
        created = await emulator.invoke("/shortlist create name:Stream", actor=actor)
        assert "Created" in created.embed["title"]

        acknowledged: list[str] = []
        refused: list[str] = []
        stop = asyncio.Event()
        workers = [
            asyncio.create_task(stream_adds(emulator, actor, worker, acknowledged, refused, stop))
            for worker in range(WORKERS)
        ]
        async with asyncio.timeout(30):
            while len(acknowledged) < KILL_AFTER:
                await asyncio.sleep(0.005)
        in_flight = [i for i in emulator.interactions if i.callback_type is None]
        process.send_signal(signal.SIGKILL)
        stop.set()
        await process.wait()
        await asyncio.gather(*workers)
        assert in_flight, "the kill should land while adds are in flight"
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    restarted = await start_bot_process(
        emulator, database, tmp_path, LOG_LEVEL="WARNING", **backend.environment
    )
    try:
        exported = await emulator.invoke("/shortlist export name:Stream", actor=actor)
        data = exported.message.file(".csv").data.decode("utf-8-sig")
        present = {
            row["Handle (without @)"] for row in csv.DictReader(io.StringIO(data, newline=""))
        }
        check = run_cli(
            "db",
            "check",
            cwd=tmp_path,
            env=bot_environment(emulator, database, **backend.environment),
        )
    finally:
        restarted.send_signal(signal.SIGTERM)
        await asyncio.wait_for(restarted.wait(), 30)

    lost = sorted(set(acknowledged) - present)
    assert lost == [], f"{len(lost)} acknowledged adds were lost: {lost[:10]}"
    assert len(present) >= len(acknowledged) >= KILL_AFTER
    # The refusals happened among the adds, and took none of their neighbours with them.
    assert len(refused) >= KILL_AFTER // (2 * DUPLICATE_EVERY)
    assert set(refused) <= present
    assert check.returncode == 0, check.stdout + check.stderr
    assert "integrity: ok" in check.stdout
    if backend.database_url is not None:
        assert not database.exists(), "the PostgreSQL run fell back to SQLite"
        assert "PostgreSQL at" in check.stdout
