"""Twitch Helix: app token (client credentials), then users, followers total and videos.

The app token is renewed a minute before it expires and once on a 401. Twitch videos have
views but no likes or comments, so engagement is by views only.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Any, Final

from bot.domain.handles import Handle
from bot.domain.lookup import FetchedFigures, LookupFailed, LookupProblem
from bot.domain.platforms import Platform
from bot.lookups.http import ApiHttp, ApiResponse, RateGate, unix_reset
from bot.lookups.parse import as_count, as_date, averages, field, first_item, malformed

LABEL: Final = "Twitch"
API_NAME: Final = "Twitch Helix API"
RECENT_VIDEOS: Final = 12
_RENEW_BEFORE_SECONDS: Final = 60
_RESET = unix_reset("Ratelimit-Reset")
NO_LIKES_NOTE: Final = (
    "Twitch videos have no likes or comments, so only views were fetched: an engagement "
    "rate needs average likes or comments (e.g. chat messages) typed in."
)


class TwitchProvider:
    platform = Platform.TWITCH
    api_name = API_NAME

    def __init__(
        self, http: ApiHttp, base: str, auth_base: str, client_id: str, client_secret: str
    ) -> None:
        self._http = http
        self._base = base
        self._auth_base = auth_base
        self._client_id = client_id
        self._secret = client_secret
        self._token: str | None = None
        self._token_expires = 0.0
        self._token_lock = asyncio.Lock()
        self._gate = RateGate(LABEL)

    async def _app_token(self, *, renew: bool = False) -> str:
        async with self._token_lock:
            if not renew and self._token and time.time() < self._token_expires:
                return self._token
            response = await self._http.request(
                "POST",
                f"{self._auth_base}/token",
                label=LABEL,
                data={
                    "client_id": self._client_id,
                    "client_secret": self._secret,
                    "grant_type": "client_credentials",
                },
            )
            if response.status != 200:
                raise LookupFailed(
                    LookupProblem.ACCESS,
                    "Twitch refused Tierbot's app credentials. The bot's operator should check "
                    "TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET. Type the figures meanwhile.",
                )
            token = field(response.body, "access_token", str, LABEL)
            expires_in = as_count(response.body.get("expires_in"), LABEL) or 3600
            self._token = token
            self._token_expires = time.time() + max(0, expires_in - _RENEW_BEFORE_SECONDS)
            return token

    async def _get(self, path: str, params: dict[str, str]) -> ApiResponse:
        renewed = False
        while True:
            token = await self._app_token(renew=renewed)
            response = await self._http.request(
                "GET",
                f"{self._base}/{path}",
                label=LABEL,
                params=params,
                headers={"Authorization": f"Bearer {token}", "Client-Id": self._client_id},
                gate=self._gate,
                reset_after=_RESET,
            )
            self._honour_limit(response)
            if response.status == 401 and not renewed and path == "users":
                renewed = True  # the token may have been revoked early: renew once
                continue
            return response

    def _honour_limit(self, response: ApiResponse) -> None:
        if response.headers.get("Ratelimit-Remaining") == "0":
            wait = _RESET(response.headers, time.time())
            if wait:
                self._gate.block_for(wait)

    async def fetch(self, handle: Handle) -> FetchedFigures:
        users = await self._get("users", {"login": handle.name.lower()})
        _check(users)
        user = first_item(users.body, "data")
        if user is None:
            raise LookupFailed(
                LookupProblem.NOT_FOUND,
                f"Twitch has no channel {handle.label}. Check the handle, or type the figures.",
            )
        user_id = field(user, "id", str, LABEL)
        followers_response = await self._get(
            "channels/followers", {"broadcaster_id": user_id, "first": "1"}
        )
        if followers_response.status == 401:
            raise LookupFailed(
                LookupProblem.ACCESS,
                "Twitch shares follower totals only with a user access token (scope "
                "moderator:read:followers), which Tierbot's app credentials aren't. The bot's "
                "operator would need to configure one; type the followers meanwhile.",
            )
        _check(followers_response)
        followers = as_count(_body(followers_response).get("total"), LABEL)
        videos = await self._get(
            "videos", {"user_id": user_id, "first": str(RECENT_VIDEOS), "type": "archive"}
        )
        _check(videos)
        rows = []
        for video in _body(videos).get("data") or []:
            rows.append(
                (
                    as_date(field(video, "published_at", str, LABEL), LABEL),
                    as_count(video.get("view_count"), LABEL),
                    None,
                    None,
                )
            )
        return FetchedFigures(
            platform=Platform.TWITCH,
            handle_key=handle.key,
            api=API_NAME,
            fetched_at=datetime.now(UTC),
            followers=followers,
            posts=averages(rows[:RECENT_VIDEOS], "videos", has_likes=False),
            notes=(NO_LIKES_NOTE,),
        )


def _body(response: ApiResponse) -> dict[str, Any]:
    if not isinstance(response.body, dict):
        raise malformed(LABEL)
    return response.body


def _check(response: ApiResponse) -> None:
    if response.status == 200:
        return
    if response.status in (401, 403):
        raise LookupFailed(
            LookupProblem.ACCESS,
            "Twitch refused Tierbot's app token. The bot's operator should check "
            "TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET. Type the figures meanwhile.",
        )
    if response.status == 404:
        raise LookupFailed(LookupProblem.NOT_FOUND, "Twitch has no such channel.")
    raise LookupFailed(
        LookupProblem.UNAVAILABLE,
        f"Twitch answered with an error ({response.status}). Try again later, or type the figures.",
    )
