"""The fakes' request checks catch what the platforms would refuse (so a passing lookup test
means Tierbot's requests match the published descriptions)."""

from __future__ import annotations

import aiohttp

from bot.playground.fakes import PlatformFakes
from bot.playground.fakes.spec import XSpec, YouTubeSpec


def test_youtube_requests_are_checked_for_path_names_and_required_parameters() -> None:
    spec = YouTubeSpec()
    good = {"part": "statistics", "forHandle": "@a_b", "key": "k"}
    assert spec.problems("GET", "channels", good) == []
    legacy = {"part": "statistics", "forUsername": "OldSchool", "key": "k"}
    assert spec.problems("GET", "channels", legacy) == []
    assert spec.problems("GET", "channels", {"forHandle": "@a"}) == [
        "channels: required parameter 'part' missing"
    ]
    assert spec.problems("GET", "channels", {**good, "handle": "x"}) == [
        "channels: unknown parameter 'handle'"
    ]
    assert spec.problems("GET", "creators", good) == ["no method has the path youtube/v3/creators"]
    assert spec.problems("PATCH", "videos", good) == ["youtube/v3/videos has no PATCH method"]


def test_x_requests_are_checked_against_the_openapi_description() -> None:
    spec = XSpec()
    path = "/2/users/by/username/"
    assert spec.problems("GET", path + "jane_doe", {"user.fields": "public_metrics"}) == []
    assert spec.problems("GET", path + "jane-doe", {}) != []  # breaks ^[A-Za-z0-9_]{1,15}$
    assert spec.problems("GET", path + "jane", {"user.fields": "followers"}) == [
        "user.fields: 'followers' is not one of the declared values"
    ]
    assert spec.problems("GET", path + "jane", {"key": "x"}) == ["unknown query parameter 'key'"]
    assert spec.problems("GET", "/2/users/me", {}) != []


async def test_the_youtube_fake_wants_exactly_one_channel_filter(fakes: PlatformFakes) -> None:
    """YouTube's reference: channels.list takes exactly one of its filters."""
    base = fakes.settings()["youtube_api_base"]
    async with aiohttp.ClientSession() as session:
        for extra in ({"forHandle": "@LumenKitchen", "forUsername": "LumenKitchen"}, {}):
            query = {"part": "statistics", "key": fakes.YOUTUBE_KEY, **extra}
            async with session.get(f"{base}/channels", params=query) as response:
                body = await response.json()
            assert response.status == 400
            assert body["error"]["errors"][0]["reason"] == "badRequest"
    assert len(fakes.spec_problems) == 2
    fakes.spec_problems.clear()  # expected here: the fixture checks Tierbot's own requests
