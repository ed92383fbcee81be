"""The one HTTP path every lookup takes: 5-second timeout, no redirects, 1 MB cap, JSON only,
rate-limit headers honoured, a 429 retried once after the wait it names."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

import aiohttp

from bot.domain.lookup import LookupFailed, LookupProblem

log = logging.getLogger(__name__)

TIMEOUT_SECONDS: Final = 5.0
MAX_RESPONSE_BYTES: Final = 1024 * 1024
# A 429 naming a longer wait than this is reported rather than waited out.
MAX_RETRY_WAIT_SECONDS: Final = 10.0

# Seconds until the limit resets, from a response's headers (None: not said).
ResetAfter = Callable[[Mapping[str, str], float], float | None]


@dataclass(frozen=True, slots=True)
class ApiResponse:
    status: int
    headers: Mapping[str, str]
    body: Any  # parsed JSON


def _clock_text(seconds_from_now: float) -> str:
    moment = datetime.fromtimestamp(time.time() + seconds_from_now, UTC)
    return moment.strftime("%H:%M UTC")


class RateGate:
    """Remembers when a platform said its limit is spent, so no request is sent before then."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._blocked_until = 0.0  # time.time()

    def check(self) -> None:
        wait = self._blocked_until - time.time()
        if wait > 0:
            raise LookupFailed(
                LookupProblem.RATE_LIMITED,
                f"{self.label}'s rate limit for Tierbot is reached until {_clock_text(wait)}. "
                "Try again then, or type the figures.",
            )

    def block_for(self, seconds: float) -> None:
        self._blocked_until = max(self._blocked_until, time.time() + seconds)


def unix_reset(header: str) -> ResetAfter:
    """Twitch's Ratelimit-Reset and X's x-rate-limit-reset: a Unix time in seconds."""

    def reset_after(headers: Mapping[str, str], now: float) -> float | None:
        value = headers.get(header)
        try:
            return max(0.0, float(value) - now) if value is not None else None
        except ValueError:
            return None

    return reset_after


def retry_after(headers: Mapping[str, str], now: float) -> float | None:
    value = headers.get("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


class ApiHttp:
    """A lazily opened aiohttp session shared by every provider."""

    def __init__(
        self, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_RESPONSE_BYTES
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                headers={"User-Agent": "Tierbot (creator lookup)", "Accept": "application/json"},
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def request(
        self,
        method: str,
        url: str,
        *,
        label: str,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        gate: RateGate | None = None,
        reset_after: ResetAfter = retry_after,
    ) -> ApiResponse:
        """Send once; on a 429, wait the time it names (up to 10 s) and send once more."""
        for attempt in (1, 2):
            if gate is not None:
                gate.check()
            response = await self._send(method, url, label, params, headers, data)
            if response.status != 429:
                return response
            wait = reset_after(response.headers, time.time())
            if wait is None:
                wait = 1.0
            if attempt == 2 or wait > MAX_RETRY_WAIT_SECONDS:
                if gate is not None:
                    gate.block_for(wait)
                raise LookupFailed(
                    LookupProblem.RATE_LIMITED,
                    f"{label} is limiting Tierbot's requests until {_clock_text(wait)}. "
                    "Try again then, or type the figures.",
                )
            log.info("%s answered 429; retrying once in %.1f s", label, wait)
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")

    async def _send(
        self,
        method: str,
        url: str,
        label: str,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        data: Mapping[str, str] | None,
    ) -> ApiResponse:
        unavailable = LookupProblem.UNAVAILABLE
        try:
            async with self._open().request(
                method,
                url,
                params=params,
                headers=headers,
                data=data,
                allow_redirects=False,  # a key must never follow a redirect elsewhere
            ) as response:
                if 300 <= response.status < 400:
                    raise LookupFailed(
                        unavailable,
                        f"{label} answered with a redirect Tierbot doesn't follow. "
                        "Try again later, or type the figures.",
                    )
                raw = await self._read_capped(response, label)
                status, response_headers = response.status, dict(response.headers)
        except TimeoutError:
            raise LookupFailed(
                unavailable,
                f"{label} didn't answer within {self.timeout:g} seconds. "
                "Try again in a minute, or type the figures.",
            ) from None
        except aiohttp.ClientError as exc:
            log.warning("%s could not be reached: %s", label, type(exc).__name__)
            raise LookupFailed(
                unavailable,
                f"Tierbot couldn't reach {label}. Try again in a minute, or type the figures.",
            ) from None
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        if body is None and status < 500:
            raise LookupFailed(
                unavailable,
                f"{label} sent an answer Tierbot couldn't read. Try again later, "
                "or type the figures.",
            )
        return ApiResponse(status, response_headers, body)

    async def _read_capped(self, response: aiohttp.ClientResponse, label: str) -> bytes:
        too_big = LookupFailed(
            LookupProblem.UNAVAILABLE,
            f"{label} sent an answer over {self.max_bytes // (1024 * 1024)} MB, which Tierbot "
            "refuses. Try again later, or type the figures.",
        )
        declared = response.content_length
        if declared is not None and declared > self.max_bytes:
            raise too_big
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.content.iter_chunked(64 * 1024):
            size += len(chunk)
            if size > self.max_bytes:
                raise too_big
            chunks.append(chunk)
        return b"".join(chunks)
