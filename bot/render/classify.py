"""/classify and /classify-csv replies: a creator report as one embed, a list as a summary.

Every user-supplied string (handles, file names, the parser's row reasons, which quote
cells) goes through `plain()` or `code()`; every part is clipped by `EmbedBuilder`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import discord

from bot.domain.creator_csv import columns_read
from bot.domain.creator_report import (
    CreatorReport,
    FileSummary,
    band_text,
    basis_word,
    cost_texts,
    cpm_cost_text,
    flag_title,
    rate_working,
    tier_label,
    uncounted_text,
)
from bot.domain.creator_size import open_ended_rule, published_point_text, stand_in_text
from bot.domain.handles import DisplayName
from bot.domain.metrics import Basis, CostEstimate
from bot.domain.numbers import (
    format_count,
    format_int,
    format_money,
    format_money_range,
    format_percent,
    format_percent_range,
)
from bot.domain.platforms import Platform
from bot.domain.sources import cite
from bot.domain.wording import count_noun, with_article
from bot.render import colours
from bot.render.files import Attachment, attachment
from bot.render.flags import flag_line
from bot.render.limits import FIELD_VALUE, EmbedBuilder, clip_lines
from bot.render.text import code, plain

CLASSIFIED_FILENAME: Final = "tierbot-classified.csv"
ERRORS_FILENAME: Final = "tierbot-row-errors.csv"
# Row errors listed in the summary (as many as fit); all of them are in the errors file.
ERRORS_SHOWN: Final = 10
# Flagged creators named in the summary; the Flags column has every one.
FLAGGED_SHOWN: Final = 10
_COMPARISON_WORDS: Final = {
    "below": "Below the typical band:",
    "typical": "Within the typical band:",
    "above": "Above the typical band:",
}


@dataclass(slots=True)
class Reply:
    """What a command sends: an embed, and optionally a view and files."""

    embed: discord.Embed
    view: discord.ui.View | None = None
    files: list[Attachment] = field(default_factory=list)

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `send_message` / `followup.send` (absent parts left out)."""
        sent: dict[str, Any] = {"embed": self.embed}
        if self.view is not None:
            sent["view"] = self.view
        if self.files:
            sent["files"] = self.files
        return sent


def _named_note(named: DisplayName, platform: Platform, *, in_guild: bool) -> str:
    """Why a reply under a page name has no profile link (nor a shortlist button)."""
    extras = "a profile link or an **Add to shortlist** button" if in_guild else "a profile link"
    example = named.account_name_example or "janedoe"
    return (
        f"The name is shown as typed: {platform.label} account names have no spaces. For "
        f"{extras}, give the account name, e.g. `handle:@{example}`."
    )


def _scheme_scope(in_guild: bool) -> str:
    return "this server's scheme" if in_guild else "the default scheme"


# --- /classify -----------------------------------------------------------------------------


def classify_reply(
    report: CreatorReport,
    *,
    in_guild: bool,
    view: discord.ui.View | None = None,
    fetched: str | None = None,
    figures_fetched: bool = False,
    named: DisplayName | None = None,
) -> Reply:
    """The /classify embed; `view` (e.g. an "Add to shortlist" button) is attached as given;
    `fetched` is the lookup's field (bot/render/lookup.py: what it supplied, or why nothing);
    `figures_fetched` is whether any figure shown came from it; `named` is a name with
    spaces the user gave instead of an account name."""
    embed = classify_embed(
        report, in_guild=in_guild, fetched=fetched, figures_fetched=figures_fetched, named=named
    )
    return Reply(embed=embed, view=view)


def classify_embed(
    report: CreatorReport,
    *,
    in_guild: bool,
    fetched: str | None = None,
    figures_fetched: bool = False,
    named: DisplayName | None = None,
) -> discord.Embed:
    platform = report.platform.label
    noun = report.platform.audience_noun  # YouTube counts subscribers
    followers = count_noun(report.stats.followers, noun)
    if report.handle is not None:
        title = f"{plain(report.handle.label, 100)} · {platform}"
        url: str | None = report.handle.profile_url
    elif named is not None:
        title = f"{plain(named.text, 100)} · {platform}"
        url = None
    else:
        creator = count_noun(report.stats.followers, noun, compact=True)
        title = f"{with_article(f'{platform} creator', capital=True)} with {creator}"
        url = None
    lines = [
        f"**{report.tier_label}** under {_scheme_scope(in_guild)} "
        f"({report.scheme.name}): {report.placement.band_label} · {followers}"
    ]
    if report.near_boundary is not None:
        lines.append(f"⚠️ **Near a boundary**: {report.near_boundary}.")
    if named is not None:
        lines.append(_named_note(named, report.platform, in_guild=in_guild))
    tier = report.placement.tier
    builder = EmbedBuilder(
        title=title,
        url=url,
        description="\n".join(lines),
        colour=colours.TIER[tier.value] if tier is not None else colours.NEUTRAL,
        footer=_footer(report, looked_up=fetched is not None, figures_fetched=figures_fetched),
    )
    if fetched is not None:
        builder.add_field("Fetched figures", fetched)
    builder.add_field("Other schemes", _schemes_field(report))
    builder.add_field("Engagement", _engagement_field(report))
    builder.add_field("Benchmark", _benchmark_field(report))
    builder.add_field("Audience quality", _quality_field(report, figures_fetched=figures_fetched))
    builder.add_field("Estimated cost", _cost_field(report))
    return builder.build()


def _schemes_field(report: CreatorReport) -> str:
    if not report.differing:
        return f"All {report.schemes_compared} other built-in schemes agree."
    lines = [
        # A gap's label already names its range: "no tier (this scheme skips 50K–1M)".
        f"{other.scheme_name}: {tier_label(other.classification)}"
        if other.classification.in_gap
        else f"{other.scheme_name}: **{tier_label(other.classification)}** "
        f"({other.classification.band_label})"
        for other in report.differing
    ]
    return clip_lines(lines, FIELD_VALUE)


def _engagement_field(report: CreatorReport) -> str:
    assessment = report.assessment
    # The platform's leading rate first (by views on video platforms, when views were given).
    rates = [assessment.primary, assessment.by_followers, assessment.by_views]
    shown = list(dict.fromkeys(r for r in rates if r is not None))
    lines: list[str] = []
    for rate in shown:
        line = f"**{format_percent(rate.value)}** {rate_working(rate, report.platform)}"
        if rate is assessment.compared and assessment.comparison and len(shown) > 1:
            line += " ← compared with the band"
        lines.append(line)
    views = report.stats.views
    if views is not None and assessment.by_views is None:
        # Views alone (a Twitch stream, a video with no likes given) still say something.
        share = format_percent(views / report.stats.followers)
        if views == 0:
            advice = "with no views there is no rate by views."
        elif report.platform.shows_likes:
            advice = "add likes or comments for an engagement rate by views."
        else:
            advice = f"{report.platform.label} videos show no likes, so views are the figure here."
        lines.append(
            f"**{count_noun(views, 'view')}** per post on average, {share} of "
            f"{report.platform.audience_noun}s; {advice}"
        )
    uncounted = uncounted_text(assessment)
    if not lines:
        wanted = ["likes", "comments"] if report.platform.shows_likes else ["comments"]
        if report.platform.is_video_first:
            wanted.append("views")
        needed = ", ".join(wanted[:-1]) + f" and {wanted[-1]}" if len(wanted) > 1 else wanted[0]
        lines.append(f"Add average {needed} per post to see the engagement rate.")
    if uncounted is not None:
        lines.append(uncounted)
    return "\n".join(lines)


def _context_lines(report: CreatorReport, count: int) -> list[str]:
    """Single published figures (an average, a median): shown for comparison, never as a band.

    Where the creator's rate has the figure's basis, the line says which side of it they are.
    """
    assessment = report.assessment
    lines = []
    for figure in assessment.context[:count]:
        sized = figure.min_followers == 0 and figure.max_followers is None
        size = "" if sized else f" for {figure.size_label} accounts"
        basis = (
            f" by {basis_word(figure.basis, report.platform)}" if figure.basis is not None else ""
        )
        line = (
            f"For comparison: {figure.stat}{size}, {format_percent(figure.value)}{basis} "
            f"({cite(figure.source_ids[:1])})."
        )
        rate = (
            {
                Basis.FOLLOWERS: assessment.by_followers,
                Basis.VIEWS: assessment.by_views,
            }.get(figure.basis)
            if figure.basis is not None
            else None
        )
        if rate is not None and assessment.implausible is None:
            side = "above" if rate.value > figure.value else "below"
            if rate.value == figure.value:
                side = "level with"
            line += f" This creator's {format_percent(rate.value)}{basis} is {side} it."
        lines.append(line)
    return lines


def _figures_for(basis: Basis) -> str:
    """The averages a rate on this basis needs: "likes, comments and views"."""
    return "likes, comments and views" if basis is Basis.VIEWS else "likes and comments"


def _benchmark_field(report: CreatorReport) -> str:
    assessment = report.assessment
    band = assessment.benchmark
    if assessment.implausible is not None:
        return (
            "No verdict: these figures can't be averages per post for this account "
            "(see Audience quality). Check them, then classify again."
        )
    if band is None or assessment.comparison is None:
        family = report.size.benchmark
        if assessment.primary is None and family is not None:
            text = (
                f"Typical for {family.size_label} accounts: "
                f"{format_percent_range(family.low, family.high)} by "
                f"{basis_word(family.basis, report.platform)} "
                f"({cite(family.source_ids)}). Add {_figures_for(family.basis)} to compare."
            )
        elif assessment.primary is None and report.size.benchmark_gap is not None:
            text = f"No verdict: {report.size.benchmark_gap}."
        elif assessment.primary is None:
            text = "Add engagement figures to compare them with a published band."
        elif family is not None and assessment.primary.basis is not family.basis:
            # A band exists, on the other denominator (TikTok publishes by views only).
            word = basis_word(family.basis, report.platform)
            text = (
                f"No verdict: {report.platform.label}'s published band is by {word} "
                f"({format_percent_range(family.low, family.high)} for {family.size_label} "
                f"accounts, {cite(family.source_ids)}). "
                + (
                    f"Add average {word} to compare."
                    if family.basis is not Basis.VIEWS or report.stats.views is None
                    else "With no views there is no rate by views to compare."
                )
            )
        else:
            gap = report.size.benchmark_gap or "no published band for this size"
            text = f"No verdict: {gap}."
        context = _context_lines(report, 3) if family is None or assessment.primary else []
        return clip_lines([text, *context], FIELD_VALUE)
    lines = [
        f"**{_COMPARISON_WORDS[assessment.comparison]}** {band_text(assessment)}.",
        f"{band.description} ({cite(band.source_ids)}).",
    ]
    return clip_lines(lines, FIELD_VALUE)


def _quality_field(report: CreatorReport, *, figures_fetched: bool = False) -> str:
    flags = report.assessment.flags
    if not flags:
        stats = report.stats
        wanted = ["likes", "comments"] if report.platform.shows_likes else ["comments"]
        if report.platform.is_video_first:
            wanted.append("views")
        missing = [name for name in wanted if getattr(stats, name) is None]
        text = (
            "No red flags in these figures."
            if figures_fetched
            else "No red flags in what you typed."
        )
        if missing:
            names = " and ".join(missing) if len(missing) < 3 else "likes, comments and views"
            text += f" Average {names} per post would allow more checks."
        return text
    return clip_lines([flag_line(flag) for flag in flags], FIELD_VALUE)


def _cost_field(report: CreatorReport) -> str:
    cost = report.assessment.cost
    price = report.size.price
    if cost is None or price is None:
        gap = report.size.price_gap or "no published rate card covers this size"
        return f"No estimate: {gap}."
    per_post, per_thousand, per_engagement = cost_texts(cost)
    about = "about " if price.approximate else ""
    from_cpm = cpm_cost_text(cost)
    label = " (rate card)" if from_cpm is not None else ""
    points = published_point_text(report.platform, report.stats.followers)
    if price.stands_in_for is not None and points is not None:
        # The platform publishes its own price for this size: the stand-in's row widened to
        # take it in (the figure /mix plans with), and how the two make the range.
        lines = [
            f"**{about}{per_post}** per post: {stand_in_text(report.platform)}.",
            points,
        ]
    elif price.stands_in_for is not None:
        # No full card of its own: the stand-in's row, said as our estimate in the words
        # /mix and /tiers ask use.
        lines = [
            f"**{about}{per_post}** per post: {stand_in_text(report.platform)} (its rate for "
            f"accounts of {price.size_label} followers, {cite(price.source_ids)}).",
        ]
    else:
        lines = [
            f"**{about}{per_post}** per post{label}, the published rate for "
            f"{report.platform.label} accounts of {price.size_label} "
            f"{report.platform.audience_noun}s ({cite(price.source_ids)}).",
        ]
    sized = report.size.size_fee
    if sized is not None:
        # Above the top tier's typical creator the card is open-ended: the planning fee at
        # this size, the same figure /mix books a creator of this size at.
        lines.append(
            f"At {format_count(sized.followers)} {report.platform.audience_noun}s, about "
            f"{format_money(sized.planning)} a post ({format_money_range(sized.low, sized.high)}): "
            f"the typical {format_count(open_ended_rule().reference_followers)} top-tier "
            f"creator's planning fee, grown in step with {report.platform.audience_noun}s "
            f"({cite(sized.source_ids)})."
        )
    derived = [f"{per_thousand} per 1,000 {report.platform.audience_noun}s"]
    if per_engagement:
        derived.append(f"{per_engagement} per engagement")
    elif report.assessment.implausible is not None:
        derived.append("no cost per engagement until the figures are checked")
    lines.append(" · ".join(derived))
    views = report.stats.views
    if from_cpm is not None and cost.from_cpm is not None and cost.cpm is not None and views:
        lines.append(
            f"By views: {format_money_range(cost.from_cpm.low, cost.from_cpm.high)} = "
            f"{count_noun(views, 'average view')} × "
            f"{format_money_range(cost.cpm.low, cost.cpm.high)} CPM ({cite(cost.cpm.source_ids)})."
        )
        lines.append(
            _which_price(cost, views, report.stats.followers, report.platform.audience_noun)
        )
    return clip_lines(lines, FIELD_VALUE)


def _which_price(cost: CostEstimate, views: int, followers: int, noun: str) -> str:
    """One line: which of the two prices the headline is, and why they differ."""
    by_views, card = cost.from_cpm, cost.per_post
    assert by_views is not None
    high = by_views.high if by_views.high is not None else by_views.low
    if high < card.low:
        outcome = "so it comes out lower"
    elif card.high is not None and by_views.low > card.high:
        outcome = "so it comes out higher"
    else:
        outcome = "and the two overlap"
    share = format_percent(views / followers)
    return (
        "Budget from the headline rate card (what accounts of this size charge); the by-views "
        f"price is CPM × the views a post gets ({share} of {noun}s here), {outcome}."
    )


FOOTER_LIMIT: Final = 200
"""A /classify footer is a footnote: the tiers' source and the figures' origin, briefly."""


def _footer(
    report: CreatorReport, *, looked_up: bool = False, figures_fetched: bool = False
) -> str:
    """Where the tiers come from, briefly; bands, costs and flags cite theirs inline."""
    tiers = f"Tiers: {report.scheme.citation}." if not report.scheme.is_custom else ""
    if figures_fetched:
        tail = "Figures as typed and as fetched."
    elif looked_up:
        tail = "Figures as typed; none fetched."
    else:
        tail = "Figures as typed; not looked up."
    text = f"{tiers} {tail}".strip()
    if len(text) > FOOTER_LIMIT:
        text = f"Tiers: {report.scheme.name}. {tail}"
    return text[:FOOTER_LIMIT]


# --- /classify-csv ----------------------------------------------------------------------------


def csv_reply(
    result: FileSummary, *, filename: str, in_guild: bool, upload_limit: int | None = None
) -> Reply:
    """The summary embed, the classified CSV and (when rows were skipped) the errors CSV.

    `upload_limit` is the most bytes Discord accepts in this channel; files that would go
    over it are left off, and the summary says so.
    """
    parsed = result.parsed
    classified = result.classified
    creators = "creator" if classified == 1 else "creators"
    files: list[Attachment] = []
    left_off: list[str] = []
    used = 0
    for data, name in (
        (result.classified_csv, CLASSIFIED_FILENAME),
        (result.errors_csv, ERRORS_FILENAME),
    ):
        if data is None:
            continue
        if upload_limit is not None and used + len(data) > upload_limit:
            left_off.append(name)
            continue
        files.append(attachment(data, name))
        used += len(data)
    lines = [
        f"**{format_int(classified)} {creators}** from {code(filename, 80)} under "
        f"{_scheme_scope(in_guild)} (`{result.scheme_id}`).",
        f"Read as {parsed.encoding}, {parsed.delimiter_name}-separated.",
    ]
    lines += [plain(note, 300) for note in parsed.notes]
    if left_off and upload_limit is not None:
        names = " and ".join(f"`{name}`" for name in left_off)
        lines.append(
            f"⚠️ {names} would go over this channel's {upload_limit / (1024 * 1024):.0f} MB "
            "upload limit, so Tierbot couldn't attach it. Split the list into smaller files."
        )
    if result.classified_csv is not None and CLASSIFIED_FILENAME not in left_off:
        lines.append(f"Every row, with rates, bands, flags and costs: `{CLASSIFIED_FILENAME}`.")
    builder = EmbedBuilder(
        title="Creator list classified",
        description="\n".join(lines),
        colour=colours.WARNING if result.row_errors else colours.BRAND,
        footer=(
            "From the figures in the file; Tierbot doesn't look profiles up. Each row's "
            "sources are in its Band source and Cost source columns."
        ),
    )
    if result.tier_counts:
        builder.add_field(
            "Creators per tier",
            clip_lines(
                [
                    f"**{count.label}** ({count.range_label}): {format_int(count.count)}"
                    for count in result.tier_counts
                ],
                FIELD_VALUE,
            ),
        )
    builder.add_field("Flagged", _flagged_field(result))
    builder.add_field(*_errors_field(result))
    read = columns_read(parsed)
    if read:
        builder.add_field(
            "Columns read", clip_lines([plain(line, 80) for line in read], FIELD_VALUE)
        )
    if parsed.ignored_columns:
        ignored = ", ".join(plain(name, 40) for name in parsed.ignored_columns[:20])
        more = len(parsed.ignored_columns) - 20
        builder.add_field(
            "Columns kept but not used",
            ignored + (f" and {more} more" if more > 0 else ""),
        )
    return Reply(embed=builder.build(), files=files)


def _flagged_field(result: FileSummary) -> str:
    classified = result.classified
    if not classified:
        return "Nothing to check: no row could be read."
    head = f"{format_int(result.flagged)} of {format_int(classified)} with audience-quality flags"
    if not result.flagged:
        return head + "."
    lines = [f"{head}; the Flags column says why:"]
    budget = FIELD_VALUE - 40  # room for the "…and N more" line
    used = len(lines[0])
    for line_number, report in result.examples[:FLAGGED_SHOWN]:
        who = plain(report.handle.label, 60) if report.handle is not None else "A creator"
        found = ", ".join(dict.fromkeys(flag_title(flag) for flag in report.assessment.flags))
        line = f"{who} ({report.platform.label}, row {line_number}): {found}"
        if used + len(line) + 1 > budget:
            break
        lines.append(line)
        used += len(line) + 1
    hidden = result.flagged - (len(lines) - 1)
    if hidden:
        lines.append(f"…and {format_int(hidden)} more")
    return "\n".join(lines)


def _errors_field(result: FileSummary) -> tuple[str, str]:
    errors = result.parsed.errors
    if not errors:
        return "Rows with errors", "None: every row was read."
    shown: list[str] = []
    used = 0
    budget = FIELD_VALUE - 40  # room for the "…and N more" line
    for error in errors[:ERRORS_SHOWN]:
        line = f"Row {error.line_number}: {plain(error.reason, 160)}"
        if used + len(line) + 1 > budget:
            break
        shown.append(line)
        used += len(line) + 1
    hidden = len(errors) - len(shown)
    if hidden:
        shown.append(f"…and {format_int(hidden)} more")
    name = f"Rows with errors: {format_int(len(errors))} skipped, all listed in {ERRORS_FILENAME}"
    return name, "\n".join(shown)
