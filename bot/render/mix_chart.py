"""The /mix chart: budget split and expected results per tier, as a PNG.

Drawn with matplotlib's object API (Figure + FigureCanvasAgg), never pyplot: pyplot keeps
global state, while a bare Figure is safe anywhere. The cog draws it in a worker process
(bot/workers.py), so matplotlib is imported there, on the first chart, and never holds the
bot's event loop; the imports below are deferred for that reason.

Speed (issue 19: at least 50 charts a second, a new chart at least 4× faster than the
former 62.5 ms). Building a figure and its three axes costs more than drawing them, and
matplotlib's tick machinery (locators, formatters, five artists per tick) is most of what
drawing costs. So each thread keeps one prepared figure (`_Prepared`) and only swaps what a
plan changes; the axes draw no axis at all (no x ticks were shown anyway), and the tier
labels and their tick marks are a few plain artists placed exactly where matplotlib's y
ticks would be. Text, the rest of the cost, goes through bot/render/agg_glyphs.py: glyphs
measured, laid out and rasterised once, layouts kept per string (`FastText`), and a PNG
writer that compresses only the rows that differ from the row above. The finished bytes are
kept per chart content (`ChartContent`), so a plan asked for again is not drawn again.
tests/unit/test_mix_chart.py compares the result with reference images drawn by the former
code; tests/unit/test_agg_glyphs.py checks the text shortcuts against matplotlib's own.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from bot.domain.mix import MixPlan, PlanLine
from bot.domain.mix.shares import shown_line_shares
from bot.domain.numbers import format_budget_share, format_count, format_money
from bot.domain.tier import Tier
from bot.domain.wording import count_noun

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle
    from matplotlib.text import Text

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
_BAR_HEIGHT = 0.6
_MARGIN = 0.05  # matplotlib's default axes.ymargin, as the bars were autoscaled with
_TICK_POINTS = 3.5  # matplotlib's default y tick length and label pad, in points
_TICK_WIDTH = 0.8
# zlib level for the PNG: 1 encodes several times faster than Pillow's default 6, and a
# chart (flat colours, white space) stays near 50 KB, far under Discord's limits.
_PNG_COMPRESSION = 1
_CACHED_CHARTS = 64


def _compact(value: float | Decimal, currency: str | None = None) -> str:
    """12,345 -> 12.3K; 2,500,000 -> 2.5M: the same rounding as the reply's text."""
    if currency is not None:
        return format_money(value, currency, compact=True)
    return format_count(round(value))


def _label(line: PlanLine) -> str:
    phase = f" · {line.phase.value}" if line.phase else ""
    posts = "post" if line.posts_per_creator == 1 else "posts"
    size = f" ~{format_count(line.size)}" if line.size else ""  # as the table names the row
    return f"{line.tier.label}{size}{phase}\n{line.creators} × {line.posts_per_creator} {posts}"


@dataclass(frozen=True, slots=True)
class Panel:
    """One of the three bar charts: a title, and a value and its label per plan line."""

    title: str
    values: tuple[float, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChartContent:
    """Everything the chart shows, and nothing else: two plans that give equal content give
    the same picture, so this is the cache key."""

    title: str
    footer: str
    labels: tuple[str, ...]
    colours: tuple[str, ...]
    panels: tuple[Panel, Panel, Panel]


def chart_content(plan: MixPlan) -> ChartContent:
    """The words and numbers of the chart, worded exactly as the reply's text words them."""
    request = plan.request
    currency = request.currency
    lines = list(plan.lines)
    title = (
        f"{request.goal.label} mix · {float(request.budget):,.0f} {currency} · "
        f"{request.platform.label} · {request.weeks} week{'s' if request.weeks != 1 else ''}"
    )
    footer = (
        f"Planned {plan.total_spend:,.0f} of {float(request.budget):,.0f} {currency} · "
        f"{count_noun(plan.total_creators, 'creator')} · {count_noun(plan.total_posts, 'post')}"
    )
    if plan.flags.capped_by_max_creators and plan.max_creators is not None:
        footer += f" · capped at {count_noun(plan.max_creators, 'creator')}"
    if plan.unspent >= 1:
        footer += f" · {_compact(plan.unspent, currency)} unspent"
    panels = (
        Panel(
            f"Budget ({currency})",
            tuple(line.spend for line in lines),
            tuple(
                f"{_compact(line.spend, currency)} ({format_budget_share(share)})"
                for line, share in zip(lines, shown_line_shares(plan), strict=True)
            ),
        ),
        Panel(
            "Expected reach (people)",
            tuple(line.expected_reach for line in lines),
            tuple(_compact(line.expected_reach) for line in lines),
        ),
        Panel(
            "Expected engagements",
            tuple(line.expected_engagements for line in lines),
            tuple(_compact(line.expected_engagements) for line in lines),
        ),
    )
    return ChartContent(
        title=title,
        footer=footer,
        labels=tuple(_label(line) for line in lines),
        colours=tuple(_TIER_COLOURS[line.tier] for line in lines),
        panels=panels,
    )


class _Prepared:
    """A figure with its fixed parts built once: background, title and footer, three axes
    with their spines, and pools of bars and labels. `draw` updates what a plan changes,
    hides what it does not use, and renders."""

    def __init__(self) -> None:
        from matplotlib.figure import Figure

        from bot.render.agg_glyphs import FastText, GlyphCachingCanvas

        figure = Figure(figsize=(WIDTH_PX / _DPI, HEIGHT_PX / _DPI), dpi=_DPI)
        self.canvas = GlyphCachingCanvas(figure)
        figure.patch.set_facecolor("white")
        self.figure: Figure = figure
        # Every text is a FastText, placed as the former code's suptitle, figure text, axes
        # titles and axes texts were (same anchors, alignments, fonts and colours).
        self.title = FastText(0.02, 0.97, "", fontsize=15, color=_TEXT, ha="left", va="top")
        self.footer = FastText(0.02, 0.03, "", fontsize=10, color=_MUTED)
        figure.add_artist(self.title)
        figure.add_artist(self.footer)
        grid = figure.add_gridspec(1, 3, left=0.17, right=0.98, top=0.82, bottom=0.14, wspace=0.35)
        self.axes: list[Axes] = []
        self.panel_titles: list[Text] = []
        for column in range(3):
            axes = figure.add_subplot(grid[0, column])
            # No axis machinery at all: the chart shows no x ticks, and the tier labels are
            # plain text where the y ticks would put them; the left spine stays as the
            # bars' baseline. The axes' white background is not drawn: it lies on the
            # figure's white, and nothing drawn before it reaches into it.
            axes.xaxis.set_visible(False)
            axes.yaxis.set_visible(False)
            axes.patch.set_visible(False)
            for side in ("top", "right", "bottom"):
                axes.spines[side].set_visible(False)
            # The title where Axes.set_title(loc="left") puts it: 6 points above the axes
            # (axes.titlepad), which nothing here makes matplotlib move.
            title_offset = axes.titleOffsetTrans  # type: ignore[attr-defined]
            title = FastText(
                0.0,
                1.0,
                "",
                fontsize=12,
                color=_TEXT,
                ha="left",
                va="baseline",
                transform=axes.transAxes + title_offset,
                clip_on=False,
            )
            axes.add_artist(title)
            self.panel_titles.append(title)
            self.axes.append(axes)
        self.bars: list[list[Rectangle]] = [[] for _ in self.axes]
        self.values: list[list[Text]] = [[] for _ in self.axes]
        self.labels: list[Text] = []
        from matplotlib.lines import Line2D

        label_axes = self.axes[0]
        self._label_transform, self._label_va, self._label_ha = (
            label_axes.get_yaxis_text1_transform(_TICK_POINTS + _TICK_POINTS)
        )
        # The tick marks: 3.5 pt left of the spine, as matplotlib's default y ticks.
        self.marks = Line2D(
            [],
            [],
            transform=label_axes.get_yaxis_transform(which="tick1"),
            linestyle="none",
            marker=0,  # TICKLEFT: the mark matplotlib draws for a left y tick
            markersize=_TICK_POINTS,
            markeredgewidth=_TICK_WIDTH,
            color="black",
            clip_on=False,
        )
        label_axes.add_line(self.marks)

    def _grow(self, count: int) -> None:
        """Enough pooled artists for `count` plan lines (created as barh and text make them)."""
        from bot.render.agg_glyphs import FastText

        while len(self.labels) < count:
            position = len(self.labels)
            for column, axes in enumerate(self.axes):
                (bar,) = axes.barh([position], [0.0], height=_BAR_HEIGHT).patches
                self.bars[column].append(bar)
                value = FastText(
                    0,
                    position,
                    "",
                    va="center",
                    fontsize=10,
                    color=_TEXT,
                    transform=axes.transData,
                    clip_on=False,
                )
                axes.add_artist(value)
                self.values[column].append(value)
            label = FastText(
                0,
                position,
                "",
                transform=self._label_transform,
                va=self._label_va,
                ha=self._label_ha,
                fontsize=10,
                clip_on=False,
            )
            self.axes[0].add_artist(label)
            self.labels.append(label)

    def draw(self, content: ChartContent) -> bytes:
        count = len(content.labels)
        self._grow(count)
        self.title.set_text(content.title)
        self.footer.set_text(content.footer)
        # The limits autoscaling gave the bars (a margin of 5% of the data's span), inverted:
        # smallest tier on top, the order a reader scans.
        span = count - 1 + _BAR_HEIGHT
        low = -_BAR_HEIGHT / 2 - _MARGIN * span
        high = count - 1 + _BAR_HEIGHT / 2 + _MARGIN * span
        for column, (axes, panel) in enumerate(zip(self.axes, content.panels, strict=True)):
            self.panel_titles[column].set_text(panel.title)
            axes.set_ylim(high, low)
            top = max(panel.values) if panel.values and max(panel.values) > 0 else 1.0
            axes.set_xlim(0, top * 1.45)  # room for the value labels
            bars, values = self.bars[column], self.values[column]
            for index, (bar, text) in enumerate(zip(bars, values, strict=True)):
                shown = index < count
                bar.set_visible(shown)
                text.set_visible(shown)
                if shown:
                    bar.set_width(panel.values[index])
                    bar.set_facecolor(content.colours[index])
                    text.set_text(panel.texts[index])
                    text.set_x(panel.values[index] + top * 0.03)
        for index, label in enumerate(self.labels):
            label.set_visible(index < count)
            if index < count:
                label.set_text(content.labels[index])
        self.marks.set_data([0] * count, list(range(count)))
        return self.canvas.png(_PNG_COMPRESSION)


_local = threading.local()
_cache: OrderedDict[ChartContent, bytes] = OrderedDict()
_cache_lock = threading.Lock()


def _prepared() -> _Prepared:
    prepared: _Prepared | None = getattr(_local, "prepared", None)
    if prepared is None:
        prepared = _Prepared()
        _local.prepared = prepared
    return prepared


def draw_chart(content: ChartContent) -> bytes:
    """The PNG of this content, drawn on this thread's prepared figure (no cache)."""
    return _prepared().draw(content)


def draw_mix_chart(plan: MixPlan) -> bytes:
    """A ~1000×560 PNG: budget per tier, expected reach and engagements per tier."""
    content = chart_content(plan)
    with _cache_lock:
        cached = _cache.get(content)
        if cached is not None:
            _cache.move_to_end(content)
            return cached
    image = draw_chart(content)
    with _cache_lock:
        _cache[content] = image
        while len(_cache) > _CACHED_CHARTS:
            _cache.popitem(last=False)
    return image
