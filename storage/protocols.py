"""Repository interfaces the bot and cogs depend on (SQLite today, PostgreSQL later)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import date, datetime
from typing import Any, Literal, Protocol

from bot.domain.campaign.models import (
    Booking,
    Campaign,
    CampaignPlan,
    CampaignSummary,
    ImportedPost,
    ImportLineResult,
    PostResult,
    StoredPost,
)
from bot.domain.platforms import Platform
from bot.domain.shortlist import EntryValues, ImportRow, NewEntry, Status
from bot.domain.tiers import TierScheme
from storage.models import (
    AuditRecord,
    EntryPage,
    ExportedEntry,
    GuildPresence,
    GuildSettings,
    ImportResult,
    Shortlist,
    ShortlistBreakdown,
    ShortlistEntry,
    ShortlistOverview,
)


class GuildSettingsRepository(Protocol):
    async def get(self, guild_id: int) -> GuildSettings: ...

    async def set_scheme(
        self, guild_id: int, scheme_id: str, custom_scheme: dict[str, int] | None, *, actor_id: int
    ) -> GuildSettings: ...


class DatabaseHandle(Protocol):
    """What every backend's connection object offers beyond the repositories."""

    @property
    def is_open(self) -> bool: ...

    async def close(self) -> None: ...

    async def fetch_value(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    async def integrity_problems(self) -> list[str]: ...


class GuildDataPurge(Protocol):
    """Deleting a guild's data: at once (`tierbot db purge-guild`), or after the grace period."""

    async def purge_guild(self, guild_id: int) -> int: ...

    async def purge_departed(self, guild_id: int, cutoff: datetime) -> int | None: ...


class ExclusiveJobs(Protocol):
    """Jobs that must run in one process at a time across the deployment (the retention
    purge): `async with jobs.exclusively("retention") as mine:` — False when another
    process holds it, and the job is skipped this round."""

    def exclusively(self, job: str) -> AbstractAsyncContextManager[bool]: ...


class ChangeFeed(Protocol):
    """Tells this process's caches what other processes (and the CLI) changed."""

    async def start(self, on_guild: Callable[[int], None], on_reset: Callable[[], None]) -> None:
        """Call `on_guild(id)` when a guild's settings or data change, `on_reset()` when
        changes may have been missed (the whole cache must go)."""

    async def stop(self) -> None: ...

    @property
    def listening(self) -> bool: ...


class LookupCacheRepository(Protocol):
    async def get(self, platform: str, handle_key: str) -> tuple[str, datetime] | None: ...

    async def put(
        self, platform: str, handle_key: str, figures_json: str, fetched_at: datetime
    ) -> None: ...

    async def forget_before(self, cutoff: datetime) -> int: ...

    async def units_spent(self, api: str, day: date) -> int: ...

    async def spend_units(self, api: str, day: date, units: int, limit: int) -> bool: ...

    async def return_units(self, api: str, day: date, units: int) -> None: ...


class CommandSyncRepository(Protocol):
    async def last_hash(self, application_id: int, scope: str) -> str | None: ...

    async def record(self, application_id: int, scope: str, payload_hash: str) -> None: ...


class GuildPresenceRepository(Protocol):
    async def joined(self, guild_id: int) -> None: ...

    async def mark_present(self, guild_ids: list[int]) -> None: ...

    async def record_changes(self, changes: Mapping[int, bool]) -> None: ...

    async def left(self, guild_id: int, *, at: datetime | None = None) -> None: ...

    async def mark_absent_except(
        self, guild_ids: list[int], *, only: Callable[[int], bool] | None = None
    ) -> list[int]: ...

    async def get(self, guild_id: int) -> GuildPresence | None: ...

    async def left_before(self, cutoff: datetime) -> list[int]: ...


# --- shortlists -----------------------------------------------------------------------


class ShortlistRefusal(Exception):
    """A change the shortlist rules refuse; the subclasses carry what the message needs."""


class ShortlistNameTaken(ShortlistRefusal):
    def __init__(self, existing: Shortlist) -> None:
        super().__init__(f"a list named {existing.name!r} exists")
        self.existing = existing


class ShortlistLimitReached(ShortlistRefusal):
    def __init__(self, what: Literal["lists", "entries"], limit: int) -> None:
        super().__init__(f"at most {limit} {what}")
        self.what = what
        self.limit = limit


class EntryExists(ShortlistRefusal):
    def __init__(self, existing: ShortlistEntry) -> None:
        super().__init__(f"{existing.label} is already on the list")
        self.existing = existing


class ShortlistGone(ShortlistRefusal):
    """The list (or entry) was deleted, or never belonged to this guild."""


class ShortlistRepository(Protocol):
    """Every shortlist query. Every method is scoped by guild_id: a list id or name from
    another guild behaves exactly like one that does not exist."""

    async def create(
        self, guild_id: int, name: str, description: str, *, actor_id: int
    ) -> Shortlist: ...

    async def get(self, guild_id: int, list_id: int) -> Shortlist | None: ...

    async def find(self, guild_id: int, name: str) -> Shortlist | None: ...

    async def overview(
        self, guild_id: int, *, rank_bounds: Sequence[tuple[int, int]] | None = None
    ) -> list[ShortlistOverview]: ...

    async def search_names(self, guild_id: int, query: str, limit: int) -> list[str]: ...

    async def rename(
        self, guild_id: int, list_id: int, new_name: str, *, actor_id: int
    ) -> Shortlist: ...

    async def delete(self, guild_id: int, list_id: int, *, actor_id: int) -> int: ...

    async def add_entry(
        self, guild_id: int, list_id: int, entry: NewEntry, *, actor_id: int
    ) -> ShortlistEntry: ...

    async def find_entries(
        self, guild_id: int, list_id: int, keys: Sequence[tuple[Platform, str]]
    ) -> list[ShortlistEntry]: ...

    async def search_entries(
        self, guild_id: int, list_name: str, query: str, limit: int
    ) -> list[ShortlistEntry]: ...

    async def remove_entry(
        self, guild_id: int, list_id: int, entry_id: int, *, actor_id: int
    ) -> ShortlistEntry: ...

    async def set_status(
        self, guild_id: int, list_id: int, entry_id: int, status: Status, *, actor_id: int
    ) -> ShortlistEntry: ...

    async def set_note(
        self, guild_id: int, list_id: int, entry_id: int, note: str, *, actor_id: int
    ) -> ShortlistEntry: ...

    async def show(
        self,
        guild_id: int,
        list_id: int,
        page: int,
        *,
        per_page: int,
        rank_bounds: Sequence[tuple[int, int]] | None = None,
    ) -> tuple[EntryPage, ShortlistBreakdown] | None: ...

    async def show_named(
        self,
        guild_id: int,
        name: str,
        page: int,
        *,
        per_page: int,
        rank_bounds: Sequence[tuple[int, int]] | None = None,
    ) -> tuple[EntryPage, ShortlistBreakdown] | None:
        """`show` of the guild's list called `name` (found as `find` finds it), in one read
        where the backend can; None when the guild has no such list."""
        ...

    async def entries(self, guild_id: int, list_id: int) -> list[ShortlistEntry]: ...

    async def export_rows(
        self, guild_id: int, list_id: int, *, rank_bounds: Sequence[tuple[int, int]]
    ) -> list[ExportedEntry]:
        """Every entry of the guild's list as the export writes it, ranked and sorted (tier,
        then followers, then id) from its stored followers under `rank_bounds`."""
        ...

    async def import_rows(
        self,
        guild_id: int,
        list_id: int,
        rows: Sequence[ImportRow],
        scheme: TierScheme,
        *,
        actor_id: int,
        source: str,
    ) -> ImportResult: ...

    async def record_fetched(
        self,
        guild_id: int,
        list_id: int,
        entry_id: int,
        values: EntryValues,
        *,
        source: str,
        fetched_at: datetime,
        actor_id: int,
    ) -> ShortlistEntry: ...

    async def record_refresh(
        self, guild_id: int, list_id: int, detail: str, *, actor_id: int
    ) -> None: ...

    async def history(self, guild_id: int, list_id: int, limit: int) -> list[AuditRecord]: ...

    async def deleted_history(self, guild_id: int, name: str, limit: int) -> list[AuditRecord]: ...


# --- campaigns ----------------------------------------------------------------------------


class CampaignRefusal(Exception):
    """A change the campaign rules refuse; the subclasses carry what the message needs."""


class CampaignNameTaken(CampaignRefusal):
    def __init__(self, existing: Campaign) -> None:
        super().__init__(f"a campaign named {existing.name!r} exists")
        self.existing = existing


class CampaignLimitReached(CampaignRefusal):
    def __init__(self, what: Literal["campaigns", "bookings", "posts"], limit: int) -> None:
        super().__init__(f"at most {limit} {what}")
        self.what = what
        self.limit = limit


class CampaignGone(CampaignRefusal):
    """The campaign was deleted, or never belonged to this guild."""


class CampaignClosed(CampaignRefusal):
    def __init__(self, campaign: Campaign) -> None:
        super().__init__(f"{campaign.name!r} is closed")
        self.campaign = campaign


class NotBooked(CampaignRefusal):
    """The creator isn't booked for the campaign."""


class CampaignRepository(Protocol):
    """Every campaign query, scoped by guild_id like the shortlists."""

    async def create(
        self,
        guild_id: int,
        name: str,
        plan: CampaignPlan,
        *,
        shortlist_id: int | None,
        actor_id: int,
    ) -> Campaign: ...

    async def get(self, guild_id: int, campaign_id: int) -> Campaign | None: ...

    async def find(self, guild_id: int, name: str) -> Campaign | None: ...

    async def search_names(self, guild_id: int, query: str, limit: int) -> list[str]: ...

    async def summaries(self, guild_id: int) -> list[CampaignSummary]: ...

    async def close(self, guild_id: int, campaign_id: int, *, actor_id: int) -> Campaign: ...

    async def delete(
        self, guild_id: int, campaign_id: int, *, actor_id: int
    ) -> tuple[int, int]: ...

    async def book(
        self,
        guild_id: int,
        campaign_id: int,
        booking: Booking,
        *,
        confirm_entries: Sequence[int] = (),
        actor_id: int,
    ) -> tuple[Booking, bool]: ...

    async def unbook(
        self, guild_id: int, campaign_id: int, platform: Platform, handle_key: str, *, actor_id: int
    ) -> tuple[Booking, int]: ...

    async def bookings(self, guild_id: int, campaign_id: int) -> list[Booking]: ...

    async def search_bookings(
        self, guild_id: int, campaign_name: str, query: str, limit: int
    ) -> list[Booking]: ...

    async def record_post(
        self, guild_id: int, campaign_id: int, post: PostResult, *, actor_id: int
    ) -> tuple[PostResult, PostResult | None]: ...

    async def import_posts(
        self,
        guild_id: int,
        campaign_id: int,
        rows: Sequence[ImportedPost],
        *,
        actor_id: int,
        source: str,
    ) -> list[ImportLineResult]: ...

    async def posts(self, guild_id: int, campaign_id: int) -> list[StoredPost]: ...

    async def shortlisted(
        self, guild_id: int, platform: Platform, handle_key: str
    ) -> list[tuple[ShortlistEntry, str]]: ...

    async def search_shortlisted(
        self, guild_id: int, first_list_id: int | None, query: str, limit: int
    ) -> list[ShortlistEntry]: ...
