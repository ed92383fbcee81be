"""Privacy: a server's data is deleted GUILD_DATA_RETENTION_DAYS after it removes the bot
(unless it adds the bot back), `tierbot db purge-guild ID` deletes it at once, and no token
ever reaches a log line.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.client import TierBot
from bot.playground.emulator import Emulator, FileArgument, Guild, Interaction
from bot.retention import GuildDataRetention
from storage.purge import purge_departed_guild
from tests.e2e.conftest import Harness
from tests.e2e.processes import bot_environment, run_cli, start_bot_process

RETENTION = timedelta(days=30)


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


def running(harness: Harness) -> TierBot:
    bot = harness.local.bot
    assert bot is not None
    return bot


async def second_team_with_data(harness: Harness) -> Guild:
    """Another server that uses the bot: a shortlist with a creator, and its own scheme."""
    emulator = harness.emulator
    guild = await emulator.join_guild("Second Team")
    bot = running(harness)
    await until(lambda: bot.get_guild(guild.id) is not None)
    admin = emulator.member(guild, "riley", manage_guild=True)
    await emulator.invoke("/shortlist create name:Spring", actor=admin)
    await emulator.invoke(
        "/shortlist add name:Spring handle:@ada platform:instagram followers:12k", actor=admin
    )
    changed = await emulator.invoke("/tiers scheme name:industry", actor=admin)
    assert "changed" in changed.text().lower(), changed.text()
    return guild


async def has_data(bot: TierBot, guild_id: int) -> bool:
    storage = bot.storage
    lists = await storage.shortlists.overview(guild_id)
    settings = await storage.guild_settings.get(guild_id)
    return bool(lists) or settings.scheme_id != "four-tier"


async def ours_is_intact(harness: Harness) -> None:
    reply = await harness.invoke("/shortlist show name:Launch")
    assert "@keep" in reply.text()


async def removed(harness: Harness, guild: Guild) -> None:
    bot = running(harness)
    await harness.emulator.remove_guild(guild)
    await until(lambda: bot.get_guild(guild.id) is None)

    async def recorded() -> bool:
        presence = await bot.storage.presence.get(guild.id)
        return presence is not None and presence.left_at is not None

    async with asyncio.timeout(5):
        while not await recorded():
            await asyncio.sleep(0.01)


async def seed_ours(harness: Harness) -> None:
    await harness.invoke("/shortlist create name:Launch", actor=harness.admin)
    await harness.invoke(
        "/shortlist add name:Launch handle:@keep platform:tiktok", actor=harness.admin
    )


def retention_of(bot: TierBot) -> GuildDataRetention:
    return GuildDataRetention(bot.storage, bot.schemes, retention_days=RETENTION.days)


async def test_a_removed_servers_data_goes_after_the_grace_period(harness: Harness) -> None:
    await seed_ours(harness)
    guild = await second_team_with_data(harness)
    bot = running(harness)
    assert (await bot.schemes.for_guild(guild.id)).id == "industry"  # cached

    await removed(harness, guild)
    kept = await retention_of(bot).purge_once()
    still_there = await has_data(bot, guild.id)
    left_at = datetime.now(UTC) - RETENTION - timedelta(minutes=1)
    await bot.storage.presence.left(guild.id, at=left_at)  # as if it left 30 days ago
    purged = await retention_of(bot).purge_once()

    assert kept == [] and still_there, "data went before the grace period was over"
    assert purged == [guild.id]
    assert not await has_data(bot, guild.id)
    assert await bot.storage.presence.get(guild.id) is None
    assert (await bot.schemes.for_guild(guild.id)).id == "four-tier", (
        "the cached scheme outlived it"
    )
    await ours_is_intact(harness)


async def test_the_bot_purges_on_start_and_a_server_back_in_time_keeps_its_data(
    harness: Harness,
) -> None:
    await seed_ours(harness)
    gone = await second_team_with_data(harness)
    back = await second_team_with_data(harness)
    bot = running(harness)
    await removed(harness, gone)
    await removed(harness, back)
    long_ago = datetime.now(UTC) - RETENTION - timedelta(days=1)
    await bot.storage.presence.left(gone.id, at=long_ago)
    await bot.storage.presence.left(back.id, at=datetime.now(UTC) - timedelta(days=29))
    await harness.emulator.rejoin_guild(back)
    await until(lambda: bot.get_guild(back.id) is not None)

    restarted = await harness.local.restart()  # the purge runs once the bot is ready
    await until(lambda: restarted.is_ready())
    async with asyncio.timeout(5):
        while await has_data(restarted, gone.id):
            await asyncio.sleep(0.01)
    later = await retention_of(restarted).purge_once(datetime.now(UTC) + 2 * RETENTION)

    assert later == []
    assert await has_data(restarted, back.id), "a server that added the bot back lost its data"
    shown = await harness.emulator.invoke(
        "/shortlist show name:Spring", actor=harness.emulator.member(back, "riley")
    )
    assert "@ada" in shown.text()
    await ours_is_intact(harness)


async def test_a_server_that_removed_the_bot_while_it_was_offline_is_noticed(
    harness: Harness,
) -> None:
    await seed_ours(harness)
    guild = await second_team_with_data(harness)
    await harness.local.stop()
    del harness.emulator.guilds[guild.id]  # kicked while offline: no GUILD_DELETE ever arrives

    bot = await harness.local.start()
    presence = await bot.storage.presence.get(guild.id)
    ours = await bot.storage.presence.get(harness.guild.id)

    assert presence is not None and presence.left_at is not None
    assert ours is not None and ours.left_at is None
    assert await has_data(bot, guild.id), "removed at once instead of after the grace period"
    purged = await retention_of(bot).purge_once(datetime.now(UTC) + RETENTION + timedelta(hours=1))
    assert purged == [guild.id]
    await ours_is_intact(harness)


async def test_purge_guild_deletes_a_servers_data_at_once(
    harness: Harness, database_path: Path
) -> None:
    await seed_ours(harness)
    guild = await second_team_with_data(harness)
    env = bot_environment(harness.emulator, database_path)

    result = await asyncio.to_thread(
        run_cli, "db", "purge-guild", str(guild.id), cwd=database_path.parent, env=env
    )

    assert result.returncode == 0, result.stderr
    assert f"guild {guild.id}" in result.stdout
    bot = running(harness)
    assert not await has_data(bot, guild.id)
    lists = await harness.emulator.invoke(
        "/shortlist lists", actor=harness.emulator.member(guild, "riley")
    )
    assert "No shortlists" in lists.text(), lists.text()
    await ours_is_intact(harness)


# ---------------------------------------------------------------- tokens in logs


async def _every_command_kind(emulator: Emulator, guild: Guild) -> list[Interaction]:
    admin = emulator.member(guild, "alex", manage_guild=True)
    csv = FileArgument("creators.csv", b"handle,followers,platform\n@ada,12k,instagram\n")
    lines = [
        "/help",
        "/tiers overview",
        "/tiers define tier:mid",
        "/tiers compare first:micro second:macro",
        "/tiers ask question:what does a nano influencer cost",
        "/tiers scheme name:industry",
        "/tiers custom nano:1k micro:10k macro:500k mega:1M",
        "/classify followers:12.5k platform:instagram handle:@ada likes:800",
        "/classify followers:-5 platform:tiktok",
        "/mix goal:awareness budget:$25k",
        "/shortlist create name:Tokens",
        "/shortlist add name:Tokens handle:@ada platform:instagram followers:12k",
        "/shortlist status name:Tokens handle:@ada status:contacted",
        "/shortlist note name:Tokens handle:@ada text:call",
        "/shortlist show name:Tokens",
        "/shortlist lists",
        "/shortlist export name:Tokens",
        "/shortlist history name:Tokens",
        "/shortlist rename name:Tokens new_name:Tokens2",
        "/shortlist remove name:Tokens2 handle:@ada",
        "/shortlist delete name:Tokens2",
    ]
    replies = [await emulator.invoke(line, actor=admin) for line in lines]
    replies.append(await emulator.invoke_options(["classify-csv"], {"file": csv}, actor=admin))
    replies.append(
        await emulator.invoke_options(
            ["shortlist", "import"], {"name": "Tokens2", "file": csv}, actor=admin
        )
    )
    classified = replies[7]
    replies.append(await emulator.click(classified.message, label="Add to shortlist"))
    delete = replies[20]
    replies.append(await emulator.click(delete.message, label="Delete list", actor=admin))
    await emulator.autocomplete("/tiers ask question:how much", actor=admin)
    return replies


async def test_no_token_reaches_any_log_line(emulator: Emulator, tmp_path: Path) -> None:
    guild = emulator.add_guild()
    process = await start_bot_process(emulator, tmp_path / "tierbot.sqlite3", tmp_path)

    replies = await _every_command_kind(emulator, guild)
    # Faults that make discord.py log requests, retries and gateway payloads.
    emulator.inject_fault("POST", r"/webhooks/", 429, retry_after=0.1)
    emulator.inject_fault("POST", r"/interactions/", 500)
    replies.append(await emulator.invoke("/help", actor=emulator.member(guild)))
    replies.append(
        await emulator.invoke(
            "/mix goal:launch budget:$50k", actor=emulator.member(guild), timeout=15
        )
    )
    resumes = emulator.gateway.resumes
    await emulator.gateway.close_current(4000)
    async with asyncio.timeout(10):
        while emulator.gateway.resumes == resumes:
            await asyncio.sleep(0.01)
    replies.append(await emulator.invoke("/help", actor=emulator.member(guild)))
    process.send_signal(signal.SIGTERM)
    stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    log = stderr.decode() + stdout.decode()

    assert "DEBUG" in log and "INTERACTION_CREATE" in log, "the run did not log at DEBUG"
    assert "[token]" in log, "nothing was redacted: the test did not log what carries tokens"
    assert sorted(fault.status for fault in emulator.faults_hit) == [429, 500]
    assert emulator.token not in log, "the bot token appeared in a log line"
    secret_part = emulator.token.split(".", 1)[1]
    assert secret_part not in log
    leaked = [
        reply.label
        for reply in [*replies, *emulator.interactions]
        if reply.token in log or reply.token.rsplit(".", 1)[-1] in log
    ]
    assert not leaked, f"interaction tokens in the log: {leaked[:5]}"


async def test_a_server_added_back_during_a_purge_round_keeps_its_data(harness: Harness) -> None:
    guild = await second_team_with_data(harness)
    bot = running(harness)
    await removed(harness, guild)
    await bot.storage.presence.left(guild.id, at=datetime.now(UTC) - 2 * RETENTION)
    due = await bot.storage.presence.left_before(datetime.now(UTC) - RETENTION)
    await harness.emulator.rejoin_guild(guild)  # between the round's listing and its delete
    await until(lambda: bot.get_guild(guild.id) is not None)

    removed_rows = await purge_departed_guild(
        bot.storage.database, guild.id, datetime.now(UTC) - RETENTION
    )

    assert due == [guild.id] and removed_rows is None
    assert await has_data(bot, guild.id)


async def test_the_purge_repeats_while_the_bot_runs(harness: Harness) -> None:
    bot = running(harness)
    retention = GuildDataRetention(
        bot.storage, bot.schemes, retention_days=RETENTION.days, every=timedelta(seconds=0.05)
    )
    retention.start()
    try:
        guild = await second_team_with_data(harness)  # arrives after the first round
        await removed(harness, guild)
        await bot.storage.presence.left(guild.id, at=datetime.now(UTC) - 2 * RETENTION)
        async with asyncio.timeout(5):
            while await has_data(bot, guild.id):
                await asyncio.sleep(0.02)
    finally:
        await retention.stop()


async def test_shutting_down_while_ready_is_handled_finishes_its_writes_first(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SIGTERM during start-up: READY's presence writes were still running when the
    # database closed under them ("Cannot operate on a closed database" in on_ready).
    bot = running(harness)
    presence = bot.storage.presence
    original = presence.mark_absent_except
    finished: list[int] = []

    async def slow_mark_absent_except(guild_ids: list[int]) -> list[int]:
        await asyncio.sleep(0.3)
        result = await original(guild_ids)
        finished.append(len(guild_ids))
        return result

    monkeypatch.setattr(presence, "mark_absent_except", slow_mark_absent_except)
    bot.dispatch("ready")
    await asyncio.sleep(0.05)  # on_ready is now inside the slow write

    await harness.local.stop()

    assert finished == [1], "shutdown closed the database before READY's writes finished"
    # The harness then checks that nothing was logged at ERROR.
