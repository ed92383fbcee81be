"""/classify through the emulator: what a marketer sees for one creator, and every refusal."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Harness


def fields(embed: dict[str, Any]) -> dict[str, str]:
    return {field["name"]: field["value"] for field in embed.get("fields", [])}


async def test_an_instagram_creator_gets_tier_rate_band_flags_and_cost(harness: Harness) -> None:
    reply = await harness.invoke(
        "/classify followers:12.5k platform:instagram handle:@jane_doe likes:450 comments:32"
    )

    assert not reply.ephemeral  # teams discuss the result
    embed = reply.embed
    shown = fields(embed)
    assert embed["title"] == "@jane\\_doe · Instagram"
    assert embed["url"] == "https://www.instagram.com/jane_doe/"
    assert embed["description"].startswith(
        "**Micro** under this server's scheme (Common four-tier cut): 10K–100K"
    )
    assert "impact.com: **Nano**" in shown["Other schemes"]  # impact's nano runs to 15K
    assert (
        "**3.86%** by followers: (likes + comments) ÷ followers = 482 ÷ 12,500"
        in (shown["Engagement"])
    )
    assert "**Above the typical band:** 0.84–1.11% by followers" in shown["Benchmark"]
    # The source once, with its year: "… of this size (Modash, 2025)."
    assert shown["Benchmark"].count("Modash") == 1
    assert "(Modash, 2025)" in shown["Benchmark"]
    assert shown["Audience quality"].startswith("No red flags in what you typed")
    assert "**$100–$500** per post" in shown["Estimated cost"]
    assert "(Influencer Marketing Hub, 2021)" in shown["Estimated cost"]
    assert "$8–$40 per 1,000 followers" in shown["Estimated cost"]
    assert "per engagement" in shown["Estimated cost"]
    assert embed["footer"]["text"].startswith("Tiers: Common four-tier cut")
    assert len(embed["footer"]["text"]) <= 200


async def test_tiktok_leads_with_engagement_by_views_and_takes_the_platform_from_the_link(
    harness: Harness,
) -> None:
    reply = await harness.invoke(
        "/classify followers:95k handle:https://www.tiktok.com/@dancer "
        "likes:4k comments:100 shares:50 saves:25 views:20k"
    )

    embed = reply.embed
    shown = fields(embed)
    assert embed["title"] == "@dancer · TikTok"
    engagement = shown["Engagement"].splitlines()
    assert engagement[0].startswith(
        "**20.9%** by views: (likes + comments + shares + saves) ÷ views"
    )
    assert "4,175 ÷ 20,000" in engagement[0]
    assert engagement[1].startswith("**4.32%** by followers")
    assert "by views, for 50K–100K accounts" in shown["Benchmark"]
    assert "Near a boundary" in embed["description"]
    assert "5,000 followers short of 100K" in embed["description"]
    assert "Five-tier industry standard: **Mid**" in shown["Other schemes"]
    # A scheme's unnamed gap reads in plain words, its range said once.
    assert "Low-cut fitness guide: No tier (this scheme skips 50K–1M)" in shown["Other schemes"]
    assert "no tier named" not in shown["Other schemes"]
    assert "CPM" in shown["Estimated cost"]  # views known: the CPM cost follows


async def test_youtube_flags_views_far_below_subscribers(harness: Harness) -> None:
    reply = await harness.invoke(
        "/classify followers:250k handle:youtube.com/@makerchannel likes:300 comments:20 views:2k"
    )

    embed = reply.embed
    shown = fields(embed)
    assert embed["title"] == "@makerchannel · YouTube"
    assert embed["description"].startswith("**Macro**")
    assert "⚠️ Videos reach only a small fraction of the subscribers" in shown["Audience quality"]
    assert "views are 0.8% of subscribers" in shown["Audience quality"]
    assert "Influencer Hero" in shown["Benchmark"]


async def test_x_has_no_published_band_and_its_price_is_the_stand_in_estimate(
    harness: Harness,
) -> None:
    reply = await harness.invoke("/classify followers:2M platform:x handle:x.com/bigname likes:5k")

    embed = reply.embed
    shown = fields(embed)
    assert embed["title"] == "@bigname · X (Twitter)"
    assert embed["description"].startswith("**Mega**")
    assert "**0.25%** by followers: likes ÷ followers = 5,000 ÷ 2,000,000" in shown["Engagement"]
    assert "No verdict" in shown["Benchmark"]
    assert shown["Estimated cost"].startswith(
        "**$10,000+** per post: no rate card is published for X (Twitter); Instagram's card "
        "stands in as our estimate"
    )
    assert "other built-in schemes agree" in shown["Other schemes"]


async def test_an_engagement_far_below_the_band_is_flagged_with_its_reason(
    harness: Harness,
) -> None:
    reply = await harness.invoke("/classify followers:40k platform:instagram likes:60 comments:2")

    quality = fields(reply.embed)["Audience quality"]
    assert "⚠️" in quality
    assert "inactive or bought" in quality
    assert "**Below the typical band:**" in fields(reply.embed)["Benchmark"]


async def test_likes_above_followers_are_allowed_with_a_warning(harness: Harness) -> None:
    reply = await harness.invoke(
        "/classify followers:2,000 platform:instagram likes:45 000 comments:300"
    )

    assert not reply.ephemeral
    quality = fields(reply.embed)["Audience quality"]
    assert "higher than the follower count" in quality
    assert "viral" in quality


async def test_two_prices_are_labelled_and_the_headline_one_is_named(harness: Harness) -> None:
    reply = await harness.invoke(
        "/classify followers:1M platform:youtube views:90k likes:4k comments:600"
    )

    # No band is published for 1M+ channels: the reply says so once, then compares the rate
    # of the same basis with the single published average (never "no benchmark … here's one").
    benchmark = fields(reply.embed)["Benchmark"]
    assert benchmark.startswith(
        "No verdict: no typical range is published for YouTube accounts of 1M+."
    )
    assert "mega average for 1M+ accounts, 1.6% by views (CreatorIQ, 2023)" in benchmark
    assert "This creator's 5.11% by views is above it." in benchmark  # 4,600 ÷ 90,000
    assert "no published benchmark" not in benchmark
    assert reply.embed["title"].endswith("with 1M subscribers")
    cost = fields(reply.embed)["Estimated cost"].splitlines()
    assert cost[0].startswith("**$20,000+** per post (rate card), the published rate")
    assert cost[2].startswith("By views: $900–$2,700 = 90,000 average views × $10–$30 CPM")
    assert cost[3] == (
        "Budget from the headline rate card (what accounts of this size charge); the by-views "
        "price is CPM × the views a post gets (9% of subscribers here), so it comes out lower."
    )


async def test_implausible_figures_get_no_verdict_and_no_cost_per_engagement(
    harness: Harness,
) -> None:
    reply = await harness.invoke(
        "/classify followers:20k likes:35k comments:200 platform:instagram"
    )

    shown = fields(reply.embed)
    assert "typical band" not in shown["Benchmark"]
    assert shown["Benchmark"].startswith("No verdict: these figures can't be averages per post")
    assert "$" not in shown["Estimated cost"].split("per 1,000 followers")[1]
    assert "no cost per engagement until the figures are checked" in shown["Estimated cost"]
    assert shown["Audience quality"].count("⚠️") == 1  # one problem, one warning
    assert "compared with the band" not in shown["Engagement"]


async def test_low_engagement_per_view_is_not_blamed_on_inactive_followers(
    harness: Harness,
) -> None:
    reply = await harness.invoke(
        "/classify followers:100k likes:2.5k comments:120 platform:tiktok views:180k"
    )

    quality = fields(reply.embed)["Audience quality"]
    assert "Engagement per view is under half" in quality
    assert "inactive or bought" not in quality


async def test_a_page_name_with_spaces_labels_the_reply_without_a_link_or_button(
    harness: Harness,
) -> None:
    # Facebook pages go by names with spaces; the figures still deserve an answer.
    reply = await harness.invoke(
        "/classify followers:250k platform:facebook handle:Mama Knows Best likes:1.9k comments:340"
    )

    assert not reply.ephemeral
    embed = reply.embed
    assert embed["title"] == "Mama Knows Best · Facebook"
    assert "url" not in embed
    assert embed["description"].startswith("**Macro** under this server's scheme")
    assert "e.g. `handle:@mamaknowsbest`" in embed["description"]
    assert "**0.9%** by followers" in fields(embed)["Engagement"]
    assert not reply.message.body.get("components")  # no "Add to shortlist": no account

    # Without followers nothing can be looked up by a page name: say so, with the fix.
    refused = await harness.invoke("/classify platform:facebook handle:Mama Knows Best")
    assert refused.ephemeral
    assert "**handle** `Mama Knows Best` is a name with spaces" in refused.embed["description"]
    assert "type **followers** as well" in refused.embed["description"]


async def test_the_guild_scheme_decides_the_tier(harness: Harness) -> None:
    bot = harness.local.bot
    assert bot is not None
    await bot.schemes.set_builtin(harness.guild.id, "industry", actor_id=harness.admin.user.id)

    reply = await harness.invoke("/classify followers:60k platform:instagram")

    assert reply.embed["description"].startswith(
        "**Mid** under this server's scheme (Five-tier industry standard): 50K–500K"
    )
    assert "Common four-tier cut: **Micro**" in fields(reply.embed)["Other schemes"]


async def test_classify_works_in_a_direct_message_with_the_default_scheme(
    harness: Harness,
) -> None:
    reply = await harness.invoke("/classify followers:3.4 K platform:snapchat", actor=harness.dm())

    assert reply.embed["description"].startswith(
        "**Nano** under the default scheme (Common four-tier cut)"
    )


async def test_without_figures_the_reply_says_what_to_add(harness: Harness) -> None:
    reply = await harness.invoke("/classify followers:1.2m platform:tiktok")

    shown = fields(reply.embed)
    assert "Add average likes, comments and views per post" in shown["Engagement"]
    assert reply.embed["title"] == "A TikTok creator with 1.2M followers"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("0", "must be more than zero"),
        ("-5", "is negative"),
        ("abc", "is not a number"),
        ("12..5k", "is not a number"),
        ("inf", "is not a number"),
        ("1e400", "is not a number"),
        ("20b", "is over 10 billion"),
    ],
)
async def test_a_bad_follower_count_is_refused_naming_the_option(
    harness: Harness, value: str, reason: str
) -> None:
    reply = await harness.invoke(f"/classify followers:{value} platform:instagram")

    assert reply.ephemeral
    description = reply.embed["description"]
    assert description.startswith(f"**followers** `{value}` {reason}")
    assert "Try something like `followers:12.5k`" in description


@pytest.mark.parametrize(
    ("option", "value", "example"),
    [
        ("likes", "-5", "450"),
        ("comments", "lots", "32"),
        ("shares", "1.500", "15"),
        ("saves", "NaN", "20"),
        ("views", "99b", "8.2k"),
    ],
)
async def test_a_bad_average_is_refused_naming_the_option(
    harness: Harness, option: str, value: str, example: str
) -> None:
    reply = await harness.invoke(f"/classify followers:10k platform:tiktok {option}:{value}")

    assert reply.ephemeral
    description = reply.embed["description"]
    assert description.startswith(f"**{option}** `{value}`")
    assert f"Try something like `{option}:{example}`" in description


async def test_zero_likes_is_a_real_average(harness: Harness) -> None:
    reply = await harness.invoke("/classify followers:10k platform:instagram likes:0 comments:0")

    assert not reply.ephemeral
    assert "**0%** by followers" in fields(reply.embed)["Engagement"]


@pytest.mark.parametrize(
    ("platform", "handle", "reason"),
    [
        ("instagram", "<@123>", "isn't a valid Instagram name"),
        ("instagram", "**bold**", "isn't a valid Instagram name"),
        ("instagram", "<@&5>", "isn't a valid Instagram name"),
        ("x", "@a_name_far_too_long_for_x", "is too long for an X (Twitter) name"),
        ("tiktok", "https://www.instagram.com/jane", "is an Instagram link"),
        ("instagram", "https://www.instagram.com/p/Cx123/", "something other than a profile"),
        ("facebook", "jo", "is too short"),
        ("twitch", "_jane", "isn't a valid Twitch name"),
    ],
)
async def test_a_bad_handle_is_refused_and_shown_literally(
    harness: Harness, platform: str, handle: str, reason: str
) -> None:
    reply = await harness.invoke(f"/classify followers:10k platform:{platform} handle:{handle}")

    assert reply.ephemeral
    description = reply.embed["description"]
    assert description.startswith(f"**handle** `{handle}` ")  # in a code span: shown literally
    assert reason in description
    assert "Try something like `handle:" in description


async def test_a_name_without_a_platform_is_refused_naming_platform(harness: Harness) -> None:
    reply = await harness.invoke("/classify followers:10k handle:@jane")

    assert reply.ephemeral
    assert reply.embed["description"].startswith("**platform** is needed")
    assert "`platform:instagram`" in reply.embed["description"]


async def test_no_handle_and_no_platform_is_refused_naming_platform(harness: Harness) -> None:
    reply = await harness.invoke("/classify followers:10k likes:100")

    assert reply.ephemeral
    assert reply.embed["description"].startswith("**platform** is needed")


@pytest.mark.parametrize("handle", ["@everyone", "@here"])
async def test_a_handle_that_looks_like_a_mention_never_mentions(
    harness: Harness, handle: str
) -> None:
    reply = await harness.invoke(f"/classify followers:10k platform:instagram handle:{handle}")

    assert not reply.ephemeral  # a valid Instagram name
    title = reply.embed["title"]
    assert title.endswith(" · Instagram")
    assert handle not in reply.text()  # escaped everywhere it is shown
    assert handle[1:] in title
    assert reply.message.content == ""  # nothing in content, where mentions could ping


# YouTube counts subscribers: every part of a reply says so, whatever the figures trip.
YOUTUBE_FIGURES = [
    "followers:420k views:95k likes:4.1k comments:380",  # both rates, judged per subscriber
    "followers:1M views:310k likes:12k comments:900",  # no band at 1M+: context figures
    "followers:3k likes:500 comments:10",  # far above the band
    "followers:20k likes:5 comments:0 views:9k",  # far below the band
    "followers:200k views:2k",  # views alone, far below subscribers; band without a rate
    "followers:50 likes:80 comments:3 views:1k",  # too few, likes above subscribers
    "followers:600 likes:10",  # under 1K: no band and no price
    "followers:40k likes:50k comments:10",  # over 100%
    "followers:2M likes:3k comments:100 shares:40",  # mega; typed shares not counted
]


@pytest.mark.parametrize("figures", YOUTUBE_FIGURES)
async def test_youtube_replies_say_subscribers_never_followers(
    harness: Harness, figures: str
) -> None:
    reply = await harness.invoke(f"/classify platform:youtube {figures}")

    text = reply.text()
    assert "subscriber" in text
    # "followers" may appear only as the option's name (`followers:`), never in the reply.
    assert "follower" not in text.lower().replace("followers:", ""), text


async def test_youtube_formulas_and_bands_name_subscribers(harness: Harness) -> None:
    reply = await harness.invoke(
        "/classify platform:youtube followers:420k views:95k likes:4.1k comments:380"
    )

    shown = fields(reply.embed)
    assert (
        "**1.07%** by subscribers: (likes + comments) ÷ subscribers = 4,480 ÷ 420,000"
        in shown["Engagement"]
    )
    assert "0.14–0.29% by subscribers, for 100K–500K accounts" in shown["Benchmark"]
    assert "which we read as" not in shown["Benchmark"]


async def test_typed_shares_that_no_rate_counts_are_said_to_be_left_out(
    harness: Harness,
) -> None:
    facebook = await harness.invoke(
        "/classify platform:facebook followers:230k likes:1.4k comments:220 shares:90"
    )
    with_views = await harness.invoke(
        "/classify platform:facebook followers:230k likes:1.4k comments:220 shares:90 views:50k"
    )
    alone = await harness.invoke("/classify platform:instagram followers:20k shares:50 saves:30")

    engagement = fields(facebook.embed)["Engagement"]
    assert "**0.7%** by followers: (likes + comments) ÷ followers = 1,620 ÷ 230,000" in engagement
    assert (
        "Shares (90) are not counted: the rate by followers counts likes and comments, the "
        "common formula; a rate by views (add views) counts shares too."
    ) in engagement
    # With views, the rate by views counts them (as campaign reports do): nothing left out.
    counted = fields(with_views.embed)["Engagement"]
    assert "(likes + comments + shares) ÷ views = 1,710 ÷ 50,000" in counted
    assert "not counted" not in counted
    assert (
        "Shares (50) and saves (30) count only in a rate by views: add average views to count them."
    ) in fields(alone.embed)["Engagement"]


async def test_a_rate_on_the_other_basis_names_the_band_the_platform_publishes(
    harness: Harness,
) -> None:
    # TikTok's band is by views; a rate by followers alone can't be judged against it.
    reply = await harness.invoke("/classify platform:tiktok followers:2.5M likes:40k")

    benchmark = fields(reply.embed)["Benchmark"]
    assert benchmark.startswith(
        "No verdict: TikTok's published band is by views (6.2–6.84% for 1M+ accounts, "
        "Modash, 2025). Add average views to compare."
    )
    assert "no published band for this size" not in benchmark


async def test_zero_views_never_asks_for_figures_already_typed(harness: Harness) -> None:
    reply = await harness.invoke(
        "/classify platform:youtube followers:10k views:0 likes:0 comments:0"
    )

    engagement = fields(reply.embed)["Engagement"]
    assert "**0 views** per post on average, 0% of subscribers; with no views there is no " in (
        engagement
    )
    assert "add likes or comments" not in engagement


async def test_one_comment_per_like_is_singular(harness: Harness) -> None:
    reply = await harness.invoke(
        "/classify platform:instagram followers:50k likes:100 comments:100"
    )

    assert "(1 comment per like, over 0.5)" in fields(reply.embed)["Audience quality"]
