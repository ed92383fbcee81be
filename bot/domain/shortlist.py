"""Shortlist rules: statuses, limits, list names and notes, and what an entry records.

An entry keeps the creator's figures as they were when it was added or last updated,
with the tier under the guild's scheme *at that time*: a later scheme change does not
silently re-tier a team's list.

Entries sort by `tier_rank` (descending), then followers (descending). The rank orders
every place a follower count can land, not just the five named tiers, so "emerging"
accounts and accounts in a scheme's unnamed gap sort where their size puts them:

    -1 no follower count · 0 emerging · 2 nano · 3 gap above nano · 4 micro · … · 10 mega
"""

from __future__ import annotations

import functools
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Final

from bot.domain.creator_size import resolve_placement, tier_label
from bot.domain.handles import Handle
from bot.domain.metrics import CreatorStats, primary_rate, rate_by_followers, rate_by_views
from bot.domain.platforms import Platform
from bot.domain.tier import ALL_TIERS, Tier
from bot.domain.tiers import Classification, TierScheme

MAX_LISTS_PER_GUILD: Final = 100
MAX_ENTRIES_PER_LIST: Final = 1_000
MAX_NAME_LENGTH: Final = 50
MAX_NOTE_LENGTH: Final = 500
MAX_DESCRIPTION_LENGTH: Final = 200
PAGE_SIZE: Final = 10
HISTORY_SIZE: Final = 25

UNKNOWN_RANK: Final = -1
EMERGING_RANK: Final = 0


class Status(StrEnum):
    """Where the team is with a creator, in the order a deal moves."""

    PROSPECT = "prospect"
    CONTACTED = "contacted"
    NEGOTIATING = "negotiating"
    CONFIRMED = "confirmed"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return self.capitalize()  # a member is its value (a str): no trip through .value


def parse_status(text: str) -> Status | None:
    """ "Contacted", " confirmed " -> a Status; None when it isn't one."""
    try:
        return Status(text.strip().casefold())
    except ValueError:
        return None


class ShortlistRuleError(ValueError):
    """A name, note or description Tierbot can't store; the message is a plain reason."""


def _refuse_control_characters(text: str, *, allow_newlines: bool = False) -> None:
    for char in text:
        if allow_newlines and char == "\n":
            continue
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            raise ShortlistRuleError("contains a control or invisible character")


def clean_list_name(text: str) -> str:
    """A list name as stored: trimmed, inner runs of spaces collapsed, 1–50 characters."""
    name = " ".join(text.split())
    if not name:
        raise ShortlistRuleError("is empty")
    _refuse_control_characters(name)
    if len(name) > MAX_NAME_LENGTH:
        raise ShortlistRuleError(f"is over {MAX_NAME_LENGTH} characters")
    return name


def list_name_key(name: str) -> str:
    """What makes two list names the same: case and spacing are ignored ("Q3 Launch" ==
    "q3  launch"). Computed here rather than by the database's collation, which only folds
    ASCII in SQLite and differs between databases."""
    return " ".join(name.split()).casefold()


def clean_note(text: str) -> str:
    """A note as stored: trimmed, at most 500 characters, line breaks allowed."""
    note = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    _refuse_control_characters(note, allow_newlines=True)
    if len(note) > MAX_NOTE_LENGTH:
        raise ShortlistRuleError(
            f"is {len(note):,} characters; a note holds at most {MAX_NOTE_LENGTH}"
        )
    return note


def clean_description(text: str | None) -> str:
    description = " ".join((text or "").split())
    _refuse_control_characters(description)
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise ShortlistRuleError(f"is over {MAX_DESCRIPTION_LENGTH} characters")
    return description


# --- what an entry records ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntryValues:
    """Everything an entry records about a creator besides who they are."""

    followers: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    saves: int | None = None
    views: int | None = None
    engagement_rate: float | None = None  # a fraction: 0.0345 is 3.45%
    engagement_basis: str | None = None  # "followers" or "views"
    tier: Tier | None = None
    tier_label: str | None = None  # "Micro", "emerging (below nano)", …
    tier_rank: int = UNKNOWN_RANK
    scheme_id: str | None = None
    status: Status = Status.PROSPECT
    notes: str = ""

    @property
    def stats(self) -> CreatorStats | None:
        if self.followers is None:
            return None
        return CreatorStats(
            followers=self.followers,
            likes=self.likes,
            comments=self.comments,
            shares=self.shares,
            saves=self.saves,
            views=self.views,
        )


@dataclass(frozen=True, slots=True)
class NewEntry:
    """A creator about to be added to a list."""

    handle: Handle
    values: EntryValues


def tier_rank(classification: Classification, scheme: TierScheme) -> int:
    """The sort rank of where a follower count lands (see the module docstring)."""
    if classification.tier is not None:
        return 2 * classification.tier.rank + 2
    if classification.below_first_tier:
        return EMERGING_RANK
    # A gap: rank it just above the named tier that ends where the gap begins.
    for tier_range in scheme.ranges:
        if tier_range.maximum == classification.band_min:
            return 2 * tier_range.tier.rank + 3
    return 1


def tier_of_rank(rank: int) -> Tier | None:
    """The named tier a rank stands for; None for unknown, emerging and gaps."""
    if rank >= 2 and rank % 2 == 0 and (rank - 2) // 2 < len(ALL_TIERS):
        return ALL_TIERS[(rank - 2) // 2]
    return None


def rank_bounds(scheme: TierScheme) -> tuple[tuple[int, int], ...]:
    """(fewest followers, rank) of every place a count can land in `scheme`, smallest first.

    Storage turns these into the rank of each entry's *stored followers* under the scheme in
    use now, so counts and tier mixes follow a scheme change (nothing is re-tiered on disk).
    """
    return _places(scheme).bounds


def rank_labels(scheme: TierScheme) -> dict[int, str]:
    """The tier label `current_tier` gives every rank a count can land on in `scheme`.

    Each place (tier, gap, emerging band) has a rank of its own, so with the ranks storage
    derives from `rank_bounds`, an export labels 1,000 entries without placing each again.
    """
    labels: dict[int, str] = {}
    for start, rank in rank_bounds(scheme):
        labels[rank] = tier_label(resolve_placement(start, scheme))
    return labels


@dataclass(frozen=True, slots=True)
class CurrentTier:
    """An entry's tier under the server's scheme now, from its stored follower count."""

    tier: Tier | None
    tier_label: str | None
    tier_rank: int
    scheme_id: str


def current_tier(platform: Platform, followers: int | None, scheme: TierScheme) -> CurrentTier:
    """Where `followers` lands in `scheme` today, through the size resolver (as /classify).

    Only the tier: `resolve_placement` is `resolve_size`'s placement without the price and
    benchmark look-ups, which a list of 1,000 entries would pay for and never show. The tier
    is the same for every count from one place's start to the next (the near-boundary notes
    that vary inside a place are not part of it), so it is looked up among the scheme's
    places, placed once per scheme (`_places`).
    """
    if followers is None:
        return CurrentTier(tier=None, tier_label=None, tier_rank=UNKNOWN_RANK, scheme_id=scheme.id)
    if followers < 0:
        resolve_placement(followers, scheme)  # raises, as it always did
    places = _places(scheme)
    return places.tiers[bisect_right(places.starts, followers) - 1]


def _current_tier(placement: Classification, scheme: TierScheme) -> CurrentTier:
    return CurrentTier(
        tier=placement.tier,
        tier_label=tier_label(placement),
        tier_rank=tier_rank(placement, scheme),
        scheme_id=scheme.id,
    )


@dataclass(frozen=True, slots=True)
class _Places:
    """Every place (tier, gap, emerging band) a count can land in one scheme, smallest first:
    where each starts and the CurrentTier of any count in it."""

    starts: tuple[int, ...]
    tiers: tuple[CurrentTier, ...]
    bounds: tuple[tuple[int, int], ...]  # rank_bounds: (start, rank) of each place


# A scheme is immutable (a frozen model, hashed by value), so its places are a pure function
# of it: placed once, not for every entry of every page (/shortlist show: 10 per page, each
# through classify and the rank rules, about 5 µs). Nothing read from storage is kept here.
@functools.lru_cache(maxsize=64)
def _places(scheme: TierScheme) -> _Places:
    starts = tuple(sorted({0, *(band.minimum for band in scheme.bands)}))
    tiers = tuple(_current_tier(resolve_placement(start, scheme), scheme) for start in starts)
    bounds = tuple((start, placed.tier_rank) for start, placed in zip(starts, tiers, strict=True))
    return _Places(starts=starts, tiers=tiers, bounds=bounds)


def figures(platform: Platform, stats: CreatorStats | None, scheme: TierScheme) -> EntryValues:
    """Stats, engagement rate and tier (under `scheme`) for an entry; notes and status default."""
    if stats is None:
        return EntryValues()
    rate = primary_rate(platform, rate_by_followers(stats), rate_by_views(stats))
    placed = current_tier(platform, stats.followers, scheme)
    return EntryValues(
        followers=stats.followers,
        likes=stats.likes,
        comments=stats.comments,
        shares=stats.shares,
        saves=stats.saves,
        views=stats.views,
        engagement_rate=None if rate is None else rate.value,
        engagement_basis=None if rate is None else rate.basis.value,
        tier=placed.tier,
        tier_label=placed.tier_label,
        tier_rank=placed.tier_rank,
        scheme_id=scheme.id,
    )


def new_entry(
    handle: Handle,
    stats: CreatorStats | None,
    scheme: TierScheme,
    *,
    notes: str = "",
    status: Status = Status.PROSPECT,
) -> NewEntry:
    values = replace(figures(handle.platform, stats, scheme), notes=notes, status=status)
    return NewEntry(handle=handle, values=values)


# --- importing ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One creator read from a CSV. None means "the file doesn't say": keep what is stored."""

    line_number: int
    handle: Handle
    stats: CreatorStats | None
    notes: str | None
    status: Status | None


def imported_values(
    current: EntryValues | None, row: ImportRow, scheme: TierScheme
) -> EntryValues | None:
    """The entry's values after importing `row`; None when the row changes nothing.

    Figures are re-derived (tier under today's scheme) only when the stats differ, so
    re-importing an export changes nothing even after the guild switched schemes.
    """
    base = current or EntryValues()
    values = base
    if row.stats is not None and row.stats != base.stats:
        values = replace(
            figures(row.handle.platform, row.stats, scheme), status=base.status, notes=base.notes
        )
    if row.notes and row.notes != values.notes:
        values = replace(values, notes=row.notes)
    if row.status is not None and row.status != values.status:
        values = replace(values, status=row.status)
    if current is not None and values == current:
        return None
    return values
