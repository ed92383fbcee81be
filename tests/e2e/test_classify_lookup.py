"""/classify handle: alone, through the emulator and the platforms' local fakes."""

from __future__ import annotations

from typing import Any

import pytest

from bot.playground.fakes import PlatformFakes
from tests.e2e.conftest import Harness


def fields(embed: dict[str, Any]) -> dict[str, str]:
    return {field["name"]: field["value"] for field in embed.get("fields", [])}


async def test_a_youtube_handle_alone_is_classified_from_fetched_figures(
    looking: Harness, fakes: PlatformFakes
) -> None:
    reply = await looking.invoke("/classify handle:youtube.com/@LumenKitchen")

    assert not reply.ephemeral
    embed = reply.embed
    shown = fields(embed)
    assert embed["title"] == "@LumenKitchen · YouTube"
    assert "48,700 followers" in embed["description"]
    fetched = shown["Fetched figures"]
    assert fetched.startswith(
        "Followers, average likes, average comments and average views from the "
        "**YouTube Data API v3 (local stand-in, fictional creators)**, fetched just now."
    )
    assert "Averages over the last 12 videos, " in fetched
    assert "Likes are hidden on 1 of 12 videos" in fetched
    assert "by views" in shown["Engagement"]
    assert fakes.YOUTUBE_KEY not in str(reply.embeds)

    again = await looking.invoke("/classify handle:youtube.com/@LumenKitchen")
    assert "(saved lookup)" in fields(again.embed)["Fetched figures"]
    assert len(fakes.seen("youtube")) == 3  # the second came from the cache

    fresh = await looking.invoke("/classify handle:youtube.com/@LumenKitchen refresh:true")
    assert "(saved lookup)" not in fields(fresh.embed)["Fetched figures"]
    assert len(fakes.seen("youtube")) == 6


async def test_subscriber_rounding_is_said_only_where_it_could_matter(looking: Harness) -> None:
    near = await looking.invoke("/classify handle:youtube.com/user/OldSchoolGarden")
    # 95,300 is within 10% of the 100K line, so YouTube's rounding is worth a word.
    assert "4,700 followers short of 100K" in near.embed["description"]
    assert (
        "YouTube rounds subscriber counts to three significant figures (95,300 may be up to "
        "99 more)."
    ) in fields(near.embed)["Fetched figures"]

    far = await looking.invoke("/classify handle:youtube.com/@LumenKitchen")
    assert "48,700 followers" in far.embed["description"]  # Micro runs from 10K to 100K
    assert "three significant figures" not in str(far.embed)


async def test_a_legacy_youtube_username_link_alone_is_classified(
    looking: Harness, fakes: PlatformFakes
) -> None:
    reply = await looking.invoke("/classify handle:https://www.youtube.com/user/OldSchoolGarden")

    assert not reply.ephemeral
    assert reply.embed["title"] == "OldSchoolGarden · YouTube"
    assert "95,300 followers" in reply.embed["description"]
    assert "Averages over the last 12 videos" in fields(reply.embed)["Fetched figures"]
    assert fakes.seen("youtube")[0].query["forUsername"] == "OldSchoolGarden"

    unknown = await looking.invoke("/classify handle:youtube.com/user/NoSuchUser1")
    assert unknown.ephemeral
    assert unknown.embed["description"] == (
        "YouTube has no channel with the legacy username NoSuchUser1 (from a /user/ link). "
        "Use the channel's @handle or its /channel/ link, or type the figures."
    )

    custom = await looking.invoke("/classify handle:youtube.com/c/OldSchoolGarden")
    assert custom.ephemeral
    assert "/channel/ link" in custom.embed["description"]


async def test_typed_figures_win_over_fetched_ones(looking: Harness) -> None:
    reply = await looking.invoke("/classify handle:https://x.com/northwind_labs followers:12k")

    embed = reply.embed
    assert "12,000 followers" in embed["description"]
    fetched = fields(embed)["Fetched figures"]
    assert "Your typed followers replaced the fetched figures." in fetched
    assert "The API reported 9,870 followers." in fetched


@pytest.mark.parametrize(
    ("line", "title", "followers", "says"),
    [
        (
            "/classify handle:https://www.twitch.tv/pixelharbor",
            "@pixelharbor · Twitch",
            "23,400",
            "only views were fetched",
        ),
        (
            "/classify handle:https://www.instagram.com/fern.and.fig/",
            "@fern.and.fig · Instagram",
            "18,250",
            "Likes are hidden on 2 of 12 posts",
        ),
        (
            "/classify handle:https://x.com/northwind_labs",
            "@northwind\\_labs · X (Twitter)",
            "9,870",
            "X API v2",
        ),
    ],
)
async def test_each_platform_alone_from_a_handle(
    looking: Harness, line: str, title: str, followers: str, says: str
) -> None:
    reply = await looking.invoke(line)
    assert not reply.ephemeral
    assert reply.embed["title"] == title
    assert f"{followers} followers" in reply.embed["description"]
    assert says in fields(reply.embed)["Fetched figures"]


async def test_tiktok_says_in_one_line_why_it_cant_look_up(looking: Harness) -> None:
    reply = await looking.invoke("/classify handle:https://www.tiktok.com/@dancer")
    assert reply.ephemeral
    description = reply.embed["description"]
    assert "TikTok has no official API" in description
    assert "**followers**" in description
    assert "\n" not in description


@pytest.mark.parametrize(
    ("line", "fault", "platform", "says"),
    [
        ("/classify handle:youtube.com/@LumenKitchen", "quota", "youtube", "midnight Pacific"),
        ("/classify handle:youtube.com/@LumenKitchen", "key_invalid", "youtube", "YOUTUBE_API_KEY"),
        ("/classify handle:x.com/northwind_labs", "oversized", "x", "over 1 MB"),
        ("/classify handle:x.com/northwind_labs", "malformed", "x", "couldn't read"),
        ("/classify handle:x.com/northwind_labs", "rate_limited_long", "x", "UTC"),
    ],
)
async def test_a_failed_lookup_without_typed_followers_is_an_ephemeral_reply(
    looking: Harness, fakes: PlatformFakes, line: str, fault: str, platform: str, says: str
) -> None:
    fakes.fail(platform, fault)  # type: ignore[arg-type]
    reply = await looking.invoke(line)
    assert reply.ephemeral
    assert says in reply.embed["description"]
    assert "type the figures" in reply.embed["description"].lower()


@pytest.mark.parametrize("looking", [{"youtube_daily_units": 2}], indirect=True)
async def test_tierbots_youtube_budget_spent_is_a_clear_ephemeral_reply(
    looking: Harness, fakes: PlatformFakes
) -> None:
    reply = await looking.invoke("/classify handle:youtube.com/@LumenKitchen")
    assert reply.ephemeral
    description = reply.embed["description"]
    assert description.startswith(
        "Tierbot has used today's YouTube lookups (2 quota units, the limit its operator set "
        "in YOUTUBE_DAILY_UNITS). They reset at midnight Pacific time, in about "
    )
    assert description.endswith(" h: type the figures until then.")
    assert fakes.seen("youtube") == []  # a lookup needs 3 units: none was sent

    typed = await looking.invoke("/classify handle:youtube.com/@LumenKitchen followers:48k")
    assert not typed.ephemeral  # typed figures still classify
    assert "48,000 followers" in typed.embed["description"]


async def test_a_slow_api_still_answers_within_discords_rules(
    looking: Harness, fakes: PlatformFakes
) -> None:
    fakes.fail("x", "slow", delay=6.0)
    reply = await looking.invoke("/classify handle:x.com/northwind_labs", timeout=15)
    assert reply.ephemeral
    assert "didn't answer within 5 seconds" in reply.embed["description"]


async def test_a_failed_lookup_with_typed_followers_still_classifies(
    looking: Harness, fakes: PlatformFakes
) -> None:
    fakes.fail("instagram", "server_error")
    reply = await looking.invoke("/classify handle:instagram.com/fern.and.fig followers:20k")
    assert not reply.ephemeral
    assert "20,000 followers" in reply.embed["description"]
    assert fields(reply.embed)["Fetched figures"].startswith("No figures fetched: Instagram")
    # The footer says only what is true: nothing was fetched.
    footer = reply.embed["footer"]["text"]
    assert footer.endswith("Figures as typed; none fetched.")
    assert "as fetched" not in footer
    assert fields(reply.embed)["Audience quality"].startswith("No red flags in what you typed")


async def test_fetched_figures_are_named_in_the_footer(looking: Harness) -> None:
    reply = await looking.invoke("/classify handle:youtube.com/@LumenKitchen")
    assert reply.embed["footer"]["text"].endswith("Figures as typed and as fetched.")


async def test_twitch_views_alone_ask_for_no_likes_and_promise_no_band(harness: Harness) -> None:
    reply = await harness.invoke("/classify followers:45k platform:twitch views:3.2k")
    shown = fields(reply.embed)
    assert "Twitch videos show no likes" in shown["Engagement"]
    assert "add likes" not in shown["Engagement"]
    assert shown["Benchmark"] == "No verdict: no published engagement benchmark for Twitch."
    # Views were given: only what is missing is asked for.
    assert shown["Audience quality"].endswith("Average comments per post would allow more checks.")


async def test_a_hidden_subscriber_count_asks_for_followers(looking: Harness) -> None:
    reply = await looking.invoke("/classify handle:youtube.com/@QuietStudio")
    assert reply.ephemeral
    assert "hides its follower count" in reply.embed["description"]
    assert "followers:12.5k" in reply.embed["description"]


async def test_without_keys_followers_are_asked_for_naming_the_setting(harness: Harness) -> None:
    reply = await harness.invoke("/classify handle:youtube.com/@LumenKitchen")
    assert reply.ephemeral
    assert "YOUTUBE_API_KEY" in reply.embed["description"]

    bare = await harness.invoke("/classify platform:instagram")
    assert bare.ephemeral
    assert bare.embed["description"] == (
        "**followers** is needed when there is no handle to look up (with a handle, Tierbot "
        "could fetch it from Instagram if its operator set INSTAGRAM_ACCESS_TOKEN and "
        "INSTAGRAM_BUSINESS_ACCOUNT_ID). Try something like `followers:12.5k`."
    )
    tiktok = await harness.invoke("/classify platform:tiktok")
    assert tiktok.embed["description"] == (
        "**followers** is needed when there is no handle to look up. "
        "Try something like `followers:12.5k`."
    )


async def test_with_keys_followers_or_a_handle_are_asked_for(looking: Harness) -> None:
    reply = await looking.invoke("/classify platform:youtube")
    assert reply.ephemeral
    assert reply.embed["description"].startswith(
        "**followers** is needed when there is no handle to look up (or give **handle** and "
        "Tierbot fetches it from YouTube)."
    )
