"""The /mix chart: budget split and expected results per tier, as a PNG.

Drawn with matplotlib's object API (Figure + FigureCanvasAgg), never pyplot: pyplot keeps
global state, while a bare Figure is safe anywhere. The cog draws it in a worker process
(bot/workers.py), so matplotlib is imported there, on the first chart, and never holds the
bot's event loop; the imports below are deferred for that reason.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING

from bot.domain.mix import MixPlan, PlanLine
from bot.domain.numbers import format_count, format_money
from bot.domain.tier import Tier
from bot.domain.wording import count_noun

if TYPE_CHECKING:
    from matplotlib.axes import Axes

WIDTH_PX = 1000
HEIGHT_PX = 560
_DPI = 100
# One colour per tier, ordered small to large; readable on Discord's light and dark themes.
_TIER_COLOURS: dict[Tier, str] = {
    Tier.NANO: "#4C9F70",
    Tier.MICRO: "#3A7CA5",
    Tier.MID: "#8E6CBF",
    Tier.MACRO: "#D98E04",
    Tier.MEGA: "#C8553D",
}
_TEXT = "#222222"
_MUTED = "#666666"


def _compact(value: float | Decimal, currency: str | None = None) -> str:
    """12,345 -> 12.3K; 2,500,000 -> 2.5M: the same rounding as the reply's text."""
    if currency is not None:
        return format_money(value, currency, compact=True)
    return format_count(round(value))


def _label(line: PlanLine) -> str:
    phase = f" · {line.phase.value}" if line.phase else ""
    posts = "post" if line.posts_per_creator == 1 else "posts"
    return f"{line.tier.label}{phase}\n{line.creators} × {line.posts_per_creator} {posts}"


def _bars(
    axes: Axes, lines: list[PlanLine], values: list[float], texts: list[str], title: str
) -> None:
    positions = list(range(len(lines)))
    colours = [_TIER_COLOURS[line.tier] for line in lines]
    axes.barh(positions, values, color=colours, height=0.6)
    axes.set_title(title, fontsize=12, color=_TEXT, loc="left")
    axes.invert_yaxis()  # smallest tier on top, the order a reader scans
    axes.set_xticks([])
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    top = max(values) if values and max(values) > 0 else 1.0
    axes.set_xlim(0, top * 1.45)  # room for the value labels
    for position, value, text in zip(positions, values, texts, strict=True):
        axes.text(value + top * 0.03, position, text, va="center", fontsize=10, color=_TEXT)


def draw_mix_chart(plan: MixPlan) -> bytes:
    """A ~1000×560 PNG: budget per tier, expected reach and engagements per tier."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    request = plan.request
    currency = request.currency
    lines = list(plan.lines)
    figure = Figure(figsize=(WIDTH_PX / _DPI, HEIGHT_PX / _DPI), dpi=_DPI)
    FigureCanvasAgg(figure)
    figure.patch.set_facecolor("white")
    title = (
        f"{request.goal.label} mix · {float(request.budget):,.0f} {currency} · "
        f"{request.platform.label} · {request.weeks} week{'s' if request.weeks != 1 else ''}"
    )
    figure.suptitle(title, fontsize=15, color=_TEXT, x=0.02, ha="left", y=0.97)

    grid = figure.add_gridspec(1, 3, left=0.13, right=0.98, top=0.82, bottom=0.14, wspace=0.35)
    budget_axes = figure.add_subplot(grid[0, 0])
    reach_axes = figure.add_subplot(grid[0, 1], sharey=budget_axes)
    engagement_axes = figure.add_subplot(grid[0, 2], sharey=budget_axes)

    _bars(
        budget_axes,
        lines,
        [line.spend for line in lines],
        [f"{_compact(line.spend, currency)} ({line.budget_share:.0%})" for line in lines],
        f"Budget ({currency})",
    )
    _bars(
        reach_axes,
        lines,
        [line.expected_reach for line in lines],
        [_compact(line.expected_reach) for line in lines],
        "Expected reach (people)",
    )
    _bars(
        engagement_axes,
        lines,
        [line.expected_engagements for line in lines],
        [_compact(line.expected_engagements) for line in lines],
        "Expected engagements",
    )
    budget_axes.set_yticks(range(len(lines)), [_label(line) for line in lines], fontsize=10)
    for axes in (reach_axes, engagement_axes):
        axes.tick_params(axis="y", left=False, labelleft=False)

    footer = (
        f"Planned {plan.total_spend:,.0f} of {float(request.budget):,.0f} {currency} · "
        f"{count_noun(plan.total_creators, 'creator')} · {count_noun(plan.total_posts, 'post')}"
    )
    if plan.flags.capped_by_max_creators and plan.max_creators is not None:
        footer += f" · capped at {count_noun(plan.max_creators, 'creator')}"
    if plan.unspent >= 1:
        footer += f" · {_compact(plan.unspent, currency)} unspent"
    figure.text(0.02, 0.03, footer, fontsize=10, color=_MUTED)

    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI, facecolor="white")
    return buffer.getvalue()
