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


def test_every_platform_key_is_redacted_like_the_token() -> None:
    from bot.config import Settings

    keys = {
        "discord_token": "MTIz.abc.def-very-secret-token",
        "youtube_api_key": "AIzaSyFictional-youtube-key-123",
        "twitch_client_secret": "twitch-secret-0123456789abcdef",
        "instagram_access_token": "EAAFictionalInstagramToken0123",
        "x_bearer_token": "AAAAAAAAAAAAAAAAAAAAAFictionalBearer",
    }
    settings = Settings.model_validate({**keys, "_env_file": None})
    assert sorted(settings.secret_values()) == sorted(keys.values())
    for key in keys.values():
        url = f"GET https://www.googleapis.com/youtube/v3/channels?key={key}&access_token={key}"
        record = make_record("request failed: %s", url)
        RedactSecrets(settings.secret_values()).filter(record)
        line = logging.Formatter("%(message)s").format(record)
        assert key not in line
        assert "[redacted]" in line
    assert all(key not in repr(settings) for key in keys.values())
