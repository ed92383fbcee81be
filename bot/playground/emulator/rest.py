"""The REST API: login, command sync, interaction callbacks, follow-ups and message edits.

Every request body is recorded, checked against Discord's OpenAPI spec and against the
rules the spec does not encode, and refused with 400 / 50035 as Discord would.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, web

from bot.playground.emulator import limits
from bot.playground.emulator.commands import (
    RegisteredCommand,
    RegistrationError,
    option_definitions,
    validate_command_list,
)
from bot.playground.emulator.records import (
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    EPHEMERAL,
    FIRST_RESPONSE_DEADLINE,
    FOLLOWUP_WINDOW,
    LOADING,
    MODAL,
    UPDATE_MESSAGE,
    Interaction,
    Message,
    RecordedRequest,
    StoredFile,
)
from bot.playground.emulator.snowflakes import iso_now, new_snowflake

if TYPE_CHECKING:
    from bot.playground.emulator.server import Emulator

API_PREFIX = "/api/v10"
_MESSAGE_FIELDS = ("content", "embeds", "components", "allowed_mentions", "flags", "attachments")


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    # discord.py parses JSON only when Content-Type is exactly "application/json".
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def discord_error(
    status: int, code: int, message: str, problems: list[str] | None = None
) -> web.Response:
    body: dict[str, Any] = {"message": message, "code": code}
    if problems:
        body["errors"] = {
            "payload": {"_errors": [{"code": "INVALID", "message": p} for p in problems]}
        }
    return json_response(body, status)


@dataclass(slots=True)
class Fault:
    """An injected failure: the next `times` requests matching method and path get `status`
    after `delay` seconds (status 0: answered normally, after the delay)."""

    method: str
    path: re.Pattern[str]
    status: int
    times: int = 1
    retry_after: float = 0.05
    delay: float = 0.0


@dataclass(slots=True)
class ParsedBody:
    json: Any
    files: list[tuple[str, bytes, str]]  # filename, data, content type


class Rest:
    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.faults: list[Fault] = []

    def routes(self) -> list[web.RouteDef]:
        p = API_PREFIX
        return [
            web.get(f"{p}/users/@me", self.get_me),
            web.get(f"{p}/oauth2/applications/@me", self.get_application),
            web.get(f"{p}/gateway", self.get_gateway),
            web.get(f"{p}/gateway/bot", self.get_gateway_bot),
            web.get(f"{p}/applications/{{app}}/commands", self.get_commands),
            web.put(f"{p}/applications/{{app}}/commands", self.put_commands),
            web.get(f"{p}/applications/{{app}}/guilds/{{guild}}/commands", self.get_commands),
            web.put(f"{p}/applications/{{app}}/guilds/{{guild}}/commands", self.put_commands),
            web.post(f"{p}/interactions/{{iid}}/{{token}}/callback", self.callback),
            web.post(f"{p}/webhooks/{{app}}/{{token}}", self.followup),
            web.get(f"{p}/webhooks/{{app}}/{{token}}/messages/{{message}}", self.get_message),
            web.patch(f"{p}/webhooks/{{app}}/{{token}}/messages/{{message}}", self.edit_message),
            web.delete(f"{p}/webhooks/{{app}}/{{token}}/messages/{{message}}", self.delete_message),
            web.get("/attachments/{file_id}/{filename}", self.get_attachment),
            web.route("*", f"{p}/{{tail:.*}}", self.unknown_route),
        ]

    # ------------------------------------------------------------ middleware

    @web.middleware
    async def middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX):
            result: web.StreamResponse = await handler(request)
            return result
        for fault in self.faults:
            if (
                fault.times > 0
                and fault.method == request.method
                and fault.path.search(request.path)
            ):
                fault.times -= 1
                self.emulator.record_fault(request.method, request.path, fault.status)
                if fault.delay:
                    await asyncio.sleep(fault.delay)
                if fault.status == 0:
                    break
                if fault.status == 429:
                    return json_response(
                        {
                            "message": "You are being rate limited.",
                            "retry_after": fault.retry_after,
                            "global": False,
                            "code": 0,
                        },
                        429,
                        {
                            "Via": "1.1 google",
                            "Retry-After": str(fault.retry_after),
                            "X-RateLimit-Scope": "user",
                        },
                    )
                return json_response(
                    {"message": "500: Internal Server Error", "code": 0}, fault.status
                )
        needs_auth = not request.path.startswith(
            (f"{API_PREFIX}/interactions/", f"{API_PREFIX}/webhooks/")
        )
        if needs_auth and request.headers.get("Authorization") != f"Bot {self.emulator.token}":
            return discord_error(401, 0, "401: Unauthorized")
        return await handler(request)  # type: ignore[no-any-return]

    async def read_body(self, request: web.Request) -> tuple[ParsedBody, RecordedRequest]:
        """Parse JSON or multipart (payload_json + files[n]) and record the request."""
        files: list[tuple[str, bytes, str]] = []
        payload: Any = None
        if request.content_type == "multipart/form-data":
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if not isinstance(part, BodyPartReader):
                    continue
                if part.name == "payload_json":
                    payload = json.loads(await part.text())
                else:
                    data = await part.read()
                    filename = part.filename or "file"
                    content_type = part.headers.get("Content-Type", "application/octet-stream")
                    files.append((filename, bytes(data), content_type))
        elif request.can_read_body:
            raw = await request.read()
            payload = json.loads(raw) if raw else None
        record = RecordedRequest(
            method=request.method, path=request.path.removeprefix(API_PREFIX), body=payload
        )
        self.emulator.requests.append(record)
        return ParsedBody(payload, files), record

    def check(self, record: RecordedRequest, extra: list[str]) -> web.Response | None:
        """Spec and limit problems; a 400 response (recorded) when there are any."""
        spec = self.emulator.spec
        if spec is not None:
            record.problems.extend(spec.validate(record.method, record.path, record.body))
            record.spec_checked = True
        record.problems.extend(extra)
        if record.problems:
            record.status = 400
            return discord_error(400, 50035, "Invalid Form Body", record.problems)
        record.status = 200
        return None

    # ------------------------------------------------------------ login and gateway

    async def get_me(self, request: web.Request) -> web.Response:
        return json_response(
            {**self.emulator.bot_user.payload(), "verified": True, "mfa_enabled": False}
        )

    async def get_application(self, request: web.Request) -> web.Response:
        emulator = self.emulator
        return json_response(
            {
                "id": str(emulator.application_id),
                "name": emulator.bot_user.username,
                "icon": None,
                "description": "Tierbot, running against the local emulator.",
                "bot_public": False,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": 0,
                "owner": emulator.owner.payload(),
                "team": None,
                "summary": "",
                "approximate_guild_count": len(emulator.guilds),
            }
        )

    async def get_gateway(self, request: web.Request) -> web.Response:
        return json_response({"url": self.emulator.gateway_url})

    async def get_gateway_bot(self, request: web.Request) -> web.Response:
        return json_response(
            {
                "url": self.emulator.gateway_url,
                "shards": self.emulator.gateway.shard_count,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 1000,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    # ------------------------------------------------------------ commands

    def _scope(self, request: web.Request) -> int | None:
        guild = request.match_info.get("guild")
        return int(guild) if guild else None

    async def get_commands(self, request: web.Request) -> web.Response:
        commands = self.emulator.registered(self._scope(request))
        return json_response([command.payload() for command in commands.values()])

    async def put_commands(self, request: web.Request) -> web.Response:
        body, record = await self.read_body(request)
        extra: list[str] = []
        if not isinstance(body.json, list):
            extra.append("body: must be an array of commands")
        else:
            try:
                validate_command_list(body.json)
            except RegistrationError as error:
                extra.append(str(error))
        refused = self.check(record, extra)
        if refused is not None:
            return refused
        guild_id = self._scope(request)
        existing = self.emulator.registered(guild_id)
        replaced: dict[str, RegisteredCommand] = {}
        for command_body in body.json:
            previous = existing.get(command_body["name"])
            replaced[command_body["name"]] = RegisteredCommand(
                id=previous.id if previous else new_snowflake(),
                application_id=self.emulator.application_id,
                guild_id=guild_id,
                body=command_body,
            )
        self.emulator.replace_commands(guild_id, replaced)
        return json_response([command.payload() for command in replaced.values()])

    # ------------------------------------------------------------ interactions

    async def callback(self, request: web.Request) -> web.Response:
        body, record = await self.read_body(request)
        interaction = self.emulator.interactions_by_token.get(request.match_info["token"])
        if interaction is None or str(interaction.id) != request.match_info["iid"]:
            record.status = 404
            return discord_error(404, 10062, "Unknown interaction")
        payload = body.json if isinstance(body.json, dict) else {}
        kind = payload.get("type")
        data = payload.get("data") or {}
        extra: list[str] = []
        if kind in (CHANNEL_MESSAGE, UPDATE_MESSAGE):
            extra = limits.message_problems(data, file_count=len(body.files))
        elif kind == AUTOCOMPLETE_RESULT:
            extra = limits.autocomplete_problems(data, self._focused_type(interaction))
        refused = self.check(record, extra)
        if refused is not None:
            interaction.rejections.extend(record.problems)
            interaction.touch()
            return refused
        if interaction.callback_type is not None:
            record.status = 400
            return discord_error(400, 40060, "Interaction has already been acknowledged.")
        now = time.monotonic()
        if now - interaction.created > FIRST_RESPONSE_DEADLINE:
            interaction.late = True
            interaction.callback_at = now
            self.emulator.late_interactions.append(interaction)
            interaction.rejections.append("first response later than 3 seconds")
            interaction.touch()
            record.status = 404
            return discord_error(404, 10062, "Unknown interaction")
        interaction.callback_type = kind
        interaction.callback_at = now
        message: Message | None = None
        if kind == CHANNEL_MESSAGE:
            message = self.emulator.new_message(interaction, data, body.files, data.get("flags", 0))
            interaction.original = message
        elif kind == DEFERRED_CHANNEL_MESSAGE:
            flags = (data.get("flags", 0) & EPHEMERAL) | LOADING
            message = self.emulator.new_message(interaction, {"content": ""}, [], flags)
            interaction.original = message
        elif kind == UPDATE_MESSAGE and interaction.target is not None:
            self.emulator.edit(interaction.target, data, body.files)
            message = interaction.target
            interaction.edits += 1
        elif kind == AUTOCOMPLETE_RESULT:
            interaction.choices = list(data.get("choices") or [])
        elif kind == MODAL:
            interaction.modal = data
        elif kind != DEFERRED_UPDATE_MESSAGE:
            record.status = 400
            return discord_error(400, 50035, f"Unsupported callback type {kind}")
        interaction.touch()
        response: dict[str, Any] = {
            "interaction": {
                "id": str(interaction.id),
                "type": interaction.type,
                "activity_instance_id": None,
                "response_message_id": str(message.id) if message else None,
                "response_message_loading": kind == DEFERRED_CHANNEL_MESSAGE,
                "response_message_ephemeral": bool(message and message.ephemeral),
            }
        }
        if message is not None:
            response["resource"] = {
                "type": kind,
                "message": message.payload(self.emulator.application_id),
            }
        return json_response(response)

    def _focused_type(self, interaction: Interaction) -> int:
        data = interaction.payload.get("data") or {}
        command = self.emulator.find_command_by_id(int(data.get("id", 0)))
        options = data.get("options") or []
        path = [str(data.get("name"))]
        while options and options[0].get("type") in (1, 2):
            path.append(options[0]["name"])
            options = options[0].get("options") or []
        focused = next((o for o in options if o.get("focused")), None)
        if command is None or focused is None:
            return 3
        for definition in option_definitions(command, path):
            if definition["name"] == focused["name"]:
                return int(definition["type"])
        return 3

    def _interaction_for_webhook(self, request: web.Request) -> Interaction | web.Response:
        interaction = self.emulator.interactions_by_token.get(request.match_info["token"])
        if interaction is None or request.match_info["app"] != str(self.emulator.application_id):
            return discord_error(404, 10015, "Unknown Webhook")
        if time.monotonic() - interaction.created > FOLLOWUP_WINDOW:
            return discord_error(401, 50027, "Invalid Webhook Token")
        if interaction.callback_type is None:
            return discord_error(404, 10015, "Unknown Webhook")
        return interaction

    async def followup(self, request: web.Request) -> web.Response:
        body, record = await self.read_body(request)
        found = self._interaction_for_webhook(request)
        if isinstance(found, web.Response):
            record.status = found.status
            return found
        data = body.json if isinstance(body.json, dict) else {}
        refused = self.check(record, limits.message_problems(data, file_count=len(body.files)))
        if refused is not None:
            found.rejections.extend(record.problems)
            found.touch()
            return refused
        message = self.emulator.new_message(found, data, body.files, data.get("flags", 0))
        # After a defer, the first follow-up replaces the "thinking" message.
        original = found.original
        if (
            original is not None
            and original.loading
            and not original.deleted
            and not found.followups
        ):
            self.emulator.edit(original, data, body.files)
            original.flags &= ~LOADING
            self.emulator.messages.pop(message.id, None)
            message = original
        else:
            found.followups.append(message)
        found.touch()
        return json_response(message.payload(self.emulator.application_id))

    def _resolve_message(self, interaction: Interaction, reference: str) -> Message | None:
        if reference == "@original":
            if interaction.type == 3 and interaction.callback_type in (
                DEFERRED_UPDATE_MESSAGE,
                UPDATE_MESSAGE,
            ):
                return interaction.target
            return interaction.original
        message = self.emulator.messages.get(int(reference)) if reference.isdigit() else None
        if message is None:
            return None
        if message.interaction_id != interaction.id and message is not interaction.target:
            return None
        return message

    async def get_message(self, request: web.Request) -> web.Response:
        found = self._interaction_for_webhook(request)
        if isinstance(found, web.Response):
            return found
        message = self._resolve_message(found, request.match_info["message"])
        if message is None or message.deleted:
            return discord_error(404, 10008, "Unknown Message")
        return json_response(message.payload(self.emulator.application_id))

    async def edit_message(self, request: web.Request) -> web.Response:
        body, record = await self.read_body(request)
        found = self._interaction_for_webhook(request)
        if isinstance(found, web.Response):
            record.status = found.status
            return found
        data = body.json if isinstance(body.json, dict) else {}
        message = self._resolve_message(found, request.match_info["message"])
        if message is None or message.deleted:
            record.status = 404
            return discord_error(404, 10008, "Unknown Message")
        merged = {**message.body, **{k: v for k, v in data.items() if k in _MESSAGE_FIELDS}}
        kept_files = (
            len(data.get("attachments") or []) if "attachments" in data else len(message.files)
        )
        problems = limits.message_problems(merged, file_count=max(kept_files, len(body.files)))
        refused = self.check(record, problems)
        if refused is not None:
            found.rejections.extend(record.problems)
            found.touch()
            return refused
        self.emulator.edit(message, data, body.files)
        message.flags &= ~LOADING
        found.edits += 1
        found.touch()
        return json_response(message.payload(self.emulator.application_id))

    async def delete_message(self, request: web.Request) -> web.Response:
        found = self._interaction_for_webhook(request)
        if isinstance(found, web.Response):
            return found
        message = self._resolve_message(found, request.match_info["message"])
        if message is None or message.deleted:
            return discord_error(404, 10008, "Unknown Message")
        message.deleted = True
        found.touch()
        return web.Response(status=204)

    # ------------------------------------------------------------ files and the rest

    async def get_attachment(self, request: web.Request) -> web.Response:
        stored = self.emulator.files.get(int(request.match_info["file_id"]))
        if stored is None or stored.filename != request.match_info["filename"]:
            return web.Response(status=404)
        return web.Response(body=stored.data, content_type=stored.content_type.split(";")[0])

    async def unknown_route(self, request: web.Request) -> web.Response:
        body: Any = None
        if request.can_read_body:
            try:
                body = await request.json()
            except ValueError:
                body = None
        record = RecordedRequest(
            request.method,
            request.path.removeprefix(API_PREFIX),
            body,
            status=404,
            problems=[f"the emulator does not implement {request.method} {request.path}"],
        )
        self.emulator.requests.append(record)
        return discord_error(404, 0, "404: Not Found")


def stored_file(emulator: Emulator, filename: str, data: bytes, content_type: str) -> StoredFile:
    file_id = new_snowflake()
    return StoredFile(
        id=file_id,
        filename=filename,
        data=data,
        content_type=content_type,
        url=f"{emulator.base_url}/attachments/{file_id}/{filename}",
    )


def edited_now() -> str:
    return iso_now()
