"""A test-only cog with the component kinds real commands use: page buttons that edit the
message, a disabled button, a link button and a select menu."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.render import colours
from bot.render.limits import EmbedBuilder

PER_PAGE = 5


class PageView(discord.ui.View):
    def __init__(self, owner_id: int, items: list[str]) -> None:
        super().__init__(timeout=600)
        self.owner_id = owner_id
        self.items = items
        self.page = 0
        self.add_item(discord.ui.Button(label="Docs", url="https://example.com/pages"))
        self._show_page()

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.items) // PER_PAGE))

    def embed(self) -> discord.Embed:
        shown = self.items[self.page * PER_PAGE : (self.page + 1) * PER_PAGE]
        builder = EmbedBuilder(
            title="Test items",
            description="\n".join(f"**{item}**" for item in shown),
            colour=colours.BRAND,
            footer=f"Page {self.page + 1} of {self.pages}",
        )
        builder.add_field("Shown", str(len(shown)), inline=True)
        builder.add_field("Total", str(len(self.items)), inline=True)
        return builder.build()

    def _show_page(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= self.pages - 1
        shown = self.items[self.page * PER_PAGE : (self.page + 1) * PER_PAGE]
        menu: discord.ui.Select[Any] = self.pick
        menu.options = [discord.SelectOption(label=item, value=item) for item in shown]

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message("These pages are not yours.", ephemeral=True)
            return False
        return True

    @discord.ui.button(label="Prev", emoji="◀", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]
    ) -> None:
        self.page -= 1
        self._show_page()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    @discord.ui.button(label="Next", emoji="▶", style=discord.ButtonStyle.primary)
    async def next(self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]) -> None:
        self.page += 1
        self._show_page()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    @discord.ui.select(placeholder="Pick items", min_values=1, max_values=2)
    async def pick(
        self, interaction: discord.Interaction[Any], menu: discord.ui.Select[Any]
    ) -> None:
        await interaction.response.send_message(
            f"You picked {', '.join(menu.values)}.", ephemeral=True
        )


class Pager(commands.Cog):
    help_title = "Test pages"

    @app_commands.command(name="pages")
    @app_commands.describe(count="How many items to list")
    async def pages(
        self, interaction: discord.Interaction[Any], count: app_commands.Range[int, 1, 50] = 12
    ) -> None:
        """Numbered test items, five per page, with page buttons."""
        view = PageView(interaction.user.id, [f"Item {n}" for n in range(1, count + 1)])
        await interaction.response.send_message(embed=view.embed(), view=view)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Pager())
