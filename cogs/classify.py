"""/classify and /classify-csv: tier, engagement, benchmark, red flags and cost per creator."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.creator_csv import CsvError, parse_creator_csv
from bot.domain.creator_report import build_creator_report, summarize_creator_file
from bot.domain.handles import DisplayName, Handle
from bot.domain.lookup import LookupFailed, merge_stats
from bot.domain.platforms import Platform
from bot.errors import InvalidOption, UserFacingError
from bot.lookups.csv_fill import fill_missing_figures
from bot.lookups.service import LookupResult
from bot.render.classify import FLAGGED_SHOWN, classify_reply, csv_reply
from bot.render.lookup import add_csv_lookups, fetched_field, lookup_failed_field
from bot.render.shortlist import add_to_shortlist_view
from bot.render.text import code, plain
from bot.transformers import (
    Comments,
    CreatorNameOption,
    Followers,
    Likes,
    PlatformOption,
    Saves,
    Shares,
    Views,
)
from bot.uploads import download, refuse_unreadable

if TYPE_CHECKING:
    from bot.client import TierBot


@dataclass(frozen=True, slots=True)
class _Lookup:
    result: LookupResult | None = None
    failure: str | None = None  # why nothing was fetched, when typed figures were enough


# Creator lists handed to the worker process at once; more wait their turn (they are deferred
# already), so a burst of 2 MB uploads can't pile up in memory.
_FILES_AT_ONCE = 2


class Classify(commands.Cog):
    help_title = "Classify creators"

    def __init__(self, bot: TierBot) -> None:
        self.bot = bot
        self._file_slots = asyncio.Semaphore(_FILES_AT_ONCE)

    @app_commands.command(name="classify")
    @app_commands.describe(
        followers="Followers or subscribers, e.g. 12.5k (optional with a handle Tierbot looks up)",
        platform="Where they post; needed unless the handle is a profile link",
        handle="@name or a profile link, e.g. https://www.tiktok.com/@name",
        likes="Average likes per post",
        comments="Average comments per post",
        shares="Average shares per post",
        saves="Average saves per post",
        views="Average views per post or video",
        refresh="Look the handle up again instead of using a lookup from the last hours",
    )
    async def classify(
        self,
        interaction: discord.Interaction[TierBot],
        followers: Followers | None = None,
        platform: PlatformOption | None = None,
        handle: CreatorNameOption | None = None,
        likes: Likes | None = None,
        comments: Comments | None = None,
        shares: Shares | None = None,
        saves: Saves | None = None,
        views: Views | None = None,
        refresh: bool = False,
    ) -> None:
        """Tier, engagement rate, benchmark, red flags and cost for one creator."""
        # A name with spaces labels the reply; only an account name links, looks up, shortlists.
        named = handle if isinstance(handle, DisplayName) else None
        account = handle if isinstance(handle, Handle) else None
        # The handle transformer already checked a link's platform against `platform`.
        chosen = account.platform if account is not None else platform
        if chosen is None:
            raise InvalidOption(
                "platform",
                "is needed: choose one, or give the handle as a profile link",
                "instagram",
            )
        if named is not None and followers is None:
            raise InvalidOption(
                "handle",
                f"{code(named.text, 60)} is a name with spaces, which Tierbot can't look up: "
                "type **followers** as well, or give the account name",
                f"@{named.account_name_example or 'janedoe'}",
            )
        typed = {
            "followers": followers,
            "likes": likes,
            "comments": comments,
            "shares": shares,
            "saves": saves,
            "views": views,
        }
        # A handle on a platform with a lookup fills the figures not typed (typed ones win).
        lookup = await self._look_up(interaction, chosen, account, typed, refresh=refresh)
        merged = merge_stats(typed, lookup.result.figures if lookup.result else None)
        if merged is None:
            raise UserFacingError(
                f"{plain(account.label if account else 'This account', 100)} hides its follower "
                "count: type it in **followers**, e.g. `followers:12.5k`."
            )
        stats = merged.stats
        scheme = await self.bot.schemes.for_guild(interaction.guild_id)
        report = build_creator_report(chosen, stats, scheme, account)
        in_guild = interaction.guild_id is not None
        # With a handle, in a server: a persistent "Add to shortlist" button.
        view = add_to_shortlist_view(account, stats) if account is not None and in_guild else None
        fetched = None
        if lookup.result is not None:
            fetched = fetched_field(
                lookup.result.figures,
                merged,
                from_cache=lookup.result.from_cache,
                near_boundary=report.near_boundary is not None,
                now=datetime.now(UTC),
            )
        elif lookup.failure is not None:
            fetched = lookup_failed_field(lookup.failure)
        reply = classify_reply(
            report,
            in_guild=in_guild,
            view=view,
            fetched=fetched,
            figures_fetched=bool(merged.fetched),
            named=named,
        )
        if interaction.response.is_done():  # deferred for the lookup
            await interaction.followup.send(**reply.kwargs())
        else:
            # Public: teams discuss the result. Fast enough (tens of microseconds) not to defer.
            await interaction.response.send_message(**reply.kwargs())

    async def _look_up(
        self,
        interaction: discord.Interaction[TierBot],
        platform: Platform,
        handle: Handle | None,
        typed: dict[str, int | None],
        *,
        refresh: bool,
    ) -> _Lookup:
        """Defer and look the handle up when figures are missing (or `refresh`); refuse when
        followers are missing and can't be looked up."""
        missing_followers = typed["followers"] is None
        if handle is None:
            if missing_followers:
                raise InvalidOption(
                    "followers", self.bot.lookups.followers_needed(platform), "12.5k"
                )
            return _Lookup()
        wanted = ["followers", "likes", "comments"]
        if platform.is_video_first:
            wanted.append("views")
        if not refresh and all(typed[name] is not None for name in wanted):
            return _Lookup()
        reason = self.bot.lookups.reason_unavailable(platform)
        if reason is not None:
            if missing_followers:
                raise UserFacingError(reason)
            return _Lookup()
        # Public, like the reply; an error later replaces it with an ephemeral message.
        await interaction.response.defer(thinking=True)
        try:
            return _Lookup(result=await self.bot.lookups.lookup(handle, refresh=refresh))
        except LookupFailed as exc:
            if missing_followers:
                raise UserFacingError(exc.message) from None
            return _Lookup(failure=exc.message)

    @app_commands.command(name="classify-csv")
    @app_commands.describe(
        file="CSV or TSV with handle and followers columns (up to 5,000 rows, 2 MB)",
        platform="Platform for rows with neither a platform column nor a profile link",
    )
    async def classify_csv(
        self,
        interaction: discord.Interaction[TierBot],
        file: discord.Attachment,
        platform: PlatformOption | None = None,
    ) -> None:
        """Classify a creator list from a spreadsheet (CSV) and get it back with tiers."""
        # Refused before deferring, so the refusal is ephemeral straight away.
        refuse_unreadable(file)
        await interaction.response.defer(thinking=True)
        data = await download(file)
        scheme = await self.bot.schemes.for_guild(interaction.guild_id)
        fill = None
        if self.bot.lookups.any_configured:
            # Rows with a handle and no followers get fetched figures first (after the defer).
            try:
                parsed = await self.bot.workers.run(
                    parse_creator_csv, data, default_platform=platform
                )
            except CsvError as exc:
                raise UserFacingError(str(exc)) from None
            fill = await fill_missing_figures(
                data,
                parsed,
                self.bot.lookups,
                default_platform=platform,
                max_rows=self.bot.settings.lookup_csv_max_rows,
            )
            data = fill.data
        async with self._file_slots:
            try:
                result = await self.bot.workers.run(
                    summarize_creator_file,
                    data,
                    scheme,
                    default_platform=platform,
                    flagged_examples=FLAGGED_SHOWN,
                )
            except CsvError as exc:
                raise UserFacingError(str(exc)) from None
        reply = csv_reply(
            result,
            filename=file.filename,
            in_guild=interaction.guild_id is not None,
            upload_limit=interaction.filesize_limit,
        )
        if fill is not None:
            add_csv_lookups(reply, fill)
        await interaction.followup.send(**reply.kwargs())


async def setup(bot: TierBot) -> None:
    await bot.add_cog(Classify(bot))
