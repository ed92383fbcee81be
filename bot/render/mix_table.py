"""The /mix planner's table: per tier, figures rounded so the totals add up on screen.

Each column is rounded once, with the total fixed first and the rows apportioned to it
(largest remainder), so a planner adding up the column gets the total shown. Ratios (CPM,
cost per engagement) are computed from the displayed figures of their own row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from bot.domain.mix import MixPlan, Phase, PlanLine
from bot.domain.mix.shares import shown_line_shares, shown_spent_share
from bot.domain.numbers import apportion, format_budget_share

_PHASE_TITLES: Final = {Phase.KICKOFF: "Kickoff", Phase.SUSTAIN: "Sustain"}
TABLE_LEGEND: Final = (
    "-# Creators × posts each · CPM per 1,000 views · people are counted once, views every "
    "time · totals are the sums of the rows"
)


@dataclass(frozen=True, slots=True)
class TableRow:
    """One displayed row: whole units, and the budget share as every reply shows it."""

    label: str
    phase: Phase | None
    creators: int
    posts_each: int | None  # None on the total row
    share: float
    cost: int
    people: int
    views: int
    engagements: int

    @property
    def cpm(self) -> float | None:
        return self.cost / self.views * 1000 if self.views else None

    @property
    def per_engagement(self) -> float | None:
        return self.cost / self.engagements if self.engagements else None


@dataclass(frozen=True, slots=True)
class PlanTable:
    rows: tuple[TableRow, ...]
    total: TableRow


def build_table(plan: MixPlan) -> PlanTable:
    lines: list[PlanLine] = list(plan.lines)
    # Shares add up to the total to a tenth of a percent; the reasons quote these figures.
    shares = shown_line_shares(plan)
    costs = apportion([line.spend for line in lines], plan.total_spend)
    people = apportion([line.expected_reach for line in lines], plan.expected_reach)
    views = apportion([line.impressions for line in lines], plan.impressions)
    engagements = apportion(
        [line.expected_engagements for line in lines], plan.expected_engagements
    )
    rows = tuple(
        TableRow(
            label=line.label,
            phase=line.phase,
            creators=line.creators,
            posts_each=line.posts_per_creator,
            share=shares[i],
            cost=costs[i],
            people=people[i],
            views=views[i],
            engagements=engagements[i],
        )
        for i, line in enumerate(lines)
    )
    total = TableRow(
        label="Total",
        phase=None,
        creators=sum(row.creators for row in rows),
        posts_each=None,
        share=shown_spent_share(plan),
        cost=sum(costs),
        people=sum(people),
        views=sum(views),
        engagements=sum(engagements),
    )
    return PlanTable(rows, total)


def _ratio(value: float | None) -> str:
    """Halves rounded up, as the reply's money figures are ($10.625 shows as 10.63)."""
    if value is None:
        return "–"
    places = Decimal("0.01") if value < 100 else Decimal(1)
    return f"{Decimal(repr(value)).quantize(places, rounding=ROUND_HALF_UP):,}"


def _money_cells(row: TableRow) -> tuple[str, ...]:
    who = f"{row.creators} × {row.posts_each}" if row.posts_each is not None else str(row.creators)
    return (
        row.label,
        who,
        format_budget_share(row.share),
        f"{row.cost:,}",
        _ratio(row.cpm),
        _ratio(row.per_engagement),
    )


def _delivery_cells(row: TableRow) -> tuple[str, ...]:
    return (row.label, f"{row.people:,}", f"{row.views:,}", f"{row.engagements:,}")


def _aligned(rows: list[tuple[str, ...] | str], right: tuple[bool, ...]) -> list[str]:
    """Columns padded to their widest cell; a plain string row is a section heading."""
    cells = [row for row in rows if isinstance(row, tuple)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    out: list[str] = []
    for row in rows:
        if isinstance(row, str):
            out.append(row)
            continue
        padded = [
            cell.rjust(width) if align else cell.ljust(width)
            for cell, width, align in zip(row, widths, right, strict=True)
        ]
        out.append("  ".join(padded).rstrip())
    return out


def _block(
    plan: MixPlan,
    table: PlanTable,
    header: tuple[str, ...],
    cells: Callable[[TableRow], tuple[str, ...]],
    right: tuple[bool, ...],
) -> str:
    rows: list[tuple[str, ...] | str] = [header]
    if plan.phases:
        for phase in plan.phases:
            span = (
                f"week {phase.first_week}"
                if phase.first_week == phase.last_week
                else f"weeks {phase.first_week}–{phase.last_week}"
            )
            rows.append(f"{_PHASE_TITLES[phase.phase]}, {span}")
            rows.extend(cells(row) for row in table.rows if row.phase is phase.phase)
    else:
        rows.extend(cells(row) for row in table.rows)
    rows.append(cells(table.total))
    lines = _aligned(rows, right)
    rule = "─" * max(len(line) for line in lines)
    lines.insert(len(lines) - 1, rule)
    lines.insert(1, rule)
    return "```\n" + "\n".join(lines) + "\n```"


def plan_tables(plan: MixPlan) -> str:
    """Money (who, share, cost, CPM, cost per engagement) and delivery (people, views,
    engagements), each a code block so the columns stay aligned. Nothing in them comes
    from the user."""
    table = build_table(plan)
    currency = plan.request.currency
    money = _block(
        plan,
        table,
        ("Tier", "Creators", "Share", f"Cost {currency}", "CPM", "Per eng."),
        _money_cells,
        (False, False, True, True, True, True),
    )
    delivery = _block(
        plan,
        table,
        ("Tier", "People reached", "Views", "Engagements"),
        _delivery_cells,
        (False, True, True, True),
    )
    return money + "\n" + delivery + "\n" + TABLE_LEGEND + _held_at_reach(table)


def _held_at_reach(table: PlanTable) -> str:
    """Rows whose engagements equal their people reached are at the model's ceiling, not a
    copying slip: the legend says so."""
    held = list(
        dict.fromkeys(
            row.label for row in table.rows if row.people > 0 and row.engagements >= row.people
        )
    )
    if not held:
        return ""
    names = " and ".join(held) if len(held) <= 2 else ", ".join(held[:-1]) + " and " + held[-1]
    return (
        f" · {names} engagements are held at the people reached: the plan counts no more "
        "engagements than people"
    )
