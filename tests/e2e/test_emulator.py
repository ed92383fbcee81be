"""The emulator is the oracle for every e2e test, so it is tested on its own: it must refuse
what Discord refuses and build interactions the way the Discord client does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.playground.emulator import CommandLineError, Emulator
from bot.playground.emulator.commands import RegisteredCommand, build_options

CLASSIFY: dict[str, Any] = {
    "name": "classify",
    "description": "Classify a creator",
    "type": 1,
    "options": [
        {"name": "followers", "description": "Followers", "type": 3, "required": True},
        {
            "name": "platform",
            "description": "Platform",
            "type": 3,
            "choices": [
                {"name": "instagram", "value": "instagram"},
                {"name": "tiktok", "value": "tiktok"},
            ],
        },
        {"name": "handle", "description": "Handle", "type": 3},
        {"name": "weeks", "description": "Weeks", "type": 4, "min_value": 1, "max_value": 52},
    ],
}
TIERS: dict[str, Any] = {
    "name": "tiers",
    "description": "Tiers",
    "type": 1,
    "options": [
        {
            "name": "define",
            "description": "Define",
            "type": 1,
            "options": [{"name": "tier", "description": "Tier", "type": 3, "required": True}],
        },
        {"name": "overview", "description": "Overview", "type": 1},
    ],
}


def registered(*bodies: dict[str, Any]) -> list[RegisteredCommand]:
    return [
        RegisteredCommand(id=index + 1, application_id=1, guild_id=None, body=body)
        for index, body in enumerate(bodies)
    ]


def test_typed_lines_become_options_as_discord_sends_them() -> None:
    built = build_options(
        registered(CLASSIFY), "/classify followers:12.5k platform:tiktok handle:https://x.com/a b"
    )
    assert built.options == [
        {"name": "followers", "type": 3, "value": "12.5k"},
        {"name": "platform", "type": 3, "value": "tiktok"},
        {"name": "handle", "type": 3, "value": "https://x.com/a b"},
    ]


def test_sub_commands_nest_their_options() -> None:
    built = build_options(registered(TIERS), '/tiers define tier:"nano"')
    assert built.options == [
        {"name": "define", "type": 1, "options": [{"name": "tier", "type": 3, "value": "nano"}]}
    ]


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ("/clasify followers:1", "Did you mean `/classify`"),
        ("/classify", "missing the required option followers"),
        ("/classify folowers:1", "Did you mean `followers`"),
        ("/classify followers:1 platform:myspace", "must be one of: instagram, tiktok"),
        ("/classify followers:1 weeks:53", "between 1 and 52"),
        ("/classify followers:1 weeks:two", "whole number"),
        ("/classify followers:1 followers:2", "given twice"),
        ("/tiers", "needs a sub-command"),
        ("/tiers defne tier:nano", "Did you mean `define`"),
        ("classify followers:1", "start with `/`"),
    ],
)
def test_mistyped_lines_get_the_clients_kind_of_answer(line: str, complaint: str) -> None:
    with pytest.raises(CommandLineError) as caught:
        build_options(registered(CLASSIFY, TIERS), line)
    assert complaint in str(caught.value)


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    emulator = Emulator()
    await emulator.start()
    yield emulator
    await emulator.stop()


async def request(
    emulator: Emulator, method: str, path: str, body: Any, *, auth: bool = True
) -> tuple[int, Any]:
    headers = {"Authorization": f"Bot {emulator.token}"} if auth else {}
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, emulator.rest_url + path, json=body, headers=headers) as response,
    ):
        assert response.headers["Content-Type"] == "application/json" or response.status == 204
        return response.status, await response.json() if response.status != 204 else None


async def test_rest_requires_the_bot_token(emulator: Emulator) -> None:
    status, _ = await request(emulator, "GET", "/users/@me", None, auth=False)
    assert status == 401


async def test_invalid_command_bodies_are_refused_like_discord(emulator: Emulator) -> None:
    app = emulator.application_id
    bad = [{**CLASSIFY, "name": "Classify"}]
    status, body = await request(emulator, "PUT", f"/applications/{app}/commands", bad)
    assert status == 400 and body["code"] == 50035

    too_long = [{**CLASSIFY, "description": "d" * 101}]
    status, _ = await request(emulator, "PUT", f"/applications/{app}/commands", too_long)
    assert status == 400

    status, saved = await request(emulator, "PUT", f"/applications/{app}/commands", [CLASSIFY])
    assert status == 200 and saved[0]["name"] == "classify"


async def registered_interaction(emulator: Emulator) -> Any:
    app = emulator.application_id
    await request(emulator, "PUT", f"/applications/{app}/commands", [CLASSIFY])
    guild = emulator.add_guild()

    class Silent:
        async def dispatch(
            self, event: str, data: dict[str, Any], *, shard: int | None = None
        ) -> None:
            return None

    emulator.gateway.dispatch = Silent().dispatch  # type: ignore[method-assign]
    return await emulator.send_command("/classify followers:10k", actor=emulator.member(guild))


def embed_body(**embed: Any) -> dict[str, Any]:
    return {"type": 4, "data": {"embeds": [embed], "allowed_mentions": {"parse": []}}}


async def test_a_reply_over_6000_embed_characters_is_refused(emulator: Emulator) -> None:
    interaction = await registered_interaction(emulator)
    fields = [{"name": f"f{i}", "value": "v" * 1000} for i in range(7)]
    status, body = await request(
        emulator,
        "POST",
        f"/interactions/{interaction.id}/{interaction.token}/callback",
        embed_body(title="t", fields=fields),
        auth=False,
    )
    assert status == 400 and body["code"] == 50035
    assert "6000" in str(body["errors"])
    assert interaction.rejections


@pytest.mark.parametrize(
    "data",
    [
        {"content": "x" * 2001},
        {"embeds": [{"title": "t" * 257}]},
        {"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]},
        {
            "components": [
                {
                    "type": 1,
                    "components": [{"type": 2, "style": 1, "label": "a", "custom_id": "c" * 101}],
                }
            ]
        },
        {"content": ""},
    ],
)
async def test_bodies_over_any_limit_are_refused(emulator: Emulator, data: dict[str, Any]) -> None:
    interaction = await registered_interaction(emulator)
    status, body = await request(
        emulator,
        "POST",
        f"/interactions/{interaction.id}/{interaction.token}/callback",
        {"type": 4, "data": data},
        auth=False,
    )
    assert status == 400 and body["code"] == 50035


async def test_a_second_acknowledgement_is_refused(emulator: Emulator) -> None:
    interaction = await registered_interaction(emulator)
    path = f"/interactions/{interaction.id}/{interaction.token}/callback"
    first, _ = await request(emulator, "POST", path, {"type": 5}, auth=False)
    second, body = await request(emulator, "POST", path, {"type": 5}, auth=False)
    assert first == 200
    assert second == 400 and body["code"] == 40060


async def test_a_first_response_after_three_seconds_is_recorded_and_refused(
    emulator: Emulator,
) -> None:
    interaction = await registered_interaction(emulator)
    interaction.created -= 3.5
    status, body = await request(
        emulator,
        "POST",
        f"/interactions/{interaction.id}/{interaction.token}/callback",
        {"type": 5},
        auth=False,
    )
    assert status == 404 and body["code"] == 10062
    assert emulator.late_interactions == [interaction]


async def test_mentions_that_would_ping_are_recorded(emulator: Emulator) -> None:
    interaction = await registered_interaction(emulator)
    await request(
        emulator,
        "POST",
        f"/interactions/{interaction.id}/{interaction.token}/callback",
        {"type": 4, "data": {"content": "hi @everyone"}},
        auth=False,
    )
    assert emulator.pings == ["@everyone"]


async def test_a_deferred_reply_is_settled_by_the_first_followup(emulator: Emulator) -> None:
    interaction = await registered_interaction(emulator)
    await request(
        emulator,
        "POST",
        f"/interactions/{interaction.id}/{interaction.token}/callback",
        {"type": 5},
        auth=False,
    )
    assert not interaction.settled
    status, _ = await request(
        emulator,
        "POST",
        f"/webhooks/{emulator.application_id}/{interaction.token}",
        {"content": "done", "allowed_mentions": {"parse": []}},
        auth=False,
    )
    assert status == 200
    assert interaction.settled
    assert [m.content for m in interaction.messages] == ["done"]
