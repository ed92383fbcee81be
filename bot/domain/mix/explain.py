"""Why the plan looks the way it does: reasons and assumptions in Tierbot's own words.

Each sentence carries the source ids it rests on. The niche is free text from the user: it
is only ever placed inside a plain sentence (rendering escapes it), never in markdown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.costs import cpm_range
from bot.domain.mix.model import (
    MODEL_SOURCE,
    PROXY_PLATFORM,
    mix_model,
    partial_card,
    tier_economics,
)
from bot.domain.mix.models import CapUse, Goal, MixPlan, Note, Phase
from bot.domain.numbers import format_count, format_money_range
from bot.domain.tier import Tier
from bot.domain.wording import count_noun, with_article

if TYPE_CHECKING:
    from bot.domain.mix.models import PlanLine

_CPM_SOURCES = ("influencer-hero-cpm", "wordontheblock-2023")
_MAX_REASONS = 5


def _money(amount: float, currency: str) -> str:
    if amount >= 100:
        return f"{amount:,.0f} {currency}"
    return f"{amount:,.2f} {currency}"


def _names(tiers: list[Tier] | tuple[Tier, ...]) -> str:
    words = [t.value for t in tiers]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _leaders(plan: MixPlan) -> list[PlanLine]:
    """Tiers taking the most budget, biggest first (at most two)."""
    ranked = sorted(plan.lines, key=lambda line: (-line.spend, line.tier.rank))
    return ranked[:2]


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def build_reasons(plan: MixPlan, cap_uses: tuple[CapUse, ...]) -> tuple[Note, ...]:
    """Three to five reasons tied to the goal, each with its sources."""
    goal = plan.request.goal
    builders = {
        Goal.AWARENESS: _awareness,
        Goal.ENGAGEMENT: _engagement,
        Goal.CONVERSIONS: _conversions,
        Goal.LAUNCH: _launch,
        Goal.LOCAL: _local,
        Goal.ALWAYS_ON: _always_on,
    }
    reasons = builders[goal](plan)
    extra: list[Note] = []
    if plan.request.niche:
        extra.append(_niche(plan, plan.request.niche))
    if plan.flags.capped_by_max_creators:
        extra.append(_capped(plan, cap_uses))
    priced_out = [p for p in plan.flags.tiers_priced_out if p.tier is Tier.MEGA]
    if priced_out:
        needs = _money(priced_out[0].needs, plan.request.currency)
        extra.append(
            Note(
                text=f"Mega is out of reach at this budget: one mega booking needs about {needs}, "
                "and a single mega post can run to six figures.",
                source_ids=("imh-rates-2021", "seed-002"),
            )
        )
    # Goal reasons first (the first two always stay), then the situational ones.
    combined = [*reasons[:2], *extra, *reasons[2:]]
    return tuple(combined[:_MAX_REASONS])


def _lead_sentence(plan: MixPlan) -> str:
    leaders = _leaders(plan)
    share = sum(line.budget_share for line in leaders)
    names = _names([line.tier for line in leaders]).capitalize()
    return f"{names} creators take {_percent(share)} of the budget"


def _awareness(plan: MixPlan) -> list[Note]:
    platform = plan.request.platform
    cpm = cpm_range(platform) or cpm_range(PROXY_PLATFORM)
    assert cpm is not None
    spread = len(plan.lines)
    return [
        Note(
            text=f"Awareness is scored on people reached. {_lead_sentence(plan)}: a large "
            "creator reaches many people for the same flat coordination cost a small one needs.",
            source_ids=("seed-002", MODEL_SOURCE),
        ),
        Note(
            text="Reach is estimated as fees ÷ CPM × 1,000 with a CPM of "
            f"${cpm.low:g}–{cpm.high:g}, so each unit of fees buys about the same "
            "impressions in any tier; "
            "the difference is the per-creator overhead.",
            source_ids=(*cpm.source_ids, MODEL_SOURCE),
        ),
        Note(
            text=(
                f"Extra creators in one tier share followers, so the budget spreads over {spread} "
                "tiers instead of piling into one."
                if spread > 1
                else "Repeat posts by one creator mostly reach the same followers, so the plan "
                "favours more creators over more posts each."
            ),
            source_ids=(MODEL_SOURCE, "seed-001"),
        ),
    ]


def _engagement(plan: MixPlan) -> list[Note]:
    model = mix_model()
    nano = model.tiers[Tier.NANO].planning_engagement_rate
    micro = model.tiers[Tier.MICRO].planning_engagement_rate
    mega = model.tiers[Tier.MEGA].planning_engagement_rate
    small_only = all(line.tier in (Tier.NANO, Tier.MICRO) for line in plan.lines)
    tail = (
        "so the budget stays with nano and micro creators."
        if small_only
        else "but every creator also costs coordination, so many small creators are paired "
        "with a few large ones."
    )
    return [
        Note(
            text=f"Engagement is scored on likes and comments. {_lead_sentence(plan)}. Smaller "
            f"creators earn more per follower (Tierbot plans nano at {nano:.0%}, micro at "
            f"{micro:.0%}, the largest accounts at about {mega:.1%} per post), {tail}",
            source_ids=("seed-000", "hypeauditor-2018", MODEL_SOURCE),
        ),
        Note(
            text="Creators under 100K followers can get up to 60% more engagement than bigger "
            "names in their niche.",
            source_ids=("seed-002",),
        ),
        _coordination_note(plan),
    ]


def _conversions(plan: MixPlan) -> list[Note]:
    small = plan.share(Tier.NANO, Tier.MICRO)
    model = mix_model()
    micro_trust = model.tiers[Tier.MICRO].trust.value
    mega_trust = model.tiers[Tier.MEGA].trust.value
    return [
        Note(
            text="Conversions weigh each engagement by trust: a nano creator's counts in full, "
            f"micro's {micro_trust:.0%}, mega's {mega_trust:.0%}, because followers act on "
            "recommendations from people they see as peers.",
            source_ids=("seed-001", "seed-002", MODEL_SOURCE),
        ),
        Note(
            text=f"Nano and micro creators take {_percent(small)} of the budget: for buying or "
            "signing up, trusted smaller creators are the better bet.",
            source_ids=("seed-002", "seed-000"),
        ),
        Note(
            text="Several small creators can cost less than one mega post and reach focused "
            "groups without stretching the budget.",
            source_ids=("seed-002",),
        ),
        _coordination_note(plan),
    ]


def _launch(plan: MixPlan) -> list[Note]:
    kickoff = next((p for p in plan.phases if p.phase is Phase.KICKOFF), None)
    sustain = next((p for p in plan.phases if p.phase is Phase.SUSTAIN), None)
    budget = plan.budget
    notes: list[Note] = []
    if kickoff and sustain:
        weeks = (
            f"weeks {sustain.first_week}–{sustain.last_week}"
            if sustain.last_week > sustain.first_week
            else f"week {sustain.first_week}"
        )
        notes.append(
            Note(
                text=f"Week 1 kickoff: {_names(kickoff.tiers)} creators post for instant "
                f"attention; {weeks}: {_names(sustain.tiers)} creators keep people talking.",
                source_ids=("seed-002",),
            )
        )
        share = mix_model().planning.launch_kickoff_share.value
        notes.append(
            Note(
                text=f"The kickoff gets {_percent(kickoff.spend / budget)} of the budget and "
                f"the sustain phase {_percent(sustain.spend / budget)}: after one booking "
                f"each, Tierbot gives the kickoff {_percent(share)} of the rest for reach and "
                "the sustain phase the remainder for trusted engagement.",
                source_ids=("seed-002", MODEL_SOURCE),
            )
        )
    else:
        notes.append(
            Note(
                text="The scheme has a single tier, so the launch runs as one phase.",
                source_ids=(MODEL_SOURCE,),
            )
        )
    notes.append(
        Note(
            text="Big creators reach people fast but feel more like ads; smaller creators "
            "keep the conversation credible once the news is out.",
            source_ids=("seed-002", "seed-001"),
        )
    )
    if plan.request.weeks == 1:
        notes.append(
            Note(
                text="With a one-week campaign, the sustain posts run alongside the kickoff.",
                source_ids=(MODEL_SOURCE,),
            )
        )
    return notes


def _local(plan: MixPlan) -> list[Note]:
    model = mix_model()
    fits = ", ".join(
        f"{tier.value} {model.tiers[tier].local_fit.value:.0%}"
        for tier in (Tier.MICRO, Tier.MID, Tier.MACRO)
        if any(line.tier is tier for line in plan.lines) or tier in plan.request.allowed_tiers
    )
    return [
        Note(
            text="A local plan leaves mega out and leans on nano creators: they work "
            "hyper-local audiences and are trusted as peers. Nano creators take "
            f"{_percent(plan.share(Tier.NANO))} of the budget.",
            source_ids=("seed-001", "seed-000"),
        ),
        Note(
            text="Tierbot counts all of a nano creator's engagement as local"
            + (f", and only part of larger tiers' ({fits})." if fits else "."),
            source_ids=(MODEL_SOURCE, "seed-002"),
        ),
        _coordination_note(plan),
    ]


def _always_on(plan: MixPlan) -> list[Note]:
    rhythms = "; ".join(f"{line.creators} {line.tier.value} {line.rhythm}" for line in plan.cadence)
    per_week = sum(line.posts_per_week for line in plan.cadence)
    return [
        Note(
            text=f"An always-on programme over {count_noun(plan.request.weeks, 'week')} at about "
            f"{per_week:.1f} posts a week in all: {rhythms}.",
            source_ids=(MODEL_SOURCE,),
        ),
        Note(
            text="Steady, long-term partnerships suit micro creators and make repeat posts feel "
            "natural, so Tierbot assumes only mild fatigue per repeat post.",
            source_ids=("seed-002", MODEL_SOURCE),
        ),
        Note(
            text="Engagement is weighted by trust, as for conversions: an ongoing presence "
            "builds the relationship with the audience over time.",
            source_ids=("seed-002", MODEL_SOURCE),
        ),
    ]


def _coordination_note(plan: MixPlan) -> Note:
    coordination = mix_model().planning.coordination_usd.value
    nano = plan.line(Tier.NANO) or plan.line(Tier.MICRO)
    posts = (
        f" ({nano.tier.value} creators post {count_noun(nano.posts_per_creator, 'time')} each)"
        if nano
        else ""
    )
    return Note(
        text=f"Every creator carries {_money(coordination, plan.request.currency)} of outreach, "
        f"contract and review work, so small creators get several posts each{posts}.",
        source_ids=(MODEL_SOURCE, "seed-001"),
    )


def _niche(plan: MixPlan, niche: str) -> Note:
    goal = plan.request.goal
    if goal in (Goal.AWARENESS, Goal.LAUNCH):
        text = (
            f"For {with_article(niche)} niche, check each large creator's audience and past "
            "partnerships: reach only counts if it lands with people who care about it."
        )
        sources: tuple[str, ...] = ("seed-002",)
    else:
        text = (
            f"For {with_article(niche)} niche, nano and micro creators who already talk about "
            "it are the most credible voices; check tone, audience and competitor deals "
            "before booking."
        )
        sources = ("seed-000", "seed-002")
    return Note(text=text, source_ids=sources)


def _capped(plan: MixPlan, cap_uses: tuple[CapUse, ...]) -> Note:
    cap = plan.max_creators
    how = "Tierbot's default cap" if plan.flags.default_cap_applied else "your cap"
    binding = [use for use in cap_uses if use.binds]
    instead = "so each creator gets more posts or a bigger tier instead"
    if all(use.phase is None for use in binding):
        funded = sum(use.budget_only_creators for use in cap_uses)
        text = (
            f"The plan stops at {count_noun(cap, 'creator')} ({how}); "
            f"the budget alone would fund about {funded}, {instead}"
        )
    else:
        # A launch splits the cap between its phases, so one phase can be full while the
        # plan as a whole is under the cap.
        share = _percent(mix_model().planning.launch_kickoff_creator_share.value)
        by_phase = {use.phase: use for use in binding if use.phase is not None}
        kickoff, sustain = by_phase.get(Phase.KICKOFF), by_phase.get(Phase.SUSTAIN)
        if kickoff and sustain:
            full = (
                f"both phases are full ({kickoff.cap} kickoff and {sustain.cap} sustain "
                f"creators), where their budgets alone would fund about "
                f"{kickoff.budget_only_creators} and {sustain.budget_only_creators}"
            )
        else:
            (phase, use), *_ = by_phase.items()
            full = (
                f"the {phase.value} phase is full at {count_noun(use.cap, 'creator')}, where its "
                f"budget alone would fund about {use.budget_only_creators}"
            )
        text = (
            f"Of the {cap}-creator cap ({how}), the kickoff gets {share} (at least one) and "
            f"sustain the rest: {full}, {instead}"
        )
    if plan.flags.unspent_due_to_cap:
        text += f", and {_money(plan.unspent, plan.request.currency)} stays unspent"
    return Note(text=text + ".", source_ids=(MODEL_SOURCE,))


def build_assumptions(plan: MixPlan) -> tuple[Note, ...]:
    """The main assumptions, short enough for a footer."""
    request = plan.request
    model = mix_model()
    platform = request.platform
    tiers = [line.tier for line in plan.lines] or list(request.allowed_tiers)
    economics = [tier_economics(tier, platform) for tier in tiers]
    price_sources = tuple(dict.fromkeys(s for e in economics for s in e.price.source_ids))
    sizes = ", ".join(
        f"{e.tier.value} {format_money_range(e.price.low, e.price.high, compact=True)} at "
        f"{format_count(int(model.tiers[e.tier].typical_followers.value))} followers"
        for e in economics
    )
    notes = [
        Note(
            text=f"Prices per post at each tier's typical size ({sizes}), planned at the midpoint",
            source_ids=price_sources,
        )
    ]
    if Tier.MEGA in tiers:
        ceiling = model.planning.mega_planning_high_usd.value
        notes.append(
            Note(
                text=f"Mega: rate-card floor to ${ceiling:,.0f} (six figures), "
                "planned at the midpoint",
                source_ids=("imh-rates-2021", "seed-002"),
            )
        )
    cpm_sources = tuple(dict.fromkeys(s for e in economics for s in e.cpm.source_ids))
    notes.append(
        Note(
            text="Reach: fees ÷ CPM × 1,000; repeat posts reach 30% new people",
            source_ids=(*cpm_sources, MODEL_SOURCE),
        )
    )
    rates = ", ".join(
        f"{tier.value} {model.tiers[tier].planning_engagement_rate:.2%}".replace(".00%", "%")
        for tier in tiers
    )
    notes.append(
        Note(
            text=f"Engagement: followers × rate ({rates})",
            source_ids=("seed-000", "hypeauditor-2018", "seed-002"),
        )
    )
    coordination = _money(model.planning.coordination_usd.value, request.currency)
    notes.append(
        Note(
            text=f"{coordination} coordination per creator; "
            "each extra creator in a tier adds 3% less",
            source_ids=(MODEL_SOURCE,),
        )
    )
    if plan.flags.platform_uses_proxy_prices:
        notes.append(
            Note(
                text=f"No published {platform.label} figures for {_names(plan.flags.proxy_tiers)}: "
                f"{PROXY_PLATFORM.label}'s card and CPM stand in",
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
    if plan.flags.default_cap_applied:
        notes.append(
            Note(
                text=f"No max creators given: capped at {plan.max_creators}",
                source_ids=(MODEL_SOURCE,),
            )
        )
    return tuple(notes)
