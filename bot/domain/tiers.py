"""Tier schemes: which follower counts map to which tier, per published source.

Schemes are data (bot/data/schemes.toml). A scheme is an ordered list of bands; each band
starts at a minimum follower count (inclusive) and ends where the next band starts, so a
lower bound always belongs to the tier it starts. A band without a tier is a gap the scheme
leaves unnamed (the fitness guide names nothing between 50K and 1M). Accounts below the first band
are "emerging": a label, never an error.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.domain.sources import UnknownSourceError, cite, get_source, load_data_file
from bot.domain.tier import ALL_TIERS, Tier

DEFAULT_SCHEME_ID = "four-tier"
LEGACY_SCHEME_IDS: dict[str, str] = {"seed": "four-tier", "seed-003": "fitness-guide"}
"""Ids earlier versions stored and showed; still accepted as input (migration 0004 maps them)."""
CUSTOM_SCHEME_ID = "custom"
NEAR_BOUNDARY_PERCENT = 10
"""An account is near a boundary when |followers − boundary| ≤ this percent of the boundary."""
MAX_FOLLOWERS = 10_000_000_000
"""Above any real account: a custom threshold past this is a typo, not a tier."""


class SchemeError(ValueError):
    """A scheme that cannot work, naming the offending field and why, in plain words."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class UnknownSchemeError(LookupError):
    """No built-in scheme has this id."""

    def __init__(self, scheme_id: str) -> None:
        known = ", ".join(builtin_schemes())
        super().__init__(f"unknown tier scheme {scheme_id!r} (known: {known})")
        self.scheme_id = scheme_id


def format_count(value: int) -> str:
    """Follower counts as people write them: 1K, 2.5M, 15K; exact with commas otherwise."""
    for size, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K")):
        if value >= size:
            scaled = value / size
            # Only abbreviate when nothing is lost, so a custom 12,345 never reads as 12.3K.
            if (value * 10) % size == 0:
                return f"{scaled:g}{suffix}"
            return f"{value:,}"
    return str(value)


# Bands' bounds come from the schemes: a few dozen pairs, formatted once each.
@lru_cache(maxsize=1024)
def _range_label(minimum: int, maximum: int | None) -> str:
    if maximum is None:
        return f"{format_count(minimum)}+"
    if minimum == 0:
        return f"under {format_count(maximum)}"
    return f"{format_count(minimum)}–{format_count(maximum)}"


class Band(BaseModel):
    """One band of a scheme: a tier, or a gap (tier None) with its plain-words label."""

    model_config = ConfigDict(frozen=True)

    minimum: int = Field(ge=0)
    tier: Tier | None = None
    gap_label: str | None = None


class TierRange(BaseModel):
    """The followers a tier covers in one scheme; `maximum` is exclusive, None = open-ended."""

    model_config = ConfigDict(frozen=True)

    tier: Tier
    minimum: int
    maximum: int | None

    @property
    def label(self) -> str:
        """ "1K–10K", "under 15K" or "1M+"."""
        return _range_label(self.minimum, self.maximum)

    def contains(self, followers: int) -> bool:
        return followers >= self.minimum and (self.maximum is None or followers < self.maximum)


@dataclass(frozen=True, slots=True)
class NearBoundary:
    """An account close to a tier boundary: a small change in followers changes its tier."""

    boundary: int
    neighbour: Tier | None  # None when the other side is a gap or below the first tier
    neighbour_label: str
    side: Literal["below", "above"]  # "above" includes exactly on the boundary
    distance: int


@dataclass(frozen=True, slots=True)
class Classification:
    """Where one follower count falls in one scheme."""

    scheme_id: str
    followers: int
    tier: Tier | None  # None below the first tier or in a gap
    label: str
    band_min: int
    band_max: int | None  # exclusive; None = open-ended
    in_gap: bool
    below_first_tier: bool
    near_boundary: NearBoundary | None

    @property
    def band_label(self) -> str:
        return _range_label(self.band_min, self.band_max)

    def same_place(self, other: Classification) -> bool:
        """Same tier, or both emerging, or both in an unnamed gap."""
        return (self.tier, self.in_gap, self.below_first_tier) == (
            other.tier,
            other.in_gap,
            other.below_first_tier,
        )


@dataclass(frozen=True, slots=True)
class _Slot:
    """Everything classify() needs for one band, computed once per scheme."""

    tier: Tier | None
    label: str
    minimum: int
    maximum: int | None
    in_gap: bool
    below_first_tier: bool
    # Near-boundary limits, precomputed so classify() does two comparisons, not arithmetic.
    near_lower_until: float  # followers <= this are near the lower boundary (-1: never)
    near_upper_from: float  # followers >= this are near the upper boundary (inf: never)


@dataclass(frozen=True, slots=True)
class _Index:
    starts: tuple[int, ...]
    slots: tuple[_Slot, ...]


class TierScheme(BaseModel):
    """A published (or server-chosen) mapping from follower counts to tiers."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    description: str
    source_ids: tuple[str, ...]
    note: str = ""
    bands: tuple[Band, ...]
    is_custom: bool = False

    @model_validator(mode="after")
    def _check(self) -> TierScheme:
        if not self.bands:
            raise ValueError("a scheme needs at least one band")
        if not self.is_custom and not self.source_ids:
            raise ValueError(f"built-in scheme {self.id!r} names no source")
        for source_id in self.source_ids:
            try:
                get_source(source_id)
            except UnknownSourceError:
                # A ValueError, so pydantic reports it like any other bad field.
                raise ValueError(f"{self.id}: unknown source id {source_id!r}") from None
        previous: Band | None = None
        for band in self.bands:
            if previous is not None and band.minimum <= previous.minimum:
                raise ValueError(f"{self.id}: band minimums must strictly increase")
            if band.tier is None and (previous is None or previous.tier is None):
                raise ValueError(f"{self.id}: a gap must follow a tier")
            previous = band
        if self.bands[-1].tier is None:
            raise ValueError(f"{self.id}: the last band must be a tier, not a gap")
        ranks = [band.tier.rank for band in self.bands if band.tier is not None]
        if ranks != sorted(set(ranks)):
            raise ValueError(f"{self.id}: tiers must appear once each, smallest first")
        return self

    @cached_property
    def _index(self) -> _Index:
        # A cached_property lives in the instance __dict__: reading it costs a dict lookup,
        # where a pydantic private attribute costs a __getattr__ round trip (~1.4 µs).
        # Pydantic ignores it for equality, hashing and serialisation.
        bounds: list[tuple[Tier | None, str, int, bool, bool]] = []
        first = self.bands[0]
        if first.minimum > 0:
            assert first.tier is not None  # the validator guarantees a gap never comes first
            bounds.append((None, f"emerging (below {first.tier.value})", 0, False, True))
        for index, band in enumerate(self.bands):
            if band.tier is None:
                # Plain words, built from the range it covers: "no tier (this scheme
                # skips 50K–1M)". The validator guarantees a tier follows every gap.
                skipped = _range_label(band.minimum, self.bands[index + 1].minimum)
                label = band.gap_label or f"no tier (this scheme skips {skipped})"
                bounds.append((None, label, band.minimum, True, False))
            else:
                bounds.append((band.tier, band.tier.label, band.minimum, False, False))
        slots: list[_Slot] = []
        for position, (tier, label, minimum, in_gap, below) in enumerate(bounds):
            maximum = bounds[position + 1][2] if position + 1 < len(bounds) else None
            slots.append(
                _Slot(
                    tier=tier,
                    label=label,
                    minimum=minimum,
                    maximum=maximum,
                    in_gap=in_gap,
                    below_first_tier=below,
                    # Integer limits keep the exact 10% edge exact (0.9 and 1.1 are not
                    # exact in binary). 0 is no boundary: nothing lies below it.
                    near_lower_until=(
                        minimum + minimum * NEAR_BOUNDARY_PERCENT // 100 if minimum else -1
                    ),
                    near_upper_from=(
                        maximum - maximum * NEAR_BOUNDARY_PERCENT // 100
                        if maximum is not None
                        else math.inf
                    ),
                )
            )
        return _Index(starts=tuple(slot.minimum for slot in slots), slots=tuple(slots))

    # -- reading the scheme -------------------------------------------------------------

    @property
    def tiers(self) -> tuple[Tier, ...]:
        """The tiers this scheme names, smallest first (a scheme without mid has no mid)."""
        return tuple(band.tier for band in self.bands if band.tier is not None)

    @cached_property
    def ranges(self) -> tuple[TierRange, ...]:
        """Each named tier's range, smallest first (gaps and the emerging band left out)."""
        return tuple(
            TierRange(tier=slot.tier, minimum=slot.minimum, maximum=slot.maximum)
            for slot in self._index.slots
            if slot.tier is not None
        )

    def range_of(self, tier: Tier) -> TierRange | None:
        """The followers `tier` covers here, or None when this scheme has no such tier."""
        return next((r for r in self.ranges if r.tier is tier), None)

    @property
    def minimums(self) -> dict[Tier, int]:
        return {band.tier: band.minimum for band in self.bands if band.tier is not None}

    @property
    def gaps(self) -> tuple[tuple[int, int, str], ...]:
        """(minimum, exclusive maximum, label) of every unnamed band."""
        return tuple(
            (slot.minimum, slot.maximum, slot.label)
            for slot in self._index.slots
            if slot.in_gap and slot.maximum is not None
        )

    @property
    def citation(self) -> str:
        return cite(self.source_ids) if self.source_ids else "set by this server"

    # -- classifying ----------------------------------------------------------------------

    def _place(self, followers: int) -> tuple[Tier | None, bool, bool]:
        """What `Classification.same_place` compares, without building the classification."""
        index = self._index
        slot = index.slots[bisect_right(index.starts, followers) - 1]
        return slot.tier, slot.in_gap, slot.below_first_tier

    def classify(self, followers: int) -> Classification:
        """The tier (or gap, or emerging band) for this follower count, and any near boundary."""
        if followers < 0:
            raise ValueError("followers cannot be negative")
        index = self._index
        position = bisect_right(index.starts, followers) - 1
        slot = index.slots[position]
        near: NearBoundary | None = None
        if followers <= slot.near_lower_until or followers >= slot.near_upper_from:
            near = self._near(followers, position)
        return Classification(
            scheme_id=self.id,
            followers=followers,
            tier=slot.tier,
            label=slot.label,
            band_min=slot.minimum,
            band_max=slot.maximum,
            in_gap=slot.in_gap,
            below_first_tier=slot.below_first_tier,
            near_boundary=near,
        )

    def _near(self, followers: int, position: int) -> NearBoundary | None:
        slots = self._index.slots
        slot = slots[position]
        best: NearBoundary | None = None
        if followers <= slot.near_lower_until:
            neighbour = slots[position - 1]
            best = NearBoundary(
                boundary=slot.minimum,
                neighbour=neighbour.tier,
                neighbour_label=neighbour.label,
                side="above",
                distance=followers - slot.minimum,
            )
        if slot.maximum is not None and followers >= slot.near_upper_from:
            distance = slot.maximum - followers
            # Relative closeness decides when both boundaries qualify (only in tiny bands).
            if best is None or distance / slot.maximum < best.distance / best.boundary:
                neighbour = slots[position + 1]
                best = NearBoundary(
                    boundary=slot.maximum,
                    neighbour=neighbour.tier,
                    neighbour_label=neighbour.label,
                    side="below",
                    distance=distance,
                )
        return best

    # -- custom schemes and storage ---------------------------------------------------------

    @classmethod
    def custom(
        cls,
        *,
        nano: int | None,
        micro: int | None,
        mid: int | None = None,
        macro: int | None,
        mega: int | None,
    ) -> TierScheme:
        """A server's own scheme from each tier's minimum followers (mid optional).

        Raises SchemeError naming the first field that cannot work, and why.
        """
        given: dict[Tier, int | None] = {
            Tier.NANO: nano,
            Tier.MICRO: micro,
            Tier.MID: mid,
            Tier.MACRO: macro,
            Tier.MEGA: mega,
        }
        bands: list[Band] = []
        previous: tuple[Tier, int] | None = None
        for tier in ALL_TIERS:
            value = given[tier]
            if value is None:
                if tier is Tier.MID:
                    continue  # the one optional tier: four-tier schemes are common
                raise SchemeError(tier.value, f"is required: the fewest followers a {tier} has")
            # bool is an int subclass; True followers is a bug upstream, not a threshold.
            if isinstance(value, bool) or not isinstance(value, int):
                raise SchemeError(tier.value, "must be a whole number of followers")
            if value <= 0:
                raise SchemeError(tier.value, "must be at least 1 follower")
            if value > MAX_FOLLOWERS:
                raise SchemeError(
                    tier.value,
                    f"is more than any account has (at most {format_count(MAX_FOLLOWERS)})",
                )
            if previous is not None and value <= previous[1]:
                raise SchemeError(
                    tier.value,
                    f"must be more than {previous[0]}'s {previous[1]:,}: "
                    "each tier starts above the one before it",
                )
            bands.append(Band(minimum=value, tier=tier))
            previous = (tier, value)
        labels = ", ".join(f"{b.tier} {format_count(b.minimum)}+" for b in bands)
        return cls(
            id=CUSTOM_SCHEME_ID,
            name="Custom (this server)",
            description=f"This server's own cut: {labels}.",
            source_ids=(),
            bands=tuple(bands),
            is_custom=True,
        )

    @classmethod
    def custom_from_minimums(cls, minimums: Mapping[str, int | None]) -> TierScheme:
        """custom() from a mapping such as the one to_json() stores."""
        unknown = set(minimums) - {tier.value for tier in ALL_TIERS}
        if unknown:
            raise SchemeError(sorted(unknown)[0], "is not a tier name")
        return cls.custom(
            nano=minimums.get("nano"),
            micro=minimums.get("micro"),
            mid=minimums.get("mid"),
            macro=minimums.get("macro"),
            mega=minimums.get("mega"),
        )

    def to_json(self) -> str:
        """What a guild stores: a built-in id, or a custom scheme's thresholds."""
        if self.is_custom:
            minimums = {tier.value: self.minimums.get(tier) for tier in ALL_TIERS}
            return json.dumps({"id": CUSTOM_SCHEME_ID, "minimums": minimums})
        return json.dumps({"id": self.id})

    @classmethod
    def from_json(cls, text: str) -> TierScheme:
        """The inverse of to_json(); a stored built-in id picks up the current data."""
        try:
            raw = json.loads(text)
        except json.JSONDecodeError:
            raise SchemeError("scheme", "the stored scheme is not valid JSON") from None
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise SchemeError("scheme", "the stored scheme has no id")
        if raw["id"] != CUSTOM_SCHEME_ID:
            return get_scheme(raw["id"])
        minimums = raw.get("minimums")
        if not isinstance(minimums, dict):
            raise SchemeError("scheme", "the stored custom scheme has no thresholds")
        return cls.custom_from_minimums(minimums)


# -- built-in schemes ---------------------------------------------------------------------


@cache
def builtin_schemes() -> dict[str, TierScheme]:
    """Every built-in scheme by id, in the order of bot/data/schemes.toml (default first)."""
    raw = load_data_file("schemes.toml")
    schemes: dict[str, TierScheme] = {}
    for entry in raw["scheme"]:
        bands = tuple(
            Band(
                minimum=band["min"],
                tier=Tier(band["tier"]) if "tier" in band else None,
                gap_label=band.get("label"),
            )
            for band in entry["bands"]
        )
        if entry["id"] in schemes or entry["id"] == CUSTOM_SCHEME_ID:
            raise ValueError(f"duplicate or reserved scheme id {entry['id']!r}")
        schemes[entry["id"]] = TierScheme(
            id=entry["id"],
            name=entry["name"],
            description=entry["description"],
            source_ids=tuple(entry["sources"]),
            note=entry.get("note", ""),
            bands=bands,
        )
    if raw["default"] != DEFAULT_SCHEME_ID or DEFAULT_SCHEME_ID not in schemes:
        raise ValueError(f"schemes.toml must declare {DEFAULT_SCHEME_ID!r} as its default")
    # The default leads so every "across schemes" listing starts from it.
    default = schemes.pop(DEFAULT_SCHEME_ID)
    return {DEFAULT_SCHEME_ID: default, **schemes}


def canonical_scheme_id(scheme_id: str) -> str:
    """The current id for `scheme_id`, mapping the ids earlier versions used."""
    return LEGACY_SCHEME_IDS.get(scheme_id, scheme_id)


def get_scheme(scheme_id: str) -> TierScheme:
    try:
        return builtin_schemes()[canonical_scheme_id(scheme_id)]
    except KeyError:
        raise UnknownSchemeError(scheme_id) from None


def default_scheme() -> TierScheme:
    return builtin_schemes()[DEFAULT_SCHEME_ID]


def classify(followers: int, scheme: TierScheme | None = None) -> Classification:
    """Classify in `scheme`, or in the default scheme."""
    return (scheme or default_scheme()).classify(followers)


class SchemeTierRange(BaseModel):
    """One scheme's range for a tier; `range` None when the scheme does not name it."""

    model_config = ConfigDict(frozen=True)

    scheme_id: str
    scheme_name: str
    range: TierRange | None


def tier_across_schemes(tier: Tier) -> tuple[SchemeTierRange, ...]:
    """How every built-in scheme defines `tier`, default scheme first."""
    return tuple(
        SchemeTierRange(scheme_id=scheme.id, scheme_name=scheme.name, range=scheme.range_of(tier))
        for scheme in builtin_schemes().values()
    )


@dataclass(frozen=True, slots=True)
class SchemeSpread:
    """One follower count classified in a reference scheme and in every other built-in one."""

    followers: int
    reference: Classification
    others: tuple[Classification, ...]

    @property
    def differing(self) -> tuple[Classification, ...]:
        """The schemes that put this account somewhere else than the reference does."""
        return tuple(c for c in self.others if not c.same_place(self.reference))

    @property
    def agrees(self) -> bool:
        return not self.differing


def differing_schemes(
    followers: int, reference: TierScheme
) -> tuple[tuple[Classification, ...], int]:
    """What `classify_across_schemes(followers, reference)` says of the others: those that
    place the account elsewhere (in the built-in order), and how many were compared. Only
    the differing ones are classified in full; the rest are told apart by their band."""
    if followers < 0:
        raise ValueError("followers cannot be negative")
    place = reference._place(followers)
    differing: list[Classification] = []
    compared = 0
    for scheme in builtin_schemes().values():
        if not reference.is_custom and scheme.id == reference.id:
            continue
        compared += 1
        if scheme._place(followers) != place:
            differing.append(scheme.classify(followers))
    return tuple(differing), compared


def classify_across_schemes(followers: int, reference: TierScheme | None = None) -> SchemeSpread:
    """Classify in `reference` (default: the default scheme) and in every other built-in scheme."""
    ref = reference or default_scheme()
    others = tuple(
        scheme.classify(followers)
        for scheme in builtin_schemes().values()
        if ref.is_custom or scheme.id != ref.id
    )
    return SchemeSpread(followers=followers, reference=ref.classify(followers), others=others)
