"""The /campaign report chart: planned against actual per tier, as a PNG.

Like the /mix chart it uses matplotlib's object API (no pyplot state) and is drawn in the
worker process; it takes plain numbers (`ChartRow`), cheap to send there.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

from bot.domain.campaign.report import CampaignReport
from bot.render.mix_chart import _compact

if TYPE_CHECKING:
    from matplotlib.axes import Axes

WIDTH_PX = 1000
HEIGHT_PX = 520
_DPI = 100
_PLANNED = "#B8C4D6"
_ACTUAL = "#3A7CA5"
_TEXT = "#222222"
_MUTED = "#666666"


@dataclass(frozen=True, slots=True)
class ChartRow:
    label: str
    planned_posts: float
    actual_posts: float
    planned_spend: float
    actual_spend: float
    planned_engagements: float
    actual_engagements: float


@dataclass(frozen=True, slots=True)
class ChartData:
    title: str
    currency: str
    rows: tuple[ChartRow, ...]
    footer: str


def chart_data(name: str, report: CampaignReport) -> ChartData:
    plan = report.plan
    rows = tuple(
        ChartRow(
            label=row.label,
            planned_posts=row.planned.posts if row.planned else 0,
            actual_posts=row.actual.posts,
            planned_spend=row.planned.spend if row.planned else 0.0,
            actual_spend=row.actual.spend,
            planned_engagements=row.planned.expected_engagements if row.planned else 0.0,
            actual_engagements=row.actual.engagements,
        )
        for row in report.rows
    )
    footer = (
        f"Spent {report.total.spend:,.0f} of {plan.budget:,.0f} {plan.currency} · "
        f"{report.total.posts} of {plan.posts} planned posts in · planned engagements are "
        "the planner's estimate"
    )
    # A "$" pair in a name would switch matplotlib to math mode ("$5k to $10k"): escape it.
    title = f"{name.replace('$', chr(92) + '$')} · plan against actual by tier"
    return ChartData(title, plan.currency, rows, footer)


def _grouped(
    axes: Axes, labels: list[str], planned: list[float], actual: list[float], title: str
) -> None:
    positions = list(range(len(labels)))
    width = 0.38
    axes.bar([p - width / 2 for p in positions], planned, width, color=_PLANNED, label="Planned")
    axes.bar([p + width / 2 for p in positions], actual, width, color=_ACTUAL, label="Actual")
    axes.set_title(title, fontsize=12, color=_TEXT, loc="left")
    axes.set_xticks(positions, labels, fontsize=10)
    axes.set_yticks([])
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    top = max([*planned, *actual, 1.0])
    axes.set_ylim(0, top * 1.2)
    for position, value in zip(positions, planned, strict=True):
        axes.text(
            position - width / 2,
            value + top * 0.02,
            _compact(value),
            ha="center",
            fontsize=8,
            color=_MUTED,
        )
    for position, value in zip(positions, actual, strict=True):
        axes.text(
            position + width / 2,
            value + top * 0.02,
            _compact(value),
            ha="center",
            fontsize=8,
            color=_TEXT,
        )


def draw_campaign_chart(data: ChartData) -> bytes:
    """A ~1000×520 PNG: posts, spend and engagements, planned beside actual, per tier."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_PX / _DPI, HEIGHT_PX / _DPI), dpi=_DPI)
    FigureCanvasAgg(figure)
    figure.patch.set_facecolor("white")
    figure.suptitle(data.title, fontsize=15, color=_TEXT, x=0.02, ha="left", y=0.97)
    grid = figure.add_gridspec(1, 3, left=0.04, right=0.98, top=0.8, bottom=0.16, wspace=0.2)
    labels = [row.label for row in data.rows]
    panels = (
        ("Posts", [r.planned_posts for r in data.rows], [r.actual_posts for r in data.rows]),
        (
            f"Spend ({data.currency})",
            [r.planned_spend for r in data.rows],
            [r.actual_spend for r in data.rows],
        ),
        (
            "Engagements",
            [r.planned_engagements for r in data.rows],
            [r.actual_engagements for r in data.rows],
        ),
    )
    for column, (title, planned, actual) in enumerate(panels):
        axes = figure.add_subplot(grid[0, column])
        _grouped(axes, labels, planned, actual, title)
        if column == 0:
            axes.legend(loc="upper right", fontsize=9, frameon=False)
    figure.text(0.02, 0.03, data.footer, fontsize=10, color=_MUTED)
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI, facecolor="white")
    return buffer.getvalue()
