"""The campaign report as a user reads it: every verdict in words, within Discord's limits."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import UTC, datetime

import discord
import pytest

from bench.campaign import workload
from bot.domain.campaign.models import (
    Booking,
    Campaign,
    CampaignPlan,
    CampaignState,
    PostResult,
)
from bot.domain.campaign.report import Confidence, Metric, Verdict, build_report
from bot.domain.creator_size import price_for
from bot.domain.numbers import format_money_range
from bot.domain.platforms import Platform
from bot.domain.tier import Tier
from bot.render.campaign import (
    REPORT_HEADER,
    booked_embed,
    created_embed,
    report_csv,
    report_embed,
    verdict_text,
)
from bot.render.campaign_chart import chart_data, draw_campaign_chart
from bot.render.limits import EMBED_TOTAL, FIELD_VALUE
from tests.unit.test_ask import TOOL_INTERNAL_PHRASES


def campaign_for(plan: CampaignPlan, name: str = "Spring launch") -> Campaign:
    return Campaign(1, 1, name, plan, CampaignState.OPEN, None, 7, datetime.now(UTC), None)


@pytest.mark.parametrize(
    ("confidence", "words"),
    [
        ("clear", "The lead is clear"),
        ("likely", "Likely, not certain"),
        ("too close", "Too close to call"),
        ("too few posts", "nano and macro have fewer"),
    ],
)
def test_every_confidence_reads_as_a_sentence(confidence: Confidence, words: str) -> None:
    plan, _, _ = workload(20)
    too_few = (Tier.NANO, Tier.MACRO) if confidence == "too few posts" else ()
    verdict = Verdict(Metric.VIEWS, Tier.NANO, 12.5, Tier.MACRO, 30.0, confidence, too_few)
    text = verdict_text(campaign_for(plan), verdict)
    assert text.startswith("**Nano** creators had the lowest CPM (cost per 1,000 views): $12.50")
    assert "against $30 for macro." in text
    assert words in text


def test_a_big_campaign_fits_one_embed_and_keeps_every_row_in_the_csv() -> None:
    plan, bookings, posts = workload(2_000)
    # 100 creators still to post, with the longest handles Discord shows.
    bookings += [
        Booking(Platform.INSTAGRAM, f"late{n}", "@" + "x" * 90 + str(n), 9_000, Tier.NANO, 100)
        for n in range(100)
    ]
    campaign = campaign_for(plan, "N" * 50)
    report = build_report(plan, bookings, posts)
    embed = report_embed(campaign, report, chart=True)
    assert len(embed) <= EMBED_TOTAL
    assert all(len(field.value or "") <= FIELD_VALUE for field in embed.fields)
    assert "…and" in next(f.value or "" for f in embed.fields if f.name == "Still to post")
    table = list(
        csv.reader(io.StringIO(report_csv(campaign, report).fp.read().decode("utf-8-sig")))
    )
    assert tuple(table[0]) == REPORT_HEADER
    assert [row[0] for row in table[1:]] == ["Nano", "Micro", "Macro", "Total"]
    assert table[-1][REPORT_HEADER.index("Posts")] == "2000"


def test_over_budget_is_said_plainly() -> None:
    plan, bookings, _ = workload(20)
    plan = replace(plan, budget=1_000)
    report = build_report(plan, bookings, [PostResult(Platform.INSTAGRAM, "creator_0", "a", 10)])
    description = report_embed(campaign_for(plan), report, chart=False).description or ""
    assert "over budget" in description
    assert "budget left" not in description


def test_a_name_with_dollar_signs_draws_as_typed() -> None:
    plan, bookings, posts = workload(8)
    # Unescaped, "$\frac$" is broken math and matplotlib raises ValueError.
    data = chart_data(r"$5k push $\frac$", build_report(plan, bookings, posts))
    assert data.title.startswith(r"\$5k push \$\frac\$")
    assert draw_campaign_chart(data).startswith(b"\x89PNG")


def test_one_costed_tier_is_not_called_the_lowest() -> None:
    plan, _, _ = workload(20)
    verdict = Verdict(Metric.VIEWS, Tier.MICRO, 40.91, None, None, "nothing to compare", ())
    text = verdict_text(campaign_for(plan), verdict)
    assert "lowest" not in text
    assert text.startswith("Only **Micro** creators have posts with a known cost so far")
    assert "$40.91" in text


def test_post_counts_read_as_one_against_the_other() -> None:
    plan, bookings, _ = workload(20)
    # One creator booked, one of the posts the plan asks of their tier recorded.
    booked = bookings[:1]
    post = PostResult(Platform.INSTAGRAM, booked[0].handle_key, "Post 1", 22_000, 1_400, 85)
    report = build_report(plan, booked, [post])
    description = report_embed(campaign_for(plan), report, chart=False).description or ""
    due = report.posts_missing
    assert due > 0
    assert f"1 of {plan.posts:,} planned posts in" in description
    assert f"{due:,} more due from the creator booked so far" in description
    assert "(" not in description.splitlines()[-1]  # no "(203 planned)" aside


def test_report_csv_gives_engagement_in_percent_like_the_shortlist() -> None:
    plan, bookings, _ = workload(20)
    booked = bookings[:1]
    post = PostResult(Platform.INSTAGRAM, booked[0].handle_key, "Post 1", 22_000, 1_400, 85)
    report = build_report(plan, booked, [post])
    table = list(
        csv.reader(
            io.StringIO(report_csv(campaign_for(plan), report).fp.read().decode("utf-8-sig"))
        )
    )
    header = table[0]
    by_views = header.index("Engagement rate by views (%)")
    total = table[-1]
    assert total[by_views] == "6.75"  # 1,485 ÷ 22,000, in percent as in the shortlist CSV


def _embed_text(embed: object) -> str:
    assert isinstance(embed, discord.Embed)
    parts = [embed.title or "", embed.description or "", embed.footer.text or ""]
    for field in embed.fields:
        parts += [field.name or "", field.value or ""]
    return "\n".join(parts)


def test_the_campaign_replies_explain_no_figure_by_naming_a_command() -> None:
    plan, bookings, posts = workload(20)
    campaign = campaign_for(plan)
    report = build_report(plan, bookings, posts)
    texts = {
        "report": _embed_text(report_embed(campaign, report, chart=False)),
        "created": _embed_text(created_embed(campaign, "Holiday gifting")),
    }

    assert "the typical engagement band for each creator's size and platform." in texts["report"]
    for name, text in texts.items():
        for phrase in TOOL_INTERNAL_PHRASES:
            assert phrase not in text, (name, phrase)


def test_a_booking_fee_is_set_beside_the_fee_the_plan_set_aside_for_its_tier() -> None:
    from bot.domain.mix.model import mix_model
    from bot.render.campaign import booked_embed

    plan, _, _ = workload(20)
    campaign = campaign_for(plan)
    planned = plan.tiers[1]  # micro: 4 posts, $700 a creator with coordination
    coordination = mix_model().planning.coordination_usd.value
    set_aside = planned.spend / planned.creators - coordination

    def booked(fee: float) -> str:
        booking = Booking(Platform.INSTAGRAM, "ada", "@ada", 30_000, planned.tier, fee)
        return str(booked_embed(campaign, booking, new=True, confirmed_on=()).description)

    over = booked(set_aside + 400)
    assert f"in fees per {planned.tier.value} creator" in over
    assert "**$400 over it**" in over and "books fewer" in over
    assert "$100 under it" in booked(set_aside - 100)
    assert "matches it" in booked(set_aside)


def _judge9_campaign() -> tuple[Campaign, list[Booking], list[PostResult]]:
    """Judge 9's SPF launch (saves and shares in the counts), plus the cases that make a
    rate's figures differ from the row's headline ones: a creator with several posts, a
    creator whose followers are unknown, and a post without engagement figures."""
    plan, _, _ = workload(20)
    ig, tt = Platform.INSTAGRAM, Platform.TIKTOK
    bookings = [
        Booking(ig, "dewydaria", "@dewydaria", 14_200, Tier.MICRO, 450),
        Booking(tt, "skinbyomar", "@skinbyomar", 230_000, Tier.MACRO, 4_800),
        Booking(ig, "nanonina", "@nanonina", 4_100, Tier.NANO, 150),
        Booking(ig, "nanotwo", "@nanotwo", 6_300, Tier.NANO, 200),
        Booking(ig, "unknown", "@unknown", None, Tier.NANO, 90),
    ]
    posts = [
        PostResult(ig, "dewydaria", "Post 1", 9_100, 610, 38, None, 55, 120),
        PostResult(tt, "skinbyomar", "Post 1", 140_000, 9_800, 420, 600, None, 1_300, 85),
        PostResult(ig, "nanonina", "Post 1", 2_900, 240, 19, None, None, 40, 6),
        PostResult(ig, "nanotwo", "Post 1", 3_300, 310, 12, 9, 30),
        PostResult(ig, "nanotwo", "Post 2", 2_700, 198, 7),
        PostResult(ig, "nanotwo", "Post 3", 4_000),  # views only
        PostResult(ig, "unknown", "Post 1", 1_500, 120, 4, 3, 11),
    ]
    return campaign_for(plan, "SPF Launch"), bookings, posts


def _assert_divides_to(numerator: float, denominator: float, shown: str) -> None:
    """`shown` (e.g. "4.56") is numerator ÷ denominator in percent, to the digits shown."""
    decimals = len(shown.split(".")[1]) if "." in shown else 0
    assert abs(numerator / denominator * 100 - float(shown)) <= 0.5 * 10**-decimals + 1e-9, (
        f"{numerator} ÷ {denominator} is not {shown}%"
    )


def _count(text: str) -> int:
    return int(text.replace(",", ""))


def test_every_rate_in_the_report_is_the_division_of_the_figures_shown_with_it() -> None:
    campaign, bookings, posts = _judge9_campaign()
    report = build_report(campaign.plan, bookings, posts)
    embed = report_embed(campaign, report, chart=False)
    by_views = re.compile(
        r"([\d,]+) views · ([\d,]+) engagements · engagement rate ([\d.]+)% by views"
        r"(?: \(([\d,]+) ÷ ([\d,]+) views on the posts that gave engagement figures\))?"
    )
    by_followers = re.compile(
        r"Engagement rate ([\d.]+)% by followers: ([\d,]+) likes and comments ÷ ([\d,]+) "
        r"followers"
    )
    rows_with_posts = [row for row in report.rows if row.actual.has_posts]
    checked_views = checked_followers = 0
    for field in embed.fields:
        value = field.value or ""
        for views, engagements, rate, top, bottom in by_views.findall(value):
            denominator = _count(bottom) if bottom else _count(views)
            if top:
                assert _count(top) == _count(engagements)
            _assert_divides_to(_count(engagements), denominator, rate)
            checked_views += 1
        for rate, likes_and_comments, followers in by_followers.findall(value):
            _assert_divides_to(_count(likes_and_comments), _count(followers), rate)
            checked_followers += 1
    # Every tier with posts, and the total: no rate line escaped the patterns.
    assert checked_views == checked_followers == len(rows_with_posts) + 1
    text = _embed_text(embed)
    assert "4.56% by followers: 648 likes and comments ÷ 14,200 followers" in text
    assert "the rate by followers counts likes + comments only" in text
    # The nano row: a views-only post, three posts from one creator, one without followers.
    nano = next(f.value or "" for f in embed.fields if (f.name or "").startswith("Nano"))
    assert "views on the posts that gave engagement figures" in nano
    assert "counted once per post" in nano
    assert "over the 3 posts whose creator's followers are known" in nano

    table = list(
        csv.DictReader(io.StringIO(report_csv(campaign, report).fp.read().decode("utf-8-sig")))
    )
    assert [row["Tier"] for row in table] == [row.label for row in report.rows] + ["Total"]
    for row in table:
        if not row["Posts"] or row["Posts"] == "0":
            continue
        _assert_divides_to(
            _count(row["Engagements"]),
            _count(row["Views on posts with engagement figures"]),
            row["Engagement rate by views (%)"],
        )
        _assert_divides_to(
            _count(row["Likes + comments"]),
            _count(row["Followers (once per post)"]),
            row["Engagement rate by followers (%)"],
        )


@pytest.mark.parametrize(
    ("followers", "where", "verdict"),
    [
        (230_000, "above", "over that range"),
        (230_000, "low end", "within that range"),
        (60_000, "below", "under that range"),
    ],
)
def test_a_creator_on_another_platform_is_said_and_priced_on_their_own_platform(
    followers: int, where: str, verdict: str
) -> None:
    """Judge 9: a TikTok creator booked into an Instagram campaign got no warning and was
    compared with the Instagram macro allowance. The fee is now set beside the price the
    resolver gives the creator's own platform and size (what /classify quotes), for the
    posts the plan books such a creator for."""
    campaign, _, _ = _judge9_campaign()
    assert campaign.plan.platform is Platform.INSTAGRAM
    price = price_for(Platform.TIKTOK, followers)
    planned = campaign.plan.tier(Tier.MACRO)
    assert price is not None and price.high is not None and planned is not None
    posts = planned.posts_per_creator
    fee = {
        "above": price.high * posts + 100,
        "low end": price.low * posts,
        "below": price.low * posts / 2,
    }[where]
    booking = Booking(Platform.TIKTOK, "skinbyomar", "@skinbyomar", followers, Tier.MACRO, fee)
    text = booked_embed(campaign, booking, new=True, confirmed_on=()).description or ""
    assert "**TikTok, not Instagram**" in text, text
    assert "The plan sets aside" not in text, text
    assert f"gives {format_money_range(price.low, price.high)} a post" in text, text
    assert verdict in text, text
    # The same creator on the campaign's own platform is still compared with the plan.
    same = replace(booking, platform=Platform.INSTAGRAM)
    own = booked_embed(campaign, same, new=True, confirmed_on=()).description or ""
    assert "The plan sets aside" in own and "not Instagram" not in own, own
