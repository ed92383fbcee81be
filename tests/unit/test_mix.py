"""The /mix planner: model data, exact optimisers, properties and goal rules."""

from __future__ import annotations

import itertools
import os
import random
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.domain.mix import (
    BudgetTooSmallError,
    Goal,
    MixNotPossibleError,
    MixPlan,
    MixRequest,
    Phase,
    check_plannable,
    minimum_budget,
    plan_mix,
)
from bot.domain.mix.model import MODEL_SOURCE, Band, mix_model, tier_economics
from bot.domain.mix.optimiser import (
    COUNTED_CAP_LIMIT,
    Stage,
    TierOptions,
    solve_counted,
    solve_slotted,
)
from bot.domain.platforms import Platform
from bot.domain.sources import get_source, load_data_file
from bot.domain.tier import ALL_TIERS, Tier

FOUR_TIER = (Tier.NANO, Tier.MICRO, Tier.MACRO, Tier.MEGA)  # the seeds' scheme: no mid
SMALL = (Tier.NANO, Tier.MICRO)


def request(goal: Goal, budget: float | Decimal = 25_000, **extra: object) -> MixRequest:
    fields: dict[str, object] = {
        "goal": goal,
        "budget": budget,
        "platform": Platform.INSTAGRAM,
        **extra,
    }
    return MixRequest.model_validate(fields)


def small_share(plan: MixPlan) -> float:
    """Share of the planned spend that goes to nano and micro creators."""
    small = sum(line.spend for line in plan.lines if line.tier in SMALL)
    return small / plan.total_spend


# --- the model data ---------------------------------------------------------------------


def test_every_figure_has_known_sources_and_model_figures_say_why() -> None:
    figures = mix_model().figures()
    assert len(figures) > 20
    for name, figure in figures:
        assert figure.sources, name
        for source_id in figure.sources:
            get_source(source_id)
        if MODEL_SOURCE in figure.sources:
            assert figure.rationale and "seed" in figure.rationale.lower(), name


def test_engagement_bands_hold_their_planning_points() -> None:
    for tier in ALL_TIERS:
        band: Band = mix_model().tiers[tier].engagement_rate
        assert band.planning is not None
        assert band.low <= band.planning <= (band.high or band.planning)


def test_mega_ceiling_matches_the_six_figure_rule_in_costs() -> None:
    rules = {rule["id"]: rule for rule in load_data_file("costs.toml")["rule"]}
    ceiling = mix_model().planning.mega_planning_high_usd
    assert ceiling.value == rules["mega-six-figures"]["usd_at_least"]
    assert rules["mega-six-figures"]["source"] in ceiling.sources


def test_impressions_follow_cost_over_cpm() -> None:
    econ = tier_economics(Tier.MICRO, Platform.INSTAGRAM)
    assert econ.planning_price == 300  # midpoint of $100-500
    assert econ.impressions_per_post == pytest.approx(300 / 10 * 1000)  # CPM $5-15 → $10
    mega = tier_economics(Tier.MEGA, Platform.INSTAGRAM)
    assert mega.price.high is None
    assert mega.planning_high == 100_000
    assert mega.planning_price == 55_000


def test_platform_without_a_full_card_uses_the_proxy() -> None:
    for platform in (Platform.X, Platform.SNAPCHAT, Platform.TWITCH, Platform.FACEBOOK):
        econ = tier_economics(Tier.MICRO, platform)
        assert econ.price_is_proxy
        assert econ.planning_price == tier_economics(Tier.MICRO, Platform.INSTAGRAM).planning_price
    assert not tier_economics(Tier.MICRO, Platform.TIKTOK).price_is_proxy


# --- the optimisers against brute force -------------------------------------------------


def _tier(key: int, rng: random.Random, most: int = 4) -> TierOptions:
    creators, posts, unit, value = [], [], [], []
    base = rng.uniform(1, 50)
    for p in (1, 2, 3):
        price = rng.randint(100, 5_000) * p + 15_000
        for n in range(1, most + 1):
            creators.append(n)
            posts.append(p)
            unit.append(price)
            value.append(base * (1 - 0.9**p) / 0.1 * (1 - 0.97**n) / 0.03)
    return TierOptions(
        key,
        np.array(creators, dtype=np.int64),
        np.array(posts, dtype=np.int64),
        np.array(unit, dtype=np.int64),
        np.array(value),
    )


def _brute(
    stages: tuple[Stage, ...], budget: int, cap: int | None, steps: int, slot: bool
) -> float:
    tiers = [t for stage in stages for t in stage.tiers]
    best = -np.inf
    for combo in itertools.product(*[[None, *range(len(t.creators))] for t in tiers]):
        used = count = 0
        value = 0.0
        for tier, option in zip(tiers, combo, strict=True):
            if option is None:
                continue
            n, u = int(tier.creators[option]), int(tier.unit_cost[option])
            charged = max(u * cap, budget) if slot and cap else u * (cap if slot and cap else 1)
            scale = budget * (cap if slot and cap else 1)
            used += -(-(n * charged * steps) // scale)
            count += n
            value += float(tier.value[option])
        if used > steps or (cap is not None and count > cap):
            continue
        if any(
            stage.required and all(combo[tiers.index(t)] is None for t in stage.tiers)
            for stage in stages
        ):
            continue
        best = max(best, value)
    return best


@pytest.mark.parametrize("seed", range(40))
def test_solvers_match_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    tiers = [_tier(key, rng) for key in range(rng.randint(1, 3))]
    stages: tuple[Stage, ...]
    if len(tiers) >= 2 and rng.random() < 0.5:
        stages = (Stage((tiers[0],), required=True), Stage(tuple(tiers[1:]), required=True))
    else:
        stages = (Stage(tuple(tiers)),)
    budget, cap, steps = rng.randint(20_000, 300_000), rng.randint(1, 6), rng.choice((20, 37))
    for solution, slot, limit in (
        (solve_counted(stages, budget, cap, steps), False, cap),
        (solve_slotted(stages, budget, cap, steps), True, cap),
        (solve_slotted(stages, budget, None, steps), True, None),
    ):
        expected = _brute(stages, budget, limit, steps, slot)
        if not np.isfinite(expected):
            assert not solution.feasible
            continue
        assert solution.value == pytest.approx(expected, rel=1e-12)
        by_key = {t.key: t for t in tiers}
        total = 0.0
        for key, pick in solution.picks.items():
            tier = by_key[key]
            match = (tier.creators == pick.creators) & (tier.posts == pick.posts)
            total += float(tier.value[np.flatnonzero(match)[0]])
        assert total == pytest.approx(solution.value, rel=1e-12)
        if limit is not None:
            assert sum(p.creators for p in solution.picks.values()) <= limit


# --- properties --------------------------------------------------------------------------

SCHEMES = st.sampled_from(
    [ALL_TIERS, FOUR_TIER, (Tier.NANO, Tier.MICRO, Tier.MID), (Tier.MICRO, Tier.MID, Tier.MEGA)]
)
# MIX_EXAMPLES raises the example count for a deeper local run; CI keeps it quick.
PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("MIX_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much],
)


@st.composite
def requests(draw: st.DrawFn, goal: Goal | None = None) -> MixRequest:
    chosen = goal or draw(st.sampled_from(list(Goal)))
    low_cap = 2 if chosen is Goal.LAUNCH else 1
    return MixRequest(
        goal=chosen,
        budget=draw(st.integers(100, 10_000_000)),
        platform=draw(st.sampled_from(list(Platform))),
        weeks=draw(st.integers(1, 52)),
        max_creators=draw(st.none() | st.integers(low_cap, 500)),
        allowed_tiers=draw(SCHEMES),
    )


def plan_or_skip(req: MixRequest) -> MixPlan:
    try:
        return plan_mix(req)
    except BudgetTooSmallError:
        assume(False)
        raise


@given(requests())
@PROPERTY_SETTINGS
def test_a_plan_never_exceeds_its_budget(req: MixRequest) -> None:
    plan = plan_or_skip(req)
    assert plan.total_spend <= float(req.budget)
    assert plan.unspent >= 0
    assert plan.total_spend == pytest.approx(sum(line.spend for line in plan.lines))


@given(requests(), st.integers(1, 5_000_000))
@PROPERTY_SETTINGS
def test_more_budget_never_lowers_the_objective(req: MixRequest, extra: int) -> None:
    plan = plan_or_skip(req)
    richer = plan_mix(req.model_copy(update={"budget": req.budget + extra}))
    assert richer.objective_value >= plan.objective_value


@given(requests(Goal.AWARENESS))
@PROPERTY_SETTINGS
def test_awareness_reaches_at_least_as_many_as_conversions(req: MixRequest) -> None:
    awareness = plan_or_skip(req)
    conversions = plan_mix(req.model_copy(update={"goal": Goal.CONVERSIONS}))
    # Both plans must come from the same family of bookings. Above COUNTED_CAP_LIMIT a cap
    # that binds is solved by slot charging, a narrower family than the uncapped plan's, so
    # when the cap binds for one goal and not the other the comparison does not apply.
    if req.max_creators is not None and req.max_creators > COUNTED_CAP_LIMIT:
        assume(awareness.flags.capped_by_max_creators == conversions.flags.capped_by_max_creators)
    assert awareness.expected_reach >= conversions.expected_reach * (1 - 1e-12)


@given(requests(Goal.CONVERSIONS))
@PROPERTY_SETTINGS
def test_conversions_put_more_into_nano_and_micro(req: MixRequest) -> None:
    # Known exceptions, documented in the report and pinned by the test below: where the
    # creator cap binds, slots (not the goal) shape the split; a one-week campaign allows
    # two posts per creator, so awareness may top up with one cheap creator; and budgets in
    # the millions saturate the tiers allowed. The property is checked everywhere else.
    assume(req.weeks >= 2 and req.budget <= 1_000_000)
    # Above COUNTED_CAP_LIMIT the cap is kept by charging each creator at least a slot of
    # budget ÷ cap; once a slot costs more than coordinating a creator, it prices small
    # creators above their cost, so the cap binds inside the solver even when the plan's
    # creator count is well under it (e.g. $267K, cap 257 on TikTok).
    cap = req.max_creators
    if cap is not None:
        slot = float(req.budget) / cap
        assume(cap <= COUNTED_CAP_LIMIT or slot <= mix_model().planning.coordination_usd.value)
    conversions = plan_or_skip(req)
    awareness = plan_mix(req.model_copy(update={"goal": Goal.AWARENESS}))
    assume(not conversions.flags.capped_by_max_creators)
    assume(not awareness.flags.capped_by_max_creators)
    # Where a small tier is booked to its bookable creators, supply (not the goal) caps it.
    for plan in (conversions, awareness):
        assume(not any(x.creators >= x.bookable for x in plan.lines if x.tier in SMALL))
    # Bookings are whole: one creator's coordination fee is the grain of a split, so at a few
    # thousand dollars the two goals' shares can differ by that much either way (at $4,706
    # conversions books one micro creator for five posts where awareness books four for one).
    grain = mix_model().planning.coordination_usd.value / float(req.budget)
    assert small_share(conversions) >= small_share(awareness) - grain
    realistic = req.budget >= 20_000 and set(SMALL) <= set(req.allowed_tiers)
    if realistic and len(req.allowed_tiers) > 2:
        assert small_share(conversions) > small_share(awareness)


def test_a_tight_cap_can_push_conversions_to_bigger_creators() -> None:
    # Ten creators for 164K on TikTok: each one is worth most as a macro creator with many
    # posts, so conversions puts most of the money into big creators, and says why.
    req = MixRequest(
        goal=Goal.CONVERSIONS,
        budget=163_970,
        platform=Platform.TIKTOK,
        weeks=10,
        max_creators=10,
        allowed_tiers=FOUR_TIER,
    )
    conversions = plan_mix(req)
    assert conversions.flags.capped_by_max_creators
    assert conversions.share(Tier.MACRO, Tier.MEGA) > 0.5
    assert conversions.reasons[0].text.startswith("Your cap of 10 creators binds")
    # The reason for the small share is the cap's arithmetic, not a concession.
    small = next(r.text for r in conversions.reasons if "of the budget:" in r.text)
    assert "with at most 10 creators" in small, small
    assert "usually favour" not in small


@given(requests(Goal.LOCAL))
@PROPERTY_SETTINGS
def test_a_local_plan_never_contains_mega(req: MixRequest) -> None:
    plan = plan_or_skip(req)
    assert plan.line(Tier.MEGA) is None
    assert all(line.tier is not Tier.MEGA for line in plan.lines)


@given(requests())
@PROPERTY_SETTINGS
def test_the_same_inputs_give_the_same_plan(req: MixRequest) -> None:
    first = plan_or_skip(req)
    assert plan_mix(MixRequest.model_validate(req.model_dump())) == first


@given(requests(), st.sampled_from([FOUR_TIER, (Tier.NANO, Tier.MICRO, Tier.MACRO)]))
@PROPERTY_SETTINGS
def test_a_scheme_without_mid_never_gets_mid(req: MixRequest, scheme: tuple[Tier, ...]) -> None:
    plan = plan_or_skip(req.model_copy(update={"allowed_tiers": scheme}))
    assert all(line.tier is not Tier.MID for line in plan.lines)
    assert all(line.tier in scheme for line in plan.lines)


@given(requests())
@PROPERTY_SETTINGS
def test_max_creators_is_never_exceeded(req: MixRequest) -> None:
    plan = plan_or_skip(req)
    assert plan.max_creators == req.max_creators
    if req.max_creators is not None:
        assert plan.total_creators <= req.max_creators
    for line in plan.lines:
        assert line.creators <= line.bookable
        assert line.posts_per_creator <= line.max_posts


# --- goal rules --------------------------------------------------------------------------


def test_launch_has_a_kickoff_week_then_a_sustain_phase() -> None:
    plan = plan_mix(request(Goal.LAUNCH, 60_000, weeks=6))
    kickoff, sustain = plan.phases
    assert kickoff.phase is Phase.KICKOFF
    assert (kickoff.first_week, kickoff.last_week) == (1, 1)
    assert sustain.phase is Phase.SUSTAIN
    assert (sustain.first_week, sustain.last_week) == (2, 6)
    assert kickoff.creators >= 1
    assert sustain.creators >= 1
    assert all(t.rank >= Tier.MID.rank for t in kickoff.tiers)
    assert all(t.rank <= Tier.MID.rank for t in sustain.tiers)
    for line in plan.lines:
        if line.phase is Phase.KICKOFF:
            assert line.posts_per_creator <= 2  # both in week one
            assert line.posts_per_week == line.total_posts
    assert kickoff.spend + sustain.spend == pytest.approx(plan.total_spend)
    assert any("kickoff" in reason.text.lower() for reason in plan.reasons)


def test_launch_in_one_week_runs_both_phases_together() -> None:
    plan = plan_mix(request(Goal.LAUNCH, 10_000, weeks=1))
    assert [(p.first_week, p.last_week) for p in plan.phases] == [(1, 1), (1, 1)]


def test_launch_without_mid_opens_with_macro_or_mega() -> None:
    plan = plan_mix(request(Goal.LAUNCH, 40_000, allowed_tiers=FOUR_TIER))
    kickoff = plan.phases[0]
    assert set(kickoff.tiers) <= {Tier.MACRO, Tier.MEGA}
    assert set(plan.phases[1].tiers) <= set(SMALL)


def test_launch_needs_two_creators() -> None:
    with pytest.raises(ValueError, match="at least 2 creators"):
        request(Goal.LAUNCH, max_creators=1)


def test_always_on_gives_a_weekly_cadence() -> None:
    plan = plan_mix(request(Goal.ALWAYS_ON, 40_000, weeks=12))
    assert plan.cadence
    for cadence in plan.cadence:
        line = plan.line(cadence.tier)
        assert line is not None
        assert cadence.posts_per_week == pytest.approx(line.total_posts / 12)
        # Within Instagram's cadence, from every other week up to twice a week.
        assert 0.5 <= cadence.posts_per_creator_per_week <= 2.0
        named = {0.5: "every other week", 1.0: "weekly", 2.0: "twice a week"}
        expected = named.get(cadence.posts_per_creator_per_week)
        assert cadence.rhythm == (
            expected or f"about {cadence.posts_per_creator_per_week:.1f} a week"
        )
    assert plan.line(Tier.MEGA) is None  # mega takes short partnerships only
    assert any("posts a week in all" in r.text for r in plan.reasons)


def test_minimum_budget_is_one_creator_with_coordination() -> None:
    assert minimum_budget(Goal.AWARENESS, Platform.INSTAGRAM, ALL_TIERS) == 205.0  # $55 + $150
    assert minimum_budget(Goal.CONVERSIONS, Platform.TIKTOK, ALL_TIERS) == 165.0  # $15 + $150
    assert minimum_budget(Goal.LOCAL, Platform.INSTAGRAM, (Tier.MICRO, Tier.MEGA)) == 450.0
    # A launch needs a kickoff (mid: $2,750 + $150) and a sustain creator (nano: $205).
    assert minimum_budget(Goal.LAUNCH, Platform.INSTAGRAM, ALL_TIERS) == 3_105.0
    # Always-on at the slowest rhythm: every other week over 8 weeks = 4 posts.
    assert minimum_budget(Goal.ALWAYS_ON, Platform.INSTAGRAM, ALL_TIERS, weeks=8) == 370.0


@pytest.mark.parametrize("goal", list(Goal))
def test_a_budget_below_the_minimum_raises_with_the_minimum(goal: Goal) -> None:
    minimum = minimum_budget(goal, Platform.INSTAGRAM, ALL_TIERS)
    with pytest.raises(BudgetTooSmallError) as caught:
        plan_mix(request(goal, Decimal(str(minimum)) - Decimal("0.01")))
    assert caught.value.minimum == minimum
    assert isinstance(caught.value, ValueError)
    plan = plan_mix(request(goal, minimum))  # exactly the minimum is enough
    assert plan.total_creators >= (2 if goal is Goal.LAUNCH else 1)
    assert plan.total_spend <= minimum


def test_no_tier_for_the_goal_is_its_own_error() -> None:
    with pytest.raises(MixNotPossibleError):
        plan_mix(request(Goal.LOCAL, allowed_tiers=(Tier.MEGA,)))


def test_priced_out_tiers_say_what_they_need() -> None:
    plan = plan_mix(request(Goal.AWARENESS, 5_000))
    priced_out = {p.tier: p for p in plan.flags.tiers_priced_out}
    assert set(priced_out) == {Tier.MACRO, Tier.MEGA}
    assert priced_out[Tier.MEGA].needs == 55_150.0  # planning price + coordination
    assert priced_out[Tier.MEGA].card_low == 10_000
    assert any("mega" in r.text.lower() and "55,150" in r.text for r in plan.reasons)


def test_very_large_budgets_book_to_the_supply_limit_and_say_so() -> None:
    plan = plan_mix(request(Goal.CONVERSIONS, 10_000_000, weeks=2))
    assert plan.max_creators is None
    assert plan.flags.supply_binds
    assert not plan.flags.capped_by_max_creators
    assert all(line.at_supply_limit for line in plan.lines)
    assert plan.unspent > 1_000_000
    assert plan.reasons[0].text.startswith("Every tier is booked to the most a team can book")
    assert any("planning choice" in a.text for a in plan.assumptions)


def test_a_cap_that_binds_leads_and_proposes_the_cap_that_spends_the_budget() -> None:
    free = plan_mix(request(Goal.CONVERSIONS, 100_000, platform=Platform.TIKTOK))
    capped = plan_mix(request(Goal.CONVERSIONS, 100_000, platform=Platform.TIKTOK, max_creators=10))
    assert free.total_spend >= 0.98 * 100_000
    assert capped.flags.capped_by_max_creators
    assert capped.total_creators <= 10
    assert capped.budget_only_creators == free.total_creators
    assert capped.reasons[0].text.startswith("Your cap of 10 creators binds")
    assert f"Set max_creators to {free.total_creators}" in capped.reasons[0].text
    roomy = plan_mix(request(Goal.CONVERSIONS, 100_000, platform=Platform.TIKTOK, max_creators=500))
    assert roomy.lines == free.lines  # a cap that does not bind changes nothing
    assert not roomy.flags.capped_by_max_creators


def test_a_launch_under_a_small_cap_shares_it_between_phases() -> None:
    plan = plan_mix(request(Goal.LAUNCH, 25_000, allowed_tiers=FOUR_TIER, max_creators=8))
    assert plan.flags.capped_by_max_creators
    assert plan.total_creators <= 8
    kickoff, sustain = plan.phases
    assert kickoff.creators >= 1 and sustain.creators >= 1
    assert plan.reasons[0].text.startswith("Your cap of 8 creators binds")


def test_a_launch_says_which_phase_its_share_of_a_large_cap_fills() -> None:
    plan = plan_mix(request(Goal.LAUNCH, 400_000, allowed_tiers=FOUR_TIER, max_creators=30))
    assert plan.flags.capped_by_max_creators
    reason = plan.reasons[0].text
    assert reason.startswith("Your cap of 30 creators binds")
    assert "the kickoff gets 25% of it, at least one" in reason
    assert "phase is full at" in reason


def test_launch_hands_what_the_kickoff_cannot_use_to_the_sustain_phase() -> None:
    # The seeds' scheme on TikTok: the sustain phase (nano, micro) cannot absorb 60% of $2M,
    # so the kickoff takes the rest; at $75K the kickoff leaves its unused share to sustain.
    big = plan_mix(
        request(Goal.LAUNCH, 2_000_000, platform=Platform.TIKTOK, allowed_tiers=FOUR_TIER)
    )
    assert big.total_spend >= 0.98 * 2_000_000
    _kickoff, sustain = big.phases
    assert sustain.spend > 0
    small = plan_mix(request(Goal.LAUNCH, 75_000, allowed_tiers=FOUR_TIER))
    assert small.total_spend >= 0.98 * 75_000


def test_proxy_prices_and_currency_are_stated() -> None:
    plan = plan_mix(request(Goal.ENGAGEMENT, 25_000, platform=Platform.X, currency="eur"))
    assert plan.request.currency == "EUR"
    assert plan.flags.platform_uses_proxy_prices
    assert plan.flags.currency_not_usd
    texts = " | ".join(a.text for a in plan.assumptions)
    assert "Instagram" in texts
    assert "1:1" in texts
    snapchat = plan_mix(request(Goal.AWARENESS, 25_000, platform=Platform.SNAPCHAT))
    assert any("1,000" in a.text and "75,000" in a.text for a in snapchat.assumptions)


@pytest.mark.parametrize("goal", list(Goal))
def test_reasons_cite_sources_and_mention_the_niche(goal: Goal) -> None:
    plan = plan_mix(request(goal, 30_000, niche="vegan food"))
    assert 3 <= len(plan.reasons) <= 5
    assert any("vegan food niche" in r.text for r in plan.reasons)
    for note in (*plan.reasons, *plan.assumptions):
        assert note.source_ids
        for source_id in note.source_ids:
            get_source(source_id)
    niche_text = next(r.text for r in plan.reasons if "vegan food" in r.text)
    for marker in ("*vegan", "_vegan", "`vegan", "**"):
        assert marker not in niche_text


def test_lines_and_totals_are_consistent() -> None:
    plan = plan_mix(request(Goal.CONVERSIONS, 50_000, max_creators=40))
    for line in plan.lines:
        assert line.total_posts == line.creators * line.posts_per_creator
        assert line.spend == pytest.approx(line.fees + line.coordination)
        assert line.cost_low <= line.spend <= line.cost_high
        assert line.budget_share == pytest.approx(line.spend / 50_000)
    assert plan.total_cost_low <= plan.total_spend <= plan.total_cost_high
    assert plan.effective_cpm == pytest.approx(plan.total_spend / plan.impressions * 1000)
    for line in plan.lines:
        assert line.expected_engagements <= line.expected_reach <= line.impressions
    assert plan.cost_per_engagement == pytest.approx(plan.total_spend / plan.expected_engagements)
    assert plan.unspent == pytest.approx(50_000 - plan.total_spend)


def test_request_validation() -> None:
    with pytest.raises(ValueError, match="ISO"):
        request(Goal.AWARENESS, currency="dollars")
    with pytest.raises(ValueError):
        request(Goal.AWARENESS, weeks=53)
    with pytest.raises(ValueError):
        request(Goal.AWARENESS, max_creators=501)
    with pytest.raises(ValueError):
        request(Goal.AWARENESS, budget=0)
    with pytest.raises(ValueError):
        request(Goal.AWARENESS, allowed_tiers=())
    assert request(Goal.AWARENESS, niche="  ").niche is None
    assert Goal("always-on") is Goal.ALWAYS_ON


def test_the_goals_differ_as_the_seeds_say() -> None:
    awareness = plan_mix(request(Goal.AWARENESS, 25_000))
    conversions = plan_mix(request(Goal.CONVERSIONS, 25_000))
    local = plan_mix(request(Goal.LOCAL, 25_000))
    assert small_share(awareness) < 0.2
    assert small_share(conversions) > 0.5
    nano = local.line(Tier.NANO)
    assert nano is not None
    assert nano.creators == max(line.creators for line in local.lines)


@given(requests())
@PROPERTY_SETTINGS
def test_the_quick_check_refuses_exactly_what_the_planner_refuses(req: MixRequest) -> None:
    def outcome(call: object) -> str:
        try:
            call()  # type: ignore[operator]
        except (BudgetTooSmallError, MixNotPossibleError) as error:
            return type(error).__name__
        return "ok"

    assert outcome(lambda: check_plannable(req)) == outcome(lambda: plan_mix(req))


@pytest.mark.parametrize("platform", list(Platform))
@pytest.mark.parametrize("tier", ALL_TIERS)
def test_engagement_is_the_resolvers_band_for_the_size_or_marked_as_our_estimate(
    tier: Tier, platform: Platform
) -> None:
    from bot.domain.creator_size import benchmark_at

    econ = tier_economics(tier, platform)
    typical = int(mix_model().tiers[tier].typical_followers.value)
    own = benchmark_at(platform, typical)
    if own is not None:
        # The same band /classify judges a creator of this size against.
        assert econ.engagement_band_for_size
        assert econ.engagement_rate == own.low
        assert econ.engagement_source_ids == own.source_ids
    elif not econ.engagement_band_for_size:
        # Another size's band stands in (YouTube mega reads 500K–1M): our estimate.
        assert MODEL_SOURCE in econ.engagement_source_ids


def test_youtube_mega_has_no_published_band_of_its_own() -> None:
    econ = tier_economics(Tier.MEGA, Platform.YOUTUBE)
    assert not econ.engagement_band_for_size
    assert MODEL_SOURCE in econ.engagement_source_ids
