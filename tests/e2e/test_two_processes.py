"""Two `tierbot run` processes, shards 0 and 1 of 2, sharing one PostgreSQL database, against
an emulator that recommends 2 shards: the deployment the README's "Outgrowing one machine"
describes, end to end."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.domain.tiers import default_scheme
from bot.playground.emulator import Emulator, Guild
from bot.playground.emulator.spec import SpecValidator
from storage.store import Storage
from storage.target import PostgresTarget
from tests.backends import ScratchPostgres, empty_postgres
from tests.e2e.processes import BotProcess, bot_environment, run_cli, start_bot_process

pytestmark = pytest.mark.slow

ACKNOWLEDGED_ADDS = 15


@pytest.fixture
async def two_shard_emulator(spec_validator: SpecValidator | None) -> AsyncIterator[Emulator]:
    emulator = Emulator(spec=spec_validator, heartbeat_interval=5.0, shard_count=2)
    await emulator.start()
    try:
        yield emulator
    finally:
        await emulator.stop()


def guild_on_shard(emulator: Emulator, shard: int, name: str) -> Guild:
    while True:
        guild = emulator.add_guild(name)
        if emulator.gateway.shard_of(guild.id) == shard:
            return guild
        del emulator.guilds[guild.id]


async def stop(process: BotProcess) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)


async def test_two_processes_split_the_shards_and_share_postgresql(
    two_shard_emulator: Emulator, postgres_scratch: ScratchPostgres, tmp_path: Path
) -> None:
    emulator = two_shard_emulator
    await empty_postgres(postgres_scratch.url)
    zero = guild_on_shard(emulator, 0, "Zero Agency")
    one = guild_on_shard(emulator, 1, "One Brand")
    admin_zero = emulator.member(zero, "alex", manage_guild=True)
    admin_one = emulator.member(one, "riley", manage_guild=True)
    unused_sqlite = tmp_path / "unused.sqlite3"

    def shard(ids: str) -> dict[str, str]:
        return {"DATABASE_URL": postgres_scratch.url, "SHARD_COUNT": "2", "SHARD_IDS": ids}

    first = await start_bot_process(emulator, unused_sqlite, tmp_path, **shard("0"))
    second = await start_bot_process(emulator, unused_sqlite, tmp_path, **shard("1"))
    try:
        # Each process answers its own guilds; only the one holding shard 0 synced commands.
        assert sorted(s for s, _ in emulator.gateway.identified_shards) == [0, 1]
        assert emulator.sync_count.get(None) == 1
        created = await emulator.invoke("/shortlist create name:Zero", actor=admin_zero)
        assert "Zero" in created.text(), created.text()
        changed = await emulator.invoke("/tiers scheme name:industry", actor=admin_one)
        assert "Five-tier industry standard" in changed.embed["title"]
        await emulator.invoke("/shortlist create name:One", actor=admin_one)

        # `tierbot db purge-guild` from the CLI: the running process serving that guild
        # forgets its cached scheme at once (LISTEN/NOTIFY), not after a cache TTL.
        env = bot_environment(emulator, unused_sqlite, DATABASE_URL=postgres_scratch.url)
        purged = await asyncio.to_thread(
            run_cli, "db", "purge-guild", str(one.id), cwd=tmp_path, env=env
        )
        assert purged.returncode == 0, purged.stderr
        overview = await emulator.invoke("/tiers overview", actor=admin_one)
        shown = overview.embed["description"]
        assert f"This server's scheme: {default_scheme().name}" in shown, "a stale cached scheme"
        lists = await emulator.invoke("/shortlist lists", actor=admin_one)
        assert "No shortlists" in lists.text()

        # Writes acknowledged by the first process, which is then killed outright.
        for number in range(ACKNOWLEDGED_ADDS):
            added = await emulator.invoke(
                f"/shortlist add name:Zero handle:@creator_{number} platform:tiktok followers:25k",
                actor=admin_zero,
            )
            assert not added.ephemeral, added.text()
        first.kill()
        await asyncio.wait_for(first.wait(), 10)

        # The other process keeps answering its guilds.
        still = await emulator.invoke("/shortlist create name:Still here", actor=admin_one)
        assert "Still here" in still.text(), still.text()

        # The restarted process resumes its shard with every acknowledged write.
        first = await start_bot_process(emulator, unused_sqlite, tmp_path, **shard("0"))
        shown = await emulator.invoke("/shortlist show name:Zero", actor=admin_zero)
        assert f"{ACKNOWLEDGED_ADDS} creators" in shown.text(), shown.text()
    finally:
        await stop(first)
        await stop(second)

    storage = await Storage.open_target(PostgresTarget(postgres_scratch.url, pool_size=1))
    try:
        presence = await storage.presence.get(zero.id)
        # The second process's start-up left the first process's guild alone.
        assert presence is not None and presence.left_at is None
        entries = await storage.shortlists.overview(zero.id)
        assert entries[0].entry_count == ACKNOWLEDGED_ADDS
    finally:
        await storage.close()
