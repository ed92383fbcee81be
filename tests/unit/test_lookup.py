"""Fetched figures in Tierbot's terms: typed ones win, freshness and post ranges in words,
the Pacific quota day, and the bases a key may travel to."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.config import SettingsError, load_settings
from bot.domain.lookup import (
    FetchedFigures,
    RecentPosts,
    age_text,
    follower_note,
    merge_stats,
    pacific_day,
    posts_text,
)
from bot.domain.platforms import Platform
from bot.lookups.urls import check_api_base

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
POSTS = RecentPosts(12, "videos", date(2026, 11, 3), date(2026, 12, 2), 20_000, 800, None)


def figures(followers: int | None = 48_700, posts: RecentPosts | None = POSTS) -> FetchedFigures:
    return FetchedFigures(
        Platform.YOUTUBE, "lumen", "YouTube Data API v3", NOW, followers, True, posts
    )


def test_fetched_figures_fill_only_what_was_not_typed() -> None:
    typed: dict[str, int | None] = {"followers": None, "likes": 950, "comments": None}
    merged = merge_stats(typed, figures())
    assert merged is not None
    assert merged.stats.followers == 48_700
    assert merged.stats.likes == 950  # typed wins
    assert merged.stats.views == 20_000
    assert merged.stats.comments is None  # hidden everywhere: stays unknown
    assert merged.fetched == ("followers", "views")
    assert merged.typed_over_fetched == ("likes",)


def test_no_followers_anywhere_is_none() -> None:
    assert merge_stats({"followers": None}, figures(followers=None)) is None
    assert merge_stats({"followers": None}, None) is None


@pytest.mark.parametrize(
    ("ago", "text"),
    [
        (timedelta(seconds=20), "fetched just now"),
        (timedelta(minutes=12), "fetched 12 min ago"),
        (timedelta(hours=2, minutes=50), "fetched 2 h ago"),
        (timedelta(days=3), "fetched 3 days ago"),
    ],
)
def test_age_reads_like_a_person_would_say_it(ago: timedelta, text: str) -> None:
    assert age_text(NOW - ago, NOW) == text


def test_post_ranges() -> None:
    assert posts_text(POSTS) == "last 12 videos, 3 Nov – 2 Dec"
    one = RecentPosts(1, "posts", date(2026, 12, 2), date(2026, 12, 2))
    assert posts_text(one) == "last post, 2 Dec 2026"
    across = RecentPosts(3, "videos", date(2025, 12, 20), date(2026, 1, 5))
    assert posts_text(across) == "last 3 videos, 20 Dec 2025 – 5 Jan 2026"


def test_the_quota_day_turns_at_midnight_pacific_not_utc() -> None:
    # 07:59 UTC on 3 Dec is 23:59 on 2 Dec in California (PST, UTC-8).
    assert pacific_day(datetime(2026, 12, 3, 7, 59, tzinfo=UTC)) == date(2026, 12, 2)
    assert pacific_day(datetime(2026, 12, 3, 8, 0, tzinfo=UTC)) == date(2026, 12, 3)


def test_follower_notes() -> None:
    note = follower_note(figures(followers=48_700))
    assert note is not None and "up to 99 more" in note
    hidden = follower_note(figures(followers=None))
    assert hidden is not None and "type it in **followers**" in hidden


@pytest.mark.parametrize(
    "base",
    ["https://www.googleapis.com/youtube/v3", "http://127.0.0.1:8123/x", "http://localhost:9"],
)
def test_bases_a_key_may_travel_to(base: str) -> None:
    assert check_api_base(base + "/") == base


@pytest.mark.parametrize(
    "base",
    [
        "http://api.x.com",  # a key in clear text over the internet
        "ftp://127.0.0.1",
        "https://api.x.com?token=1",
        "https://user:pass@api.x.com",
        "http://127.0.0.1.evil.example",
    ],
)
def test_bases_a_key_may_not_travel_to(base: str) -> None:
    with pytest.raises(ValueError):
        check_api_base(base)


def test_a_bad_base_setting_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_API_BASE", "http://api.x.com")
    with pytest.raises(SettingsError, match=r"Invalid setting X_API_BASE: .*https://"):
        load_settings(_env_file=None)
