"""Each platform's lookup against its local fake: figures, every documented error, quotas,
rate limits, slow and broken answers, and handles that try to escape the URL."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.handles import Handle, normalize_handle
from bot.domain.lookup import LookupFailed, LookupProblem
from bot.domain.platforms import Platform
from bot.lookups.service import CreatorLookups
from bot.playground.fakes import PlatformFakes
from storage.store import Storage

Make = Callable[..., CreatorLookups]
SECRETS = (
    PlatformFakes.YOUTUBE_KEY,
    PlatformFakes.TWITCH_SECRET,
    PlatformFakes.INSTAGRAM_TOKEN,
    PlatformFakes.X_BEARER,
)


def handle(text: str, platform: Platform | None = None) -> Handle:
    return normalize_handle(text, platform)


async def failure(lookups: CreatorLookups, target: Handle) -> LookupFailed:
    with pytest.raises(LookupFailed) as caught:
        await lookups.lookup(target)
    return caught.value


# --- YouTube ------------------------------------------------------------------------------


async def test_youtube_fetches_subscribers_and_the_last_12_public_videos(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    result = await make_lookups().lookup(handle("https://www.youtube.com/@LumenKitchen"))

    figures = result.figures
    assert not result.from_cache
    assert figures.followers == 48_700
    assert figures.followers_rounded
    assert figures.api.startswith("YouTube Data API v3")
    posts = figures.posts
    assert posts is not None
    assert posts.count == 12  # the fake has 14 videos; only the last 12 are asked for
    assert posts.hidden_likes == 1  # one video's likeCount is missing
    assert posts.views is not None and 18_000 < posts.views < 24_000
    assert posts.first < posts.last
    calls = [r.path.rsplit("/", 1)[-1] for r in fakes.seen("youtube")]
    assert calls == ["channels", "playlistItems", "videos"]
    assert fakes.seen("youtube")[0].query["forHandle"] == "@LumenKitchen"


async def test_youtube_looks_a_channel_id_up_by_id(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    result = await make_lookups().lookup(
        handle("https://www.youtube.com/channel/UCLumenKitchenFictiona01")
    )
    assert result.figures.followers == 48_700
    assert fakes.seen("youtube")[0].query["id"] == "UCLumenKitchenFictiona01"


async def test_youtube_looks_a_legacy_username_up_by_for_username(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    result = await make_lookups().lookup(handle("https://www.youtube.com/user/OldSchoolGarden"))

    assert result.figures.followers == 95_300
    assert result.figures.posts is not None and result.figures.posts.count == 12
    sent = fakes.seen("youtube")[0]
    assert sent.query["forUsername"] == "OldSchoolGarden"
    assert "forHandle" not in sent.query and "id" not in sent.query
    assert [r.path.rsplit("/", 1)[-1] for r in fakes.seen("youtube")] == [
        "channels",
        "playlistItems",
        "videos",
    ]


async def test_an_unknown_legacy_username_is_not_found_and_says_what_to_use(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    # LumenKitchen is a handle, not a legacy username: YouTube finds no such username.
    problem = await failure(make_lookups(), handle("youtube.com/user/LumenKitchen"))

    assert problem.problem is LookupProblem.NOT_FOUND
    assert problem.message == (
        "YouTube has no channel with the legacy username LumenKitchen (from a /user/ link). "
        "Use the channel's @handle or its /channel/ link, or type the figures."
    )
    assert len(fakes.seen("youtube")) == 1  # nothing more is asked after an empty answer


async def test_a_legacy_username_and_a_handle_are_cached_apart(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    lookups = make_lookups()
    await lookups.lookup(handle("youtube.com/user/oldschoolgarden"))
    again = await lookups.lookup(handle("https://www.youtube.com/user/OldSchoolGarden/videos"))
    assert again.from_cache  # the same username, whatever its case
    with pytest.raises(LookupFailed):
        await lookups.lookup(handle("@OldSchoolGarden", Platform.YOUTUBE))  # not its handle
    assert fakes.seen("youtube")[-1].query["forHandle"] == "@OldSchoolGarden"


async def test_a_hidden_subscriber_count_is_none_not_zero(make_lookups: Make) -> None:
    figures = (await make_lookups().lookup(handle("@QuietStudio", Platform.YOUTUBE))).figures
    assert figures.followers is None
    assert figures.posts is not None


async def test_a_channel_without_videos_has_followers_and_no_posts(make_lookups: Make) -> None:
    figures = (await make_lookups().lookup(handle("@BrandNewChannel", Platform.YOUTUBE))).figures
    assert figures.followers == 120
    assert figures.posts is None


async def test_an_unknown_youtube_handle_is_not_found(make_lookups: Make) -> None:
    problem = await failure(make_lookups(), handle("@nobody_here", Platform.YOUTUBE))
    assert problem.problem is LookupProblem.NOT_FOUND
    assert "@nobody_here" in problem.message


async def test_youtube_quota_exceeded_says_when_it_resets(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    fakes.fail("youtube", "quota")
    problem = await failure(make_lookups(), handle("@LumenKitchen", Platform.YOUTUBE))
    assert problem.problem is LookupProblem.QUOTA
    assert "midnight Pacific" in problem.message


async def test_a_refused_youtube_key_names_the_setting(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    fakes.fail("youtube", "key_invalid")
    problem = await failure(make_lookups(), handle("@LumenKitchen", Platform.YOUTUBE))
    assert problem.problem is LookupProblem.ACCESS
    assert "YOUTUBE_API_KEY" in problem.message
    assert fakes.YOUTUBE_KEY not in problem.message


async def test_tierbots_own_daily_youtube_budget_stops_lookups(
    make_lookups: Make, fakes: PlatformFakes, storage: Storage
) -> None:
    lookups = make_lookups(youtube_daily_units=5, lookup_cache_hours=0)
    await lookups.lookup(handle("@LumenKitchen", Platform.YOUTUBE))  # 3 units
    assert await lookups.youtube_units_today() == 3
    problem = await failure(lookups, handle("@QuietStudio", Platform.YOUTUBE))  # needs 3, 2 left

    assert problem.problem is LookupProblem.QUOTA
    assert "YOUTUBE_DAILY_UNITS" in problem.message
    assert "5 quota units" in problem.message
    assert len(fakes.seen("youtube")) == 3  # no request was sent past the budget
    assert await lookups.youtube_units_today() == 3


async def test_units_of_calls_a_lookup_did_not_need_are_given_back(make_lookups: Make) -> None:
    lookups = make_lookups()
    await lookups.lookup(handle("@BrandNewChannel", Platform.YOUTUBE))  # no videos: 2 calls
    assert await lookups.youtube_units_today() == 2
    await failure(lookups, handle("@nobody_here", Platform.YOUTUBE))  # no channel: 1 call
    assert await lookups.youtube_units_today() == 3


async def test_lookups_side_by_side_never_stop_part_way_through(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    """Each lookup reserves its 3 units first: at the limit, the one left out sends nothing."""
    lookups = make_lookups(youtube_daily_units=6, lookup_cache_hours=0)
    fakes.fail("youtube", "slow", delay=0.2)  # all three are under way at once
    names = ("@LumenKitchen", "youtube.com/user/OldSchoolGarden", "@QuietStudio")
    outcomes = await asyncio.gather(
        *(lookups.lookup(handle(name, Platform.YOUTUBE)) for name in names),
        return_exceptions=True,
    )

    refused = [o for o in outcomes if isinstance(o, LookupFailed)]
    assert len(refused) == 1
    assert refused[0].problem is LookupProblem.QUOTA
    assert len(fakes.seen("youtube")) == 6  # two whole lookups, nothing of the third
    assert await lookups.youtube_units_today() == 6


async def test_the_youtube_budget_is_counted_per_pacific_day(
    fakes: PlatformFakes, storage: Storage
) -> None:
    from bot.config import Settings

    # 07:30 UTC on 3 Dec is still 2 Dec in California (PST, UTC-8): its budget is spent.
    now = [datetime(2026, 12, 3, 7, 30, tzinfo=UTC)]
    values = {**fakes.settings(), "youtube_daily_units": 3, "lookup_cache_hours": 0}
    settings = Settings.model_validate({**values, "_env_file": None})
    lookups = CreatorLookups(settings, storage.lookups, clock=lambda: now[0])
    try:
        await lookups.lookup(handle("@LumenKitchen", Platform.YOUTUBE))
        spent = await failure(lookups, handle("@LumenKitchen", Platform.YOUTUBE))
        assert spent.problem is LookupProblem.QUOTA
        assert "in about 1 h" in spent.message  # midnight Pacific is 08:00 UTC
        now[0] = datetime(2026, 12, 3, 8, 1, tzinfo=UTC)  # a new Pacific day
        assert await lookups.youtube_units_today() == 0
        await lookups.lookup(handle("@LumenKitchen", Platform.YOUTUBE))
        assert await lookups.youtube_units_today() == 3
    finally:
        await lookups.close()
    assert len(fakes.seen("youtube")) == 6


# --- Twitch -------------------------------------------------------------------------------


async def test_twitch_gets_an_app_token_then_followers_and_video_views(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    lookups = make_lookups(lookup_cache_hours=0)
    figures = (await lookups.lookup(handle("https://www.twitch.tv/PixelHarbor"))).figures

    assert figures.followers == 23_400
    assert figures.posts is not None
    assert figures.posts.views is not None
    assert figures.posts.likes is None
    assert figures.posts.hidden_likes == 0  # Twitch has no likes at all: nothing is "hidden"
    assert any("only views were fetched" in note for note in figures.notes)
    await lookups.lookup(handle("pixelharbor", Platform.TWITCH))
    assert fakes.tokens_issued == 1  # the token is reused until it nears expiry
    sent = fakes.seen("twitch")[1]
    assert sent.headers["Client-Id"] == fakes.TWITCH_CLIENT_ID


async def test_twitch_renews_a_revoked_token_once(make_lookups: Make, fakes: PlatformFakes) -> None:
    lookups = make_lookups(lookup_cache_hours=0)
    await lookups.lookup(handle("pixelharbor", Platform.TWITCH))
    fakes.access_token = "revoked-elsewhere"
    figures = (await lookups.lookup(handle("pixelharbor", Platform.TWITCH))).figures
    assert figures.followers == 23_400
    assert fakes.tokens_issued == 2


async def test_twitch_renews_its_token_a_minute_before_it_expires(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    fakes.token_lifetime = 62  # Tierbot may use it for 2 s, then it is in its last minute
    lookups = make_lookups(lookup_cache_hours=0)
    await lookups.lookup(handle("pixelharbor", Platform.TWITCH))
    assert fakes.tokens_issued == 1  # one token for the lookup's three requests
    await asyncio.sleep(2.1)
    await lookups.lookup(handle("pixelharbor", Platform.TWITCH))

    assert fakes.tokens_issued == 2
    paths = [r.path for r in fakes.seen("twitch")]
    assert paths.count("/oauth2/token") == 2
    # Renewed before use: no request was refused with a stale token and sent again.
    assert len([p for p in paths if p.startswith("/helix/")]) == 6


async def test_twitch_followers_needing_a_user_token_tell_the_operator(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    fakes.fail("twitch", "user_token_needed")
    problem = await failure(make_lookups(), handle("pixelharbor", Platform.TWITCH))
    assert problem.problem is LookupProblem.ACCESS
    assert "moderator:read:followers" in problem.message


async def test_twitch_429_is_retried_once_after_the_reset_it_names(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    fakes.fail("twitch", "rate_limited", times=1)
    figures = (await make_lookups().lookup(handle("pixelharbor", Platform.TWITCH))).figures
    assert figures.followers == 23_400
    users = [r for r in fakes.seen("twitch") if r.path.endswith("/users")]
    assert len(users) == 2  # the 429, then one retry
    # The 429 named Ratelimit-Reset = its second + 1 (Unix time): the retry waited for it.
    assert users[1].at >= int(users[0].at) + 1 - 0.01


async def test_a_429_is_retried_after_the_retry_after_seconds_it_names(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    fakes.fail("youtube", "rate_limited", times=1)  # Retry-After: 1
    figures = (await make_lookups().lookup(handle("@LumenKitchen", Platform.YOUTUBE))).figures
    assert figures.followers == 48_700
    first, retry = fakes.seen("youtube")[:2]
    assert first.path == retry.path
    assert retry.at - first.at >= 0.95


async def test_a_long_rate_limit_is_reported_and_no_more_requests_go_until_it_ends(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    lookups = make_lookups()
    fakes.fail("x", "rate_limited_long")
    first = await failure(lookups, handle("@northwind_labs", Platform.X))
    sent = len(fakes.seen("x"))
    second = await failure(lookups, handle("@someone_else", Platform.X))

    assert first.problem is LookupProblem.RATE_LIMITED
    assert "UTC" in first.message
    assert second.problem is LookupProblem.RATE_LIMITED
    assert len(fakes.seen("x")) == sent  # the remembered reset stopped the second request


@pytest.mark.parametrize(
    ("platform", "first", "second"),
    [
        ("twitch", "pixelharbor", "another_channel"),
        ("x", "@northwind_labs", "@someone_else"),
    ],
)
async def test_rate_limit_headers_saying_none_are_left_hold_the_next_request(
    make_lookups: Make, fakes: PlatformFakes, platform: str, first: str, second: str
) -> None:
    """Twitch's Ratelimit-* and X's x-rate-limit-* headers are honoured before any 429."""
    chosen = Platform.TWITCH if platform == "twitch" else Platform.X
    lookups = make_lookups()
    fakes.fail(platform, "limit_spent")  # type: ignore[arg-type]
    with contextlib.suppress(LookupFailed):
        await lookups.lookup(handle(first, chosen))
    if platform == "twitch":  # its lookup needs three calls: it stops after the first
        assert [r.path for r in fakes.seen("twitch")] == ["/oauth2/token", "/helix/users"]
    else:  # X's lookup is one call: its answer still counts
        assert (await lookups.lookup(handle(first, chosen))).from_cache
    sent = len(fakes.requests)

    held = await failure(lookups, handle(second, chosen))

    assert held.problem is LookupProblem.RATE_LIMITED
    assert f"{chosen.label.split()[0]}'s rate limit for Tierbot is reached until " in held.message
    assert held.message.endswith("UTC. Try again then, or type the figures.")
    assert len(fakes.requests) == sent  # nothing was sent


async def test_a_429_twice_is_reported_after_one_retry(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    fakes.fail("youtube", "rate_limited", times=2)
    problem = await failure(make_lookups(), handle("@LumenKitchen", Platform.YOUTUBE))
    assert problem.problem is LookupProblem.RATE_LIMITED
    assert problem.message.startswith("YouTube is limiting Tierbot's requests until ")
    assert problem.message.endswith("UTC. Try again then, or type the figures.")
    assert len(fakes.seen("youtube")) == 2  # one retry, then reported


# --- Instagram ----------------------------------------------------------------------------


async def test_instagram_business_discovery_leaves_hidden_likes_out(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    figures = (await make_lookups().lookup(handle("@fern.and.fig", Platform.INSTAGRAM))).figures
    assert figures.followers == 18_250
    posts = figures.posts
    assert posts is not None
    assert posts.count == 12
    assert posts.hidden_likes == 2
    assert posts.likes is not None and 550 < posts.likes < 700
    sent = fakes.seen("instagram")[0]
    assert sent.path.endswith("/" + fakes.INSTAGRAM_ACCOUNT)
    assert "business_discovery.username(fern.and.fig)" in sent.query["fields"]


async def test_a_personal_instagram_account_asks_for_the_figures(make_lookups: Make) -> None:
    problem = await failure(make_lookups(), handle("@a.private.person", Platform.INSTAGRAM))
    assert problem.problem is LookupProblem.NOT_AVAILABLE
    assert problem.message == (
        "Instagram only shares figures of business and creator accounts: type the figures."
    )


async def test_an_expired_instagram_token_names_the_setting(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    fakes.fail("instagram", "key_invalid")
    problem = await failure(make_lookups(), handle("@fern.and.fig", Platform.INSTAGRAM))
    assert problem.problem is LookupProblem.ACCESS
    assert "INSTAGRAM_ACCESS_TOKEN" in problem.message


# --- X ------------------------------------------------------------------------------------


async def test_x_reads_public_metrics_in_one_request(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    figures = (await make_lookups().lookup(handle("https://x.com/northwind_labs"))).figures
    assert figures.followers == 9_870
    assert figures.posts is None
    (sent,) = fakes.seen("x")
    assert sent.query == {"user.fields": "public_metrics"}
    assert sent.headers["Authorization"] == f"Bearer {fakes.X_BEARER}"


async def test_an_unknown_x_account_is_not_found(make_lookups: Make) -> None:
    problem = await failure(make_lookups(), handle("@nobody_at_all", Platform.X))
    assert problem.problem is LookupProblem.NOT_FOUND


# --- every platform: broken, slow, oversized, redirected ------------------------------------


@pytest.mark.parametrize(
    ("platform", "text"),
    [
        ("youtube", "https://www.youtube.com/@LumenKitchen"),
        ("twitch", "https://www.twitch.tv/pixelharbor"),
        ("instagram", "https://www.instagram.com/fern.and.fig/"),
        ("x", "https://x.com/northwind_labs"),
    ],
)
@pytest.mark.parametrize(
    "kind", ["malformed", "oversized", "oversized_streamed", "server_error", "redirect"]
)
async def test_a_broken_answer_is_a_clear_failure(
    make_lookups: Make, fakes: PlatformFakes, platform: str, text: str, kind: str
) -> None:
    fakes.fail(platform, kind)  # type: ignore[arg-type]
    problem = await failure(make_lookups(), handle(text))
    assert problem.problem is LookupProblem.UNAVAILABLE
    assert "type the figures" in problem.message
    if kind.startswith("oversized"):
        assert "over 1 MB, which Tierbot refuses" in problem.message
    if kind == "redirect":
        assert "redirect Tierbot doesn't follow" in problem.message
        assert all(r.platform == platform for r in fakes.requests)  # nothing went elsewhere
    assert not any(secret in problem.message for secret in SECRETS)


async def test_a_slow_api_times_out_with_a_clear_reply(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    fakes.fail("x", "slow", delay=2.0)
    started = asyncio.get_running_loop().time()
    problem = await failure(make_lookups(timeout=0.3), handle("@northwind_labs", Platform.X))
    assert problem.problem is LookupProblem.UNAVAILABLE
    assert "didn't answer within 0.3 seconds" in problem.message
    assert asyncio.get_running_loop().time() - started < 1.5


@pytest.mark.parametrize(
    "text",
    ["@a&key=x", "../../etc", "@name/../x", "@na%2Fme", "@ab?user.fields=x", "@ｎａｍｅ"],
)
async def test_handles_that_try_to_inject_never_reach_the_api(
    make_lookups: Make, fakes: PlatformFakes, text: str
) -> None:
    """The handle rules refuse them, or (YouTube's many scripts) they travel escaped."""
    lookups = make_lookups()
    for platform in (Platform.X, Platform.TWITCH, Platform.INSTAGRAM, Platform.YOUTUBE):
        try:
            target = normalize_handle(text, platform)
        except ValueError:
            continue
        with contextlib.suppress(LookupFailed):
            await lookups.lookup(target)
    for request in fakes.requests:
        assert "key=x" not in request.path
        assert set(request.query) <= {
            "part", "forHandle", "id", "maxResults", "key", "login", "fields",
            "access_token", "user.fields", "playlistId", "broadcaster_id", "first",
            "user_id", "type",
        }  # fmt: skip
        assert ".." not in request.path


async def test_a_unicode_youtube_handle_is_sent_escaped_and_intact(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    await failure(make_lookups(), handle("@ｎａｍｅ_ü", Platform.YOUTUBE))
    assert fakes.seen("youtube")[0].query["forHandle"] == "@ｎａｍｅ_ü"


# --- cache and concurrency ------------------------------------------------------------------


async def test_a_second_lookup_is_served_from_the_shared_cache(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    first = await make_lookups().lookup(handle("@northwind_labs", Platform.X))
    again = await make_lookups().lookup(handle("@Northwind_Labs", Platform.X))  # another bot
    assert again.from_cache
    assert again.figures == first.figures
    assert len(fakes.seen("x")) == 1


async def test_refresh_ignores_the_cache(make_lookups: Make, fakes: PlatformFakes) -> None:
    lookups = make_lookups()
    await lookups.lookup(handle("@northwind_labs", Platform.X))
    again = await lookups.lookup(handle("@northwind_labs", Platform.X), refresh=True)
    assert not again.from_cache
    assert len(fakes.seen("x")) == 2


async def test_the_cache_expires_after_lookup_cache_hours(
    fakes: PlatformFakes, storage: Storage
) -> None:
    from bot.config import Settings

    now = [datetime.now(UTC)]
    settings = Settings.model_validate({**fakes.settings(), "_env_file": None})
    lookups = CreatorLookups(settings, storage.lookups, clock=lambda: now[0])
    try:
        await lookups.lookup(handle("@northwind_labs", Platform.X))
        now[0] += timedelta(hours=23)
        assert (await lookups.lookup(handle("@northwind_labs", Platform.X))).from_cache
        now[0] += timedelta(hours=2)
        assert not (await lookups.lookup(handle("@northwind_labs", Platform.X))).from_cache
        # An hour on, the next lookup clears rows too old to be served (the X one was renewed).
        await lookups.lookup(handle("@LumenKitchen", Platform.YOUTUBE))
        now[0] += timedelta(hours=30)
        await lookups.lookup(handle("@pixelharbor", Platform.TWITCH))
        assert await storage.lookups.get("youtube", "lumenkitchen") is None
        assert await storage.lookups.get("twitch", "pixelharbor") is not None
    finally:
        await lookups.close()


async def test_concurrent_lookups_of_one_handle_make_one_request(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    lookups = make_lookups()
    fakes.fail("x", "slow", delay=0.3, times=1)
    results = await asyncio.gather(
        *(lookups.lookup(handle("@northwind_labs", Platform.X)) for _ in range(5))
    )
    assert {r.figures.followers for r in results} == {9_870}
    assert len(fakes.seen("x")) == 1


# --- not configured -------------------------------------------------------------------------


async def test_tiktok_and_unconfigured_platforms_say_why_in_one_line(storage: Storage) -> None:
    from bot.config import Settings

    lookups = CreatorLookups(Settings.model_validate({"_env_file": None}), storage.lookups)
    tiktok = await failure(lookups, handle("@dancer", Platform.TIKTOK))
    youtube = await failure(lookups, handle("@LumenKitchen", Platform.YOUTUBE))
    await lookups.close()

    assert tiktok.problem is LookupProblem.UNSUPPORTED
    assert "TikTok has no official API" in tiktok.message
    assert "\n" not in tiktok.message
    assert youtube.problem is LookupProblem.NOT_CONFIGURED
    assert "YOUTUBE_API_KEY" in youtube.message
    assert youtube.message == (
        "Lookups for YouTube aren't set up on this bot (its operator would set "
        "YOUTUBE_API_KEY): type **followers** (and likes, comments or views if you have them)."
    )


async def test_a_platform_without_an_official_lookup_asks_for_the_figures(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    problem = await failure(make_lookups(), handle("facebook.com/jane.doe5"))
    assert problem.problem is LookupProblem.UNSUPPORTED
    assert problem.message == (
        "Tierbot has no lookup for Facebook: type **followers** (and likes, comments or views "
        "if you have them)."
    )
    assert fakes.requests == []


async def test_instagram_usage_at_100_percent_stops_requests_until_access_returns(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    lookups = make_lookups()
    fakes.fail("instagram", "usage_full")
    first = await lookups.lookup(handle("@fern.and.fig", Platform.INSTAGRAM))
    assert first.figures.followers == 18_250  # this answer still counts
    problem = await failure(lookups, handle("@a.private.person", Platform.INSTAGRAM))

    assert problem.problem is LookupProblem.RATE_LIMITED
    assert "Instagram's rate limit" in problem.message
    assert len(fakes.seen("instagram")) == 1


async def test_no_key_reaches_a_log_line_on_any_path(
    make_lookups: Make, fakes: PlatformFakes, caplog: pytest.LogCaptureFixture
) -> None:
    """Even before the redaction filter: Tierbot never puts a key in a log message."""
    caplog.set_level(logging.DEBUG)
    lookups = make_lookups(lookup_cache_hours=0)
    targets = {
        "youtube": handle("@LumenKitchen", Platform.YOUTUBE),
        "twitch": handle("pixelharbor", Platform.TWITCH),
        "instagram": handle("@fern.and.fig", Platform.INSTAGRAM),
        "x": handle("@northwind_labs", Platform.X),
    }
    for kind in ("key_invalid", "rate_limited", "server_error", "redirect", "malformed", None):
        for platform, target in targets.items():
            if kind is None:
                fakes.faults.clear()
            else:
                fakes.fail(platform, kind, times=1)  # type: ignore[arg-type]
            with contextlib.suppress(LookupFailed):
                await lookups.lookup(target)
    assert caplog.records  # the retries and failures were logged
    for record in caplog.records:
        line = record.getMessage() + (record.exc_text or "")
        assert not any(secret in line for secret in SECRETS), line
