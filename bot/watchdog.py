"""Never "The application did not respond": acknowledge any interaction still unanswered two
seconds after it arrived.

Discord drops an interaction that gets no first response within 3 seconds. A starved CPU or
a slow disk can hold any command past that, so every command and component interaction is
watched: at `DEFER_AFTER_SECONDS` a command still unanswered is deferred (a public "thinking…"
placeholder; a button or menu, a silent deferred update), and the reply the command then
sends goes where the deferral points:

* a reply to a command replaces the placeholder; an ephemeral reply (an error, a private
  answer) deletes the public placeholder and goes only to the person who asked;
* a button's `edit_message` edits the message the button is on; its `send_message` is a
  follow-up.

The response and the watchdog share a lock, so a reply already on its way is never
doubled by a deferral. discord.py builds interactions in `discord.state`; `install()` points
it at `WatchedInteraction`, a subclass that adds the watch and nothing else.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from typing import Any

import discord
import discord.state

log = logging.getLogger(__name__)

# The first response must reach Discord within 3 s of the interaction's creation; a deferral
# sent at 2 s leaves a second for the gateway's delivery and the callback's round trip.
DEFER_AFTER_SECONDS = 2.0

# What `followup.send` accepts of `response.send_message`'s keywords.
_FOLLOWUP_KEYWORDS = frozenset(
    {
        "content",
        "embed",
        "embeds",
        "file",
        "files",
        "view",
        "allowed_mentions",
        "suppress_embeds",
        "silent",
        "tts",
    }
)
_WATCHED_TYPES = frozenset(
    {
        discord.InteractionType.application_command,
        discord.InteractionType.component,
        discord.InteractionType.modal_submit,
    }
)


class WatchedResponse(discord.InteractionResponse[Any]):
    """An interaction response the watchdog can defer without racing the command's reply."""

    __slots__ = ("_lock", "deferred_by_watchdog")

    def __init__(self, parent: discord.Interaction[Any]) -> None:
        super().__init__(parent)
        self._lock = asyncio.Lock()
        self.deferred_by_watchdog = False

    async def defer_if_unanswered(self) -> bool:
        """Defer now unless a response was sent (or is being sent); True if it deferred."""
        async with self._lock:
            if self.is_done():
                return False
            command = self._parent.type != discord.InteractionType.component
            await super().defer(thinking=command)
            self.deferred_by_watchdog = True
            return True

    async def defer(self, *, ephemeral: bool = False, thinking: bool = False) -> Any:
        async with self._lock:
            if self.deferred_by_watchdog:
                return None  # already acknowledged: the command's follow-up finds it
            return await super().defer(ephemeral=ephemeral, thinking=thinking)

    async def send_message(self, content: Any = None, **kwargs: Any) -> Any:
        async with self._lock:
            if not self.deferred_by_watchdog:
                return await super().send_message(content, **kwargs)
        await self._send_late(content, **kwargs)
        return None

    async def edit_message(self, **kwargs: Any) -> Any:
        async with self._lock:
            if not self.deferred_by_watchdog:
                return await super().edit_message(**kwargs)
        edits = {key: value for key, value in kwargs.items() if key != "delete_after"}
        await self._parent.edit_original_response(**edits)
        return None

    async def _send_late(self, content: Any, **kwargs: Any) -> None:
        ephemeral = bool(kwargs.pop("ephemeral", False))
        followup = {k: v for k, v in kwargs.items() if k in _FOLLOWUP_KEYWORDS and v is not None}
        interaction = self._parent
        if ephemeral and interaction.type != discord.InteractionType.component:
            # The placeholder is public; the reply is for one person only.
            original = await interaction.original_response()
            await original.delete()
        if content is not None:
            followup["content"] = content
        await interaction.followup.send(ephemeral=ephemeral, wait=True, **followup)


class WatchedInteraction(discord.Interaction[Any]):
    """discord.py's interaction, with its response watched from the moment it arrives."""

    __slots__ = ("__weakref__",)

    def __init__(self, *, data: Any, state: Any) -> None:
        super().__init__(data=data, state=state)
        self._cs_response = WatchedResponse(self)  # the slot `response` caches into
        if self.type in _WATCHED_TYPES:
            watch(self, time.monotonic())


def watch(interaction: WatchedInteraction, arrived: float) -> None:
    # The timer holds the interaction weakly. Held strongly, every interaction lived the
    # full 2 seconds: through the garbage collector's young generations into the oldest,
    # where only full collections free it (the interaction and its response refer to each
    # other). The benchmark measured those full collections at a tenth of the bot's CPU.
    # A command still running holds its interaction; one that has finished needs no watch.
    loop = asyncio.get_running_loop()
    loop.call_later(DEFER_AFTER_SECONDS, _start_deferral, weakref.ref(interaction), arrived)


def _start_deferral(watched: weakref.ref[WatchedInteraction], arrived: float) -> None:
    interaction = watched()
    if interaction is None:
        return
    response = interaction.response
    if isinstance(response, WatchedResponse) and not response.is_done():
        task = asyncio.get_running_loop().create_task(
            _defer(response, interaction, arrived), name="interaction-watchdog"
        )
        _running.add(task)
        task.add_done_callback(_running.discard)


_running: set[asyncio.Task[None]] = set()


async def _defer(
    response: WatchedResponse, interaction: discord.Interaction[Any], arrived: float
) -> None:
    name = interaction.command.qualified_name if interaction.command else "a component"
    try:
        if await response.defer_if_unanswered():
            log.info(
                "Deferred %s %.1f s after it arrived; its reply follows",
                name,
                time.monotonic() - arrived,
            )
    except discord.HTTPException as exc:  # expired or answered meanwhile: nothing to save
        log.warning("Could not defer %s (interaction %s): %s", name, interaction.id, exc)


def install() -> None:
    """Make discord.py build `WatchedInteraction`s (idempotent)."""
    discord.state.Interaction = WatchedInteraction  # type: ignore[attr-defined]
