"""One creator's whole picture, and the same for every row of a creator list.

`build_creator_report` composes what /classify shows: the tier under the guild's scheme,
every other built-in scheme that places the account elsewhere, the near-boundary warning,
and the assessment from metrics.py (rates, band, flags, cost). `classify_creator_file`
runs that per row of an uploaded CSV and writes the classified CSV (input columns plus
Tierbot's) and, when rows were skipped, a small CSV of row errors.

The sentences here are plain text (no markdown): the CSV uses them as they are, and the
renderer adds emphasis around them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import islice
from typing import Final

from bot.domain.creator_csv import (
    MAX_BYTES,
    MAX_ROWS,
    Column,
    CreatorRow,
    ParsedCsv,
    parse_creator_csv,
)
from bot.domain.creator_size import CreatorSize, resolve_size, stand_in_text
from bot.domain.creator_size import tier_label as size_tier_label
from bot.domain.handles import Handle
from bot.domain.metrics import (
    Basis,
    CostEstimate,
    CreatorAssessment,
    CreatorStats,
    EngagementRate,
    QualityFlag,
    ValueRange,
    assess_creator,
)
from bot.domain.numbers import (
    format_count,
    format_int,
    format_money_range,
    format_percent,
    format_percent_range,
)
from bot.domain.platforms import Platform
from bot.domain.sheet_format import handle_cell, unneutralize_cell, write_csv
from bot.domain.sources import cite
from bot.domain.tiers import Classification, TierScheme, builtin_schemes, differing_schemes
from bot.domain.wording import count_noun, plural

# --- one creator --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SchemePlacement:
    """Where another built-in scheme puts the same account."""

    scheme_id: str
    scheme_name: str
    classification: Classification


@dataclass(frozen=True, slots=True)
class CreatorReport:
    """Everything /classify says about one creator, computed from typed-in stats."""

    platform: Platform
    handle: Handle | None
    stats: CreatorStats
    scheme: TierScheme
    placement: Classification  # under `scheme`
    differing: tuple[SchemePlacement, ...]  # other built-in schemes that disagree
    schemes_compared: int  # how many other schemes were checked
    assessment: CreatorAssessment
    size: CreatorSize  # tier, price and benchmark from the one resolver

    @property
    def tier_label(self) -> str:
        return tier_label(self.placement)

    @property
    def near_boundary(self) -> str | None:
        return near_boundary_text(self.placement, self.platform.audience_noun)

    @property
    def is_flagged(self) -> bool:
        return bool(self.assessment.flags)

    @property
    def source_ids(self) -> tuple[str, ...]:
        """Every source behind the figures shown, without repeats, in the order shown."""
        assessment = self.assessment
        ids: list[str] = list(self.scheme.source_ids)
        for rate in (assessment.primary, assessment.by_followers, assessment.by_views):
            if rate is not None:
                ids.extend(rate.source_ids)
        if assessment.benchmark is not None:
            ids.extend(assessment.benchmark.source_ids)
        for figure in assessment.context:
            ids.extend(figure.source_ids)
        for flag in assessment.flags:
            ids.extend(flag.source_ids)
        if assessment.cost is not None:
            ids.extend(assessment.cost.source_ids)
        return tuple(dict.fromkeys(ids))


def build_creator_report(
    platform: Platform,
    stats: CreatorStats,
    scheme: TierScheme,
    handle: Handle | None = None,
) -> CreatorReport:
    """Classify under `scheme`, compare with every other built-in scheme, assess the stats."""
    if handle is not None and handle.platform is not platform:
        raise ValueError(f"the handle is on {handle.platform.label}, not {platform.label}")
    others, compared_schemes = differing_schemes(stats.followers, scheme)
    names = builtin_schemes()
    differing = tuple(SchemePlacement(c.scheme_id, names[c.scheme_id].name, c) for c in others)
    assessment = assess_creator(platform, stats)
    compared = assessment.compared
    size = resolve_size(
        platform, stats.followers, scheme, compared.basis if compared is not None else None
    )
    return CreatorReport(
        platform=platform,
        handle=handle,
        stats=stats,
        scheme=scheme,
        placement=size.placement,
        differing=differing,
        schemes_compared=compared_schemes,
        assessment=assessment,
        size=size,
    )


# --- sentences -----------------------------------------------------------------------------


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def tier_label(placement: Classification) -> str:
    """ "Micro", "Emerging (below nano)": the resolver's headline."""
    return size_tier_label(placement)


def near_boundary_text(placement: Classification, noun: str = "follower") -> str | None:
    """A plain sentence when the count is within 10% of a boundary, else None.

    `noun` is what the platform calls the audience ("subscriber" on YouTube).
    """
    near = placement.near_boundary
    if near is None:
        return None
    boundary = format_count(near.boundary)
    neighbour = near.neighbour_label.lower()  # a tier named mid-sentence: "where micro starts"
    if near.side == "below":
        return f"{count_noun(near.distance, noun)} short of {boundary}, where {neighbour} starts"
    if near.distance == 0:
        return f"exactly on the {boundary} line; one {noun} fewer would be {neighbour}"
    return f"{count_noun(near.distance, noun)} above the {boundary} line; below it is {neighbour}"


def basis_word(basis: Basis, platform: Platform) -> str:
    """What a rate is divided by, in the platform's words: "views", "followers", and
    "subscribers" on YouTube. Every denominator a /classify reply names comes from here."""
    return basis.value if basis is Basis.VIEWS else plural(platform.audience_noun)


def rate_formula(rate: EngagementRate, platform: Platform) -> str:
    """ "(likes + comments) ÷ followers"; "÷ subscribers" on YouTube."""
    top = rate.terms[0] if len(rate.terms) == 1 else f"({' + '.join(rate.terms)})"
    return f"{top} ÷ {basis_word(rate.basis, platform)}"


def rate_text(rate: EngagementRate, platform: Platform) -> str:
    """ "3.2% by followers: (likes + comments) ÷ followers = 320 ÷ 10,000"."""
    return f"{format_percent(rate.value)} {rate_working(rate, platform)}"


def rate_working(rate: EngagementRate, platform: Platform) -> str:
    """ "by followers: (likes + comments) ÷ followers = 320 ÷ 10,000" (subscribers on
    YouTube)."""
    return (
        f"by {basis_word(rate.basis, platform)}: {rate_formula(rate, platform)} = "
        f"{format_int(rate.numerator)} ÷ {format_int(rate.denominator)}"
    )


def band_text(assessment: CreatorAssessment) -> str | None:
    """ "0.84–1.11% by followers, for 10K–50K accounts"; None without a band."""
    band = assessment.benchmark
    if band is None:
        return None
    return (
        f"{format_percent_range(band.low, band.high)} by "
        f"{basis_word(band.basis, assessment.platform)}, for {band.size_label} accounts"
    )


def uncounted_text(assessment: CreatorAssessment) -> str | None:
    """ "Shares (90) are not counted: …" when typed shares or saves are in no rate shown. A
    rate by followers counts likes and comments (the common formula, which the benchmarks
    and campaign reports use per follower); only a rate by views counts shares and saves, as
    campaign reports do. None when every typed figure is counted."""
    if assessment.by_views is not None:
        return None  # the rate by views counts every typed figure
    stats = assessment.stats
    typed = [(name, value) for name in ("shares", "saves") if (value := getattr(stats, name))]
    if not typed:
        return None
    listed = " and ".join(f"{name} ({format_int(value)})" for name, value in typed)
    listed = listed[:1].upper() + listed[1:]
    them = "them" if len(typed) > 1 else typed[0][0]
    rate = assessment.by_followers
    if rate is None:
        return f"{listed} count only in a rate by views: add average views to count {them}."
    return (
        f"{listed} are not counted: the rate by {basis_word(rate.basis, assessment.platform)} "
        f"counts {' and '.join(rate.terms)}, the common formula; a rate by views (add views) "
        f"counts {them} too."
    )


_FLAG_TITLES: Final = {
    "rate_below_band": "engagement far below the band",
    "rate_above_band": "engagement far above the band",
    "comments_per_like_below": "few comments per like",
    "comments_per_like_above": "many comments per like",
    "views_per_follower_below": "views far below {followers}",
    "likes_above_followers": "more likes than {followers}",
    "rate_above_total": "engagement over 100%",
    "followers_below": "too few {followers} to judge",
}


def flag_title(flag: QualityFlag) -> str:
    """A few words naming what a flag found, for lists where the full reason won't fit."""
    return _FLAG_TITLES[flag.rule.check].replace("{followers}", plural(flag.noun))


def flag_detail(flag: QualityFlag) -> str:
    """The measured value against the limit it crossed, in words."""
    value, limit = flag.value, flag.limit
    match flag.rule.check:
        case "rate_below_band":
            return f"{format_percent(value)}, under {format_percent(limit)}"
        case "rate_above_band":
            return f"{format_percent(value)}, over {format_percent(limit)}"
        case "comments_per_like_below":
            usual = f"fewer than 1 per {format_int(round(1 / limit))}"
            if value == 0:
                return f"no comments, {usual} likes"
            return f"1 comment per {count_noun(round(1 / value), 'like')}, {usual}"
        case "comments_per_like_above":
            comments = "comment" if _ratio(value) == "1" else "comments"
            return f"{_ratio(value)} {comments} per like, over {_ratio(limit)}"
        case "views_per_follower_below":
            return (
                f"views are {format_percent(value)} of {plural(flag.noun)}, "
                f"under {format_percent(limit)}"
            )
        case "likes_above_followers":
            return (
                f"{count_noun(round(value), 'like')} per post, "
                f"{count_noun(round(limit), flag.noun)}"
            )
        case "rate_above_total":
            return f"{format_percent(value)}"
        case "followers_below":
            return count_noun(round(value), flag.noun)


def _ratio(value: float) -> str:
    return f"{value:.2g}" if value < 1 else f"{value:,.1f}".removesuffix(".0")


def _money(value: ValueRange | None) -> str:
    if value is None:
        return ""
    return format_money_range(value.low, value.high)


def cost_texts(cost: CostEstimate) -> tuple[str, str, str]:
    """(per post, per 1,000 followers, per engagement) as money ranges; "" when unknown."""
    per_post = format_money_range(cost.per_post.low, cost.per_post.high)
    return per_post, _money(cost.per_thousand_followers), _money(cost.per_engagement)


def cpm_cost_text(cost: CostEstimate) -> str | None:
    """ "$41–$123 at $5–$15 per 1,000 views", when views and a CPM range are known."""
    if cost.from_cpm is None or cost.cpm is None:
        return None
    return f"{_money(cost.from_cpm)} at {format_money_range(cost.cpm.low, cost.cpm.high)} CPM"


# --- a creator list --------------------------------------------------------------------------

TIERBOT_COLUMNS: Final = (
    "Row",
    "Platform used",
    "Profile URL",
    "Tier",
    "Tier range",
    "Near boundary",
    "Other schemes",
    "ER by followers (%)",
    "ER by views (%)",
    "Benchmark band",
    "Vs band",
    "Band source",
    "Flags",
    "Cost per post (USD)",
    "Cost per 1K followers",
    "Cost per engagement",
    "Cost source",
)
ERROR_COLUMNS: Final = ("Row", "Handle (as written)", "Problem")


@dataclass(frozen=True, slots=True)
class TierCount:
    """How many creators of a list fall in one band of the scheme."""

    label: str
    range_label: str
    minimum: int
    count: int


@dataclass(frozen=True, slots=True)
class ClassifiedFile:
    """A creator list read, every good row classified, and the files to send back."""

    parsed: ParsedCsv
    scheme: TierScheme
    reports: tuple[CreatorReport, ...]  # one per parsed row, in file order
    tier_counts: tuple[TierCount, ...]  # smallest band first
    flagged: int  # rows with at least one audience-quality flag
    classified_csv: bytes | None  # None when no row could be classified
    errors_csv: bytes | None  # None when no row was skipped

    @property
    def row_errors(self) -> int:
        return len(self.parsed.errors)

    @property
    def classified(self) -> int:
        return len(self.reports)

    def flagged_examples(self, limit: int) -> list[tuple[int, CreatorReport]]:
        """The first flagged creators, with the line each came from."""
        found = (
            (row.line_number, report)
            for row, report in zip(self.parsed.rows, self.reports, strict=True)
            if report.is_flagged
        )
        return list(islice(found, limit))

    def summary(self, flagged_examples: int) -> FileSummary:
        """What the reply shows: counts, a few flagged creators and the two files. Thousands
        of row objects cost more to send between processes than to classify."""
        return FileSummary(
            parsed=replace(self.parsed, rows=()),
            scheme_id=self.scheme.id,
            classified=self.classified,
            tier_counts=self.tier_counts,
            flagged=self.flagged,
            examples=tuple(self.flagged_examples(flagged_examples)),
            classified_csv=self.classified_csv,
            errors_csv=self.errors_csv,
        )


@dataclass(frozen=True, slots=True)
class FileSummary:
    """A classified creator list as the /classify-csv reply needs it (no per-row objects)."""

    parsed: ParsedCsv  # how the file was read and its row errors; rows dropped
    scheme_id: str
    classified: int
    tier_counts: tuple[TierCount, ...]
    flagged: int
    examples: tuple[tuple[int, CreatorReport], ...]  # (line number, report), flagged, in order
    classified_csv: bytes | None
    errors_csv: bytes | None

    @property
    def row_errors(self) -> int:
        return len(self.parsed.errors)


def classify_creator_file(
    data: bytes, scheme: TierScheme, *, default_platform: Platform | None = None
) -> ClassifiedFile:
    """Read, classify and write back a creator list. CPU-bound: run it off the event loop.

    Raises `CsvTooLargeError` / `CsvFormatError` (both `CsvError`) for a file that can't be
    read at all; bad rows only add row errors.
    """
    parsed = parse_creator_csv(data, default_platform=default_platform)
    reports = tuple(
        build_creator_report(row.handle.platform, row.stats, scheme, row.handle)
        for row in parsed.rows
    )
    return ClassifiedFile(
        parsed=parsed,
        scheme=scheme,
        reports=reports,
        tier_counts=_tier_counts(reports),
        flagged=sum(report.is_flagged for report in reports),
        classified_csv=_classified_csv(parsed, reports) if reports else None,
        errors_csv=(
            write_csv(
                ERROR_COLUMNS,
                ((e.line_number, handle_cell(e.handle), e.reason) for e in parsed.errors),
                parsed.sheet,
            )
            if parsed.errors
            else None
        ),
    )


def summarize_creator_file(
    data: bytes,
    scheme: TierScheme,
    *,
    default_platform: Platform | None = None,
    flagged_examples: int = 10,
) -> FileSummary:
    """classify_creator_file, reduced to what a reply shows (for a worker process)."""
    result = classify_creator_file(data, scheme, default_platform=default_platform)
    return result.summary(flagged_examples)


def _tier_counts(reports: Iterable[CreatorReport]) -> tuple[TierCount, ...]:
    counts: dict[int, TierCount] = {}
    for report in reports:
        placement = report.placement
        found = counts.get(placement.band_min)
        counts[placement.band_min] = TierCount(
            label=report.tier_label,
            range_label=placement.band_label,
            minimum=placement.band_min,
            count=1 if found is None else found.count + 1,
        )
    return tuple(counts[key] for key in sorted(counts))


def _output_header(input_columns: list[str]) -> list[str]:
    taken = {name.casefold() for name in input_columns}
    ours = [f"Tierbot {name}" if name.casefold() in taken else name for name in TIERBOT_COLUMNS]
    return input_columns + ours


_COUNT_COLUMNS: Final = (
    Column.FOLLOWERS,
    Column.LIKES,
    Column.COMMENTS,
    Column.SHARES,
    Column.SAVES,
    Column.VIEWS,
)


def _as_typed_differs(typed: str, value: int | None) -> bool:
    return value is not None and unneutralize_cell(typed.strip()) != str(value)


def _classified_csv(parsed: ParsedCsv, reports: tuple[CreatorReport, ...]) -> bytes:
    """The team's file back in its own format: every input column as it was, except that
    count columns hold the numbers Tierbot read (sortable), with "<column> (as typed)"
    beside any where a row's text differed, and handles without a visible formula guard."""
    # Each input column once, as the file named it (a repeated or blank header can't be told
    # apart from the first one, so it is left out).
    input_columns = [name for name in dict.fromkeys(parsed.header) if name]
    counts = {
        parsed.columns[column]: column for column in _COUNT_COLUMNS if column in parsed.columns
    }
    as_typed = {
        name
        for name, column in counts.items()
        if any(
            _as_typed_differs(row.original.get(name, ""), _stat(row.stats, column))
            for row in parsed.rows
        )
    }
    handle_header = parsed.columns.get(Column.HANDLE)
    header: list[str] = []
    for name in input_columns:
        header.append(name)
        if name in as_typed:
            header.append(f"{name} (as typed)")

    def cells(row: CreatorRow) -> list[object]:
        out: list[object] = []
        for name in input_columns:
            typed = row.original.get(name, "")
            column = counts.get(name)
            if column is not None:
                value = _stat(row.stats, column)
                out.append(value)
                if name in as_typed:
                    out.append(typed if _as_typed_differs(typed, value) else "")
            elif name == handle_header:
                out.append(handle_cell(unneutralize_cell(typed)))
            else:
                out.append(typed)
        return out

    rows = (
        cells(row) + report_cells(row.line_number, report)
        for row, report in zip(parsed.rows, reports, strict=True)
    )
    return write_csv(_output_header(header), rows, parsed.sheet)


def _stat(stats: CreatorStats, column: Column) -> int | None:
    value: int | None = getattr(stats, column.value)
    return value


def report_cells(line_number: int, report: CreatorReport) -> list[object]:
    """Tierbot's columns (`TIERBOT_COLUMNS`) for one classified row."""
    assessment = report.assessment
    band = assessment.benchmark
    cost = assessment.cost
    per_post, per_thousand, per_engagement = cost_texts(cost) if cost is not None else ("", "", "")
    others = "; ".join(
        f"{other.scheme_id}: {tier_label(other.classification)}" for other in report.differing
    )
    return [
        line_number,
        report.platform.value,
        report.handle.profile_url if report.handle is not None else "",
        report.tier_label,
        report.placement.band_label,
        report.near_boundary or "",
        others,
        _rate_cell(assessment.by_followers),
        _rate_cell(assessment.by_views),
        band_text(assessment) or "",
        assessment.comparison or "",
        cite(band.source_ids) if band is not None else "",
        " | ".join(f"{flag.reason} ({flag_detail(flag)})" for flag in assessment.flags),
        per_post,
        per_thousand,
        per_engagement,
        cost_source_text(cost) if cost is not None else "",
    ]


def cost_source_text(cost: CostEstimate) -> str:
    """The cost's source for a file's cell; a stand-in card says it is our estimate."""
    platform = cost.per_post.stands_in_for
    if platform is None:
        return cite(cost.source_ids)
    return f"{stand_in_text(platform)} ({cite(cost.source_ids)})"


def _rate_cell(rate: EngagementRate | None) -> Decimal | None:
    """The rate in percent, as a number the spreadsheet can sort (3.45 for 3.45%)."""
    return percent_number(rate.value) if rate is not None else None


_HUNDREDTH: Final = Decimal("0.01")


def percent_number(fraction: float) -> Decimal:
    """0.0386123 -> Decimal("3.86"): a percentage to two decimals, for a number column.

    Two, not three: "3,861" would read both ways ("3861"?) when the file is read back."""
    return Decimal(str(fraction * 100)).quantize(_HUNDREDTH)


def percent_text(fraction: float) -> str:
    """`percent_number(fraction)` written out ("3.86", "0.10"), for files of many rows.

    `percent_number` rounds the percentage as Python writes it (its shortest repr), half to
    even; formatting the float to two places rounds its exact binary value instead. Below
    10^12 (where a float is finer than 0.001) the two only disagree when that repr ends on a
    tie, "2.675" (2.67499… in binary): exactly when the float written to three places ends
    in 5 and reads back as the same float. Only those take the Decimal; the rest cost two
    formats instead of a repr (slow) and a Decimal, which 1,000 rows of two rates notice.
    """
    percent = fraction * 100
    if percent < 1e12:
        thousandths = f"{percent:.3f}"
        if thousandths[-1] != "5" or float(thousandths) != percent:
            return f"{percent:.2f}"
    return f"{percent_number(fraction):f}"


# --- uploads ------------------------------------------------------------------------------------

_TEXT_EXTENSIONS: Final = frozenset({"csv", "tsv", "tab", "txt"})
_WORKBOOK_EXTENSIONS: Final = frozenset({"xlsx", "xlsm", "xls", "ods", "numbers"})


def upload_refusal(filename: str, content_type: str | None, size: int) -> str | None:
    """Why an uploaded file can't be a creator list, judged before downloading it; else None.

    The message is a plain sentence without the file name (the caller may show it escaped).
    """
    stem, dot, extension = filename.rpartition(".")
    extension = extension.lower() if dot and stem else ""
    if extension in _WORKBOOK_EXTENSIONS:
        return (
            "That's a spreadsheet workbook, not a CSV. Save it as CSV first (Excel: File → "
            "Save As → CSV UTF-8; Google Sheets: File → Download → CSV) and upload that file."
        )
    is_text = (content_type or "").split(";")[0].strip().lower().startswith("text/")
    if extension not in _TEXT_EXTENSIONS and not (extension == "" and is_text):
        return (
            "Tierbot reads creator lists as CSV or TSV files (.csv, .tsv or .txt). "
            "Export the sheet as CSV and upload that file."
        )
    if size > MAX_BYTES:
        return (
            # Rounded up, so a file just over the limit never reads as "2.0 MB".
            f"The file is {math.ceil(size * 10 / (1024 * 1024)) / 10:.1f} MB; Tierbot reads "
            "creator lists up to "
            f"{MAX_BYTES // (1024 * 1024)} MB and {format_int(MAX_ROWS)} rows. "
            "Split it into smaller files."
        )
    return None
