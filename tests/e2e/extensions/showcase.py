"""Test-only commands for the playground's tests: pages with buttons that edit the message
(with a disabled button, a link button and a select menu), sub-commands with every kind of
option (choices, autocomplete, a file), per-guild data, and replies that come late or never."""

from __future__ import annotations

import time
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.render import colours
from bot.render.feedback import info_embed
from bot.render.files import attachment
from bot.render.limits import EmbedBuilder
from bot.render.text import code

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


TOPICS = ("engagement rate", "engagement benchmarks", "micro tier", "mega tier", "cost per post")


class Sample(commands.GroupCog, group_name="sample"):
    """Sub-commands with every kind of option."""

    help_title = "Test samples"

    def __init__(self, bot: Any) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="define")
    @app_commands.describe(tier="Which tier", detail="Say more")
    async def define(
        self,
        interaction: discord.Interaction[Any],
        tier: Literal["nano", "micro", "mid", "macro", "mega"],
        detail: bool = False,
    ) -> None:
        """Names a tier."""
        extra = " (in detail)" if detail else ""
        await interaction.response.send_message(embed=info_embed(f"Tier {tier}{extra}"))

    @app_commands.command(name="ask")
    @app_commands.describe(question="What to ask")
    async def ask(self, interaction: discord.Interaction[Any], question: str) -> None:
        """Answers with the question."""
        await interaction.response.send_message(embed=info_embed("You asked", code(question)))

    @ask.autocomplete("question")
    async def ask_topics(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=topic.title(), value=topic)
            for topic in TOPICS
            if current.lower() in topic
        ]

    @app_commands.command(name="upload")
    @app_commands.describe(file="A CSV file", note="A note")
    async def upload(
        self, interaction: discord.Interaction[Any], file: discord.Attachment, note: str = ""
    ) -> None:
        """Counts the rows of a file and sends them back reversed."""
        await interaction.response.defer(thinking=True)
        rows = (await file.read()).decode().splitlines()
        reply = "\n".join(reversed(rows)).encode()
        await interaction.followup.send(
            embed=info_embed("Rows read", f"{len(rows)} rows {code(note)}"),
            file=attachment(reply, "reversed.csv"),
        )

    @app_commands.command(name="scheme")
    @app_commands.describe(name="Set the server's scheme")
    async def scheme(self, interaction: discord.Interaction[Any], name: str = "") -> None:
        """Shows (or sets) this server's tier scheme."""
        assert interaction.guild_id is not None
        if name:
            chosen = await self.bot.schemes.set_builtin(
                interaction.guild_id, name, actor_id=interaction.user.id
            )
        else:
            chosen = await self.bot.schemes.for_guild(interaction.guild_id)
        await interaction.response.send_message(embed=info_embed("Scheme", f"Scheme: {chosen.id}"))

    @app_commands.command(name="slow")
    async def slow(self, interaction: discord.Interaction[Any]) -> None:
        """Answers after more than three seconds, holding the event loop the whole time: the
        one case the watchdog (bot/watchdog.py) cannot save, as a stalled process."""
        time.sleep(3.1)  # noqa: ASYNC251 - blocking on purpose
        await interaction.response.send_message("finally")

    @app_commands.command(name="silent")
    async def silent(self, interaction: discord.Interaction[Any]) -> None:
        """Never answers."""


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Pager())
    await bot.add_cog(Sample(bot))
