"""/mix replies: the plan as one embed (table, totals, phases or cadence, reasons, flags,
assumptions) with its chart attached, and the refusals the planner can give.

Every figure is formatted here with bot.domain.numbers. The niche is user text: it is shown
through `plain()` and so are the planner's sentences that quote it, which means no sentence
of the reply can render as markdown or a mention.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

import discord

from bot.domain.creator_size import price_for
from bot.domain.mix import (
    BudgetTooSmallError,
    CadenceLine,
    Goal,
    MixPlan,
    Note,
    Phase,
    PhasePlan,
)
from bot.domain.mix.explain import (
    booking_posts,
    booking_terms,
    cap_leaves_money,
    post_limits,
    spent_text,
)
from bot.domain.mix.model import PROXY_PLATFORM, mix_model
from bot.domain.mix.models import Addition, PricedOutTier, PriceRisk, spend_floor
from bot.domain.numbers import (
    Money,
    format_count,
    format_money,
    format_money_range,
    half_up,
)
from bot.domain.platforms import Platform
from bot.domain.sources import cite, get_source
from bot.domain.tier import ALL_TIERS, Tier
from bot.domain.tiers import TierScheme
from bot.domain.wording import count_noun, posts_per_week, with_article
from bot.render import colours
from bot.render.classify import Reply
from bot.render.files import attachment
from bot.render.limits import (
    EMBED_DESCRIPTION,
    EMBED_TOTAL,
    FIELD_VALUE,
    EmbedBuilder,
    clip_lines,
)
from bot.render.mix_table import build_table, plan_tables
from bot.render.text import plain

CHART_FILENAME: Final = "tierbot-mix.png"
CHART_URL: Final = f"attachment://{CHART_FILENAME}"
# The table lives in a code block, so it must never be cut: reasons come after it and are
# the part that gives way if the description ever runs long.
_REASON_LIMIT: Final = 600
_NICHE_LIMIT: Final = 100
_PHASE_TITLES: Final = {Phase.KICKOFF: "Kickoff", Phase.SUSTAIN: "Sustain"}


def _money(amount: float | Decimal, currency: str) -> str:
    return format_money(amount, currency)


def _compact_money(amount: float, currency: str) -> str:
    return format_money(amount, currency, compact=True)


def _count(value: float) -> str:
    return format_count(round(value))


def _names(tiers: tuple[Tier, ...] | list[Tier]) -> str:
    words = [tier.value for tier in tiers]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _weeks(count: int) -> str:
    return f"{count} week" if count == 1 else f"{count} weeks"


def _week_span(first: int, last: int) -> str:
    return f"week {first}" if first == last else f"weeks {first}–{last}"


def _per_week(value: float) -> str:
    return posts_per_week(value)


# --- the table, totals and price risk ------------------------------------------------------


def plan_table(plan: MixPlan) -> str:
    return plan_tables(plan)


def lead_text(plan: MixPlan) -> str | None:
    """What shaped the plan most, when it is a limit: the team's cap or the supply."""
    currency = plan.request.currency
    if plan.flags.capped_by_max_creators:
        cap = count_noun(plan.max_creators or 0, "creator")
        if not cap_leaves_money(plan):
            # The cap shapes the mix, but the money is spent: no proposal to raise it.
            return (
                f"**Your cap of {cap} shapes the plan**: it spends {spent_text(plan)} of the "
                f"budget with {count_noun(plan.total_creators, 'creator')} (without the cap "
                f"the budget would book about {count_noun(plan.budget_only_creators, 'creator')})."
            )
        return (
            f"**Your cap of {cap} binds**: {_money(plan.unspent, currency)} stays unspent. "
            f"Set `max_creators:{plan.budget_only_creators}` to spend the budget "
            f"({count_noun(plan.budget_only_creators, 'creator')})."
        )
    if plan.lengthened is not None:
        default = plan.lengthened.from_weeks
        return (
            f"**Planned over {_weeks(plan.request.weeks)}**: no campaign length was given, and "
            f"in the default {_weeks(default)} a team can book only enough creators to spend "
            f"{_money(plan.lengthened.spend_then, currency)} of the budget (every tier at the "
            f"most creators it can book). Set `weeks:{default}` to keep it at "
            f"{_weeks(default)}."
        )
    if _short_of_the_spend_rule(plan):
        assert plan.addition is not None
        return (
            f"**{_money(plan.unspent, currency)} of {_money(plan.budget, currency)} stays "
            f"unspent**: it is less than any further booking the plan allows; "
            + _addition(plan.addition, currency)
            + "."
        )
    if plan.flags.supply_binds:
        longer = plan.weeks_to_spend
        more = (
            f"{with_article(f'{longer}-week campaign', capital=True)} would spend nearly all "
            "of it, or a second platform could take it."
            if longer is not None
            else "A second platform could take it; even a year-long campaign would not "
            "spend it here."
        )
        limits = post_limits(plan)
        at_limits = (
            f" Posts per creator are at the plan's limits: {'; '.join(limits)}." if limits else ""
        )
        return (
            f"**Booked to the limit**: every tier has the most creators a team can book in "
            f"{_weeks(plan.request.weeks)}, with as many posts as add to the goal within the "
            f"plan's limits per creator, so {_money(plan.unspent, currency)} "
            f"stays unspent. {more}{at_limits}"
        )
    return None


def totals_text(plan: MixPlan) -> str:
    currency = plan.request.currency
    total = build_table(plan).total
    spend = f"**Spend** {_money(total.cost, currency)} of {_money(plan.budget, currency)}"
    if plan.unspent >= 0.5:
        spend += f" ({_money(plan.unspent, currency)} unspent"
        if leftover_is_below_any_booking(plan) and not _short_of_the_spend_rule(plan):
            assert plan.addition is not None
            spend += ": less than any further booking or post the plan allows; " + _addition(
                plan.addition, currency
            )
        spend += ")"
    creators = "creator" if plan.total_creators == 1 else "creators"
    posts = "post" if plan.total_posts == 1 else "posts"
    lines = [
        f"{spend} · {plan.total_creators:,} {creators}, {plan.total_posts:,} {posts}",
        f"**Expected** {_count(total.people)} people reached · {_count(total.views)} views · "
        f"{_count(total.engagements)} engagements",
    ]
    cpm = cpm_text(plan)
    if cpm:
        lines.append(cpm)
    lines.extend(risk_lines(plan))
    return "\n".join(lines)


def _addition(addition: Addition, currency: str) -> str:
    """What the cheapest addition is and costs, with the rule that sets it."""
    cost = _money(addition.cost, currency)
    tier = addition.label
    where = f" in the {addition.phase.value} phase" if addition.phase is not None else ""
    if addition.new_creator and addition.creators == 0:
        posts = count_noun(addition.posts, "post")
        return (
            f"the cheapest is a first {tier} creator{where} with {posts}, {cost} with coordination"
        )
    if addition.new_creator:
        posts = count_noun(addition.posts, "post")
        like = "like the other" if addition.creators == 1 else "like the others"
        return (
            f"the cheapest is one more {tier} creator{where} with {posts} {like}, "
            f"{cost} with coordination"
        )
    each = "one more post" if addition.posts == 1 else count_noun(addition.posts, "more post")
    if addition.creators == 1:
        return f"the cheapest is {each} from the {tier} creator{where}, {cost}"
    return (
        f"the cheapest is {each} from each of the {addition.creators} {tier} creators{where}, "
        f"{cost}, as every creator in a tier gets the same number of posts"
    )


def leftover_is_below_any_booking(plan: MixPlan) -> bool:
    return plan.cheapest_addition is not None and plan.unspent < plan.cheapest_addition


def _short_of_the_spend_rule(plan: MixPlan) -> bool:
    """No limit the team set binds, yet the plan spends under the spend rule because what is
    left buys no further booking (small budgets): the reply leads with it."""
    return (
        not plan.flags.capped_by_max_creators
        and not plan.flags.supply_binds
        and plan.total_spend < spend_floor(plan.budget) * plan.budget
        and leftover_is_below_any_booking(plan)
    )


def cpm_text(plan: MixPlan) -> str | None:
    """The effective CPM, reconciled with the quoted one: coordination and repeat viewers."""
    breakdown = plan.cpm_breakdown
    if breakdown is None:
        return None
    currency = plan.request.currency
    quoted = f"{_money(breakdown.quoted_low, currency)}–{_money(breakdown.quoted_high, currency)}"
    return (
        f"**Effective CPM** {_money(breakdown.per_thousand_views, currency)} per 1,000 views: "
        f"{_money(breakdown.fees_per_thousand_views, currency)} in fees (quoted CPM {quoted}, "
        f"planned at {_money(breakdown.quoted_planning, currency)}) + "
        f"{_money(breakdown.coordination_per_thousand_views, currency)} of coordination. "
        + _per_people(plan, breakdown.per_thousand_people, breakdown.per_thousand_views)
    )


def _per_people(plan: MixPlan, per_people: float, per_views: float) -> str:
    """The cost per 1,000 people reached, and why it is above the cost per 1,000 views."""
    currency = plan.request.currency
    shown = _money(per_people, currency)
    if shown == _money(per_views, currency):
        return f"Per 1,000 people reached it is the same {shown}: every view is a new person."
    causes = []
    if any(line.posts_per_creator > 1 for line in plan.lines):
        causes.append("repeat posts reach many of the same people")
    if plan.total_creators > 1:
        causes.append("creators share some followers")
    return f"Per 1,000 people reached it is {shown}, because " + " and ".join(causes) + "."


def risk_lines(plan: MixPlan) -> list[str]:
    """The cost at the low and high end of the published ranges, and one sensitivity line."""
    currency = plan.request.currency
    risk = plan.risk
    lines = [
        f"**Cost range** priced at each range's midpoint; the same bookings cost "
        f"{_money(plan.total_cost_low, currency)} at the low end and "
        f"{_money(plan.total_cost_high, currency)} at the high end"
    ]
    if risk is None:
        return lines
    if risk.over_budget >= 0.5 and risk.driver is not None:
        lines[0] += f": **{_money(risk.over_budget, currency)} over budget** at the high end" + (
            _driver_text(plan, risk)
        )
    else:
        lines[0] += ", within budget."
    if plan.expected_reach > 0 and plan.expected_engagements > 0:
        lines.append(_high_prices_line(plan, risk))
    return lines


def _driver_text(plan: MixPlan, risk: PriceRisk) -> str:
    """Which tier the high end's extra cost comes from, in amounts that add up: the extra
    over the planned cost is the amount over budget plus what the plan left unspent."""
    currency = plan.request.currency
    rise = round(plan.total_cost_high - plan.total_spend, 2)
    tiers = {line.tier for line in plan.lines if line.cost_high > line.spend}
    if _money(rise, currency) == _money(risk.over_budget, currency):
        # The plan spends the whole budget: the rise is the overshoot, said once.
        if len(tiers) == 1 and risk.driver is not None:
            return f", all of it from {risk.driver.value} prices."
        assert risk.driver is not None
        extra = _money(risk.driver_extra, currency)
        return f", {extra} of it from {risk.driver.value} prices."
    head = f"; high-end prices add {_money(rise, currency)} to the planned cost"
    if len(tiers) == 1 and risk.driver is not None:
        return f"{head}, all of it {risk.driver.value}."
    assert risk.driver is not None
    return f"{head}, {_money(risk.driver_extra, currency)} of it {risk.driver.value}."


def _high_prices_line(plan: MixPlan, risk: PriceRisk) -> str:
    """Like for like: what these bookings cost at high-end prices and how much of them the
    budget covers; then what a re-plan at those prices delivers, never more than planned."""
    head = "**If prices are at the high end**, "
    if plan.total_cost_high > plan.budget:
        covered = plan.budget / plan.total_cost_high
        head += f"the budget covers only {_percent_short(covered)} of these bookings"
    else:
        # The same bookings deliver the same at any price: nothing to re-plan.
        return head + "these bookings still fit the budget."
    # A re-plan at higher prices may shift the mix (reach can rise as engagement falls), so
    # it is judged on the measure the goal plans for, which higher prices never raise.
    if plan.request.goal is Goal.AWARENESS:
        planned, high, noun = plan.expected_reach, risk.high_reach, "people reached"
    else:
        planned, high, noun = plan.expected_engagements, risk.high_engagements, "engagements"
    high = min(high, planned)  # the solver's budget steps can add a hair; never show more
    change = high / planned - 1
    if abs(change) < 0.005:
        return head + "."
    return (
        f"{head}; re-planned for the budget at those prices it would deliver about "
        f"{_count(high)} {noun} ({_change(change)})."
    )


def _percent_short(fraction: float) -> str:
    """A share below the whole as a whole percent, halves up like every other percentage
    (66.8% -> "67%", judge 9), but never "100%" of 99.6%."""
    percent = half_up(round(fraction * 100, 6))
    if fraction < 1:
        percent = min(percent, 99)
    return f"{percent}%"


def _change(fraction: float) -> str:
    if abs(fraction) < 0.005:
        return "about the same"
    sign = "+" if fraction > 0 else "−"
    return f"{sign}{half_up(round(abs(fraction) * 100, 6))}%"


# --- phases, cadence, reasons, flags, assumptions ------------------------------------------


def _phase_line(phase: PhasePlan, plan: MixPlan) -> str:
    currency = plan.request.currency
    # One count per tier: the table's rows give a tier's bigger sizes one by one.
    counts: dict[Tier, int] = {}
    for line in plan.lines:
        if line.phase is phase.phase:
            counts[line.tier] = counts.get(line.tier, 0) + line.creators
    who = " + ".join(f"{count} {tier.value}" for tier, count in counts.items())
    posts = "post" if phase.posts == 1 else "posts"
    return (
        f"**{_PHASE_TITLES[phase.phase]} · {_week_span(phase.first_week, phase.last_week)}**: "
        f"{who} ({phase.posts:,} {posts}) · {_money(phase.spend, currency)} · "
        f"reach {_count(phase.expected_reach)} · {_count(phase.expected_engagements)} engagements"
    )


def phases_text(plan: MixPlan) -> str:
    return clip_lines([_phase_line(phase, plan) for phase in plan.phases], FIELD_VALUE)


def _cadence_line(line: CadenceLine) -> str:
    if line.creators == 1:
        return f"**{line.tier.label}**: 1 creator, {line.rhythm}"
    return (
        f"**{line.tier.label}**: {line.creators} creators, {line.rhythm} each "
        f"({_per_week(line.posts_per_week)} in all)"
    )


def cadence_text(plan: MixPlan) -> str:
    per_week = sum(line.posts_per_week for line in plan.cadence)
    lines = [_cadence_line(line) for line in plan.cadence]
    # One tier's line already gives the programme's posts a week: the total would repeat it.
    if len(plan.cadence) > 1 or plan.cadence[0].creators == 1:
        lines.append(
            f"About {_per_week(per_week)} across the programme's {_weeks(plan.request.weeks)}."
        )
    else:
        lines[0] = lines[0][: -len(" in all)")] + f" over {_weeks(plan.request.weeks)})"
    return clip_lines(lines, FIELD_VALUE)


def _note_with_sources(note: Note, limit: int, cited: set[str] | None = None) -> str:
    # The planner's sentences can quote the niche, so the whole sentence is shown as plain
    # text; the citations are Tierbot's own data but get the same treatment for safety.
    # Tierbot's own assumptions are stated once, in the Assumptions footer, not per reason,
    # and a source an earlier reason cites is not cited again (`cited` collects them).
    text = plain(_deduplicated_text(note), limit)
    published = tuple(sid for sid in _published(note.source_ids) if sid not in (cited or ()))
    if cited is not None:
        cited.update(published)
    if not published:
        return text
    return f"{text} *({plain(cite(published), limit)})*"


def _published(source_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The sources that are published data, without Tierbot's own assumptions."""
    return tuple(sid for sid in source_ids if get_source(sid).kind != "assumption")


# "Nano and micro creators take 100% of the budget": a split a reason states.
_SPLIT = re.compile(r"([A-Z][a-z]+(?: and [a-z]+)?) creators take ([\d.]+%) of the budget")
_SPLIT_SENTENCE = re.compile(_SPLIT.pattern + r"(?: \([^)]*\))?\.")


def _split_keys(text: str) -> set[tuple[str, str]]:
    return {(names.lower(), share) for names, share in _SPLIT.findall(text)}


def _deduplicated_text(note: Note, later: tuple[Note, ...] = ()) -> str:
    """The note without a sentence that only states a split a later reason states again."""
    stated_later = set().union(*(_split_keys(other.text) for other in later))
    sentences = re.split(r"(?<=\.) (?=[A-Z])", note.text)
    kept = [
        sentence
        for sentence in sentences
        if not (
            (match := _SPLIT_SENTENCE.fullmatch(sentence))
            and (match.group(1).lower(), match.group(2)) in stated_later
        )
    ]
    return " ".join(kept)


def _distinct_reasons(reasons: tuple[Note, ...]) -> list[Note]:
    """Each fact once: a split stated by two reasons is kept only in the later, fuller one."""
    distinct: list[Note] = []
    for index, note in enumerate(reasons):
        text = _deduplicated_text(note, reasons[index + 1 :])
        if text:
            distinct.append(note.model_copy(update={"text": text}))
    return distinct


# Reasons that the lead line already gives (the team's cap, the supply limit): said once.
_LEAD_CLAIMS = frozenset({"cap_binds", "supply_binds"})


def reasons_text(plan: MixPlan) -> str:
    return "\n".join(reason_lines(plan))


def reason_lines(plan: MixPlan) -> list[str]:
    """The numbered reasons, one line each, every source cited once (at its first use)."""
    notes = _distinct_reasons(plan.reasons)
    if lead_text(plan) is not None:
        notes = [note for note in notes if not {c.kind for c in note.claims} & _LEAD_CLAIMS]
    cited: set[str] = set()
    return [
        f"{number}. {_note_with_sources(note, _REASON_LIMIT, cited)}"
        for number, note in enumerate(notes, start=1)
    ]


def flag_lines(plan: MixPlan, scheme: TierScheme, *, in_guild: bool) -> list[str]:
    """Short lines on what shaped or limited the plan."""
    request = plan.request
    flags = plan.flags
    currency = request.currency
    lines: list[str] = []
    priced_out = [out for out in flags.tiers_priced_out if not out.held_back]
    for out in priced_out:
        posts = booking_posts(out)
        fewest = (
            f"; {with_article(f'{request.goal.value} plan')} books each creator for at least "
            f"{count_noun(posts, 'post')} over {_weeks(request.weeks)}"
            if posts > 1
            else ""
        )
        lines.append(
            f"{out.tier.label} not planned: one booking costs {_money(out.needs, currency)} "
            f"in this plan, more than the budget: {booking_terms(plan, out)}, each post "
            f"priced at the midpoint of {_card_words(plan, out)}"
            f"{_stand_in_for(plan, out.tier)}{fewest}"
        )
    priced_out_lines = len(lines)
    if flags.excluded_tiers:
        plan_kind = with_article(f"{request.goal.value} plan")
        lines.append(f"Left out of {plan_kind}: {_names(flags.excluded_tiers)}")
    # Mid is the one optional tier (four-tier schemes are common, and /mix takes no tier
    # input): a scheme without it is nothing to check before booking (judge 9). A scheme
    # that lacks a tier most schemes have still says so.
    missing: list[Tier] = [
        tier for tier in ALL_TIERS if tier not in request.allowed_tiers and tier is not Tier.MID
    ]
    if missing:
        scope = "This server's" if in_guild else "The default"
        lines.append(
            f"{scope} tier scheme, {scheme_label(scheme)}, has no {_names(missing)} tier, "
            "so the plan has none"
        )
    if flags.currency_not_usd:
        lines.append(f"Budget in {currency}: rate cards are USD and applied 1:1")
    # The field shows each line as "• line"; when they would not all fit, the tiers out of
    # reach share one line, so the field never has to leave a line out.
    if priced_out_lines > 1 and sum(len(line) + 3 for line in lines) > FIELD_VALUE:
        lines[:priced_out_lines] = [_priced_out_together(plan, priced_out)]
    return lines


def _priced_out_together(plan: MixPlan, priced_out: list[PricedOutTier]) -> str:
    """ "Micro, mid and macro not planned: one booking of each costs more than the budget
    (micro $750 for 2 posts; …), …": the tiers the budget cannot book, in one line."""
    currency = plan.request.currency
    coordination = _money(mix_model().planning.coordination_usd.value, currency)
    costs = "; ".join(
        f"{out.tier.value} {_money(out.needs, currency)} for "
        f"{count_noun(booking_posts(out), 'post')}"
        for out in priced_out
    )
    last = priced_out[-1].tier
    proxy = last in plan.flags.proxy_tiers
    card = f"{_card_owner(plan, last)} card for each tier" if proxy else "each tier's rate card"
    return (
        f"{_names([out.tier for out in priced_out]).capitalize()} not planned: one booking of "
        f"each costs more than the budget ({costs}), each post priced at the midpoint of "
        f"{card}{_stand_in_for(plan, last)}, plus {coordination} of coordination"
    )


def _card_words(plan: MixPlan, out: PricedOutTier) -> str:
    """ "Instagram's $5,000–$10,000 rate card", or, where the platform publishes its own
    price for the tier's size and the resolver widened the stand-in's row to take it in,
    "$5,000–$75,000 (Instagram's card widened to Snapchat's own price, about $75,000)"."""
    currency = plan.request.currency
    span = f"{_money(out.card_low, currency)}–{_money(out.card_high, currency)}"
    platform = plan.request.platform
    row = price_for(platform, int(mix_model().tiers[out.tier].typical_followers.value))
    if out.tier in plan.flags.proxy_tiers and row is not None and row.card_row is not None:
        point = row.published_point
        assert point is not None
        card = format_money_range(row.card_row.low, row.card_row.high)
        return (
            f"{span} ({PROXY_PLATFORM.label}'s {card} rate card widened to {platform.label}'s "
            f"own published price, about {format_money_range(point.low, point.high)})"
        )
    return f"{_card_owner(plan, out.tier)} {span} rate card"


def _card_owner(plan: MixPlan, tier: Tier) -> str:
    """ "its" for the platform's own card; "Instagram's" where no card of the
    platform's own prices the tier (never "its rate card" for another platform's card)."""
    if tier in plan.flags.proxy_tiers:
        return f"{PROXY_PLATFORM.label}'s"
    return "its"


def _stand_in_for(plan: MixPlan, tier: Tier) -> str:
    """ ", our estimate for Facebook" after another platform's card; else nothing."""
    if tier in plan.flags.proxy_tiers:
        return f", our estimate for {plan.request.platform.label}"
    return ""


def scheme_label(scheme: TierScheme) -> str:
    """The scheme's readable name ("Common four-tier cut"), never its id; names are user text."""
    return plain(scheme.name, _NICHE_LIMIT)


def assumptions_text(plan: MixPlan) -> str:
    """Tierbot's assumptions, once: published figures cite their sources, the rest is ours."""
    parts = []
    for note in plan.assumptions:
        published = _published(note.source_ids)
        parts.append(f"{note.text} ({cite(published)})" if published else note.text)
    return "Assumptions: " + " · ".join(parts)


# --- the reply ------------------------------------------------------------------------------


def mix_title(plan: MixPlan) -> str:
    request = plan.request
    return (
        f"{request.goal.label} mix · {_money(request.budget, request.currency)} · "
        f"{request.platform.label} · {_weeks(request.weeks)}"
    )


def mix_embed(
    plan: MixPlan, scheme: TierScheme, *, in_guild: bool, chart: bool = True
) -> discord.Embed:
    """The plan as one embed; with `chart`, the attached PNG shows inside it."""
    request = plan.request
    lead = lead_text(plan)
    heading = [lead] if lead else []
    heading.append(f"Optimised for {plan.objective}.")
    if request.platform_assumed:
        heading.append(f"{request.platform.label} assumed; set `platform:` to change.")
    if request.niche:
        heading.append(f"Niche: {plain(request.niche, _NICHE_LIMIT)}")
    essentials = "\n".join(heading) + "\n" + plan_table(plan) + "\n" + totals_text(plan)
    title = mix_title(plan)
    footer = assumptions_text(plan)
    fields: list[tuple[str, str]] = []
    if plan.phases:
        fields.append(("Launch phases", phases_text(plan)))
    if plan.cadence:
        fields.append(("Weekly cadence", cadence_text(plan)))
    flags = flag_lines(plan, scheme, in_guild=in_guild)
    if flags:
        fields.append(("Check before booking", clip_lines([f"• {f}" for f in flags], FIELD_VALUE)))
    # The reasons take the room the rest leaves, whole reasons only: a sentence is never cut.
    others = len(title) + len(footer) + sum(len(name) + len(value) for name, value in fields)
    room = min(EMBED_DESCRIPTION, EMBED_TOTAL - others) - len(essentials) - 2
    description = (
        essentials + "\n\n" + _whole_lines(["**Why this mix**", *reason_lines(plan)], room)
    )
    builder = EmbedBuilder(
        title=title, description=description, colour=colours.BRAND, footer=footer
    )
    for name, value in fields:
        builder.add_field(name, value)
    embed = builder.build()
    if chart:
        embed.set_image(url=CHART_URL)
    return embed


def _whole_lines(lines: list[str], limit: int) -> str:
    """The first lines that fit in `limit` characters, never part of one (empty when even
    the first does not fit)."""
    kept: list[str] = []
    used = -1
    for line in lines:
        if used + 1 + len(line) > limit:
            break
        kept.append(line)
        used += 1 + len(line)
    return "\n".join(kept) if len(kept) > 1 else ""


def mix_reply(
    plan: MixPlan, scheme: TierScheme, *, in_guild: bool, chart_png: bytes | None
) -> Reply:
    """The /mix reply: the embed, and the chart attached and shown inside it when drawn."""
    embed = mix_embed(plan, scheme, in_guild=in_guild, chart=chart_png is not None)
    files = (
        []
        if chart_png is None
        else [
            attachment(
                chart_png,
                CHART_FILENAME,
                description="Budget split, expected reach and engagements per tier",
            )
        ]
    )
    return Reply(embed=embed, files=files)


# --- refusals -------------------------------------------------------------------------------


def budget_too_small_message(error: BudgetTooSmallError, platform: Platform, budget: Money) -> str:
    """ "A launch plan on Instagram needs at least $3,105: …" in the budget's currency."""
    minimum = _money(error.minimum, error.currency)
    return (
        f"{with_article(f'{error.goal.value} plan', capital=True)} on {platform.label} "
        f"needs at least **{minimum}**: "
        f"{error.cheapest}. Your budget is {_money(budget.amount, budget.currency)}. "
        "Raise the budget, or pick a goal or platform with cheaper creators."
    )
