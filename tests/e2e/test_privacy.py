"""Privacy: a server's data is deleted GUILD_DATA_RETENTION_DAYS after it removes the bot
(unless it adds the bot back), `tierbot db purge-guild ID` deletes it at once, and no token
ever reaches a log line.
"""

from __future__ import annotations

import asyncio

from tests.e2e.conftest import Harness


async def test_a_server_that_removed_the_bot_while_it_was_offline_is_noticed(
    harness: Harness,
) -> None:
    guild = await harness.emulator.join_guild("Second Team")
    running = harness.local.bot
    assert running is not None
    async with asyncio.timeout(5):
        while running.get_guild(guild.id) is None:
            await asyncio.sleep(0.01)
    await harness.local.stop()
    del harness.emulator.guilds[guild.id]  # kicked while offline: no GUILD_DELETE ever arrives

    bot = await harness.local.start()
    presence = await bot.storage.presence.get(guild.id)
    ours = await bot.storage.presence.get(harness.guild.id)

    assert presence is not None and presence.left_at is not None
    assert ours is not None and ours.left_at is None
