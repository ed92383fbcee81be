"""The 5xx retry lines: discord.py's waits, and never an interaction token."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from yarl import URL

from bot.http_retries import retry_logging_trace


async def test_each_retry_is_one_line_with_the_wait_and_no_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    trace = retry_logging_trace()
    [on_request_end] = trace.on_request_end
    url = URL("https://discord.com/api/v10/webhooks/123/aW50ZXJhY3Rpb24.secret-token-value")

    async def answer(status: int) -> None:
        params = SimpleNamespace(method="POST", url=url, response=SimpleNamespace(status=status))
        await on_request_end(None, SimpleNamespace(), params)  # type: ignore[arg-type]

    with caplog.at_level(logging.WARNING):
        for status in (500, 502, 200, 504):
            await answer(status)

    assert [record.getMessage() for record in caplog.records] == [
        "Discord answered 500 to POST /api/v10/webhooks/123/[token]; trying again in 1 s "
        "(try 2 of 5)",
        "Discord answered 502 to POST /api/v10/webhooks/123/[token]; trying again in 3 s "
        "(try 3 of 5)",
        # A success in between: the next failure starts counting again.
        "Discord answered 504 to POST /api/v10/webhooks/123/[token]; trying again in 1 s "
        "(try 2 of 5)",
    ]
