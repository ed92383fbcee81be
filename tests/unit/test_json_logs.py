"""LOG_FORMAT=json: one JSON object a line, secrets redacted as in text logs."""

from __future__ import annotations

import json
import logging

import pytest

from bot.config import load_settings
from bot.logs import configure_logging

TOKEN = "MTIzNDU2Nzg5.secret-token-value"


def test_each_log_line_is_one_json_object_without_the_token(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        configure_logging("INFO", [TOKEN], log_format="json")
        log = logging.getLogger("tierbot.test")
        log.info("Logged in with %s", TOKEN)
        try:
            raise RuntimeError(f"token {TOKEN} in an error")
        except RuntimeError:
            log.exception("Something failed")
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])

    lines = capsys.readouterr().err.splitlines()
    entries = [json.loads(line) for line in lines]
    assert [e["message"] for e in entries] == ["Logged in with [redacted]", "Something failed"]
    assert entries[0]["level"] == "INFO" and entries[0]["logger"] == "tierbot.test"
    assert entries[0]["time"].endswith("+00:00")
    assert "RuntimeError: token [redacted] in an error" in entries[1]["traceback"]
    assert TOKEN not in "\n".join(lines)


def test_log_format_is_a_setting() -> None:
    assert load_settings(log_format="JSON", _env_file=None).log_format == "json"
