"""The social platforms Tierbot knows, and how each one counts engagement."""

from __future__ import annotations

from enum import StrEnum


class Platform(StrEnum):
    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"
    X = "x"
    FACEBOOK = "facebook"
    SNAPCHAT = "snapchat"
    TWITCH = "twitch"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_video_first(self) -> bool:
        """Views, not followers, are the natural engagement denominator on these platforms."""
        return self in _VIDEO_FIRST

    @property
    def audience_noun(self) -> str:
        """What the platform calls an account's audience: "subscriber" on YouTube."""
        return "subscriber" if self is Platform.YOUTUBE else "follower"

    @property
    def shows_likes(self) -> bool:
        """Whether posts show like counts (Twitch videos have none: views are the figure)."""
        return self not in _NO_LIKES


_LABELS: dict[Platform, str] = {
    Platform.INSTAGRAM: "Instagram",
    Platform.TIKTOK: "TikTok",
    Platform.YOUTUBE: "YouTube",
    Platform.X: "X (Twitter)",
    Platform.FACEBOOK: "Facebook",
    Platform.SNAPCHAT: "Snapchat",
    Platform.TWITCH: "Twitch",
}

_VIDEO_FIRST = frozenset({Platform.TIKTOK, Platform.YOUTUBE, Platform.TWITCH, Platform.SNAPCHAT})

_NO_LIKES = frozenset({Platform.TWITCH})
