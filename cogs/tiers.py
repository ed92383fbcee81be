"""/tiers: tier definitions, comparisons, questions, and each server's tier scheme."""

from __future__ import annotations

import asyncio
import logging
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import require_guild, require_manage_guild
from bot.domain import ask, knowledge
from bot.domain.numbers import NumberFormatError, parse_count
from bot.domain.scheme_diff import scheme_changes, tier_spread
from bot.domain.tier import Tier
from bot.domain.tier_overview import tier_figures, tier_overview
from bot.domain.tier_profiles import tier_profile
from bot.domain.tiers import SchemeError, TierScheme, builtin_schemes
from bot.errors import InvalidOption, UserFacingError
from bot.render import tiers as render
from bot.render.knowledge import answer_embed, computed_embed, no_answer_embed
from bot.render.limits import CHOICE_NAME
from bot.render.text import code

if TYPE_CHECKING:
    from bot.client import TierBot

log = logging.getLogger(__name__)

TierName = Literal["nano", "micro", "mid", "macro", "mega"]

SCHEME_CHOICES = [
    app_commands.Choice(name=scheme.name[:CHOICE_NAME], value=scheme.id)
    for scheme in builtin_schemes().values()
]
THRESHOLD_EXAMPLES = {"nano": "1k", "micro": "10k", "mid": "50k", "macro": "500k", "mega": "1M"}


class ThresholdsRefused(UserFacingError):
    """Custom thresholds that cannot make a scheme (the message names the tier)."""

    title = "Check those thresholds"


def parse_threshold(option: str, raw: str | None) -> int | None:
    """A tier's minimum followers as typed ("10k"); None when the option was left out."""
    if raw is None:
        return None
    try:
        return parse_count(raw)
    except NumberFormatError as error:
        raise InvalidOption(
            option,
            f"{code(raw, 40)} {error}: give the fewest followers a {option} has",
            THRESHOLD_EXAMPLES[option],
        ) from None


@lru_cache(maxsize=64)
def define_embed(tier: Tier, scheme: TierScheme, *, in_dm: bool) -> discord.Embed:
    """/tiers define's reply depends on nothing else, so it is built once per tier and scheme
    (the benchmark showed ~0.2 ms of work repeated on every request). Never mutated."""
    return render.define_embed(
        tier_profile(tier),
        tier_figures(tier, scheme),
        tier_spread(tier, scheme),
        scheme,
        in_dm=in_dm,
    )


@lru_cache(maxsize=256)
def answer_reply(
    question: str, scheme: TierScheme, *, in_dm: bool = False
) -> tuple[discord.Embed, bool]:
    """/tiers ask's reply under the server's scheme, and whether it is ephemeral (no answer).
    Parsing and search take well under a millisecond, so they run inline rather than hop to
    a worker thread; teams ask the autocomplete's questions again and again, so replies are
    kept per question and scheme. Never mutated."""
    found = ask.answer(question, scheme, in_dm=in_dm)
    if isinstance(found, ask.Computed):
        return computed_embed(question, found), False
    if isinstance(found, ask.EntryAnswer):
        embed = answer_embed(
            question,
            found.entry,
            found.related,
            scheme,
            in_dm=in_dm,
            tiers=found.tiers,
            lead=found.lead,
        )
        return embed, False
    return no_answer_embed(question, found.suggestions), True


class Tiers(commands.GroupCog, group_name="tiers", group_description="Influencer tiers"):
    """Tier definitions, comparisons, questions and the server's scheme."""

    help_title = "Tier knowledge"

    def __init__(self, bot: TierBot) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        # Build the knowledge index now, so the first /tiers ask answers at once.
        await asyncio.to_thread(knowledge.warm_up)

    # -- reading -----------------------------------------------------------------------------

    @app_commands.command(name="overview")
    async def overview(self, interaction: discord.Interaction[TierBot]) -> None:
        """The server's tiers in one table: followers, engagement, cost per post, best use."""
        scheme = await self.bot.schemes.for_guild(interaction.guild_id)
        embed = render.overview_embed(tier_overview(scheme), in_dm=interaction.guild_id is None)
        await interaction.response.send_message(embed=embed)

    @app_commands.command(name="define")
    @app_commands.describe(tier="The tier to explain")
    async def define(self, interaction: discord.Interaction[TierBot], tier: TierName) -> None:
        """One tier under every scheme, with engagement, cost, good uses and pitfalls."""
        scheme = await self.bot.schemes.for_guild(interaction.guild_id)
        embed = define_embed(Tier(tier), scheme, in_dm=interaction.guild_id is None)
        await interaction.response.send_message(embed=embed)

    @app_commands.command(name="compare")
    @app_commands.describe(first="The first tier", second="The tier to compare it with")
    async def compare(
        self, interaction: discord.Interaction[TierBot], first: TierName, second: TierName
    ) -> None:
        """Two tiers side by side: followers, engagement, reach, cost, content, trust, goals."""
        if first == second:
            other = "micro" if first != "micro" else "nano"
            raise InvalidOption(
                "second",
                f"is {first} too, and a tier compared with itself shows no difference. "
                f"Pick another tier, or see `/tiers define tier:{first}` for {first} alone",
                other,
            )
        scheme = await self.bot.schemes.for_guild(interaction.guild_id)
        embed = render.compare_embed(
            tier_profile(Tier(first)),
            tier_profile(Tier(second)),
            scheme,
            in_dm=interaction.guild_id is None,
        )
        await interaction.response.send_message(embed=embed)

    @app_commands.command(name="ask")
    @app_commands.describe(question="Your question about influencer tiers, in your own words")
    async def ask(self, interaction: discord.Interaction[TierBot], question: str) -> None:
        """Ask anything about influencer tiers; the best answer comes with its sources."""
        scheme = await self.bot.schemes.for_guild(interaction.guild_id)
        embed, ephemeral = answer_reply(question, scheme, in_dm=interaction.guild_id is None)
        await interaction.response.send_message(embed=embed, ephemeral=ephemeral)

    @ask.autocomplete("question")
    async def ask_autocomplete(
        self, interaction: discord.Interaction[TierBot], current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            return [app_commands.Choice(name=text, value=text) for text in ask.suggest(current)]
        except Exception:
            log.exception("Autocomplete for /tiers ask failed")
            return []

    # -- the server's scheme ------------------------------------------------------------------

    @app_commands.command(name="scheme")
    @app_commands.describe(
        name="A built-in scheme to use in this server (leave out to see the current one)"
    )
    @app_commands.choices(name=SCHEME_CHOICES)
    async def scheme(
        self, interaction: discord.Interaction[TierBot], name: str | None = None
    ) -> None:
        """See the server's tier scheme, or pick a built-in one (Manage Server)."""
        if name is None:
            scheme = await self.bot.schemes.for_guild(interaction.guild_id)
            embed = render.scheme_embed(scheme, in_dm=interaction.guild_id is None)
            await interaction.response.send_message(embed=embed)
            return
        guild_id = require_guild(interaction, "Setting a tier scheme")
        require_manage_guild(interaction, "change this server's tier scheme")
        if name not in builtin_schemes():  # the choices say so, but a payload can be crafted
            raise InvalidOption("name", f"{code(name, 40)} is not a built-in scheme", "industry")
        before = await self.bot.schemes.for_guild(guild_id)
        if before.id == name:
            await interaction.response.send_message(
                embed=render.scheme_unchanged_embed(before), ephemeral=True
            )
            return
        after = await self.bot.schemes.set_builtin(guild_id, name, actor_id=interaction.user.id)
        embed = render.scheme_changed_embed(before, after, scheme_changes(before, after))
        await interaction.response.send_message(embed=embed)

    @app_commands.command(name="custom")
    @app_commands.describe(
        nano="Fewest followers of a nano creator, e.g. 1k",
        micro="Fewest followers of a micro creator, e.g. 10k",
        macro="Fewest followers of a macro creator, e.g. 500k",
        mega="Fewest followers of a mega creator, e.g. 1M",
        mid="Fewest followers of a mid creator, e.g. 50k (leave out for no mid tier)",
    )
    async def custom(
        self,
        interaction: discord.Interaction[TierBot],
        nano: str,
        micro: str,
        macro: str,
        mega: str,
        mid: str | None = None,
    ) -> None:
        """Set this server's own tiers from each tier's minimum followers (Manage Server)."""
        guild_id = require_guild(interaction, "Setting a custom tier scheme")
        require_manage_guild(interaction, "change this server's tier scheme")
        typed = {"nano": nano, "micro": micro, "mid": mid, "macro": macro, "mega": mega}
        values = {option: parse_threshold(option, raw) for option, raw in typed.items()}
        try:
            scheme = TierScheme.custom(**values)
        except SchemeError as error:
            raise ThresholdsRefused(
                f"**{error.field}** {error.reason}.\n\nFor example: "
                "`/tiers custom nano:1k micro:10k macro:500k mega:1M mid:50k` "
                "(leave out `mid` for four tiers)."
            ) from None
        before = await self.bot.schemes.for_guild(guild_id)
        if before.is_custom and before.minimums == scheme.minimums:
            await interaction.response.send_message(
                embed=render.scheme_unchanged_embed(before), ephemeral=True
            )
            return
        saved = await self.bot.schemes.set_custom(guild_id, scheme, actor_id=interaction.user.id)
        embeds = render.custom_saved_embeds(
            before, tier_overview(saved), scheme_changes(before, saved)
        )
        await interaction.response.send_message(embeds=embeds)


async def setup(bot: TierBot) -> None:
    await bot.add_cog(Tiers(bot))
