"""Cost per post and CPM ranges by tier and platform, as published (see bot/data/costs.toml)."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, model_validator

from bot.domain.platforms import Platform
from bot.domain.sources import get_source, load_data_file
from bot.domain.tier import Tier


class CostRange(BaseModel):
    """A USD range; `high` None means open-ended ("$10,000 and up")."""

    model_config = ConfigDict(frozen=True)

    low: float
    high: float | None
    source_ids: tuple[str, ...]

    @model_validator(mode="after")
    def _ordered(self) -> CostRange:
        if self.low < 0 or (self.high is not None and self.high < self.low):
            raise ValueError(f"bad cost range {self.low}..{self.high}")
        for source_id in self.source_ids:
            get_source(source_id)
        return self

    @property
    def is_point_estimate(self) -> bool:
        return self.high is not None and self.high == self.low

    @property
    def is_open_ended(self) -> bool:
        return self.high is None


class RuleOfThumb(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    platform: Platform
    text: str
    source_id: str


class CostTable(BaseModel):
    model_config = ConfigDict(frozen=True)

    rate_card_scheme: str
    rate_card_minimums: dict[Tier, int]
    per_post: dict[Platform, dict[Tier, CostRange]]
    cpm: dict[Platform, CostRange]
    rules: tuple[RuleOfThumb, ...]


@cache
def cost_table() -> CostTable:
    raw = load_data_file("costs.toml")
    per_post: dict[Platform, dict[Tier, CostRange]] = {}
    for card in raw["post"]:
        platform = Platform(card["platform"])
        per_post[platform] = {
            tier: CostRange(
                low=card[tier]["low"], high=card[tier].get("high"), source_ids=(card["source"],)
            )
            for tier in Tier
            if tier.value in card
        }
    cpm = {
        Platform(entry["platform"]): CostRange(
            low=entry["low"], high=entry["high"], source_ids=tuple(entry["sources"])
        )
        for entry in raw["cpm"]
    }
    rules = tuple(
        RuleOfThumb(id=r["id"], platform=r["platform"], text=r["text"], source_id=r["source"])
        for r in raw["rule"]
    )
    return CostTable(
        rate_card_scheme=raw["rate_card_scheme"],
        rate_card_minimums={Tier(k): v for k, v in raw["rate_card_minimums"].items()},
        per_post=per_post,
        cpm=cpm,
        rules=rules,
    )


def cost_per_post(tier: Tier, platform: Platform) -> CostRange | None:
    """The published per-post range, or None where no source in our data prices it."""
    return cost_table().per_post.get(platform, {}).get(tier)


def cpm_range(platform: Platform) -> CostRange | None:
    return cost_table().cpm.get(platform)


def priced_platforms() -> tuple[Platform, ...]:
    return tuple(cost_table().per_post)
