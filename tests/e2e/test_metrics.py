"""METRICS_PORT: Prometheus text at /metrics and /healthz, served by the bot's own loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.client import TierBot
from bot.playground.emulator import Emulator
from bot.playground.local import LocalBot, settings_for
from tests.backends import ScratchPostgres, empty_postgres


@pytest.fixture
async def metered(emulator: Emulator, tmp_path: Path) -> AsyncIterator[TierBot]:
    local = LocalBot(
        emulator,
        settings_for(
            emulator, tmp_path / "tierbot.sqlite3", metrics_port=0, metrics_host="127.0.0.1"
        ),
    )
    bot = await local.start()
    try:
        yield bot
    finally:
        await local.stop()


async def fetch(bot: TierBot, path: str) -> tuple[int, str]:
    assert bot.metrics_server is not None and bot.metrics_server.port
    url = f"http://127.0.0.1:{bot.metrics_server.port}{path}"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


def sample(text: str, name: str) -> float | None:
    for line in text.splitlines():
        if line.startswith(name + " ") or (
            line.startswith(name + "{") and line.split(" ")[0] == name
        ):
            return float(line.rsplit(" ", 1)[1])
    return None


async def test_metrics_count_commands_by_outcome_and_report_the_shards(
    emulator: Emulator, metered: TierBot
) -> None:
    guild = emulator.add_guild("Acme")
    member = emulator.member(guild)
    await emulator.invoke("/help", actor=member)
    await emulator.invoke("/help", actor=member)
    await emulator.invoke("/classify followers:-5 platform:tiktok", actor=member)

    status, text = await fetch(metered, "/metrics")

    assert status == 200
    assert sample(text, 'tierbot_interactions_total{command="help",outcome="ok"}') == 2.0
    assert sample(text, 'tierbot_interactions_total{command="classify",outcome="refused"}') == 1.0
    assert sample(text, 'tierbot_command_seconds_count{command="help"}') == 2.0
    assert sample(text, 'tierbot_first_response_seconds_count{command="help"}') == 2.0
    assert sample(text, 'tierbot_first_response_seconds_count{command="classify"}') == 1.0
    assert sample(text, "tierbot_shards_connected") == 1.0
    assert sample(text, "tierbot_shards") == 1.0
    assert sample(text, "tierbot_guilds") == 1.0
    assert 'tierbot_gateway_latency_seconds{shard="0"}' in text
    assert emulator.token not in text


async def test_first_response_is_the_defer_not_the_finished_reply(
    emulator: Emulator, metered: TierBot
) -> None:
    guild = emulator.add_guild("Acme")
    reply = await emulator.invoke("/mix goal:awareness budget:$25k", actor=emulator.member(guild))
    assert reply.embed is not None  # the plan arrived (after a defer)

    _, text = await fetch(metered, "/metrics")

    first = sample(text, 'tierbot_first_response_seconds_sum{command="mix"}')
    finished = sample(text, 'tierbot_command_seconds_sum{command="mix"}')
    assert first is not None and finished is not None
    assert 0 < first < finished, (first, finished)
    assert sample(text, 'tierbot_first_response_seconds_count{command="mix"}') == 1.0


async def test_healthz_says_why_it_is_unhealthy(
    metered: TierBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert await fetch(metered, "/healthz") == (200, "ok\n")

    async def database_down(*args: object) -> object:
        raise ConnectionRefusedError

    monkeypatch.setattr(metered.storage.database, "fetch_value", database_down)

    assert await fetch(metered, "/healthz") == (
        503,
        "unhealthy: the database does not answer (ConnectionRefusedError)\n",
    )


async def test_buttons_and_menus_count_under_the_command_whose_reply_carries_them(
    emulator: Emulator, metered: TierBot
) -> None:
    guild = emulator.add_guild("Acme")
    admin = emulator.member(guild, "alex", manage_guild=True)
    stranger = emulator.member(guild, "robin")
    await emulator.invoke("/shortlist create name:Launch", actor=admin)
    for number in range(11):  # two pages of ten
        await emulator.invoke(
            f"/shortlist add name:Launch handle:@creator_{number} platform:tiktok followers:9k",
            actor=admin,
        )
    shown = await emulator.invoke("/shortlist show name:Launch", actor=admin)
    turned = await emulator.click(shown.message, label="Next ›", actor=admin)
    assert "Page 2 of 2" in shown.message.embeds[0]["footer"]["text"]
    classified = await emulator.invoke(
        "/classify followers:45000 platform:instagram handle:@jane_doe", actor=admin
    )
    offered = await emulator.click(classified.message, label="Add to shortlist", actor=admin)
    launch = offered.message.selects[0]["options"][0]["value"]
    picked = await emulator.select(offered.message, [launch], actor=admin)
    asked = await emulator.invoke("/shortlist delete name:Launch", actor=admin)
    not_theirs = await emulator.click(asked.message, label="Delete list", actor=stranger)
    assert not_theirs.embed["title"] == "Not your buttons"
    await emulator.click(asked.message, label="Delete list", actor=admin)
    assert asked.message.embeds[0]["title"] == "Shortlist deleted"

    _, text = await fetch(metered, "/metrics")

    def interactions(command: str, outcome: str) -> float | None:
        return sample(
            text, f'tierbot_interactions_total{{command="{command}",outcome="{outcome}"}}'
        )

    assert turned.callback_type == 7 and picked.callback_type == 7
    assert interactions("shortlist show · page", "ok") == 1.0
    assert interactions("classify · add to shortlist", "ok") == 1.0
    assert interactions("classify · pick a shortlist", "ok") == 1.0
    assert interactions("shortlist delete · confirm or cancel", "refused") == 1.0
    assert interactions("shortlist delete · confirm or cancel", "ok") == 1.0
    assert interactions("shortlist add", "ok") == 11.0, "a slash command's full name"
    for pressed in ("shortlist show · page", "classify · pick a shortlist"):
        first = f'tierbot_first_response_seconds_count{{command="{pressed}"}}'
        assert sample(text, first) == 1.0
    assert sample(text, 'tierbot_command_seconds_count{command="shortlist show · page"}') == 1.0


async def test_healthz_names_a_shard_that_lost_the_gateway_until_it_is_back(
    emulator: Emulator, metered: TierBot
) -> None:
    emulator.gateway.refuse_connections = True  # the gateway goes down and stays down
    await emulator.gateway.close_current(4000)

    async def health_becomes(expected: int) -> tuple[int, str]:
        async with asyncio.timeout(15):
            while True:
                status, text = await fetch(metered, "/healthz")
                if status == expected:
                    return status, text
                await asyncio.sleep(0.05)

    down = await health_becomes(503)
    _, text = await fetch(metered, "/metrics")
    emulator.gateway.refuse_connections = False
    back = await health_becomes(200)

    assert down == (503, "unhealthy: shard 0 not connected\n")
    assert sample(text, "tierbot_shards_connected") == 0.0
    assert sample(text, "tierbot_shards") == 1.0
    assert back == (200, "ok\n")


async def test_an_unexpected_error_counts_by_type_and_as_the_commands_error(
    emulator: Emulator, metered: TierBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(metered.storage.shortlists, "overview", broken)
    guild = emulator.add_guild("Acme")
    reply = await emulator.invoke("/shortlist lists", actor=emulator.member(guild))
    assert reply.ephemeral

    _, text = await fetch(metered, "/metrics")

    assert sample(text, 'tierbot_errors_total{type="RuntimeError"}') == 1.0
    assert (
        sample(text, 'tierbot_interactions_total{command="shortlist lists",outcome="error"}') == 1.0
    )


async def test_on_postgresql_the_pool_in_use_is_reported(
    emulator: Emulator, tmp_path: Path, postgres_scratch: ScratchPostgres
) -> None:
    await empty_postgres(postgres_scratch.url)
    settings = settings_for(
        emulator,
        tmp_path / "unused.sqlite3",
        database_url=postgres_scratch.url,
        metrics_port=0,
        metrics_host="127.0.0.1",
    )
    local = LocalBot(emulator, settings)
    bot = await local.start()
    try:
        # Start-up's own writes (presence, the retention round) give their connections back.
        async with asyncio.timeout(10):
            while True:
                _, text = await fetch(bot, "/metrics")
                if sample(text, "tierbot_db_pool_in_use") == 0.0:
                    break
                await asyncio.sleep(0.05)
        status, health = await fetch(bot, "/healthz")
    finally:
        await local.stop()

    assert (status, health) == (200, "ok\n")
    assert postgres_scratch.url not in text
