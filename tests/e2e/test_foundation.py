"""The foundation end to end: start-up, command sync, the error mapping, shutdown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.client import TierBot
from bot.playground.emulator import Emulator, Guild
from bot.playground.emulator.spec import SpecValidator
from bot.playground.local import LocalBot, settings_for
from tests.e2e.conftest import Harness, LogCollector


async def test_commands_sync_once_and_not_again_after_a_restart(harness: Harness) -> None:
    emulator = harness.emulator
    assert emulator.sync_count == {None: 1}

    await harness.local.restart()
    reply = await harness.invoke("/help")

    assert emulator.sync_count == {None: 1}, "a restart with the same commands re-synced"
    assert emulator.gateway.identifies == 2
    assert "what I can do" in reply.embed["title"]


async def test_two_shards_each_answer_their_own_servers(
    spec_validator: SpecValidator | None,
    database_path: Path,
    log_collector: LogCollector,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def identify_at_once(self: TierBot, shard_id: int | None, *, initial: bool) -> None:
        pass  # discord.py paces each later shard's IDENTIFY by 5 s, as Discord requires

    monkeypatch.setattr(TierBot, "before_identify_hook", identify_at_once)
    emulator = Emulator(spec=spec_validator, heartbeat_interval=5.0, shard_count=2)
    await emulator.start()
    local = LocalBot(emulator, settings_for(emulator, database_path))
    try:
        by_shard: dict[int, Guild] = {}
        while len(by_shard) < 2:  # a guild's shard follows its id's timestamp
            guild = emulator.add_guild(f"Team {len(emulator.guilds)}")
            by_shard.setdefault(emulator.gateway.shard_of(guild.id), guild)
            await asyncio.sleep(0.002)
        bot = await local.start()

        replies = {
            shard: await emulator.invoke("/help", actor=emulator.member(guild))
            for shard, guild in by_shard.items()
        }

        assert sorted(emulator.gateway.identified_shards) == [[0, 2], [1, 2]]
        for shard, session in emulator.gateway.by_shard.items():
            ready = session.sent[0]
            assert (ready["t"], ready["d"]["shard"]) == ("READY", [shard, 2])
        assert bot.shard_count == 2
        for shard, guild in by_shard.items():
            assert "what I can do" in replies[shard].embed["title"]
            cached = bot.get_guild(guild.id)
            assert cached is not None and cached.shard_id == shard
        assert not [r for r in log_collector.records if r.levelno >= logging.ERROR]
    finally:
        await local.stop()
        await emulator.stop()


async def test_changed_commands_are_synced_at_the_next_start(
    emulator: Emulator, database_path: Path, log_collector: LogCollector
) -> None:
    emulator.add_guild()
    local = LocalBot(emulator, settings_for(emulator, database_path), extensions=("cogs.help",))
    await local.start()
    await local.stop()
    local.extensions = ("cogs.help", "tests.e2e.extensions.failing")
    await local.start()
    await local.stop()

    assert emulator.sync_count == {None: 2}
    assert "explode" in emulator.registered(None)


async def test_dev_guild_id_syncs_to_that_guild_only(
    emulator: Emulator, database_path: Path, log_collector: LogCollector
) -> None:
    guild = emulator.add_guild()
    local = LocalBot(emulator, settings_for(emulator, database_path, dev_guild_id=guild.id))
    await local.start()
    try:
        reply = await emulator.invoke("/help", actor=emulator.member(guild))
    finally:
        await local.stop()

    assert emulator.sync_count == {guild.id: 1}
    assert emulator.registered(None) == {}
    assert "what I can do" in reply.embed["title"]


@pytest.fixture
async def failing(
    emulator: Emulator, database_path: Path, log_collector: LogCollector
) -> AsyncIterator[Harness]:
    guild = emulator.add_guild()
    local = LocalBot(
        emulator,
        settings_for(emulator, database_path),
        extensions=("tests.e2e.extensions.broken", "cogs.help", "tests.e2e.extensions.failing"),
    )
    await local.start()
    harness = Harness(
        emulator, local, guild, emulator.member(guild), emulator.admin(guild), log_collector
    )
    harness.expect_log("Could not load extension tests.e2e.extensions.broken")
    yield harness
    await local.stop()
    harness.check_after_test()


async def test_a_broken_extension_is_logged_and_the_others_load(failing: Harness) -> None:
    assert failing.local.bot is None or "tests.e2e.extensions.broken" in (
        failing.local.bot.failed_extensions
    )
    messages = [record.getMessage() for record in failing.logs.records]
    assert any("Could not load extension tests.e2e.extensions.broken" in m for m in messages)

    reply = await failing.invoke("/help")
    assert "what I can do" in reply.embed["title"]


async def test_an_unexpected_error_gets_a_reference_and_is_logged(failing: Harness) -> None:
    failing.expect_log("Unexpected error in explode")

    reply = await failing.invoke("/explode")

    assert reply.ephemeral
    description = reply.embed["description"]
    assert "reference" in description
    reference = description.split("`")[1]
    logged = [r for r in failing.logs.records if "Unexpected error in explode" in r.getMessage()]
    assert logged and reference in logged[0].getMessage()
    assert logged[0].exc_info is not None, "the traceback must be logged"


async def test_an_error_after_a_defer_still_reaches_the_user(failing: Harness) -> None:
    failing.expect_log("Unexpected error in explode-late")

    reply = await failing.invoke("/explode-late")

    assert reply.ephemeral
    assert "reference" in reply.embed["description"]


async def test_an_error_after_a_public_defer_is_shown_only_to_the_user(failing: Harness) -> None:
    failing.expect_log("Unexpected error in explode-public")

    reply = await failing.invoke("/explode-public")
    await reply.wait_for_messages(1)

    assert reply.original is not None and reply.original.deleted, "the public placeholder stays"
    assert [message.ephemeral for message in reply.messages] == [True]
    assert "reference" in reply.embed["description"]


async def test_a_user_error_names_the_option_and_shows_an_example(failing: Harness) -> None:
    reply = await failing.invoke("/bad-value")

    assert reply.ephemeral
    assert "followers" in reply.embed["description"]
    assert "`followers:12.5k`" in reply.embed["description"]
    assert not [
        r
        for r in failing.logs.records
        if r.levelno >= logging.WARNING and "bad-value" in r.getMessage()
    ]


async def test_a_missing_permission_is_refused_clearly(failing: Harness) -> None:
    refused = await failing.invoke("/managers-only", actor=failing.member)
    allowed = await failing.invoke("/managers-only", actor=failing.admin)

    assert refused.ephemeral
    assert "Manage Server" in refused.embed["description"]
    assert allowed.message.content == "ok"


async def test_guild_membership_is_tracked(harness: Harness) -> None:
    bot = harness.local.bot
    assert bot is not None
    joined = await harness.emulator.join_guild("Second Team")
    await _until(lambda: bot.get_guild(joined.id) is not None)

    await harness.emulator.remove_guild(joined)
    await _until(lambda: bot.get_guild(joined.id) is None)
    for _ in range(100):
        presence = await bot.storage.presence.get(joined.id)
        if presence is not None and presence.left_at is not None:
            break
        await asyncio.sleep(0.01)

    assert presence is not None and presence.left_at is not None
    still_in = await bot.storage.presence.get(harness.guild.id)
    assert still_in is not None and still_in.left_at is None


async def _until(condition: object, timeout: float = 3.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():  # type: ignore[operator]
            await asyncio.sleep(0.01)
