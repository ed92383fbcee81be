"""Measuring each command's first response: from the moment its INTERACTION_CREATE reached
this process to the moment Discord acknowledged the first response (a reply, a defer, a
modal), the figure Discord's 3-second rule is about.

discord.py has no hook for "the first response was sent", so the tree installs, on each
command interaction it receives, a response object whose first recorded response type
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

log = logging.getLogger(__name__)

_RESPONSE_TYPE = InteractionResponse.__dict__["_response_type"]  # the slot's descriptor


class MeteredResponse(InteractionResponse[Any]):
    """InteractionResponse that calls `on_first(seconds)` once, when the first response is
    recorded (discord.py records it after Discord accepted the callback)."""

    __slots__ = ("_on_first", "arrived")

    def __init__(self, parent: discord.Interaction[Any], on_first: Callable[[float], None]) -> None:
        self._on_first = on_first
        self.arrived = time.perf_counter()
        super().__init__(parent)

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


def meter(interaction: discord.Interaction[Any], on_first: Callable[[float], None]) -> None:
    """Install the metered response before anything reads `interaction.response`."""
    try:
        interaction._cs_response = MeteredResponse(interaction, on_first)  # type: ignore[attr-defined]
    except Exception:  # never let measuring stop a command
        log.debug("Could not meter interaction %s", interaction.id, exc_info=True)


def seconds_since_arrival(interaction: discord.Interaction[Any]) -> float | None:
    response = getattr(interaction, "_cs_response", None)
    if isinstance(response, MeteredResponse):
        return time.perf_counter() - response.arrived
    return None
