"""Instagram Graph API, Business Discovery: another account's figures, read through the
operator's own Business or Creator account. Personal accounts are not shared (110/2207013).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any, Final

from bot.domain.handles import Handle
from bot.domain.lookup import FetchedFigures, LookupFailed, LookupProblem
from bot.domain.platforms import Platform
from bot.lookups.http import ApiHttp, ApiResponse, RateGate
from bot.lookups.parse import as_count, as_date, averages, field, malformed
from bot.lookups.urls import path_segment

LABEL: Final = "Instagram"
API_NAME: Final = "Instagram Graph API (Business Discovery)"
RECENT_POSTS: Final = 12
# The name goes inside Graph's field expression, so only Instagram's own name characters.
_NAME: Final = re.compile(r"[A-Za-z0-9._]{1,30}")
_THROTTLED: Final = frozenset({4, 17, 32, 613})
NOT_BUSINESS: Final = (
    "Instagram only shares figures of business and creator accounts: type the figures."
)


def _fields(name: str) -> str:
    return (
        f"business_discovery.username({name}){{followers_count,media_count,"
        f"media.limit({RECENT_POSTS}){{like_count,comments_count,timestamp,media_type,"
        "media_product_type}}"
    )


class InstagramProvider:
    platform = Platform.INSTAGRAM
    api_name = API_NAME

    def __init__(self, http: ApiHttp, base: str, token: str, account_id: str) -> None:
        self._http = http
        self._base = base
        self._token = token
        self._account = account_id
        self._gate = RateGate(LABEL)

    async def fetch(self, handle: Handle) -> FetchedFigures:
        if _NAME.fullmatch(handle.name) is None:
            raise LookupFailed(LookupProblem.NOT_FOUND, NOT_BUSINESS)
        response = await self._http.request(
            "GET",
            f"{self._base}/{path_segment(self._account)}",
            label=LABEL,
            params={"fields": _fields(handle.name), "access_token": self._token},
            gate=self._gate,
        )
        self._honour_usage(response)
        if response.status != 200:
            raise _error(response)
        discovery = field(response.body, "business_discovery", dict, LABEL)
        followers = as_count(discovery.get("followers_count"), LABEL)
        media = discovery.get("media") or {}
        rows = []
        for post in (media.get("data") if isinstance(media, dict) else None) or []:
            if not isinstance(post, dict):
                raise malformed(LABEL)
            rows.append(
                (
                    as_date(post.get("timestamp"), LABEL),
                    None,
                    as_count(post.get("like_count"), LABEL),
                    as_count(post.get("comments_count"), LABEL),
                )
            )
        return FetchedFigures(
            platform=Platform.INSTAGRAM,
            handle_key=handle.key,
            api=API_NAME,
            fetched_at=datetime.now(UTC),
            followers=followers,
            posts=averages(rows[:RECENT_POSTS], "posts"),
        )

    def _honour_usage(self, response: ApiResponse) -> None:
        """X-Business-Use-Case-Usage: {id: [{call_count, total_time, total_cputime (percent),
        estimated_time_to_regain_access (minutes)}]}; stop sending at 100% until regained."""
        raw = response.headers.get("X-Business-Use-Case-Usage")
        if not raw:
            return
        try:
            usage = json.loads(raw)
        except ValueError:
            return
        if not isinstance(usage, dict):
            return
        for entries in usage.values():
            for entry in entries if isinstance(entries, list) else []:
                if not isinstance(entry, dict):
                    continue
                minutes = entry.get("estimated_time_to_regain_access")
                spent = max(
                    (
                        v
                        for k in ("call_count", "total_time", "total_cputime")
                        if isinstance(v := entry.get(k), int | float)
                    ),
                    default=0,
                )
                if isinstance(minutes, int | float) and minutes > 0:
                    self._gate.block_for(minutes * 60)
                elif spent >= 100:
                    self._gate.block_for(60)


def _error(response: ApiResponse) -> LookupFailed:
    error: Any = response.body.get("error") if isinstance(response.body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    subcode = error.get("error_subcode") if isinstance(error, dict) else None
    if code == 110 or subcode == 2207013:
        return LookupFailed(LookupProblem.NOT_AVAILABLE, NOT_BUSINESS)
    if code == 190:
        return LookupFailed(
            LookupProblem.ACCESS,
            "Instagram refused Tierbot's access token (it may have expired). The bot's "
            "operator should renew INSTAGRAM_ACCESS_TOKEN. Type the figures meanwhile.",
        )
    if code in _THROTTLED:
        return LookupFailed(
            LookupProblem.RATE_LIMITED,
            "Instagram is limiting Tierbot's requests for now. Try again in an hour, "
            "or type the figures.",
        )
    return LookupFailed(
        LookupProblem.UNAVAILABLE,
        f"Instagram answered with an error ({response.status}). Try again later, "
        "or type the figures.",
    )
