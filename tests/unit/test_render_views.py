"""The reusable view machinery: timeouts disable buttons, page buttons lead where they say."""

from __future__ import annotations

from typing import Any

import discord

from bot.render.feedback import info_embed
from bot.render.shortlist import ShortlistPageButton
from bot.render.views import ConfirmView


class Origin:
    """Stands in for the interaction whose reply carries the view."""

    def __init__(self) -> None:
        self.edits: list[dict[str, Any]] = []

    async def edit_original_response(self, **kwargs: Any) -> None:
        self.edits.append(kwargs)


async def confirm_action(interaction: discord.Interaction[Any]) -> discord.Embed:
    return info_embed("done")


async def test_a_timed_out_confirmation_disables_its_buttons_on_the_message() -> None:
    view = ConfirmView(
        owner_id=1, action=confirm_action, confirm_label="Delete list", cancelled=info_embed("no")
    )
    origin = Origin()
    view.origin = origin  # type: ignore[assignment]

    await view.on_timeout()

    assert [item.label for item in view.children if isinstance(item, discord.ui.Button)] == [
        "Delete list",
        "Cancel",
    ]
    assert all(getattr(item, "disabled", False) for item in view.children)
    assert origin.edits == [{"view": view}]


async def test_page_buttons_lead_to_neighbouring_pages_and_disable_at_the_ends() -> None:
    first = ShortlistPageButton.buttons(42, 0, 3)
    middle = ShortlistPageButton.buttons(42, 1, 3)
    single = ShortlistPageButton.buttons(42, 0, 1)

    assert [b.custom_id for b in middle] == [
        "sl:page:42:0:f",
        "sl:page:42:0:p",
        "sl:page:42:2:n",
        "sl:page:42:2:l",
    ]
    assert [b.item.disabled for b in first] == [True, True, False, False]
    assert [b.item.disabled for b in middle] == [False, False, False, False]
    assert all(b.item.disabled for b in single)
    assert len({b.custom_id for b in first}) == 4, "custom_ids must be unique on a message"
