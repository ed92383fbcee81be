"""PostgreSQL LISTEN/NOTIFY: a change made through one process (or the CLI) reaches every
other process's cache at once; after a lost connection the whole cache is dropped."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from storage.postgres.changes import PostgresChanges
from storage.store import Storage
from storage.target import PostgresTarget
from tests.backends import ScratchPostgres, empty_postgres

GUILD = 31_337


class Heard:
    def __init__(self) -> None:
        self.guilds: list[int] = []
        self.resets = 0
        self.event = asyncio.Event()

    def guild(self, guild_id: int) -> None:
        self.guilds.append(guild_id)
        self.event.set()

    def reset(self) -> None:
        self.resets += 1
        self.event.set()

    async def next(self) -> None:
        await asyncio.wait_for(self.event.wait(), 5)
        self.event.clear()


@pytest.fixture
async def target(postgres_scratch: ScratchPostgres) -> PostgresTarget:
    await empty_postgres(postgres_scratch.url)
    return PostgresTarget(postgres_scratch.url, pool_size=2)


@pytest.fixture
async def writer(target: PostgresTarget) -> AsyncIterator[Storage]:
    storage = await Storage.open_target(target)
    try:
        yield storage
    finally:
        await storage.close()


async def test_a_scheme_change_and_a_purge_are_heard_by_another_process(
    target: PostgresTarget, writer: Storage
) -> None:
    heard = Heard()
    listener = PostgresChanges(target)
    await listener.start(heard.guild, heard.reset)
    try:
        await writer.guild_settings.set_scheme(GUILD, "industry", None, actor_id=1)
        await heard.next()
        await writer.purge.purge_guild(GUILD)
        await heard.next()
    finally:
        await listener.stop()

    assert heard.guilds == [GUILD, GUILD] and heard.resets == 0


async def test_a_rolled_back_change_is_not_announced(
    target: PostgresTarget, writer: Storage
) -> None:
    heard = Heard()
    listener = PostgresChanges(target)
    await listener.start(heard.guild, heard.reset)
    try:
        with pytest.raises(Exception, match="custom"):
            # The CHECK constraint refuses 'custom' without thresholds: the change rolls back.
            await writer.guild_settings.set_scheme(GUILD, "custom", None, actor_id=1)
        await writer.guild_settings.set_scheme(GUILD + 1, "industry", None, actor_id=1)
        await heard.next()
    finally:
        await listener.stop()

    assert heard.guilds == [GUILD + 1]


async def test_a_dropped_listener_reconnects_and_drops_the_whole_cache(
    target: PostgresTarget, writer: Storage
) -> None:
    heard = Heard()
    listener = PostgresChanges(target, ping_every=0.1)
    await listener.start(heard.guild, heard.reset)
    try:
        listener.drop_connection()
        await heard.next()
        assert heard.resets >= 1 and listener.listening and listener.reconnects == 1
        await writer.guild_settings.set_scheme(GUILD, "industry", None, actor_id=1)
        await heard.next()
    finally:
        await listener.stop()

    assert heard.guilds == [GUILD]
