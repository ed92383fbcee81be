"""The event loop and JSON library the bot runs with (settings EVENT_LOOP, JSON_LIBRARY).

uvloop replaces asyncio's event loop with one written on libuv; orjson (discord.py's
`speed` extra) replaces the standard library's json for every gateway event and REST
body discord.py reads or writes. Both are installed with Tierbot where they exist (uvloop
on Linux only) and used by default; each can be turned off, which is how bench/speedups.py
measures what each buys. "auto" means: use it when it is installed.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import logging
from collections.abc import Callable
from typing import Any, Literal

import discord.utils

log = logging.getLogger(__name__)

EventLoopChoice = Literal["auto", "asyncio", "uvloop"]
JsonChoice = Literal["auto", "orjson", "stdlib"]


# What discord.py encodes with: its own choice at import, until `use_json` changes it.
_json_in_use = "orjson" if getattr(discord.utils, "HAS_ORJSON", False) else "stdlib"


class SpeedupUnavailable(RuntimeError):
    """A setting asked for a library that is not installed here."""


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def loop_factory(choice: EventLoopChoice) -> tuple[str, Callable[[], asyncio.AbstractEventLoop]]:
    """(name, factory) of the event loop to run the bot on."""
    if choice == "asyncio" or (choice == "auto" and not _installed("uvloop")):
        return "asyncio", asyncio.new_event_loop
    if not _installed("uvloop"):
        raise SpeedupUnavailable("EVENT_LOOP=uvloop, but uvloop is not installed (Linux only)")
    import uvloop

    return "uvloop", uvloop.new_event_loop


def _stdlib_dumps(obj: Any) -> str:
    # What discord.py itself does without orjson.
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=True)


def use_json(choice: JsonChoice) -> str:
    """Point discord.py's JSON encoding and decoding at the chosen library; returns its name.

    discord.py picks orjson at import when it is installed and looks the two functions up
    on `discord.utils` at every call, so replacing them there switches every use.
    """
    global _json_in_use
    if choice == "stdlib" or (choice == "auto" and not _installed("orjson")):
        discord.utils._to_json = _stdlib_dumps
        discord.utils._from_json = json.loads  # type: ignore[assignment]
        _json_in_use = "stdlib"
        return _json_in_use
    if not _installed("orjson"):
        raise SpeedupUnavailable("JSON_LIBRARY=orjson, but orjson is not installed")
    import orjson

    def orjson_dumps(obj: Any) -> str:
        return orjson.dumps(obj).decode("utf-8")

    discord.utils._to_json = orjson_dumps
    discord.utils._from_json = orjson.loads
    _json_in_use = "orjson"
    return _json_in_use


def in_use() -> str:
    """ "Event loop: uvloop; JSON: orjson" for the running loop, logged once the bot is up
    (not before: a start-up failure stays one line)."""
    loop = asyncio.get_running_loop()
    loop_name = "uvloop" if type(loop).__module__.startswith("uvloop") else "asyncio"
    return f"Event loop: {loop_name}; JSON: {_json_in_use}"
