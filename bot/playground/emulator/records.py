"""What the emulator remembers: messages the bot posted, interactions and their replies,
and every REST request with the problems found in it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bot.playground.emulator.snowflakes import iso_now
from bot.playground.emulator.world import Actor, User

EPHEMERAL = 1 << 6
LOADING = 1 << 7

# Interaction callback types.
PONG = 1
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9

FIRST_RESPONSE_DEADLINE = 3.0
FOLLOWUP_WINDOW = 15 * 60.0


@dataclass(slots=True)
class StoredFile:
    id: int
    filename: str
    data: bytes
    content_type: str
    url: str

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "filename": self.filename,
            "size": len(self.data),
            "url": self.url,
            "proxy_url": self.url,
            "content_type": self.content_type,
        }


@dataclass(slots=True)
class Message:
    id: int
    channel_id: int
    guild_id: int | None
    author: User
    interaction_id: int
    body: dict[str, Any]
    files: list[StoredFile] = field(default_factory=list)
    flags: int = 0
    created_at: str = field(default_factory=iso_now)
    edited_at: str | None = None
    deleted: bool = False
    pings: list[str] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & LOADING)

    @property
    def content(self) -> str:
        return str(self.body.get("content") or "")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return list(self.body.get("embeds") or [])

    @property
    def components(self) -> list[dict[str, Any]]:
        """Every interactive component, flattened in reading order."""
        found: list[dict[str, Any]] = []
        for row in self.body.get("components") or []:
            found.extend(row.get("components") or [])
        return found

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [component for component in self.components if component.get("type") == 2]

    @property
    def selects(self) -> list[dict[str, Any]]:
        return [component for component in self.components if component.get("type") == 3]

    def file(self, suffix: str = "") -> StoredFile:
        for stored in self.files:
            if stored.filename.endswith(suffix):
                return stored
        raise LookupError(f"no file ending in {suffix!r} on message {self.id}")

    def text(self) -> str:
        """Everything a person reads in the message, as plain text (for assertions)."""
        parts = [self.content]
        for embed in self.embeds:
            parts.append(embed.get("title") or "")
            parts.append(embed.get("description") or "")
            for f in embed.get("fields") or []:
                parts.append(f.get("name") or "")
                parts.append(f.get("value") or "")
            parts.append((embed.get("footer") or {}).get("text") or "")
            parts.append((embed.get("author") or {}).get("name") or "")
        for component in self.components:
            parts.append(component.get("label") or component.get("placeholder") or "")
            parts.extend(option.get("label") or "" for option in component.get("options") or [])
        parts.extend(stored.filename for stored in self.files)
        return "\n".join(part for part in parts if part)

    def payload(self, application_id: int) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "type": 20,
            "channel_id": str(self.channel_id),
            **({"guild_id": str(self.guild_id)} if self.guild_id else {}),
            "author": self.author.payload(),
            "content": self.content,
            "timestamp": self.created_at,
            "edited_timestamp": self.edited_at,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [stored.payload() for stored in self.files],
            "embeds": self.embeds,
            "components": self.body.get("components") or [],
            "pinned": False,
            "flags": self.flags,
            "application_id": str(application_id),
            "webhook_id": str(application_id),
        }


@dataclass(slots=True)
class RecordedRequest:
    method: str
    path: str
    body: Any
    status: int = 0
    problems: list[str] = field(default_factory=list)
    spec_checked: bool = False
    at: float = field(default_factory=time.monotonic)


@dataclass(eq=False, slots=True)
class Interaction:
    """One interaction the emulator sent, and everything the bot answered."""

    id: int
    token: str
    type: int  # 2 command, 3 component, 4 autocomplete, 5 modal submit
    actor: Actor
    label: str  # the typed line, or "click <label>"
    payload: dict[str, Any]
    created: float = field(default_factory=time.monotonic)
    callback_type: int | None = None
    callback_at: float | None = None
    original: Message | None = None
    followups: list[Message] = field(default_factory=list)
    choices: list[dict[str, Any]] | None = None
    target: Message | None = None  # the message a clicked component is on
    modal: dict[str, Any] | None = None
    rejections: list[str] = field(default_factory=list)
    late: bool = False
    edits: int = 0
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    # ------------------------------------------------------------ state

    def touch(self) -> None:
        self._changed.set()

    @property
    def first_response_seconds(self) -> float | None:
        return None if self.callback_at is None else self.callback_at - self.created

    @property
    def settled(self) -> bool:
        """Whether the user has seen a real answer (not just "thinking…")."""
        if self.callback_type is None:
            return False
        if self.callback_type in (CHANNEL_MESSAGE, UPDATE_MESSAGE, AUTOCOMPLETE_RESULT, MODAL):
            return True
        if self.callback_type == DEFERRED_CHANNEL_MESSAGE:
            return bool(self.followups) or (self.original is not None and not self.original.loading)
        if self.callback_type == DEFERRED_UPDATE_MESSAGE:
            return bool(self.followups) or self.edits > 0
        return True

    async def wait_settled(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self.settled and not self.rejections:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no reply to {self.label!r} within {timeout:.1f}s")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                continue

    async def wait_for_messages(self, count: int, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"expected {count} messages for {self.label!r}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                continue

    # ------------------------------------------------------------ what the user sees

    @property
    def messages(self) -> list[Message]:
        """The messages this interaction produced or changed, in the order a user sees them."""
        shown = [] if self.original is None or self.original.deleted else [self.original]
        updated = self.callback_type in (UPDATE_MESSAGE, DEFERRED_UPDATE_MESSAGE) and self.edits
        if self.target is not None and not self.target.deleted and updated:
            shown.insert(0, self.target)
        return shown + [message for message in self.followups if not message.deleted]

    @property
    def message(self) -> Message:
        messages = self.messages
        if not messages:
            raise LookupError(f"{self.label!r} produced no message (rejections: {self.rejections})")
        return messages[0]

    @property
    def last(self) -> Message:
        return self.messages[-1]

    @property
    def ephemeral(self) -> bool:
        return self.message.ephemeral

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return [embed for message in self.messages for embed in message.embeds]

    @property
    def embed(self) -> dict[str, Any]:
        return self.embeds[0]

    def text(self) -> str:
        return "\n".join(message.text() for message in self.messages)

    def files(self) -> Iterator[StoredFile]:
        for message in self.messages:
            yield from message.files
