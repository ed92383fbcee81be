"""Reusable view machinery: a base view, a confirmation view and page-turning buttons.

* `BaseView`: only its owner may press (others get an ephemeral refusal), buttons are
  disabled when it times out, and any error reaches the user through the bot's one error
  reply.
* `ConfirmView`: "are you sure?" with a danger button; the action runs (and commits) before
  the message says it happened.
* `PageButton`: first/previous/next/last buttons that keep working after a restart
  (`discord.ui.DynamicItem`: the list and page are in the custom_id). A feature subclasses
  it with its own prefix and template and implements `turn`; the cog registers the subclass
  with `bot.add_dynamic_items`.

Custom ids are user input: a page number is clamped by the feature, and every id is re-checked
against the interaction's guild by the feature before anything is read.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, Literal, Self

import discord

from bot.render import colours
from bot.render.limits import EmbedBuilder

log = logging.getLogger(__name__)

Nav = Literal["f", "p", "n", "l"]
_NAV_LABELS: dict[Nav, str] = {"f": "« First", "p": "‹ Previous", "n": "Next ›", "l": "Last »"}
LAST_PAGE = -1  # what `turn` receives for "last": the last page at the time of the press


async def report_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """The bot's one error reply (ephemeral, logged when unexpected), for views and items."""
    from bot.client import reply_with_error  # the client imports render; import at call time

    await reply_with_error(interaction, error)


def count_refusal(interaction: discord.Interaction[Any]) -> None:
    """Count a press refused with a message of the view's own (not an error reply)."""
    from bot.client import count_outcome  # the client imports render; import at call time

    count_outcome(interaction, "refused")


def refusal_embed(title: str, message: str) -> discord.Embed:
    return EmbedBuilder(title=title, description=message, colour=colours.WARNING).build()


class BaseView(discord.ui.View):
    """A view only `owner_id` may use (None: anyone), disabled on timeout, errors reported.

    Set `origin` to the interaction whose reply carries the view, so a timeout can disable
    the buttons on that message.
    """

    # What /metrics counts presses under, after the command whose reply carries the view.
    metric_step: ClassVar[str] = "buttons"

    def __init__(self, *, owner_id: int | None, timeout: float | None = 180.0) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.origin: discord.Interaction[Any] | None = None

    @property
    def metric_name(self) -> str:
        command = self.origin.command if self.origin is not None else None
        return f"{command.qualified_name} · {self.metric_step}" if command else self.metric_step

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        if self.owner_id is None or interaction.user.id == self.owner_id:
            return True
        count_refusal(interaction)
        await interaction.response.send_message(
            embed=refusal_embed(
                "Not your buttons", "Only the person who ran the command can use these buttons."
            ),
            ephemeral=True,
        )
        return False

    def disable_all(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button | discord.ui.Select):
                item.disabled = True

    async def on_timeout(self) -> None:
        self.disable_all()
        if self.origin is None:
            return
        try:
            await self.origin.edit_original_response(view=self)
        except discord.HTTPException:
            log.debug("Could not disable the buttons of a timed-out view")

    async def on_error(
        self,
        interaction: discord.Interaction[Any],
        error: Exception,
        item: discord.ui.Item[Any],
        /,
    ) -> None:
        await report_error(interaction, error)


class ConfirmView(BaseView):
    """Confirm or cancel one action. `action` does the work and returns the result embed,
    which replaces the question (so the message only says "done" once it is done)."""

    metric_step = "confirm or cancel"

    def __init__(
        self,
        *,
        owner_id: int,
        action: Callable[[discord.Interaction[Any]], Awaitable[discord.Embed]],
        confirm_label: str,
        cancelled: discord.Embed,
        timeout: float = 60.0,
    ) -> None:
        super().__init__(owner_id=owner_id, timeout=timeout)
        self._action = action
        self._cancelled = cancelled
        self.confirm.label = confirm_label
        self.result: bool | None = None

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Self]
    ) -> None:
        embed = await self._action(interaction)  # an error leaves the question answerable
        self.result = True
        self.stop()
        await interaction.response.edit_message(embed=embed, view=None)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Self]
    ) -> None:
        self.result = False
        self.stop()
        await interaction.response.edit_message(embed=self._cancelled, view=None)


class PageButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"(?!)"):
    """One of the first/previous/next/last buttons of a paged message.

    custom_id: ``<prefix>:<key>:<page>:<nav>``. Subclasses set `prefix`, a matching
    `template` (keep the digit counts bounded), and implement `turn`.
    """

    prefix: ClassVar[str] = ""
    metric_name: ClassVar[str] = "page buttons"  # what /metrics counts presses under

    def __init__(self, key: int, page: int, nav: Nav, *, disabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label=_NAV_LABELS[nav],
                style=discord.ButtonStyle.secondary,
                custom_id=f"{self.prefix}:{key}:{page}:{nav}",
                disabled=disabled,
            )
        )
        self.key = key
        self.page = page
        self.nav = nav

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: Any,
        /,
    ) -> Self:
        nav: Nav = match["nav"]
        return cls(int(match["key"]), int(match["page"]), nav)

    @classmethod
    def buttons(cls, key: int, page: int, page_count: int) -> list[Self]:
        """The four buttons for `page` (0-based) of `page_count`, disabled where they lead
        nowhere."""
        last = max(page_count - 1, 0)
        return [
            cls(key, 0, "f", disabled=page <= 0),
            cls(key, max(page - 1, 0), "p", disabled=page <= 0),
            cls(key, min(page + 1, last), "n", disabled=page >= last),
            cls(key, last, "l", disabled=page >= last),
        ]

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        # discord.py only logs errors raised in a dynamic item: route them to the user.
        target = LAST_PAGE if self.nav == "l" else (0 if self.nav == "f" else self.page)
        try:
            await self.turn(interaction, self.key, target)
        except Exception as error:
            await report_error(interaction, error)

    async def turn(self, interaction: discord.Interaction[Any], key: int, page: int) -> None:
        """Show `page` (LAST_PAGE for the last) of `key`, editing the message (type 7)."""
        raise NotImplementedError


def view_of(*items: discord.ui.Item[Any], timeout: float | None = None) -> discord.ui.View:
    """A plain view holding persistent items (dynamic items need no per-message state)."""
    view = discord.ui.View(timeout=timeout)
    for item in items:
        view.add_item(item)
    return view


def component_on_message(interaction: discord.Interaction[Any]) -> bool:
    """Whether the pressed component's custom_id is really on the message it came from.

    discord.py ignores a dynamic item whose custom_id is not on the message, which would
    leave a crafted interaction unanswered; the feature answers those itself.
    """
    data: Any = interaction.data or {}
    custom_id = data.get("custom_id")
    message = interaction.message
    if message is None or not isinstance(custom_id, str):
        return False
    for row in message.components:
        children = getattr(row, "children", [row])
        for child in children:
            if getattr(child, "custom_id", None) == custom_id:
                return True
    return False
