"""Campaign replies: plan, bookings, results, the plan-against-actual report and its CSV.

Every figure is formatted here, and every reply is built with EmbedBuilder so it stays within
Discord's limits however many tiers, creators and posts a campaign holds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Final

import discord

from bot.domain.campaign.models import (
    Booking,
    Campaign,
    CampaignState,
    CampaignSummary,
    ImportLineResult,
    PostResult,
    StoredPost,
)
from bot.domain.campaign.report import (
    MIN_POSTS_TO_COMPARE,
    Actual,
    CampaignReport,
    Metric,
    PostBand,
    TierRow,
    Verdict,
)
from bot.domain.creator_csv import write_csv
from bot.domain.creator_report import percent_number
from bot.domain.creator_size import STAND_IN_PLATFORM, price_for, price_gap
from bot.domain.mix.model import mix_model
from bot.domain.numbers import format_int, format_money, format_money_range, format_percent
from bot.domain.sources import cite
from bot.render import colours
from bot.render.files import Attachment, attachment
from bot.render.limits import FIELD_VALUE, EmbedBuilder, clip_lines
from bot.render.shortlist import file_slug
from bot.render.text import code, plain

CHART_FILENAME: Final = "campaign-report.png"
WHERE: Final = "`/campaign`"


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{format_int(count)} {word if count == 1 else (plural or word + 's')}"


def _money(campaign: Campaign, amount: float) -> str:
    return format_money(amount, campaign.plan.currency)


def _optional_money(campaign: Campaign, amount: float | None) -> str:
    return "—" if amount is None else _money(campaign, amount)


def name_of(campaign: Campaign) -> str:
    return f"**{plain(campaign.name, 50)}**"


def plan_lines(campaign: Campaign) -> list[str]:
    plan = campaign.plan
    lines = [
        f"**{line.tier.label}**: {_plural(line.creators, 'creator')} × "
        f"{_plural(line.posts_per_creator, 'post')} · {_money(campaign, line.spend)}"
        for line in plan.tiers
    ]
    lines.append(
        f"**Planned**: {_plural(plan.creators, 'creator')}, {_plural(plan.posts, 'post')}, "
        f"{_money(campaign, plan.spend)} of {_money(campaign, plan.budget)}"
    )
    return lines


def _heading(campaign: Campaign) -> str:
    plan = campaign.plan
    weeks = _plural(plan.weeks, "week")
    return (
        f"{plan.goal.label} · {plan.platform.label} · {weeks} · "
        f"budget {_money(campaign, plan.budget)}"
    )


# --- create, book, result -----------------------------------------------------------------


def created_embed(campaign: Campaign, shortlist_name: str | None) -> discord.Embed:
    builder = EmbedBuilder(
        title=f"Campaign created: {plain(campaign.name, 50)}",
        description=(
            f"{_heading(campaign)}\nTierbot planned it for this goal and budget under this "
            "server's tier scheme. Next: `/campaign book` the creators, then "
            "`/campaign result` each post."
        ),
        colour=colours.SUCCESS,
    )
    builder.add_field("The plan", clip_lines(plan_lines(campaign), FIELD_VALUE))
    if shortlist_name is not None:
        builder.add_field(
            "Books from",
            f"The shortlist **{plain(shortlist_name, 50)}**: `/campaign book` suggests its "
            "creators and marks each one booked as confirmed.",
        )
    return builder.build()


def booking_line(campaign: Campaign, booking: Booking) -> str:
    parts = [f"{code(booking.handle, 60)} on {booking.platform.label}"]
    if booking.tier is not None:
        parts.append(booking.tier.label.lower())
    elif booking.followers is not None:
        parts.append("outside the named tiers")
    if booking.followers is not None:
        parts.append(f"{format_int(booking.followers)} followers")
    parts.append("fee not given" if booking.fee is None else f"fee {_money(campaign, booking.fee)}")
    return " · ".join(parts)


def _fee_against_plan(campaign: Campaign, booking: Booking) -> str | None:
    """The booking's fee beside the fee the plan set aside per creator of its tier (its
    posts at the planned price, without the coordination the plan also counts), so a fee
    that will squeeze the rest of the plan is seen at once."""
    if booking.fee is None or booking.tier is None:
        return None
    planned = campaign.plan.tier(booking.tier)
    if planned is None or planned.creators == 0:
        return None
    coordination = mix_model().planning.coordination_usd.value
    each = planned.spend / planned.creators - coordination
    if each <= 0:
        return None
    tier = booking.tier.label.lower()
    per_post = each / planned.posts_per_creator
    head = (
        f"The plan sets aside {_money(campaign, each)} in fees per {tier} creator "
        f"({_plural(planned.posts_per_creator, 'post')} at {_money(campaign, per_post)})"
    )
    gap = booking.fee - each
    if abs(gap) < 0.5:
        return f"{head}: this fee matches it."
    if gap < 0:
        return f"{head}: this fee is {_money(campaign, -gap)} under it."
    return (
        f"{head}: this fee is **{_money(campaign, gap)} over it**, so the budget books fewer "
        f"{tier} creators than planned unless other fees come in lower."
    )


def _fee_on_another_platform(campaign: Campaign, booking: Booking) -> str:
    """A creator on another platform than the campaign's: said first, and the fee set
    beside the price for the creator's own platform and size (the resolver /classify
    quotes), not the plan's allowance, which is priced for the campaign's platform."""
    plan = campaign.plan
    head = (
        f"**{booking.platform.label}, not {plan.platform.label}**: the campaign was planned "
        f"for {plan.platform.label}, so its fee allowances are {plan.platform.label} prices."
    )
    if booking.fee is None or booking.followers is None:
        return head
    price = price_for(booking.platform, booking.followers)
    if price is None:
        gap = price_gap(booking.platform, booking.followers)
        return f"{head} No price to compare the fee with: {gap}."
    planned = plan.tier(booking.tier) if booking.tier is not None else None
    posts = planned.posts_per_creator if planned is not None else 1
    low = price.low * posts
    high = None if price.high is None else price.high * posts
    whose = (
        f"{STAND_IN_PLATFORM.label}'s card, our estimate for {booking.platform.label}"
        if price.stands_in_for is not None
        else f"the {booking.platform.label} rate card"
    )
    each = "a post" if posts == 1 else f"a post, {format_money_range(low, high)} for {posts} posts"
    rate = (
        f"For a {booking.platform.label} account of {format_int(booking.followers)} "
        f"{booking.platform.audience_noun}s, {whose} gives "
        f"{format_money_range(price.low, price.high)} {each} ({cite(price.source_ids)})"
    )
    if booking.fee < low:
        verdict = f"this fee is {_money(campaign, low - booking.fee)} under that range."
    elif high is not None and booking.fee > high:
        verdict = f"this fee is **{_money(campaign, booking.fee - high)} over that range**."
    else:
        verdict = "this fee is within that range."
    return f"{head} {rate}: {verdict}"


def booked_embed(
    campaign: Campaign, booking: Booking, *, new: bool, confirmed_on: Sequence[str]
) -> discord.Embed:
    title = "Booked" if new else "Booking updated"
    lines = [booking_line(campaign, booking)]
    if booking.tier is not None and campaign.plan.tier(booking.tier) is None:
        lines.append(
            f"The plan has no {booking.tier.label.lower()} creators: they are reported in a "
            "row of their own."
        )
    fee_line = (
        _fee_on_another_platform(campaign, booking)
        if booking.platform is not campaign.plan.platform
        else _fee_against_plan(campaign, booking)
    )
    if fee_line:
        lines.append(fee_line)
    if booking.followers is None:
        lines.append(
            "No follower count: add `followers` (or book from a shortlist entry that has it) "
            "to place the creator in a tier and judge engagement against the benchmark."
        )
    if confirmed_on:
        names = ", ".join(f"**{plain(name, 50)}**" for name in confirmed_on)
        lines.append(f"Marked **confirmed** on the shortlist {names}.")
    return EmbedBuilder(
        title=f"{title}: {plain(campaign.name, 50)}",
        description="\n".join(lines),
        colour=colours.SUCCESS,
    ).build()


def unbooked_embed(campaign: Campaign, booking: Booking, posts: int) -> discord.Embed:
    removed = f", with {_plural(posts, 'recorded post')}" if posts else ""
    return EmbedBuilder(
        title=f"Unbooked from {plain(campaign.name, 50)}",
        description=f"{code(booking.handle, 60)} on {booking.platform.label}{removed}.",
        colour=colours.NEUTRAL,
    ).build()


def _post_figures(post: PostResult) -> str:
    parts = [f"{format_int(post.views)} views"]
    for name in ("likes", "comments", "shares", "saves", "clicks", "conversions"):
        value = getattr(post, name)
        if value is not None:
            parts.append(f"{format_int(value)} {name if value != 1 else name[:-1]}")
    return " · ".join(parts)


_COMPARISON_WORDS: Final = {"below": "Below", "typical": "Within", "above": "Above"}


def band_sentence(band: PostBand) -> str:
    if band.booking.followers is None:
        return "No benchmark: the creator's follower count isn't known."
    if band.rate is None:
        return "No benchmark: add likes or comments to compare with the typical band."
    rate = f"{format_percent(band.rate)} by {band.basis}"
    if band.benchmark is None or band.comparison is None:
        return f"Engagement {rate}; no published band for an account of this size."
    bench = band.benchmark
    return (
        f"Engagement {rate}: **{_COMPARISON_WORDS[band.comparison].lower()}** the typical "
        f"{format_percent(bench.low)}–{format_percent(bench.high)} for "
        f"{band.booking.platform.label} accounts of this size ({cite(bench.source_ids)})."
    )


def result_embed(
    campaign: Campaign,
    booking: Booking,
    post: PostResult,
    replaced: PostResult | None,
    band: PostBand,
) -> discord.Embed:
    title = "Post corrected" if replaced is not None else "Post recorded"
    lines = [
        f"{code(booking.handle, 60)} · {code(post.label, 80)}",
        _post_figures(post),
    ]
    if post.fee is not None:
        lines.append(f"Paid for this post on top of the booking: {_money(campaign, post.fee)}")
    if replaced is not None:
        lines.append(f"Replaces: {_post_figures(replaced)}")
    lines.append(band_sentence(band))
    return EmbedBuilder(
        title=f"{title}: {plain(campaign.name, 50)}",
        description="\n".join(lines),
        colour=colours.SUCCESS,
    ).build()


# --- the report -----------------------------------------------------------------------------


def _actual_lines(campaign: Campaign, actual: Actual) -> list[str]:
    booked = (
        f"{_plural(actual.creators_booked, 'creator')} booked, "
        f"{format_int(actual.creators_posted)} posted · {_plural(actual.posts, 'post')} · "
        f"{_money(campaign, actual.spend)} committed"
    )
    if not actual.has_posts:
        return [booked, "No posts yet."]
    costs = [f"CPM {_optional_money(campaign, actual.cpm)}"]
    costs.append(f"per engagement {_optional_money(campaign, actual.cost_per_engagement)}")
    if actual.clicks is not None:
        costs.append(f"per click {_optional_money(campaign, actual.cost_per_click)}")
    if actual.conversions is not None:
        costs.append(f"per conversion {_optional_money(campaign, actual.cost_per_conversion)}")
    return [booked, _views_line(actual), _followers_line(actual), " · ".join(costs)]


# Stated once, so every rate in the report can be checked by dividing the figures next to it.
RATE_FORMULAS: Final = (
    "Engagements are likes + comments + shares + saves, and the rate by views divides them by "
    "views; the rate by followers counts likes + comments only."
)


def _views_line(actual: Actual) -> str:
    """Views, engagements and the rate by views, with the division a reader can check."""
    text = f"{format_int(actual.views)} views · {format_int(actual.engagements)} engagements"
    rate = actual.engagement_rate_by_views
    if rate is None:
        return text + " · no likes, comments, shares or saves given, so no rate by views"
    text += f" · engagement rate {format_percent(rate)} by views"
    if actual.views_with_engagement != actual.views:
        # Posts without engagement figures are left out of the rate: name the views it uses.
        text += (
            f" ({format_int(actual.engagements)} ÷ {format_int(actual.views_with_engagement)} "
            "views on the posts that gave engagement figures)"
        )
    return text


def _followers_line(actual: Actual) -> str:
    """The rate by followers with its own count: likes + comments, as /classify counts it."""
    rate = actual.engagement_rate_by_followers
    if rate is None:
        return "No rate by followers: it needs likes or comments and the creator's followers."
    followers = f"{format_int(actual.followers_reached)} followers"
    if actual.follower_posts > actual.follower_creators:
        followers += " (each creator's followers counted once per post)"
    text = (
        f"Engagement rate {format_percent(rate)} by followers: "
        f"{format_int(actual.follower_engagements)} likes and comments ÷ {followers}"
    )
    if actual.follower_posts < actual.posts:
        counted = _plural(actual.follower_posts, "post")
        text += f", over the {counted} whose creator's followers are known"
    return text


def _row_field(campaign: Campaign, row: TierRow) -> tuple[str, str]:
    planned = row.planned
    if planned is None:
        name = f"{row.label} · not in the plan"
    else:
        name = (
            f"{row.label} · planned {_plural(planned.creators, 'creator')}, "
            f"{_plural(planned.posts, 'post')}, {_money(campaign, planned.spend)}"
        )
    return name, "\n".join(_actual_lines(campaign, row.actual))


def verdict_text(campaign: Campaign, verdict: Verdict) -> str:
    metric = verdict.metric.cost_name
    if verdict.best is None:
        return (
            f"The goal is {campaign.plan.goal.label.lower()}, judged on {metric}. "
            "No tier has posts with a known cost yet: record results (and fees) to compare."
        )
    if verdict.runner_up is None:
        # One tier alone is neither lowest nor highest: state its figure, nothing more.
        return (
            f"Only **{verdict.best.label}** creators have posts with a known cost so far: "
            f"their {metric} is {_optional_money(campaign, verdict.best_cost)}. Record "
            "results from another tier to compare."
        )
    best = f"**{verdict.best.label}** creators had the lowest {metric}: " + _optional_money(
        campaign, verdict.best_cost
    )
    best += (
        f", against {_optional_money(campaign, verdict.runner_up_cost)} for "
        f"{verdict.runner_up.label.lower()}."
    )
    return f"{best} {_confidence_text(verdict)}".strip()


def _confidence_text(verdict: Verdict) -> str:
    if verdict.confidence == "clear":
        return "The lead is clear: it holds across the posts, well beyond their spread."
    if verdict.confidence == "likely":
        return (
            "Likely, not certain: the lead is about one spread of the posts' results; "
            "a few more posts would settle it."
        )
    if verdict.confidence == "too close":
        return "Too close to call: the posts vary more than the tiers differ."
    if verdict.confidence == "too few posts":
        few = [tier.label.lower() for tier in verdict.too_few] or ["one of them"]
        return (
            "Too few posts to conclude: Tierbot compares a tier once it has "
            f"{MIN_POSTS_TO_COMPARE} posts with a known cost, and {_and(few)} "
            f"{'has' if len(few) == 1 else 'have'} fewer."
        )
    return ""


def _and(words: Sequence[str]) -> str:
    """ "nano", "nano and micro", "nano, micro and macro"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _band_summary(posts: Sequence[PostBand]) -> str:
    counts = Counter(band.comparison for band in posts)
    judged = counts["above"] + counts["typical"] + counts["below"]
    if not posts:
        return "No posts yet."
    lines = []
    if judged:
        lines.append(
            f"{format_int(counts['above'])} above, {format_int(counts['typical'])} within and "
            f"{format_int(counts['below'])} below the typical engagement band for each "
            "creator's size and platform."
        )
    unjudged = len(posts) - judged
    if unjudged:
        lines.append(f"{_plural(unjudged, 'post')} without a band (followers or likes unknown).")
    sources = {source for band in posts if band.benchmark for source in band.benchmark.source_ids}
    if sources:
        lines.append(f"Bands: {cite(sorted(sources))}.")
    for band in posts:
        if band.comparison == "below" and band.rate is not None:
            lines.append(
                f"Below: {code(band.booking.handle, 40)} {code(band.post.label, 40)} "
                f"{format_percent(band.rate)} by {band.basis}"
            )
    return clip_lines(lines, FIELD_VALUE)


def _missing_text(report: CampaignReport) -> str:
    if not report.missing:
        return "Every booked creator has posted what the plan asks of their tier."
    lines = [
        f"{code(item.booking.handle, 40)}: {format_int(item.recorded)} of "
        f"{_plural(item.expected, 'post')} in"
        for item in report.missing
    ]
    return clip_lines(lines, FIELD_VALUE)


def posts_progress(posted: int, planned: int) -> str:
    """ "1 of 203 planned posts in": one count against the other, in one phrase."""
    noun = "post" if planned == 1 else "posts"
    return f"{format_int(posted)} of {format_int(planned)} planned {noun} in"


def _due_text(due: int, booked: int) -> str:
    """ " · 4 more due from the 1 creator booked so far": what the bookings still owe."""
    if not due:
        return ""
    creators = "the creator" if booked == 1 else f"the {format_int(booked)} creators"
    return f" · {format_int(due)} more due from {creators} booked so far"


def report_embed(campaign: Campaign, report: CampaignReport, *, chart: bool) -> discord.Embed:
    plan = campaign.plan
    left = report.budget_left
    budget = (
        f"**{_money(campaign, left)} budget left** of {_money(campaign, plan.budget)}"
        if left >= 0
        else f"**{_money(campaign, -left)} over budget** ({_money(campaign, plan.budget)})"
    )
    description = [
        _heading(campaign) + (" · closed" if not campaign.is_open else ""),
        f"{budget} · {posts_progress(report.total.posts, plan.posts)}"
        + _due_text(report.posts_missing, report.total.creators_booked),
    ]
    if report.unmatched_posts:
        description.append(
            f"{_plural(report.unmatched_posts, 'post')} left out (creator unbooked)."
        )
    builder = EmbedBuilder(
        title=f"Report: {plain(campaign.name, 50)}",
        description="\n".join(description),
        colour=colours.BRAND,
        footer=(
            f"{RATE_FORMULAS} Views are views, not reach: one person can view twice. Cost "
            "figures count the spend on creators who have posted. "
            + (
                "The chart and the whole table (CSV) are attached."
                if chart
                else "The whole table is attached as a CSV."
            )
        ),
    )
    builder.add_field("Best tier on the goal", verdict_text(campaign, report.verdict))
    for row in report.rows:
        name, value = _row_field(campaign, row)
        builder.add_field(name, value)
    total_name = (
        f"Total · planned {_plural(plan.creators, 'creator')}, {_plural(plan.posts, 'post')}, "
        f"{_money(campaign, plan.spend)}"
    )
    builder.add_field(total_name, "\n".join(_actual_lines(campaign, report.total)))
    builder.add_field("Posts against the benchmark", _band_summary(report.posts))
    builder.add_field("Still to post", _missing_text(report))
    embed = builder.build()
    if chart:
        embed.set_image(url=f"attachment://{CHART_FILENAME}")
    return embed


REPORT_HEADER: Final = (
    "Tier",
    "Planned creators",
    "Planned posts",
    "Planned spend",
    "Planned reach (people)",
    "Planned engagements",
    "Creators booked",
    "Creators posted",
    "Posts",
    "Spend committed",
    "Spend on creators who posted",
    "Views",
    "Engagements",
    "Views on posts with engagement figures",
    "Engagement rate by views (%)",
    "Likes + comments",
    "Followers (once per post)",
    "Engagement rate by followers (%)",
    "CPM",
    "Cost per engagement",
    "Clicks",
    "Cost per click",
    "Conversions",
    "Cost per conversion",
)


def _number(value: float | None) -> object:
    return "" if value is None else round(value, 4)


def _percent(fraction: float | None) -> object:
    """A rate in percent (6.75 for 6.75%), as the shortlist and /classify-csv files write it."""
    return "" if fraction is None else percent_number(fraction)


def _actual_cells(actual: Actual) -> list[object]:
    return [
        actual.creators_booked,
        actual.creators_posted,
        actual.posts,
        round(actual.spend, 2),
        round(actual.cost_of_posted, 2),
        actual.views,
        actual.engagements,
        actual.views_with_engagement,
        _percent(actual.engagement_rate_by_views),
        actual.follower_engagements,
        actual.followers_reached,
        _percent(actual.engagement_rate_by_followers),
        _number(actual.cpm),
        _number(actual.cost_per_engagement),
        "" if actual.clicks is None else actual.clicks,
        _number(actual.cost_per_click),
        "" if actual.conversions is None else actual.conversions,
        _number(actual.cost_per_conversion),
    ]


def report_rows(report: CampaignReport) -> list[list[object]]:
    """The table behind the report: one row a tier, then the total. Rates are in percent."""
    rows: list[list[object]] = []
    for row in report.rows:
        planned = row.planned
        planned_cells: list[object] = (
            ["", "", "", "", ""]
            if planned is None
            else [
                planned.creators,
                planned.posts,
                round(planned.spend, 2),
                round(planned.expected_reach),
                round(planned.expected_engagements),
            ]
        )
        rows.append([row.label, *planned_cells, *_actual_cells(row.actual)])
    plan = report.plan
    rows.append(
        [
            "Total",
            plan.creators,
            plan.posts,
            round(plan.spend, 2),
            round(plan.expected_reach),
            round(plan.expected_engagements),
            *_actual_cells(report.total),
        ]
    )
    return rows


def report_csv(campaign: Campaign, report: CampaignReport) -> Attachment:
    data = write_csv(REPORT_HEADER, report_rows(report))
    return attachment(
        data,
        f"campaign-{file_slug(campaign.name)}.csv",
        description="Plan against actual by tier (rates in percent)",
    )


# --- show, list, close, delete -------------------------------------------------------------


def show_embed(
    campaign: Campaign, bookings: Sequence[Booking], posts: Sequence[StoredPost]
) -> discord.Embed:
    per_creator = Counter(stored.booking.key for stored in posts)
    plan = campaign.plan
    state = "open" if campaign.is_open else "closed"
    builder = EmbedBuilder(
        title=f"Campaign: {plain(campaign.name, 50)}",
        description=(
            f"{_heading(campaign)} · {state}\n"
            f"Created by <@{campaign.created_by}> <t:{int(campaign.created_at.timestamp())}:R>"
            f" · {_plural(len(bookings), 'creator')} booked ({format_int(plan.creators)} "
            f"planned) · {_plural(len(posts), 'post')} recorded ({format_int(plan.posts)} planned)"
        ),
        colour=colours.BRAND,
    )
    builder.add_field("The plan", clip_lines(plan_lines(campaign), FIELD_VALUE))
    if bookings:
        lines = [
            f"{booking_line(campaign, booking)} · {_plural(per_creator[booking.key], 'post')}"
            for booking in bookings
        ]
        builder.add_field("Booked", clip_lines(lines, FIELD_VALUE))
    else:
        builder.add_field("Booked", "Nobody yet: `/campaign book` adds a creator.")
    builder.add_field(
        "Next",
        "`/campaign result` records a post · `/campaign report` compares plan and actual",
    )
    return builder.build()


def list_embed(summaries: Sequence[CampaignSummary]) -> discord.Embed:
    if not summaries:
        return EmbedBuilder(
            title="Campaigns",
            description=(
                "This server has no campaigns yet. `/campaign create` starts one from a goal "
                "and budget, or press **Start a campaign** under a `/mix` plan."
            ),
            colour=colours.NEUTRAL,
        ).build()
    lines = [
        f"**{plain(summary.name, 50)}** · {summary.goal.label} · "
        f"{_plural(summary.bookings, 'creator')}, {_plural(summary.posts, 'post')}"
        + (" · closed" if summary.state is CampaignState.CLOSED else "")
        for summary in summaries
    ]
    return EmbedBuilder(
        title=f"Campaigns ({format_int(len(summaries))})",
        description=clip_lines(lines, 4000),
        colour=colours.BRAND,
    ).build()


def closed_embed(campaign: Campaign, *, already: bool = False) -> discord.Embed:
    return EmbedBuilder(
        title=f"{'Already closed' if already else 'Closed'}: {plain(campaign.name, 50)}",
        description=(
            "No more bookings or results can be recorded. `/campaign report` still shows "
            "the figures, and `/campaign delete` removes the campaign."
        ),
        colour=colours.NEUTRAL,
    ).build()


def delete_question(campaign: Campaign, bookings: int, posts: int) -> discord.Embed:
    return EmbedBuilder(
        title=f"Delete {plain(campaign.name, 50)}?",
        description=(
            f"This deletes the campaign, its plan, {_plural(bookings, 'booking')} and "
            f"{_plural(posts, 'recorded post')}. It can't be undone."
        ),
        colour=colours.WARNING,
    ).build()


def deleted_embed(name: str, bookings: int, posts: int) -> discord.Embed:
    return EmbedBuilder(
        title=f"Deleted {plain(name, 50)}",
        description=f"With {_plural(bookings, 'booking')} and {_plural(posts, 'post')}.",
        colour=colours.NEUTRAL,
    ).build()


def delete_cancelled() -> discord.Embed:
    return EmbedBuilder(
        title="Nothing deleted", description="The campaign is unchanged.", colour=colours.NEUTRAL
    ).build()


# --- refusals -------------------------------------------------------------------------------


def not_found_message(name: str) -> str:
    return (
        f"This server has no campaign named {code(name, 60)}. "
        "`/campaign list` shows this server's campaigns."
    )


def name_taken_message(existing: Campaign) -> str:
    return (
        f"This server already has a campaign named **{plain(existing.name, 50)}** "
        "(names ignore case). Pick another name, or `/campaign show` that one."
    )


def limit_message(what: str, limit: int) -> str:
    if what == "campaigns":
        return (
            f"This server has {format_int(limit)} campaigns, the most it can keep. "
            "`/campaign delete` one you no longer need first."
        )
    return f"A campaign holds at most {format_int(limit)} {what}."


def closed_message(campaign: Campaign) -> str:
    return (
        f"{name_of(campaign)} is closed: it takes no more bookings or results. "
        "`/campaign report` still shows its figures."
    )


def not_booked_message(campaign: Campaign, handle: str) -> str:
    return (
        f"{code(handle, 60)} isn't booked for {name_of(campaign)}. "
        "`/campaign book` them first, or pick a creator from the suggestions."
    )


# --- import ---------------------------------------------------------------------------------


def import_embed(
    campaign: Campaign,
    filename: str,
    results: Sequence[ImportLineResult],
    refused_while_reading: int,
) -> discord.Embed:
    outcomes = Counter(result.outcome for result in results)
    refused = outcomes["refused"] + refused_while_reading
    lines = [
        f"{_plural(outcomes['added'], 'post')} added, {format_int(outcomes['replaced'])} "
        f"corrected, {format_int(refused)} refused, in one step.",
    ]
    if refused:
        lines.append("The attached report gives the reason for every refused row.")
    return EmbedBuilder(
        title=f"Imported into {plain(campaign.name, 50)}",
        description=f"From {code(filename, 60)}\n" + "\n".join(lines),
        colour=colours.SUCCESS if not refused else colours.WARNING,
    ).build()


def import_report_file(
    results: Iterable[ImportLineResult], read_errors: Iterable[tuple[int, str]]
) -> Attachment:
    rows: list[list[object]] = [
        [result.line, result.handle, result.label, result.outcome, result.reason]
        for result in results
    ]
    rows.extend([line, "", "", "refused", reason] for line, reason in read_errors)
    rows.sort(key=lambda row: int(str(row[0])))
    data = write_csv(("Line", "Handle", "Post", "Outcome", "Reason"), rows)
    return attachment(data, "campaign-import-report.csv", description="One line per row read")


def metric_words(metric: Metric) -> str:
    return metric.cost_name


def booking_choice(booking: Booking) -> tuple[str, str]:
    """An autocomplete choice for a booked creator: "@ana · Instagram", value "instagram:ana"."""
    name = f"{booking.handle} · {booking.platform.label}"
    return name[:100], f"{booking.platform.value}:{booking.handle_key}"[:100]
