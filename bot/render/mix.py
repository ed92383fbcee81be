"""/mix replies: the plan as one embed (table, totals, phases or cadence, reasons, flags,
assumptions) with its chart attached, and the refusals the planner can give.

Every figure is formatted here with bot.domain.numbers. The niche is user text: it is shown
through `plain()` and so are the planner's sentences that quote it, which means no sentence
of the reply can render as markdown or a mention.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import discord

from bot.domain.mix import (
    BudgetTooSmallError,
    CadenceLine,
    MixPlan,
    Note,
    Phase,
    PhasePlan,
    PlanLine,
)
from bot.domain.mix.model import PROXY_PLATFORM
from bot.domain.numbers import Money, format_count, format_money
from bot.domain.platforms import Platform
from bot.domain.sources import cite
from bot.domain.tier import ALL_TIERS, Tier
from bot.domain.tiers import TierScheme
from bot.domain.wording import count_noun, with_article
from bot.render import colours
from bot.render.classify import Reply
from bot.render.files import attachment
from bot.render.limits import EMBED_DESCRIPTION, FIELD_VALUE, EmbedBuilder, clip, clip_lines
from bot.render.text import plain

CHART_FILENAME: Final = "tierbot-mix.png"
CHART_URL: Final = f"attachment://{CHART_FILENAME}"
# The table lives in a code block, so it must never be cut: reasons come after it and are
# the part that gives way if the description ever runs long.
_REASON_LIMIT: Final = 600
_NICHE_LIMIT: Final = 100
_TABLE_LEGEND: Final = (
    "-# Creators × posts each · share of the budget · cost at the low and high end of "
    "published rates"
)
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
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text} post a week" if text == "1" else f"{text} posts a week"


# --- the table ------------------------------------------------------------------------------

_HEADER: Final = ("Tier", "Creators", "Posts", "Share", "Cost {currency}", "Reach", "Eng.")
_RIGHT_ALIGNED: Final = (False, False, True, True, True, True, True)


def _row(line: PlanLine) -> tuple[str, ...]:
    return (
        line.tier.value,
        f"{line.creators} × {line.posts_per_creator}",
        str(line.total_posts),
        _share(line.budget_share),
        _cost_range(line.cost_low, line.cost_high),
        _count(line.expected_reach),
        _count(line.expected_engagements),
    )


def _share(fraction: float) -> str:
    # One decimal on every row, so the column reads as a column ("24.0%", not "24%").
    return f"{fraction * 100:.1f}%"


def _cost_range(low: float, high: float) -> str:
    # The currency is in the column heading: whole units keep the column narrow.
    first, second = _count(low), _count(high)
    return first if first == second else f"{first}–{second}"


def _total_row(plan: MixPlan) -> tuple[str, ...]:
    return (
        "Total",
        str(plan.total_creators),
        str(plan.total_posts),
        _share(plan.total_spend / plan.budget),
        _cost_range(plan.total_cost_low, plan.total_cost_high),
        _count(plan.expected_reach),
        _count(plan.expected_engagements),
    )


def _aligned(rows: list[tuple[str, ...] | str]) -> list[str]:
    """Columns padded to their widest cell; a plain string row is a section heading."""
    cells = [row for row in rows if isinstance(row, tuple)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    out: list[str] = []
    for row in rows:
        if isinstance(row, str):
            out.append(row)
            continue
        padded = [
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width, right in zip(row, widths, _RIGHT_ALIGNED, strict=True)
        ]
        out.append("  ".join(padded).rstrip())
    return out


def plan_table(plan: MixPlan) -> str:
    """The per-tier table as a code block: monospace keeps the columns aligned."""
    header = tuple(cell.format(currency=plan.request.currency) for cell in _HEADER)
    rows: list[tuple[str, ...] | str] = [header]
    if plan.phases:
        for phase in plan.phases:
            span = _week_span(phase.first_week, phase.last_week)
            rows.append(f"{_PHASE_TITLES[phase.phase]}, {span}")
            rows.extend(_row(line) for line in plan.lines if line.phase is phase.phase)
    else:
        rows.extend(_row(line) for line in plan.lines)
    rows.append(_total_row(plan))
    lines = _aligned(rows)
    rule = "─" * max(len(line) for line in lines)
    lines.insert(len(lines) - 1, rule)
    lines.insert(1, rule)
    # Tier names and figures only: nothing in the block comes from the user.
    return "```\n" + "\n".join(lines) + "\n```\n" + _TABLE_LEGEND


def totals_text(plan: MixPlan) -> str:
    currency = plan.request.currency
    spend = f"**Spend** {_money(plan.total_spend, currency)} of {_money(plan.budget, currency)}"
    if plan.unspent > 0:
        spend += f" ({_money(plan.unspent, currency)} unspent)"
    creators = "creator" if plan.total_creators == 1 else "creators"
    posts = "post" if plan.total_posts == 1 else "posts"
    cpm = _money(plan.effective_cpm, currency) if plan.effective_cpm is not None else "n/a"
    cpe = (
        _money(plan.cost_per_engagement, currency)
        if plan.cost_per_engagement is not None
        else "n/a"
    )
    return (
        f"{spend} · {plan.total_creators} {creators}, {plan.total_posts} {posts}\n"
        f"**Expected** {_count(plan.expected_reach)} people reached · "
        f"{_count(plan.expected_engagements)} engagements\n"
        f"**Effective CPM** {cpm} · **Cost per engagement** {cpe}"
    )


# --- phases, cadence, reasons, flags, assumptions ------------------------------------------


def _phase_line(phase: PhasePlan, plan: MixPlan) -> str:
    currency = plan.request.currency
    who = " + ".join(
        f"{line.creators} {line.tier.value}" for line in plan.lines if line.phase is phase.phase
    )
    posts = "post" if phase.posts == 1 else "posts"
    return (
        f"**{_PHASE_TITLES[phase.phase]} · {_week_span(phase.first_week, phase.last_week)}**: "
        f"{who} ({phase.posts} {posts}) · {_money(phase.spend, currency)} · "
        f"reach {_count(phase.expected_reach)} · {_count(phase.expected_engagements)} engagements"
    )


def phases_text(plan: MixPlan) -> str:
    return clip_lines([_phase_line(phase, plan) for phase in plan.phases], FIELD_VALUE)


def _cadence_line(line: CadenceLine) -> str:
    creators = "creator" if line.creators == 1 else "creators"
    return (
        f"**{line.tier.label}**: {line.creators} {creators}, {line.rhythm} each "
        f"({_per_week(line.posts_per_week)} in all)"
    )


def cadence_text(plan: MixPlan) -> str:
    per_week = sum(line.posts_per_week for line in plan.cadence)
    lines = [_cadence_line(line) for line in plan.cadence]
    lines.append(
        f"About {_per_week(per_week)} across the programme's {_weeks(plan.request.weeks)}."
    )
    return clip_lines(lines, FIELD_VALUE)


def _note_with_sources(note: Note, limit: int) -> str:
    # The planner's sentences can quote the niche, so the whole sentence is shown as plain
    # text; the citations are Tierbot's own data but get the same treatment for safety.
    text = plain(note.text, limit)
    if not note.source_ids:
        return text
    return f"{text} *({plain(cite(note.source_ids), limit)})*"


def reasons_text(plan: MixPlan) -> str:
    return "\n".join(
        f"{number}. {_note_with_sources(note, _REASON_LIMIT)}"
        for number, note in enumerate(plan.reasons, start=1)
    )


def flag_lines(plan: MixPlan, scheme: TierScheme, *, in_guild: bool) -> list[str]:
    """Short lines on what shaped or limited the plan."""
    request = plan.request
    flags = plan.flags
    currency = request.currency
    lines: list[str] = []
    if flags.capped_by_max_creators:
        why = (
            "Tierbot's default; set max_creators to change it"
            if (flags.default_cap_applied)
            else "max_creators"
        )
        line = f"Capped at {count_noun(plan.max_creators, 'creator')} ({why})"
        if flags.unspent_due_to_cap:
            line += f": {_money(plan.unspent, currency)} stays unspent"
        lines.append(line)
    if flags.platform_uses_proxy_prices:
        platform = request.platform.label
        lines.append(
            f"Prices for {platform} ({_names(flags.proxy_tiers)}) use "
            f"{PROXY_PLATFORM.label}'s rate card (no {platform} card in our sources)"
        )
    for priced_out in flags.tiers_priced_out:
        lines.append(
            f"{priced_out.tier.value} needs at least {_money(priced_out.needs, currency)} for "
            f"one booking (its rate card starts at {_money(priced_out.card_low, currency)} a post)"
        )
    if flags.excluded_tiers:
        plan_kind = with_article(f"{request.goal.value} plan")
        lines.append(f"Left out of {plan_kind}: {_names(flags.excluded_tiers)}")
    missing = [tier for tier in ALL_TIERS if tier not in request.allowed_tiers]
    if missing:
        scope = "This server's" if in_guild else "The default"
        lines.append(
            f"{scope} tier scheme ({scheme_label(scheme)}) has no {_names(missing)} tier, "
            "so the plan has none"
        )
    if flags.currency_not_usd:
        lines.append(f"Budget in {currency}: rate cards are USD and applied 1:1")
    return lines


def scheme_label(scheme: TierScheme) -> str:
    return f"`{scheme.id}`"


def assumptions_text(plan: MixPlan) -> str:
    parts = [f"{note.text} ({cite(note.source_ids)})" for note in plan.assumptions]
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
    heading = [f"Optimised for {plan.objective}."]
    if request.niche:
        heading.append(f"Niche: {plain(request.niche, _NICHE_LIMIT)}")
    essentials = "\n".join(heading) + "\n" + plan_table(plan) + "\n" + totals_text(plan)
    reasons = "**Why this mix**\n" + reasons_text(plan)
    room = EMBED_DESCRIPTION - len(essentials) - 2
    description = essentials + "\n\n" + clip(reasons, max(room, 0))
    builder = EmbedBuilder(
        title=mix_title(plan),
        description=description,
        colour=colours.BRAND,
        footer=assumptions_text(plan),
    )
    if plan.phases:
        builder.add_field("Launch phases", phases_text(plan))
    if plan.cadence:
        builder.add_field("Weekly cadence", cadence_text(plan))
    flags = flag_lines(plan, scheme, in_guild=in_guild)
    if flags:
        builder.add_field(
            "Check before booking", clip_lines([f"• {f}" for f in flags], FIELD_VALUE)
        )
    embed = builder.build()
    if chart:
        embed.set_image(url=CHART_URL)
    return embed


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
