"""One warning line for each REST retry discord.py makes after a 5xx, with the wait.

discord.py retries 500, 502, 504 and 524 answers five times, sleeping 1, 3, 5, 7 and 9 s,
without a word: a log-in against a failing Discord looked frozen for 25 s. An aiohttp trace
sees every answer; the wait is discord.py's own formula.
"""

from __future__ import annotations

import logging
import re
from types import SimpleNamespace

import aiohttp

log = logging.getLogger(__name__)

RETRIED_STATUSES = frozenset({500, 502, 504, 524})
TRIES = 5
# Interaction and webhook tokens travel in the path: never in a log line.
_TOKEN_IN_PATH = re.compile(r"/(webhooks|interactions)/(\d+)/[^/]+")


def wait_before_retry(failed_tries: int) -> int:
    """discord.py's `1 + tries * 2`, for the try that just failed (0 for the first)."""
    return 1 + failed_tries * 2


def _request_key(params: aiohttp.TraceRequestEndParams) -> str:
    path = _TOKEN_IN_PATH.sub(r"/\1/\2/[token]", params.url.path)
    return f"{params.method} {path}"


def retry_logging_trace() -> aiohttp.TraceConfig:
    trace = aiohttp.TraceConfig()
    failures: dict[str, int] = {}

    async def on_request_end(
        session: aiohttp.ClientSession,
        context: SimpleNamespace,
        params: aiohttp.TraceRequestEndParams,
    ) -> None:
        status = params.response.status
        if status not in RETRIED_STATUSES:
            # Every REST call ends here: only a request that failed before needs its key.
            if failures:
                failures.pop(_request_key(params), None)
            return
        request = _request_key(params)
        failed = failures.get(request, 0)
        failures[request] = failed + 1
        if failed + 1 < TRIES:
            log.warning(
                "Discord answered %d to %s; trying again in %d s (try %d of %d)",
                status,
                request,
                wait_before_retry(failed),
                failed + 2,
                TRIES,
            )
        else:
            failures.pop(request, None)
            log.warning("Discord answered %d to %s on all %d tries", status, request, TRIES)

    trace.on_request_end.append(on_request_end)
    return trace
