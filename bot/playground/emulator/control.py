"""A small HTTP control API so another process can drive the emulator (used by `bench/`).

    install_control(emulator)   # before emulator.start()

adds, next to the REST API and the gateway (and outside /api, so no bot token is needed):

    GET  /_control/state        guilds, gateway identifies, command syncs, registered commands
    POST /_control/guild        {"name"} -> a guild with the bot in it (GUILD_CREATE if connected)
    POST /_control/guilds       {"count", "prefix"} -> that many GUILD_CREATEs, one after another
    POST /_control/wait         {"identifies_above", "syncs_above", "timeout"} -> when the bot
                                identified and synced its commands (wall-clock seconds)
    POST /_control/invoke       {"line", "actor", "files", "raw"} -> one command and what the user
                                saw; with "raw", also every body and file the bot sent
    POST /_control/load         {"line" (or a list, cycled), "count", "concurrency", "actor",
                                "files", "timeout"} ->
                                `count` commands with at most `concurrency` in flight; per
                                interaction: dispatch to first callback, and to the settled reply

Lines may contain `{i}`: replaced by a number unique within the emulator's lifetime, so every
interaction can add a different handle; `{i%N}` is that number modulo N, for values that vary
within a range. `actor` is {"guild": name, "role": "member"|"admin"};
`files` maps a file name to base64 data.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import re
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.playground.emulator.commands import CommandLineError, FileArgument
from bot.playground.emulator.records import Interaction
from bot.playground.emulator.world import Actor, Guild

if TYPE_CHECKING:
    from bot.playground.emulator.server import Emulator

PREFIX = "/_control"
_CYCLED = re.compile(r"\{i%(\d+)\}")
_POLL_SECONDS = 0.001


class Control:
    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self._unique = itertools.count(1)
        self._actors: dict[tuple[int, str], Actor] = {}

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get(f"{PREFIX}/state", self.state),
            web.post(f"{PREFIX}/guild", self.add_guild),
            web.post(f"{PREFIX}/guilds", self.add_guilds),
            web.post(f"{PREFIX}/wait", self.wait),
            web.post(f"{PREFIX}/invoke", self.invoke),
            web.post(f"{PREFIX}/load", self.load),
        ]

    # ------------------------------------------------------------ world

    def _state(self) -> dict[str, Any]:
        emulator = self.emulator
        return {
            "token": emulator.token,
            "rest_url": emulator.rest_url,
            "gateway_url": emulator.gateway_url,
            "guilds": [{"id": str(g.id), "name": g.name} for g in emulator.guilds.values()],
            "identifies": emulator.gateway.identifies,
            "syncs": sum(emulator.sync_count.values()),
            "commands": sorted(name for scope in emulator._commands.values() for name in scope),
            # The definitions as synced, for a bot that registers the very same commands
            # (bench/baseline_bot.py's same-payload mode).
            "command_definitions": [
                command.body for scope in emulator._commands.values() for command in scope.values()
            ],
            "interactions": len(emulator.interactions),
        }

    async def state(self, request: web.Request) -> web.Response:
        return web.json_response(self._state())

    async def add_guild(self, request: web.Request) -> web.Response:
        body = await request.json()
        guild = self.emulator.add_guild(str(body.get("name") or "Acme Marketing"))
        return web.json_response({"id": str(guild.id), "name": guild.name})

    async def add_guilds(self, request: web.Request) -> web.Response:
        body = await request.json()
        count = int(body["count"])
        prefix = str(body.get("prefix") or "Guild")
        started = time.monotonic()
        for number in range(count):
            await self.emulator.join_guild(f"{prefix} {number + 1}")
        return web.json_response({"count": count, "seconds": time.monotonic() - started})

    async def wait(self, request: web.Request) -> web.Response:
        """Until the gateway saw more identifies and the REST API more syncs than given."""
        body = await request.json()
        identifies_above = int(body.get("identifies_above", 0))
        syncs_above = int(body.get("syncs_above", -1))
        deadline = time.monotonic() + float(body.get("timeout", 30.0))
        identified_at: float | None = None
        synced_at: float | None = None
        emulator = self.emulator
        while identified_at is None or synced_at is None:
            if identified_at is None and emulator.gateway.identifies > identifies_above:
                identified_at = time.time()
            if synced_at is None and sum(emulator.sync_count.values()) > syncs_above:
                synced_at = time.time()
            if time.monotonic() > deadline:
                return web.json_response(
                    {"error": "timeout", "identified_at": identified_at, "synced_at": synced_at},
                    status=504,
                )
            await asyncio.sleep(_POLL_SECONDS)
        return web.json_response({"identified_at": identified_at, "synced_at": synced_at})

    # ------------------------------------------------------------ commands

    def _guild(self, name: str | None) -> Guild:
        for guild in self.emulator.guilds.values():
            if name is None or guild.name == name:
                return guild
        raise web.HTTPBadRequest(text=f"no guild named {name!r}")

    def _actor(self, spec: dict[str, Any] | None) -> Actor:
        spec = spec or {}
        guild = self._guild(spec.get("guild"))
        role = str(spec.get("role") or "member")
        key = (guild.id, role)
        if key not in self._actors:
            if role == "admin":
                self._actors[key] = self.emulator.admin(guild, "bench-admin")
            else:
                self._actors[key] = self.emulator.member(guild, "bench-member")
        return self._actors[key]

    @staticmethod
    def _files(spec: dict[str, str] | None) -> dict[str, bytes | Path | FileArgument] | None:
        if not spec:
            return None
        return {name: base64.b64decode(data) for name, data in spec.items()}

    def _line(self, template: str) -> str:
        number = next(self._unique)
        line = _CYCLED.sub(lambda match: str(number % int(match.group(1))), template)
        return line.replace("{i}", str(number))

    async def invoke(self, request: web.Request) -> web.Response:
        body = await request.json()
        try:
            interaction = await self.emulator.invoke(
                self._line(str(body["line"])),
                actor=self._actor(body.get("actor")),
                files=self._files(body.get("files")),
                timeout=float(body.get("timeout", 30.0)),
            )
        except CommandLineError as error:
            raise web.HTTPBadRequest(text=str(error)) from None
        summary = _summary(interaction)
        if body.get("raw"):
            summary["raw"] = _raw(interaction)
        return web.json_response(summary)

    async def load(self, request: web.Request) -> web.Response:
        body = await request.json()
        # "line" may be a list: interaction n types line n modulo its length.
        templates = (
            [str(line) for line in body["line"]]
            if isinstance(body["line"], list)
            else [str(body["line"])]
        )
        count = int(body["count"])
        concurrency = max(1, int(body.get("concurrency", 8)))
        timeout = float(body.get("timeout", 30.0))
        actor = self._actor(body.get("actor"))
        files = self._files(body.get("files"))

        first: list[float | None] = [None] * count
        settled: list[float | None] = [None] * count
        failures: list[str] = []
        replies: Counter[str] = Counter()
        indices = iter(range(count))

        async def worker() -> None:
            for index in indices:
                try:
                    interaction = await self.emulator.send_command(
                        self._line(templates[index % len(templates)]), actor=actor, files=files
                    )
                except CommandLineError as error:
                    failures.append(f"line refused: {error}")
                    continue
                try:
                    await interaction.wait_settled(timeout)
                except TimeoutError as error:
                    failures.append(str(error))
                    continue
                done = time.monotonic()
                first[index] = interaction.first_response_seconds
                settled[index] = done - interaction.created
                if interaction.rejections:
                    failures.append("; ".join(interaction.rejections))
                replies[_reply_kind(interaction)] += 1

        started = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(min(concurrency, count))))
        wall = time.monotonic() - started
        return web.json_response(
            {
                "count": count,
                "concurrency": concurrency,
                "wall_seconds": wall,
                "first_response": first,
                "settled": settled,
                "failures": failures[:20],
                "failure_count": len(failures),
                "replies": dict(replies),
            }
        )


def _reply_kind(interaction: Interaction) -> str:
    """A short label for the reply (ephemeral flag, embed colour and title) to spot errors."""
    try:
        message = interaction.message
    except LookupError:
        return "no message"
    embed = message.embeds[0] if message.embeds else {}
    visibility = "ephemeral" if message.ephemeral else "public"
    colour = embed.get("color")
    title = str(embed.get("title") or message.content[:40])
    return f"{visibility} colour={colour} {title[:60]}"


def _summary(interaction: Interaction) -> dict[str, Any]:
    messages = [
        {
            "ephemeral": message.ephemeral,
            "content": message.content,
            "embeds": message.embeds,
            "files": [stored.filename for stored in message.files],
        }
        for message in interaction.messages
    ]
    return {
        "first_response_seconds": interaction.first_response_seconds,
        "rejections": interaction.rejections,
        "reply": _reply_kind(interaction),
        "text": interaction.text(),
        "messages": messages,
    }


def _raw(interaction: Interaction) -> dict[str, Any]:
    """What the bot sent, exactly: the callback type and every message's JSON body and files
    (base64), so a benchmark can replay the same reply from another bot."""
    return {
        "callback_type": interaction.callback_type,
        "messages": [
            {
                "body": message.body,
                "files": [
                    {"filename": stored.filename, "data": base64.b64encode(stored.data).decode()}
                    for stored in message.files
                ],
            }
            for message in interaction.messages
        ],
    }


def install_control(emulator: Emulator) -> Control:
    """Serve the control API from the emulator's own HTTP server (call before start())."""
    control = Control(emulator)
    emulator.extra_routes.extend(control.routes())
    return control
