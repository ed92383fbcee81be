"""Pydantic models the repositories return."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from bot.domain.platforms import Platform
from bot.domain.shortlist import EntryValues, Status
from bot.domain.tier import Tier


def is_id_key(handle_key: str) -> bool:
    """A stored key of a platform id (YouTube channel, Facebook profile id), not a name: the
    domain's `Handle.is_id`, for entries read back from storage."""
    return "/" in handle_key


def handle_label(handle: str, handle_key: str) -> str:
    """ "@name" for names, the bare id for ids, as `Handle.label` spells them."""
    return handle if is_id_key(handle_key) else "@" + handle


class GuildSettings(BaseModel):
    """A guild's settings; a guild that never changed anything gets these defaults."""

    model_config = ConfigDict(frozen=True)

    guild_id: int
    scheme_id: str = "four-tier"
    custom_scheme: dict[str, int] | None = None
    updated_by: int | None = None
    updated_at: datetime | None = None


class GuildPresence(BaseModel):
    model_config = ConfigDict(frozen=True)

    guild_id: int
    joined_at: datetime
    left_at: datetime | None


# --- shortlists -----------------------------------------------------------------------


class Shortlist(BaseModel):
    """One team shortlist of a guild."""

    model_config = ConfigDict(frozen=True)

    id: int
    guild_id: int
    name: str
    description: str
    created_by: int
    created_at: datetime
    updated_at: datetime


class ShortlistOverview(BaseModel):
    """A list with how many creators it holds, by tier rank (see bot.domain.shortlist)."""

    model_config = ConfigDict(frozen=True)

    shortlist: Shortlist
    entry_count: int
    rank_counts: dict[int, int]


class ShortlistEntry(BaseModel):
    """One creator on a list, with the figures recorded when it was added or updated."""

    model_config = ConfigDict(frozen=True)

    id: int
    list_id: int
    platform: Platform
    handle_key: str
    handle: str
    profile_url: str
    followers: int | None
    likes: int | None
    comments: int | None
    shares: int | None
    saves: int | None
    views: int | None
    engagement_rate: float | None
    engagement_basis: str | None
    tier: Tier | None
    tier_label: str | None
    tier_rank: int
    scheme_id: str | None
    status: Status
    notes: str
    added_by: int
    added_at: datetime
    updated_by: int
    updated_at: datetime
    # Set by /shortlist refresh: the API that reported the figures, and when. None: typed.
    figures_source: str | None = None
    figures_at: datetime | None = None

    @property
    def is_id(self) -> bool:
        """A platform id (YouTube channel, Facebook profile id) rather than a name."""
        return is_id_key(self.handle_key)

    @property
    def label(self) -> str:
        """ "@name" for names, the bare id for ids (not escaped for any output format)."""
        return handle_label(self.handle, self.handle_key)

    def values(self) -> EntryValues:
        return EntryValues(
            followers=self.followers,
            likes=self.likes,
            comments=self.comments,
            shares=self.shares,
            saves=self.saves,
            views=self.views,
            engagement_rate=self.engagement_rate,
            engagement_basis=self.engagement_basis,
            tier=self.tier,
            tier_label=self.tier_label,
            tier_rank=self.tier_rank,
            scheme_id=self.scheme_id,
            status=self.status,
            notes=self.notes,
        )


class ExportedEntry(NamedTuple):
    """One entry as /shortlist export writes it (the fields in the order of its columns).

    Read straight from the database, not validated again: every value was checked on its
    way in (the domain's rules, then the tables' CHECK constraints), and building 1,000
    validated `ShortlistEntry` models cost more than the rest of the export. Platform and
    status are their stored values; dates are UTC days ("2026-03-01").
    """

    platform: str  # a Platform value
    handle_key: str
    handle: str
    profile_url: str
    followers: int | None
    likes: int | None
    comments: int | None
    shares: int | None
    saves: int | None
    views: int | None
    tier_rank: int  # from the stored followers under the scheme in use (rank_bounds)
    status: str  # a Status value
    notes: str
    added_date: str
    figures_source: str | None  # set by /shortlist refresh; None: typed by the team
    figures_date: str | None
    updated_date: str


class ShownEntry(NamedTuple):
    """An entry as a /shortlist show page lists it: the columns its line and its current
    tier read, in a named tuple. The repositories build it from the row as it is, without
    pydantic's validation (about 4 µs an entry with its dict, against under 1; ten a page):
    the table's NOT NULL and CHECK constraints already hold for every stored row (platform,
    status and basis among their values, counts and rates not negative), and the columns
    are converted to their types (Platform, Tier, Status, datetime) as ShortlistEntry has them.
    """

    id: int
    platform: Platform
    handle_key: str
    handle: str
    followers: int | None
    engagement_rate: float | None
    engagement_basis: str | None
    tier: Tier | None
    tier_label: str | None
    tier_rank: int
    scheme_id: str | None
    status: Status
    notes: str
    updated_at: datetime
    figures_source: str | None = None
    figures_at: datetime | None = None

    @property
    def is_id(self) -> bool:
        """A platform id (YouTube channel, Facebook profile id) rather than a name."""
        return is_id_key(self.handle_key)

    @property
    def label(self) -> str:
        """ "@name" for names, the bare id for ids (not escaped for any output format)."""
        return handle_label(self.handle, self.handle_key)


# The page queries select these columns, in this order: ShownEntry's fields.
SHOWN_ENTRY_COLUMNS = ShownEntry._fields


@dataclass(frozen=True, slots=True)
class EntryPage:
    """One page of a list, in show order, with the page actually served (clamped)."""

    shortlist: Shortlist
    entries: tuple[ShownEntry, ...]
    page: int  # 0-based
    page_count: int  # at least 1, even for an empty list
    total: int
    first_position: int  # 1-based position of entries[0] in the whole list


class ShortlistBreakdown(BaseModel):
    """Counts for a list's summary: by tier rank and by status."""

    model_config = ConfigDict(frozen=True)

    total: int
    rank_counts: dict[int, int]
    status_counts: dict[Status, int]


AuditAction = Literal[
    "create", "add", "update", "status", "note", "remove", "rename", "delete", "import"
]


class AuditRecord(BaseModel):
    """One change to a shortlist: who, what, when."""

    model_config = ConfigDict(frozen=True)

    id: int
    guild_id: int
    list_id: int
    list_name: str
    actor_id: int
    action: AuditAction
    detail: str
    created_at: datetime


ImportOutcome = Literal["added", "updated", "unchanged", "refused"]


class ImportLine(BaseModel):
    """What happened to one row of an imported file."""

    model_config = ConfigDict(frozen=True)

    line_number: int
    outcome: ImportOutcome
    handle: str = ""  # the label shown ("@name"), empty when the row had none readable
    platform: Platform | None = None
    reason: str = ""


class ImportResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    shortlist: Shortlist
    lines: tuple[ImportLine, ...]

    def count(self, outcome: ImportOutcome) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def changed(self) -> bool:
        return any(line.outcome in ("added", "updated") for line in self.lines)
