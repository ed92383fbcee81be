"""The /mix planner: a goal and budget in, a priced nano/micro/mid/macro/mega plan out."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from functools import cache

import numpy as np
import numpy.typing as npt

from bot.domain.mix.explain import build_assumptions, build_reasons
from bot.domain.mix.model import TierEconomics, mix_model, tier_economics, uses_proxy
from bot.domain.mix.models import (
    MAX_CREATORS_LIMIT,
    BudgetTooSmallError,
    CadenceLine,
    CapUse,
    Goal,
    MixFlags,
    MixNotPossibleError,
    MixPlan,
    MixRequest,
    Phase,
    PhasePlan,
    PlanLine,
    PricedOutTier,
)
from bot.domain.mix.optimiser import (
    COUNTED_CAP_LIMIT,
    FloatArray,
    IntArray,
    Pick,
    Solution,
    Stage,
    TierOptions,
    solve_counted,
    solve_slotted,
)
from bot.domain.platforms import Platform
from bot.domain.tier import Tier
from bot.domain.wording import with_article

REFERENCE_STEPS = 150  # only used to tell whether the cap shaped the plan
_CAMPAIGN_POST_MENU = (1, 2, 3, 4, 6, 8, 12)
# Always-on rhythms as shares of the weekly maximum: every other week, weekly, twice a week.
_CADENCE_SHARES = (0.25, 0.5, 1.0)

OBJECTIVES: dict[Goal, str] = {
    Goal.AWARENESS: "expected reach (people)",
    Goal.ENGAGEMENT: "expected engagements",
    Goal.CONVERSIONS: "trust-weighted engagements",
    Goal.LOCAL: "local, trust-weighted engagements",
    Goal.ALWAYS_ON: "trust-weighted engagements over the programme",
    Goal.LAUNCH: "launch value: kickoff reach plus sustained trusted engagement, in media value",
}


@dataclass(frozen=True, slots=True)
class TierSetup:
    """How one tier is planned for one goal: its phase, post choices and objective weights."""

    tier: Tier
    econ: TierEconomics
    phase: Phase | None
    posts: tuple[int, ...]
    active_weeks: int
    reach_weight: float
    engagement_weight: float
    fatigue: float

    @property
    def price_cents(self) -> int:
        return round(self.econ.planning_price * 100)

    def unit_cents(self, posts: int) -> int:
        return posts * self.price_cents + _coordination_cents()

    @property
    def cheapest_cents(self) -> int:
        return self.unit_cents(min(self.posts))

    def reach(self, creators: float, posts: float) -> float:
        return float(self.econ.impressions_per_post * _reach_posts(posts) * _overlap(creators))

    def engagements(self, creators: float, posts: float) -> float:
        per_post = self.econ.followers * self.econ.engagement_rate
        return float(per_post * _series(posts, self.fatigue) * _overlap(creators))


@dataclass(frozen=True, slots=True)
class Setup:
    goal: Goal
    platform: Platform
    weeks: int
    tiers: tuple[TierSetup, ...]
    excluded: tuple[Tier, ...]
    launch: bool


# --------------------------------------------------------------------------------------
# Model shapes.


def _coordination_cents() -> int:
    return round(mix_model().planning.coordination_usd.value * 100)


def _series(count: npt.ArrayLike, ratio: float) -> FloatArray:
    """1 + r + r² + … (count terms): each further item worth `ratio` of the one before."""
    counts = np.asarray(count, dtype=np.float64)
    return np.asarray((1 - np.power(ratio, counts)) / (1 - ratio), dtype=np.float64)


def _overlap(creators: npt.ArrayLike) -> FloatArray:
    return _series(creators, mix_model().planning.overlap_decay.value)


def _reach_posts(posts: npt.ArrayLike) -> FloatArray:
    return _series(posts, mix_model().planning.repeat_reach_new_share.value)


def goal_tiers(goal: Goal, allowed: tuple[Tier, ...]) -> tuple[tuple[Tier, ...], tuple[Tier, ...]]:
    """(tiers the goal plans with, allowed tiers it leaves out)."""
    model = mix_model()
    if goal is Goal.LOCAL:
        kept = tuple(t for t in allowed if model.tiers[t].local_fit.value > 0)
    else:
        kept = allowed
    return kept, tuple(t for t in allowed if t not in kept)


def _launch_units(tiers: tuple[Tier, ...]) -> list[tuple[Tier, Phase | None]]:
    """(tier, phase) units of a launch: kickoff is mid and above, sustain mid and below.

    Mid sits in both phases as two separate bookings: big enough to open a launch, small
    enough to keep it going. Schemes without tiers on one side borrow the nearest tier, and
    a one-tier scheme runs a single kickoff phase.
    """
    kickoff = [t for t in tiers if t.rank >= Tier.MID.rank]
    sustain = [t for t in tiers if t.rank <= Tier.MID.rank]
    if len(tiers) >= 2 and not kickoff:
        kickoff, sustain = [tiers[-1]], list(tiers[:-1])
    elif len(tiers) >= 2 and not sustain:
        kickoff, sustain = list(tiers[1:]), [tiers[0]]
    elif len(tiers) == 1:
        kickoff, sustain = list(tiers), []
    units: list[tuple[Tier, Phase | None]] = [(t, Phase.SUSTAIN) for t in sustain]
    units += [(t, Phase.KICKOFF) for t in kickoff]
    return sorted(units, key=lambda unit: (unit[0].rank, unit[1] is Phase.KICKOFF))


def _campaign_posts(weeks: int, cap: int) -> tuple[int, ...]:
    planning = mix_model().planning
    limit = min(
        int(planning.max_posts_per_week.value) * weeks,
        int(planning.max_posts_per_creator.value),
        cap,
    )
    return tuple(p for p in _CAMPAIGN_POST_MENU if p <= limit) or (1,)


def build_setup(goal: Goal, platform: Platform, allowed: tuple[Tier, ...], weeks: int) -> Setup:
    """Everything about the plan that does not depend on the budget."""
    planning = mix_model().planning
    tiers, excluded = goal_tiers(goal, allowed)
    if not tiers:
        raise MixNotPossibleError(
            f"none of the scheme's tiers ({', '.join(t.value for t in allowed)}) suits a "
            f"{goal.value} plan"
        )
    mega_cap = int(planning.mega_max_posts.value)
    launch = goal is Goal.LAUNCH
    units = _launch_units(tiers) if launch else [(t, None) for t in tiers]
    sustain_weeks = max(weeks - 1, 1)
    fatigue = (
        planning.engagement_fatigue_always_on.value
        if goal is Goal.ALWAYS_ON
        else planning.engagement_fatigue_campaign.value
    )
    reference_cpe = _micro_cost_per_engagement(platform)
    setups: list[TierSetup] = []
    for tier, phase in units:
        econ = tier_economics(tier, platform)
        per_tier_cap = mega_cap if tier is Tier.MEGA else 10**6
        active = weeks
        if goal is Goal.ALWAYS_ON:
            weekly = planning.max_posts_per_week.value
            posts = tuple(
                sorted({max(1, math.ceil(share * weekly * weeks)) for share in _CADENCE_SHARES})
            )
            posts = tuple(p for p in posts if p <= per_tier_cap)
        elif phase is Phase.KICKOFF:
            active = 1
            posts = tuple(range(1, min(int(planning.kickoff_max_posts.value), per_tier_cap) + 1))
        elif phase is Phase.SUSTAIN:
            active = sustain_weeks
            posts = _campaign_posts(sustain_weeks, per_tier_cap)
        else:
            posts = _campaign_posts(weeks, per_tier_cap)
        if not posts:
            # Mega cannot keep an always-on rhythm (short partnerships): leave it out.
            excluded = (*excluded, tier)
            continue
        reach_w, eng_w = _weights(goal, econ, phase, reference_cpe)
        setups.append(TierSetup(tier, econ, phase, posts, active, reach_w, eng_w, fatigue))
    if not setups:
        raise MixNotPossibleError(
            f"no allowed tier can keep {with_article(f'{goal.value} plan')} going"
        )
    return Setup(
        goal, platform, weeks, tuple(setups), tuple(sorted(excluded, key=lambda t: t.rank)), launch
    )


def _micro_cost_per_engagement(platform: Platform) -> float:
    """Money per engagement of a typical micro post: launch values sustain engagement at it."""
    micro = tier_economics(Tier.MICRO, platform)
    return micro.planning_price / (micro.followers * micro.engagement_rate)


def _weights(
    goal: Goal, econ: TierEconomics, phase: Phase | None, reference_cpe: float
) -> tuple[float, float]:
    """(weight on reach, weight on engagements) in the goal's objective."""
    if goal is Goal.AWARENESS:
        return 1.0, 0.0
    if goal is Goal.ENGAGEMENT:
        return 0.0, 1.0
    if goal in (Goal.CONVERSIONS, Goal.ALWAYS_ON):
        return 0.0, econ.trust
    if goal is Goal.LOCAL:
        return 0.0, econ.trust * econ.local_fit
    # Launch: both phases in media-value money so the optimiser can trade them. Kickoff reach
    # is worth what the platform's CPM would charge for it; sustain engagement what a micro
    # post costs per engagement, trust-weighted.
    if phase is Phase.KICKOFF:
        cpm_mid = (econ.cpm.low + (econ.cpm.high or econ.cpm.low)) / 2
        return cpm_mid / 1000, 0.0
    return 0.0, econ.trust * reference_cpe


@cache
def _option_grid(setup: TierSetup) -> tuple[IntArray, IntArray, IntArray, FloatArray]:
    """Every (creators × posts) booking of one tier, up to the largest cap, with its value.

    Independent of the budget, so it is built once per tier setup and then filtered.
    """
    posts = np.asarray(setup.posts, dtype=np.int64)
    unit = posts * setup.price_cents + _coordination_cents()
    creators = np.arange(1, MAX_CREATORS_LIMIT + 1, dtype=np.int64)
    n_grid, p_grid = np.meshgrid(creators, posts, indexing="ij")
    n, p = n_grid.ravel(), p_grid.ravel()
    u = np.broadcast_to(unit, n_grid.shape).ravel().copy()
    value = np.zeros(len(n))
    overlap = _overlap(n)
    if setup.reach_weight:
        value += setup.reach_weight * setup.econ.impressions_per_post * _reach_posts(p) * overlap
    if setup.engagement_weight:
        per_post = setup.econ.followers * setup.econ.engagement_rate
        value += setup.engagement_weight * per_post * _series(p, setup.fatigue) * overlap
    for array in (n, p, u, value):
        array.flags.writeable = False  # shared through the cache
    return n, p, u, value


def _options(setup: TierSetup, key: int, budget_cents: int) -> TierOptions | None:
    """The bookings of one tier that the budget could pay for."""
    n, p, u, value = _option_grid(setup)
    affordable = n * u <= budget_cents
    if not affordable.any():
        return None
    return TierOptions(key, n[affordable], p[affordable], u[affordable], value[affordable])


def _solver_order(keys: tuple[int, ...], setup: Setup) -> tuple[int, ...]:
    """Nano first and micro last, the larger tiers between.

    The counted DP handles its first tier by a cheap scatter and its last by a lookup, so
    the tiers with the most bookings (the cheap ones) go at the ends. The order depends only
    on the tiers, never on the budget, so sums are added in the same order at every budget.
    """

    def place(key: int) -> tuple[int, int]:
        tier = setup.tiers[key].tier
        if tier is Tier.NANO:
            return (0, 0)
        if tier is Tier.MICRO:
            return (2, 0)
        return (1, -tier.rank)

    return tuple(sorted(keys, key=place))


# --------------------------------------------------------------------------------------
# Minimum budget.


def _cheapest(tiers: list[TierSetup]) -> TierSetup:
    return min(tiers, key=lambda t: (t.cheapest_cents, t.tier.rank))


def _phase_tiers(setup: Setup, phase: Phase) -> list[TierSetup]:
    return [t for t in setup.tiers if t.phase is phase]


def _two_phases(setup: Setup) -> bool:
    return setup.launch and len({t.phase for t in setup.tiers}) == 2


def _minimum(setup: Setup) -> tuple[int, str]:
    """(cents, description) of the cheapest plan that still serves the goal."""
    if _two_phases(setup):
        kickoff = _cheapest(_phase_tiers(setup, Phase.KICKOFF))
        sustain = _cheapest(_phase_tiers(setup, Phase.SUSTAIN))
        return kickoff.cheapest_cents + sustain.cheapest_cents, (
            f"one {kickoff.tier.value} kickoff creator and one {sustain.tier.value} "
            "sustain creator, one post each, plus coordination"
        )
    cheapest = _cheapest(list(setup.tiers))
    posts = min(cheapest.posts)
    noun = "post" if posts == 1 else "posts"
    return cheapest.cheapest_cents, (
        f"one {cheapest.tier.value} creator with {posts} {noun} plus coordination"
    )


def minimum_budget(
    goal: Goal,
    platform: Platform,
    allowed_tiers: tuple[Tier, ...] | list[Tier],
    weeks: int = 4,
) -> float:
    """The cheapest sensible plan for this goal and platform, in budget units (rate cards 1:1).

    A single creator with one post (always-on: the slowest rhythm) plus coordination; a
    launch needs a kickoff and a sustain creator. Budgets below it raise BudgetTooSmallError.
    """
    tiers = tuple(sorted(set(allowed_tiers), key=lambda t: t.rank))
    cents, _ = _minimum(build_setup(goal, platform, tiers, weeks))
    return cents / 100


# --------------------------------------------------------------------------------------
# Planning.


def _budget_cents(budget: Decimal) -> int:
    # Round down: a plan must never spend a cent more than the team has.
    return int((budget * 100).to_integral_value(rounding=ROUND_FLOOR))


def check_plannable(request: MixRequest) -> None:
    """Raise what plan_mix would refuse (BudgetTooSmallError, MixNotPossibleError), in tens of
    microseconds: the cog calls it before deferring so a refusal is private and immediate."""
    _checked_setup(request)


def _checked_setup(request: MixRequest) -> Setup:
    setup = build_setup(request.goal, request.platform, request.allowed_tiers, request.weeks)
    minimum_cents, cheapest = _minimum(setup)
    if _budget_cents(request.budget) < minimum_cents:
        raise BudgetTooSmallError(minimum_cents / 100, request.currency, request.goal, cheapest)
    return setup


def plan_mix(request: MixRequest) -> MixPlan:
    """The best mix for the request's goal within its budget and creator cap."""
    setup = _checked_setup(request)
    budget_cents = _budget_cents(request.budget)

    default_cap = int(mix_model().planning.default_max_creators.value)
    cap = request.max_creators if request.max_creators is not None else default_cap
    picks: dict[int, Pick] = {}
    value = 0.0
    cap_uses: list[CapUse] = []
    unspent_without_cap = 0
    for part in _parts(setup, budget_cents, cap):
        best, reference = _solve_part(setup, part)
        picks.update(best.picks)
        value += best.value
        reference_creators = sum(p.creators for p in reference.picks.values())
        cap_uses.append(
            CapUse(phase=part.phase, cap=part.cap, budget_only_creators=reference_creators)
        )
        unspent_without_cap += part.budget_cents - sum(
            p.creators * setup.tiers[key].unit_cents(p.posts) for key, p in reference.picks.items()
        )
    outcome = _Outcome(picks, value, tuple(cap_uses), unspent_without_cap / 100)
    return _assemble(request, setup, outcome, cap, budget_cents)


@dataclass(frozen=True, slots=True)
class _Part:
    """One independently optimised part of the plan: the whole plan, or one launch phase."""

    keys: tuple[int, ...]
    budget_cents: int
    cap: int
    phase: Phase | None = None


@dataclass(frozen=True, slots=True)
class _Outcome:
    picks: dict[int, Pick]
    value: float
    cap_uses: tuple[CapUse, ...]
    unspent_without_cap: float

    @property
    def capped(self) -> bool:
        return any(use.binds for use in self.cap_uses)


def _parts(setup: Setup, budget_cents: int, cap: int) -> list[_Part]:
    """The whole plan, or for a launch a kickoff and a sustain part with a stated split.

    Each phase first gets its cheapest booking; the budget above that splits by the stated
    kickoff share. Both parts grow with the budget, so the plan's value never falls as it
    rises, and the creator cap splits by a fixed share so every part keeps at least one.
    """
    if not _two_phases(setup):
        return [_Part(tuple(range(len(setup.tiers))), budget_cents, cap)]
    planning = mix_model().planning
    kickoff = _phase_tiers(setup, Phase.KICKOFF)
    sustain = _phase_tiers(setup, Phase.SUSTAIN)
    floor_kickoff = _cheapest(kickoff).cheapest_cents
    floor_sustain = _cheapest(sustain).cheapest_cents
    extra = budget_cents - floor_kickoff - floor_sustain
    kickoff_cents = floor_kickoff + math.floor(extra * planning.launch_kickoff_share.value)
    kickoff_cap = max(1, math.floor(cap * planning.launch_kickoff_creator_share.value))
    in_phase = {
        phase: tuple(key for key, t in enumerate(setup.tiers) if t.phase is phase)
        for phase in Phase
    }
    return [
        _Part(in_phase[Phase.KICKOFF], kickoff_cents, kickoff_cap, Phase.KICKOFF),
        _Part(
            in_phase[Phase.SUSTAIN], budget_cents - kickoff_cents, cap - kickoff_cap, Phase.SUSTAIN
        ),
    ]


def _solve_part(setup: Setup, part: _Part) -> tuple[Solution, Solution]:
    """(the plan, the budget-only plan ignoring the cap) for one part."""
    options = tuple(
        built
        for key in _solver_order(part.keys, setup)
        if (built := _options(setup.tiers[key], key, part.budget_cents)) is not None
    )
    stages = (Stage(options),)
    # The exact 2-D programme for up to COUNTED_CAP_LIMIT creators and the slot-charged
    # budget programme for the full cap; the better wins (ties: the counted plan).
    counted = solve_counted(stages, part.budget_cents, min(part.cap, COUNTED_CAP_LIMIT))
    slotted = solve_slotted(stages, part.budget_cents, part.cap)
    best = counted if counted.value >= slotted.value else slotted
    if not best.feasible:  # pragma: no cover - the minimum-budget check rules this out
        raise AssertionError("no feasible plan above the minimum budget")
    reference = solve_slotted(stages, part.budget_cents, None, REFERENCE_STEPS)
    return best, reference


def _assemble(
    request: MixRequest, setup: Setup, outcome: _Outcome, cap: int, budget_cents: int
) -> MixPlan:
    budget = budget_cents / 100
    coordination = _coordination_cents() / 100
    lines: list[PlanLine] = []
    for key, tier_setup in enumerate(setup.tiers):
        pick = outcome.picks.get(key)
        if pick is None:
            continue
        lines.append(_line(tier_setup, pick, budget, coordination))

    total_spend = round(sum(line.spend for line in lines), 2)
    reach = sum(line.expected_reach for line in lines)
    engagements = sum(line.expected_engagements for line in lines)
    creators = sum(line.creators for line in lines)
    unspent = round(float(request.budget) - total_spend, 2)

    capped = outcome.capped
    all_tiers = tuple(t.tier for t in setup.tiers)
    proxy = uses_proxy(request.platform, all_tiers)
    flags = MixFlags(
        capped_by_max_creators=capped,
        unspent_due_to_cap=capped and unspent - outcome.unspent_without_cap > 0.01 * budget,
        default_cap_applied=request.max_creators is None,
        platform_uses_proxy_prices=bool(proxy),
        proxy_tiers=proxy,
        tiers_priced_out=_priced_out(setup, budget_cents),
        excluded_tiers=setup.excluded,
        currency_not_usd=request.currency != "USD",
    )
    plan = MixPlan(
        request=request,
        max_creators=cap,
        lines=tuple(lines),
        total_creators=creators,
        total_posts=sum(line.total_posts for line in lines),
        total_spend=total_spend,
        total_cost_low=round(sum(line.cost_low for line in lines), 2),
        total_cost_high=round(sum(line.cost_high for line in lines), 2),
        expected_reach=reach,
        expected_engagements=engagements,
        unspent=unspent,
        effective_cpm=total_spend / reach * 1000 if reach > 0 else None,
        cost_per_engagement=total_spend / engagements if engagements > 0 else None,
        objective=OBJECTIVES[request.goal],
        objective_value=outcome.value,
        phases=_phases(setup, lines) if setup.launch else (),
        cadence=_cadence(lines, request.weeks) if request.goal is Goal.ALWAYS_ON else (),
        reasons=(),
        assumptions=(),
        flags=flags,
    )
    return plan.model_copy(
        update={
            "reasons": build_reasons(plan, outcome.cap_uses),
            "assumptions": build_assumptions(plan),
        }
    )


def _line(setup: TierSetup, pick: Pick, budget: float, coordination: float) -> PlanLine:
    econ = setup.econ
    n, p = pick.creators, pick.posts
    fees = n * p * econ.planning_price
    coord = n * coordination
    spend = round(fees + coord, 2)
    return PlanLine(
        tier=setup.tier,
        creators=n,
        posts_per_creator=p,
        total_posts=n * p,
        fees=round(fees, 2),
        coordination=round(coord, 2),
        spend=spend,
        budget_share=spend / budget,
        cost_low=round(n * (p * econ.price.low + coordination), 2),
        cost_high=round(n * (p * econ.planning_high + coordination), 2),
        planning_price_per_post=econ.planning_price,
        expected_reach=setup.reach(n, p),
        expected_engagements=setup.engagements(n, p),
        phase=setup.phase,
        posts_per_week=n * p / setup.active_weeks,
        price_is_proxy=econ.price_is_proxy,
    )


def _priced_out(setup: Setup, budget_cents: int) -> tuple[PricedOutTier, ...]:
    return tuple(
        PricedOutTier(tier=t.tier, needs=t.cheapest_cents / 100, card_low=t.econ.price.low)
        for t in setup.tiers
        if t.cheapest_cents > budget_cents
    )


def _phases(setup: Setup, lines: list[PlanLine]) -> tuple[PhasePlan, ...]:
    weeks = setup.weeks
    spans = {Phase.KICKOFF: (1, 1), Phase.SUSTAIN: (min(2, weeks), weeks)}
    phases: list[PhasePlan] = []
    for phase in (Phase.KICKOFF, Phase.SUSTAIN):
        members = [line for line in lines if line.phase is phase]
        if not members:
            continue
        first, last = spans[phase]
        phases.append(
            PhasePlan(
                phase=phase,
                first_week=first,
                last_week=last,
                tiers=tuple(line.tier for line in members),
                creators=sum(line.creators for line in members),
                posts=sum(line.total_posts for line in members),
                spend=round(sum(line.spend for line in members), 2),
                expected_reach=sum(line.expected_reach for line in members),
                expected_engagements=sum(line.expected_engagements for line in members),
            )
        )
    return tuple(phases)


def _rhythm(per_week: float) -> str:
    if per_week >= 2:
        return "twice a week"
    if per_week >= 1:
        return "weekly"
    if per_week >= 0.5:
        return "every other week"
    return f"{per_week:.1f} a week"


def _cadence(lines: list[PlanLine], weeks: int) -> tuple[CadenceLine, ...]:
    return tuple(
        CadenceLine(
            tier=line.tier,
            creators=line.creators,
            posts_per_creator_per_week=line.posts_per_creator / weeks,
            posts_per_week=line.total_posts / weeks,
            rhythm=_rhythm(line.posts_per_creator / weeks),
        )
        for line in lines
    )
