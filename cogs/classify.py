"""/classify and /classify-csv: tier, engagement, benchmark, red flags and cost per creator."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.creator_csv import CsvError
from bot.domain.creator_report import build_creator_report, summarize_creator_file, upload_refusal
from bot.domain.metrics import CreatorStats
from bot.errors import InvalidOption, UserFacingError
from bot.render.classify import FLAGGED_SHOWN, classify_reply, csv_reply
from bot.render.shortlist import add_to_shortlist_view
from bot.transformers import (
    Comments,
    Followers,
    HandleOption,
    Likes,
    PlatformOption,
    Saves,
    Shares,
    Views,
)

if TYPE_CHECKING:
    from bot.client import TierBot

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
        followers="Followers or subscribers, e.g. 12.5k or 1.2M",
        platform="Where they post; needed unless the handle is a profile link",
        handle="@name or a profile link, e.g. https://www.tiktok.com/@name",
        likes="Average likes per post",
        comments="Average comments per post",
        shares="Average shares per post",
        saves="Average saves per post",
        views="Average views per post or video",
    )
    async def classify(
        self,
        interaction: discord.Interaction[TierBot],
        followers: Followers,
        platform: PlatformOption | None = None,
        handle: HandleOption | None = None,
        likes: Likes | None = None,
        comments: Comments | None = None,
        shares: Shares | None = None,
        saves: Saves | None = None,
        views: Views | None = None,
    ) -> None:
        """Tier, engagement rate, benchmark, red flags and cost for one creator."""
        # The handle transformer already checked a link's platform against `platform`.
        chosen = handle.platform if handle is not None else platform
        if chosen is None:
            raise InvalidOption(
                "platform",
                "is needed: choose one, or give the handle as a profile link",
                "instagram",
            )
        stats = CreatorStats(
            followers=followers,
            likes=likes,
            comments=comments,
            shares=shares,
            saves=saves,
            views=views,
        )
        scheme = await self.bot.schemes.for_guild(interaction.guild_id)
        report = build_creator_report(chosen, stats, scheme, handle)
        # Public: teams discuss the result. Fast enough (tens of microseconds) not to defer.
        in_guild = interaction.guild_id is not None
        # With a handle, in a server: a persistent "Add to shortlist" button.
        view = add_to_shortlist_view(handle, stats) if handle is not None and in_guild else None
        reply = classify_reply(report, in_guild=in_guild, view=view)
        await interaction.response.send_message(**reply.kwargs())

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
        refusal = upload_refusal(file.filename, file.content_type, file.size)
        if refusal is not None:
            raise UserFacingError(refusal)
        await interaction.response.defer(thinking=True)
        try:
            data = await file.read()
        except discord.HTTPException:
            raise UserFacingError(
                "Tierbot couldn't download the file from Discord. Upload it again."
            ) from None
        scheme = await self.bot.schemes.for_guild(interaction.guild_id)
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
        await interaction.followup.send(**reply.kwargs())


async def setup(bot: TierBot) -> None:
    await bot.add_cog(Classify(bot))
