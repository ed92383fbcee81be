"""What each tier is like (bot/data/tier_profiles.toml): /tiers compare and /tiers define.

Every aspect is validated like a knowledge entry: sources exist and every number in the
text is a figure with its source.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.domain.knowledge import Figure, check_figures
from bot.domain.mix.models import Goal
from bot.domain.platforms import Platform
from bot.domain.sources import cite, is_assumption, load_data_file
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


PLAN_PLATFORMS: tuple[Platform, ...] = (Platform.INSTAGRAM, Platform.TIKTOK, Platform.YOUTUBE)
"""The platforms a plan claim speaks of unless it names fewer (the others use Instagram's
figures in /mix)."""

PLANS_NOTE = "Budgets are where our campaign plans give the tier the largest share (see `/mix`)."
"""Said once wherever "best for" texts with budgets are shown: where the budgets come from."""


class PlanClaim(BaseModel):
    """What a "best for" text says about /mix: for `goal` on `platforms`, at every budget
    from `low` to `high` (USD; None: no upper end), a plan of the default length gives the
    tier the largest share of the budget. tests/unit/test_tier_best_for.py plans each one."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    goal: Goal
    low: int = Field(default=0, ge=0, alias="from")
    high: int | None = Field(default=None, gt=0, alias="to")
    platforms: tuple[Platform, ...] = PLAN_PLATFORMS

    @model_validator(mode="after")
    def _ordered(self) -> PlanClaim:
        if self.high is not None and self.high <= self.low:
            raise ValueError(f"{self.goal}: a plan claim's `to` must be above its `from`")
        return self


class ProfileAspect(BaseModel):
    """One aspect of a tier in a sentence or two, with its sources."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(min_length=1, max_length=MAX_ASPECT_CHARS)
    sources: tuple[str, ...] = Field(min_length=1)
    figures: tuple[Figure, ...] = ()
    # "Best for" only: what the text says /mix does, in checkable form.
    plans: tuple[PlanClaim, ...] = ()

    @model_validator(mode="after")
    def _sourced(self) -> ProfileAspect:
        check_figures((self.text,), self.sources, self.figures, self.text[:40])
        return self

    @property
    def citation(self) -> str:
        return cite(self.sources)

    @property
    def is_estimate(self) -> bool:
        """Rests on our own estimate, not a published source. Budgets read from /mix plans
        are not an estimate of their own: PLANS_NOTE says where they come from."""
        return not self.plans and any(is_assumption(s) for s in self.sources)


class TierProfile(BaseModel):
    """A tier side by side with the others: followers, engagement, reach, cost and more."""

    model_config = ConfigDict(frozen=True)

    tier: Tier
    headline: str = Field(min_length=1, max_length=200)
    seed_guidance: SeedGuidance
    note: str = ""  # a word for the reader the aspects do not say; usually empty
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
        # Where the seeds are silent, some aspect must cite our estimate, so the reply's
        # Assumptions line says so (once) and nobody mistakes inference for data.
        if self.seed_guidance != "full" and not any(
            self.aspect(name).is_estimate for name, _ in DEFINE_ASPECTS
        ):
            raise ValueError(f"{self.tier}: the seeds are silent, so cite `tierbot-model`")
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
            plans=tuple(PlanClaim.model_validate(claim) for claim in raw[name].get("plans", ())),
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
