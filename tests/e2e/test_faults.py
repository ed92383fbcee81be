"""Gateway and REST faults: the bot resumes, identifies again, reconnects, retries, reports,
and answers the next command; no acknowledged shortlist write is lost across a fault.

Every fault comes from the emulator: close codes and invalid sessions on the gateway socket,
unacknowledged heartbeats, and 429 / 5xx answers to chosen REST requests (`inject_fault`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import discord.webhook.async_
import pytest

from bot.playground.emulator import Emulator, Interaction
from bot.playground.emulator.spec import SpecValidator
from bot.playground.local import LocalBot, settings_for
from tests.e2e.conftest import Harness, LogCollector
from tests.e2e.hostile import new_log_problems, problems_with_answer

CSV = b"handle,followers,platform\n@ada,12.5k,instagram\n@bob,1.2M,tiktok\n"
# discord.py logs these on purpose while it rides out a fault; anything else is a finding.
RIDING_OUT = (
    "rate limited",
    "has stopped responding to the gateway",
    "Can't keep up",
    "trying again in",  # bot.http_retries: one line for each 5xx discord.py retries
)


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


def assert_answered(harness: Harness, reply: Interaction, logged_before: int = 0) -> None:
    problems = problems_with_answer(reply)
    problems += new_log_problems(harness.logs.records, logged_before, RIDING_OUT)
    assert not problems, f"{reply.label}: {problems}"
    assert reply.messages, f"{reply.label}: nothing was shown"


async def help_works(harness: Harness) -> None:
    logged_before = len(harness.logs.records)
    reply = await harness.invoke("/help")
    assert_answered(harness, reply, logged_before)
    assert "what I can do" in reply.embed["title"]


# ---------------------------------------------------------------- gateway


async def test_close_code_4000_resumes_and_replays_what_was_missed(harness: Harness) -> None:
    gateway = harness.emulator.gateway
    await help_works(harness)
    resumes, identifies = gateway.resumes, gateway.identifies

    await gateway.close_current(4000)
    # Typed while the bot is away: Discord holds the events and replays them on RESUME.
    missed = [
        await harness.emulator.send_command(line, actor=harness.member)
        for line in ("/help", "/mix goal:awareness budget:$25k", "/shortlist lists")
    ]
    await until(lambda: gateway.resumes > resumes)
    for reply in missed:
        await reply.wait_settled(5)
        assert_answered(harness, reply)

    assert gateway.identifies == identifies, "a resumable close started a new session"
    await help_works(harness)


async def test_an_invalid_session_makes_the_bot_identify_again(harness: Harness) -> None:
    gateway = harness.emulator.gateway
    bot = harness.local.bot
    assert bot is not None
    await help_works(harness)
    identifies = gateway.identifies

    await gateway.invalidate_session(resumable=False)
    await until(lambda: gateway.identifies > identifies and bot.is_ready())
    await until(lambda: bot.get_guild(harness.guild.id) is not None)

    await help_works(harness)
    reply = await harness.invoke("/classify followers:12.5k platform:instagram")
    assert_answered(harness, reply)


async def test_a_resumable_invalid_session_and_a_reconnect_request_resume(
    harness: Harness,
) -> None:
    gateway = harness.emulator.gateway
    resumes = gateway.resumes

    await gateway.request_reconnect()
    await until(lambda: gateway.resumes == resumes + 1)
    await help_works(harness)

    await gateway.invalidate_session(resumable=True)
    await until(lambda: gateway.resumes == resumes + 2)
    await help_works(harness)


@pytest.fixture
async def quick_heartbeats(
    spec_validator: SpecValidator | None, database_path: Path, log_collector: LogCollector
) -> AsyncIterator[Harness]:
    """A gateway that asks for a heartbeat every 0.2 s, and a bot that gives up on a silent
    connection after 1 s (instead of discord.py's 60)."""
    emulator = Emulator(spec=spec_validator, heartbeat_interval=0.2)
    await emulator.start()
    guild = emulator.add_guild("Acme Marketing")
    local = LocalBot(emulator, settings_for(emulator, database_path, heartbeat_timeout=1.0))
    await local.start()
    harness = Harness(
        emulator=emulator,
        local=local,
        guild=guild,
        member=emulator.member(guild, "sam"),
        admin=emulator.member(guild, "alex", manage_guild=True),
        logs=log_collector,
    )
    try:
        yield harness
    finally:
        await local.stop()
        await emulator.stop()
    harness.check_after_test()


async def test_a_connection_that_stops_acknowledging_heartbeats_is_replaced(
    quick_heartbeats: Harness,
) -> None:
    harness = quick_heartbeats
    gateway = harness.emulator.gateway
    await help_works(harness)
    connections = gateway.connections
    sessions = gateway.resumes + gateway.identifies

    gateway.acks_paused = True  # heartbeats go unanswered, and nothing else arrives either
    await until(lambda: gateway.connections > connections, timeout=10)
    gateway.acks_paused = False
    await until(lambda: gateway.resumes + gateway.identifies > sessions)

    await help_works(harness)


# ---------------------------------------------------------------- REST


# Deferred commands: their answer is a follow-up (POST /webhooks/{app}/{token}).
DEFERRED = {
    "/classify-csv file:creators.csv": "Creator list classified",
    "/mix goal:launch budget:$40k": "Launch mix",
    "/shortlist export name:Faults": "Export of Faults",
}


async def _deferred(harness: Harness, line: str) -> Interaction:
    if "shortlist" in line:
        await harness.invoke("/shortlist create name:Faults")
    return await harness.invoke(line, files={"creators.csv": CSV}, timeout=15)


@pytest.mark.parametrize("line", list(DEFERRED))
async def test_a_429_on_a_follow_up_is_waited_out_and_the_reply_arrives(
    harness: Harness, line: str
) -> None:
    emulator = harness.emulator
    emulator.inject_fault("POST", r"/webhooks/\d+/[^/]+$", 429, retry_after=0.3)

    reply = await _deferred(harness, line)

    assert [(hit.method, hit.status) for hit in emulator.faults_hit] == [("POST", 429)]
    assert_answered(harness, reply)
    assert DEFERRED[line] in reply.text()
    assert not reply.ephemeral


async def test_a_429_on_an_interaction_callback_is_waited_out(harness: Harness) -> None:
    emulator = harness.emulator
    emulator.inject_fault("POST", r"/interactions/\d+/[^/]+/callback", 429, retry_after=0.2)

    await help_works(harness)

    assert [hit.status for hit in emulator.faults_hit] == [429]


@pytest.mark.parametrize("line", list(DEFERRED))
async def test_a_single_500_is_retried_and_the_reply_arrives(harness: Harness, line: str) -> None:
    emulator = harness.emulator
    emulator.inject_fault("POST", r"/webhooks/\d+/[^/]+$", 500)

    reply = await _deferred(harness, line)

    assert [hit.status for hit in emulator.faults_hit] == [500]
    assert_answered(harness, reply)
    assert DEFERRED[line] in reply.text()


class _QuickRetries:
    """discord.py's webhook adapter waits 1, 3, 5, 7 and 9 s between its five tries of a 5xx;
    this stands in for its `asyncio` module and waits a twentieth of that."""

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay: float, result: Any = None) -> Any:
        return await asyncio.sleep(delay / 20, result)


async def test_a_discord_outage_on_a_reply_is_reported_and_the_bot_carries_on(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discord.webhook.async_, "asyncio", _QuickRetries())
    emulator = harness.emulator
    # Every one of discord.py's five tries to answer the first /help fails.
    emulator.inject_fault("POST", r"/interactions/\d+/[^/]+/callback", 500, times=5)
    harness.expect_log("Unexpected error in help")

    failed = await harness.invoke("/help")

    assert [hit.status for hit in emulator.faults_hit] == [500] * 5
    logged = [r for r in harness.logs.records if "Unexpected error in help" in r.getMessage()]
    assert logged, "the failed reply was not logged"
    assert logged[0].exc_info is not None
    assert "DiscordServerError" in repr(logged[0].exc_info[1])
    # The user is told, with the reference the log line carries.
    assert failed.ephemeral
    reference = failed.embed["description"].split("`")[1]
    assert reference in logged[0].getMessage()
    await help_works(harness)


# ---------------------------------------------------------------- shortlist writes


async def _add(harness: Harness, handle: str) -> Interaction:
    return await harness.emulator.send_options(
        ["shortlist", "add"],
        {"name": "Faults", "handle": handle, "platform": "instagram", "followers": "12k"},
        actor=harness.member,
    )


async def _acknowledged(replies: list[Interaction]) -> list[str]:
    """The handles whose add the user saw confirmed."""
    confirmed = []
    for reply in replies:
        try:
            await reply.wait_settled(15)
        except TimeoutError:
            continue
        if reply.messages and "Added to the shortlist" in reply.text():
            confirmed.append(
                str(reply.payload["data"]["options"][0]["options"][1]["value"]).lstrip("@")
            )
    return confirmed


async def _stored_handles(harness: Harness, list_name: str) -> list[str]:
    bot = harness.local.bot
    assert bot is not None
    shortlist = await bot.storage.shortlists.find(harness.guild.id, list_name)
    assert shortlist is not None
    return [
        entry.handle.lstrip("@")
        for entry in await bot.storage.shortlists.entries(harness.guild.id, shortlist.id)
    ]


async def test_no_acknowledged_shortlist_add_is_lost_across_faults(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "shortlist" not in harness.emulator.registered(None):
        pytest.fail("/shortlist is not registered")
    monkeypatch.setattr(discord.webhook.async_, "asyncio", _QuickRetries())
    emulator = harness.emulator
    gateway = emulator.gateway
    created = await harness.invoke("/shortlist create name:Faults")
    assert "Created" in created.text(), created.text()
    replies: list[Interaction] = []
    handle_number = 0

    async def burst(count: int) -> None:
        nonlocal handle_number
        for _ in range(count):
            handle_number += 1
            replies.append(await _add(harness, f"@creator{handle_number}"))

    await burst(5)
    resumes = gateway.resumes
    await gateway.close_current(4000)
    await burst(5)  # held by Discord until the bot resumes
    await until(lambda: gateway.resumes > resumes)
    await burst(5)

    emulator.inject_fault("POST", r"/interactions/\d+/[^/]+/callback", 429, retry_after=0.2)
    await burst(3)
    emulator.inject_fault("POST", r"/interactions/\d+/[^/]+/callback", 500, times=1)
    await burst(3)

    await asyncio.gather(*(reply.wait_settled(15) for reply in replies))
    identifies = gateway.identifies
    await gateway.invalidate_session(resumable=False)
    bot = harness.local.bot
    assert bot is not None
    await until(lambda: gateway.identifies > identifies and bot.is_ready())
    await until(lambda: bot.get_guild(harness.guild.id) is not None)
    await burst(5)

    confirmed = await _acknowledged(replies)
    stored = await _stored_handles(harness, "Faults")

    assert sorted(hit.status for hit in emulator.faults_hit) == [429, 500]
    assert len(confirmed) == handle_number, "an add went unanswered through a fault"
    assert len(set(confirmed)) == len(confirmed), "an add was confirmed twice"
    assert sorted(stored) == sorted(confirmed), "the database and the confirmations disagree"
    shown = await harness.invoke("/shortlist show name:Faults")
    assert f"· {handle_number} creators ·" in shown.text()
