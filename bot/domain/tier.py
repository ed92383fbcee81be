"""The five tier names. Schemes (which follower counts map to which tier) live in tiers.py."""

from __future__ import annotations

from enum import StrEnum


class Tier(StrEnum):
    NANO = "nano"
    MICRO = "micro"
    MID = "mid"
    MACRO = "macro"
    MEGA = "mega"

    @property
    def rank(self) -> int:
        """0 for nano up to 4 for mega: tiers compare by size, not by name."""
        return _ORDER.index(self)

    @property
    def label(self) -> str:
        return self.value.capitalize()


_ORDER: tuple[Tier, ...] = (Tier.NANO, Tier.MICRO, Tier.MID, Tier.MACRO, Tier.MEGA)
ALL_TIERS: tuple[Tier, ...] = _ORDER
