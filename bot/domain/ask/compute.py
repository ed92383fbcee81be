"""Answers worked out from the question's numbers, with the resolvers /classify and /mix use.

Each function returns a `Computed`: a title, a short body in a marketer's words, the
working in one line, the command that does more, and the sources of every figure shown.
Money is the rate cards' USD, as in /classify and /mix.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain import knowledge
from bot.domain.ask import facts
from bot.domain.benchmarks import Basis, context_figures
from bot.domain.creator_report import near_boundary_text
from bot.domain.creator_size import SizedBenchmark, SizedFee, SizedPrice, TierSize, priced_for
from bot.domain.mix import Goal, MixPlan, Phase, PlanLine
from bot.domain.numbers import (
    format_count,
    format_int,
    format_money,
    format_money_range,
    format_percent,
    format_percent_range,
)
from bot.domain.platforms import Platform
from bot.domain.rate_card_text import typical_top
from bot.domain.sources import cite
from bot.domain.tier import ALL_TIERS, Tier
from bot.domain.tier_profiles import tier_profile
from bot.domain.tiers import (
    Classification,
    TierScheme,
    classify_across_schemes,
    default_scheme,
    get_scheme,
)
from bot.domain.wording import with_article

DEFAULT_PLATFORM = Platform.INSTAGRAM
MAX_CREATORS_SHOWN = 500  # past this a tier is the wrong tool for the target
FAR_ABOVE_BAND = 3  # a rate over this many times the band's top is not simply "good"
EXAMPLE_BUDGET = 50_000.0  # a /mix budget to show when the question gives none to start from


@dataclass(frozen=True, slots=True)
class Computed:
    kind: str  # tier-of, engagement-check, posts-cost, creators-for-reach, budget, compare
    title: str
    body: str
    working: str
    next_step: str
    source_ids: tuple[str, ...]
    # The knowledge entry whose question this answers for the asker's own case ("which
    # tier for a local bakery" is the tier-for-goal question, worked out): "" when none.
    topic: str = ""


def _place(placement: Classification) -> str:
    """ "micro", "emerging (below nano)", "in no tier (this scheme skips 50K–1M)"."""
    if placement.tier is not None:
        return placement.tier.value
    if placement.in_gap:
        # "in no tier (this scheme skips 50K–1M)": the scheme's own plain label.
        return f"in {placement.label}"
    return placement.label


SERVER = "this server's scheme"
DIRECT_MESSAGES = "the default scheme (direct messages use it)"


def _scheme_words(scheme: TierScheme, owner: str) -> str:
    """ "this server's scheme, *Five-tier industry standard*": whose scheme the answer used."""
    return f"{owner}, *{scheme.name}*"


def _platform_note(platform: Platform | None) -> tuple[Platform, str]:
    """The platform to use, and the assumption to state when none was named."""
    if platform is not None:
        return platform, ""
    return DEFAULT_PLATFORM, " Assumed Instagram, as no platform was named."


def _followers(shown: str, followers: int, platform: Platform | None = None) -> str:
    """ "50K followers", "1 follower"; "500K subscribers" on YouTube."""
    noun = platform.audience_noun if platform is not None else "follower"
    return f"{shown} {noun}" + ("" if followers == 1 else "s")


def _per(basis: Basis, platform: Platform) -> str:
    """What a rate is divided by, in the platform's words: "views", "subscribers"."""
    return basis.value if basis is Basis.VIEWS else f"{platform.audience_noun}s"


def _plural(count: int, word: str) -> str:
    return f"{format_int(count)} {word}" + ("" if count == 1 else "s")


# -- the tier of a follower count ---


def _classify_command(count: str, platform: Platform | None) -> str:
    """A /classify command that runs as typed: it needs a platform."""
    chosen = platform or DEFAULT_PLATFORM
    command = f"`/classify followers:{count.lower()} platform:{chosen.value}`"
    return command if platform else f"{command} (or the creator's platform)"


def tier_of(
    followers: int,
    scheme: TierScheme,
    asked: tuple[Tier, ...] = (),
    *,
    owner: str = SERVER,
    platform: Platform | None = None,
) -> Computed:
    placement = scheme.classify(followers)
    count = format_count(followers)
    label = _place(placement)
    # "800K subscribers" on YouTube: the platform's own word for its audience, as /classify.
    size = _followers(count, followers, platform)
    lines = [f"**{size} is {label}** under {_scheme_words(scheme, owner)}."]
    named = [tier for tier in asked if placement.tier is not tier]
    if asked and named and len(named) == len(asked):
        ranges = []
        for tier in named:
            found = scheme.range_of(tier)
            ranges.append(
                f"{tier.value} is {found.label}"
                if found
                else f"this scheme has no {tier.value} tier"
            )
        lines.append(f"So not {' or '.join(t.value for t in named)}: " + "; ".join(ranges) + ".")
    near = near_boundary_text(placement)
    if near:
        lines.append(f"It is close to a line: {near}.")
    # Only schemes that name a tier here: a gap in another scheme answers nothing.
    differing = [c for c in classify_across_schemes(followers, scheme).differing if c.tier][:3]
    if differing:
        # "Five-tier industry standard and Later x Fohr say mid": each place once.
        by_place: dict[str, list[str]] = {}
        for c in differing:
            by_place.setdefault(_place(c), []).append(get_scheme(c.scheme_id).name)
        others = "; ".join(
            f"{_and_list(names)} {'says' if len(names) == 1 else 'say'} {place}"
            for place, names in by_place.items()
        )
        lines.append(f"Tier definitions differ between sources: {others}.")
    # Scheme names can carry brackets ("Five-tier industry standard"): never inside others.
    working = f"{count} falls in {placement.band_label} → {label} in {scheme.name}."
    return Computed(
        kind="tier-of",
        title=f"{size}: {label[:1].upper() + label[1:]}",
        body="\n".join(lines),
        working=working,
        next_step=f"{_classify_command(count, platform)} adds engagement, a benchmark and a price.",
        source_ids=scheme.source_ids,
    )


# -- is this engagement rate good ---


def engagement_check(
    rate: float,
    followers: int,
    platform: Platform | None,
    scheme: TierScheme,
    *,
    owner: str = SERVER,
    by_views: bool = False,
) -> Computed:
    """Whether a typed rate is typical for the size. `by_views`: the question says the rate
    is per view; otherwise a per-view benchmark gets both readings, never one verdict."""
    chosen, assumed = _platform_note(platform)
    count = format_count(followers)
    shown = format_percent(rate)
    size = facts.size_facts(chosen, followers, scheme)
    band = size.benchmark
    if band is None:
        return Computed(
            kind="engagement-check",
            title=f"{shown} engagement at {_followers(count, followers, chosen)} on {chosen.label}",
            body=(
                f"I can't say whether {shown} is good for {_followers(count, followers, chosen)} "
                f"on {chosen.label}: "
                f"{size.benchmark_gap}. Compare it with the creator's own recent posts, or "
                "with creators of the same size you have worked with." + assumed
            ),
            working=f"{count} on {chosen.label}: {size.benchmark_gap}.",
            next_step="`/classify` shows every figure that does exist for one creator.",
            source_ids=scheme.source_ids,
        )
    if band.basis is Basis.VIEWS and not by_views:
        two = _two_readings(rate, followers, chosen, band)
        if two is not None:
            body, working, sources = two
            placed = (
                f"{count} followers is {_place(size.placement)} under "
                f"{_scheme_words(scheme, owner)}."
            )
            return Computed(
                kind="engagement-check",
                title=f"Is {shown} engagement good at {_followers(count, followers, chosen)} on "
                f"{chosen.label}?",
                body=f"{body}\n{placed}" + (f"\n{assumed.strip()}" if assumed else ""),
                working=working,
                next_step=(
                    "`/classify` with likes, comments and views computes the rate both ways."
                ),
                source_ids=tuple(dict.fromkeys((*sources, *scheme.source_ids))),
            )
    verdict = facts.judge(rate, band)
    range_text = format_percent_range(band.low, band.high)
    far_above = verdict == "above" and rate > band.high * FAR_ABOVE_BAND
    judged = {
        "below": f"**{shown} is below typical** for this size",
        "typical": f"**{shown} is typical** for this size",
        "above": f"**{shown} is above typical** for this size, which is good",
    }[verdict]
    if far_above:
        # Several times the band is as likely to be bought or pooled as earned.
        judged = f"**{shown} is far above typical** for this size, worth a closer look"
    # YouTube counts subscribers on channels; the benchmark's "followers" basis is those.
    accounts, people = (
        ("channels", "subscribers") if chosen is Platform.YOUTUBE else ("accounts", "followers")
    )
    basis = people if band.basis.value == "followers" else band.basis.value
    lines = [
        f"{judged}: {chosen.label} {accounts} of {band.size_label} {people} usually get "
        f"{range_text} by {basis}. That size is {_place(size.placement)} under "
        f"{_scheme_words(scheme, owner)}.",
    ]
    if far_above:
        lines.append(
            "It can be a small, loyal audience, but giveaways and engagement pods look the same: "
            "check who comments, across several posts."
        )
    if verdict == "below":
        lines.append(
            "Bigger accounts usually engage less, so compare within the size band, and check "
            "for inactive or bought followers if it is far below."
        )
    if band.basis.value == "views":
        lines.append(f"This {chosen.label} benchmark divides by views, not followers.")
    if assumed:
        lines.append(assumed.strip())
    return Computed(
        kind="engagement-check",
        title=(
            f"Is {shown} engagement good at {_followers(count, followers, chosen)} on "
            f"{chosen.label}?"
        ),
        body="\n".join(lines),
        working=(
            f"{shown} vs {range_text} ({band.size_label}, {chosen.label}) → "
            + (f"far above (over {FAR_ABOVE_BAND}× the top)." if far_above else f"{verdict}.")
        ),
        next_step="`/classify` with likes, comments and views computes the rate itself.",
        source_ids=tuple(dict.fromkeys((*band.source_ids, *scheme.source_ids))),
    )


_NEAR_MEDIAN = 0.15  # within 15% of a single published median reads as "close to" it


def _two_readings(
    rate: float, followers: int, platform: Platform, band: SizedBenchmark
) -> tuple[str, str, tuple[str, ...]] | None:
    """A rate whose basis the question leaves open, read by views (the band) and by
    followers (the platform's published per-follower figure); None when there is none."""
    figures = [
        f for f in context_figures(platform, followers, Basis.FOLLOWERS) if f.basis is not None
    ]
    if not figures:
        return None
    figure = figures[0]
    shown = format_percent(rate)
    range_text = format_percent_range(band.low, band.high)
    by_views = facts.judge(rate, band)
    views_words = {"below": "below", "typical": "within", "above": "above"}[by_views]
    if abs(rate - figure.value) <= figure.value * _NEAR_MEDIAN:
        followers_words = "close to"
    else:
        followers_words = "below" if rate < figure.value else "above"
    # "median, all sizes" → "a median of 1.31% by followers across all sizes"
    kind, _, qualifier = figure.stat.partition(", ")
    if qualifier:
        scope = f" across {qualifier}"
    elif figure.min_followers == 0 and figure.max_followers is None:
        scope = ""
    else:
        scope = f" for {figure.size_label} accounts"
    figure_text = f"{with_article(kind)} of {format_percent(figure.value)} by followers{scope}"
    body = (
        f"**It depends on what {shown} is divided by.** "
        f"By views, {platform.label} accounts of {band.size_label} followers usually get "
        f"{range_text}, so {shown} of views is {views_words} that range. By followers, the "
        f"published {platform.label} figure is {figure_text} "
        f"({cite(figure.source_ids[:1])}), so {shown} of followers is {followers_words} it."
    )
    working = (
        f"by views: {shown} vs {range_text} ({band.size_label}) → {by_views}; by followers: "
        f"{shown} vs {format_percent(figure.value)} ({figure.stat}) → {followers_words} it."
    )
    return body, working, (*band.source_ids, *figure.source_ids[:1])


# -- what engagement an account of this size gets ---


def size_engagement(
    followers: int, platform: Platform | None, scheme: TierScheme, *, owner: str = SERVER
) -> Computed:
    """The published engagement band for accounts of this size, the one /classify uses."""
    chosen, assumed = _platform_note(platform)
    count = format_count(followers)
    # YouTube counts subscribers on channels; the benchmark's "followers" basis is those.
    accounts, people = (
        ("channels", "subscribers") if chosen is Platform.YOUTUBE else ("accounts", "followers")
    )
    who = f"{count} {people}" if followers != 1 else f"{count} {people[:-1]}"
    size = facts.size_facts(chosen, followers, scheme)
    band = size.benchmark
    title = f"Typical engagement at {who} on {chosen.label}"
    placed = f"{who} is {_place(size.placement)} under {_scheme_words(scheme, owner)}."
    if band is None:
        return Computed(
            kind="size-engagement",
            title=title,
            body=(
                f"I won't give a number for {who} on {chosen.label}: {size.benchmark_gap}. "
                f"{placed}{assumed}"
            ),
            working=f"{count} on {chosen.label}: {size.benchmark_gap}.",
            next_step="`/classify` shows every figure that does exist for one creator.",
            source_ids=scheme.source_ids,
        )
    range_text = format_percent_range(band.low, band.high)
    basis = people if band.basis.value == "followers" else band.basis.value
    lines = [
        f"**{chosen.label} {accounts} of {band.size_label} {people} usually get {range_text} "
        f"engagement by {basis}.** {placed}",
    ]
    if band.basis.value == "views":
        lines.append(f"This {chosen.label} benchmark divides by views, not followers.")
    if assumed:
        lines.append(assumed.strip())
    return Computed(
        kind="size-engagement",
        title=title,
        body="\n".join(lines),
        working=f"{count} is in the {band.size_label} band → {range_text} ({chosen.label}).",
        next_step=(
            f"{_classify_command(count, platform)} with likes and comments judges one "
            "creator's rate against this band."
        ),
        source_ids=tuple(dict.fromkeys((*band.source_ids, *scheme.source_ids))),
    )


def tier_engagement_check(
    rate: float, tier: Tier, platform: Platform | None, scheme: TierScheme, *, owner: str = SERVER
) -> Computed:
    """A typed rate against the bands covering a whole tier ("is 2% good for a nano")."""
    chosen, assumed = _platform_note(platform)
    size, fallback = facts.tier_size(chosen, tier, scheme)
    range_scheme = get_scheme(size.scheme_id) if fallback else scheme
    shown = format_percent(rate)
    title = f"Is {shown} engagement good for {tier.value} creators on {chosen.label}?"
    span = size.benchmark
    if span is None:
        return Computed(
            kind="engagement-check",
            title=title,
            body=(
                f"I can't say: no source Tierbot uses publishes {chosen.label} engagement for "
                f"{tier.value} accounts ({size.range_label} followers).{assumed}"
            ),
            working=f"{tier.value} = {size.range_label}; no {chosen.label} band.",
            next_step="`/classify` shows every figure that does exist for one creator.",
            source_ids=range_scheme.source_ids,
        )
    range_text = format_percent_range(span.low, span.high)
    if rate < span.low:
        verdict, judged = "below", f"**{shown} is below** what {tier.value} creators usually get"
    elif rate > span.high * FAR_ABOVE_BAND:
        verdict = f"far above (over {FAR_ABOVE_BAND}× the top)"
        judged = f"**{shown} is far above** what {tier.value} creators usually get"
    elif rate > span.high:
        verdict, judged = "above", f"**{shown} is above** what {tier.value} creators usually get"
    else:
        verdict, judged = "within", f"**{shown} is within** what {tier.value} creators usually get"
    whose = (
        f"the range in {range_scheme.name}, as {owner} has no {tier.value} tier"
        if fallback
        else f"the range in {_scheme_words(range_scheme, owner)}"
    )
    lines = [
        f"{judged} on {chosen.label}: {range_text} by {_per(span.basis, chosen)} across "
        f"{size.range_label} accounts, {whose}.",
        "Smaller accounts in a tier usually engage more, so the band for the creator's exact "
        "size is narrower: give the follower count to compare with it.",
    ]
    if verdict.startswith("far above"):
        lines.append(
            "Several times the usual rate can be a loyal audience, but giveaways and engagement "
            "pods look the same: check who comments."
        )
    if span.basis.value == "views":
        lines.append(f"{chosen.label} benchmarks divide by views, not followers.")
    if assumed:
        lines.append(assumed.strip())
    return Computed(
        kind="engagement-check",
        title=title,
        body="\n".join(lines),
        working=f"{shown} vs {range_text} ({tier.value} = {size.range_label}, {chosen.label}) "
        f"→ {verdict}.",
        next_step=(
            "`/classify` with followers, likes and comments judges one creator against the "
            "band for their size."
        ),
        source_ids=tuple(dict.fromkeys((*span.source_ids, *range_scheme.source_ids))),
    )


# -- what posts cost ---


# Round budgets a marketer would type: (from, step), the step applying from that amount up.
_BUDGET_STEPS = ((0.0, 50.0), (1_000.0, 1_000.0), (100_000.0, 5_000.0), (1_000_000.0, 10_000.0))


def _budget_step(amount: float) -> float:
    return next(step for start, step in reversed(_BUDGET_STEPS) if amount >= start)


def _round_up_budget(amount: float) -> float:
    """`amount` rounded up to the next round budget ($50s, then $1Ks, $5Ks, $10Ks)."""
    step = _budget_step(amount)
    rounded = math.ceil(amount / step - 1e-9) * step
    return rounded if _budget_step(rounded) == step else _round_up_budget(rounded)


def _budget_word(amount: float) -> str:
    """ "950", "46k", "1.03m": how a round budget is typed into /mix."""
    if amount >= 1_000_000:
        return f"{amount / 1_000_000:g}m"
    if amount >= 1000:
        return f"{amount / 1000:g}k"
    return f"{amount:g}"


def _budget_text(
    amount: float, platform: Platform, goal: Goal = Goal.AWARENESS
) -> tuple[str, float]:
    """A budget to type into /mix ("45150" -> "46k") and the amount it stands for: rounded
    up, so never below `amount`, and never below what /mix plans `goal` with."""
    rounded = _round_up_budget(max(amount, facts.smallest_mix_budget(platform, goal)))
    return _budget_word(rounded), rounded


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _booked(lines: Sequence[PlanLine]) -> str:
    """ "1 nano creator and 6 micro creators": each tier once, smallest first (a launch plan
    books some tiers in both phases)."""
    counts: dict[Tier, int] = {}
    for line in lines:
        counts[line.tier] = counts.get(line.tier, 0) + line.creators
    ordered = sorted(counts, key=lambda tier: tier.rank)
    return _and_list([_plural(counts[tier], f"{tier.value} creator") for tier in ordered])


def _plan_summary(plan: MixPlan, *, impressions: bool = False) -> str:
    """ "1 nano creator and 6 micro creators ($2,960), reaching about 187K people"; with
    `impressions`, the impressions it delivers instead."""
    booked = _booked(plan.lines)
    measure = (
        f"{format_count(round(plan.impressions))} impressions"
        if impressions
        else f"{format_count(round(plan.expected_reach))} people"
    )
    return f"{booked} ({format_money(round(plan.total_spend))}), reaching about {measure}"


def _mix_command(text: str, platform: Platform, goal: Goal = Goal.AWARENESS) -> str:
    return f"`/mix goal:{goal.value} budget:{text} platform:{platform.value}`"


def _mix_step(budget: float, platform: Platform, scheme: TierScheme, lead: str) -> str:
    """A /mix command for about `budget`, and what that command really plans: /mix picks
    its own tiers, so the step says what it books rather than promise the tier asked about."""
    text, amount = _budget_text(budget, platform)
    command = _mix_command(text, platform)
    plan = facts.awareness_plan(amount, platform, scheme)
    if plan is None or not plan.lines:
        return f"{command} plans a budget across tiers for a goal."
    return f"{command} {lead}: it books {_plan_summary(plan)}."


def _budget_reaching(
    target: int, platform: Platform, scheme: TierScheme, *, people: bool, ceiling: float
) -> tuple[str, float, MixPlan] | None:
    """The smallest round budget at which /mix's own awareness plan reaches `target` people
    (or impressions), searched up to `ceiling`; None when none does."""
    start = facts.smallest_mix_budget(platform)
    amounts = [_round_up_budget(start)]
    while amounts[-1] < ceiling:
        amounts.append(_round_up_budget(amounts[-1] + _budget_step(amounts[-1])))

    def plan_at(amount: float) -> MixPlan | None:
        return facts.awareness_plan(amount, platform, scheme)

    def reaches(plan: MixPlan | None) -> bool:
        if plan is None:
            return False
        return (plan.expected_reach if people else plan.impressions) >= target

    low, high = 0, len(amounts) - 1
    if high < 0 or not reaches(plan_at(amounts[high])):
        return None
    while low < high:  # more budget never reaches fewer people in /mix's plans
        middle = (low + high) // 2
        if reaches(plan_at(amounts[middle])):
            high = middle
        else:
            low = middle + 1
    plan = plan_at(amounts[low])
    assert plan is not None
    text, amount = _budget_text(amounts[low], platform)
    return text, amount, plan


def _tier_prices(
    tier: Tier, platform: Platform, scheme: TierScheme
) -> tuple[TierSize, Platform, str]:
    """A tier's price rows at the sizes the server's scheme gives it (the rows /classify and
    /mix quote: the stand-in card's where the platform has no full card, see
    `_stand_in_note`), the platform whose card they are, and a note when the scheme has no
    such tier."""
    size, fallback = facts.tier_size(platform, tier, scheme)
    note = ""
    if fallback:
        note = (
            f" This server's scheme has no {tier.value} tier, so "
            f"{get_scheme(size.scheme_id).name}'s range is used."
        )
    if facts.card_platform(platform) is not platform:
        # No full card of its own: the stand-in's rows, in the words /classify and /mix use.
        proxy, _ = facts.tier_size(facts.card_platform(platform), tier, scheme)
        return priced_for(proxy, platform), facts.card_platform(platform), note
    return size, platform, note


def _stand_in_note(platform: Platform) -> str:
    """ " No rate card is published for Facebook; Instagram's card stands in as our estimate,
    as in /classify and /mix." where the platform has no full card of its own; else ""."""
    if facts.card_platform(platform) is platform:
        return ""
    stand_in = facts.stand_in_text(platform)
    return f" {stand_in[:1].upper()}{stand_in[1:]}."


def _rows_text(size: TierSize) -> str:
    """ "$25–$125 a post at 10K–50K followers, $125–$1,250 at 50K–100K": each card row,
    cut to the tier's sizes."""
    parts = []
    for index, row in enumerate(size.price_rows):
        money = format_money_range(row.low, row.high)
        if row.approximate:
            money = f"about {money}"
        if len(size.price_rows) == 1 and size.row_size_label(row) == size.range_label:
            return f"{money} a post"  # one row for the whole tier: its sizes are said already
        where = size.row_size_label(row) + (
            f" {size.platform.audience_noun}s" if index == 0 else ""
        )
        parts.append(f"{money}{' a post' if index == 0 else ''} at {where}")
    return ", ".join(parts)


def _open_top(rows: tuple[SizedPrice, ...], card: Platform) -> tuple[SizedPrice, SizedFee] | None:
    """The open-ended top row among `rows` ("$2,500+" for 1M+) and what Tierbot plans a
    typical creator of the top tier at on that card (the resolver's fee, which /mix books);
    None when the rows have no open-ended row."""
    top = next((row for row in rows if row.high is None), None)
    fee = facts.typical_top_fee(card) if top is not None else None
    if top is None or fee is None:
        return None
    return top, fee


def _floor_note(rows: tuple[SizedPrice, ...], card: Platform) -> tuple[str, tuple[str, ...]]:
    """An open-ended top row said for what it is: the published floor, and the price Tierbot
    plans a typical mega creator at (the one /mix books), so "$2,500+" never stands beside
    /mix's price unexplained. Empty when no row is open-ended."""
    found = _open_top(rows, card)
    if found is None:
        return "", ()
    top, fee = found
    text = (
        f" {format_money(top.low)} is only the published floor for {top.size_label} accounts. "
        f"Tierbot plans {typical_top(fee, card)} at **{format_money(fee.planning)} a post**, "
        f"midway between that floor and {format_money(fee.high)} (one post can reach six "
        "figures)."
    )
    return text, fee.source_ids


def _tier_who(size: TierSize, *, capital: bool = False) -> str:
    """ "a micro creator (10K–100K followers)"."""
    who = with_article(f"{size.tier.value} creator", capital=capital)
    return f"{who} ({size.range_label} {size.platform.audience_noun}s)"


def _unpriced_note(size: TierSize) -> str:
    if size.unpriced_below is None:
        return ""
    return f" No rate card prices accounts under {format_count(size.unpriced_below)}."


def _posts_mix_step(tier: Tier, posts: int, platform: Platform, scheme: TierScheme) -> str:
    """/mix for what these posts cost as /mix prices them (its midpoint for the tier's
    typical creator, plus one creator's coordination), and what /mix books with it."""
    econ = facts.tier_plan_figures(tier, platform)
    coordination = facts.coordination_per_creator()
    cost = posts * econ.planning_price + coordination
    fees = (
        f"a typical {tier.value} post at {format_money(round(econ.planning_price))}"
        if posts == 1
        else f"{format_int(posts)} typical {tier.value} posts at "
        f"{format_money(round(econ.planning_price))} each"
    )
    lead = (
        f"plans a campaign for about that money ({fees} plus "
        f"{format_money(round(coordination))} for outreach and review)"
    )
    return _mix_step(cost, platform, scheme, lead)


def posts_cost(
    tier: Tier, posts: int, platform: Platform | None, scheme: TierScheme | None = None
) -> Computed:
    chosen, assumed = _platform_note(platform)
    size, card, note = _tier_prices(tier, chosen, scheme or default_scheme())
    counted = "a post" if posts == 1 else _plural(posts, "post")
    title = f"Cost of {counted} from {tier.value} creators on {chosen.label}"
    price = size.price
    if price is None:
        return Computed(
            kind="posts-cost",
            title=title,
            body=(
                f"No published rate card prices {_tier_who(size)} on {chosen.label}, so I "
                f"won't guess one. Ask creators for their rate cards.{note}{assumed}"
            ),
            working=f"{tier.value} = {size.range_label}: no {chosen.label} price row.",
            next_step="`/tiers define` shows what is known about each tier.",
            source_ids=(),
        )
    span = format_money_range(price.low, price.high)
    total = format_money_range(
        price.low * posts, None if price.high is None else price.high * posts
    )
    # One post: the rows are the answer; a total of one would only repeat them.
    summed = f". {_plural(posts, 'post')}: {total}." if posts > 1 else "."
    floor, floor_sources = _floor_note(size.price_rows, card)
    on = chosen.label if card is chosen else f"{chosen.label}, by {card.label}'s card"
    body = (
        f"**{_tier_who(size, capital=True)} on {on}: {_rows_text(size)}"
        f"{summed}**{floor}{_unpriced_note(size)}{note}{_stand_in_note(chosen)}{assumed}\n"
        "Rate cards are a starting point: usage rights, exclusivity and whitelisting are "
        "usually priced on top."
    )
    working = (
        f"{format_int(posts)} × {span} = {total}."
        if posts > 1
        else f"{tier.value} = {size.range_label} → the {card.label} rate card's rows for those "
        f"sizes: {span} a post."
    )
    top = _open_top(size.price_rows, card)
    if top is not None:
        row, fee = top
        working += (
            f" Planned: ({format_money(row.low)} + {format_money(fee.high)}) ÷ 2 = "
            f"{format_money(fee.planning)} a post."
        )
    return Computed(
        kind="posts-cost",
        title=title,
        body=body,
        working=working,
        next_step=_posts_mix_step(tier, posts, chosen, scheme or default_scheme()),
        source_ids=tuple(dict.fromkeys((*price.source_ids, *floor_sources))),
    )


def size_cost(
    followers: int,
    platform: Platform | None,
    scheme: TierScheme,
    *,
    owner: str = SERVER,
    posts: int = 1,
) -> Computed:
    chosen, assumed = _platform_note(platform)
    size = facts.size_facts(chosen, followers, scheme)
    count = format_count(followers)
    counted = "a post" if posts == 1 else _plural(posts, "post")
    account = with_article(f"{count}-{chosen.audience_noun} account")
    title = f"Cost of {counted} from {account} on {chosen.label}"
    if size.price is None:
        return Computed(
            kind="posts-cost",
            title=title,
            body=(
                f"I won't guess a price: {size.price_gap}. Ask the creator for their rate "
                f"card and compare it with what similar creators quote.{assumed}"
            ),
            working=f"{count} on {chosen.label}: {size.price_gap}.",
            next_step="`/classify` shows what is known about one creator.",
            source_ids=scheme.source_ids,
        )
    price = size.price
    money = format_money_range(price.low, price.high)
    if price.approximate:
        money = f"about {money}"
    total = format_money_range(
        price.low * posts, None if price.high is None else price.high * posts
    )
    summed = (
        f" {_plural(posts, 'post')}: {'about ' if price.approximate else ''}{total}."
        if posts > 1
        else ""
    )
    if price.stands_in_for is not None:
        # The stand-in card, said as /classify and /mix say it.
        point = facts.published_point_text(chosen, followers)
        card_words = (
            f": {facts.stand_in_text(chosen)} (its rate for {price.size_label} accounts)."
            + (f" {point}" if point else "")
        )
        card_name = f"{facts.card_platform(chosen).label}'s card"
    else:
        card_words = f" on the rate card for {price.size_label} accounts."
        card_name = "the rate card"
    body = (
        f"**{money} per post**{card_words}{summed} {count} "
        f"{chosen.audience_noun}s is {_place(size.placement)} under "
        f"{_scheme_words(scheme, owner)}.{assumed}"
    )
    working = f"{count} is in {card_name}'s {price.size_label} band → {money}."
    if posts > 1:
        working += f" {format_int(posts)} × {money} = {total}."
    extra_sources: tuple[str, ...] = ()
    sized = size.size_fee
    if sized is not None:
        # At or above the typical mega creator: the fee at exactly this size, as /classify
        # and /mix price it.
        body += (
            f"\nThat is only the published floor. At {count} {chosen.audience_noun}s Tierbot "
            f"plans **about {format_money(round(sized.planning))} a post** "
            f"({format_money_range(round(sized.low), round(sized.high))}): a typical mega "
            "creator's planning fee, grown in step with the audience."
        )
        working += f" Planned at this size: {format_money(round(sized.planning))}."
        if posts > 1:
            planned_total = format_money(round(sized.planning) * posts)
            body += f" {_plural(posts, 'post')}: about {planned_total}."
        extra_sources = sized.source_ids
    elif price.high is None:
        floor, extra_sources = _floor_note((price,), chosen)
        body += f"\n{floor.strip()}" if floor else ""
    return Computed(
        kind="posts-cost",
        title=title,
        body=body,
        working=working,
        next_step=(
            f"`/classify followers:{count.lower()} platform:{chosen.value}` adds cost per "
            "engagement."
        ),
        source_ids=tuple(dict.fromkeys((*price.source_ids, *extra_sources, *scheme.source_ids))),
    )


# -- how many creators for a reach target ---


def _per_post_shown(per_post: float) -> int:
    """Impressions a post to two significant figures: the number shown and multiplied, so
    the working line multiplies out exactly as written."""
    if per_post < 1:
        return 0
    digits = max(0, len(str(int(per_post))) - 2)
    return max(1, int(round(per_post, -digits)))


def _reach_plan(per_post: int, target: int, most_posts: int) -> tuple[int, int] | None:
    """(creators, posts each): the fewest posts per creator, then the fewest creators, with
    creators × posts × impressions a post ≥ target."""
    if per_post <= 0:
        return None
    for posts in range(1, most_posts + 1):
        needed = max(1, math.ceil(target / (per_post * posts)))
        if needed <= MAX_CREATORS_SHOWN:
            return needed, posts
    return None


def _people_reached(per_post: float, creators: int, posts: int) -> float:
    """People reached in /mix's reach model (one model for both commands)."""
    return facts.people_reached(per_post, creators, posts)


def _people_plan(per_post: int, target: int, most_posts: int) -> tuple[int, int] | None:
    """(creators, posts each) for `target` different people in /mix's reach model: the
    fewest posts per creator, then the fewest creators. Overlap caps what a tier can reach,
    so a target past that cap has no plan."""
    if per_post <= 0:
        return None
    pool = facts.audience_pool()
    if target >= pool:
        return None  # more people than the platform audience the model draws from
    for posts in range(1, most_posts + 1):
        per_creator = min(per_post * facts.repeat_reach(posts), pool * (1 - 1e-12))
        # N creators reach pool × (1 − (1 − per_creator/pool)^N) people: solve for N.
        needed = max(1, math.ceil(math.log1p(-target / pool) / math.log1p(-per_creator / pool)))
        while _people_reached(per_post, needed, posts) < target:  # float rounding
            needed += 1
        if needed <= MAX_CREATORS_SHOWN:
            return needed, posts
    return None


def _reach_words(impressions: float, reached: float, creators: int, posts: int) -> str:
    """ "reaching about 230K different people, as …": the reason named is the one that
    applies, and a count that overlap barely lowers is said to be barely lowered."""
    people = format_count(round(reached))
    if creators == 1 and posts == 1:
        return f"each of them a different person: one post, one audience of about {people}"
    if people == format_count(round(impressions)):
        return f"reaching about {people} different people: these audiences overlap very little"
    causes = []
    if creators > 1:
        causes.append("creators' audiences overlap")
    if posts > 1:
        causes.append("repeat posts reach fewer new people")
    return f"reaching about {people} different people, as {' and '.join(causes)}"


def creators_for_reach(
    target: int,
    tiers: tuple[Tier, ...],
    platform: Platform | None,
    scheme: TierScheme,
    *,
    people: bool = False,
) -> Computed:
    """How many creators of each tier reach `target` impressions, or `target` different
    people when `people` is set (audiences overlap, so that takes more)."""
    chosen, assumed = _platform_note(platform)
    shown_tiers = [t for t in (tiers or ALL_TIERS) if t in scheme.tiers or tiers]
    lines: list[str] = []
    sources: list[str] = []
    working = ""
    budget: float | None = None  # the first workable tier's cost, as a /mix starting point
    costs: list[tuple[float, Tier]] = []  # each workable tier's cost, to name the cheapest
    unit = "people" if people else "impressions"
    fallback = ""  # the working of an unreachable people target, when nothing reaches it
    for tier in shown_tiers:
        econ = facts.tier_plan_figures(tier, chosen)
        per_post = _per_post_shown(econ.impressions_per_post)
        sources.extend(econ.impressions_source_ids)
        most = facts.max_posts(tier)
        plan = (
            _people_plan(per_post, target, most) if people else _reach_plan(per_post, target, most)
        )
        if plan is None:
            if people:
                ceiling = _people_reached(per_post, MAX_CREATORS_SHOWN, most)
                capped = (
                    f"{tier.value}: {format_int(MAX_CREATORS_SHOWN)} creators × "
                    f"{_plural(most, 'post')} of {format_int(per_post)} impressions, less "
                    f"overlap → about {format_count(round(ceiling))} people < "
                    f"{format_count(target)}."
                )
                fallback = fallback or capped
                lines.append(
                    f"**{tier.label}:** out of reach for {tier.value} creators alone: "
                    f"even {format_int(MAX_CREATORS_SHOWN)} creators "
                    f"with {_plural(most, 'post')} each reach about "
                    f"{format_count(round(ceiling))} different people."
                )
            else:
                lines.append(
                    f"**{tier.label}:** out of reach for {tier.value} creators alone: about "
                    f"{format_int(per_post)} impressions a post, and past "
                    f"{format_int(MAX_CREATORS_SHOWN)} creators a tier is the wrong tool."
                )
            continue
        needed, posts = plan
        total = needed * posts * per_post
        fees = needed * posts * econ.planning_price
        coordination = needed * facts.coordination_per_creator()
        cost = fees + coordination
        reached = _people_reached(per_post, needed, posts)
        budget = budget if budget is not None else cost
        costs.append((cost, tier))
        each = _plural(posts, "post") + ("" if needed == 1 else " each")
        who = f"{_plural(needed, 'creator')}, {each}"
        lines.append(
            f"**{tier.label}:** {who}: {format_int(per_post)} impressions a post → "
            f"{format_count(total)} impressions, {_reach_words(total, reached, needed, posts)}. "
            f"About {format_money(round(cost), compact=True)} in all: "
            f"{format_money(round(fees), compact=True)} in fees at the middle of the rate card "
            f"plus {format_money(round(facts.coordination_per_creator()))} per creator for "
            "outreach and review."
        )
        if not working:
            if econ.price_is_proxy or econ.cpm_is_proxy:
                why = f"{facts.PROXY_PLATFORM.label}'s price ÷ CPM, our estimate for {chosen.label}"
            else:
                mid = (econ.cpm.low + (econ.cpm.high or econ.cpm.low)) / 2
                why = (
                    f"{format_money(round(econ.planning_price))} a post ÷ "
                    f"{format_money(mid)} CPM × 1,000"
                )
            if people:
                working = (
                    f"{tier.value}: {_plural(needed, 'creator')} × {_plural(posts, 'post')} of "
                    f"{format_int(per_post)} impressions, less overlap → about "
                    f"{format_count(round(reached))} people ≥ {format_count(target)} "
                    f"(impressions a post ≈ {why})."
                )
            else:
                working = (
                    f"{tier.value}: {_plural(needed, 'creator')} × {_plural(posts, 'post')} × "
                    f"{format_int(per_post)} impressions = {format_int(total)} ≥ "
                    f"{format_int(target)} (impressions a post ≈ {why})."
                )
    if not working and tiers and len(tiers) < len(ALL_TIERS):
        lines.append(
            f"To compare every tier, ask `how many creators to reach "
            f"{format_count(target).lower()} {unit}`."
        )
    lines.append(
        "Impressions a post come from the rate-card price ÷ CPM; people reached count each "
        "person once: repeat posts reach fewer new people, and creators' "
        "audiences overlap as slices of one platform audience of about "
        f"{format_count(round(facts.audience_pool()))} people. Estimates, not guarantees."
        f"{assumed}"
    )
    sources.extend(facts.audience_pool_sources())
    subject = f"{shown_tiers[0].value} creators" if len(shown_tiers) == 1 else "creators"
    target_text = format_count(target)
    return Computed(
        kind="creators-for-reach",
        title=f"How many {subject} to reach {target_text} {unit} on {chosen.label}",
        body="\n".join(lines),
        working=working or fallback or "Impressions a post from rate-card price ÷ CPM.",
        next_step=_reach_mix_step(
            target, chosen, scheme, people=people, ceiling=budget, listed=tuple(costs)
        ),
        source_ids=tuple(dict.fromkeys(sources)),
    )


def _cheapest_listed(listed: tuple[tuple[float, Tier], ...]) -> str:
    """ "Micro and macro alone are the cheapest routes listed (about $15.3K each)": the
    single-tier rows that cost least, named so no costlier suggestion reads as the best."""
    least = min(cost for cost, _ in listed)
    cheapest = [tier for cost, tier in listed if round(cost) == round(least)]
    names = _and_list([tier.value for tier in cheapest])
    names = names[0].upper() + names[1:]
    shown = format_money(round(least), compact=True)
    if len(cheapest) == 1:
        return f"{names} alone is the cheapest route listed (about {shown})"
    return f"{names} alone are the cheapest routes listed (about {shown} each)"


def _reach_mix_step(
    target: int,
    platform: Platform,
    scheme: TierScheme,
    *,
    people: bool,
    ceiling: float | None,
    listed: tuple[tuple[float, Tier], ...] = (),
) -> str:
    """The smallest round budget at which /mix's plan reaches the target, and what it
    books: /mix picks the tiers, so it may need less than one tier alone. When a tier
    alone listed above costs no more, that tier is named the cheapest and the mix is
    offered only as a mix, at its true cost."""
    unit = "people" if people else "impressions"
    found = (
        _budget_reaching(target, platform, scheme, people=people, ceiling=ceiling * 1.5)
        if ceiling is not None
        else None
    )
    if found is None:
        # No budget found that reaches it: a command that runs, with a budget to change.
        text, amount = _budget_text(ceiling or EXAMPLE_BUDGET, platform)
        return (
            f"{_mix_command(text, platform)} shows what {format_money(amount)} reaches with a "
            "mix of tiers; change the budget to see more or less."
        )
    text, amount, plan = found
    if listed and min(cost for cost, _ in listed) <= amount:
        return (
            f"{_cheapest_listed(listed)}. For a mix of tiers instead, "
            f"{_mix_command(text, platform)} books {_plan_summary(plan, impressions=not people)}."
        )
    return (
        f"A mix of tiers reaches {format_count(target)} {unit} for "
        f"{format_money(amount)}: {_mix_command(text, platform)} books "
        f"{_plan_summary(plan, impressions=not people)}."
    )


# -- what a budget buys ---


_GOAL_WORDS: dict[Goal, str] = {
    Goal.AWARENESS: "awareness",
    Goal.ENGAGEMENT: "engagement",
    Goal.CONVERSIONS: "conversions",
    Goal.LAUNCH: "a launch",
    Goal.LOCAL: "a local campaign",
    Goal.ALWAYS_ON: "an always-on programme",
}


def _weeks(first: int, last: int) -> str:
    return f"week {first}" if first == last else f"weeks {first}–{last}"


# Budgets a two-tier goal verdict ("micro or macro for sales?") is worked out over: a small
# business's to a brand's mid-sized campaign. "Which tier for <goal>" uses GOAL_TIERS_RANGE.
GOAL_TIER_BUDGETS = (2_000, 5_000, 20_000, 50_000)
SIDE_TIER_SHARE = 0.2  # a tier taking this much of a plan is worth naming beside the lead


# Budgets "which tier for <goal>" is answered over: a small business's to a brand's large
# campaign, where the planner's mix changes (a launch opens with macro or mega creators only
# once the budget can pay for them), so the answer says where it changes.
GOAL_TIERS_RANGE = (2_000, 5_000, 20_000, 50_000, 150_000, 500_000)
# Who the audience is decides the platform, which Tierbot can't know from the product's
# name: said as advice, with the platform the answer assumed and how to change it.
_PLATFORM_ADVICE = (
    "Let the product's buyers pick the platform (for a young audience, TikTok is usually "
    "the place to start); Tierbot plans by goal and budget, not by product."
)


def _budget_list(budgets: list[int], within: Sequence[int]) -> str:
    """ "$20,000 to $50,000" for budgets next to each other in `within`, else each one:
    "$2,000, $150,000 and $500,000"."""
    places = [within.index(budget) for budget in budgets]
    if places == list(range(places[0], places[0] + len(places))):
        return _budget_span(budgets)
    return _and_list([format_money(budget) for budget in budgets])


def _budgets_from(budgets: list[int], *, last: bool) -> str:
    """ "from $150,000" for the last of several budgets a tier leads in a row (the plans
    past it keep that lead), else "at $20,000 to $50,000"."""
    if last and len(budgets) > 1:
        return f"from {format_money(budgets[0])}"
    return f"at {_budget_span(budgets)}"


def _budget_span(budgets: list[int]) -> str:
    """ "$5,000", "$2,000 to $50,000"."""
    if len(budgets) == 1:
        return format_money(budgets[0])
    return f"{format_money(budgets[0])} to {format_money(budgets[-1])}"


def _share_span(shares: list[float]) -> str:
    low, high = round(min(shares) * 100), round(max(shares) * 100)
    return f"{low}%" if low == high else f"{low}–{high}%"


def goal_tiers(goal: Goal, platform: Platform | None, scheme: TierScheme) -> Computed:
    """ "What tier should a local bakery use?": the tiers /mix's plans for that goal book,
    under the server's scheme (its tiers only), over budgets from a small business's to a
    large campaign, with where the mix changes; for a launch, who opens it at each budget;
    then the platform assumed and the command that plans the asker's own budget."""
    chosen = platform or DEFAULT_PLATFORM
    shares_by_budget: list[tuple[int, dict[Tier, float]]] = []
    openers: list[tuple[int, Tier]] = []  # a launch's biggest kickoff tier at each budget
    sources: list[str] = []
    for budget in GOAL_TIERS_RANGE:
        plan = facts.goal_plan(budget, chosen, scheme, goal)
        if plan is None or not plan.lines:
            continue
        spend: dict[Tier, float] = {}
        kickoff: dict[Tier, float] = {}
        for line in plan.lines:
            spend[line.tier] = spend.get(line.tier, 0.0) + line.spend
            if line.phase is Phase.KICKOFF:
                kickoff[line.tier] = kickoff.get(line.tier, 0.0) + line.spend
        shares_by_budget.append((budget, {t: v / plan.budget for t, v in spend.items()}))
        if kickoff:
            openers.append((budget, max(kickoff, key=lambda tier: kickoff[tier])))
        sources.extend(s for note in plan.assumptions[:1] for s in note.source_ids)
    where = f"{_GOAL_WORDS[goal]} on {chosen.label}"
    title = f"Which tier for {_GOAL_WORDS[goal]}"
    command = _mix_command("5k", chosen, goal)
    platform_line = (
        f"Assumed {chosen.label}, as no platform was named; add a platform to the question "
        f"(for example \u201con TikTok\u201d) to plan there. {_PLATFORM_ADVICE}"
        if platform is None
        else ""
    )
    if not shares_by_budget:
        return Computed(
            kind="goal-tiers",
            title=title,
            body="\n".join(
                filter(
                    None,
                    [f"{command} plans the tiers for {where} from your budget.", platform_line],
                )
            ),
            working=f"No plan for {where} at {_budget_span(list(GOAL_TIERS_RANGE))}.",
            next_step=f"{command} plans it for your budget.",
            source_ids=(),
            topic="tier-for-goal",
        )
    budgets_planned = [budget for budget, _ in shares_by_budget]
    # The tier taking most of each budget, grouped over the budgets it leads in a row.
    runs: list[tuple[Tier, list[int], list[float]]] = []
    for budget, shares in shares_by_budget:
        top = max(shares, key=lambda tier: shares[tier])
        if runs and runs[-1][0] is top:
            runs[-1][1].append(budget)
            runs[-1][2].append(shares[top])
        else:
            runs.append((top, [budget], [shares[top]]))
    leads = {tier for tier, _, _ in runs}
    if len(runs) == 1:
        pick = f"use {runs[0][0].value} creators"
    else:
        pick = "it depends on the budget: " + _and_list(
            [
                f"{tier.value} creators "
                + (
                    f"up to {format_money(b[-1])}"
                    if i == 0
                    else _budgets_from(b, last=i == len(runs) - 1)
                )
                for i, (tier, b, _) in enumerate(runs)
            ]
        )
    taken = [
        f"{tier.value} creators take {_share_span(shares)} of "
        + (
            f"budgets from {_budget_span(budgets)}"
            if len(budgets) > 1
            else f"a {format_money(budgets[0])} budget"
        )
        for tier, budgets, shares in runs
    ]
    detail = f"In Tierbot's plans for {where}, {_and_list(taken)}"
    sides: dict[Tier, tuple[list[int], list[float]]] = {}
    for budget, shares in shares_by_budget:
        top = max(shares, key=lambda tier: shares[tier])
        for tier, share in shares.items():
            if tier is not top and share >= SIDE_TIER_SHARE:
                found = sides.setdefault(tier, ([], []))
                found[0].append(budget)
                found[1].append(share)
    if sides:
        detail += (
            " (plus "
            + _and_list(
                [
                    f"{tier.value} creators with {_share_span(s)} at "
                    f"{_budget_list(b, budgets_planned)}"
                    for tier, (b, s) in sorted(sides.items(), key=lambda item: item[0].rank)
                ]
            )
            + ")"
        )
    bigger, why = _GOAL_LEANS[goal]
    fits = (
        all(t.rank >= Tier.MACRO.rank for t in leads)
        if bigger
        else all(t.rank <= Tier.MICRO.rank for t in leads)
    )
    reason = f": {why}" if fits else ""
    lines = [f"**For {_GOAL_WORDS[goal]} on {chosen.label}, {pick}.** {detail}{reason}."]
    if goal is Goal.LAUNCH and openers:
        opened: list[tuple[Tier, list[int]]] = []
        for budget, tier in openers:
            if opened and opened[-1][0] is tier:
                opened[-1][1].append(budget)
            else:
                opened.append((tier, [budget]))
        lines.append(
            "Who opens the launch in its first weeks: "
            + _and_list(
                [
                    f"{tier.value} creators {_budgets_from(b, last=i == len(opened) - 1)}"
                    for i, (tier, b) in enumerate(opened)
                ]
            )
            + "; smaller creators keep people talking after."
        )
    lines.append(
        f"These plans cover budgets from {format_money(budgets_planned[0])} to "
        f"{format_money(budgets_planned[-1])}; {command}, with your own budget in place of 5k, "
        "plans the exact mix."
    )
    if platform_line:
        lines.append(platform_line)
        sources.extend(knowledge.get_entry(PLATFORM_CHOICE_ENTRY).sources)
    working = "; ".join(
        f"{format_money(budget)}: "
        + ", ".join(
            f"{tier.value} {round(share * 100)}%"
            for tier, share in sorted(shares.items(), key=lambda item: item[0].rank)
            if share >= 0.005
        )
        for budget, shares in shares_by_budget
    )
    return Computed(
        kind="goal-tiers",
        title=title,
        body="\n".join(lines),
        working=f"Plans for {where} under {scheme.name}: {working}.",
        next_step=f"{command} plans it for your budget, with the reasons for each tier.",
        source_ids=tuple(dict.fromkeys((*sources, *_GOAL_LEAN_SOURCES))),
        topic="tier-for-goal",
    )


def _goal_lead(plan: MixPlan, goal: Goal, money: str, platform: Platform) -> str:
    """Which tiers /mix uses for `goal` with this budget, in one bold sentence, then what it
    books: the answer to "which tier for a launch with $20k?"."""
    where = f"For {_GOAL_WORDS[goal]} with {money} on {platform.label}"
    phases = {phase.phase: phase for phase in plan.phases}
    kickoff, sustain = phases.get(Phase.KICKOFF), phases.get(Phase.SUSTAIN)
    if kickoff is not None and sustain is not None:
        opening = _booked([line for line in plan.lines if line.phase is Phase.KICKOFF])
        following = _booked([line for line in plan.lines if line.phase is Phase.SUSTAIN])
        lead = (
            f"**{where}, open with {opening} in {_weeks(kickoff.first_week, kickoff.last_week)} "
            f"for instant attention, then {following} in "
            f"{_weeks(sustain.first_week, sustain.last_week)} to keep people talking.**"
        )
    else:
        spend: dict[Tier, float] = {}
        for line in plan.lines:
            spend[line.tier] = spend.get(line.tier, 0.0) + line.spend
        top = max(spend, key=lambda tier: spend[tier])
        lead = (
            f"**{where}, {top.value} creators take the most: "
            f"{format_percent(spend[top] / plan.budget)} of the budget.**"
        )
    return (
        f"{lead} That plan books {_plan_summary(plan)}.\n"
        "What the money buys in each tier at rate-card prices:"
    )


def budget_buys(
    budget: float,
    tiers: tuple[Tier, ...],
    platform: Platform | None,
    scheme: TierScheme,
    currency: str = "USD",
    goal: Goal | None = None,
) -> Computed:
    chosen, assumed = _platform_note(platform)
    if currency != "USD":
        # As /mix does: rate cards are in dollars, and Tierbot keeps no exchange rates.
        assumed += (
            f" Rate cards are in US dollars, so {format_money(round(budget), currency)} is "
            "compared as if it were dollars: convert it first for a closer answer."
        )
    shown = [t for t in (tiers or ALL_TIERS) if tiers or t in scheme.tiers]
    money = format_money(round(budget), currency)
    amount = str(round(budget)) if currency == "USD" else f"{round(budget)} {currency}"
    lines: list[str] = []
    sources: list[str] = []
    working = ""
    for tier in shown:
        size, _card, note = _tier_prices(tier, chosen, scheme)
        price = size.price
        label = f"**{tier.label} ({size.range_label}):**"
        if price is None:
            lines.append(f"{label} no published price on {chosen.label}.")
            continue
        sources.extend(price.source_ids)
        most = math.floor(budget / price.low) if price.low > 0 else 0
        fewest = math.floor(budget / price.high) if price.high else 0
        one = format_money_range(price.low, price.high)
        rows = f" ({_rows_text(size)})" if len(size.price_rows) > 1 else ""
        if most == 0:
            lines.append(f"{label} not enough for one post ({one} each{rows}).")
            if not working:
                working = f"{money} < {format_money(price.low)}, the cheapest {tier.value} post."
            continue
        top = _open_top(size.price_rows, _card)
        if price.high is None and top is not None:
            # An open-ended row is a floor: also say what the budget buys at the price
            # Tierbot plans a typical creator of the row at (the one /mix books).
            row, fee = top
            planned = math.floor(budget / fee.planning)
            floor_posts = _plural(most, "post") if most == 1 else f"up to {_plural(most, 'post')}"
            lines.append(
                f"{label} {floor_posts} at the {format_money(row.low)} floor; "
                f"{format_int(planned) if planned else 'none'} at "
                f"{format_money(fee.planning)}, Tierbot's planning price for "
                f"{typical_top(fee, _card)}.{note}"
            )
            sources.extend(fee.source_ids)
            if not working:
                working = (
                    f"{money} ÷ {format_money(row.low)} = {_plural(most, 'post')}; ÷ "
                    f"{format_money(fee.planning)} = {_plural(planned, 'post')}."
                )
            continue
        if price.high is None:
            span = f"up to {_plural(most, 'post')}"
        elif fewest == 0:
            # "up to 1 post" read oddly: say what the two ends of the range buy.
            span = (
                f"{_plural(most, 'post')} at {format_money(price.low)}, "
                f"none at {format_money(price.high)}"
            )
        elif fewest == most:
            span = _plural(most, "post")
        else:
            span = f"{format_int(fewest)}–{_plural(most, 'post')}"
        if price.high is not None and fewest == 0:
            detail = f"; {_rows_text(size)}" if len(size.price_rows) > 1 else ""
            lines.append(f"{label} {span} (rate card {one}{detail}).{note}")
        else:
            lines.append(f"{label} {span} at {one} each{rows}.{note}")
        if not working:
            working = f"{money} ÷ {one} per {tier.value} post = {span}."
        # (an amount in another currency is divided as if it were dollars; said above)
    lines.append(
        "Prices are rate-card posts only; a plan also budgets "
        f"{format_money(round(facts.coordination_per_creator()))} per creator for outreach and "
        f"review, and spreads the money by goal.{_stand_in_note(chosen)}{assumed}"
    )
    planned_goal = goal or Goal.AWARENESS
    command = f"`/mix goal:{planned_goal.value} budget:{amount} platform:{chosen.value}`"
    next_step = f"{command} plans it."
    title = f"What {money} buys on {chosen.label}"
    if currency == "USD" and budget >= facts.smallest_mix_budget(chosen, planned_goal):
        plan = facts.goal_plan(round(budget), chosen, scheme, planned_goal)
        if plan is not None and plan.lines and goal is not None:
            title = f"Which tiers for {_GOAL_WORDS[goal]} with {money} on {chosen.label}"
            lines.insert(0, _goal_lead(plan, goal, money, chosen))
            next_step = f"{command} shows the whole plan, with the reasons for each tier."
        elif plan is not None and plan.lines:
            next_step = f"{command} plans it: it books {_plan_summary(plan)}."
    elif currency == "USD" and goal is not None:
        # Too little for /mix to plan this goal: say so, and suggest a budget it plans.
        least = facts.smallest_mix_budget(chosen, goal)
        text, _ = _budget_text(least, chosen, goal)
        title = f"Which tiers for {_GOAL_WORDS[goal]} with {money} on {chosen.label}"
        lines.insert(
            0,
            f"**{money} is too little to plan {_GOAL_WORDS[goal]} on {chosen.label}: a plan "
            f"starts at {format_money(math.ceil(least))}.** What {money} buys in each tier "
            "at rate-card prices:",
        )
        next_step = (
            f"`/mix goal:{goal.value} budget:{text} platform:{chosen.value}` plans "
            f"{_GOAL_WORDS[goal]} with the nearest round budget above that."
        )
    return Computed(
        kind="budget",
        title=title,
        body="\n".join(lines),
        working=working,
        next_step=next_step,
        source_ids=tuple(dict.fromkeys(sources)),
    )


# -- how many creators a budget books ---


def _creators_line(
    budget: float, tier: Tier, platform: Platform, goal: Goal
) -> tuple[str, str, tuple[str, ...]] | None:
    """One tier's count for `budget`: (the sentence, the working, sources), from
    the planner booking only that tier; None when the budget books none."""
    plan = facts.tier_plan(budget, platform, tier, goal)
    if plan is None or not plan.lines:
        plan = facts.tier_plan(budget, platform, tier, Goal.AWARENESS) if goal else None
    if plan is None or not plan.lines:
        return None
    creators = sum(line.creators for line in plan.lines)
    posts = max(line.posts_per_creator for line in plan.lines)
    econ = facts.tier_plan_figures(tier, platform)
    coordination = facts.coordination_per_creator()
    each = posts * econ.planning_price + coordination
    fees = (
        f"{format_money(round(econ.planning_price))}"
        if posts == 1
        else f"{posts} × {format_money(round(econ.planning_price))}"
    )
    # The card's two ends, booked the same way: the count if creators charge the bottom
    # or the top of the typical size's row (never more than a team can book).
    bookable = max(line.bookable for line in plan.lines)
    most = min(math.floor(budget / (posts * econ.price.low + coordination)), bookable)
    fewest = math.floor(budget / (posts * econ.planning_high + coordination))
    per = "one post each" if posts == 1 else f"{posts} posts each"
    text = (
        f"**about {_plural(creators, f'{tier.value} creator')}**, {per} at a typical "
        f"{format_money(round(econ.planning_price))} a post plus "
        f"{format_money(round(coordination))} per creator for outreach and review "
        f"({format_money(round(each))} a creator, {format_money(round(plan.total_spend))} "
        "in all)"
    )
    spread = ""
    if fewest != most:
        spread = (
            f"depending on their rates, {format_int(max(fewest, 0))} (at "
            f"{format_money(econ.planning_high)} a post) to {format_int(most)} (at "
            f"{format_money(econ.price.low)})"
        )
        if most < math.floor(budget / (posts * econ.price.low + coordination)):
            spread += ", about as many as a team can line up"
    working = (
        f"{format_int(creators)} × ({fees} + {format_money(round(coordination))}) = "
        f"{format_money(round(creators * each))} ≤ {format_money(round(budget))}."
    )
    sources = (*econ.price_source_ids, *facts.coordination_sources())
    return text + (f"; {spread}" if spread else ""), working, sources


def creators_for_budget(
    budget: float,
    tiers: tuple[Tier, ...],
    platform: Platform | None,
    scheme: TierScheme,
    currency: str = "USD",
    goal: Goal | None = None,
) -> Computed:
    """ "How many micro influencers can we get for $20k?": a number of creators per tier,
    as /mix's planner books them when only that tier is allowed (typical creators at the
    middle of the rate card, plus the coordination every plan budgets), and the spread
    at the card's two ends."""
    chosen, assumed = _platform_note(platform)
    if currency != "USD":
        assumed += (
            f" Rate cards are in US dollars, so {format_money(round(budget), currency)} is "
            "counted as if it were dollars: convert it first for a closer answer."
        )
    shown = [t for t in (tiers or ALL_TIERS) if tiers or t in scheme.tiers]
    money = format_money(round(budget), currency)
    planned_goal = goal or Goal.AWARENESS
    # A goal changes the booking (a conversions plan gives each creator more posts).
    purpose = f"For {_GOAL_WORDS[goal]}, " if goal is not None else ""
    lines: list[str] = []
    sources: list[str] = []
    working = ""
    for tier in shown:
        found = _creators_line(budget, tier, chosen, planned_goal)
        if found is None:
            econ = facts.tier_plan_figures(tier, chosen)
            one = econ.planning_price + facts.coordination_per_creator()
            text = (
                f"**no {tier.value} creators at a typical price**: one costs about "
                f"{format_money(round(one))} with outreach and review"
            )
            at_floor = math.floor(budget / (econ.price.low + facts.coordination_per_creator()))
            if at_floor:
                text += (
                    f"; only at the rate card's {format_money(econ.price.low)} floor would it "
                    f"book {'up to ' if at_floor > 1 else ''}{format_int(at_floor)}"
                )
            line_working = f"{money} < {format_money(round(one))} for one {tier.value} creator."
            found_sources: tuple[str, ...] = econ.price_source_ids
        else:
            text, line_working, found_sources = found
        sources.extend(found_sources)
        working = working or line_working
        size = facts.tier_plan_figures(tier, chosen).followers
        typical = f"creators of about {format_count(round(size))} {chosen.audience_noun}s"
        if len(shown) == 1:
            _, _, scheme_note = _tier_prices(tier, chosen, scheme)  # a tier the scheme lacks
            lines.append(f"{purpose}{money} books {text}.")
            lines.append(
                f"Priced for {typical}, the typical {tier.value} size; larger accounts in the "
                f"tier charge more, so fewer.{scheme_note}"
            )
        else:
            lines.append(f"• {text}.")
    if len(shown) > 1:
        lines.insert(0, f"**{purpose}{money} books, tier by tier, on {chosen.label}:**")
        lines.append("Each tier is priced for its typical creator's size.")
    lines[-1] += f"{_stand_in_note(chosen)}{assumed}"
    amount = str(round(budget)) if currency == "USD" else f"{round(budget)} {currency}"
    command = f"`/mix goal:{planned_goal.value} budget:{amount} platform:{chosen.value}`"
    next_step = f"{command} plans a mix of tiers for that money."
    if currency == "USD":
        plan = facts.goal_plan(round(budget), chosen, scheme, planned_goal)
        if plan is not None and plan.lines:
            next_step = f"{command} picks the tiers itself: it books {_plan_summary(plan)}."
    subject = f"{shown[0].value} creators" if len(shown) == 1 else "creators"
    return Computed(
        kind="creators-for-budget",
        title=f"How many {subject} {money} books on {chosen.label}",
        body="\n".join(lines),
        working=working,
        next_step=next_step,
        source_ids=tuple(dict.fromkeys(sources)),
    )


# -- the budget a number of creators needs ---


def _budget_line(
    count: int, tier: Tier, platform: Platform, posts: int
) -> tuple[int, int, int, str, str, tuple[str, ...]]:
    """What `count` typical creators of `tier` cost for `posts` posts each, as /mix plans
    them (planning price plus coordination per creator): (typical, cheapest, dearest total,
    the sentence, the working, sources). The range is the rate card's two ends, the ends
    `creators_for_budget` uses."""
    econ = facts.tier_plan_figures(tier, platform)
    coordination = facts.coordination_per_creator()
    each = posts * econ.planning_price + coordination
    typical = round(count * each)
    cheapest = round(count * (posts * econ.price.low + coordination))
    dearest = round(count * (posts * econ.planning_high + coordination))
    who = _plural(count, f"{tier.value} creator")
    per = "one post" if posts == 1 else f"{posts} posts"
    text = (
        f"**about {format_money(typical)} for {who}**, {per}{' each' if count > 1 else ''} "
        f"at a typical {format_money(round(econ.planning_price))} a post plus "
        f"{format_money(round(coordination))} per creator for outreach and review"
        + (f" ({format_money(round(each))} a creator)" if count > 1 else "")
    )
    if cheapest != dearest:
        text += (
            f"; depending on their rates, {format_money(cheapest)} (at "
            f"{format_money(econ.price.low)} a post) to {format_money(dearest)} (at "
            f"{format_money(econ.planning_high)})"
        )
    fees = (
        format_money(round(econ.planning_price))
        if posts == 1
        else f"{posts} × {format_money(round(econ.planning_price))}"
    )
    working = (
        f"{format_int(count)} × ({fees} + {format_money(round(coordination))}) = "
        f"{format_money(typical)}."
    )
    sources = (*econ.price_source_ids, *facts.coordination_sources())
    return typical, cheapest, dearest, text, working, sources


def budget_for_creators(
    count: int,
    tiers: tuple[Tier, ...],
    platform: Platform | None,
    scheme: TierScheme,
    *,
    posts: int = 1,
    goal: Goal | None = None,
) -> Computed:
    """ "What budget do we need for 10 micro influencers on TikTok?": `count` creators at
    the price /mix plans a typical creator of the tier at, plus the coordination every plan
    budgets per creator, with the spread at the rate card's two ends. The inverse of
    `creators_for_budget`: that budget books about `count` creators there."""
    chosen, assumed = _platform_note(platform)
    shown = [t for t in (tiers or ALL_TIERS) if tiers or t in scheme.tiers]
    lines: list[str] = []
    sources: list[str] = []
    working = ""
    totals: list[int] = []
    for tier in shown:
        typical, _, _, text, line_working, found = _budget_line(count, tier, chosen, posts)
        totals.append(typical)
        sources.extend(found)
        working = working or line_working
        if len(shown) == 1:
            size = facts.tier_plan_figures(tier, chosen).followers
            _, _, scheme_note = _tier_prices(tier, chosen, scheme)
            lines.append(f"On {chosen.label}, plan on {text}.")
            lines.append(
                f"Priced for creators of about {format_count(round(size))} "
                f"{chosen.audience_noun}s, the typical {tier.value} size; larger accounts in "
                f"the tier charge more.{scheme_note}"
            )
        else:
            lines.append(f"• {text}.")
    if len(shown) > 1:
        lines.insert(
            0, f"**What {_plural(count, 'creator')} cost on {chosen.label}, tier by tier:**"
        )
        lines.append("Each tier is priced for its typical creator's size.")
    planned_goal = goal or Goal.AWARENESS
    if goal is not None and len(shown) == 1:
        # The planner may spend the same money differently for this goal ("5 creators with
        # 4 posts each" for conversions): say so rather than let the headcount stand alone.
        plan = facts.tier_plan(totals[0], chosen, shown[0], goal)
        booked = [(line.creators, line.posts_per_creator) for line in plan.lines] if plan else []
        if len(booked) == 1 and booked[0] != (count, posts):
            creators, each = booked[0]
            lines.append(
                f"For {_GOAL_WORDS[goal]}, Tierbot's planner would spend that money on "
                f"{_plural(creators, f'{shown[0].value} creator')} with "
                f"{_plural(each, 'post')} each instead."
            )
    lines[-1] += f"{_stand_in_note(chosen)}{assumed}"
    if len(totals) == 1:
        # /mix plans a round budget, never below what it plans this goal with.
        text, amount = _budget_text(totals[0], chosen, planned_goal)
        command = _mix_command(text, chosen, planned_goal)
        next_step = f"{command} plans a mix of tiers for that money."
        plan = facts.goal_plan(amount, chosen, scheme, planned_goal)
        if plan is not None and plan.lines:
            next_step = f"{command} picks the tiers itself: it books {_plan_summary(plan)}."
    else:
        next_step = (
            f'Name a tier ("{format_int(count)} micro creators") for one figure; `/mix` '
            "plans a budget across tiers."
        )
    subject = f"{shown[0].value} creators" if len(shown) == 1 else "creators"
    return Computed(
        kind="budget-for-creators",
        title=f"Budget for {format_int(count)} {subject} on {chosen.label}",
        body="\n".join(lines),
        working=working,
        next_step=next_step,
        source_ids=tuple(dict.fromkeys(sources)),
    )


# -- one tier on two platforms ---


SAME_WITHIN = 0.1  # figures within 10% of each other are "about the same"


def _how_much(higher: float, lower: float, much: str = "much", more: str = "more") -> str:
    """ "about twice as much", "about 2.5 times as much", "about 40% more"."""
    ratio = higher / lower
    if ratio >= 1.5:
        times = round(ratio * 2) / 2  # to the half: "2.5 times"
        return f"about twice as {much}" if times == 2 else f"about {times:g} times as {much}"
    return f"about {round((ratio - 1) * 100)}% {more}"


_FRACTIONS = {2: "half", 3: "a third", 4: "a quarter", 5: "a fifth"}


def _how_little(higher: float, lower: float) -> str:
    """ "about half as much", "about a quarter as much", "about 30% less"."""
    ratio = higher / lower
    if ratio >= 1.5:
        whole = round(ratio)
        share = _FRACTIONS.get(whole, f"1/{whole}")
        return f"about {share} as much"
    return f"about {round((1 - lower / higher) * 100)}% less"


def _verdict(asked: str, first: float, second: float) -> str:
    """ "Yes", "No" or "" for a yes/no question whose `asked` direction is "more" or
    "less" of the first platform against the second; "" when it is no yes/no question."""
    if not asked:
        return ""
    if abs(first - second) <= SAME_WITHIN * max(first, second):
        return "No"  # about the same: neither more nor less
    return "Yes" if (first > second) == (asked == "more") else "No"


def tier_across_platforms(
    tier: Tier,
    platforms: tuple[Platform, Platform],
    scheme: TierScheme,
    *,
    engagement: bool = False,
    asked: str = "",
) -> Computed:
    """ "Should we pay macro creators on YouTube more than on Instagram?": the tier's
    figures on both platforms side by side, from the resolver /classify and /mix use, and a
    plain verdict. `engagement`: the question is about engagement, not price. `asked`:
    "more" or "less" when it is a yes/no question about the first platform."""
    first, second = platforms
    if engagement:
        return _engagement_across(tier, first, second, scheme, asked)
    lines: list[str] = []
    sources: list[str] = []
    side: list[str] = []
    cards: list[Platform] = []
    notes: list[str] = []
    for platform in (first, second):
        size, card, note = _tier_prices(tier, platform, scheme)
        cards.append(card)
        if note and note not in notes:
            notes.append(note)
        if size.price is None:
            side.append(f"• **{platform.label}:** no published price")
            continue
        sources.extend(size.price.source_ids)
        on = "" if card is platform else f" ({card.label}'s card, our estimate)"
        side.append(f"• **{platform.label}:** {_rows_text(size)}{on}")
    econs = [facts.tier_plan_figures(tier, platform) for platform in (first, second)]
    a, b = (econ.planning_price for econ in econs)
    title = f"{tier.label} creators: {first.label} vs {second.label} prices"
    if cards[0] is cards[1]:
        verdict = (
            f"**Tierbot can't tell: there is no separate rate card for "
            f"{' or '.join(p.label for p in (first, second) if p is not cards[0])}**, so "
            f"{cards[0].label}'s card stands in for both as our estimate."
        )
        working = f"Both priced from {cards[0].label}'s card."
    else:
        answer = _verdict(asked, a, b)
        prefix = f"{answer}: " if answer else ""
        if abs(a - b) <= SAME_WITHIN * max(a, b):
            said = f"{tier.value} creators cost about the same on {first.label} and {second.label}"
        else:
            dear, cheap = (first, second) if a > b else (second, first)
            if asked == "less" and a < b:
                # "Is micro cheaper on TikTok?": answered about TikTok, the platform asked.
                how = _how_little(b, a)
                said = f"{tier.value} creators charge {how} on {first.label}"
                said += f" as on {second.label}" if " as " in how else f" than on {second.label}"
            else:
                how = _how_much(max(a, b), min(a, b))
                said = f"{tier.value} creators charge {how} on {dear.label}"
                said += f" as on {cheap.label}" if " as " in how else f" than on {cheap.label}"
        said = prefix + said
        verdict = (
            f"**{said[:1].upper() + said[1:]}**: a typical {tier.value} post is planned at "
            f"{format_money(round(a))} on {first.label} and {format_money(round(b))} on "
            f"{second.label}, the middle of each rate card."
        )
        working = (
            f"{format_money(round(a))} ÷ {format_money(round(b))} = {a / b:.2f} "
            f"(a typical {tier.value} creator, about {format_count(round(econs[0].followers))})."
        )
    lines.append(verdict)
    lines.extend(side)
    views = [econ.impressions_per_post for econ in econs]
    cpms = [econ.cpm for econ in econs]
    if not any(econ.cpm_is_proxy or econ.price_is_proxy for econ in econs):
        cpm_text = ", ".join(
            f"{platform.label} {format_money_range(cpm.low, cpm.high)}"
            for platform, cpm in zip((first, second), cpms, strict=True)
        )
        if abs(views[0] - views[1]) <= SAME_WITHIN * max(views):
            bought = (
                "so at these prices both posts bring about the same views, some "
                f"{format_count(round(views[0]))}"
            )
        else:
            bought = (
                f"so a typical post brings about {format_count(round(views[0]))} views on "
                f"{first.label} and {format_count(round(views[1]))} on {second.label}"
            )
        lines.append(f"Per 1,000 views the going rate is {cpm_text}, {bought}.")
        sources.extend(c for cpm in cpms for c in cpm.source_ids)
    lines.append("Rate cards are a starting point: usage rights and exclusivity cost extra.")
    lines[-1] += "".join(notes)
    return Computed(
        kind="tier-platforms",
        title=title,
        body="\n".join(lines),
        working=working,
        next_step=(
            "`/classify` prices one creator on either platform; `/mix` plans a budget on one."
        ),
        source_ids=tuple(dict.fromkeys(sources)),
    )


PLATFORM_CHOICE_ENTRY = "platform-choose"


def _platform_fit(platform: Platform) -> str:
    """What a platform is good for, as the knowledge entry on choosing one says it
    ("fast, cheap discovery, strongest with younger audiences; …"); "" when it has no line."""
    entry = knowledge.get_entry(PLATFORM_CHOICE_ENTRY)
    marker = f"• **{platform.label}:** "
    for line in entry.body.splitlines():
        if line.startswith(marker):
            return line[len(marker) :].split(";")[0].strip()
    return ""


def tier_platform_choice(
    tier: Tier, platforms: tuple[Platform, Platform], scheme: TierScheme
) -> Computed:
    """ "For micro creators, YouTube or TikTok?": the tier's price and engagement on both
    platforms side by side, from the resolver /classify and /mix use, and a plain verdict
    from what a typical post costs per 1,000 views once outreach is counted (as /mix plans)."""
    first, second = platforms
    econs = [facts.tier_plan_figures(tier, platform) for platform in platforms]
    prices = [econ.planning_price for econ in econs]
    views = [econ.impressions_per_post for econ in econs]
    per_view = [_per_thousand_views(tier, platform) for platform in platforms]
    cheap_post = first if prices[0] < prices[1] else second
    more_views = first if views[0] > views[1] else second
    figures = (
        f"a typical {tier.value} post is planned at {format_money(round(prices[0]))} on "
        f"{first.label} and {format_money(round(prices[1]))} on {second.label}, for about "
        f"{format_count(round(views[0]))} and {format_count(round(views[1]))} views, or "
        f"{_view_cost(per_view[0])} and {_view_cost(per_view[1])} per 1,000 views with "
        "outreach"
    )
    if abs(per_view[0] - per_view[1]) <= SAME_WITHIN * max(per_view):
        lead = (
            f"**For {tier.value} creators, neither wins on cost: both buy views at about the "
            f"same price once outreach is counted**. In Tierbot's plans, {figures}."
        )
        if cheap_post is not more_views:
            lead += (
                f" {cheap_post.label} lets you test with smaller bookings; {more_views.label} "
                "reaches more people per creator."
            )
    else:
        cheaper = first if per_view[0] < per_view[1] else second
        other = second if cheaper is first else first
        how = _how_little(max(per_view), min(per_view))
        lead = (
            f"**For {tier.value} creators, {cheaper.label} is the better bet on cost: its views "
            f"cost {how} as on {other.label}**"
            if " as " in how
            else f"**For {tier.value} creators, {cheaper.label} is the better bet on cost: its "
            f"views cost {how} than on {other.label}**"
        )
        lead += f". In Tierbot's plans, {figures}."
    price = tier_across_platforms(tier, platforms, scheme)
    engagement = _engagement_across(tier, first, second, scheme, "")
    price_sides = [line for line in price.body.splitlines() if line.startswith("• ")]
    engagement_sides = [
        line.replace("• **", "• **Engagement on ", 1)
        for line in engagement.body.splitlines()
        if line.startswith("• ")
    ]
    lines = [lead]
    lines.extend(line.replace("• **", "• **Price on ", 1) for line in price_sides)
    lines.extend(engagement_sides)
    bases = {econ.engagement_by_views for econ in econs}
    if len(bases) > 1:
        lines.append(
            "Engagement is measured per view on one and per follower on the other, so the "
            "two bands don't compare like for like."
        )
    fits = [(platform, _platform_fit(platform)) for platform in platforms]
    sources = [*price.source_ids, *engagement.source_ids, *facts.coordination_sources()]
    for econ in econs:
        sources.extend((*econ.price_source_ids, *econ.impressions_source_ids))
    if all(fit for _, fit in fits):
        lines.append(
            "Beyond cost, pick by who buys and what the content must do: "
            + "; ".join(
                f"{platform.label} {'as' if fit.startswith('the ') else 'for'} {fit}"
                for platform, fit in fits
            )
            + "."
        )
        sources.extend(knowledge.get_entry(PLATFORM_CHOICE_ENTRY).sources)
    working = (
        f"({format_money(round(prices[0]))} + {format_money(facts.coordination_per_creator())}) "
        f"÷ {format_count(round(views[0]))} views × 1,000 = {_view_cost(per_view[0])} on "
        f"{first.label}; ({format_money(round(prices[1]))} + "
        f"{format_money(facts.coordination_per_creator())}) ÷ {format_count(round(views[1]))} "
        f"views × 1,000 = {_view_cost(per_view[1])} on {second.label}."
    )
    return Computed(
        kind="tier-platform-choice",
        title=f"{tier.label} creators: {first.label} or {second.label}?",
        body="\n".join(lines),
        working=working,
        next_step=(
            f"`/mix goal:awareness budget:5k platform:{first.value}` and the same with "
            f"`platform:{second.value}` plan a budget on each."
        ),
        source_ids=tuple(dict.fromkeys(sources)),
    )


def _engagement_across(
    tier: Tier, first: Platform, second: Platform, scheme: TierScheme, asked: str
) -> Computed:
    """The tier's engagement bands on two platforms, side by side, with a verdict."""
    spans = []
    sources: list[str] = []
    side: list[str] = []
    for platform in (first, second):
        size, _ = facts.tier_size(platform, tier, scheme)
        span = size.benchmark
        spans.append(span)
        if span is None:
            side.append(f"• **{platform.label}:** no published band for {tier.value} accounts")
            continue
        sources.extend(span.source_ids)
        side.append(
            f"• **{platform.label}:** {format_percent_range(span.low, span.high)} by "
            f"{_per(span.basis, platform)} ({size.range_label} accounts)"
        )
    title = f"{tier.label} creators: engagement on {first.label} vs {second.label}"
    one, two = spans
    if one is None or two is None:
        lines = [
            f"**Tierbot can't compare them: no source it uses publishes a {tier.value} band "
            f"for {first.label if one is None else second.label}.**",
            *side,
        ]
        working = "One band is missing."
    else:
        a, b = (one.low + one.high) / 2, (two.low + two.high) / 2
        answer = _verdict(asked, a, b)
        prefix = f"{answer}: " if answer else ""
        if abs(a - b) <= SAME_WITHIN * max(a, b):
            said = f"{tier.value} creators get about the same engagement on both"
        else:
            high, low = (first, second) if a > b else (second, first)
            how = _how_much(max(a, b), min(a, b), "high", "higher")
            said = f"{tier.value} creators' engagement is {how} on {high.label}"
            said += f" as on {low.label}" if " as " in how else f" than on {low.label}"
        said = prefix + said
        lines = [f"**{said[:1].upper() + said[1:]}**, going by the middle of each band:", *side]
        if one.basis is not two.basis:
            lines.append(
                "The two are measured differently (per view and per follower), so read the "
                "gap as a rough guide, not a like-for-like ratio."
            )
        working = f"middle of each band: {format_percent(a)} ÷ {format_percent(b)} = {a / b:.2f}."
    return Computed(
        kind="tier-platforms",
        title=title,
        body="\n".join(lines),
        working=working,
        next_step="`/classify` judges one creator's rate against the band for their size.",
        source_ids=tuple(dict.fromkeys(sources)),
    )


# -- is a tier worth it ---


def _per_thousand_views(tier: Tier, platform: Platform) -> float:
    """What a typical creator's post costs per 1,000 views with coordination counted, as
    /mix plans it: small creators' fees are small next to the outreach each one needs."""
    econ = facts.tier_plan_figures(tier, platform)
    cost = econ.planning_price + facts.coordination_per_creator()
    return cost / econ.impressions_per_post * 1000


def _view_cost(value: float) -> str:
    """ "$37", "$9.03": whole dollars from $10, cents below."""
    return format_money(round(value)) if value >= 10 else format_money(value)


def tier_worth(
    tier: Tier, platform: Platform | None, scheme: TierScheme, *, owner: str = SERVER
) -> Computed:
    """ "Is nano worth it or a waste of time?": the tier's pros and cons with a plain
    verdict, its best-for and watch-out from the tier profile, and the plan model's cost
    of its reach against the scheme's other tiers."""
    chosen, assumed = _platform_note(platform)
    profile = tier_profile(tier)
    econ = facts.tier_plan_figures(tier, chosen)
    size, fallback = facts.tier_size(chosen, tier, scheme)
    sources: list[str] = []
    lines: list[str] = []
    best = profile.best_for.text.rstrip(".")
    verdict = f"**Yes, for the right job: {tier.value} creators are worth it"
    if "seed" not in best.lower():
        verdict += f" for {best[:1].lower() + best[1:]}"
        sources.extend(profile.best_for.sources)
    lines.append(verdict + ".**")
    watch = profile.watch_out.text
    if "seed" not in watch.lower():
        lines.append(f"**The catch:** {watch[:1].lower() + watch[1:]}")
        sources.extend(profile.watch_out.sources)
    coordination = facts.coordination_per_creator()
    figures = (
        f"On {chosen.label} a typical {tier.value} creator (about "
        f"{format_count(round(econ.followers))} {chosen.audience_noun}s) costs about "
        f"{format_money(round(econ.planning_price))} a post plus "
        f"{format_money(round(coordination))} for outreach and review, for some "
        f"{format_count(round(econ.impressions_per_post))} views"
    )
    if size.benchmark is not None:
        span = size.benchmark
        figures += (
            f" and {format_percent_range(span.low, span.high)} engagement by "
            f"{_per(span.basis, chosen)}"
        )
        sources.extend(span.source_ids)
    sources.extend((*econ.price_source_ids, *econ.impressions_source_ids))
    others = [t for t in scheme.tiers if t is not tier]
    mine = _per_thousand_views(tier, chosen)
    costs = {t: _per_thousand_views(t, chosen) for t in others}
    figures += f": about {_view_cost(mine)} per 1,000 views"
    if costs:
        listed = _and_list(
            [f"{_view_cost(costs[t])} for {t.value}" for t in sorted(costs, key=lambda t: t.rank)]
        )
        figures += f", against {listed}"
    figures += "."
    if costs and mine > max(costs.values()):
        figures += (
            " That is the dearest reach of any tier, so it pays off where trust, a local "
            "audience or a niche matters more than cheap views."
        )
    elif costs and mine < min(costs.values()):
        figures += " That is the cheapest reach of any tier."
    lines.append(figures)
    if fallback:
        lines.append(
            f"{owner[:1].upper() + owner[1:]} has no {tier.value} tier; these figures use "
            f"{size.range_label} accounts."
        )
    if assumed:
        lines.append(assumed.strip())
    working = (
        f"({format_money(round(econ.planning_price))} + {format_money(round(coordination))}) ÷ "
        f"{format_int(round(econ.impressions_per_post))} views × 1,000 = {_view_cost(mine)}."
    )
    return Computed(
        kind="tier-worth",
        title=f"Are {tier.value} creators worth it?",
        body="\n".join(lines),
        working=working,
        next_step=(
            f"`/tiers define tier:{tier.value}` has the full profile; `/mix` shows where "
            f"{tier.value} creators fit your budget and goal."
        ),
        source_ids=tuple(dict.fromkeys(sources)),
    )


# -- two tiers compared ---


def _tier_line(
    tier: Tier, scheme: TierScheme, platform: Platform, owner: str, *, best_for: bool = True
) -> tuple[str, tuple[str, ...]]:
    size, fallback = facts.tier_size(platform, tier, scheme)
    where = (
        f"{size.range_label} {platform.audience_noun}s"
        if not fallback
        else f"not a tier in {owner} ({size.range_label} elsewhere)"
    )
    parts = [f"**{tier.label}:** {where}"]
    sources: list[str] = list(
        get_scheme(size.scheme_id).source_ids if fallback else scheme.source_ids
    )
    if size.benchmark is not None:
        span = size.benchmark
        parts.append(
            f"engagement {format_percent_range(span.low, span.high)} by "
            f"{_per(span.basis, platform)} on {platform.label}"
        )
        sources.extend(span.source_ids)
    priced, card, _ = _tier_prices(tier, platform, scheme)  # a stand-in card where needed
    if priced.price is not None:
        rows = _rows_text(priced)
        if card is not platform:
            rows += f" ({card.label}'s card, our estimate for {platform.label})"
        top = _open_top(priced.price_rows, card)
        if top is not None:
            _, fee = top
            rows += (
                f", a floor: Tierbot plans {typical_top(fee, card)} at "
                f"{format_money(fee.planning)} a post"
            )
            sources.extend(fee.source_ids)
        parts.append(rows)
        sources.extend(priced.price.source_ids)
    best = tier_profile(tier).best_for
    line = "; ".join(parts) + "."
    if best_for and "seed" not in best.text.lower():
        line += f" Best for: {best.text[:1].lower() + best.text[1:]}"
        sources.extend(best.sources)
    return line, tuple(sources)


# Which end of the tier range the common guides send each goal to, and why (the rough map
# of the tier-for-goal entry): smaller creators for trust and local reach, bigger ones for
# mass reach fast.
_GOAL_LEANS: dict[Goal, tuple[bool, str]] = {
    Goal.LOCAL: (False, "they work local audiences and are trusted as peers"),
    Goal.CONVERSIONS: (False, "followers act on recommendations from people they trust"),
    Goal.ENGAGEMENT: (False, "smaller audiences engage more per follower"),
    Goal.ALWAYS_ON: (False, "smaller creators take long-term partnerships"),
    Goal.AWARENESS: (True, "one post reaches a mass audience fast"),
    Goal.LAUNCH: (True, "one post reaches a mass audience fast, for instant attention"),
}
_GOAL_LEAN_SOURCES = ("seed-001", "seed-002")


# What the planner weighs for each goal, said so the figures behind a verdict are the ones
# that decided it (bot/domain/mix/planner.py `_weights`).
_WEIGHED_BY: dict[Goal, str] = {
    Goal.CONVERSIONS: "how much followers trust the creator",
    Goal.ALWAYS_ON: "how much followers trust the creator",
    Goal.LOCAL: "how much followers trust the creator and how local the audience is",
}


def _verdict_figures(first: Tier, second: Tier, goal: Goal, platform: Platform) -> str:
    """The cost of what the planner buys for `goal` with a typical creator of each tier:
    views for awareness, engagements for engagement, engagements weighted by trust (and a
    local audience) for sales, local and always-on; a launch buys both."""
    parts = []
    for tier in (first, second):
        option = facts.option_figures(tier, platform, 1)
        econ = option.economics
        per_view = _view_cost(_per_thousand(option.cost, option.impressions))
        per_engagement = _per_engagement(option.cost, option.engagements)
        weight = econ.trust * (econ.local_fit if goal is Goal.LOCAL else 1.0)
        if goal is Goal.AWARENESS:
            bought = f"{per_view} per 1,000 views"
        elif goal is Goal.ENGAGEMENT:
            bought = f"{_view_cost(per_engagement)} per engagement"
        elif goal is Goal.LAUNCH:
            bought = f"{per_view} per 1,000 views, {_view_cost(per_engagement)} per engagement"
        elif weight > 0:
            bought = f"{_view_cost(per_engagement / weight)} per weighted engagement"
        else:
            bought = f"and Tierbot gives {tier.value} creators no weight here"
        parts.append(
            f"a typical {tier.value} post costs about {format_money(round(option.cost))} with "
            f"outreach, {bought}"
        )
    text = f"Behind it: {parts[0]}; {parts[1]}."
    if goal in _WEIGHED_BY:
        text += f" Each engagement is weighted by {_WEIGHED_BY[goal]}, more for smaller creators."
    return text


def _goal_verdict(
    first: Tier, second: Tier, goal: Goal, platform: Platform, asked: Tier | None = None
) -> tuple[list[str], tuple[str, ...]]:
    """ "Micro or macro for sales?": the verdict from what /mix's planner books for `goal`
    when only the two tiers may be booked, at the budgets such a campaign usually has, with
    the cost and engagement behind it (first is the smaller). `asked` is the tier a yes/no
    question says is better ("are micro better than macro…"): the verdict says yes or no."""
    shares_by_budget: list[tuple[int, dict[Tier, float]]] = []
    # A launch plan where the bigger tier opens and the smaller keeps it going.
    opens_and_sustains = False
    for budget in GOAL_TIER_BUDGETS:
        plan = facts.tiers_plan(budget, platform, (first, second), goal)
        if plan is None or not plan.lines:
            continue
        phases = {(line.tier, line.phase) for line in plan.lines}
        if (second, Phase.KICKOFF) in phases and (first, Phase.SUSTAIN) in phases:
            opens_and_sustains = True
        spend: dict[Tier, float] = {}
        for line in plan.lines:
            spend[line.tier] = spend.get(line.tier, 0.0) + line.spend
        shares_by_budget.append((budget, {t: v / plan.budget for t, v in spend.items()}))
    bigger, why = _GOAL_LEANS[goal]
    goal_words = _GOAL_WORDS[goal]
    if not shares_by_budget:  # no plan at these budgets: the guides' lean alone
        pick = second if bigger else first
        return [f"**For {goal_words}, {pick.value} creators are the usual pick**: {why}."], ()
    runs: list[tuple[Tier, list[int], list[float]]] = []
    for budget, shares in shares_by_budget:
        top = max(shares, key=lambda tier: shares[tier])
        if runs and runs[-1][0] is top:
            runs[-1][1].append(budget)
            runs[-1][2].append(shares[top])
        else:
            runs.append((top, [budget], [shares[top]]))
    budgets = [budget for budget, _ in shares_by_budget]
    where = f"Tierbot's plans for {goal_words} on {platform.label} that may book either"
    side = [
        (budget, shares[tier])
        for budget, shares in shares_by_budget
        for tier in (first, second)
        if tier is not runs[-1][0] and shares.get(tier, 0.0) >= SIDE_TIER_SHARE
    ]
    if len(runs) == 1:
        pick = runs[0][0]
        other = second if pick is first else first
        if goal is Goal.LAUNCH and opens_and_sustains:
            lead = (
                f"**For a launch, both have a part**: {second.value} creators open it for "
                f"instant attention, and {first.value} creators keep people talking after"
            )
        else:
            lead = f"**For {goal_words}, {pick.value} creators are the better pick**"
            if asked is not None:
                lead = ("**Yes: f" if asked is pick else "**No: f") + lead[3:]
        detail = (
            f"{where} put {_share_span(runs[0][2])} of "
            + (f"budgets from {_budget_span(budgets)}" if len(budgets) > 1 else "the budget")
            + f" into {pick.value} creators"
        )
        if side:
            detail += (
                f" and {_share_span([share for _, share in side])} into {other.value} "
                f"creators at {_budget_span([budget for budget, _ in side])}"
            )
        fits = (pick is second) == bigger
        reason = f"; {why}" if fits and not (goal is Goal.LAUNCH and opens_and_sustains) else ""
        lines = [f"{lead}. {detail}{reason}."]
    else:
        picks = _and_list(
            [
                f"{tier.value} creators "
                + (f"up to {format_money(b[-1])}" if i == 0 else f"from {format_money(b[0])}")
                for i, (tier, b, _) in enumerate(runs)
            ]
        )
        lead = f"**For {goal_words}, it depends on the budget: {picks}**"
        taken = _and_list(
            [
                f"{_share_span(shares)} of {_budget_span(b)} into {tier.value} creators"
                for tier, b, shares in runs
            ]
        )
        lines = [f"{lead}. {where} put {taken}."]
    lines.append(_verdict_figures(first, second, goal, platform))
    sources = [*_GOAL_LEAN_SOURCES, *facts.coordination_sources()]
    for tier in (first, second):
        econ = facts.tier_plan_figures(tier, platform)
        sources.extend((*econ.price_source_ids, *econ.impressions_source_ids))
        sources.extend(econ.engagement_source_ids)
    return lines, tuple(sources)


def compare(
    first: Tier,
    second: Tier,
    scheme: TierScheme,
    platform: Platform | None = None,
    *,
    owner: str = SERVER,
    goal: Goal | None = None,
    asked: Tier | None = None,
) -> Computed:
    """Two tiers side by side; with a goal, the planner's verdict for it first (`asked`:
    the tier a yes/no question calls better, answered yes or no)."""
    chosen, assumed = _platform_note(platform)
    first, second = sorted((first, second), key=lambda tier: tier.rank)
    lines: list[str] = []
    sources: list[str] = []
    if goal is not None:
        # The question names what the campaign is for: answer it first, then the figures.
        verdict, found = _goal_verdict(first, second, goal, chosen, asked)
        lines.extend(verdict)
        sources.extend(found)
    on_platform = platform is not None and goal is None
    if on_platform:
        # "Macro vs mega on TikTok": that platform's difference in plain words first; the
        # tiers' budget claims span every platform, so they stay out.
        difference, found = _plain_difference(first, second, chosen, scheme)
        lines.append(difference)
        sources.extend(found)
    for tier in (first, second):
        line, found = _tier_line(tier, scheme, chosen, owner, best_for=not on_platform)
        lines.append(line)
        sources.extend(found)
    lines.append(
        "Each range spans every published size band inside the tier, so the two can overlap."
        + assumed
    )
    ranges = [scheme.range_of(t) for t in (first, second)]
    working = " vs ".join(
        f"{t.value} {r.label if r else 'not in this scheme'}"
        for t, r in zip((first, second), ranges, strict=True)
    )
    return Computed(
        kind="compare",
        title=f"{first.label} vs {second.label} influencers"
        + (f" on {chosen.label}" if on_platform else ""),
        body="\n".join(lines),
        working=f"{scheme.name}: {working}.",
        next_step=f"`/tiers compare first:{first.value} second:{second.value}` shows every aspect.",
        source_ids=tuple(dict.fromkeys(sources)),
    )


def _plain_difference(
    smaller: Tier, bigger: Tier, platform: Platform, scheme: TierScheme
) -> tuple[str, tuple[str, ...]]:
    """What separates two tiers on one platform, in plain words: the views a typical post
    brings, its price, what 1,000 views cost with outreach (as /mix plans them), engagement
    from the resolver's bands and trust from the plan model."""
    small, big = (facts.tier_plan_figures(tier, platform) for tier in (smaller, bigger))
    views = _how_much(big.impressions_per_post, small.impressions_per_post, "many views", "views")
    price = _how_much(big.planning_price, small.planning_price)
    per_view = [_per_thousand_views(tier, platform) for tier in (smaller, bigger)]
    if abs(per_view[0] - per_view[1]) <= SAME_WITHIN * max(per_view):
        value = (
            f"so 1,000 views cost about the same from either ({_view_cost(per_view[0])} from "
            f"{smaller.value}, {_view_cost(per_view[1])} from {bigger.value}, with outreach)"
        )
    else:
        cheaper = smaller if per_view[0] < per_view[1] else bigger
        value = (
            f"so 1,000 views cost less from {cheaper.value} creators "
            f"({_view_cost(per_view[0])} from {smaller.value}, {_view_cost(per_view[1])} from "
            f"{bigger.value}, with outreach)"
        )
    lead = (
        f"**On {platform.label}, a typical {bigger.value} post brings {views} as a "
        f"{smaller.value} post and costs {price}**: {format_money(round(big.planning_price))} "
        f"against {format_money(round(small.planning_price))}, {value}."
    )
    sources: list[str] = [*facts.coordination_sources()]
    for econ in (small, big):
        sources.extend((*econ.price_source_ids, *econ.impressions_source_ids))
    bands = []
    for tier in (smaller, bigger):
        size, _ = facts.tier_size(platform, tier, scheme)
        bands.append(size.benchmark)
    one, two = bands
    trusted = smaller if small.trust > big.trust else None
    audience = f"{platform.audience_noun}s"  # "subscribers" on YouTube
    trust = f"their {audience} trust them more (our assumption)"
    if one is not None and two is not None and one.basis is two.basis:
        a, b = (one.low + one.high) / 2, (two.low + two.high) / 2
        per = "per view" if one.basis is Basis.VIEWS else f"per {platform.audience_noun}"
        sources.extend((*one.source_ids, *two.source_ids))
        if abs(a - b) <= SAME_WITHIN * max(a, b):
            said = f"Engagement {per} is about the same"
        else:
            higher = smaller if a > b else bigger
            said = f"{higher.label} creators get more engagement {per}"
            if trusted is higher:
                said += f" and {trust}"
                trusted = None
    else:
        said = "Their engagement bands are measured differently, so compare them with care"
    if trusted is not None:
        said += f", and {trusted.value} creators' {audience} trust them more (our assumption)"
    if small.trust > big.trust:
        sources.append("tierbot-model")
    return f"{lead} {said}.", tuple(sources)


# -- engagement of one tier ---


def tier_engagement(
    tier: Tier, platform: Platform | None, scheme: TierScheme, *, owner: str = SERVER
) -> Computed:
    chosen, assumed = _platform_note(platform)
    size, fallback = facts.tier_size(chosen, tier, scheme)
    range_scheme = get_scheme(size.scheme_id) if fallback else scheme
    where = size.range_label
    span = size.benchmark
    if span is None:
        body = (
            f"No source Tierbot uses publishes {chosen.label} engagement for {tier.value} "
            f"accounts ({where} followers), so I won't give a number.{assumed}"
        )
        working = f"{tier.value} = {where} in {range_scheme.name}; no {chosen.label} band."
        sources: tuple[str, ...] = range_scheme.source_ids
    else:
        shown = format_percent_range(span.low, span.high)
        whose = (
            f"the {tier.value} range in {range_scheme.name}, as {owner} has no {tier.value} tier"
            if fallback
            else f"the {tier.value} range in *{range_scheme.name}*"
        )
        body = (
            f"**{tier.label} creators on {chosen.label} typically get {shown} engagement by "
            f"{_per(span.basis, chosen)}**, going by published bands for {where} accounts, "
            f"{whose}.{assumed}"
        )
        if span.basis.value == "views":
            body += f"\n{chosen.label} benchmarks divide by views, not followers."
        working = f"{tier.value} = {where} → bands covering it span {shown} ({chosen.label})."
        sources = tuple(dict.fromkeys((*span.source_ids, *range_scheme.source_ids)))
    return Computed(
        kind="tier-engagement",
        title=f"Engagement of {tier.value} creators on {chosen.label}",
        body=body,
        working=working,
        next_step="`/classify` judges one creator's rate against its band.",
        source_ids=sources,
    )


# -- a few big creators or many small ones ---


def _option_name(option: facts.OptionFigures) -> str:
    """ "one mega creator", "20 micro creators"."""
    if option.creators == 1:
        return f"one {option.tier.value} creator"
    return f"{format_int(option.creators)} {option.tier.value} creators"


def _per_thousand(cost: float, people: float) -> float:
    return cost / people * 1000 if people > 0 else math.inf


def _per_engagement(cost: float, engagements: float) -> float:
    return cost / engagements if engagements > 0 else math.inf


def _ahead(
    first: facts.OptionFigures, second: facts.OptionFigures, value: float, other: float
) -> facts.OptionFigures | None:
    """The option with the larger `value` (first's) / `other` (second's); None on a tie."""
    if math.isclose(value, other, rel_tol=0.01):
        return None
    return first if value > other else second


def options_compare(
    choices: tuple[tuple[int, Tier], tuple[int, Tier]],
    platform: Platform | None,
    scheme: TierScheme,
    budget: float | None = None,
    currency: str = "USD",
) -> Computed:
    """ "One mega creator or twenty micro creators for $50k?": both options worked out with
    the plan model (typical creators, one post each), compared on reach, engagements and
    cost, and measured against the budget when one is given."""
    chosen, assumed = _platform_note(platform)
    first, second = (facts.option_figures(tier, chosen, creators) for creators, tier in choices)
    names = {id(first): _option_name(first), id(second): _option_name(second)}

    def name(option: facts.OptionFigures) -> str:
        return names[id(option)]

    lines: list[str] = []
    reach_lead = _ahead(first, second, first.people, second.people)
    engaged_lead = _ahead(first, second, first.engagements, second.engagements)
    # Per dollar: the lower cost per 1,000 people and per engagement wins.
    first_cpt, second_cpt = (_per_thousand(o.cost, o.people) for o in (first, second))
    first_cpe, second_cpe = (_per_engagement(o.cost, o.engagements) for o in (first, second))
    cheaper_reach = _ahead(first, second, -first_cpt, -second_cpt)
    cheaper_engaged = _ahead(first, second, -first_cpe, -second_cpe)
    cheaper = _ahead(first, second, -first.cost, -second.cost)

    def verb(option: facts.OptionFigures, one: str, many: str) -> str:
        return one if option.creators == 1 else many

    def other_than(option: facts.OptionFigures) -> facts.OptionFigures:
        return second if option is first else first

    if reach_lead is not None and reach_lead is engaged_lead:
        lead = f"{name(reach_lead)} {verb(reach_lead, 'wins', 'win')} on reach and engagements"
        if cheaper is reach_lead:
            lead += " and costs less" if reach_lead.creators == 1 else " and cost less"
        elif cheaper is not None:
            lead += f"; {name(cheaper)} {verb(cheaper, 'costs', 'cost')} less"
    else:
        parts = [
            f"{name(option)} {verb(option, 'wins', 'win')} on {what}"
            for option, what in ((reach_lead, "reach"), (engaged_lead, "engagements"))
            if option is not None
        ]
        lead = "; ".join(parts) or "the two are level on reach and engagements"
        if cheaper is not None:
            lead += f"; {name(cheaper)} {verb(cheaper, 'costs', 'cost')} less"
    lines.append(f"**{lead[:1].upper()}{lead[1:]}.**")
    for option in (first, second):
        econ = option.economics
        each = "" if option.creators == 1 else " each"
        lines.append(
            f"• **{name(option)[:1].upper()}{name(option)[1:]}** (typical: about "
            f"{format_count(round(econ.followers))} {chosen.audience_noun}s{each}), one post"
            f"{each}: about {format_money(round(option.cost))} with outreach and review; "
            f"about {format_count(round(option.people))} people reached and "
            f"{format_count(round(option.engagements))} engagements "
            f"({format_money(_per_thousand(option.cost, option.people))} per 1,000 people, "
            f"{format_money(_per_engagement(option.cost, option.engagements))} per engagement)."
        )
    if cheaper_reach is not None and cheaper_reach is cheaper_engaged:
        lines.append(
            f"Per dollar, {name(cheaper_reach)} {verb(cheaper_reach, 'is', 'are')} the better "
            "buy on both reach and engagements."
        )
    elif cheaper_reach is not None and cheaper_engaged is not None:
        lines.append(
            f"Per dollar, {name(cheaper_reach)} {verb(cheaper_reach, 'is', 'are')} cheaper per "
            f"person reached and {name(cheaper_engaged)} per engagement."
        )
    if budget is not None:
        money = format_money(round(budget), currency)
        parts = []
        for option in (first, second):
            if option.cost > budget:
                parts.append(
                    f"{name(option)} at typical prices {verb(option, 'costs', 'cost')} "
                    f"{format_money(round(option.cost - budget))} more"
                )
            else:
                parts.append(
                    f"{name(option)} {verb(option, 'fits', 'fit')} with "
                    f"{format_money(round(budget - option.cost))} to spare"
                )
        lines.append(f"Against {money}: " + "; ".join(parts) + ".")
        winner = reach_lead if reach_lead is engaged_lead else None
        if winner is not None and winner.cost > budget and other_than(winner).cost <= budget:
            fees = verb(winner, "the fee comes", "their fees come")
            typical = verb(winner, "a typical one", "typical ones")
            lines.append(
                f"So within {money}, {name(other_than(winner))} "
                f"{verb(other_than(winner), 'is', 'are')} the option that fits; "
                f"{name(winner)} only if {fees} in "
                f"{format_money(round(winner.cost - budget))} under {typical}."
            )
    lines.append(
        "Typical creators at the middle of the rate card, one post each; estimates, not "
        f"guarantees. Trust and niche fit favour smaller creators.{_stand_in_note(chosen)}"
        f"{assumed}"
    )
    working = "; ".join(
        f"{option.tier.value}: {format_int(option.creators)} × "
        f"({format_money(round(option.economics.planning_price))} + "
        f"{format_money(round(facts.coordination_per_creator()))}) = "
        f"{format_money(round(option.cost))}, "
        f"{format_int(round(option.economics.impressions_per_post))} impressions a post "
        f"× {format_percent(option.economics.engagement_rate)} engagement"
        for option in (first, second)
    )
    plan_budget = (
        budget if budget is not None and currency == "USD" else max(first.cost, second.cost)
    )
    text, amount = _budget_text(plan_budget, chosen)
    plan = facts.awareness_plan(amount, chosen, scheme)
    command = _mix_command(text, chosen)
    next_step = (
        f"{command} books {_plan_summary(plan)}: a mix of tiers for that money."
        if plan is not None and plan.lines
        else f"{command} plans a mix of tiers for that money."
    )
    sources = [
        s
        for option in (first, second)
        for s in (
            *option.economics.price_source_ids,
            *option.economics.impressions_source_ids,
            *option.economics.engagement_source_ids,
        )
    ]
    sources.extend(facts.audience_pool_sources())
    return Computed(
        kind="options",
        title=(f"{_option_name(first).capitalize()} or {_option_name(second)} on {chosen.label}"),
        body="\n".join(lines),
        working=working + ".",
        next_step=next_step,
        source_ids=tuple(dict.fromkeys(sources)),
    )


# -- a fair CPM for a tier ---


def tier_cpm(tier: Tier, platform: Platform | None, scheme: TierScheme) -> Computed:
    """ "What's a fair CPM for mid-tier YouTube creators?": the platform's published CPM
    range (the data has none per tier, said plainly), and what it means for the tier's price
    a post: the views a fair price buys."""
    chosen, assumed = _platform_note(platform)
    econ = facts.tier_plan_figures(tier, chosen)
    cpm = econ.cpm
    cpm_card = facts.PROXY_PLATFORM if econ.cpm_is_proxy else chosen
    low, high = cpm.low, cpm.high or cpm.low
    cpm_text = format_money_range(low, high)
    size, card, note = _tier_prices(tier, chosen, scheme)
    title = f"A fair CPM for {tier.value} creators on {chosen.label}"
    stand_in = (
        f" No CPM is published for {chosen.label}; {cpm_card.label}'s stands in as our estimate."
        if econ.cpm_is_proxy
        else ""
    )
    lines = [
        f"**A fair CPM on {chosen.label} is about {cpm_text} per 1,000 views, the same for "
        f"{tier.value} creators as for any tier**: the published ranges are per "
        f"platform, and none of the sources gives a separate CPM by tier.{stand_in}"
    ]
    sources: list[str] = list(cpm.source_ids)
    price = size.price
    if price is not None and price.high is not None:
        views_low = price.low / high * 1000
        views_high = price.high / low * 1000
        lines.append(
            f"{_tier_who(size, capital=True)} charges {format_money_range(price.low, price.high)}"
            f" a post on {card.label}'s rate card, so a fair price buys about "
            f"{format_count(round(price.low / high * 1000))}–"
            f"{format_count(round(price.low / low * 1000))} views at "
            f"{format_money(price.low)} and {format_count(round(price.high / high * 1000))}–"
            f"{format_count(round(views_high))} at {format_money(price.high)}.{note}"
        )
        sources.extend(price.source_ids)
        working = (
            f"views = price ÷ CPM × 1,000: {format_money(price.low)} ÷ {format_money(high)} × "
            f"1,000 = {format_int(round(views_low))}; {format_money(price.high)} ÷ "
            f"{format_money(low)} × 1,000 = {format_int(round(views_high))}."
        )
    else:
        floor = (
            f"The rate card gives only a floor for {_tier_who(size)}: "
            f"{format_money(price.low)}+ a post"
            if price is not None
            else f"No rate card prices {_tier_who(size)}"
        )
        lines.append(f"{floor}, so judge a quote by the views it brings.{note}")
        working = f"{chosen.label} CPM {cpm_text} (per platform, not per tier)."
    lines.append(
        f"Tierbot plans a typical {tier.value} post at "
        f"{format_money(round(econ.planning_price))} and "
        f"{format_count(round(econ.impressions_per_post))} views: "
        f"{format_money((low + high) / 2)} CPM, the middle of the range."
    )
    sources.extend(econ.price_source_ids)
    lines.append(
        "To judge a quote: CPM = fee ÷ the creator's typical views × 1,000. Far above "
        f"{format_money(high)} is worth negotiating; far below {format_money(low)} may rest on "
        f"inflated view counts.{assumed}"
    )
    return Computed(
        kind="tier-cpm",
        title=title,
        body="\n".join(lines),
        working=working,
        next_step=(
            "`/classify` with a creator's followers and views prices that creator against "
            "the rate card."
        ),
        source_ids=tuple(dict.fromkeys(sources)),
    )
