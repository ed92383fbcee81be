"""The fakes' request checks catch what the platforms would refuse (so a passing lookup test
means Tierbot's requests match the published descriptions)."""

from __future__ import annotations

from bot.playground.fakes.spec import XSpec, YouTubeSpec


def test_youtube_requests_are_checked_for_path_names_and_required_parameters() -> None:
    spec = YouTubeSpec()
    good = {"part": "statistics", "forHandle": "@a_b", "key": "k"}
    assert spec.problems("GET", "channels", good) == []
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
