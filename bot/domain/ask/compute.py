"""Answers worked out from the question's numbers, with the resolvers /classify and /mix use.

Each function returns a `Computed`: a title, a short body in a marketer's words, the
working in one line, the command that does more, and the sources of every figure shown.
Money is the rate cards' USD, as in /classify and /mix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.domain.ask import facts
from bot.domain.creator_report import near_boundary_text
from bot.domain.numbers import (
    format_count,
    format_int,
    format_money,
    format_money_range,
    format_percent,
    format_percent_range,
)
from bot.domain.platforms import Platform
from bot.domain.tier import ALL_TIERS, Tier
from bot.domain.tier_profiles import tier_profile
from bot.domain.tiers import Classification, TierScheme, classify_across_schemes, get_scheme

DEFAULT_PLATFORM = Platform.INSTAGRAM
MAX_CREATORS_SHOWN = 500  # past this a tier is the wrong tool for the target


@dataclass(frozen=True, slots=True)
class Computed:
    kind: str  # tier-of, engagement-check, posts-cost, creators-for-reach, budget, compare
    title: str
    body: str
    working: str
    next_step: str
    source_ids: tuple[str, ...]


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
    """ "this server's scheme, *Industry standard*": whose scheme the answer used."""
    return f"{owner}, *{scheme.name}*"


def _platform_note(platform: Platform | None) -> tuple[Platform, str]:
    """The platform to use, and the assumption to state when none was named."""
    if platform is not None:
        return platform, ""
    return DEFAULT_PLATFORM, " Assumed Instagram, as no platform was named."


def _followers(shown: str, followers: int) -> str:
    """ "50K followers", "1 follower"."""
    return f"{shown} follower" + ("" if followers == 1 else "s")


def _plural(count: int, word: str) -> str:
    return f"{format_int(count)} {word}" + ("" if count == 1 else "s")


# -- the tier of a follower count ---


def tier_of(
    followers: int, scheme: TierScheme, asked: tuple[Tier, ...] = (), *, owner: str = SERVER
) -> Computed:
    placement = scheme.classify(followers)
    count = format_count(followers)
    label = _place(placement)
    lines = [f"**{_followers(count, followers)} is {label}** under {_scheme_words(scheme, owner)}."]
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
        others = "; ".join(f"{get_scheme(c.scheme_id).name} says {_place(c)}" for c in differing)
        lines.append(f"Tier definitions differ between sources: {others}.")
    working = f"{count} falls in {placement.band_label} → {label} ({scheme.name})."
    return Computed(
        kind="tier-of",
        title=f"{_followers(count, followers)}: {label[:1].upper() + label[1:]}",
        body="\n".join(lines),
        working=working,
        next_step=(
            f"`/classify followers:{count.lower()}` adds engagement, a benchmark and a price."
        ),
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
) -> Computed:
    chosen, assumed = _platform_note(platform)
    count = format_count(followers)
    shown = format_percent(rate)
    size = facts.size_facts(chosen, followers, scheme)
    band = size.benchmark
    if band is None:
        return Computed(
            kind="engagement-check",
            title=f"{shown} engagement at {_followers(count, followers)} on {chosen.label}",
            body=(
                f"I can't say whether {shown} is good for {_followers(count, followers)} "
                f"on {chosen.label}: "
                f"{size.benchmark_gap}. Compare it with the creator's own recent posts, or "
                "with creators of the same size you have worked with." + assumed
            ),
            working=f"{count} on {chosen.label}: {size.benchmark_gap}.",
            next_step="`/classify` shows every figure that does exist for one creator.",
            source_ids=scheme.source_ids,
        )
    verdict = facts.judge(rate, band)
    range_text = format_percent_range(band.low, band.high)
    judged = {
        "below": f"**{shown} is below typical** for this size",
        "typical": f"**{shown} is typical** for this size",
        "above": f"**{shown} is above typical** for this size, which is good",
    }[verdict]
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
    if verdict == "above" and rate > band.high * 3:
        lines.append(
            "Far above the band can also mean giveaways or engagement pods: check who comments."
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
        title=f"Is {shown} engagement good at {_followers(count, followers)} on {chosen.label}?",
        body="\n".join(lines),
        working=f"{shown} vs {range_text} ({band.size_label}, {chosen.label}) → {verdict}.",
        next_step="`/classify` with likes, comments and views computes the rate itself.",
        source_ids=tuple(dict.fromkeys((*band.source_ids, *scheme.source_ids))),
    )


# -- what posts cost ---


def _round_budget(amount: float, platform: Platform) -> str:
    """A budget to type into /mix ("29400" -> "29k"), never below what /mix plans with."""
    amount = max(amount, facts.smallest_mix_budget(platform))
    if amount >= 1000:
        return f"{round(amount / 1000):,}k".replace(",", "")
    return str(max(1, round(amount)))


def posts_cost(tier: Tier, posts: int, platform: Platform | None) -> Computed:
    chosen, assumed = _platform_note(platform)
    econ = facts.tier_plan_figures(tier, chosen)
    price = econ.price
    one = format_money_range(price.low, price.high)
    total = format_money_range(
        price.low * posts, None if price.high is None else price.high * posts
    )
    proxy = (
        f" {chosen.label} has no full rate card, so Instagram's is used, as /mix does."
        if econ.price_is_proxy
        else ""
    )
    body = (
        f"**{_plural(posts, 'post')} from {tier.value} creators on {chosen.label} cost about "
        f"{total}** at the rate card's {one} per post.{proxy}{assumed}\n"
        "Rate cards are a starting point: usage rights, exclusivity and whitelisting are "
        "usually priced on top."
    )
    return Computed(
        kind="posts-cost",
        title=f"Cost of {_plural(posts, 'post')} from {tier.value} creators on {chosen.label}",
        body=body,
        working=f"{format_int(posts)} × {one} = {total}.",
        next_step=(
            f"`/mix goal:awareness budget:{_round_budget(price.low * posts, chosen)} "
            f"platform:{chosen.value}` plans a budget across tiers for a goal."
        ),
        source_ids=econ.price_source_ids,
    )


def size_cost(
    followers: int, platform: Platform | None, scheme: TierScheme, *, owner: str = SERVER
) -> Computed:
    chosen, assumed = _platform_note(platform)
    size = facts.size_facts(chosen, followers, scheme)
    count = format_count(followers)
    title = f"Cost of a post from a {count}-follower account on {chosen.label}"
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
    body = (
        f"**{money} per post** on the rate card for {price.size_label} accounts. {count} "
        f"followers is {_place(size.placement)} under {_scheme_words(scheme, owner)}.{assumed}"
    )
    return Computed(
        kind="posts-cost",
        title=title,
        body=body,
        working=f"{count} is in the rate card's {price.size_label} band → {money}.",
        next_step=(
            f"`/classify followers:{count.lower()} platform:{chosen.value}` adds cost per "
            "engagement."
        ),
        source_ids=tuple(dict.fromkeys((*price.source_ids, *scheme.source_ids))),
    )


# -- how many creators for a reach target ---


def _creators_needed(per_creator: float, target: float) -> int | None:
    """Fewest creators whose reach, with /mix's audience overlap, meets the target."""
    decay = facts.overlap_decay()
    ceiling = per_creator / (1 - decay)
    if target >= ceiling:
        return None
    # per_creator × (1 − decayⁿ) / (1 − decay) ≥ target
    needed = math.log(1 - target * (1 - decay) / per_creator) / math.log(decay)
    return max(1, math.ceil(needed - 1e-9))


def _reach_plan(per_post: float, target: float, most_posts: int) -> tuple[int, int] | None:
    """(creators, posts each): fewest posts per creator, then fewest creators, that reach the
    target in /mix's model, where a repeat post reaches fewer new people."""
    for posts in range(1, most_posts + 1):
        needed = _creators_needed(per_post * facts.repeat_reach(posts), target)
        if needed is not None and needed <= MAX_CREATORS_SHOWN:
            return needed, posts
    return None


def creators_for_reach(
    target: int, tiers: tuple[Tier, ...], platform: Platform | None, scheme: TierScheme
) -> Computed:
    chosen, assumed = _platform_note(platform)
    shown_tiers = [t for t in (tiers or ALL_TIERS) if t in scheme.tiers or tiers]
    lines: list[str] = []
    sources: list[str] = []
    working = ""
    budget: float | None = None  # the first workable tier's cost, as a /mix starting point
    for tier in shown_tiers:
        econ = facts.tier_plan_figures(tier, chosen)
        per_post = econ.impressions_per_post
        sources.extend(econ.impressions_source_ids)
        plan = _reach_plan(per_post, target, facts.max_posts(tier))
        if plan is None:
            lines.append(
                f"**{tier.label}:** out of reach for {tier.value} creators alone: about "
                f"{format_count(round(per_post))} impressions a post, and their audiences overlap."
            )
            continue
        needed, posts = plan
        cost = needed * posts * econ.planning_price
        budget = budget if budget is not None else cost
        each = "one post each" if posts == 1 else f"{posts} posts each"
        who = f"about {_plural(needed, 'creator')}, {each}"
        if needed == 1:
            who = "one creator, one post" if posts == 1 else f"one creator, {posts} posts"
        lines.append(
            f"**{tier.label}:** {who} "
            f"(~{format_count(round(per_post))} impressions a post; about "
            f"{format_money(round(cost), compact=True)} at rate-card midpoints)."
        )
        if not working:
            working = (
                f"{tier.value}: {format_money(round(econ.planning_price))} a post ÷ "
                f"CPM {format_money_range(econ.cpm.low, econ.cpm.high)} → "
                f"~{format_count(round(per_post))} impressions; each extra creator adds "
                f"{round(facts.overlap_decay() * 100)}% of the last (overlap)."
            )
    target_text = format_count(target)
    lines.append(
        f"The /mix reach model counts impressions as people reached, from rate-card price ÷ CPM; "
        f"it is an estimate, not a guarantee.{assumed}"
    )
    sources.extend(facts.overlap_decay_sources())
    subject = f"{shown_tiers[0].value} creators" if len(shown_tiers) == 1 else "creators"
    return Computed(
        kind="creators-for-reach",
        title=f"How many {subject} to reach {target_text} impressions on {chosen.label}",
        body="\n".join(lines),
        working=working or "Reach per post from rate-card price ÷ CPM, with /mix's overlap.",
        next_step=(
            f"`/mix goal:awareness budget:{_round_budget(budget, chosen)} platform:{chosen.value}` "
            "builds a mix across tiers."
            if budget is not None
            else f"`/mix goal:awareness platform:{chosen.value}` builds a mix for a budget."
        ),
        source_ids=tuple(dict.fromkeys(sources)),
    )


# -- what a budget buys ---


def budget_buys(
    budget: float,
    tiers: tuple[Tier, ...],
    platform: Platform | None,
    scheme: TierScheme,
    currency: str = "USD",
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
        econ = facts.tier_plan_figures(tier, chosen)
        price = econ.price
        sources.extend(econ.price_source_ids)
        most = math.floor(budget / price.low) if price.low > 0 else 0
        fewest = math.floor(budget / price.high) if price.high else 0
        one = format_money_range(price.low, price.high)
        if most == 0:
            lines.append(f"**{tier.label}:** not enough for one post ({one} each).")
            continue
        if price.high is None or fewest == 0:
            span = f"up to {_plural(most, 'post')}"
        elif fewest == most:
            span = _plural(most, "post")
        else:
            span = f"{format_int(fewest)}–{_plural(most, 'post')}"
        lines.append(f"**{tier.label}:** {span} at {one} each.")
        if not working:
            working = f"{money} ÷ {one} per {tier.value} post = {span}."
        # (an amount in another currency is divided as if it were dollars; said above)
    lines.append(
        "Prices are rate-card posts only; /mix also budgets outreach and review per creator "
        f"and spreads the money by goal.{assumed}"
    )
    return Computed(
        kind="budget",
        title=f"What {money} buys on {chosen.label}",
        body="\n".join(lines),
        working=working,
        next_step=f"`/mix goal:awareness budget:{amount} platform:{chosen.value}` plans it.",
        source_ids=tuple(dict.fromkeys(sources)),
    )


# -- two tiers compared ---


def _tier_line(
    tier: Tier, scheme: TierScheme, platform: Platform, owner: str
) -> tuple[str, tuple[str, ...]]:
    size, fallback = facts.tier_size(platform, tier, scheme)
    where = (
        f"{size.range_label} followers"
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
            f"engagement {format_percent_range(span.low, span.high)} by {span.basis.value} "
            f"on {platform.label}"
        )
        sources.extend(span.source_ids)
    if size.price is not None:
        parts.append(f"{format_money_range(size.price.low, size.price.high)} a post")
        sources.extend(size.price.source_ids)
    best = tier_profile(tier).best_for
    line = "; ".join(parts) + "."
    if "seed" not in best.text.lower():
        line += f" Best for: {best.text[:1].lower() + best.text[1:]}"
        sources.extend(best.sources)
    return line, tuple(sources)


def compare(
    first: Tier,
    second: Tier,
    scheme: TierScheme,
    platform: Platform | None = None,
    *,
    owner: str = SERVER,
) -> Computed:
    chosen, assumed = _platform_note(platform)
    first, second = sorted((first, second), key=lambda tier: tier.rank)
    lines: list[str] = []
    sources: list[str] = []
    for tier in (first, second):
        line, found = _tier_line(tier, scheme, chosen, owner)
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
        title=f"{first.label} vs {second.label} influencers",
        body="\n".join(lines),
        working=f"{scheme.name}: {working}.",
        next_step=f"`/tiers compare first:{first.value} second:{second.value}` shows every aspect.",
        source_ids=tuple(dict.fromkeys(sources)),
    )


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
        working = f"{tier.value} = {where} ({range_scheme.name}); no {chosen.label} band."
        sources: tuple[str, ...] = range_scheme.source_ids
    else:
        shown = format_percent_range(span.low, span.high)
        whose = (
            f"{owner} has no {tier.value} tier, so {range_scheme.name}'s range"
            if fallback
            else f"the {tier.value} range in *{range_scheme.name}*"
        )
        body = (
            f"**{tier.label} creators on {chosen.label} typically get {shown} engagement by "
            f"{span.basis.value}**, going by published bands for {where} accounts "
            f"({whose}).{assumed}"
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
