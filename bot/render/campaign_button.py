"""The "Start a campaign" button under a /mix reply, and the modal that asks for a name.

The button is persistent (`DynamicItem`): its custom_id carries the plan's request (goal,
platform, weeks, creator cap, currency, budget), so it still works after a restart and the
campaign gets the same plan the reply showed (the planner is deterministic; the niche only
changes the plan's notes, so it is not carried). The modal lives in memory while it is open.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Final, Protocol, Self, cast

import discord

from bot.domain.campaign.models import MAX_NAME_LENGTH
from bot.domain.mix import Goal, MixRequest
from bot.domain.platforms import Platform
from bot.errors import UserFacingError
from bot.render.views import report_error

COG_NAME: Final = "campaign"
_GOALS = "|".join(re.escape(goal.value) for goal in Goal)
_PLATFORMS = "|".join(platform.value for platform in Platform)
TEMPLATE: Final = (
    rf"cp:start:(?P<goal>{_GOALS}):(?P<platform>{_PLATFORMS}):(?P<weeks>[0-9]{{1,2}}):"
    r"(?P<cap>[0-9]{0,3}):(?P<currency>[A-Z]{3}):(?P<budget>[0-9]{1,10}(?:\.[0-9]{1,2})?)"
)
DAMAGED: Final = (
    "This button's plan can't be read (the message may be from an older version). "
    "Run `/mix` again, or use `/campaign create`."
)


class CampaignStarter(Protocol):
    async def start_from_mix(
        self, interaction: discord.Interaction[Any], request: MixRequest, name: str
    ) -> None: ...


def _starter(interaction: discord.Interaction[Any]) -> CampaignStarter:
    cog = interaction.client.get_cog(COG_NAME) if hasattr(interaction.client, "get_cog") else None
    if cog is None:
        raise UserFacingError("Campaigns are unavailable right now. Try again in a minute.")
    return cast(CampaignStarter, cog)


def encode_request(request: MixRequest) -> str:
    budget = format(request.budget.quantize(Decimal("0.01")).normalize(), "f")
    cap = "" if request.max_creators is None else str(request.max_creators)
    return (
        f"cp:start:{request.goal.value}:{request.platform.value}:{request.weeks}:{cap}:"
        f"{request.currency}:{budget}"
    )


def decode_request(match: Any, allowed_tiers: tuple[Any, ...] | None = None) -> MixRequest | None:
    try:
        return MixRequest(
            goal=Goal(match["goal"]),
            platform=Platform(match["platform"]),
            weeks=int(match["weeks"]),
            max_creators=int(match["cap"]) if match["cap"] else None,
            currency=match["currency"],
            budget=Decimal(match["budget"]),
        )
    except (ValueError, InvalidOperation):
        return None


class CampaignNameModal(discord.ui.Modal, title="Start a campaign"):
    metric_name: ClassVar[str] = "mix · campaign name"
    name: discord.ui.TextInput[Self] = discord.ui.TextInput(
        label="Campaign name",
        placeholder="Spring launch",
        min_length=1,
        max_length=MAX_NAME_LENGTH,
    )

    def __init__(self, request: MixRequest) -> None:
        super().__init__(timeout=600)
        self.request = request

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        await _starter(interaction).start_from_mix(interaction, self.request, self.name.value)

    async def on_error(  # type: ignore[override]  # discord.py types Modal.on_error as View's
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        await report_error(interaction, error)


class StartCampaignButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=TEMPLATE
):
    """ "Start a campaign" under a /mix reply in a server: asks for a name, then stores the
    campaign with this plan."""

    metric_name: ClassVar[str] = "mix · start a campaign"

    def __init__(self, request: MixRequest | None, custom_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Start a campaign",
                style=discord.ButtonStyle.primary,
                custom_id=custom_id,
                emoji="🚀",
            )
        )
        self.request = request

    @classmethod
    def for_request(cls, request: MixRequest) -> Self:
        return cls(request, encode_request(request))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> Self:
        return cls(decode_request(match), match.string)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            if self.request is None:
                raise UserFacingError(DAMAGED)
            if interaction.guild_id is None:
                raise UserFacingError("Campaigns are kept per server: use this in a server.")
            await interaction.response.send_modal(CampaignNameModal(self.request))
        except Exception as error:
            await report_error(interaction, error)


def start_campaign_view(request: MixRequest) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(StartCampaignButton.for_request(request))
    return view


PERSISTENT_ITEMS: Final = (StartCampaignButton,)
