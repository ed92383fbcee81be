"""The emulator: a local Discord (REST + gateway on 127.0.0.1) that the real bot connects to.

Tests, the playground console and the benchmarks drive it through this class: add guilds
and members, type slash commands, click buttons, pick select options, and read back exactly
what the bot sent.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.playground.emulator.commands import (
    BuiltOptions,
    FileArgument,
    RegisteredCommand,
    build_options,
    build_typed_options,
)
from bot.playground.emulator.gateway import Gateway
from bot.playground.emulator.limits import mentions_that_ping
from bot.playground.emulator.records import (
    LOADING,
    Interaction,
    Message,
    RecordedRequest,
)
from bot.playground.emulator.rest import API_PREFIX, Fault, Rest, stored_file
from bot.playground.emulator.snowflakes import iso_now, new_snowflake
from bot.playground.emulator.spec import SpecValidator, load_default_validator
from bot.playground.emulator.world import (
    ADMIN_PERMISSIONS,
    ALL_PERMISSIONS,
    MANAGER_PERMISSIONS,
    MEMBER_PERMISSIONS,
    Actor,
    Channel,
    Guild,
    User,
    new_guild,
    new_user,
)

log = logging.getLogger(__name__)

ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
_USE_DEFAULT_SPEC: Any = object()


@dataclass(frozen=True, slots=True)
class FaultRecord:
    method: str
    path: str
    status: int


class Emulator:
    def __init__(
        self,
        *,
        spec: SpecValidator | None = _USE_DEFAULT_SPEC,
        heartbeat_interval: float = 41.25,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_name: str = "Tierbot",
        shard_count: int = 1,
    ) -> None:
        self.spec: SpecValidator | None = (
            load_default_validator() if spec is _USE_DEFAULT_SPEC else spec
        )
        self.host = host
        self.port = port
        self.token = f"emulator.{secrets.token_urlsafe(24)}"
        self.bot_user = new_user(bot_name, bot=True)
        self.application_id = self.bot_user.id
        self.owner = new_user("owner")
        self.guilds: dict[int, Guild] = {}
        self._commands: dict[int | None, dict[str, RegisteredCommand]] = {None: {}}
        self.sync_count: dict[int | None, int] = {}
        self.interactions: list[Interaction] = []
        self.interactions_by_token: dict[str, Interaction] = {}
        self.messages: dict[int, Message] = {}
        self.files: dict[int, Any] = {}
        self.requests: list[RecordedRequest] = []
        self.late_interactions: list[Interaction] = []
        self.faults_hit: list[FaultRecord] = []
        self.rest = Rest(self)
        self.gateway = Gateway(self, heartbeat_interval=heartbeat_interval, shard_count=shard_count)
        self._commands_changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._dm_channels: dict[int, Channel] = {}
        # More routes on the same server (bot/playground/emulator/control.py adds its API).
        self.extra_routes: list[web.RouteDef] = []

    # ------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        app = web.Application(middlewares=[self.rest.middleware], client_max_size=64 * 1024 * 1024)
        app.add_routes(
            [web.get("/gateway", self.gateway.handle), *self.rest.routes(), *self.extra_routes]
        )
        # A request held back by an injected delay must not hold the emulator's stop for 60 s.
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=0.5
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Emulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def rest_url(self) -> str:
        return f"{self.base_url}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/gateway"

    async def wait_until_ready(self, timeout: float = 10.0) -> None:
        """Until the bot has identified and registered its commands at least once."""
        async with asyncio.timeout(timeout):
            await self.gateway.session_ready.wait()
            while not any(self._commands.values()):
                self._commands_changed.clear()
                await self._commands_changed.wait()

    # ------------------------------------------------------------ the world

    def add_guild(self, name: str = "Acme Marketing") -> Guild:
        """A guild with the bot in it; announced at once when the bot is connected."""
        guild = new_guild(name, self.owner)
        self.guilds[guild.id] = guild
        if self.gateway.current is not None:
            task = asyncio.get_running_loop().create_task(
                self.gateway.dispatch("GUILD_CREATE", self._join_payload(guild))
            )
            task.add_done_callback(_log_task_error)
        return guild

    async def join_guild(self, name: str = "Acme Marketing") -> Guild:
        guild = new_guild(name, self.owner)
        self.guilds[guild.id] = guild
        await self.gateway.dispatch("GUILD_CREATE", self._join_payload(guild))
        return guild

    def _join_payload(self, guild: Guild) -> dict[str, Any]:
        # A guild the bot just joined comes without "unavailable" (discord.py then dispatches
        # on_guild_join); "unavailable": false means one that was down became available.
        payload = guild.payload(self.bot_user)
        del payload["unavailable"]
        return payload

    async def rejoin_guild(self, guild: Guild) -> None:
        """The bot is added back to a guild it was removed from (same id)."""
        self.guilds[guild.id] = guild
        await self.gateway.dispatch("GUILD_CREATE", self._join_payload(guild))

    async def remove_guild(self, guild: Guild) -> None:
        """The bot is kicked or the guild is deleted: GUILD_DELETE."""
        self.guilds.pop(guild.id, None)
        await self.gateway.dispatch("GUILD_DELETE", {"id": str(guild.id), "unavailable": False})

    def member(self, guild: Guild, name: str = "sam", *, manage_guild: bool = False) -> Actor:
        permissions = MANAGER_PERMISSIONS if manage_guild else MEMBER_PERMISSIONS
        return Actor(
            user=new_user(name), guild=guild, channel=guild.channel, permissions=permissions
        )

    def admin(self, guild: Guild, name: str = "alex") -> Actor:
        return Actor(
            user=new_user(name), guild=guild, channel=guild.channel, permissions=ADMIN_PERMISSIONS
        )

    def owner_of(self, guild: Guild) -> Actor:
        return Actor(
            user=self.owner, guild=guild, channel=guild.channel, permissions=ALL_PERMISSIONS
        )

    def as_user(self, actor: Actor, user: User) -> Actor:
        return Actor(
            user=user, guild=actor.guild, channel=actor.channel, permissions=actor.permissions
        )

    def dm(self, name: str = "dana") -> Actor:
        user = new_user(name)
        channel = Channel(id=new_snowflake(), name=f"dm-{name}", guild_id=None)
        self._dm_channels[user.id] = channel
        return Actor(user=user, guild=None, channel=channel, permissions=MEMBER_PERMISSIONS)

    # ------------------------------------------------------------ commands

    def registered(self, guild_id: int | None) -> dict[str, RegisteredCommand]:
        return self._commands.setdefault(guild_id, {})

    def replace_commands(
        self, guild_id: int | None, commands: dict[str, RegisteredCommand]
    ) -> None:
        self._commands[guild_id] = commands
        self.sync_count[guild_id] = self.sync_count.get(guild_id, 0) + 1
        self._commands_changed.set()

    def commands_for(self, actor: Actor) -> list[RegisteredCommand]:
        """What the actor's Discord client offers: guild commands shadow global ones."""
        merged = dict(self._commands.get(None, {}))
        if actor.guild is not None:
            merged.update(self._commands.get(actor.guild.id, {}))
        visible = []
        for command in merged.values():
            if actor.in_dm and not command.allowed_in_dm():
                continue
            required = command.body.get("default_member_permissions")
            if required is not None and actor.guild is not None:
                needed = int(required)
                if actor.permissions & needed != needed and not actor.permissions & 8:
                    continue
            visible.append(command)
        return visible

    def find_command_by_id(self, command_id: int) -> RegisteredCommand | None:
        for scope in self._commands.values():
            for command in scope.values():
                if command.id == command_id:
                    return command
        return None

    # ------------------------------------------------------------ interactions

    def _base_payload(self, actor: Actor, kind: int) -> dict[str, Any]:
        interaction_id = new_snowflake()
        return {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": kind,
            "token": f"itoken.{interaction_id}.{secrets.token_urlsafe(32)}",
            "version": 1,
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
            **actor.interaction_fields(ALL_PERMISSIONS),
        }

    async def _send(
        self, payload: dict[str, Any], actor: Actor, label: str, target: Message | None = None
    ) -> Interaction:
        interaction = Interaction(
            id=int(payload["id"]),
            token=payload["token"],
            type=payload["type"],
            actor=actor,
            label=label,
            payload=payload,
            target=target,
        )
        self.interactions.append(interaction)
        self.interactions_by_token[interaction.token] = interaction
        interaction.created = time.monotonic()
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return interaction

    def _file_arguments(
        self, files: dict[str, bytes | Path | FileArgument] | None
    ) -> dict[str, FileArgument]:
        arguments: dict[str, FileArgument] = {}
        for key, value in (files or {}).items():
            if isinstance(value, FileArgument):
                arguments[key] = value
            elif isinstance(value, Path):
                arguments[key] = FileArgument(
                    value.name, value.read_bytes(), _guess_type(value.name)
                )
            else:
                arguments[key] = FileArgument(key, value, _guess_type(key))
        return arguments

    async def send_command(
        self,
        line: str,
        *,
        actor: Actor,
        files: dict[str, bytes | Path | FileArgument] | None = None,
    ) -> Interaction:
        """Dispatch the command without waiting for a reply (raises CommandLineError)."""
        built = build_options(self.commands_for(actor), line, files=self._file_arguments(files))
        return await self._send_built(built, actor, line)

    async def send_options(
        self, path: list[str], values: dict[str, Any], *, actor: Actor, label: str | None = None
    ) -> Interaction:
        """Dispatch a command from typed values (an attachment takes a FileArgument), checked
        as the Discord client checks them; for values a typed line cannot quote."""
        built = build_typed_options(self.commands_for(actor), path, values)
        return await self._send_built(built, actor, label or "/" + " ".join(path))

    async def invoke_options(
        self,
        path: list[str],
        values: dict[str, Any],
        *,
        actor: Actor,
        timeout: float = 10.0,
    ) -> Interaction:
        """`send_options`, then wait until the user sees an answer."""
        interaction = await self.send_options(path, values, actor=actor)
        await interaction.wait_settled(timeout)
        return interaction

    async def _send_built(self, built: BuiltOptions, actor: Actor, label: str) -> Interaction:
        payload = self._base_payload(actor, 2)
        data: dict[str, Any] = {
            "id": str(built.command.id),
            "name": built.command.name,
            "type": 1,
            "options": built.options,
        }
        if built.command.guild_id is not None:
            data["guild_id"] = str(built.command.guild_id)
        if built.attachments:
            resolved: dict[str, Any] = {}
            for option in _leaf_options(built.options):
                if option["value"] != "__attachment__":
                    continue
                argument = built.attachments[option["name"]]
                stored = stored_file(self, argument.filename, argument.data, argument.content_type)
                self.files[stored.id] = stored
                option["value"] = str(stored.id)
                resolved[str(stored.id)] = {
                    **stored.payload(),
                    "ephemeral": False,
                }
            data["resolved"] = {"attachments": resolved}
        payload["data"] = data
        return await self._send(payload, actor, label)

    async def invoke(
        self,
        line: str,
        *,
        actor: Actor,
        files: dict[str, bytes | Path | FileArgument] | None = None,
        timeout: float = 10.0,
    ) -> Interaction:
        """Type a slash command and wait until the user sees an answer."""
        interaction = await self.send_command(line, actor=actor, files=files)
        await interaction.wait_settled(timeout)
        return interaction

    async def autocomplete(
        self, line: str, *, actor: Actor, focused: str | None = None, timeout: float = 3.0
    ) -> list[dict[str, Any]]:
        """What the bot suggests for the focused option (the last one typed, by default)."""
        commands = self.commands_for(actor)
        if focused is None:
            typed = [word.split(":", 1)[0] for word in line.split() if ":" in word]
            focused = typed[-1] if typed else None
        built = build_options(commands, line, focused=focused, for_autocomplete=True)
        payload = self._base_payload(actor, 4)
        payload["data"] = {
            "id": str(built.command.id),
            "name": built.command.name,
            "type": 1,
            "options": built.options,
        }
        interaction = await self._send(payload, actor, f"autocomplete {line}")
        await interaction.wait_settled(timeout)
        return list(interaction.choices or [])

    async def autocomplete_options(
        self,
        path: list[str],
        values: dict[str, str],
        *,
        focused: str,
        actor: Actor,
        timeout: float = 3.0,
    ) -> Interaction:
        """An autocomplete request from the text typed so far in each option (no quoting)."""
        built = build_typed_options(self.commands_for(actor), path, values, focused=focused)
        payload = self._base_payload(actor, 4)
        payload["data"] = {
            "id": str(built.command.id),
            "name": built.command.name,
            "type": 1,
            "options": built.options,
        }
        label = f"autocomplete /{' '.join(path)} {focused}"
        interaction = await self._send(payload, actor, label)
        await interaction.wait_settled(timeout)
        return interaction

    def _component_payload(
        self, message: Message, actor: Actor, data: dict[str, Any]
    ) -> dict[str, Any]:
        payload = self._base_payload(actor, 3)
        payload["data"] = data
        payload["message"] = message.payload(self.application_id)
        return payload

    def find_button(
        self, message: Message, label: str | None = None, custom_id: str | None = None
    ) -> dict[str, Any]:
        for button in message.buttons:
            if (label is not None and button.get("label") == label) or (
                custom_id is not None and button.get("custom_id") == custom_id
            ):
                return button
        labels = [button.get("label") for button in message.buttons]
        raise LookupError(f"no button {label or custom_id!r} on the message; buttons: {labels}")

    async def click(
        self,
        message: Message,
        *,
        label: str | None = None,
        custom_id: str | None = None,
        actor: Actor | None = None,
        timeout: float = 10.0,
        wait: bool = True,
    ) -> Interaction:
        """Press a button on a message the bot sent (by label, or a crafted custom_id)."""
        if custom_id is None:
            button = self.find_button(message, label=label)
            if button.get("disabled"):
                raise LookupError(f"button {label!r} is disabled")
            custom_id = button["custom_id"]
        who = actor or self._author_of(message)
        payload = self._component_payload(
            message, who, {"custom_id": custom_id, "component_type": 2}
        )
        interaction = await self._send(payload, who, f"click {label or custom_id}", target=message)
        if wait:
            await interaction.wait_settled(timeout)
        return interaction

    async def select(
        self,
        message: Message,
        values: list[str],
        *,
        custom_id: str | None = None,
        actor: Actor | None = None,
        timeout: float = 10.0,
    ) -> Interaction:
        """Pick options in a string select on a message the bot sent."""
        if custom_id is None:
            if not message.selects:
                raise LookupError("the message has no select menu")
            menu = message.selects[0]
            custom_id = menu["custom_id"]
            allowed = {option["value"] for option in menu.get("options") or []}
            unknown = [value for value in values if value not in allowed]
            if unknown:
                raise LookupError(f"{unknown} are not options of the select")
        who = actor or self._author_of(message)
        payload = self._component_payload(
            message, who, {"custom_id": custom_id, "component_type": 3, "values": values}
        )
        interaction = await self._send(payload, who, f"select {values}", target=message)
        await interaction.wait_settled(timeout)
        return interaction

    async def submit_modal(
        self,
        opened: Interaction,
        values: dict[str, str],
        *,
        actor: Actor | None = None,
        timeout: float = 10.0,
    ) -> Interaction:
        """Fill in and submit the modal the bot answered `opened` with (text inputs by
        custom_id or by label), as Discord sends it: a MODAL_SUBMIT interaction."""
        if opened.modal is None:
            raise LookupError(f"{opened.label!r} was not answered with a modal")
        rows = []
        for row in opened.modal.get("components") or []:
            inputs = []
            for component in row.get("components") or []:
                key = component.get("custom_id")
                value = values.get(key, values.get(component.get("label", ""), ""))
                inputs.append({"type": 4, "custom_id": key, "value": value})
            rows.append({"type": 1, "components": inputs})
        who = actor or opened.actor
        payload = self._base_payload(who, 5)
        payload["data"] = {"custom_id": opened.modal["custom_id"], "components": rows}
        if opened.target is not None:
            payload["message"] = opened.target.payload(self.application_id)
        title = opened.modal.get("title", "modal")
        interaction = await self._send(payload, who, f"submit {title}", target=opened.target)
        await interaction.wait_settled(timeout)
        return interaction

    def _author_of(self, message: Message) -> Actor:
        for interaction in self.interactions:
            if interaction.id == message.interaction_id:
                return interaction.actor
        raise LookupError("unknown message")

    # ------------------------------------------------------------ messages

    def new_message(
        self,
        interaction: Interaction,
        body: dict[str, Any],
        files: list[tuple[str, bytes, str]],
        flags: int,
    ) -> Message:
        actor = interaction.actor
        message = Message(
            id=new_snowflake(),
            channel_id=actor.channel.id,
            guild_id=actor.guild.id if actor.guild else None,
            author=self.bot_user,
            interaction_id=interaction.id,
            body={key: value for key, value in body.items() if key != "flags"},
            flags=int(flags or 0),
        )
        self._attach(message, body, files)
        message.pings = mentions_that_ping(body)
        self.messages[message.id] = message
        return message

    def edit(
        self, message: Message, body: dict[str, Any], files: list[tuple[str, bytes, str]]
    ) -> None:
        message.history.append(dict(message.body))
        for key, value in body.items():
            if key in ("content", "embeds", "components", "allowed_mentions"):
                message.body[key] = value
        if "flags" in body and body["flags"] is not None:
            message.flags = (message.flags & LOADING) | int(body["flags"])
        self._attach(message, body, files)
        message.edited_at = iso_now()
        message.pings.extend(mentions_that_ping(body))

    def _attach(
        self, message: Message, body: dict[str, Any], files: list[tuple[str, bytes, str]]
    ) -> None:
        if "attachments" in body:
            keep = {str(item.get("id")) for item in body.get("attachments") or []}
            message.files = [stored for stored in message.files if str(stored.id) in keep]
        for filename, data, content_type in files:
            stored = stored_file(self, filename, data, content_type)
            self.files[stored.id] = stored
            message.files.append(stored)

    # ------------------------------------------------------------ faults and findings

    def inject_fault(
        self,
        method: str,
        path_regex: str,
        status: int,
        *,
        times: int = 1,
        retry_after: float = 0.05,
        delay: float = 0.0,
    ) -> Fault:
        """The next `times` matching requests get `status` after `delay` seconds (status 0:
        the normal answer, late)."""
        import re

        fault = Fault(method.upper(), re.compile(path_regex), status, times, retry_after, delay)
        self.rest.faults.append(fault)
        return fault

    def record_fault(self, method: str, path: str, status: int) -> None:
        self.faults_hit.append(FaultRecord(method, path, status))

    @property
    def rejected_requests(self) -> list[RecordedRequest]:
        return [request for request in self.requests if request.problems]

    @property
    def pings(self) -> list[str]:
        return [ping for message in self.messages.values() for ping in message.pings]


def _leaf_options(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    while options and options[0].get("type") in (1, 2):
        options = options[0].get("options") or []
    return options


def _guess_type(filename: str) -> str:
    lowered = filename.lower()
    if lowered.endswith(".csv"):
        return "text/csv"
    if lowered.endswith((".tsv", ".txt")):
        return "text/plain"
    if lowered.endswith(".png"):
        return "image/png"
    return "application/octet-stream"


def _log_task_error(task: asyncio.Task[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("Emulator task failed", exc_info=task.exception())
