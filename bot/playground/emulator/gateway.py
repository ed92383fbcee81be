"""The gateway: one websocket per bot connection, with sessions that can be resumed.

Plain TEXT frames are used: discord.py asks for zlib-stream but only inflates BINARY frames.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from bot.playground.emulator.server import Emulator

log = logging.getLogger(__name__)

DISPATCH = 0
HEARTBEAT = 1
IDENTIFY = 2
RESUME = 6
RECONNECT = 7
INVALID_SESSION = 9
HELLO = 10
HEARTBEAT_ACK = 11

_REPLAY_BUFFER = 10_000


@dataclass(eq=False, slots=True)
class Session:
    id: str
    shard_id: int = 0
    sequence: int = 0
    socket: web.WebSocketResponse | None = None
    sent: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=_REPLAY_BUFFER))
    pending: list[dict[str, Any]] = field(default_factory=list)  # while no socket is attached


class Gateway:
    def __init__(
        self, emulator: Emulator, *, heartbeat_interval: float, shard_count: int = 1
    ) -> None:
        self.emulator = emulator
        self.heartbeat_interval = heartbeat_interval
        # What GET /gateway/bot recommends. With more than one, each guild's events go to the
        # session of its shard, (guild_id >> 22) % shard_count, as on Discord.
        self.shard_count = shard_count
        self.sessions: dict[str, Session] = {}
        self.by_shard: dict[int, Session] = {}
        self.identifies = 0
        self.identified_shards: list[Any] = []  # IDENTIFY's "shard" field, None when absent
        self.resumes = 0
        self.connections = 0
        self.acks_paused = False
        # Stand-ins for a gateway that is down: the upgrade is refused with 503, or the
        # socket opens and nothing (not even HELLO) ever arrives.
        self.refuse_connections = False
        self.silent = False
        self._sockets: set[web.WebSocketResponse] = set()
        self.session_ready = asyncio.Event()

    @property
    def current(self) -> Session | None:
        """Shard 0's session: the only one unless the emulator recommends more shards."""
        return self.by_shard.get(0)

    # ------------------------------------------------------------ faults

    async def close_current(self, code: int = 4000) -> None:
        """Close the bot's socket with a close code (4000: unknown error, resumable)."""
        if self.current and self.current.socket is not None:
            socket = self.current.socket
            self.current.socket = None
            await socket.close(code=code, message=b"emulator fault")

    async def invalidate_session(self, *, resumable: bool = False) -> None:
        """Op 9: the bot must identify again (or resume, when resumable)."""
        session = self.current
        if session is None or session.socket is None:
            return
        if not resumable:
            self.sessions.pop(session.id, None)
            self.by_shard.pop(session.shard_id, None)
        await session.socket.send_str(json.dumps({"op": INVALID_SESSION, "d": resumable}))

    async def request_reconnect(self) -> None:
        if self.current and self.current.socket is not None:
            await self.current.socket.send_str(json.dumps({"op": RECONNECT, "d": None}))

    # ------------------------------------------------------------ dispatch

    def shard_of(self, guild_id: int | None) -> int:
        return (guild_id >> 22) % self.shard_count if guild_id else 0

    async def dispatch(self, event: str, data: dict[str, Any], *, shard: int | None = None) -> None:
        """Send an event to the bot's session (`shard`'s, else the one of the event's guild);
        buffered while the bot is reconnecting."""
        if shard is None:
            guild = data.get("id") if event.startswith("GUILD_") else data.get("guild_id")
            shard = self.shard_of(int(guild) if guild else None)
        session = self.by_shard.get(shard)
        if session is None:
            raise RuntimeError("the bot has not identified with the gateway")
        session.sequence += 1
        frame = {"op": DISPATCH, "t": event, "s": session.sequence, "d": data}
        session.sent.append(frame)
        if session.socket is None or session.socket.closed:
            session.pending.append(frame)
            return
        try:
            await session.socket.send_str(json.dumps(frame))
        except (ConnectionError, RuntimeError):
            session.pending.append(frame)

    # ------------------------------------------------------------ connection

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if self.refuse_connections:
            return web.Response(status=503, text="gateway unavailable")
        socket = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await socket.prepare(request)
        self._sockets.add(socket)
        self.connections += 1
        if self.silent:
            try:
                async for _ in socket:
                    pass
            finally:
                self._sockets.discard(socket)
            return socket
        await socket.send_str(
            json.dumps(
                {"op": HELLO, "d": {"heartbeat_interval": int(self.heartbeat_interval * 1000)}}
            )
        )
        session: Session | None = None
        try:
            async for message in socket:
                if message.type != WSMsgType.TEXT:
                    continue
                frame = json.loads(message.data)
                op = frame.get("op")
                if op == HEARTBEAT:
                    if not self.acks_paused:
                        await socket.send_str(json.dumps({"op": HEARTBEAT_ACK}))
                elif op == IDENTIFY:
                    session = await self._identify(socket, frame.get("d") or {})
                elif op == RESUME:
                    session = await self._resume(socket, frame.get("d") or {})
        finally:
            self._sockets.discard(socket)
            if session is not None and session.socket is socket:
                session.socket = None
        return socket

    async def _identify(
        self, socket: web.WebSocketResponse, data: dict[str, Any]
    ) -> Session | None:
        if data.get("token") != self.emulator.token:
            await socket.close(code=4004, message=b"Authentication failed.")
            return None
        self.identifies += 1
        self.identified_shards.append(data.get("shard"))
        shard_id = int((data.get("shard") or [0, 1])[0])
        session = Session(id=secrets.token_hex(16), shard_id=shard_id, socket=socket)
        self.sessions[session.id] = session
        self.by_shard[shard_id] = session
        emulator = self.emulator
        guilds = [g for g in emulator.guilds.values() if self.shard_of(g.id) == shard_id]
        await self.dispatch(
            "READY",
            shard=shard_id,
            data={
                "v": 10,
                "user": emulator.bot_user.payload(),
                "guilds": [{"id": str(guild.id), "unavailable": True} for guild in guilds],
                "session_id": session.id,
                "resume_gateway_url": emulator.gateway_url,
                "shard": [shard_id, self.shard_count],
                "application": {"id": str(emulator.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "geo_ordered_rtc_regions": [],
                "guild_join_requests": [],
                "user_settings": {},
                "auth": {},
            },
        )
        for guild in guilds:
            await self.dispatch("GUILD_CREATE", guild.payload(emulator.bot_user))
        if len(self.by_shard) >= self.shard_count:
            self.session_ready.set()
        return session

    async def _resume(self, socket: web.WebSocketResponse, data: dict[str, Any]) -> Session | None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or data.get("token") != self.emulator.token:
            await socket.send_str(json.dumps({"op": INVALID_SESSION, "d": False}))
            return None
        self.resumes += 1
        session.socket = socket
        self.by_shard[session.shard_id] = session
        last_seen = int(data.get("seq") or 0)
        missed = [frame for frame in session.sent if frame["s"] > last_seen]
        session.pending.clear()
        for frame in missed:
            await socket.send_str(json.dumps(frame))
        await self.dispatch("RESUMED", {})
        return session

    async def close_all(self) -> None:
        for socket in list(self._sockets):
            await socket.close(code=1001, message=b"emulator shutting down")
