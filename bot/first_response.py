"""Measuring each command's first response: from the moment its INTERACTION_CREATE reached
this process to the moment Discord acknowledged the first response (a reply, a defer, a
modal), the figure Discord's 3-second rule is about.

discord.py has no hook for "the first response was sent", so the tree (for commands) and the
view store (for buttons, menus and modals, bot/component_metrics.py) install, on each
interaction they receive, a response object whose first recorded response type
reports the time. It relies on two private names of discord.py 2.7 (Interaction's cached
`_cs_response` slot and InteractionResponse's `_response_type`); tests/e2e/test_metrics.py
fails if an upgrade renames them, and if anything here fails the command runs unmetered.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import discord
from discord.interactions import InteractionResponse

from bot.watchdog import WatchedResponse

log = logging.getLogger(__name__)

_RESPONSE_TYPE = InteractionResponse.__dict__["_response_type"]  # the slot's descriptor


class MeteredResponse(WatchedResponse):
    """A watched response (the 2-second watchdog still defers it) that calls
    `on_first(seconds)` once, when the first response is recorded (discord.py records it
    after Discord accepted the callback). It carries the name the interaction is metered
    under and, once counted, its outcome (so a button's error reply and its handler's end
    never count it twice)."""

    __slots__ = ("_on_first", "arrived", "label", "outcome")

    def __init__(
        self, parent: discord.Interaction[Any], on_first: Callable[[float], None], label: str
    ) -> None:
        self._on_first = on_first
        self.arrived = time.perf_counter()
        self.label = label
        self.outcome: str | None = None
        super().__init__(parent)

    def seconds(self) -> float:
        """Since the interaction reached this process."""
        return time.perf_counter() - self.arrived

    @property
    def _response_type(self) -> discord.InteractionResponseType | None:
        try:
            return _RESPONSE_TYPE.__get__(self)  # type: ignore[no-any-return]
        except AttributeError:  # before InteractionResponse.__init__ set it
            return None

    @_response_type.setter
    def _response_type(self, value: discord.InteractionResponseType | None) -> None:
        first = value is not None and self._response_type is None
        _RESPONSE_TYPE.__set__(self, value)
        if first:
            self._on_first(time.perf_counter() - self.arrived)


def meter(
    interaction: discord.Interaction[Any], on_first: Callable[[float], None], label: str
) -> None:
    """Install the metered response before anything reads `interaction.response`."""
    try:
        interaction._cs_response = MeteredResponse(interaction, on_first, label)  # type: ignore[attr-defined]
    except Exception:  # never let measuring stop a command
        log.debug("Could not meter interaction %s", interaction.id, exc_info=True)


def metered(interaction: discord.Interaction[Any]) -> MeteredResponse | None:
    """The metered response `meter` installed, if any (reading it never creates one)."""
    response = getattr(interaction, "_cs_response", None)
    return response if isinstance(response, MeteredResponse) else None


def seconds_since_arrival(interaction: discord.Interaction[Any]) -> float | None:
    response = metered(interaction)
    return None if response is None else response.seconds()
