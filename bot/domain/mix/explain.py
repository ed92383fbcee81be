"""Why the plan looks the way it does: reasons and assumptions in Tierbot's own words.

Each sentence carries the source ids it rests on. The niche is free text from the user: it
is only ever placed inside a plain sentence (rendering escapes it), never in markdown.
"""

from __future__ import annotations

import math

from bot.domain.costs import cpm_range
from bot.domain.creator_size import stand_in_text
from bot.domain.mix.model import (
    MODEL_SOURCE,
    PROXY_PLATFORM,
    TierEconomics,
    mix_model,
    partial_card,
    tier_economics,
    tier_economics_at,
)
from bot.domain.mix.models import (
    MAX_CREATORS_LIMIT,
    CapUse,
    Claim,
    Goal,
    Marginal,
    MixPlan,
    Note,
    Phase,
    PlanLine,
    PricedOutTier,
    Swap,
    spend_floor,
)
from bot.domain.mix.shares import share_text_of, spent_share_text
from bot.domain.numbers import (
    format_budget_share,
    format_count,
    format_money,
    format_money_range,
    format_percent,
)
from bot.domain.tier import Tier
from bot.domain.wording import count_noun, with_article

_CPM_SOURCES = ("influencer-hero-cpm", "wordontheblock-2023")
_MAX_REASONS = 5


def _money(amount: float, currency: str) -> str:
    return format_money(amount, currency)


def _names(tiers: list[Tier] | tuple[Tier, ...]) -> str:
    words = [t.value for t in tiers]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


# What a reason quotes: the table's own figures, never the optimiser's weighted score.
_MEASURES: dict[Goal, str] = {
    Goal.AWARENESS: "people reached",
    Goal.ENGAGEMENT: "engagements",
    Goal.CONVERSIONS: "engagements",
    Goal.LOCAL: "engagements",
    Goal.ALWAYS_ON: "engagements",
}
_SMALL = (Tier.NANO, Tier.MICRO)
# Goals whose seed guidance favours small creators: their reasons say so only when the plan
# does put the money there, and say why it did not otherwise.
_SMALL_GOALS = (Goal.ENGAGEMENT, Goal.CONVERSIONS, Goal.LOCAL, Goal.ALWAYS_ON)


# Every budget share in a reply is worded by this one function (table, reasons, chart).
percent_text = format_budget_share


def figure_text(value: float) -> str:
    """A count as a reason quotes it: the same compact form as the totals line (372K, 143M),
    so a reason never claims more precision than the plan has."""
    return format_count(round(value))


def _figure(value: float) -> str:
    return figure_text(value)


def _plural(count: int, word: str) -> str:
    return count_noun(count, word)


def _tier_shares(plan: MixPlan) -> dict[Tier, float]:
    shares: dict[Tier, float] = {}
    for line in plan.lines:
        shares[line.tier] = shares.get(line.tier, 0.0) + line.budget_share
    return shares


def _leaders(plan: MixPlan) -> list[Tier]:
    """Tiers taking the most budget, biggest first: one, or two when the first is under 60%."""
    ranked = sorted(_tier_shares(plan).items(), key=lambda item: (-item[1], item[0].rank))
    if not ranked:
        return []
    if ranked[0][1] >= 0.6 or len(ranked) == 1:
        return [ranked[0][0]]
    return [ranked[0][0], ranked[1][0]]


def per_thousand(plan: MixPlan, tier: Tier) -> float:
    """The goal's measure that a tier's lines deliver per 1,000 of their spend."""
    lines = [line for line in plan.lines if line.tier is tier]
    spend = sum(line.spend for line in lines)
    return sum(line.value for line in lines) / spend * 1000 if spend else 0.0


def build_reasons(plan: MixPlan, cap_uses: tuple[CapUse, ...]) -> tuple[Note, ...]:
    """Up to five sentences, each built from the plan's own numbers and true of it."""
    notes: list[Note] = []
    if plan.flags.capped_by_max_creators:
        notes.append(_capped(plan, cap_uses))
    if plan.flags.supply_binds:
        notes.append(_supply(plan))
    notes.append(_lead(plan))
    notes.extend(_held_back_notes(plan))
    if plan.request.goal is Goal.LAUNCH:
        notes.extend(_launch(plan))
    elif plan.request.goal in _SMALL_GOALS:
        notes.extend(_small_goal(plan))
    else:
        notes.extend(_awareness(plan))
    if plan.request.niche:
        notes.insert(min(len(notes), 3), _niche(plan, plan.request.niche))
    # A mega tier the budget can't book is said once, under "Check before booking".
    # Bigger names take the coordination note's place, so the reply stays within its limit;
    # when supply binds, the supply reason already names every size booked.
    larger = None if plan.flags.supply_binds else _larger_sizes(plan)
    if larger is None and any(line.size is not None for line in plan.lines):
        coordination = None
    else:
        coordination = _coordination_note(plan) if larger is None else larger
    if coordination is not None:
        notes.append(coordination)
    return tuple(notes[:_MAX_REASONS])


def _held_back_notes(plan: MixPlan) -> list[Note]:
    """Tiers the budget could buy but the goal's concentration rule holds back."""
    currency = plan.request.currency
    return [
        Note(
            text=f"{out.tier.label} is left out: one {out.tier.value} booking, "
            f"{booking_terms(plan, out)}, would cost {_money(out.needs, currency)}, "
            f"{_share_above(plan, out.needs)} of the budget, and {concentration_rule(plan)}.",
            source_ids=(MODEL_SOURCE,),
        )
        for out in plan.flags.tiers_priced_out
        if out.held_back
    ]


def booking_posts(out: PricedOutTier) -> int:
    """How many posts the cheapest booking of a tier the plan leaves out holds: its price
    less coordination, over the per-post planning price."""
    coordination = mix_model().planning.coordination_usd.value
    return max(1, round((out.needs - coordination) / out.planning_price))


def booking_terms(plan: MixPlan, out: PricedOutTier) -> str:
    """ "5 posts at $7,500 plus $150 of coordination": what one booking's price adds up to."""
    currency = plan.request.currency
    coordination = mix_model().planning.coordination_usd.value
    return (
        f"{count_noun(booking_posts(out), 'post')} at "
        f"{_money(out.planning_price, currency)} plus {_money(coordination, currency)} of "
        "coordination"
    )


def _share_above(plan: MixPlan, amount: float) -> str:
    """A booking's share of the budget, precise enough to read as above the rule's share
    (25.04%, never "25.0%" beside a 25% limit)."""
    share = amount / plan.budget
    limit = plan.flags.creator_share * 100
    text = format_budget_share(share)
    for digits in (2, 3, 4):
        if text.startswith("<") or float(text.rstrip("%").replace(",", "")) > limit:
            break
        scale = 10 ** (digits + 2)
        text = f"{math.floor(share * scale) / 10**digits:g}%"
    return text


def concentration_rule(plan: MixPlan) -> str:
    """ "an engagement plan gives no creator more than 25% of the budget", as stated."""
    flags = plan.flags
    kind = with_article(f"{plan.request.goal.value} plan")
    if flags.creator_ceiling > flags.creator_share * plan.budget + 0.01:
        limit = _money(flags.creator_ceiling, plan.request.currency)
        return f"{kind} gives no creator more than {limit} at this budget"
    return f"{kind} gives no creator more than {format_percent(flags.creator_share)} of the budget"


def cap_leaves_money(plan: MixPlan) -> bool:
    """The team's cap leaves material money unspent: below the spend rule (95% of the budget,
    98% above 20,000), not just the change whole bookings leave."""
    floor = spend_floor(plan.budget)
    return plan.flags.capped_by_max_creators and plan.total_spend < floor * plan.budget


def _lead(plan: MixPlan) -> Note:
    leaders = _leaders(plan)
    share = sum(_tier_shares(plan)[tier] for tier in leaders)
    names = _names(leaders).capitalize()
    creators = sum(line.creators for line in plan.lines if line.tier in leaders)
    return Note(
        text=f"{names} creators take {share_text_of(plan, *leaders)} of the budget "
        f"({_plural(creators, 'creator')}).",
        source_ids=(MODEL_SOURCE,),
        claims=(Claim(kind="share", tiers=tuple(leaders), value=share),),
    )


def _at_cap(plan: MixPlan) -> bool:
    """The team's cap leaves no room for one more creator."""
    return plan.max_creators is not None and plan.total_creators >= plan.max_creators


def _small_lead(plan: MixPlan, *, name_empty: bool = False) -> str:
    """ "Micro creators take 0.3% of the budget and nano creators none": the small tiers'
    share as the table shows it; with name_empty, also a small tier of the scheme the plan
    leaves empty (the reason that follows may be about it)."""
    booked = [t for t in _SMALL if any(line.tier is t for line in plan.lines)]
    if not booked:
        return "The plan books no nano or micro creators"
    names = _names(booked).capitalize()
    text = f"{names} creators take {share_text_of(plan, *booked)} of the budget"
    empty = [t for t in _SMALL if t in plan.request.allowed_tiers and t not in booked]
    if empty and name_empty:
        text += f" and {_names(empty)} creators none"
    return text


def _best_other(plan: MixPlan, tiers: tuple[Tier, ...]) -> Marginal | None:
    """The best next booking among the given tiers (None: none left to book, or the team's
    cap allows no more creators)."""
    if _at_cap(plan):
        return None
    options = [m for m in plan.marginals if m.tier in tiers]
    return max(options, key=lambda m: (m.value_per_thousand, -m.tier.rank), default=None)


def _tier_measure(plan: MixPlan, tier: Tier) -> tuple[float, float]:
    """(spend, the table's measure) of a tier's lines: people reached for awareness, else
    engagements."""
    lines = [line for line in plan.lines if line.tier is tier]
    spend = sum(line.spend for line in lines)
    if plan.request.goal is Goal.AWARENESS:
        return spend, sum(line.expected_reach for line in lines)
    return spend, sum(line.expected_engagements for line in lines)


def _unit_cost(plan: MixPlan, spend: float, measure: float) -> str:
    """Cost per engagement, or per 1,000 people reached, as the reply's tables show costs."""
    currency = plan.request.currency
    if plan.request.goal is Goal.AWARENESS:
        return f"{_money(spend / measure * 1000, currency)} per 1,000"
    return f"{_money(spend / measure, currency)} each"


def _comparison(
    plan: MixPlan, big: Tier, other: Marginal, measure: str
) -> tuple[str, Claim] | None:
    """Big's cost per unit of the table's measure against one more `other` creator's; None
    when the table's own figures would not show big as cheaper."""
    spend, delivered = _tier_measure(plan, big)
    if spend <= 0 or delivered <= 0 or other.gain <= 0:
        return None
    mine, theirs = _unit_cost(plan, spend, delivered), _unit_cost(plan, other.cost, other.gain)
    if not spend / delivered < other.cost / other.gain or mine == theirs:
        return None
    already = (
        f" after the {other.creators_now} already booked"
        if other.creators_now
        else f" with {_plural(other.posts, 'post')}"
    )
    coordination = _money(mix_model().planning.coordination_usd.value, plan.request.currency)
    one_more = f"one more {other.tier.value} creator{already}"
    if plan.request.goal is Goal.AWARENESS:
        text = (
            f"{big.value} creators reach people at about {mine} in this plan, while {one_more} "
            f"would reach new people at about {theirs}"
        )
    else:
        text = (
            f"{big.value} engagements cost about {mine} in this plan, while {one_more} would "
            f"add engagements at about {theirs}"
        )
    text += f", its {coordination} of coordination included"
    claim = Claim(
        kind="per_dollar",
        tiers=(big,),
        value=per_thousand(plan, big),
        other_tiers=(other.tier,),
        other_value=other.value_per_thousand,
    )
    return text, claim


def _beats(value: float, other: float) -> bool:
    return value > other and _figure(value) != _figure(other)


def _best_swap(plan: MixPlan, big: Tier) -> Swap | None:
    """The best swap of a big tier's spend into smaller creators that the team's cap allows."""
    swaps = [swap for swap in plan.swaps if swap.tier is big and _swap_fits_cap(plan, swap)]
    return max(swaps, key=lambda swap: (swap.instead_value, -swap.instead.rank), default=None)


def _swap_fits_cap(plan: MixPlan, swap: Swap) -> bool:
    if plan.max_creators is None:
        return True
    replaced = sum(line.creators for line in plan.lines if line.tier is swap.tier)
    return plan.total_creators - replaced + swap.extra_creators <= plan.max_creators


# A swap is "the same money" when the extra creators would take nearly all of it.
_SAME_MONEY = 0.95


def _swap_sentence(plan: MixPlan, swap: Swap, measure: str) -> tuple[str, Claim] | None:
    """The big tier's spend and what it buys, against what the smaller creators that money
    could book would add, all in the table's own figures; None unless those figures show
    the big tier ahead."""
    if not (swap.value > swap.instead_value and _beats(swap.measure, swap.instead_measure)):
        return None
    currency = plan.request.currency
    coordination = _money(mix_model().planning.coordination_usd.value, currency)
    small = swap.instead.value
    booked = any(line.tier is swap.instead for line in plan.lines)
    creators = count_noun(swap.extra_creators, f"{'more ' if booked else ''}{small} creator")
    each = f"{_plural(swap.posts, 'post')} each"
    head = (
        f"{swap.tier.value} creators' {_money(swap.spend, currency)} buys about "
        f"{_figure(swap.measure)} {measure}"
    )
    if swap.instead_spend >= _SAME_MONEY * swap.spend:
        rest = (
            f"the same money on {creators} ({each}) would add only about "
            f"{_figure(swap.instead_measure)}, as each also costs {coordination} of coordination"
        )
    else:
        limit = "all a team can still book, " if swap.supply_bound else ""
        rest = (
            f"moved to {small} creators it would book {creators} ({limit}{each}) for "
            f"{_money(swap.instead_spend, currency)}, adding only about "
            f"{_figure(swap.instead_measure)}"
        )
    claim = Claim(
        kind="swap",
        tiers=(swap.tier,),
        value=swap.value,
        other_tiers=(swap.instead,),
        other_value=swap.instead_value,
    )
    return f"{head}; {rest}", claim


def _awareness(plan: MixPlan) -> list[Note]:
    platform = plan.request.platform
    cpm = cpm_range(platform) or cpm_range(PROXY_PLATFORM)
    assert cpm is not None
    notes = [
        Note(
            text="Views are estimated as fees ÷ CPM × 1,000 with a CPM of "
            f"${cpm.low:g}–{cpm.high:g}, so a unit of fees buys about the same views in any "
            "tier; what differs is the coordination each creator needs and how much "
            "audiences overlap.",
            source_ids=(*cpm.source_ids, MODEL_SOURCE),
        )
    ]
    leader = _leaders(plan)[0] if plan.lines else None
    others = tuple(t for t in plan.request.allowed_tiers if t is not leader)
    other = _best_other(plan, others)
    swap = _best_swap(plan, leader) if leader is not None else None
    swapped = _swap_sentence(plan, swap, "people reached") if swap is not None else None
    compared = (
        _comparison(plan, leader, other, "people reached")
        if leader is not None
        and other is not None
        and _beats(per_thousand(plan, leader), other.value_per_thousand)
        else None
    )
    chosen = swapped or compared
    if chosen is not None:
        notes.append(_sentence(*chosen))
    return notes


def _sentence(text: str, claim: Claim) -> Note:
    return Note(text=text[0].upper() + text[1:] + ".", source_ids=(MODEL_SOURCE,), claims=(claim,))


def _small_goal(plan: MixPlan) -> list[Note]:
    goal = plan.request.goal
    small = plan.share(*_SMALL)
    in_scheme = [t for t in _SMALL if t in plan.request.allowed_tiers]
    if small >= 0.5:
        return [_small_majority(plan, small)]
    shares = _tier_shares(plan)
    big = max(
        (t for t in shares if t not in _SMALL),
        key=lambda t: (shares[t], -t.rank),
        default=None,
    )
    claim = Claim(kind="small_minority", value=small)
    # Why the optimiser put the money elsewhere follows the colon, from the plan's numbers.
    lead = _small_lead(plan, name_empty=True)
    if not in_scheme:
        return [
            Note(
                text=f"{lead}: this scheme has no nano or micro tier.",
                source_ids=(MODEL_SOURCE,),
                claims=(claim,),
            )
        ]
    if plan.flags.capped_by_max_creators and plan.max_creators:
        per_creator = plan.budget / plan.max_creators
        cheapest = min(
            (m for m in plan.marginals if m.tier in _SMALL and m.creators_now == 0),
            key=lambda m: m.cost,
            default=None,
        )
        if cheapest is not None and per_creator > cheapest.cost:
            currency = plan.request.currency
            return [
                Note(
                    text=f"{lead}: with at most {count_noun(plan.max_creators, 'creator')}, "
                    "the budget is "
                    f"about {_money(per_creator, currency)} a creator, far more than a "
                    f"{cheapest.tier.value} booking costs ({_money(cheapest.cost, currency)}), "
                    "so each place goes to a bigger creator.",
                    source_ids=(MODEL_SOURCE,),
                    claims=(claim,),
                )
            ]
    other = _best_other(plan, tuple(in_scheme))
    if other is None and _at_cap(plan):
        assert plan.max_creators is not None
        return [
            Note(
                text=f"{lead}: with at most {count_noun(plan.max_creators, 'creator')}, each "
                f"place goes to the creator that adds the most {_MEASURES[goal]}.",
                source_ids=(MODEL_SOURCE,),
                claims=(claim,),
            )
        ]
    if other is None:
        booked = ", ".join(
            f"{line.creators} {line.tier.value} × {_plural(line.posts_per_creator, 'post')}"
            for line in plan.lines
            if line.tier in _SMALL
        )
        return [
            Note(
                text=f"{lead}: they are booked to the most a team can book, with as many "
                f"posts as add to the goal ({booked}), so the rest goes to bigger creators.",
                source_ids=(MODEL_SOURCE,),
                claims=(claim,),
            )
        ]
    swap = _best_swap(plan, big) if big is not None else None
    swapped = _swap_sentence(plan, swap, _MEASURES[goal]) if swap is not None else None
    if swapped is not None:
        text, swap_claim = swapped
        return [
            Note(
                text=f"{lead}: {text}.",
                source_ids=(MODEL_SOURCE, "seed-002"),
                claims=(claim, swap_claim),
            )
        ]
    compared = (
        _comparison(plan, big, other, _MEASURES[goal])
        if big is not None and _beats(per_thousand(plan, big), other.value_per_thousand)
        else None
    )
    if compared is not None:
        text, per_dollar = compared
        return [
            Note(
                text=f"{lead}: at this budget {text}.",
                source_ids=(MODEL_SOURCE, "seed-002"),
                claims=(claim, per_dollar),
            )
        ]
    return [
        Note(
            text=f"{lead}: whole bookings decide it here; of the plans this budget buys, the "
            "mix above serves the goal best.",
            source_ids=(MODEL_SOURCE,),
            claims=(claim,),
        )
    ]


def _micro_over_nano(plan: MixPlan) -> str:
    """Why a goal that favours the smallest creators booked micro and no nano: the optimiser
    found micro's weighted engagements cheaper per dollar (nano's weight is the higher one,
    so micro wins on plain engagements too). Empty when it does not apply."""
    shares = _tier_shares(plan)
    if (
        Tier.NANO not in plan.request.allowed_tiers
        or shares.get(Tier.NANO, 0.0) > 0
        or shares.get(Tier.MICRO, 0.0) <= 0
        or plan.flags.capped_by_max_creators
    ):
        return ""
    coordination = _money(mix_model().planning.coordination_usd.value, plan.request.currency)
    return (
        f"; on {plan.request.platform.label} micro creators still deliver more of them per "
        f"dollar than nano ones, once {coordination} of coordination per creator is counted"
    )


def _nano_over_micro(plan: MixPlan) -> str:
    """Why a trust-weighted goal booked nano and no micro, where the budget is spent: the
    optimiser found nano's weighted engagements cheaper per dollar. Empty otherwise."""
    shares = _tier_shares(plan)
    if (
        Tier.MICRO not in plan.request.allowed_tiers
        or shares.get(Tier.MICRO, 0.0) > 0
        or shares.get(Tier.NANO, 0.0) <= 0
        or plan.flags.capped_by_max_creators
        or plan.total_spend < spend_floor(plan.budget) * plan.budget
    ):
        return ""
    return (
        "; weighted by trust, nano creators deliver more per dollar than micro ones, so micro "
        "gets none"
    )


def _small_majority(plan: MixPlan, small: float) -> Note:
    goal = plan.request.goal
    model = mix_model()
    claim = Claim(kind="small_majority", value=small)
    head = _small_lead(plan)
    if goal is Goal.ENGAGEMENT:
        rates = {line.tier: tier_economics(line.tier, plan.request.platform) for line in plan.lines}
        listed = ", ".join(
            f"{tier.value} {format_percent(econ.engagement_rate)}"
            for tier, econ in rates.items()
            if econ.engagement_average is None
        )
        # A size with no published range is planned at its published average: said so.
        listed += "".join(
            f"; {tier.value} at the average published for its size, "
            f"{format_percent(econ.engagement_rate)}"
            for tier, econ in rates.items()
            if econ.engagement_average is not None
        )
        sources = tuple(dict.fromkeys(s for e in rates.values() for s in e.engagement_source_ids))
        return Note(
            text=f"{head}: per dollar they deliver the most engagements once coordination is "
            f"counted (Tierbot plans at the low end of each size's band: {listed}).",
            source_ids=(*sources, MODEL_SOURCE),
            claims=(claim,),
        )
    if goal is Goal.LOCAL:
        return Note(
            text=f"{head}: they work hyper-local audiences and are trusted as peers, so Tierbot "
            "counts all of a nano creator's engagement as local and only part of bigger tiers'"
            f"{_micro_over_nano(plan)}.",
            source_ids=("seed-001", "seed-000", MODEL_SOURCE),
            claims=(claim,),
        )
    if goal is Goal.ALWAYS_ON:
        return Note(
            text=f"{head}: steady, long-term partnerships suit them, and repeat posts feel "
            f"natural, so Tierbot assumes only mild fatigue per repeat post"
            f"{_nano_over_micro(plan)}.",
            source_ids=("seed-002", MODEL_SOURCE),
            claims=(claim,),
        )
    micro_trust = model.tiers[Tier.MICRO].trust.value
    mega_trust = model.tiers[Tier.MEGA].trust.value
    return Note(
        text=f"{head}: conversions weigh each engagement by trust (nano in full, micro "
        f"{micro_trust:.0%}, mega {mega_trust:.0%}), because followers act on recommendations "
        f"from people they see as peers{_micro_over_nano(plan)}{_nano_over_micro(plan)}.",
        source_ids=("seed-001", "seed-002", MODEL_SOURCE),
        claims=(claim,),
    )


def _launch(plan: MixPlan) -> list[Note]:
    kickoff = next((p for p in plan.phases if p.phase is Phase.KICKOFF), None)
    sustain = next((p for p in plan.phases if p.phase is Phase.SUSTAIN), None)
    if not (kickoff and sustain):
        return [
            Note(
                text="The scheme has a single tier, so the launch runs as one phase.",
                source_ids=(MODEL_SOURCE,),
            )
        ]
    weeks = (
        f"weeks {sustain.first_week}–{sustain.last_week}"
        if sustain.last_week > sustain.first_week
        else f"week {sustain.first_week}"
    )
    share = mix_model().planning.launch_kickoff_share.value
    kickoff_share, sustain_share = kickoff.spend / plan.budget, sustain.spend / plan.budget
    sustain_lines = [line for line in plan.lines if line.phase is Phase.SUSTAIN]
    sustain_full = bool(sustain_lines) and all(line.at_supply_limit for line in sustain_lines)
    together = " (alongside the kickoff in a one-week campaign)" if plan.request.weeks == 1 else ""
    return [
        Note(
            text=f"Week 1 kickoff: {_names(kickoff.tiers)} creators post for instant "
            f"attention; {weeks}: {_names(sustain.tiers)} creators keep people talking{together}.",
            source_ids=("seed-002",),
        ),
        Note(
            text=f"The kickoff takes {share_text_of(plan, phase=Phase.KICKOFF)} of the budget "
            f"and the sustain phase {share_text_of(plan, phase=Phase.SUSTAIN)}: "
            + (
                "both phases have every creator a team can book, with as many posts as add "
                "to the goal, so the rest stays unspent (see above)."
                if plan.flags.supply_binds
                else _sustain_within_cap(plan, sustain_lines)
                if plan.flags.sustain_can_use is not None
                else "the sustain phase has every creator a team can book, with as many posts "
                "as add engagement, so the kickoff takes the rest for reach."
                if sustain_full
                else "each phase first gets one booking; of the rest, the kickoff takes what "
                f"buys the most reach, up to {format_percent(share)} (our rule for launches), "
                "and the sustain phase the remainder for trusted engagement."
            ),
            source_ids=("seed-002", MODEL_SOURCE),
            claims=(Claim(kind="phase_split", value=kickoff_share, other_value=sustain_share),),
        ),
    ]


def _sustain_within_cap(plan: MixPlan, sustain_lines: list[PlanLine]) -> str:
    """Why a capped launch's kickoff takes more than its usual share: the sustain phase's
    places within the cap could not spend the rest (each creator at the most posts)."""
    flags = plan.flags
    assert flags.sustain_can_use is not None
    share = mix_model().planning.launch_kickoff_share.value
    most_posts = max((line.max_posts for line in sustain_lines), default=1)
    places = count_noun(flags.sustain_places, "place")
    return (
        f"with your cap of {count_noun(plan.max_creators or 0, 'creator')}, the sustain "
        f"phase's {places} could take at most "
        f"{_money(flags.sustain_can_use, plan.request.currency)} ({count_noun(most_posts, 'post')} "
        f"per creator), so the kickoff takes the rest for reach, past its usual "
        f"{format_percent(share)}."
    )


def _coordination_note(plan: MixPlan) -> Note | None:
    small = [line for line in plan.lines if line.tier in _SMALL and line.posts_per_creator >= 2]
    if not small:
        return None
    line = small[0]
    coordination = mix_model().planning.coordination_usd.value
    posts = count_noun(line.posts_per_creator, "post")
    who = (
        f"the {line.tier.value} creator gets {posts}"
        if line.creators == 1
        else f"{line.tier.value} creators get {posts} each"
    )
    return Note(
        text=f"Every creator carries {_money(coordination, plan.request.currency)} of outreach, "
        f"contract and review work, so {who} rather than one.",
        source_ids=(MODEL_SOURCE, "seed-001"),
    )


def _niche(plan: MixPlan, niche: str) -> Note:
    small = plan.share(*_SMALL)
    if small >= 0.5:
        booked = [tier for tier in _SMALL if any(line.tier is tier for line in plan.lines)]
        text = (
            f"For the niche “{niche}”, look for {_names(booked)} creators who already "
            "talk about it; check tone, audience and competitor deals before booking."
        )
        sources: tuple[str, ...] = ("seed-000", "seed-002")
        claims: tuple[Claim, ...] = (Claim(kind="small_majority", value=small),)
    else:
        text = (
            f"For the niche “{niche}”, check each creator's audience and past "
            "partnerships: reach only counts if it lands with people who care about it."
        )
        sources = ("seed-002",)
        claims = ()
    return Note(text=text, source_ids=sources, claims=claims)


def bigger_sizes(plan: MixPlan) -> str:
    """ "~10M to ~40M": the sizes above a tier's typical one that the plan books (each has its
    own row in the table, so a reason names the span, never a list that could run long)."""
    sizes = sorted({line.size for line in plan.lines if line.size is not None})
    if not sizes:
        return ""
    if len(sizes) == 1:
        return f"~{format_count(sizes[0])}"
    return f"~{format_count(sizes[0])} to ~{format_count(sizes[-1])}"


def _larger_sizes(plan: MixPlan) -> Note | None:
    """Why the plan books creators above a tier's typical size, and at what fees."""
    bigger = [line for line in plan.lines if line.size is not None]
    if not bigger:
        return None
    tier = bigger[0].tier
    platform = plan.request.platform
    typical = tier_economics(tier, platform)
    where = "the kickoff" if plan.request.goal is Goal.LAUNCH else "the plan"
    sources = tier_economics_at(tier, platform, bigger[0].size or 0)
    names = count_noun(sum(line.creators for line in bigger), f"bigger {tier.value} name")
    noun = platform.audience_noun
    return Note(
        text=f"Creators of typical size could not spend the budget, so {where} also books "
        f"{names} ({bigger_sizes(plan)} {noun}s, in the table), at fees that "
        f"grow with {noun}s ({_money(typical.planning_price, plan.request.currency)} a post "
        f"at {format_count(int(typical.followers))}).",
        # The size rule's published basis (the typical price's sources are in the footer).
        source_ids=("inbeat-2024",) if sources is not None else (MODEL_SOURCE,),
    )


def _supply(plan: MixPlan) -> Note:
    request = plan.request
    booked = ", ".join(
        (f"{line.phase.value} " if line.phase is not None else "")
        + f"{line.creators} {line.label} × {_plural(line.posts_per_creator, 'post')}"
        for line in plan.lines
    )
    saturated = [
        line.tier
        for line in plan.lines
        if line.saturated and line.posts_per_creator < line.max_posts
    ]
    text = (
        f"Every tier is booked to the most creators a team can book in "
        f"{_plural(request.weeks, 'week')} ({booked})"
    )
    if saturated:
        measure = _MEASURES.get(request.goal, "value")
        text += (
            f"; more posts from the {_names(list(dict.fromkeys(saturated)))} creators would "
            f"add almost no {measure}"
        )
    text += f", so {_money(plan.unspent, request.currency)} stays unspent"
    text += " rather than planning creators a team could not book."
    limits = post_limits(plan)
    if limits:
        text += f" Posts per creator are at the plan's limits: {'; '.join(limits)}."
    return Note(
        text=f"{text} {_more_room(plan)}",
        source_ids=("sprout-benchmarks-2025", MODEL_SOURCE),
        claims=(Claim(kind="supply_binds", value=plan.unspent),),
    )


def post_limit(plan: MixPlan, line: PlanLine) -> tuple[str, int]:
    """(the rule, the posts it allows) that caps a line's posts per creator: the platform's
    cadence over the weeks it posts, the kickoff's one week, mega's short partnerships, or
    the dozen posts a campaign partnership runs to."""
    request = plan.request
    planning = mix_model().planning
    weekly = planning.sponsored_posts_per_week.for_platform(request.platform)
    if line.phase is Phase.KICKOFF:
        weeks = 1
    elif line.phase is Phase.SUSTAIN:
        weeks = max(request.weeks - 1, 1)
    else:
        weeks = request.weeks
    if max(1, math.floor(weekly * weeks)) == line.max_posts:
        sponsored = f"{weekly:g} sponsored {'post' if weekly == 1 else 'posts'} a week"
        return f"cadence of {sponsored} over {count_noun(weeks, 'week')}", line.max_posts
    if line.phase is Phase.KICKOFF and planning.kickoff_max_posts.value == line.max_posts:
        return "kickoff", line.max_posts
    if line.tier is Tier.MEGA and planning.mega_max_posts.value == line.max_posts:
        return "mega", line.max_posts
    return "campaign", line.max_posts


def post_limits(plan: MixPlan) -> list[str]:
    """ "8 for nano and micro creators at Instagram's cadence of 2 posts a week", one per
    rule that caps the posts of lines booked to their limit."""
    grouped: dict[tuple[str, int], list[Tier]] = {}
    for line in plan.lines:
        if line.posts_per_creator < line.max_posts:
            continue
        tiers = grouped.setdefault(post_limit(plan, line), [])
        if line.tier not in tiers:
            tiers.append(line.tier)
    platform = plan.request.platform.label
    parts = []
    for (rule, posts), tiers in grouped.items():
        who = f"{posts} for {_names(tiers)} creators"
        if rule == "kickoff":
            parts.append(f"{who} in the one-week kickoff")
        elif rule == "mega":
            parts.append(f"{who}, who take short partnerships with any one brand")
        elif rule == "campaign":
            parts.append(f"{who}, as a campaign partnership rarely runs past a dozen posts")
        else:
            parts.append(f"{who} at {platform}'s {rule}")
    return parts


def _more_room(plan: MixPlan) -> str:
    """What would use the rest, as the planner measured it."""
    weeks = plan.weeks_to_spend
    if weeks is not None:
        campaign = with_article(f"{weeks}-week campaign", capital=True)
        return f"{campaign} would spend nearly all of it, or a second platform could take it."
    return "A second platform could take it; even a year-long campaign would not spend it here."


def _capped(plan: MixPlan, cap_uses: tuple[CapUse, ...]) -> Note:
    cap = plan.max_creators
    currency = plan.request.currency
    proposal = plan.budget_only_creators
    binding = [use for use in cap_uses if use.binds]
    material = cap_leaves_money(plan)
    text = f"Your cap of {count_noun(cap or 0, 'creator')} " + (
        "binds" if material else "shapes the plan"
    )
    by_phase = {use.phase: use for use in binding if use.phase is not None}
    if by_phase:
        split = {use.phase: use.cap for use in cap_uses if use.phase is not None}
        full = " and ".join(
            f"the {phase.value} phase is full at {use.cap}" for phase, use in by_phase.items()
        )
        text += (
            f" (split {split.get(Phase.KICKOFF, 0)} for the kickoff and "
            f"{split.get(Phase.SUSTAIN, 0)} for sustain, the best of a few splits; {full})"
        )
    if material:
        text += (
            f": the budget alone would book about {proposal}, and with the cap "
            f"{_money(plan.unspent, currency)} stays unspent. Set max_creators to {proposal} "
            "to spend the budget."
        )
    else:
        text += (
            f": it spends {spent_text(plan)} of the budget with "
            f"{count_noun(plan.total_creators, 'creator')}; without the cap the budget would "
            f"book about {proposal}."
        )
    return Note(
        text=text,
        source_ids=(MODEL_SOURCE,),
        claims=(Claim(kind="cap_binds", value=float(proposal)),),
    )


def spent_text(plan: MixPlan) -> str:
    """The share of the budget spent, as the table's total row shows it."""
    return spent_share_text(plan)


def build_assumptions(plan: MixPlan) -> tuple[Note, ...]:
    """The main assumptions, short enough for a footer."""
    request = plan.request
    model = mix_model()
    platform = request.platform
    tiers = list(dict.fromkeys(line.tier for line in plan.lines)) or list(request.allowed_tiers)
    economics = [tier_economics(tier, platform) for tier in tiers]
    price_sources = tuple(dict.fromkeys(s for e in economics for s in e.price.source_ids))
    ceiling = model.planning.mega_planning_high_usd.value

    def priced(e: TierEconomics) -> str:
        card = format_money_range(e.price.low, e.price.high, compact=True)
        size = format_count(int(model.tiers[e.tier].typical_followers.value))
        # An open-ended card ("$10K+") is planned up to one post's six figures.
        top = (
            f", topping out at six figures, {format_money_range(ceiling, ceiling, compact=True)}"
            if e.price.high is None
            else ""
        )
        return f"{e.tier.value} {card} at {size} {platform.audience_noun}s{top}"

    open_ended = any(e.price.high is None for e in economics)
    notes = [
        Note(
            text="Prices per post at each tier's typical size, planned at the midpoint: "
            + ", ".join(priced(e) for e in economics),
            source_ids=(*price_sources, *(("seed-002",) if open_ended else ())),
        )
    ]
    cpm_sources = tuple(dict.fromkeys(s for e in economics for s in e.cpm.source_ids))
    share = model.planning.repeat_reach_new_share.value
    pool = format_count(round(model.planning.audience_pool_people.value))
    notes.append(
        Note(
            text=f"Views per post: fees ÷ CPM × 1,000; people reached: each further post by a "
            f"creator reaches {share:.0%} as many new people as the one before, and creators' "
            f"audiences overlap by chance within the platform's {pool} people: much for big "
            "creators, little for small ones",
            source_ids=(*cpm_sources, MODEL_SOURCE),
        )
    )
    notes.append(_engagement_assumption(plan, economics))
    weekly = model.planning.sponsored_posts_per_week.for_platform(platform)
    cadence_sources = model.planning.sponsored_posts_per_week.sources
    notes.append(
        Note(
            text=f"At most {weekly:g} sponsored {'post' if weekly == 1 else 'posts'} per creator "
            f"a week on {platform.label}"
            + (
                ""
                if request.goal is Goal.ALWAYS_ON
                else f", {model.planning.max_posts_per_creator.value:g} per campaign"
            ),
            source_ids=cadence_sources,
        )
    )
    notes.append(_supply_assumption(plan, tiers))
    larger = _larger_assumption(plan)
    if larger is not None:
        notes.append(larger)
    coordination = _money(model.planning.coordination_usd.value, request.currency)
    notes.append(
        Note(
            text=f"{coordination} coordination per creator",
            source_ids=(MODEL_SOURCE,),
        )
    )
    if plan.flags.platform_uses_proxy_prices:
        stand_in = stand_in_text(platform)  # the words /classify and /tiers ask use
        notes.append(
            Note(
                text=f"{stand_in[:1].upper()}{stand_in[1:]}, with its CPM",
                source_ids=("imh-rates-2021", *_CPM_SOURCES, MODEL_SOURCE),
            )
        )
    published = partial_card(platform)
    if published:
        points = ", ".join(
            f"{tier.value} about ${price.low:,.0f}" for tier, price in published.items()
        )
        sources = tuple(dict.fromkeys(s for price in published.values() for s in price.source_ids))
        notes.append(
            Note(
                text=f"{platform.label} prices published only as points ({points}); "
                "the plan uses the stand-in card, so real fees may differ",
                source_ids=sources,
            )
        )
    if plan.flags.currency_not_usd:
        notes.append(
            Note(
                text=f"Budget in {request.currency}: USD rate cards applied 1:1, no exchange rate",
                source_ids=(MODEL_SOURCE,),
            )
        )
    notes.append(Note(text=_concentration_assumption(plan), source_ids=(MODEL_SOURCE,)))
    if request.max_creators is None:
        notes.append(
            Note(
                text="No max creators given: as many as the budget buys, within the numbers above",
                source_ids=(MODEL_SOURCE,),
            )
        )
    if plan.lengthened is not None:
        notes.append(
            Note(
                text=f"No campaign length given: planned over {_plural(request.weeks, 'week')}, "
                "the shortest campaign whose bookable creators spend the budget, rather than "
                f"the default {_plural(plan.lengthened.from_weeks, 'week')}",
                source_ids=(MODEL_SOURCE,),
            )
        )
    return tuple(notes)


def _rate(e: TierEconomics) -> str:
    # As /classify writes a rate ("1.6%", "0.29%"), so both replies show the same figure.
    return format_percent(e.engagement_rate)


def _rates(chosen: list[TierEconomics]) -> str:
    return ", ".join(f"{e.tier.value} {_rate(e)}" for e in chosen)


def _engagement_assumption(plan: MixPlan, economics: list[TierEconomics]) -> Note:
    """Which published rate each tier is planned at, and on what: each post's views or its
    audience, as the rate's own source counts it."""
    noun = plan.request.platform.audience_noun
    banded = [e for e in economics if e.engagement_band_for_size]
    # Sizes with no published range: the platform's own average for the size, or (as our
    # estimate) another band standing in, grouped by what stands in.
    averaged: dict[tuple[str, str | None], list[TierEconomics]] = {}
    stand_ins: dict[tuple[str | None, str | None], list[TierEconomics]] = {}
    for e in economics:
        if e.engagement_band_for_size:
            continue
        if e.engagement_average is not None:
            averaged.setdefault((e.engagement_average, e.engagement_gap), []).append(e)
        else:
            stand_ins.setdefault((e.engagement_stand_in, e.engagement_gap), []).append(e)
    # (what the rate is, why when not a published range, the tiers it covers)
    parts: list[tuple[str, str, list[TierEconomics]]] = []
    if banded:
        parts.append((f"the low end of each size's published band ({_rates(banded)})", "", banded))
    for (average, gap), chosen in averaged.items():
        names = _names([e.tier for e in chosen])
        rates = ", ".join(_rate(e) for e in chosen)
        parts.append((f"for {names}, {average} ({rates})", f", as {gap}" if gap else "", chosen))
    if stand_ins:
        estimates = "; ".join(
            f"the low end of {band or 'the nearest published band'} for "
            f"{_names([e.tier for e in chosen])} "
            f"({', '.join(_rate(e) for e in chosen)}), as {gap or 'none fits that size'}"
            for (band, gap), chosen in stand_ins.items()
        )
        parts.append(
            (f"as our estimate, {estimates}", ",", [e for c in stand_ins.values() for e in c])
        )

    def on_what(chosen: list[TierEconomics]) -> str:
        if all(e.engagement_by_views for e in chosen):
            return "on each post's views"
        return f"on each post's audience (its {noun}s, or fewer when the fee buys fewer views)"

    bases = {all(e.engagement_by_views for e in chosen) for _, _, chosen in parts}
    if len(bases) == 1:
        rates_text = " and, ".join(head + why for head, why, _ in parts) + " " + on_what(economics)
    else:  # each rate on its own source's basis
        rates_text = " and, ".join(
            f"{head} {on_what(chosen)}{why.rstrip(',')}" for head, why, chosen in parts
        )
    sources = tuple(dict.fromkeys(s for e in economics for s in e.engagement_source_ids))
    return Note(
        text=f"Engagement: {rates_text}; each further post by the same creator earns "
        f"{_fatigue(plan):.0%} of the engagements of the one before; never more than the "
        "people reached",
        source_ids=(*sources, MODEL_SOURCE),
    )


def _larger_assumption(plan: MixPlan) -> Note | None:
    """The size rule and the smaller supply behind bookings above the typical mega."""
    if not any(line.size is not None for line in plan.lines):
        return None
    larger = mix_model().planning.larger_mega
    platform = plan.request.platform
    typical = tier_economics(Tier.MEGA, platform)
    per_thousand_followers = typical.planning_price / typical.followers * 1000
    # The supply the planner used (see planner._larger_units): a kickoff only those lined up
    # by week one, any other plan those found over its weeks.
    launch = plan.request.goal is Goal.LAUNCH
    weeks = 1 if launch else plan.request.weeks
    bookable = ", ".join(
        f"~{format_count(size)} {min(larger.bookable(i, weeks), MAX_CREATORS_LIMIT)}"
        for i, size in enumerate(larger.followers)
    )
    when = "for a week-1 kickoff" if launch else f"in {_plural(weeks, 'week')}"
    noun = platform.audience_noun
    return Note(
        text=f"Mega above {format_count(int(typical.followers))}: fees grow with {noun}s "
        f"(${per_thousand_followers:,.2f} per 1,000 on {platform.label}); bookable {when} "
        f"(an assumption): {bookable}",
        # The typical mega's sources are cited by the price notes above.
        source_ids=("inbeat-2024", *larger.sources),
    )


def _fatigue(plan: MixPlan) -> float:
    planning = mix_model().planning
    if plan.request.goal is Goal.ALWAYS_ON:
        return planning.engagement_fatigue_always_on.value
    return planning.engagement_fatigue_campaign.value


def _concentration_assumption(plan: MixPlan) -> str:
    """The goal's concentration rule as it applies at this budget, with its reason."""
    currency = plan.request.currency
    rule = mix_model().planning.max_creator_share
    share = plan.flags.creator_share
    ceiling = plan.flags.creator_ceiling
    by_share = share * plan.budget
    head = f"One creator takes at most {_money(ceiling, currency)}"
    why = "so no single post carries the campaign"
    kind = with_article(plan.request.goal.value)
    if ceiling <= by_share + 0.01:  # the share sets it: the floor below it is beside the point
        return f"{head}: {format_percent(share)} of the budget on {kind} plan, {why}"
    if ceiling <= max(by_share, rule.floor_usd) + 0.01:
        return (
            f"{head}: {format_percent(share)} of the budget on {kind} plan, never less than "
            f"{_money(rule.floor_usd, currency)}, {why}"
        )
    return f"{head}, the cheapest booking this plan allows"


def _supply_assumption(plan: MixPlan, tiers: list[Tier]) -> Note:
    """How many creators of each tier the plan could book, as the planner bounded them."""
    planning = mix_model().planning
    weeks = plan.request.weeks
    at_start = planning.bookable_creators_at_start
    weekly = planning.bookable_creators_per_week

    def limits(span: int, only: list[Tier]) -> str:
        return ", ".join(
            f"{tier.value} {planning.bookable(tier, span, MAX_CREATORS_LIMIT):,}" for tier in only
        )

    text = (
        f"Creators a team can book in {_plural(weeks, 'week')} (an assumption: those lined up "
        f"before the start plus more found each week): {limits(weeks, tiers)}"
    )
    kickoff = [line for line in plan.lines if line.phase is Phase.KICKOFF]
    if kickoff:
        # The lines carry the supply the planner used (a tier in both phases splits it).
        # Bigger mega sizes state their supply in their own note.
        lined_up = ", ".join(
            f"{line.tier.value} {line.bookable:,}" for line in kickoff if line.size is None
        )
        text += f"; a kickoff posts in week one, so only those lined up by then ({lined_up})"
        sustain = {line.tier: line for line in plan.lines if line.phase is Phase.SUSTAIN}
        both = [line for line in kickoff if line.tier in sustain and line.size is None]
        if both:
            splits = ", ".join(
                f"{line.tier.value} {line.bookable:,} kickoff and "
                f"{sustain[line.tier].bookable:,} sustain"
                for line in both
            )
            text += f", split where a tier runs in both phases ({splits})"
    return Note(text=text, source_ids=tuple(dict.fromkeys((*at_start.sources, *weekly.sources))))
