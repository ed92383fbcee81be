"""Engagement rates, benchmark bands, audience-quality flags and cost estimates.

Everything here works from a follower count, a platform and per-post averages; it never
needs the guild's tier scheme. Static data (bot/data/benchmarks.toml,
bot/data/quality_rules.toml, costs.toml) is validated once when first used; per-call
results are slotted frozen dataclasses, so a whole assessment costs microseconds.

Rates are fractions (0.0345 == 3.45%); `numbers.format_percent` shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.domain.benchmarks import Basis as Basis
from bot.domain.benchmarks import Benchmark as Benchmark
from bot.domain.benchmarks import ContextFigure as ContextFigure
from bot.domain.benchmarks import benchmark_band as benchmark_band
from bot.domain.benchmarks import benchmark_data as benchmark_data
from bot.domain.benchmarks import context_figures as context_figures
from bot.domain.costs import CostRange, cpm_range
from bot.domain.creator_size import SizedBenchmark, SizedPrice, benchmark_at, price_for
from bot.domain.numbers import MAX_VALUE
from bot.domain.platforms import Platform
from bot.domain.sources import get_source, load_data_file
from bot.domain.wording import plural

Comparison = Literal["below", "typical", "above"]
Severity = Literal["warning", "info"]

# Who defines each formula (FACTS §2).
FOLLOWER_FORMULA_SOURCES: tuple[str, ...] = ("hypeauditor-2018", "grin", "phlanx", "later-fohr")
VIEW_FORMULA_SOURCES: tuple[str, ...] = ("creatoriq-2023",)


# --- input --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CreatorStats:
    """A creator's follower count and optional averages per post, all whole numbers.

    Followers must be at least 1 (a rate needs a denominator); everything else is
    non-negative and at most 10 billion, like every count `numbers.parse_count` accepts.
    """

    followers: int
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    saves: int | None = None
    views: int | None = None

    def __post_init__(self) -> None:
        _check_count("followers", self.followers, minimum=1)
        for name in ("likes", "comments", "shares", "saves", "views"):
            value = getattr(self, name)
            if value is not None:
                _check_count(name, value, minimum=0)


def _check_count(name: str, value: object, *, minimum: int) -> None:
    # bool is an int subclass; True followers is a bug, not a count.
    if type(value) is not int:
        raise ValueError(f"{name} must be a whole number")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}")
    if value > MAX_VALUE:
        raise ValueError(f"{name} is over 10 billion")


# --- engagement rates -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EngagementRate:
    """One engagement rate, with what went into it, so the renderer can show the formula."""

    basis: Basis
    value: float  # a fraction: 0.0345 is 3.45%
    numerator: int  # the summed engagements per post
    denominator: int  # followers or views
    terms: tuple[str, ...]  # e.g. ("likes", "comments")
    source_ids: tuple[str, ...]

    @property
    def denominator_name(self) -> str:
        return self.basis.value

    @property
    def formula(self) -> str:
        """ "(likes + comments) ÷ followers"; a single term needs no brackets."""
        top = self.terms[0] if len(self.terms) == 1 else f"({' + '.join(self.terms)})"
        return f"{top} ÷ {self.basis.value}"


_FOLLOWER_TERMS = ("likes", "comments")
_VIEW_TERMS = ("likes", "comments", "shares", "saves")


def _rate(
    stats: CreatorStats,
    names: tuple[str, ...],
    basis: Basis,
    denominator: int,
    sources: tuple[str, ...],
) -> EngagementRate | None:
    terms: list[str] = []
    total = 0
    for name in names:
        value = getattr(stats, name)
        if value is not None:
            terms.append(name)
            total += value
    if not terms or denominator <= 0:
        return None
    return EngagementRate(basis, total / denominator, total, denominator, tuple(terms), sources)


def rate_by_followers(stats: CreatorStats) -> EngagementRate | None:
    """(likes + comments) ÷ followers, with whichever of the two was given; None if neither."""
    return _rate(stats, _FOLLOWER_TERMS, Basis.FOLLOWERS, stats.followers, FOLLOWER_FORMULA_SOURCES)


def rate_by_views(stats: CreatorStats) -> EngagementRate | None:
    """(likes + comments + shares + saves) ÷ views, counting only the terms given.

    None without views (or with zero views) or without any engagement figure.
    """
    if stats.views is None:
        return None
    return _rate(stats, _VIEW_TERMS, Basis.VIEWS, stats.views, VIEW_FORMULA_SOURCES)


def primary_rate(
    platform: Platform,
    by_followers: EngagementRate | None,
    by_views: EngagementRate | None,
) -> EngagementRate | None:
    """The rate to lead with: by views on video-first platforms when views were given."""
    if platform.is_video_first and by_views is not None:
        return by_views
    return by_followers if by_followers is not None else by_views


# --- benchmarks -------------------------------------------------------------------------


def compare_to_band(rate: float, benchmark: Benchmark | SizedBenchmark) -> Comparison:
    """Where a rate (a fraction) sits against a band: "below", "typical" or "above"."""
    if rate < benchmark.low:
        return "below"
    if rate > benchmark.high:
        return "above"
    return "typical"


# --- quality flags ------------------------------------------------------------------------

Check = Literal[
    "rate_below_band",
    "rate_above_band",
    "comments_per_like_below",
    "comments_per_like_above",
    "views_per_follower_below",
    "likes_above_followers",
    "rate_above_total",
    "followers_below",
]
_NEEDS: dict[str, tuple[str, ...]] = {
    "rate_below_band": ("factor",),
    "rate_above_band": ("factor",),
    "comments_per_like_below": ("threshold", "minimum"),
    "comments_per_like_above": ("threshold", "minimum"),
    "views_per_follower_below": ("threshold", "minimum"),
    "likes_above_followers": ("factor",),
    "rate_above_total": ("threshold",),
    "followers_below": ("minimum",),
}


class QualityRule(BaseModel):
    """One audience-quality check with its parameters and plain-language reason."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    check: Check
    severity: Severity
    reason: str = Field(min_length=10)
    # The wording when the judged rate is by views (a rate check): low engagement per view
    # says the content gets little response, not that the followers are inactive or bought.
    reason_by_views: str | None = Field(default=None, min_length=10)
    # True when the flag means the figures can't be per-post averages for this account:
    # no benchmark verdict or per-engagement cost is given from them.
    implausible: bool = False
    source_ids: tuple[str, ...] = Field(min_length=1, alias="sources")
    factor: float | None = Field(default=None, gt=0)
    threshold: float | None = Field(default=None, gt=0)
    minimum: int | None = Field(default=None, ge=0)
    platforms: frozenset[Platform] | None = None

    @model_validator(mode="after")
    def _complete(self) -> Self:
        missing = [name for name in _NEEDS[self.check] if getattr(self, name) is None]
        if missing:
            raise ValueError(f"rule {self.code} needs {', '.join(missing)}")
        for source_id in self.source_ids:
            get_source(source_id)
        return self


@dataclass(frozen=True, slots=True)
class QualityFlag:
    """A raised flag: the rule, the measured value and the limit it crossed."""

    rule: QualityRule
    value: float  # e.g. the rate, or comments per like
    limit: float  # the value it was compared against
    by_views: bool = False  # measured on a rate by views (picks the rule's views wording)
    noun: str = "follower"  # what the platform calls its audience ("subscriber" on YouTube)

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def reason(self) -> str:
        text = self.rule.reason
        if self.by_views and self.rule.reason_by_views is not None:
            text = self.rule.reason_by_views
        return text.replace("{followers}", plural(self.noun)).replace("{follower}", self.noun)

    @property
    def implausible(self) -> bool:
        return self.rule.implausible

    @property
    def source_ids(self) -> tuple[str, ...]:
        return self.rule.source_ids


@cache
def quality_rules() -> tuple[QualityRule, ...]:
    rules = tuple(QualityRule(**rule) for rule in load_data_file("quality_rules.toml")["rule"])
    codes = [rule.code for rule in rules]
    if len(set(codes)) != len(codes):
        raise ValueError("duplicate quality rule codes")
    return rules


# The source id of Tierbot's own reading or assumption, as the data files cite it.
_OUR_READING = "tierbot-model"


def _basis_is_ours(benchmark: Benchmark | SizedBenchmark) -> bool:
    return _OUR_READING in benchmark.source_ids


@cache
def _rules_for(platform: Platform) -> tuple[QualityRule, ...]:
    """The rules that apply on `platform`, in the file's order."""
    return tuple(
        rule for rule in quality_rules() if rule.platforms is None or platform in rule.platforms
    )


def quality_flags(
    platform: Platform,
    stats: CreatorStats,
    rate: EngagementRate | None,
    benchmark: Benchmark | SizedBenchmark | None,
    *,
    rates: tuple[EngagementRate | None, EngagementRate | None] | None = None,
) -> tuple[QualityFlag, ...]:
    """Every rule the stats trip. `rate` is the one compared with `benchmark`; `rates`, the
    rates by followers and by views when the caller has them already."""
    flags: list[QualityFlag] = []
    likes, comments, views = stats.likes, stats.comments, stats.views
    for rule in _rules_for(platform):
        # The parameters are guaranteed present for each check by QualityRule._complete.
        factor, threshold, minimum = rule.factor or 0.0, rule.threshold or 0.0, rule.minimum or 0
        match rule.check:
            case "rate_below_band":
                if rate is not None and benchmark is not None:
                    limit = benchmark.low * factor
                    if rate.value < limit:
                        by_views = rate.basis is Basis.VIEWS
                        flags.append(QualityFlag(rule, rate.value, limit, by_views))
            case "rate_above_band":
                # A band whose basis is our reading (YouTube's, read per subscriber) is too
                # unsure to ground a suspicion of engagement pods: no flag from it.
                if rate is not None and benchmark is not None and not _basis_is_ours(benchmark):
                    limit = benchmark.high * factor
                    if rate.value > limit:
                        by_views = rate.basis is Basis.VIEWS
                        flags.append(QualityFlag(rule, rate.value, limit, by_views))
            case "comments_per_like_below":
                if likes is not None and comments is not None and likes >= minimum and likes:
                    ratio = comments / likes
                    if ratio < threshold:
                        flags.append(QualityFlag(rule, ratio, threshold))
            case "comments_per_like_above":
                if likes is not None and comments is not None and comments >= minimum:
                    ratio = comments / likes if likes else float(comments)
                    if ratio > threshold:
                        flags.append(QualityFlag(rule, ratio, threshold))
            case "views_per_follower_below":
                if views is not None and stats.followers >= minimum:
                    ratio = views / stats.followers
                    if ratio < threshold:
                        flags.append(QualityFlag(rule, ratio, threshold))
            case "likes_above_followers":
                if likes is not None:
                    limit = stats.followers * factor
                    if likes > limit:
                        flags.append(QualityFlag(rule, likes, limit))
            case "rate_above_total":
                # Any rate, judged or not: over 100% is impossible for averages per post.
                if rates is None:
                    rates = (rate_by_followers(stats), rate_by_views(stats))
                highest = max((r.value for r in rates if r is not None), default=0.0)
                if highest > threshold:
                    flags.append(QualityFlag(rule, highest, threshold))
            case "followers_below":
                if stats.followers < minimum:
                    flags.append(QualityFlag(rule, stats.followers, minimum))
    if platform.audience_noun != "follower":
        flags = [replace(flag, noun=platform.audience_noun) for flag in flags]
    implausible = [flag for flag in flags if flag.implausible]
    if implausible:
        # Figures that can't be per-post averages: one warning says so, and no rate-against-
        # band flag judges a rate computed from them (one problem, one warning).
        first = implausible[0]
        flags = [
            flag
            for flag in flags
            if flag is first or (not flag.implausible and flag.rule.check not in _RATE_CHECKS)
        ]
    return tuple(flags)


_RATE_CHECKS: frozenset[str] = frozenset({"rate_below_band", "rate_above_band"})


# --- cost -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ValueRange:
    """A USD range derived from a published one; `high` None stays open-ended."""

    low: float
    high: float | None

    @property
    def is_open_ended(self) -> bool:
        return self.high is None

    def scaled(self, factor: float) -> ValueRange:
        return ValueRange(self.low * factor, None if self.high is None else self.high * factor)


@dataclass(frozen=True, slots=True)
class CostEstimate:
    """What a sponsored post from an account of this size is likely to cost.

    `per_post` is the resolver's price for this size (bot/domain/creator_size.py); the per-1,000-
    followers and per-engagement figures divide it, so they inherit its sources and its
    open end. `from_cpm` is views × the platform's CPM range, when views are known.
    """

    platform: Platform
    followers: int
    per_post: SizedPrice
    per_thousand_followers: ValueRange
    per_engagement: ValueRange | None
    engagements_per_post: int | None
    from_cpm: ValueRange | None
    cpm: CostRange | None

    @property
    def source_ids(self) -> tuple[str, ...]:
        ids = self.per_post.source_ids
        if self.from_cpm is not None and self.cpm is not None:
            ids = ids + tuple(s for s in self.cpm.source_ids if s not in ids)
        return ids


def estimate_cost(
    platform: Platform,
    followers: int,
    engagements_per_post: int | None,
    *,
    views: int | None = None,
) -> CostEstimate | None:
    """A cost estimate, or None when no source prices this platform at this size."""
    if followers <= 0:
        return None
    per_post = price_for(platform, followers)  # a stand-in card's row where it has none
    if per_post is None:
        return None
    published = ValueRange(per_post.low, per_post.high)
    per_engagement = published.scaled(1 / engagements_per_post) if engagements_per_post else None
    cpm = cpm_range(platform)
    from_cpm = cpm_range_cost(cpm, views) if cpm is not None and views else None
    return CostEstimate(
        platform=platform,
        followers=followers,
        per_post=per_post,
        per_thousand_followers=published.scaled(1000 / followers),
        per_engagement=per_engagement,
        engagements_per_post=engagements_per_post,
        from_cpm=from_cpm,
        cpm=cpm,
    )


def cpm_range_cost(cpm: CostRange, views: int) -> ValueRange:
    """What `views` impressions cost at a CPM range (price per 1,000)."""
    return ValueRange(cpm.low, cpm.high).scaled(views / 1000)


# --- a whole assessment ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CreatorAssessment:
    """Rates, the band they were judged against, flags and cost for one creator."""

    platform: Platform
    stats: CreatorStats
    by_followers: EngagementRate | None
    by_views: EngagementRate | None
    primary: EngagementRate | None
    benchmark: SizedBenchmark | None  # from the size resolver, in the platform's one family
    compared: EngagementRate | None  # the rate judged against `benchmark`
    comparison: Comparison | None
    context: tuple[ContextFigure, ...]
    flags: tuple[QualityFlag, ...]
    cost: CostEstimate | None

    @property
    def warnings(self) -> tuple[QualityFlag, ...]:
        return tuple(flag for flag in self.flags if flag.severity == "warning")

    @property
    def implausible(self) -> QualityFlag | None:
        """The flag saying the figures can't be per-post averages (no verdict from them)."""
        return next((flag for flag in self.flags if flag.implausible), None)


@dataclass(frozen=True, slots=True)
class BandJudgement:
    """The rates of one creator (or one post) and where the judged one sits in its band."""

    by_followers: EngagementRate | None
    by_views: EngagementRate | None
    primary: EngagementRate | None
    benchmark: SizedBenchmark | None  # from the size resolver, in the platform's one family
    compared: EngagementRate | None  # the rate judged against `benchmark`
    comparison: Comparison | None


def judge_against_band(platform: Platform, stats: CreatorStats) -> BandJudgement:
    """The benchmark verdict alone: what /classify shows, and what a campaign's report uses
    per post (without the flags and cost estimate a whole assessment adds)."""
    by_followers = rate_by_followers(stats)
    by_views = rate_by_views(stats)
    primary = primary_rate(platform, by_followers, by_views)
    # Judge the primary rate when its basis has a band; otherwise fall back to the other
    # rate (a YouTube channel with views is judged per subscriber, where a band exists).
    benchmark: SizedBenchmark | None = None
    compared: EngagementRate | None = None
    candidates: Sequence[EngagementRate | None] = (
        primary,
        by_followers if primary is by_views else by_views,
    )
    for candidate in candidates:
        if candidate is not None:
            benchmark = benchmark_at(platform, stats.followers, candidate.basis)
            if benchmark is not None:
                compared = candidate
                break
    comparison = (
        compare_to_band(compared.value, benchmark)
        if compared is not None and benchmark is not None
        else None
    )
    return BandJudgement(by_followers, by_views, primary, benchmark, compared, comparison)


def assess_creator(platform: Platform, stats: CreatorStats) -> CreatorAssessment:
    """Everything Tierbot can say about one creator from typed-in stats."""
    judged = judge_against_band(platform, stats)
    by_followers, by_views, primary = judged.by_followers, judged.by_views, judged.primary
    benchmark, compared, comparison = judged.benchmark, judged.compared, judged.comparison
    shown = compared or primary
    context_basis = shown.basis if shown is not None else None
    flags = quality_flags(platform, stats, compared, benchmark, rates=(by_followers, by_views))
    # Figures flagged as impossible (likes above followers, over 100%) get no verdict and no
    # cost per engagement: the reply says to check them instead.
    checkable = not any(flag.implausible for flag in flags)
    if not checkable:
        comparison = None
    return CreatorAssessment(
        platform=platform,
        stats=stats,
        by_followers=by_followers,
        by_views=by_views,
        primary=primary,
        benchmark=benchmark,
        compared=compared,
        comparison=comparison,
        # Other sources' figures only where the platform's own family has no band: next to a
        # band they read as a contradiction ("above 0.75–1.01%" beside "median 2.63%").
        context=(
            context_figures(platform, stats.followers, context_basis) if benchmark is None else ()
        ),
        flags=flags,
        cost=estimate_cost(
            platform,
            stats.followers,
            primary.numerator if primary is not None and checkable else None,
            views=stats.views,
        ),
    )
