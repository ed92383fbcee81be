"""Fictional creators the fakes know. Every name and figure here is invented."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final


@dataclass(frozen=True, slots=True)
class FakePost:
    days_ago: int
    views: int | None
    likes: int | None  # None: hidden by the owner
    comments: int | None

    def published(self, now: datetime) -> str:
        moment = now - timedelta(days=self.days_ago, hours=3)
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class FakeCreator:
    name: str  # handle / login / username
    account_id: str
    followers: int
    hidden_followers: bool = False
    posts: tuple[FakePost, ...] = ()
    business: bool = True  # Instagram: only business and creator accounts are shared
    legacy_username: bool = False  # YouTube: `name` is a pre-handle username, not a handle


def _posts(
    count: int, views: int, likes: int, comments: int, *, every: int = 4
) -> tuple[FakePost, ...]:
    # Small, deterministic variation so averages aren't a single repeated number.
    return tuple(
        FakePost(
            days_ago=2 + index * every,
            views=views + (index % 3 - 1) * views // 10,
            likes=likes + (index % 4 - 1) * likes // 20,
            comments=comments + (index % 2) * comments // 10,
        )
        for index in range(count)
    )


def _hide_likes(posts: tuple[FakePost, ...], indexes: set[int]) -> tuple[FakePost, ...]:
    return tuple(
        FakePost(p.days_ago, p.views, None if i in indexes else p.likes, p.comments)
        for i, p in enumerate(posts)
    )


YOUTUBE: Final = {
    "lumenkitchen": FakeCreator(
        "LumenKitchen",
        "UCLumenKitchenFictiona01",
        48_700,
        posts=_hide_likes(_posts(14, 21_000, 900, 75), {5}),
    ),
    "quietstudio": FakeCreator(
        "QuietStudio",
        "UCQuietStudioFictional02",
        0,
        hidden_followers=True,
        posts=_posts(3, 4_000, 150, 12),
    ),
    "brandnewchannel": FakeCreator("BrandNewChannel", "UCBrandNewChannelFicti03", 120),
    # Found by its legacy username (youtube.com/user/OldSchoolGarden), which is not a handle.
    "oldschoolgarden": FakeCreator(
        "OldSchoolGarden",
        "UCOldSchoolGardenFictio4",
        95_300,
        posts=_posts(12, 6_500, 310, 28, every=7),
        legacy_username=True,
    ),
}
TWITCH: Final = {
    "pixelharbor": FakeCreator("pixelharbor", "414141", 23_400, posts=_posts(12, 3_100, 0, 0)),
}
INSTAGRAM: Final = {
    "fern.and.fig": FakeCreator(
        "fern.and.fig",
        "17841400000000001",
        18_250,
        posts=_hide_likes(_posts(12, 0, 610, 34, every=3), {2, 7}),
    ),
    "a.private.person": FakeCreator("a.private.person", "17841400000000002", 310, business=False),
}
X: Final = {
    "northwind_labs": FakeCreator("northwind_labs", "1500000000000000001", 9_870),
}
