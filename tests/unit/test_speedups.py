"""EVENT_LOOP and JSON_LIBRARY: each choice really switches what discord.py and asyncio use."""

from __future__ import annotations

import asyncio
import json

import discord.utils
import pytest

from bot.config import Settings
from bot.speedups import loop_factory, use_json

BODY = {"content": "Café · 12.5K", "embeds": [{"title": "Micro", "fields": []}]}


@pytest.fixture(autouse=True)
def restore_json():
    saved = discord.utils._to_json, discord.utils._from_json
    yield
    discord.utils._to_json, discord.utils._from_json = saved


def test_stdlib_json_is_what_discord_py_sends_without_orjson() -> None:
    assert use_json("stdlib") == "stdlib"
    sent = discord.utils._to_json(BODY)
    assert sent == json.dumps(BODY, separators=(",", ":"), ensure_ascii=True)
    assert discord.utils._from_json(sent) == BODY


def test_orjson_encodes_the_same_body() -> None:
    pytest.importorskip("orjson")
    assert use_json("orjson") == "orjson"
    sent = discord.utils._to_json(BODY)
    assert "Café" in sent  # orjson writes UTF-8 rather than \\u escapes
    assert discord.utils._from_json(sent) == BODY
    assert use_json("auto") == "orjson"


def test_the_chosen_loop_is_the_one_that_runs() -> None:
    name, factory = loop_factory("asyncio")
    assert name == "asyncio"
    loop = factory()
    try:
        assert type(loop).__module__.startswith("asyncio")
    finally:
        loop.close()
    pytest.importorskip("uvloop")
    name, factory = loop_factory("auto")
    assert name == "uvloop"
    with asyncio.Runner(loop_factory=factory) as runner:
        module = runner.run(_running_loop_module())
    assert module.startswith("uvloop")


async def _running_loop_module() -> str:
    return type(asyncio.get_running_loop()).__module__


def test_settings_accept_only_known_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENT_LOOP", "asyncio")
    monkeypatch.setenv("JSON_LIBRARY", "stdlib")
    settings = Settings(_env_file=None)
    assert (settings.event_loop, settings.json_library) == ("asyncio", "stdlib")
    monkeypatch.setenv("EVENT_LOOP", "trio")
    with pytest.raises(ValueError, match="event_loop"):
        Settings(_env_file=None)
