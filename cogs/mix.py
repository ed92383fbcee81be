"""/mix: a nano/micro/mid/macro/mega plan for a goal and budget, with a chart."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands
from pydantic import ValidationError

from bot.domain.mix import (
    DEFAULT_WEEKS,
    MAX_CREATORS_LIMIT,
    BudgetTooSmallError,
    Goal,
    MixNotPossibleError,
    MixPlan,
    MixRequest,
    check_plannable,
    plan_mix,
)
from bot.domain.mix.models import MAX_BUDGET
from bot.domain.numbers import Money
from bot.domain.platforms import Platform
from bot.errors import InvalidOption, UserFacingError
from bot.render.campaign_button import start_campaign_view
from bot.render.mix import budget_too_small_message, mix_reply
from bot.render.mix_chart import draw_mix_chart
from bot.transformers import MoneyTransformer, PlatformOption

if TYPE_CHECKING:
    from bot.client import TierBot

log = logging.getLogger(__name__)

# Charts queued for the worker process at once; more wait their turn (already deferred), so a
# burst of /mix cannot pile up work (and memory) in the pool's queue.
_CHARTS_AT_ONCE = 2
_NICHE_MAX_LENGTH = 100

# An accepted example for each option a refusal can name.
_EXAMPLES = {
    "budget": "$25k",
    "weeks": "4",
    "max_creators": "10",
    "niche": "vegan skincare",
}


class BudgetTooSmall(UserFacingError):
    title = "Budget too small"


class GoalTransformer(app_commands.Transformer):
    """The campaign goal, offered as choices (value = `Goal` value)."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.string

    @property
    def choices(self) -> list[app_commands.Choice[int | float | str]]:
        return [app_commands.Choice(name=goal.value, value=goal.value) for goal in Goal]

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> Goal:
        try:
            return Goal(str(value))
        except ValueError:
            # Only a crafted payload gets here: the client offers the choices alone.
            raise InvalidOption("goal", "isn't a goal Tierbot plans for", "awareness") from None


GoalOption = app_commands.Transform[Goal, GoalTransformer()]
Budget = app_commands.Transform[
    Money, MoneyTransformer("budget", example=_EXAMPLES["budget"], maximum=MAX_BUDGET)
]


def _request_error(error: ValidationError) -> InvalidOption:
    """A request the planner refuses, as a refusal naming the option (crafted payloads only:
    Discord enforces the ranges and lengths, and the launch rule is checked before)."""
    first = error.errors()[0]
    option = str(first["loc"][0]) if first["loc"] else "max_creators"
    reason = str(first["msg"]).removeprefix("Value error, ")
    return InvalidOption(option, reason, _EXAMPLES.get(option, "4"))


class Mix(commands.Cog):
    help_title = "Plan a mix"

    def __init__(self, bot: TierBot) -> None:
        self.bot = bot
        self._chart_slots = asyncio.Semaphore(_CHARTS_AT_ONCE)

    @app_commands.command(name="mix")
    @app_commands.describe(
        goal="What the campaign is for",
        budget="Total budget, e.g. $25k, 25k EUR or €10.000 (ten thousand); no currency means USD",
        platform="Where the creators post (default Instagram)",
        weeks="Campaign length in weeks, 1-52 (default 4, longer when 4 cannot spend the budget)",
        max_creators="Most creators the team can manage, 1-500 (default: what the budget buys)",
        niche="The campaign's niche or product, e.g. vegan skincare",
    )
    async def mix(
        self,
        interaction: discord.Interaction[TierBot],
        goal: GoalOption,
        budget: Budget,
        platform: PlatformOption | None = None,
        weeks: app_commands.Range[int, 1, 52] | None = None,
        max_creators: app_commands.Range[int, 1, MAX_CREATORS_LIMIT] | None = None,
        niche: app_commands.Range[str, 1, _NICHE_MAX_LENGTH] | None = None,
    ) -> None:
        """Suggest a nano-to-mega creator mix for a goal and budget, with a chart."""
        if goal is Goal.LAUNCH and max_creators == 1:
            raise InvalidOption(
                "max_creators",
                "must be at least 2 for a launch: one creator kicks off, another sustains",
                "2",
            )
        scheme = await self.bot.schemes.for_guild(interaction.guild_id)
        platform_assumed = platform is None
        platform = platform or Platform.INSTAGRAM
        try:
            request = MixRequest(
                goal=goal,
                budget=budget.amount,
                currency=budget.currency,
                platform=platform,
                platform_assumed=platform_assumed,
                weeks=weeks or DEFAULT_WEEKS,
                weeks_assumed=weeks is None,
                max_creators=max_creators,
                niche=niche,
                allowed_tiers=scheme.tiers,
            )
        except ValidationError as exc:
            raise _request_error(exc) from None
        # The feasibility check takes ~35 µs, so refusals stay private and immediate; the plan
        # (1-4 ms of numpy) and the chart (~5 ms) run in the worker process,
        # where a burst of /mix cannot stall other commands on the event loop.
        try:
            check_plannable(request)
        except BudgetTooSmallError as exc:
            raise BudgetTooSmall(budget_too_small_message(exc, platform, budget)) from None
        except MixNotPossibleError as exc:
            raise UserFacingError(f"Tierbot can't plan this: {exc}.") from None
        await interaction.response.defer(thinking=True)
        plan = await self.bot.workers.run(plan_mix, request)
        chart = await self._chart(plan)
        reply = mix_reply(plan, scheme, in_guild=interaction.guild_id is not None, chart_png=chart)
        if interaction.guild_id is not None:  # campaigns are kept per server
            reply.view = start_campaign_view(request)
        await interaction.followup.send(**reply.kwargs())

    async def _chart(self, plan: MixPlan) -> bytes | None:
        """The chart PNG, or None when drawing failed: the plan is still worth sending."""
        async with self._chart_slots:
            try:
                return await self.bot.workers.run(draw_mix_chart, plan)
            except Exception:
                log.exception("Could not draw the /mix chart; sending the plan without it")
                return None


async def setup(bot: TierBot) -> None:
    await bot.add_cog(Mix(bot))
