"""YouTube Data API v3: channels.list -> playlistItems.list (uploads) -> videos.list.

The channel is found by handle (forHandle), legacy username (forUsername, from a
youtube.com/user/ link) or channel id (id).

Three calls, one quota unit each. Counts arrive as strings; `likeCount` and `commentCount`
may be missing (hidden), and a hidden subscriber count is `hiddenSubscriberCount: true`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Final, Protocol

from bot.domain.handles import Handle
from bot.domain.lookup import FetchedFigures, LookupFailed, LookupProblem, RecentPosts
from bot.domain.platforms import Platform
from bot.lookups.http import ApiHttp, ApiResponse, RateGate
from bot.lookups.parse import as_count, as_date, averages, field, first_item

LABEL: Final = "YouTube"
API_NAME: Final = "YouTube Data API v3"
RECENT_VIDEOS: Final = 12
UNITS_PER_LOOKUP: Final = 3


class QuotaBudget(Protocol):
    """Tierbot's own daily YouTube budget (YOUTUBE_DAILY_UNITS)."""

    async def reserve(self, units: int) -> date:
        """Count `units` against today's budget, or raise LookupFailed(QUOTA); the quota
        day they were counted on."""
        ...

    async def give_back(self, day: date, units: int) -> None:
        """Return reserved units that no call used."""
        ...


class YouTubeProvider:
    platform = Platform.YOUTUBE
    api_name = API_NAME

    def __init__(self, http: ApiHttp, base: str, key: str, budget: QuotaBudget) -> None:
        self._http = http
        self._base = base
        self._key = key
        self._budget = budget
        self._gate = RateGate(LABEL)

    async def fetch(self, handle: Handle) -> FetchedFigures:
        # The whole lookup's units are reserved before the first call, so lookups running
        # side by side never each get part-way and then stop at the limit; units of calls
        # a lookup didn't need (no such channel, no videos) are given back.
        day = await self._budget.reserve(UNITS_PER_LOOKUP)
        calls = [0]
        try:
            return await self._fetch(handle, calls)
        finally:
            if calls[0] < UNITS_PER_LOOKUP:
                await self._budget.give_back(day, UNITS_PER_LOOKUP - calls[0])

    async def _get(self, method: str, params: dict[str, str], calls: list[int]) -> Any:
        calls[0] += 1  # each call costs a unit, answered or not
        response = await self._http.request(
            "GET",
            f"{self._base}/{method}",
            label=LABEL,
            params={**params, "key": self._key},
            gate=self._gate,
        )
        if response.status != 200:
            raise _error(response)
        return response.body

    async def _fetch(self, handle: Handle, calls: list[int]) -> FetchedFigures:
        channels = await self._get(
            "channels",
            {"part": "statistics,contentDetails", **_channel_filter(handle), "maxResults": "1"},
            calls,
        )
        channel = first_item(channels, "items")
        if channel is None:
            raise LookupFailed(LookupProblem.NOT_FOUND, _not_found(handle))
        statistics = field(channel, "statistics", dict, LABEL)
        hidden = statistics.get("hiddenSubscriberCount") is True
        followers = None if hidden else as_count(statistics.get("subscriberCount"), LABEL)
        uploads = field(
            field(channel, "contentDetails", dict, LABEL), "relatedPlaylists", dict, LABEL
        )
        playlist = uploads.get("uploads")
        posts = await self._recent_videos(playlist, calls) if isinstance(playlist, str) else None
        return FetchedFigures(
            platform=Platform.YOUTUBE,
            handle_key=handle.key,
            api=API_NAME,
            fetched_at=datetime.now(UTC),
            followers=followers,
            followers_rounded=followers is not None,
            posts=posts,
        )

    async def _recent_videos(self, playlist: str, calls: list[int]) -> RecentPosts | None:
        try:
            items = await self._get(
                "playlistItems",
                {
                    "part": "contentDetails",
                    "playlistId": playlist,
                    "maxResults": str(RECENT_VIDEOS),
                },
                calls,
            )
        except LookupFailed as exc:
            if exc.problem is LookupProblem.NOT_FOUND:  # no uploads playlist: no videos yet
                return None
            raise
        ids = [
            item["contentDetails"]["videoId"]
            for item in (items.get("items") or [])
            if isinstance(item, dict)
            and isinstance(item.get("contentDetails"), dict)
            and isinstance(item["contentDetails"].get("videoId"), str)
        ]
        if not ids:
            return None
        videos = await self._get(
            "videos",
            {"part": "statistics,snippet,status", "id": ",".join(ids[:RECENT_VIDEOS])},
            calls,
        )
        rows = []
        for video in videos.get("items") or []:
            if not isinstance(video, dict):
                continue
            status = video.get("status") or {}
            if isinstance(status, dict) and status.get("privacyStatus") not in (None, "public"):
                continue
            stats = video.get("statistics") or {}
            snippet = video.get("snippet") or {}
            rows.append(
                (
                    as_date(snippet.get("publishedAt"), LABEL),
                    as_count(stats.get("viewCount"), LABEL),
                    as_count(stats.get("likeCount"), LABEL),
                    as_count(stats.get("commentCount"), LABEL),
                )
            )
        return averages(rows, "videos")


def _channel_filter(handle: Handle) -> dict[str, str]:
    """channels.list takes exactly one filter: a handle, a legacy username or a channel id."""
    if handle.is_youtube_username:
        return {"forUsername": handle.name}
    if handle.is_id:
        return {"id": handle.name}
    return {"forHandle": "@" + handle.name}


def _not_found(handle: Handle) -> str:
    if handle.is_youtube_username:
        return (
            f"YouTube has no channel with the legacy username {handle.name} (from a /user/ "
            "link). Use the channel's @handle or its /channel/ link, or type the figures."
        )
    return f"YouTube has no channel {handle.label}. Check the handle, or type the figures."


def _error(response: ApiResponse) -> LookupFailed:
    error = response.body.get("error") if isinstance(response.body, dict) else None
    reasons = set()
    if isinstance(error, dict):
        for item in error.get("errors") or []:
            if isinstance(item, dict):
                reasons.add(str(item.get("reason")))
    if "quotaExceeded" in reasons or "dailyLimitExceeded" in reasons:
        return LookupFailed(
            LookupProblem.QUOTA,
            "YouTube's daily quota for Tierbot's key is spent; it resets at midnight Pacific "
            "time. Type the figures until then.",
        )
    if "keyInvalid" in reasons or "accessNotConfigured" in reasons or response.status == 403:
        return LookupFailed(
            LookupProblem.ACCESS,
            "YouTube refused Tierbot's key. The bot's operator should check YOUTUBE_API_KEY "
            "and that the YouTube Data API v3 is enabled for it. Type the figures meanwhile.",
        )
    if response.status == 404 or "playlistNotFound" in reasons:
        return LookupFailed(LookupProblem.NOT_FOUND, "YouTube has no such channel or playlist.")
    return LookupFailed(
        LookupProblem.UNAVAILABLE,
        f"YouTube answered with an error ({response.status}). Try again later, "
        "or type the figures.",
    )
