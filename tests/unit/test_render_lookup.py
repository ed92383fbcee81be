"""The "Fetched figures" field: what was fetched, from where, how fresh, over which posts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.domain.lookup import FetchedFigures, RecentPosts, merge_stats
from bot.domain.platforms import Platform
from bot.render.lookup import fetched_field

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
POSTS = RecentPosts(12, "videos", date(2026, 11, 3), date(2026, 12, 2), 20_000, 800, 60, 1)
FIGURES = FetchedFigures(
    Platform.YOUTUBE, "lumen", "YouTube Data API v3", NOW - timedelta(hours=2), 48_700, True, POSTS
)


def render(typed: dict[str, int | None], *, near: bool = False, cached: bool = True) -> str:
    merged = merge_stats(typed, FIGURES)
    assert merged is not None
    return fetched_field(FIGURES, merged, from_cache=cached, near_boundary=near, now=NOW)


def test_says_what_came_from_which_api_how_fresh_and_over_which_posts() -> None:
    text = render({"followers": None})
    assert text.splitlines() == [
        "Followers, average likes, average comments and average views from the "
        "**YouTube Data API v3**, fetched 2 h ago (saved lookup).",
        "Averages over the last 12 videos, 3 Nov – 2 Dec.",
        "Likes are hidden on 1 of 12 videos; the likes average leaves them out.",
    ]


def test_the_rounding_of_subscriber_counts_is_said_near_a_boundary() -> None:
    assert "three significant figures" not in render({"followers": None})
    near = render({"followers": None}, near=True)
    assert "rounds subscriber counts to three significant figures" in near
    assert "48,700 may be up to 99 more" in near


def test_typed_figures_are_named_when_they_replace_fetched_ones() -> None:
    text = render(
        {"followers": 50_000, "likes": 900, "comments": 60, "views": 20_000}, cached=False
    )
    assert text.splitlines()[0] == (
        "Looked up in the **YouTube Data API v3**, fetched 2 h ago; every figure shown was typed."
    )
    assert "Your typed followers and average likes replaced the fetched figures." in text
    assert "The API reported 48,700 followers." in text
