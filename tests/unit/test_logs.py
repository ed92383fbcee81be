"""Secrets never reach a log line."""

from __future__ import annotations

import logging

from bot.logs import RedactSecrets


def render(record: logging.LogRecord, secret: str) -> str:
    RedactSecrets([secret]).filter(record)
    return logging.Formatter("%(message)s").format(record)


def make_record(message: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("t", logging.ERROR, __file__, 1, message, args, exc_info)


def test_the_bot_token_is_replaced_in_messages_and_arguments() -> None:
    secret = "MTIz.abc.def-very-secret-token"
    assert secret not in render(make_record("token is %s", secret), secret)
    assert secret not in render(make_record(f"inline {secret}"), secret)


def test_the_token_is_replaced_in_tracebacks() -> None:
    secret = "MTIz.abc.def-very-secret-token"
    try:
        raise ValueError(f"bad {secret}")
    except ValueError as error:
        text = render(make_record("failed", exc=error), secret)
    assert secret not in text
    assert "[redacted]" in text


def test_interaction_tokens_in_urls_and_payloads_are_replaced() -> None:
    token = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5OmFiY2RlZmdoaWprbG1ub3A"
    url = f"POST https://discord.com/api/v10/interactions/123/{token}/callback"
    payload = f"{{'id': '1', 'token': '{token}', 'type': 2}}"
    assert token not in render(make_record(url), "unrelated-secret")
    assert token not in render(make_record(payload), "unrelated-secret")
