"""/campaign: from a /mix plan to booked creators, each post's results, and plan-vs-actual.

Server-only, like shortlists: every read and write is scoped by the interaction's guild, and
names, handles and custom_ids from elsewhere read as "not found". Writes are committed
before the reply says they happened. The report's figures are computed here in-process
(well under 20 ms for 200 posts); the chart is drawn in the worker process, as /mix does.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands
from pydantic import ValidationError

from bot.checks import can_manage_guild, require_guild
from bot.domain.campaign.models import (
    Booking,
    Campaign,
    CampaignRuleError,
    PostResult,
    clean_campaign_name,
    clean_post_label,
    plan_from_mix,
)
from bot.domain.campaign.report import CampaignReport, build_report, post_band
from bot.domain.campaign.results_csv import read_results_csv
from bot.domain.creator_csv import CsvError
from bot.domain.handles import HandleError, normalize_handle
from bot.domain.mix import (
    BudgetTooSmallError,
    MixNotPossibleError,
    MixRequest,
    check_plannable,
    plan_mix,
)
from bot.domain.mix.models import DEFAULT_WEEKS, MAX_BUDGET
from bot.domain.numbers import Money, format_money
from bot.domain.platforms import Platform
from bot.errors import (
    Conflict,
    InvalidOption,
    LimitReached,
    NotFound,
    PermissionRefused,
    UserFacingError,
)
from bot.render import campaign as render
from bot.render.campaign_button import COG_NAME, PERSISTENT_ITEMS, TEMPLATE
from bot.render.campaign_chart import chart_data, draw_campaign_chart
from bot.render.files import attachment
from bot.render.limits import CHOICES, clip
from bot.render.mix import budget_too_small_message
from bot.render.shortlist import entry_choice, entry_reference, stale_component_embed
from bot.render.text import code
from bot.render.views import ConfirmView, component_on_message
from bot.transformers import (
    Comments,
    CountTransformer,
    Followers,
    Likes,
    MoneyTransformer,
    PlatformOption,
    Saves,
    Shares,
)
from bot.uploads import download, refuse_unreadable
from cogs.mix import BudgetTooSmall, GoalOption
from cogs.shortlist import list_name_choices
from storage.protocols import (
    CampaignClosed,
    CampaignGone,
    CampaignLimitReached,
    CampaignNameTaken,
    CampaignRepository,
    NotBooked,
)

if TYPE_CHECKING:
    from bot.client import TierBot

log = logging.getLogger(__name__)

T = TypeVar("T")

WHERE = "`/campaign`"
_DEFER_AFTER_SECONDS = 1.5
_CHARTS_AT_ONCE = 2
_FILES_AT_ONCE = 2

CampaignName = app_commands.Range[str, 1, 50]
HandleText = app_commands.Range[str, 1, 100]
Budget = app_commands.Transform[
    Money, MoneyTransformer("budget", example="$25k", maximum=MAX_BUDGET)
]
Fee = app_commands.Transform[Money, MoneyTransformer("fee", example="$450", maximum=MAX_BUDGET)]
PostViews = app_commands.Transform[int, CountTransformer("views", example="12.5k")]
Clicks = app_commands.Transform[int, CountTransformer("clicks", example="140")]
Conversions = app_commands.Transform[int, CountTransformer("conversions", example="12")]


def _bot(interaction: discord.Interaction[Any]) -> TierBot:
    return interaction.client  # type: ignore[no-any-return]


# --- autocomplete: guild-scoped, at most 25, never raises -------------------------------------


async def campaign_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    if interaction.guild_id is None:
        return []
    try:
        names = await _bot(interaction).storage.campaigns.search_names(
            interaction.guild_id, current[:50], CHOICES
        )
    except Exception:
        log.exception("Campaign name autocomplete failed")
        return []
    return [app_commands.Choice(name=name, value=name) for name in names]


async def shortlisted_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """Creators on the campaign's shortlist first, then the server's other shortlists."""
    name = getattr(interaction.namespace, "campaign", None)
    if interaction.guild_id is None:
        return []
    try:
        repo = _bot(interaction).storage.campaigns
        campaign = await repo.find(interaction.guild_id, name) if isinstance(name, str) else None
        entries = await repo.search_shortlisted(
            interaction.guild_id,
            campaign.shortlist_id if campaign else None,
            current[:100].lstrip("@"),
            CHOICES,
        )
    except Exception:
        log.exception("Campaign booking autocomplete failed")
        return []
    return [app_commands.Choice(name=n, value=v) for n, v in map(entry_choice, entries)]


async def booked_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    name = getattr(interaction.namespace, "campaign", None)
    if interaction.guild_id is None or not isinstance(name, str):
        return []
    try:
        bookings = await _bot(interaction).storage.campaigns.search_bookings(
            interaction.guild_id, name[:50], current[:100].lstrip("@"), CHOICES
        )
    except Exception:
        log.exception("Booked creator autocomplete failed")
        return []
    return [app_commands.Choice(name=n, value=v) for n, v in map(render.booking_choice, bookings)]


# --- helpers ------------------------------------------------------------------------------------


async def _in_time(interaction: discord.Interaction[Any], work: Awaitable[T]) -> T:
    """Run a write; if it is still waiting for the database near the deadline, defer first."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=_DEFER_AFTER_SECONDS)
    if not done and not interaction.response.is_done():
        await interaction.response.defer(thinking=True)
    return await task


async def _send(interaction: discord.Interaction[Any], **kwargs: Any) -> None:
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)


def _clean_name(option: str, text: str) -> str:
    try:
        return clean_campaign_name(text)
    except CampaignRuleError as exc:
        raise InvalidOption(option, f"{code(text, 40)} {exc}", "Spring launch") from None


@dataclass(frozen=True, slots=True)
class Creator:
    """Who a handle option names: the account key lookups use, and a label to show."""

    platform: Platform
    key: str
    label: str


def _creator(text: str, platform: Platform | None, default: Platform) -> Creator:
    """A typed handle, a profile link, or an autocomplete value ("instagram:ana"; the value
    names an account by its key, which is only ever looked up inside this server)."""
    reference = entry_reference(text)
    if reference is not None and platform in (None, reference[0]):
        chosen, key = reference
        return Creator(chosen, key, key if "/" in key else "@" + key)
    try:
        handle = normalize_handle(text, platform, default_platform=default)
    except HandleError as exc:
        raise InvalidOption("handle", f"{code(text, 40)} {exc}", "@janedoe") from None
    return Creator(handle.platform, handle.key, handle.label)


def _fee(campaign: Campaign, fee: Money | None) -> float | None:
    if fee is None:
        return None
    currency = campaign.plan.currency
    if fee.currency != currency:
        raise InvalidOption(
            "fee",
            f"is in {fee.currency}; {render.name_of(campaign)} is budgeted in {currency}",
            format_money(450, currency),
        )
    return float(fee.amount)


class Campaigns(
    commands.GroupCog,
    name=COG_NAME,
    group_name="campaign",
    group_description="Campaigns: plan, bookings, results and what worked by tier",
):
    """Store a /mix plan as a campaign, book creators, record posts, report plan vs actual."""

    help_title = "Campaigns"

    def __init__(self, bot: TierBot) -> None:
        self.bot = bot
        self._chart_slots = asyncio.Semaphore(_CHARTS_AT_ONCE)
        self._file_slots = asyncio.Semaphore(_FILES_AT_ONCE)
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*PERSISTENT_ITEMS)
        self.bot.add_component_guard("cp:", self.refuse_stale_component)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*PERSISTENT_ITEMS)
        self.bot.remove_component_guard("cp:")

    @property
    def repo(self) -> CampaignRepository:
        return self.bot.storage.campaigns

    async def _campaign(self, guild_id: int, name: str) -> Campaign:
        found = await self.repo.find(guild_id, name)
        if found is None:
            raise NotFound(render.not_found_message(name))
        return found

    async def _write(
        self, interaction: discord.Interaction[Any], campaign: Campaign, work: Awaitable[T]
    ) -> T:
        """A write to one campaign, its refusals turned into replies."""
        try:
            return await _in_time(interaction, work)
        except CampaignClosed as exc:
            raise UserFacingError(render.closed_message(exc.campaign)) from None
        except CampaignGone:
            raise NotFound(render.not_found_message(campaign.name)) from None
        except CampaignLimitReached as exc:
            raise LimitReached(render.limit_message(exc.what, exc.limit)) from None

    def _require_owner_or_manager(
        self, interaction: discord.Interaction[Any], campaign: Campaign, action: str
    ) -> None:
        if interaction.user.id != campaign.created_by and not can_manage_guild(interaction):
            raise PermissionRefused(
                f"Only the person who created {render.name_of(campaign)} "
                f"(<@{campaign.created_by}>) or a member with the **Manage Server** "
                f"permission can {action} it."
            )

    # -- create ------------------------------------------------------------------------------

    @app_commands.command(name="create")
    @app_commands.describe(
        name="The campaign's name (1–50 characters, unique in this server)",
        goal="What the campaign is for",
        budget="Total budget, e.g. $25k, 25000, €10k (no currency means USD)",
        platform="Where the creators post (default Instagram)",
        weeks="Campaign length in weeks, 1-52 (default 4, longer when 4 cannot spend the budget)",
        shortlist="The shortlist to book creators from (optional)",
    )
    @app_commands.autocomplete(shortlist=list_name_choices)
    async def create(
        self,
        interaction: discord.Interaction[TierBot],
        name: CampaignName,
        goal: GoalOption,
        budget: Budget,
        platform: PlatformOption = Platform.INSTAGRAM,
        weeks: app_commands.Range[int, 1, 52] | None = None,
        shortlist: app_commands.Range[str, 1, 50] | None = None,
    ) -> None:
        """Start a campaign with the plan /mix makes for this goal and budget."""
        guild_id = require_guild(interaction, WHERE)
        clean_name = _clean_name("name", name)
        shortlist_id: int | None = None
        shortlist_name: str | None = None
        if shortlist is not None:
            found = await self.bot.storage.shortlists.find(guild_id, shortlist)
            if found is None:
                raise NotFound(
                    f"This server has no shortlist named {code(shortlist, 60)}. "
                    "`/shortlist lists` shows them; or leave `shortlist` out."
                )
            shortlist_id, shortlist_name = found.id, found.name
        scheme = await self.bot.schemes.for_guild(guild_id)
        try:
            request = MixRequest(
                goal=goal,
                budget=budget.amount,
                currency=budget.currency,
                platform=platform,
                weeks=weeks or DEFAULT_WEEKS,
                weeks_assumed=weeks is None,  # as /mix plans it, so the two agree
                allowed_tiers=scheme.tiers,
            )
        except ValidationError as exc:
            reason = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
            raise InvalidOption("budget", reason, "$25k") from None
        await self._create(interaction, guild_id, clean_name, request, shortlist_id, shortlist_name)

    async def _create(
        self,
        interaction: discord.Interaction[Any],
        guild_id: int,
        name: str,
        request: MixRequest,
        shortlist_id: int | None,
        shortlist_name: str | None,
    ) -> None:
        try:
            check_plannable(request)
        except BudgetTooSmallError as exc:
            money = Money(request.budget, request.currency)
            raise BudgetTooSmall(budget_too_small_message(exc, request.platform, money)) from None
        except MixNotPossibleError as exc:
            raise UserFacingError(f"Tierbot can't plan this: {exc}.") from None
        # The plan is the /mix planner's own, made where /mix makes it (the worker process).
        plan = await _in_time(interaction, self.bot.workers.run(plan_mix, request))
        try:
            created = await _in_time(
                interaction,
                self.repo.create(
                    guild_id,
                    name,
                    plan_from_mix(plan),
                    shortlist_id=shortlist_id,
                    actor_id=interaction.user.id,
                ),
            )
        except CampaignNameTaken as exc:
            raise Conflict(render.name_taken_message(exc.existing)) from None
        except CampaignLimitReached as exc:
            raise LimitReached(render.limit_message(exc.what, exc.limit)) from None
        await _send(interaction, embed=render.created_embed(created, shortlist_name))

    async def start_from_mix(
        self, interaction: discord.Interaction[Any], request: MixRequest, name: str
    ) -> None:
        """The "Start a campaign" modal under a /mix reply was submitted."""
        guild_id = require_guild(interaction, WHERE)
        clean_name = _clean_name("name", name)
        scheme = await self.bot.schemes.for_guild(guild_id)
        request = request.model_copy(update={"allowed_tiers": scheme.tiers})
        await self._create(interaction, guild_id, clean_name, request, None, None)

    # -- book, unbook ------------------------------------------------------------------------

    @app_commands.command(name="book")
    @app_commands.describe(
        campaign="The campaign",
        handle="@name, a profile link, or a creator from this server's shortlists",
        platform="Where they post (default: the campaign's platform)",
        fee="The agreed fee for the whole booking, e.g. $450",
        followers="Followers or subscribers, e.g. 12.5k (sets the tier)",
    )
    @app_commands.autocomplete(campaign=campaign_choices, handle=shortlisted_choices)
    async def book(
        self,
        interaction: discord.Interaction[TierBot],
        campaign: CampaignName,
        handle: HandleText,
        platform: PlatformOption | None = None,
        fee: Fee | None = None,
        followers: Followers | None = None,
    ) -> None:
        """Book a creator for a campaign (a shortlisted creator is marked confirmed)."""
        guild_id = require_guild(interaction, WHERE)
        found = await self._campaign(guild_id, campaign)
        creator = _creator(handle, platform, found.plan.platform)
        fee_amount = _fee(found, fee)
        entries = await self.repo.shortlisted(guild_id, creator.platform, creator.key)
        own = [pair for pair in entries if pair[0].list_id == found.shortlist_id]
        to_confirm = own or entries
        tier = None
        if followers is None:
            known = next((entry for entry, _ in to_confirm if entry.followers is not None), None)
            if known is not None:
                followers = known.followers
        if followers is not None:
            scheme = await self.bot.schemes.for_guild(guild_id)
            tier = scheme.classify(followers).tier
        booking = Booking(
            platform=creator.platform,
            handle_key=creator.key,
            handle=to_confirm[0][0].label if to_confirm else creator.label,
            followers=followers,
            tier=tier,
            fee=fee_amount,
        )
        stored, new = await self._write(
            interaction,
            found,
            self.repo.book(
                guild_id,
                found.id,
                booking,
                confirm_entries=[entry.id for entry, _ in to_confirm],
                actor_id=interaction.user.id,
            ),
        )
        confirmed_on = [name for entry, name in to_confirm if entry.status.value != "confirmed"]
        await _send(
            interaction,
            embed=render.booked_embed(found, stored, new=new, confirmed_on=confirmed_on),
        )

    @app_commands.command(name="unbook")
    @app_commands.describe(
        campaign="The campaign",
        handle="The booked creator (their recorded posts are removed too)",
        platform="Only needed for a creator booked on two platforms",
    )
    @app_commands.autocomplete(campaign=campaign_choices, handle=booked_choices)
    async def unbook(
        self,
        interaction: discord.Interaction[TierBot],
        campaign: CampaignName,
        handle: HandleText,
        platform: PlatformOption | None = None,
    ) -> None:
        """Take a creator off a campaign, with their recorded posts."""
        guild_id = require_guild(interaction, WHERE)
        found = await self._campaign(guild_id, campaign)
        creator = _creator(handle, platform, found.plan.platform)
        try:
            booking, posts = await self._write(
                interaction,
                found,
                self.repo.unbook(
                    guild_id, found.id, creator.platform, creator.key, actor_id=interaction.user.id
                ),
            )
        except NotBooked:
            raise NotFound(render.not_booked_message(found, creator.label)) from None
        await _send(interaction, embed=render.unbooked_embed(found, booking, posts))

    # -- results -----------------------------------------------------------------------------

    @app_commands.command(name="result")
    @app_commands.describe(
        campaign="The campaign",
        handle="The booked creator",
        views="The post's views, e.g. 12.5k",
        platform="Only needed for a creator booked on two platforms",
        post="The post's link or a label; the same one again corrects it (default: next post)",
        likes="Likes on the post",
        comments="Comments on the post",
        shares="Shares or reposts",
        saves="Saves or bookmarks",
        clicks="Link clicks",
        conversions="Sales, sign-ups or other conversions",
        fee="Paid for this post on top of the booking's fee, e.g. $50 for a boost",
    )
    @app_commands.autocomplete(campaign=campaign_choices, handle=booked_choices)
    async def result(
        self,
        interaction: discord.Interaction[TierBot],
        campaign: CampaignName,
        handle: HandleText,
        views: PostViews,
        platform: PlatformOption | None = None,
        post: app_commands.Range[str, 1, 200] | None = None,
        likes: Likes | None = None,
        comments: Comments | None = None,
        shares: Shares | None = None,
        saves: Saves | None = None,
        clicks: Clicks | None = None,
        conversions: Conversions | None = None,
        fee: Fee | None = None,
    ) -> None:
        """Record one post's results (the same post again replaces them)."""
        guild_id = require_guild(interaction, WHERE)
        found = await self._campaign(guild_id, campaign)
        creator = _creator(handle, platform, found.plan.platform)
        try:
            label = clean_post_label(post)
        except CampaignRuleError as exc:
            raise InvalidOption("post", f"{code(post or '', 40)} {exc}", "Reel 1") from None
        result = PostResult(
            platform=creator.platform,
            handle_key=creator.key,
            label=label,
            views=views,
            likes=likes,
            comments=comments,
            shares=shares,
            saves=saves,
            clicks=clicks,
            conversions=conversions,
            fee=_fee(found, fee),
        )
        try:
            stored, replaced = await self._write(
                interaction,
                found,
                self.repo.record_post(guild_id, found.id, result, actor_id=interaction.user.id),
            )
        except NotBooked:
            raise NotFound(render.not_booked_message(found, creator.label)) from None
        booking = next(
            (b for b in await self.repo.bookings(guild_id, found.id) if b.key == stored.key), None
        )
        if booking is None:  # unbooked a moment ago
            raise NotFound(render.not_booked_message(found, creator.label))
        embed = render.result_embed(found, booking, stored, replaced, post_band(booking, stored))
        await _send(interaction, embed=embed)

    @app_commands.command(name="import")
    @app_commands.describe(
        campaign="The campaign",
        file="The tracking sheet as CSV or TSV: one row a post (handle, post, views, likes, …)",
        platform="Platform for rows with neither a platform column nor a profile link",
    )
    @app_commands.autocomplete(campaign=campaign_choices)
    async def import_(
        self,
        interaction: discord.Interaction[TierBot],
        campaign: CampaignName,
        file: discord.Attachment,
        platform: PlatformOption | None = None,
    ) -> None:
        """Record many posts from the team's tracking sheet, in one step, with a row report."""
        guild_id = require_guild(interaction, WHERE)
        refuse_unreadable(file)
        found = await self._campaign(guild_id, campaign)
        await interaction.response.defer(thinking=True)
        data = await download(file)
        async with self._file_slots:
            try:
                parsed = await asyncio.to_thread(
                    read_results_csv, data, default_platform=platform or found.plan.platform
                )
            except CsvError as exc:
                raise UserFacingError(str(exc)) from None
        results = await self._write(
            interaction,
            found,
            self.repo.import_posts(
                guild_id,
                found.id,
                parsed.rows,
                actor_id=interaction.user.id,
                source=clip(file.filename, 100),
            ),
        )
        await interaction.followup.send(
            embed=render.import_embed(found, file.filename, results, len(parsed.errors)),
            file=render.import_report_file(results, parsed.errors),
        )

    # -- report ------------------------------------------------------------------------------

    @app_commands.command(name="report")
    @app_commands.describe(campaign="The campaign to report on")
    @app_commands.autocomplete(campaign=campaign_choices)
    async def report(
        self, interaction: discord.Interaction[TierBot], campaign: CampaignName
    ) -> None:
        """Plan against actual by tier: views, engagement, costs, best tier, with chart and CSV."""
        guild_id = require_guild(interaction, WHERE)
        found = await self._campaign(guild_id, campaign)
        await interaction.response.defer(thinking=True)
        bookings = await self.repo.bookings(guild_id, found.id)
        posts = await self.repo.posts(guild_id, found.id)
        report = build_report(found.plan, bookings, [stored.post for stored in posts])
        chart = await self._chart(found, report)
        files = [render.report_csv(found, report)]
        if chart is not None:
            files.insert(
                0,
                attachment(
                    chart,
                    render.CHART_FILENAME,
                    description="Posts, spend and engagements: planned against actual by tier",
                ),
            )
        await interaction.followup.send(
            embed=render.report_embed(found, report, chart=chart is not None), files=files
        )

    async def _chart(self, campaign: Campaign, report: CampaignReport) -> bytes | None:
        async with self._chart_slots:
            try:
                return await self.bot.workers.run(
                    draw_campaign_chart, chart_data(campaign.name, report)
                )
            except Exception:
                log.exception("Could not draw the campaign chart; sending the report without it")
                return None

    # -- list, show, close, delete ----------------------------------------------------------

    @app_commands.command(name="list")
    async def list_(self, interaction: discord.Interaction[TierBot]) -> None:
        """This server's campaigns, open ones first."""
        guild_id = require_guild(interaction, WHERE)
        summaries = await self.repo.summaries(guild_id)
        await interaction.response.send_message(embed=render.list_embed(summaries))

    @app_commands.command(name="show")
    @app_commands.describe(campaign="The campaign to show")
    @app_commands.autocomplete(campaign=campaign_choices)
    async def show(self, interaction: discord.Interaction[TierBot], campaign: CampaignName) -> None:
        """A campaign's plan, bookings and progress."""
        guild_id = require_guild(interaction, WHERE)
        found = await self._campaign(guild_id, campaign)
        bookings = await self.repo.bookings(guild_id, found.id)
        posts = await self.repo.posts(guild_id, found.id)
        await interaction.response.send_message(embed=render.show_embed(found, bookings, posts))

    @app_commands.command(name="close")
    @app_commands.describe(campaign="The campaign to close (no more bookings or results)")
    @app_commands.autocomplete(campaign=campaign_choices)
    async def close(
        self, interaction: discord.Interaction[TierBot], campaign: CampaignName
    ) -> None:
        """Close a campaign: its report stays (its creator or Manage Server)."""
        guild_id = require_guild(interaction, WHERE)
        found = await self._campaign(guild_id, campaign)
        self._require_owner_or_manager(interaction, found, "close")
        try:
            closed = await _in_time(
                interaction, self.repo.close(guild_id, found.id, actor_id=interaction.user.id)
            )
        except CampaignClosed as exc:  # closed already: nothing to undo, nothing went wrong
            await _send(interaction, embed=render.closed_embed(exc.campaign, already=True))
            return
        except CampaignGone:
            raise NotFound(render.not_found_message(found.name)) from None
        await _send(interaction, embed=render.closed_embed(closed))

    @app_commands.command(name="delete")
    @app_commands.describe(campaign="The campaign to delete, with its bookings and results")
    @app_commands.autocomplete(campaign=campaign_choices)
    async def delete(
        self, interaction: discord.Interaction[TierBot], campaign: CampaignName
    ) -> None:
        """Delete a campaign (its creator or Manage Server; asks to confirm first)."""
        guild_id = require_guild(interaction, WHERE)
        found = await self._campaign(guild_id, campaign)
        self._require_owner_or_manager(interaction, found, "delete")
        bookings = await self.repo.bookings(guild_id, found.id)
        posts = await self.repo.posts(guild_id, found.id)

        async def confirmed(press: discord.Interaction[Any]) -> discord.Embed:
            self._require_owner_or_manager(press, found, "delete")
            try:
                removed = await self.repo.delete(guild_id, found.id, actor_id=press.user.id)
            except CampaignGone:
                raise NotFound(render.not_found_message(found.name)) from None
            return render.deleted_embed(found.name, *removed)

        view = ConfirmView(
            owner_id=interaction.user.id,
            action=confirmed,
            confirm_label="Delete campaign",
            cancelled=render.delete_cancelled(),
        )
        view.origin = interaction
        await interaction.response.send_message(
            embed=render.delete_question(found, len(bookings), len(posts)),
            view=view,
            ephemeral=True,
        )

    # -- persistent components -----------------------------------------------------------

    async def refuse_stale_component(self, interaction: discord.Interaction[Any]) -> None:
        """Answer a "Start a campaign" press nobody else will: a custom_id that isn't on its
        message (crafted) or that no longer matches the button's form. discord.py drops
        those silently, which would leave the user with "did not respond". The bot runs
        this for components whose custom_id starts with "cp:"."""
        data: Any = interaction.data or {}
        custom_id = data.get("custom_id")
        if not isinstance(custom_id, str):
            return
        known = re.fullmatch(TEMPLATE, custom_id) is not None
        if known and component_on_message(interaction):
            return
        log.info("Refused a campaign component that isn't on its message: %.100s", custom_id)
        if not interaction.response.is_done():
            await interaction.response.send_message(embed=stale_component_embed(), ephemeral=True)


async def setup(bot: TierBot) -> None:
    await bot.add_cog(Campaigns(bot))
