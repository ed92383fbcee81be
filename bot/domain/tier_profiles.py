"""What each tier is like (bot/data/tier_profiles.toml): /tiers compare and /tiers define.

Every aspect is validated like a knowledge entry: sources exist and every number in the
text is a figure with its source.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.domain.knowledge import Figure, check_figures
from bot.domain.sources import cite, load_data_file
from bot.domain.tier import ALL_TIERS, Tier

MAX_ASPECT_CHARS = 300  # several aspects share one embed; keep each readable side by side

SeedGuidance = Literal["full", "partial", "none"]

COMPARE_ASPECTS: tuple[tuple[str, str], ...] = (
    ("followers", "Followers"),
    ("engagement", "Engagement"),
    ("reach", "Reach"),
    ("cost", "Cost"),
    ("content", "Content"),
    ("trust", "Trust"),
    ("best_for", "Campaign goals"),
)
"""(attribute, label) of the rows /tiers compare shows, in order."""

DEFINE_ASPECTS: tuple[tuple[str, str], ...] = (*COMPARE_ASPECTS, ("watch_out", "Watch out for"))
"""(attribute, label) of everything /tiers define shows, in order."""


class ProfileAspect(BaseModel):
    """One aspect of a tier in a sentence or two, with its sources."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(min_length=1, max_length=MAX_ASPECT_CHARS)
    sources: tuple[str, ...] = Field(min_length=1)
    figures: tuple[Figure, ...] = ()

    @model_validator(mode="after")
    def _sourced(self) -> ProfileAspect:
        check_figures((self.text,), self.sources, self.figures, self.text[:40])
        return self

    @property
    def citation(self) -> str:
        return cite(self.sources)


class TierProfile(BaseModel):
    """A tier side by side with the others: followers, engagement, reach, cost and more."""

    model_config = ConfigDict(frozen=True)

    tier: Tier
    headline: str = Field(min_length=1, max_length=200)
    seed_guidance: SeedGuidance
    note: str = ""  # said whenever the seeds are silent, so nobody mistakes inference for data
    followers: ProfileAspect
    engagement: ProfileAspect
    reach: ProfileAspect
    cost: ProfileAspect
    content: ProfileAspect
    trust: ProfileAspect
    best_for: ProfileAspect
    watch_out: ProfileAspect

    @model_validator(mode="after")
    def _honest(self) -> TierProfile:
        if self.seed_guidance != "full" and not self.note:
            raise ValueError(f"{self.tier}: say what the seeds leave out in `note`")
        return self

    def aspect(self, name: str) -> ProfileAspect:
        """One aspect by attribute name, as listed in DEFINE_ASPECTS."""
        if name not in dict(DEFINE_ASPECTS):
            raise KeyError(name)
        value = getattr(self, name)
        assert isinstance(value, ProfileAspect)
        return value

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source the profile cites, in order of first use, without repeats."""
        ids = (s for name, _ in DEFINE_ASPECTS for s in self.aspect(name).sources)
        return tuple(dict.fromkeys(ids))

    @property
    def citation(self) -> str:
        return cite(self.sources)


class ComparisonRow(BaseModel):
    """One row of /tiers compare: an aspect of two tiers."""

    model_config = ConfigDict(frozen=True)

    aspect: str
    label: str
    first: ProfileAspect
    second: ProfileAspect


@cache
def tier_profiles() -> dict[Tier, TierProfile]:
    """Every tier's profile, smallest tier first."""
    raw = load_data_file("tier_profiles.toml")
    missing = [tier.value for tier in ALL_TIERS if tier.value not in raw]
    if missing:
        raise ValueError(f"tier_profiles.toml has no profile for {missing}")
    return {tier: _profile(tier, raw[tier.value]) for tier in ALL_TIERS}


def _profile(tier: Tier, raw: dict[str, Any]) -> TierProfile:
    aspects = {
        name: ProfileAspect(
            text=raw[name]["text"],
            sources=tuple(raw[name]["sources"]),
            figures=tuple(Figure(**figure) for figure in raw[name].get("figures", ())),
        )
        for name, _ in DEFINE_ASPECTS
    }
    return TierProfile(
        tier=tier,
        headline=raw["headline"],
        seed_guidance=raw["seed_guidance"],
        note=raw.get("note", ""),
        **aspects,
    )


def tier_profile(tier: Tier) -> TierProfile:
    return tier_profiles()[tier]


def compare_tiers(first: Tier, second: Tier) -> tuple[ComparisonRow, ...]:
    """The rows of /tiers compare, in COMPARE_ASPECTS order."""
    a, b = tier_profile(first), tier_profile(second)
    return tuple(
        ComparisonRow(aspect=name, label=label, first=a.aspect(name), second=b.aspect(name))
        for name, label in COMPARE_ASPECTS
    )
