"""`tierbot run` killed with SIGKILL in the middle of a stream of adds: every add the user saw
succeed is still there after a restart, and the database checks clean; on SQLite and on
PostgreSQL."""

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


async def stream_adds(
    emulator: Emulator, actor: Actor, worker: int, acknowledged: list[str], stop: asyncio.Event
) -> None:
    """Add creators one after another until stopped; record those the user saw succeed."""
    number = 0
    while not stop.is_set():
        handle = f"w{worker}_{number}"
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
        if reply.embeds and reply.embed.get("title") == "Added to the shortlist":
            acknowledged.append(handle)


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
        stop = asyncio.Event()
        workers = [
            asyncio.create_task(stream_adds(emulator, actor, worker, acknowledged, stop))
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
    assert check.returncode == 0, check.stdout + check.stderr
    assert "integrity: ok" in check.stdout
    if backend.database_url is not None:
        assert not database.exists(), "the PostgreSQL run fell back to SQLite"
        assert "PostgreSQL at" in check.stdout
