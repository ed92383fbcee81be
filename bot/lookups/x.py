"""X API v2: GET /2/users/by/username/{username}?user.fields=public_metrics.

Reads are billed per user returned, so one call per lookup and no recent posts.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from typing import Any, Final

from bot.domain.handles import Handle
from bot.domain.lookup import FetchedFigures, LookupFailed, LookupProblem
from bot.domain.platforms import Platform
from bot.lookups.http import ApiHttp, ApiResponse, RateGate, unix_reset
from bot.lookups.parse import as_count, field
from bot.lookups.urls import path_segment

LABEL: Final = "X"
API_NAME: Final = "X API v2"
_NAME: Final = re.compile(r"[A-Za-z0-9_]{1,15}")  # the spec's own pattern for {username}
_RESET = unix_reset("x-rate-limit-reset")
NO_POSTS_NOTE: Final = (
    "X's figures are the follower count only (each post read is billed): type average "
    "likes and views for an engagement rate."
)


class XProvider:
    platform = Platform.X
    api_name = API_NAME

    def __init__(self, http: ApiHttp, base: str, bearer: str) -> None:
        self._http = http
        self._base = base
        self._bearer = bearer
        self._gate = RateGate(LABEL)

    async def fetch(self, handle: Handle) -> FetchedFigures:
        if _NAME.fullmatch(handle.name) is None:
            raise LookupFailed(LookupProblem.NOT_FOUND, f"X has no account {handle.label}.")
        response = await self._http.request(
            "GET",
            f"{self._base}/2/users/by/username/{path_segment(handle.name)}",
            label=LABEL,
            params={"user.fields": "public_metrics"},
            headers={"Authorization": f"Bearer {self._bearer}"},
            gate=self._gate,
            reset_after=_RESET,
        )
        if response.headers.get("x-rate-limit-remaining") == "0":
            wait = _RESET(response.headers, time.time())
            if wait:
                self._gate.block_for(wait)
        if response.status != 200:
            raise _error(response)
        body: Any = response.body
        user = body.get("data") if isinstance(body, dict) else None
        if user is None:
            raise LookupFailed(
                LookupProblem.NOT_FOUND,
                f"X has no account {handle.label}. Check the handle, or type the figures.",
            )
        metrics = field(user, "public_metrics", dict, LABEL)
        return FetchedFigures(
            platform=Platform.X,
            handle_key=handle.key,
            api=API_NAME,
            fetched_at=datetime.now(UTC),
            followers=as_count(metrics.get("followers_count"), LABEL),
            notes=(NO_POSTS_NOTE,),
        )


def _error(response: ApiResponse) -> LookupFailed:
    if response.status in (401, 403):
        return LookupFailed(
            LookupProblem.ACCESS,
            "X refused Tierbot's bearer token (or the plan doesn't include user lookups). "
            "The bot's operator should check X_BEARER_TOKEN. Type the figures meanwhile.",
        )
    if response.status == 404:
        return LookupFailed(LookupProblem.NOT_FOUND, "X has no such account.")
    return LookupFailed(
        LookupProblem.UNAVAILABLE,
        f"X answered with an error ({response.status}). Try again later, or type the figures.",
    )
