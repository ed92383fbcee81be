"""/shortlist: the team's creator shortlists, kept per server.

Every subcommand works inside a server only and says so in a DM (the group is not hidden
from DMs at Discord's level, so the bot can explain). Every read and write is scoped by the
interaction's guild; names, handles, custom_ids and autocomplete values from elsewhere read
as "not found". Writes are committed before the reply says they happened.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import can_manage_guild, require_guild
from bot.domain.creator_csv import CsvError, columns_read
from bot.domain.handles import Handle, HandleError, normalize_handle
from bot.domain.metrics import CreatorStats, QualityFlag, assess_creator
from bot.domain.platforms import Platform
from bot.domain.sheet_format import EXCEL_EUROPE, EXCEL_US, SHEETS_CONTINENTAL, SheetFormat
from bot.domain.shortlist import (
    HISTORY_SIZE,
    PAGE_SIZE,
    ShortlistRuleError,
    Status,
    clean_description,
    clean_list_name,
    clean_note,
    current_tier,
    new_entry,
    rank_bounds,
    rank_labels,
)
from bot.domain.shortlist_csv import read_shortlist_csv
from bot.domain.shortlist_refresh import RefreshTally
from bot.domain.tiers import TierScheme
from bot.errors import (
    Conflict,
    InvalidOption,
    LimitReached,
    NotFound,
    PermissionRefused,
    UserFacingError,
)
from bot.lookups.refresh import refresh_list
from bot.render import shortlist as render
from bot.render import shortlist_refresh as refresh_render
from bot.render.limits import CHOICES
from bot.render.shortlist import Creator
from bot.render.text import code, plain
from bot.render.views import ConfirmView, component_on_message, count_refusal
from bot.transformers import Comments, Followers, HandleOption, Likes, PlatformOption, Views
from bot.uploads import download, refuse_unreadable
from storage.models import (
    EntryPage,
    Shortlist,
    ShortlistBreakdown,
    ShortlistEntry,
    ShortlistOverview,
    ShownEntry,
)
from storage.protocols import (
    EntryExists,
    ShortlistGone,
    ShortlistLimitReached,
    ShortlistNameTaken,
    ShortlistRepository,
)

if TYPE_CHECKING:
    from bot.client import TierBot

# /shortlist export's formats: what a team's spreadsheet opens in columns, numbers intact.
EXPORT_FORMATS: dict[str, tuple[str, SheetFormat]] = {
    "english": ("Excel or Sheets in English: 1,234.5, comma-separated", EXCEL_US),
    "excel-europe": ("Excel in continental Europe: 1.234,5, semicolon-separated", EXCEL_EUROPE),
    "sheets-europe": (
        "Google Sheets in continental Europe or Brazil: 1.234,5, comma-separated",
        SHEETS_CONTINENTAL,
    ),
}

log = logging.getLogger(__name__)

T = TypeVar("T")

WHERE = "`/shortlist`"
# A write normally answers at once; under a burst (hundreds of adds at the same moment) one
# may wait its turn for the database, so it defers before Discord's 3-second deadline.
_DEFER_AFTER_SECONDS = 1.5
_FILES_AT_ONCE = 2

ListName = app_commands.Range[str, 1, 50]
StatusName = Literal["prospect", "contacted", "negotiating", "confirmed", "declined"]


def _bot(interaction: discord.Interaction[Any]) -> TierBot:
    return interaction.client  # type: ignore[no-any-return]


# --- autocomplete: guild-scoped, at most 25, never raises --------------------------------------


async def list_name_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    if interaction.guild_id is None:
        return []
    try:
        names = await _bot(interaction).storage.shortlists.search_names(
            interaction.guild_id, current[:50], CHOICES
        )
    except Exception:
        log.exception("List name autocomplete failed")
        return []
    return [app_commands.Choice(name=name, value=name) for name in names]


async def handle_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    list_name = getattr(interaction.namespace, "name", None)
    if interaction.guild_id is None or not isinstance(list_name, str):
        return []
    try:
        entries = await _bot(interaction).storage.shortlists.search_entries(
            interaction.guild_id, list_name[:50], current[:100], CHOICES
        )
    except Exception:
        log.exception("Handle autocomplete failed")
        return []
    choices = []
    for entry in entries:
        name, value = render.entry_choice(entry)
        choices.append(app_commands.Choice(name=name, value=value))
    return choices


# --- option helpers ------------------------------------------------------------------------------


def _clean(option: str, cleaner: Callable[[str], str], text: str, example: str) -> str:
    try:
        return cleaner(text)
    except ShortlistRuleError as exc:
        raise InvalidOption(option, f"{code(text, 40)} {exc}", example) from None


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


def with_current_tier(entry: ShownEntry, scheme: TierScheme) -> ShownEntry:
    """The entry with its tier re-derived from its stored followers under `scheme`.

    Usually what was stored is still right (the scheme has not changed since): the entry is
    then returned as it is, rather than copied for nothing. (The export ranks its 1,000 rows
    in its query instead: storage's export_rows with rank_bounds.)
    """
    placed = current_tier(entry.platform, entry.followers, scheme)
    if (
        entry.tier == placed.tier
        and entry.tier_label == placed.tier_label
        and entry.tier_rank == placed.tier_rank
        and entry.scheme_id == placed.scheme_id
    ):
        return entry
    return entry._replace(
        tier=placed.tier,
        tier_label=placed.tier_label,
        tier_rank=placed.tier_rank,
        scheme_id=placed.scheme_id,
    )


def _with_current_tiers(
    shown: tuple[EntryPage, ShortlistBreakdown], scheme: TierScheme
) -> tuple[EntryPage, ShortlistBreakdown]:
    """The page with every entry's tier under `scheme` (the summary already counts so);
    the page itself when none has changed, as usual, rather than a copy."""
    entry_page, breakdown = shown
    entries = tuple(with_current_tier(entry, scheme) for entry in entry_page.entries)
    if all(placed is entry for placed, entry in zip(entries, entry_page.entries, strict=True)):
        return shown
    return replace(entry_page, entries=entries), breakdown


class Shortlists(
    commands.GroupCog, group_name="shortlist", group_description="Your team's creator shortlists"
):
    """Create, fill, review, export and import the server's creator shortlists."""

    help_title = "Shortlists"

    def __init__(self, bot: TierBot) -> None:
        self.bot = bot
        self._file_slots = asyncio.Semaphore(_FILES_AT_ONCE)
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*render.PERSISTENT_ITEMS)
        self.bot.add_component_guard("sl:", self.refuse_stale_component)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*render.PERSISTENT_ITEMS)
        self.bot.remove_component_guard("sl:")

    @property
    def repo(self) -> ShortlistRepository:
        return self.bot.storage.shortlists

    async def _list(self, guild_id: int, name: str) -> Shortlist:
        found: Shortlist | None = await self.repo.find(guild_id, name)
        if found is None:
            raise NotFound(render.not_found_message(name))
        return found

    async def _entry(
        self,
        guild_id: int,
        shortlist: Shortlist,
        text: str,
        platform: Platform | None,
        *,
        has_platform_option: bool = False,
    ) -> ShortlistEntry:
        """The entry a handle option names: an autocomplete value, a name, or a link.

        A bare name on the list for two platforms is ambiguous: the reply points at the
        `platform` option where the command has one, else at the suggestions or a link.
        """
        reference = render.entry_reference(text)
        keys: list[tuple[Platform, str]] = []
        if reference is not None and platform in (None, reference[0]):
            keys.append(reference)
        else:
            reasons: list[str] = []
            for candidate in [platform] if platform is not None else list(Platform):
                try:
                    handle = normalize_handle(text, candidate)
                except HandleError as exc:
                    reasons.append(str(exc))
                    continue
                if (handle.platform, handle.key) not in keys:
                    keys.append((handle.platform, handle.key))
            if not keys:
                raise InvalidOption("handle", f"{code(text, 40)} {reasons[0]}", "@janedoe")
        found: list[ShortlistEntry] = await self.repo.find_entries(guild_id, shortlist.id, keys)
        if not found:
            raise NotFound(
                f"{code(text, 60)} isn't on **{plain(shortlist.name, 50)}**. "
                f"{render.command_hint('show', shortlist)} lists who is."
            )
        if len(found) > 1:
            platforms = " and ".join(entry.platform.label for entry in found)
            if has_platform_option:
                raise InvalidOption(
                    "platform",
                    f"is needed: {code(text, 40)} is on the list for {platforms}",
                    found[0].platform.value,
                )
            raise InvalidOption(
                "handle",
                f"{code(text, 40)} is on the list for {platforms}: pick the one you mean "
                "from the suggestions, or give the profile link",
                found[0].profile_url,
            )
        return found[0]

    # -- lists -------------------------------------------------------------------------------

    @app_commands.command(name="create")
    @app_commands.describe(
        name="The list's name (1–50 characters, unique in this server)",
        description="What the list is for (optional, up to 200 characters)",
    )
    async def create(
        self,
        interaction: discord.Interaction[TierBot],
        name: ListName,
        description: app_commands.Range[str, 1, 200] | None = None,
    ) -> None:
        """Start a new creator shortlist for this server."""
        guild_id = require_guild(interaction, WHERE)
        clean_name = _clean("name", clean_list_name, name, "Spring launch")
        about = _clean("description", clean_description, description or "", "Q3 micro creators")
        try:
            created = await _in_time(
                interaction,
                self.repo.create(guild_id, clean_name, about, actor_id=interaction.user.id),
            )
        except ShortlistNameTaken as exc:
            raise Conflict(render.name_taken_message(exc.existing)) from None
        except ShortlistLimitReached:
            raise LimitReached(render.list_limit_message()) from None
        await _send(interaction, embed=render.created_embed(created))

    @app_commands.command(name="lists")
    async def lists(self, interaction: discord.Interaction[TierBot]) -> None:
        """Every shortlist of this server, with how many creators of each tier it holds."""
        guild_id = require_guild(interaction, WHERE)
        await self._send_lists_page(interaction, guild_id, 0, edit=False)

    async def _send_lists_page(
        self, interaction: discord.Interaction[Any], guild_id: int, page: int, *, edit: bool
    ) -> None:
        overviews = await self._overview(guild_id)
        page_count = render.lists_page_count(len(overviews))
        page = page_count - 1 if page < 0 else min(page, page_count - 1)
        embed = render.lists_embed(overviews, page, page_count)
        view = render.lists_view(guild_id, page, page_count)
        if edit:
            await interaction.response.edit_message(embed=embed, view=view)
        elif view is not None:
            await interaction.response.send_message(embed=embed, view=view)
        else:
            await interaction.response.send_message(embed=embed)

    @app_commands.command(name="show")
    @app_commands.describe(name="The shortlist to show")
    @app_commands.autocomplete(name=list_name_choices)
    async def show(self, interaction: discord.Interaction[TierBot], name: ListName) -> None:
        """A shortlist, 10 creators a page by tier then followers, with tier and status counts."""
        guild_id = require_guild(interaction, WHERE)
        # The list found by name, its summary and first page: one read (no `_list` first).
        scheme = await self.bot.schemes.for_guild(guild_id)
        shown = await self.repo.show_named(
            guild_id, name, 0, per_page=PAGE_SIZE, rank_bounds=rank_bounds(scheme)
        )
        if shown is None:
            raise NotFound(render.not_found_message(name))
        page, breakdown = _with_current_tiers(shown, scheme)
        view = render.show_view(page)
        embed = render.show_embed(page, breakdown)
        if view is None:
            await interaction.response.send_message(embed=embed)
        else:
            await interaction.response.send_message(embed=embed, view=view)

    @app_commands.command(name="refresh")
    @app_commands.describe(name="The shortlist whose creators' figures to look up again")
    @app_commands.autocomplete(name=list_name_choices)
    async def refresh(self, interaction: discord.Interaction[TierBot], name: ListName) -> None:
        """Look every creator on a list up again from the platforms' APIs, within quota."""
        guild_id = require_guild(interaction, WHERE)
        shortlist = await self._list(guild_id, name)
        await interaction.response.defer(thinking=True)
        entries = await self.repo.entries(guild_id, shortlist.id)
        scheme = await self.bot.schemes.for_guild(guild_id)

        async def progress(tally: RefreshTally) -> None:
            # Best effort: a progress edit Discord refuses must not stop the refresh.
            with contextlib.suppress(discord.HTTPException):
                await interaction.edit_original_response(
                    content=refresh_render.progress_text(shortlist, tally)
                )

        try:
            tally = await refresh_list(
                shortlist,
                entries,
                guild_id=guild_id,
                actor_id=interaction.user.id,
                repo=self.repo,
                lookups=self.bot.lookups,
                scheme=scheme,
                progress=progress,
            )
        except ShortlistGone:
            raise NotFound(render.not_found_message(name)) from None
        await interaction.edit_original_response(
            content=None, embed=refresh_render.refresh_embed(shortlist, tally)
        )

    @app_commands.command(name="rename")
    @app_commands.describe(
        name="The shortlist to rename", new_name="Its new name (1–50 characters)"
    )
    @app_commands.autocomplete(name=list_name_choices)
    async def rename(
        self, interaction: discord.Interaction[TierBot], name: ListName, new_name: ListName
    ) -> None:
        """Give a shortlist a new name."""
        guild_id = require_guild(interaction, WHERE)
        shortlist = await self._list(guild_id, name)
        # Renaming follows the same rule as deleting: the list's creator or Manage Server.
        self._require_owner_or_manager(interaction, shortlist, "rename")
        clean_name = _clean("new_name", clean_list_name, new_name, "Autumn launch")
        try:
            renamed = await _in_time(
                interaction,
                self.repo.rename(guild_id, shortlist.id, clean_name, actor_id=interaction.user.id),
            )
        except ShortlistNameTaken as exc:
            raise Conflict(render.name_taken_message(exc.existing)) from None
        except ShortlistGone:
            raise NotFound(render.not_found_message(name)) from None
        await _send(interaction, embed=render.renamed_embed(shortlist.name, renamed))

    @app_commands.command(name="delete")
    @app_commands.describe(name="The shortlist to delete, with every creator on it")
    @app_commands.autocomplete(name=list_name_choices)
    async def delete(self, interaction: discord.Interaction[TierBot], name: ListName) -> None:
        """Delete a shortlist (its creator or Manage Server; asks to confirm first)."""
        guild_id = require_guild(interaction, WHERE)
        shortlist = await self._list(guild_id, name)
        self._require_owner_or_manager(interaction, shortlist)
        shown = await self.repo.show(guild_id, shortlist.id, 0, per_page=1)
        count = 0 if shown is None else shown[1].total

        async def confirmed(press: discord.Interaction[Any]) -> discord.Embed:
            self._require_owner_or_manager(press, shortlist)
            try:
                removed = await self.repo.delete(guild_id, shortlist.id, actor_id=press.user.id)
            except ShortlistGone:
                raise NotFound(render.not_found_message(shortlist.name)) from None
            return render.deleted_embed(shortlist.name, removed)

        view = ConfirmView(
            owner_id=interaction.user.id,
            action=confirmed,
            confirm_label="Delete list",
            cancelled=render.delete_cancelled(),
        )
        view.origin = interaction
        await interaction.response.send_message(
            embed=render.delete_question(shortlist, count), view=view, ephemeral=True
        )

    def _require_owner_or_manager(
        self, interaction: discord.Interaction[Any], shortlist: Shortlist, verb: str = "delete"
    ) -> None:
        if interaction.user.id != shortlist.created_by and not can_manage_guild(interaction):
            raise PermissionRefused(
                f"Only the person who created **{plain(shortlist.name, 50)}** "
                f"(<@{shortlist.created_by}>) or a member with the **Manage Server** "
                f"permission can {verb} it."
            )

    @app_commands.command(name="history")
    @app_commands.describe(name="The shortlist (a deleted list's history is kept too)")
    @app_commands.autocomplete(name=list_name_choices)
    async def history(self, interaction: discord.Interaction[TierBot], name: ListName) -> None:
        """The last 25 changes to a shortlist: who did what, and when."""
        guild_id = require_guild(interaction, WHERE)
        shortlist = await self.repo.find(guild_id, name)
        if shortlist is not None:
            records = await self.repo.history(guild_id, shortlist.id, HISTORY_SIZE)
            embed = render.history_embed(shortlist.name, records)
        else:
            records = await self.repo.deleted_history(guild_id, name, HISTORY_SIZE)
            if not records:
                raise NotFound(render.not_found_message(name))
            embed = render.history_embed(records[0].list_name, records, deleted=True)
        await interaction.response.send_message(embed=embed)

    # -- entries -----------------------------------------------------------------------------

    @app_commands.command(name="add")
    @app_commands.describe(
        name="The shortlist",
        handle="@name or a profile link",
        platform="Where they post",
        followers="Followers or subscribers, e.g. 12.5k (classifies the creator)",
        likes="Average likes per post",
        comments="Average comments per post",
        views="Average views per post or video",
        notes="A note for the team (up to 500 characters)",
    )
    @app_commands.autocomplete(name=list_name_choices)
    async def add(
        self,
        interaction: discord.Interaction[TierBot],
        name: ListName,
        handle: HandleOption,
        platform: PlatformOption,
        followers: Followers | None = None,
        likes: Likes | None = None,
        comments: Comments | None = None,
        views: Views | None = None,
        notes: app_commands.Range[str, 1, 500] | None = None,
    ) -> None:
        """Add a creator to a shortlist; given followers, it is tiered by this server's scheme."""
        guild_id = require_guild(interaction, WHERE)
        if followers is None and (likes, comments, views) != (None, None, None):
            raise InvalidOption(
                "followers",
                "is needed with likes, comments or views (engagement is measured against it)",
                "12.5k",
            )
        note = _clean("notes", clean_note, notes or "", "Great fit for the launch")
        shortlist = await self._list(guild_id, name)
        stats = None
        if followers is not None:
            stats = CreatorStats(followers=followers, likes=likes, comments=comments, views=views)
        entry = await self._add(interaction, guild_id, shortlist, handle, stats, note)
        flags = _flags(handle.platform, stats)
        await _send(interaction, embed=render.added_embed(shortlist, entry, flags))

    async def _add(
        self,
        interaction: discord.Interaction[Any],
        guild_id: int,
        shortlist: Shortlist,
        handle: Handle,
        stats: CreatorStats | None,
        note: str = "",
    ) -> ShortlistEntry:
        scheme = await self.bot.schemes.for_guild(guild_id)
        try:
            added: ShortlistEntry = await _in_time(
                interaction,
                self.repo.add_entry(
                    guild_id,
                    shortlist.id,
                    new_entry(handle, stats, scheme, notes=note),
                    actor_id=interaction.user.id,
                ),
            )
        except EntryExists as exc:
            raise Conflict(render.already_there_message(shortlist, exc.existing)) from None
        except ShortlistLimitReached:
            raise LimitReached(render.entry_limit_message(shortlist)) from None
        except ShortlistGone:
            raise NotFound(render.not_found_message(shortlist.name)) from None
        return added

    @app_commands.command(name="remove")
    @app_commands.describe(
        name="The shortlist",
        handle="The creator to take off the list",
        platform="Only needed when the handle is on the list for two platforms",
    )
    @app_commands.autocomplete(name=list_name_choices, handle=handle_choices)
    async def remove(
        self,
        interaction: discord.Interaction[TierBot],
        name: ListName,
        handle: app_commands.Range[str, 1, 100],
        platform: PlatformOption | None = None,
    ) -> None:
        """Take a creator off a shortlist."""
        guild_id = require_guild(interaction, WHERE)
        shortlist = await self._list(guild_id, name)
        entry = await self._entry(guild_id, shortlist, handle, platform, has_platform_option=True)
        try:
            removed = await _in_time(
                interaction,
                self.repo.remove_entry(
                    guild_id, shortlist.id, entry.id, actor_id=interaction.user.id
                ),
            )
        except ShortlistGone:
            raise NotFound(f"{code(entry.label, 60)} is no longer on the list.") from None
        await _send(interaction, embed=render.removed_embed(shortlist, removed))

    @app_commands.command(name="status")
    @app_commands.describe(
        name="The shortlist", handle="The creator", status="Where the team is with them"
    )
    @app_commands.autocomplete(name=list_name_choices, handle=handle_choices)
    async def status(
        self,
        interaction: discord.Interaction[TierBot],
        name: ListName,
        handle: app_commands.Range[str, 1, 100],
        status: StatusName,
    ) -> None:
        """Set a creator's status: prospect, contacted, negotiating, confirmed or declined."""
        guild_id = require_guild(interaction, WHERE)
        shortlist = await self._list(guild_id, name)
        entry = await self._entry(guild_id, shortlist, handle, None)
        try:
            changed = await _in_time(
                interaction,
                self.repo.set_status(
                    guild_id, shortlist.id, entry.id, Status(status), actor_id=interaction.user.id
                ),
            )
        except ShortlistGone:
            raise NotFound(f"{code(entry.label, 60)} is no longer on the list.") from None
        await _send(interaction, embed=render.status_embed(shortlist, changed))

    @app_commands.command(name="note")
    @app_commands.describe(
        name="The shortlist",
        handle="The creator",
        text="The note (up to 500 characters); a single - clears it",
    )
    @app_commands.autocomplete(name=list_name_choices, handle=handle_choices)
    async def note(
        self,
        interaction: discord.Interaction[TierBot],
        name: ListName,
        handle: app_commands.Range[str, 1, 100],
        text: app_commands.Range[str, 1, 500],
    ) -> None:
        """Write the team's note on a creator (replaces the previous note)."""
        guild_id = require_guild(interaction, WHERE)
        note = "" if text.strip() == "-" else _clean("text", clean_note, text, "Asked for rates")
        shortlist = await self._list(guild_id, name)
        entry = await self._entry(guild_id, shortlist, handle, None)
        try:
            changed = await _in_time(
                interaction,
                self.repo.set_note(
                    guild_id, shortlist.id, entry.id, note, actor_id=interaction.user.id
                ),
            )
        except ShortlistGone:
            raise NotFound(f"{code(entry.label, 60)} is no longer on the list.") from None
        await _send(interaction, embed=render.note_embed(shortlist, changed))

    # -- files -------------------------------------------------------------------------------

    @app_commands.command(name="export")
    @app_commands.describe(
        name="The shortlist to download as a spreadsheet (CSV)",
        sheet_format="How your spreadsheet writes numbers (default: 1,234.5, comma-separated)",
    )
    @app_commands.rename(sheet_format="format")
    @app_commands.choices(
        sheet_format=[
            app_commands.Choice(name=label, value=key) for key, (label, _) in EXPORT_FORMATS.items()
        ]
    )
    @app_commands.autocomplete(name=list_name_choices)
    async def export(
        self,
        interaction: discord.Interaction[TierBot],
        name: ListName,
        sheet_format: str = "english",
    ) -> None:
        """Download a shortlist as a CSV that opens in Excel and Google Sheets."""
        guild_id = require_guild(interaction, WHERE)
        shortlist = await self._list(guild_id, name)
        sheet = EXPORT_FORMATS.get(sheet_format, EXPORT_FORMATS["english"])[1]
        await interaction.response.defer(thinking=True)
        scheme = await self.bot.schemes.for_guild(guild_id)
        # Every tier under the server's scheme now, ranked and sorted by the query.
        entries = await self.repo.export_rows(
            guild_id, shortlist.id, rank_bounds=rank_bounds(scheme)
        )
        file = await asyncio.to_thread(
            render.export_file, shortlist, entries, rank_labels(scheme), sheet
        )
        await interaction.followup.send(
            embed=render.export_embed(shortlist, len(entries), sheet), file=file
        )

    @app_commands.command(name="import")
    @app_commands.describe(
        name="The shortlist to add to or update",
        file="A CSV from /shortlist export or /classify-csv, or any sheet with handle and platform",
        platform="Platform for rows with neither a platform column nor a profile link",
    )
    @app_commands.autocomplete(name=list_name_choices)
    async def import_(
        self,
        interaction: discord.Interaction[TierBot],
        name: ListName,
        file: discord.Attachment,
        platform: PlatformOption | None = None,
    ) -> None:
        """Add or update creators from a CSV, all in one step, with a report for every row."""
        guild_id = require_guild(interaction, WHERE)
        refuse_unreadable(file)
        shortlist = await self._list(guild_id, name)
        await interaction.response.defer(thinking=True)
        data = await download(file)
        async with self._file_slots:
            try:
                parsed = await asyncio.to_thread(
                    read_shortlist_csv, data, default_platform=platform
                )
            except CsvError as exc:
                raise UserFacingError(str(exc)) from None
        scheme = await self.bot.schemes.for_guild(guild_id)
        try:
            result = await self.repo.import_rows(
                guild_id,
                shortlist.id,
                parsed.rows,
                scheme,
                actor_id=interaction.user.id,
                source=file.filename[:100],
            )
        except ShortlistGone:
            raise NotFound(render.not_found_message(name)) from None
        result = render.with_refused_rows(result, parsed.errors)
        embed = render.import_embed(
            result,
            file.filename,
            columns=columns_read(parsed.parsed),
            notes=parsed.parsed.notes,
        )
        report = render.import_report_file(result, parsed.parsed.sheet)
        if report is None:
            await interaction.followup.send(embed=embed)
        else:
            await interaction.followup.send(embed=embed, file=report)

    # -- persistent components (render.ShortlistActions) ----------------------------------------

    async def turn_page(
        self, interaction: discord.Interaction[Any], list_id: int, page: int
    ) -> None:
        guild_id = require_guild(interaction, WHERE)
        shown = await self._show(guild_id, list_id, page, per_page=PAGE_SIZE)
        if shown is None:
            raise NotFound(
                "That shortlist isn't in this server any more (or never was). "
                "`/shortlist lists` shows this server's lists."
            )
        entries, breakdown = shown
        await interaction.response.edit_message(
            embed=render.show_embed(entries, breakdown), view=render.show_view(entries)
        )

    async def _show(
        self, guild_id: int, list_id: int, page: int, *, per_page: int
    ) -> tuple[EntryPage, ShortlistBreakdown] | None:
        """A page and summary with every tier under the server's scheme *now*."""
        scheme = await self.bot.schemes.for_guild(guild_id)
        shown = await self.repo.show(
            guild_id, list_id, page, per_page=per_page, rank_bounds=rank_bounds(scheme)
        )
        return None if shown is None else _with_current_tiers(shown, scheme)

    async def _overview(self, guild_id: int) -> list[ShortlistOverview]:
        """Every list with its tier mix under the server's scheme now."""
        scheme = await self.bot.schemes.for_guild(guild_id)
        return await self.repo.overview(guild_id, rank_bounds=rank_bounds(scheme))

    async def turn_lists_page(
        self, interaction: discord.Interaction[Any], guild_id: int, page: int
    ) -> None:
        if require_guild(interaction, WHERE) != guild_id:
            raise PermissionRefused("These buttons belong to another server's message.")
        await self._send_lists_page(interaction, guild_id, page, edit=True)

    async def offer_lists(self, interaction: discord.Interaction[Any], creator: Creator) -> None:
        guild_id = require_guild(interaction, "Adding to a shortlist")
        overviews = await self._overview(guild_id)
        if not overviews:
            await interaction.response.send_message(embed=render.no_lists_embed(), ephemeral=True)
            return
        await interaction.response.send_message(
            embed=render.picker_embed(creator, len(overviews)),
            view=render.picker_view(creator, overviews),
            ephemeral=True,
        )

    async def add_picked(
        self, interaction: discord.Interaction[Any], creator: Creator, list_id: int
    ) -> None:
        guild_id = require_guild(interaction, "Adding to a shortlist")
        shortlist: Shortlist | None = await self.repo.get(guild_id, list_id)
        if shortlist is None:
            raise NotFound(
                "That shortlist isn't in this server any more (or never was). "
                "Press **Add to shortlist** again to pick another."
            )
        entry = await self._add(interaction, guild_id, shortlist, creator.handle, creator.stats)
        flags = _flags(creator.handle.platform, creator.stats)
        embed = render.added_embed(shortlist, entry, flags)
        if interaction.response.is_done():  # deferred while the database was busy
            await interaction.followup.send(embed=embed, ephemeral=True)
        else:
            await interaction.response.edit_message(embed=embed, view=None)

    async def refuse_stale_component(self, interaction: discord.Interaction[Any]) -> None:
        """Answer shortlist components nobody else will: a custom_id that isn't on its message
        (crafted) or that no longer matches a known form. discord.py drops those silently.
        The bot runs this for components whose custom_id starts with "sl:"."""
        data: Any = interaction.data or {}
        custom_id = data.get("custom_id")
        if not isinstance(custom_id, str):
            return
        known = any(template.fullmatch(custom_id) for template in render.PERSISTENT_TEMPLATES)
        if known and component_on_message(interaction):
            return
        log.info("Refused a shortlist component that isn't on its message: %.100s", custom_id)
        if not interaction.response.is_done():
            count_refusal(interaction)
            await interaction.response.send_message(
                embed=render.stale_component_embed(), ephemeral=True
            )


async def setup(bot: TierBot) -> None:
    await bot.add_cog(Shortlists(bot))


def _flags(platform: Platform, stats: CreatorStats | None) -> tuple[QualityFlag, ...]:
    """What /classify flags in the same figures (the same assessment), said on adding too."""
    return assess_creator(platform, stats).flags if stats is not None else ()
