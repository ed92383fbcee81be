"""How schemes differ: what moves when a server switches scheme, and where schemes disagree
on one tier's range."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot.domain.tier import Tier
from bot.domain.tiers import (
    Classification,
    SchemeTierRange,
    TierRange,
    TierScheme,
    builtin_schemes,
)


def _place(classification: Classification) -> str:
    """A short name for where an account lands: a tier, "emerging" or "unnamed"."""
    if classification.tier is not None:
        return classification.tier.value
    return "emerging" if classification.below_first_tier else "unnamed"


@dataclass(frozen=True, slots=True)
class SchemeChange:
    """Accounts in [minimum, maximum) that land somewhere else after a scheme change."""

    minimum: int
    maximum: int | None  # exclusive; None = open-ended
    before: str  # "micro", "emerging" or "unnamed"
    after: str

    @property
    def range_label(self) -> str:
        return TierRange(tier=Tier.NANO, minimum=self.minimum, maximum=self.maximum).label


def scheme_changes(before: TierScheme, after: TierScheme) -> tuple[SchemeChange, ...]:
    """Every follower range whose tier differs between the two schemes, smallest first."""
    bounds = sorted({0, *(b.minimum for b in before.bands), *(b.minimum for b in after.bands)})
    changes: list[SchemeChange] = []
    for index, low in enumerate(bounds):
        high = bounds[index + 1] if index + 1 < len(bounds) else None
        old, new = before.classify(low), after.classify(low)
        if old.same_place(new):
            continue
        change = SchemeChange(low, high, _place(old), _place(new))
        last = changes[-1] if changes else None
        if last and (last.before, last.after, last.maximum) == (change.before, change.after, low):
            changes[-1] = SchemeChange(last.minimum, high, last.before, last.after)
        else:
            changes.append(change)
    return tuple(changes)


@dataclass(frozen=True, slots=True)
class BoundGroup:
    """One value of a tier's start (or end), and the schemes that use it."""

    value: int | None  # None: an open end
    scheme_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TierSpread:
    """How every scheme defines one tier, and where they disagree."""

    tier: Tier
    ranges: tuple[SchemeTierRange, ...]  # every scheme, those without the tier included
    starts: tuple[BoundGroup, ...]  # most common first
    ends: tuple[BoundGroup, ...]
    missing: tuple[str, ...]  # ids of schemes that do not name the tier

    @property
    def agrees(self) -> bool:
        return len(self.starts) <= 1 and len(self.ends) <= 1 and not self.missing


def _groups(values: list[tuple[int | None, str]]) -> tuple[BoundGroup, ...]:
    counts = Counter(value for value, _ in values)
    order = {value: index for index, (value, _) in reversed(list(enumerate(values)))}
    # Most schemes first; ties keep the order of first appearance (the default scheme leads).
    ranked = sorted(counts, key=lambda value: (-counts[value], order[value]))
    return tuple(
        BoundGroup(value, tuple(scheme for v, scheme in values if v == value)) for value in ranked
    )


def tier_spread(tier: Tier, current: TierScheme | None = None) -> TierSpread:
    """`tier` in every built-in scheme, plus `current` first when it is a custom scheme."""
    schemes = list(builtin_schemes().values())
    if current is not None and current.is_custom:
        schemes.insert(0, current)
    ranges = tuple(
        SchemeTierRange(scheme_id=s.id, scheme_name=s.name, range=s.range_of(tier)) for s in schemes
    )
    named = [(r.range, r.scheme_id) for r in ranges if r.range is not None]
    return TierSpread(
        tier=tier,
        ranges=ranges,
        starts=_groups([(found.minimum, scheme) for found, scheme in named]),
        ends=_groups([(found.maximum, scheme) for found, scheme in named]),
        missing=tuple(r.scheme_id for r in ranges if r.range is None),
    )
