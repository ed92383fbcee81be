"""Inputs and outputs of the /mix planner (pydantic, frozen)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.domain.numbers import format_count
from bot.domain.platforms import Platform
from bot.domain.tier import ALL_TIERS, Tier
from bot.domain.wording import with_article

MAX_CREATORS_LIMIT = 500
MAX_BUDGET = Decimal(1_000_000_000)  # keeps the integer-cent DP far from int64 overflow
DEFAULT_WEEKS = 4


class Goal(StrEnum):
    AWARENESS = "awareness"
    ENGAGEMENT = "engagement"
    CONVERSIONS = "conversions"
    LAUNCH = "launch"
    LOCAL = "local"
    ALWAYS_ON = "always-on"

    @property
    def label(self) -> str:
        return "Always-on" if self is Goal.ALWAYS_ON else self.value.capitalize()


class Phase(StrEnum):
    KICKOFF = "kickoff"
    SUSTAIN = "sustain"


class BudgetTooSmallError(ValueError):
    """The budget is below the cheapest sensible plan for the goal; carries that minimum."""

    def __init__(self, minimum: float, currency: str, goal: Goal, cheapest: str) -> None:
        self.minimum = minimum
        self.currency = currency
        self.goal = goal
        self.cheapest = cheapest
        super().__init__(
            f"{with_article(f'{goal.value} plan')} needs at least "
            f"{minimum:,.2f} {currency} ({cheapest})"
        )


def spend_floor(budget: float) -> float:
    """The share of the budget a plan spends unless a limit binds: 98% above $20K, else 95%
    (below that, one creator's price is a large step of the budget)."""
    return 0.98 if budget > 20_000 else 0.95


class MixNotPossibleError(ValueError):
    """No allowed tier can serve the goal (e.g. a local plan when the scheme has only mega)."""


class MixRequest(BaseModel):
    """What the team asked for. The budget is a plain amount: text parsing happens upstream."""

    model_config = ConfigDict(frozen=True)

    goal: Goal
    budget: Decimal = Field(gt=0, le=MAX_BUDGET)
    currency: str = "USD"
    platform: Platform
    weeks: int = Field(default=DEFAULT_WEEKS, ge=1, le=52)
    max_creators: int | None = Field(default=None, ge=1, le=MAX_CREATORS_LIMIT)
    niche: str | None = Field(default=None, max_length=100)
    allowed_tiers: tuple[Tier, ...] = ALL_TIERS
    platform_assumed: bool = False  # the team named no platform: the reply says which is used
    # The team named no campaign length: the planner may run longer than `weeks` when that
    # many weeks cannot book enough creators to spend the budget (the reply says so).
    weeks_assumed: bool = False

    @field_validator("currency")
    @classmethod
    def _iso_code(cls, value: str) -> str:
        code = value.strip().upper()
        if len(code) != 3 or not code.isascii() or not code.isalpha():
            raise ValueError("currency must be a three-letter ISO code such as USD or EUR")
        return code

    @field_validator("niche")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        if value is None:
            return None
        # Collapse whitespace and drop control characters: the niche is only ever echoed.
        cleaned = " ".join("".join(ch for ch in value if ch.isprintable()).split())
        return cleaned or None

    @field_validator("allowed_tiers")
    @classmethod
    def _tiers_in_order(cls, value: tuple[Tier, ...]) -> tuple[Tier, ...]:
        if not value:
            raise ValueError("the scheme must allow at least one tier")
        return tuple(sorted(set(value), key=lambda tier: tier.rank))

    @model_validator(mode="after")
    def _launch_needs_two(self) -> MixRequest:
        if self.goal is Goal.LAUNCH and self.max_creators == 1:
            raise ValueError("a launch needs at least 2 creators: one kickoff and one sustain")
        return self


class Claim(BaseModel):
    """What a reason asserts about its plan, in checkable form (tests verify every one).

    * `share`: `tiers` together take `value` of the budget (shown to whole percent).
    * `small_majority`: nano and micro take at least half the budget (`value`).
    * `small_minority`: nano and micro take under half the budget (`value`).
    * `per_dollar`: per 1,000 of budget, `tiers` deliver `value` of the goal's measure and
      `other_tiers` `other_value`, and value > other_value.
    * `cap_binds`: the team's cap binds; `value` is the cap that would spend the budget.
    * `supply_binds`: every planned tier is at its bookable creators and cadence.
    * `phase_split`: the kickoff takes `value` and the sustain phase `other_value`.
    * `swap`: `tiers` add `value` to the objective, more than `other_value`, what their
      spend would add as more `other_tiers` creators.
    """

    model_config = ConfigDict(frozen=True)

    kind: Literal[
        "share",
        "small_majority",
        "small_minority",
        "per_dollar",
        "cap_binds",
        "supply_binds",
        "phase_split",
        "swap",
    ]
    tiers: tuple[Tier, ...] = ()
    value: float = 0.0
    other_tiers: tuple[Tier, ...] = ()
    other_value: float = 0.0


class Note(BaseModel):
    """One sentence in Tierbot's own words, with the sources it rests on."""

    model_config = ConfigDict(frozen=True)

    text: str
    source_ids: tuple[str, ...]
    claims: tuple[Claim, ...] = ()


class PlanLine(BaseModel):
    """One tier's share of the plan. Money in the request's currency (rate cards 1:1)."""

    model_config = ConfigDict(frozen=True)

    tier: Tier
    creators: int
    posts_per_creator: int
    total_posts: int
    fees: float
    coordination: float
    spend: float  # fees + coordination
    budget_share: float  # spend ÷ budget, 0..1
    cost_low: float  # the same posts at the low end of the published range
    cost_high: float  # ... at the high end (mega: the stated planning ceiling)
    planning_price_per_post: float
    expected_reach: float  # people, counted once (see the repeat-view rule)
    impressions: float  # views: every post's audience, repeat viewers counted each time
    expected_engagements: float  # never more than the people reached
    phase: Phase | None = None
    # Followers of the creators booked when above the tier's typical size (priced at that
    # size by the resolver), else None.
    size: int | None = None
    posts_per_week: float
    price_is_proxy: bool = False
    bookable: int  # the most creators of this tier Tierbot assumes a team can book
    max_posts: int  # the most posts per creator the cadence allows
    value: float  # this line's contribution to the goal's objective
    # More posts from these creators would add (almost) nothing to the goal's measure: e.g.
    # their engagements already equal the people they reach.
    saturated: bool = False

    @property
    def label(self) -> str:
        """The row's name: the tier, with the size when booked above the typical one."""
        if self.size is None:
            return self.tier.value
        return f"{self.tier.value} ~{format_count(self.size)}"

    @property
    def at_supply_limit(self) -> bool:
        return self.creators >= self.bookable and (
            self.posts_per_creator >= self.max_posts or self.saturated
        )


class PhasePlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    phase: Phase
    first_week: int
    last_week: int
    tiers: tuple[Tier, ...]
    creators: int
    posts: int
    spend: float
    expected_reach: float
    expected_engagements: float


class CadenceLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    tier: Tier
    creators: int
    posts_per_creator_per_week: float
    posts_per_week: float  # the whole tier
    rhythm: str  # "every other week", "weekly", "twice a week"


class PricedOutTier(BaseModel):
    model_config = ConfigDict(frozen=True)

    tier: Tier
    needs: float  # the cheapest booking in this goal: one creator, fewest posts, coordination
    card_low: float  # the published per-post floor
    card_high: float  # the published per-post ceiling (mega: the stated planning ceiling)
    planning_price: float  # the per-post price the plan uses (the range's midpoint)
    # Within the budget, but above what one creator may take (the goal's concentration rule).
    held_back: bool = False


class CapUse(BaseModel):
    """How one part of the plan (the whole plan, or one launch phase) met its creator cap."""

    model_config = ConfigDict(frozen=True)

    phase: Phase | None  # None: the whole plan
    cap: int  # creators this part may book
    budget_only_creators: int  # creators its budget alone would fund, with no cap

    @property
    def binds(self) -> bool:
        return self.budget_only_creators > self.cap


class MixFlags(BaseModel):
    model_config = ConfigDict(frozen=True)

    capped_by_max_creators: bool = False  # the team's max_creators binds
    # The most one creator may take (the goal's concentration rule), and whether it shaped
    # the plan (some booking the budget could buy was held back by it).
    creator_ceiling: float = 0.0
    creator_share: float = 1.0
    unspent_due_to_cap: bool = False
    supply_binds: bool = False  # every tier is booked to its bookable creators and cadence
    platform_uses_proxy_prices: bool = False
    proxy_tiers: tuple[Tier, ...] = ()
    tiers_priced_out: tuple[PricedOutTier, ...] = ()
    excluded_tiers: tuple[Tier, ...] = ()  # allowed by the scheme, left out by the goal
    currency_not_usd: bool = False
    # A launch under the team's cap whose sustain phase cannot use its share of the budget:
    # the kickoff takes the money the sustain phase's places could not spend (None: it keeps
    # to its stated share). The value is the most those places could spend.
    sustain_can_use: float | None = None
    sustain_places: int = 0  # the sustain phase's places within the cap


class Marginal(BaseModel):
    """What one more creator of a tier would add to the objective per 1,000 of budget."""

    model_config = ConfigDict(frozen=True)

    tier: Tier
    phase: Phase | None
    creators_now: int
    posts: int
    value_per_thousand: float
    cost: float  # what that one more booking costs
    gain: float = 0.0  # what it adds to the table's measure (people reached or engagements)


class Addition(BaseModel):
    """The cheapest thing the plan could add: one more creator in a tier (`posts` each), or
    one more post from each of a tier's `creators` (a tier's creators post equally)."""

    model_config = ConfigDict(frozen=True)

    tier: Tier
    cost: float
    new_creator: bool
    creators: int  # the tier's creators in the plan now (0: a first booking in the tier)
    posts: int  # new creator: its posts; more posts: the extra posts per creator
    phase: Phase | None = None  # a launch phase, where the tier runs in one
    size: int | None = None  # followers, when the booking is above the tier's typical size

    @property
    def label(self) -> str:
        """The booking's name: the tier, with the size when above the typical one."""
        if self.size is None:
            return self.tier.value
        return f"{self.tier.value} ~{format_count(self.size)}"


class Swap(BaseModel):
    """What a big tier's spend would buy instead in a smaller tier (more of its creators)."""

    model_config = ConfigDict(frozen=True)

    tier: Tier  # the big tier in the plan
    spend: float  # its spend
    value: float  # its contribution to the objective
    instead: Tier  # the smaller tier that could take the money
    extra_creators: int
    posts: int
    instead_value: float  # what those extra creators would add
    # The same in the table's own figures (people reached for awareness, else engagements),
    # and what the extra creators would cost: less than `spend` when supply runs out first.
    measure: float = 0.0
    instead_measure: float = 0.0
    instead_spend: float = 0.0
    supply_bound: bool = False  # the extra creators are all a team can still book


class PriceRisk(BaseModel):
    """The plan at the high end of the published ranges, and what the budget buys there."""

    model_config = ConfigDict(frozen=True)

    over_budget: float  # the planned bookings at high-end prices minus the budget (0 if within)
    driver: Tier | None  # the tier adding most above the planned cost
    driver_extra: float
    high_creators: int  # the plan Tierbot would make if every price sat at its high end
    high_posts: int
    high_reach: float
    high_engagements: float
    high_objective_value: float


class CpmBreakdown(BaseModel):
    """Why the effective CPM differs from the quoted one: coordination and repeat viewers."""

    model_config = ConfigDict(frozen=True)

    quoted_low: float
    quoted_high: float
    quoted_planning: float  # the point the plan converts fees to views with
    fees_per_thousand_views: float
    coordination_per_thousand_views: float
    per_thousand_views: float  # spend ÷ impressions × 1,000
    per_thousand_people: float  # spend ÷ people reached × 1,000


class Lengthened(BaseModel):
    """A plan run longer than the default length because the default could not spend it."""

    model_config = ConfigDict(frozen=True)

    from_weeks: int  # the default length the team did not change
    spend_then: float  # what the plan at that length would have spent


class MixPlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    request: MixRequest
    max_creators: int | None  # the team's cap, None when it gave none
    budget_only_creators: int  # creators the budget books with no cap: the cap to propose
    lines: tuple[PlanLine, ...]
    total_creators: int
    total_posts: int
    total_spend: float
    total_cost_low: float
    total_cost_high: float
    expected_reach: float
    impressions: float
    expected_engagements: float
    unspent: float
    effective_cpm: float | None  # spend per 1,000 impressions
    cpm_breakdown: CpmBreakdown | None
    risk: PriceRisk | None = None
    marginals: tuple[Marginal, ...] = ()
    cheapest_addition: float | None = None  # the least any further booking or post would cost
    addition: Addition | None = None  # what that cheapest addition is
    swaps: tuple[Swap, ...] = ()
    cost_per_engagement: float | None
    objective: str
    objective_value: float
    phases: tuple[PhasePlan, ...] = ()
    cadence: tuple[CadenceLine, ...] = ()
    reasons: tuple[Note, ...]
    assumptions: tuple[Note, ...]
    # When supply binds: the shortest campaign (in weeks) whose supply would spend 95% of
    # the budget, or None when even a year would not.
    weeks_to_spend: int | None = None
    # No length was given and the default could not spend the budget: the plan runs longer.
    lengthened: Lengthened | None = None
    flags: MixFlags

    @property
    def budget(self) -> float:
        return float(self.request.budget)

    def line(self, tier: Tier) -> PlanLine | None:
        return next((line for line in self.lines if line.tier is tier), None)

    def share(self, *tiers: Tier) -> float:
        """Budget share (0..1) spent on the given tiers."""
        return sum(line.budget_share for line in self.lines if line.tier in tiers)
