"""What a campaign records: its plan, the creators booked, and each post's results.

Money is a plain float in the campaign's currency (the planner's rate cards are read 1:1 in
any currency, and every figure here is a sum or a ratio of what the team typed).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final, Literal

from bot.domain.mix import Goal, MixPlan
from bot.domain.platforms import Platform
from bot.domain.tier import Tier

MAX_CAMPAIGNS_PER_GUILD: Final = 50
MAX_NAME_LENGTH: Final = 50
MAX_BOOKINGS_PER_CAMPAIGN: Final = 500
MAX_POSTS_PER_CAMPAIGN: Final = 2_000
MAX_POST_LABEL_LENGTH: Final = 200


class CampaignState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class CampaignRuleError(ValueError):
    """A name or post label Tierbot can't store; the message is a plain reason."""


def clean_campaign_name(text: str) -> str:
    """A campaign name as stored: trimmed, inner runs of spaces collapsed, 1–50 characters."""
    name = " ".join(text.split())
    if not name:
        raise CampaignRuleError("is empty")
    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") for char in name):
        raise CampaignRuleError("contains a control or invisible character")
    if len(name) > MAX_NAME_LENGTH:
        raise CampaignRuleError(f"is over {MAX_NAME_LENGTH} characters")
    return name


def campaign_name_key(name: str) -> str:
    """Two names are the same campaign ignoring case and spacing ("Q3 Launch" == "q3  launch")."""
    return " ".join(name.split()).casefold()


def clean_post_label(text: str | None) -> str:
    """A post's link or label as stored; empty means "the creator's next post"."""
    label = " ".join((text or "").split())
    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") for char in label):
        raise CampaignRuleError("contains a control or invisible character")
    if len(label) > MAX_POST_LABEL_LENGTH:
        raise CampaignRuleError(f"is over {MAX_POST_LABEL_LENGTH} characters")
    return label


def post_label_key(label: str) -> str:
    """Two labels name the same post ignoring case, spacing and a trailing slash on a link."""
    return " ".join(label.split()).casefold().rstrip("/")


@dataclass(frozen=True, slots=True)
class PlannedTier:
    """One tier's share of the plan, as the planner made it."""

    tier: Tier
    creators: int
    posts_per_creator: int
    posts: int
    spend: float
    expected_reach: float  # people, the planner's estimate (not views)
    expected_engagements: float


@dataclass(frozen=True, slots=True)
class CampaignPlan:
    goal: Goal
    budget: float
    currency: str
    platform: Platform
    weeks: int
    tiers: tuple[PlannedTier, ...]

    def tier(self, tier: Tier) -> PlannedTier | None:
        return next((line for line in self.tiers if line.tier is tier), None)

    @property
    def creators(self) -> int:
        return sum(line.creators for line in self.tiers)

    @property
    def posts(self) -> int:
        return sum(line.posts for line in self.tiers)

    @property
    def spend(self) -> float:
        return sum(line.spend for line in self.tiers)

    @property
    def expected_reach(self) -> float:
        return sum(line.expected_reach for line in self.tiers)

    @property
    def expected_engagements(self) -> float:
        return sum(line.expected_engagements for line in self.tiers)


def plan_from_mix(plan: MixPlan) -> CampaignPlan:
    """The part of a /mix plan a campaign keeps: per tier, who, how many posts, what spend."""
    return CampaignPlan(
        goal=plan.request.goal,
        budget=float(plan.request.budget),
        currency=plan.request.currency,
        platform=plan.request.platform,
        weeks=plan.request.weeks,
        tiers=tuple(
            PlannedTier(
                tier=line.tier,
                creators=line.creators,
                posts_per_creator=line.posts_per_creator,
                posts=line.total_posts,
                spend=line.spend,
                expected_reach=line.expected_reach,
                expected_engagements=line.expected_engagements,
            )
            for line in plan.lines
        ),
    )


@dataclass(frozen=True, slots=True)
class Booking:
    """A creator booked for the campaign. `tier` is None when the size is unknown or falls
    outside the scheme's named tiers; `fee` is the agreed fee for the whole booking."""

    platform: Platform
    handle_key: str
    handle: str
    followers: int | None
    tier: Tier | None
    fee: float | None

    @property
    def key(self) -> tuple[Platform, str]:
        return (self.platform, self.handle_key)


@dataclass(frozen=True, slots=True)
class PostResult:
    """One post's results. `fee` is anything paid for this post on top of the booking's fee
    (a boost, an extra story); engagement figures not reported are None, not zero."""

    platform: Platform
    handle_key: str
    label: str
    views: int
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    saves: int | None = None
    clicks: int | None = None
    conversions: int | None = None
    fee: float | None = None

    @property
    def key(self) -> tuple[Platform, str]:
        return (self.platform, self.handle_key)

    @property
    def engagements(self) -> int:
        """likes + comments + shares + saves, counting the figures given."""
        return sum(
            value
            for value in (self.likes, self.comments, self.shares, self.saves)
            if value is not None
        )

    @property
    def has_engagement(self) -> bool:
        return any(v is not None for v in (self.likes, self.comments, self.shares, self.saves))


@dataclass(frozen=True, slots=True)
class CampaignSummary:
    """A campaign as /campaign list shows it."""

    id: int
    name: str
    goal: Goal
    state: CampaignState
    bookings: int
    posts: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Campaign:
    """A stored campaign: its plan is fixed at creation; bookings and posts are read apart."""

    id: int
    guild_id: int
    name: str
    plan: CampaignPlan
    state: CampaignState
    shortlist_id: int | None
    created_by: int
    created_at: datetime
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.state is CampaignState.OPEN


@dataclass(frozen=True, slots=True)
class StoredPost:
    """A post as stored, with the creator it belongs to (for the report's post list)."""

    booking: Booking
    post: PostResult
    recorded_at: datetime


PostOutcome = Literal["added", "replaced"]


@dataclass(frozen=True, slots=True)
class ImportedPost:
    """One row of the team's tracking sheet, parsed: the creator as a key, and the post."""

    line: int
    post: PostResult
    handle: str


@dataclass(frozen=True, slots=True)
class ImportLineResult:
    line: int
    handle: str
    label: str
    outcome: Literal["added", "replaced", "refused"]
    reason: str = ""
