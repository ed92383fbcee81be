"""Metering buttons, select menus and modal submits as slash commands are metered: first
response, and outcome, under the name of the command whose reply carries them.

discord.py hands a component interaction to its view store, which runs the handler in a
task, with no hook at either end. The bot's store is this subclass: on dispatch it names the
interaction and installs the metered response (bot/first_response.py); when the handler's
task ends it counts "ok" for an interaction that was answered, unless the error reply (or a
refusal) already counted "refused" or "error". It relies on ViewStore's `_views`, `_modals`,
`_dynamic_items` and `add_task` (discord.py 2.7); tests/e2e/test_metrics.py fails if an
upgrade changes them, and anything failing here leaves the interaction unmetered.

Names are bounded: custom_ids are user input, so a name comes from the component's class
(`metric_name`), never from the custom_id itself.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import discord
from discord.ui.view import ViewStore

from bot.first_response import MeteredResponse, meter

if TYPE_CHECKING:
    from bot.observability import BotMetrics

log = logging.getLogger(__name__)

# A component none of Tierbot's classes names (a crafted or outdated custom_id).
OTHER_COMPONENT = "other component"


def metric_name(component: object) -> str:
    """The name a view, item class or modal declares (`metric_name`), else OTHER_COMPONENT."""
    name = getattr(component, "metric_name", None)
    return name if isinstance(name, str) and name else OTHER_COMPONENT


class MeteredViewStore(ViewStore):
    def __init__(self, state: Any, metrics: Callable[[], BotMetrics | None]) -> None:
        super().__init__(state)
        self._metrics = metrics
        # The interaction being dispatched: the first task its dispatch adds is its handler.
        self._dispatching: tuple[BotMetrics, MeteredResponse] | None = None

    def dispatch_view(
        self, component_type: int, custom_id: str, interaction: discord.Interaction[Any]
    ) -> None:
        with self._metering(
            interaction, lambda: self._component_name(component_type, custom_id, interaction)
        ):
            super().dispatch_view(component_type, custom_id, interaction)

    def dispatch_modal(
        self,
        custom_id: str,
        interaction: discord.Interaction[Any],
        components: Any,
        resolved: Any,
    ) -> None:
        with self._metering(interaction, lambda: metric_name(self._modals.get(custom_id))):
            super().dispatch_modal(custom_id, interaction, components, resolved)

    def add_task(self, task: asyncio.Task[None]) -> None:
        super().add_task(task)
        dispatching, self._dispatching = self._dispatching, None
        if dispatching is not None:
            metrics, response = dispatching
            task.add_done_callback(lambda _: finished(metrics, response))

    @contextmanager
    def _metering(
        self, interaction: discord.Interaction[Any], name: Callable[[], str]
    ) -> Iterator[None]:
        metrics = self._metrics()
        if metrics is not None:
            try:
                label = name()
                meter(interaction, lambda seconds: metrics.first_response(label, seconds), label)
                response = interaction.response
                if isinstance(response, MeteredResponse):
                    self._dispatching = (metrics, response)
            except Exception:  # never let measuring stop a button
                log.debug("Could not meter component interaction %s", interaction.id, exc_info=True)
        try:
            yield
        finally:
            self._dispatching = None

    def _component_name(
        self, component_type: int, custom_id: str, interaction: discord.Interaction[Any]
    ) -> str:
        for pattern, factory in self._dynamic_items.items():
            if pattern.fullmatch(custom_id):
                return metric_name(factory)
        # Where discord.py looks: the view on this message, else a view without a message.
        message_id = interaction.message.id if interaction.message is not None else None
        key = (component_type, custom_id)
        item = self._views.get(message_id, {}).get(key) or self._views.get(None, {}).get(key)
        return metric_name(item.view) if item is not None else OTHER_COMPONENT


def finished(metrics: BotMetrics, response: MeteredResponse) -> None:
    """The handler's task ended: "ok" if it answered and nothing else counted it."""
    if response.outcome is None and response.is_done():
        response.outcome = "ok"
        metrics.command_finished(response.label, "ok", response.seconds())
