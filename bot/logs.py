"""Logging set-up, with a filter that keeps secrets out of every log line."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import ClassVar

_FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"
# Interaction and webhook tokens travel in URLs that discord.py and aiohttp may log.
_URL_TOKEN = re.compile(r"(/(?:interactions/\d+|webhooks/\d+)/)[A-Za-z0-9_.\-]{20,}")
# discord.py logs raw gateway events at DEBUG: INTERACTION_CREATE carries the token as a field.
_FIELD_TOKEN = re.compile(r"""(['"]token['"]\s*:\s*['"])[^'"]+""")


class RedactSecrets(logging.Filter):
    """Replaces each known secret, and interaction tokens in URLs, with a placeholder."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [secret for secret in secrets if len(secret) >= 8]

    def _clean(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        text = _URL_TOKEN.sub(r"\1[token]", text)
        return _FIELD_TOKEN.sub(r"\1[token]", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self._clean(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        return True


class OneLineRetries(logging.Filter):
    """discord.py logs each gateway retry with the whole traceback, and `launch_shard`'s
    retries chain every earlier one: turn each into one line with the reason and the wait."""

    _REWRITES: ClassVar[dict[str, str]] = {
        "Failed to connect for shard_id: %s. Retrying...": (
            "Could not connect shard %s to the gateway (%s); retrying in 5 s"
        ),
        "Attempting a reconnect for shard ID %s in %.2fs": (
            "Shard %s lost the gateway (%s); reconnecting in %.1f s"
        ),
    }

    def filter(self, record: logging.LogRecord) -> bool:
        template = self._REWRITES.get(str(record.msg))
        if template is None:
            return True
        error = record.exc_info[1] if record.exc_info else None
        reason = (str(error) or type(error).__name__) if error is not None else "no reason given"
        shard, *rest = record.args if isinstance(record.args, tuple) else (record.args,)
        record.msg, record.args = template, (shard, reason, *rest)
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info, record.exc_text = None, None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line (LOG_FORMAT=json), for journald exports and log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["traceback"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str, secrets: Iterable[str] = (), log_format: str = "text") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(_FORMAT))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    # discord.py's HTTP debug lines carry whole payloads; keep them at INFO unless asked.
    logging.getLogger("discord.http").setLevel(max(logging.INFO, logging.getLevelName(level)))
    # Its only INFO line is "logging in using static token": noise before a one-line failure.
    logging.getLogger("discord.client").setLevel(
        max(logging.WARNING, logging.getLevelName(level)) if level != "DEBUG" else logging.DEBUG
    )
    install_one_line_retries()


def install_one_line_retries() -> None:
    shard_logger = logging.getLogger("discord.shard")
    if not any(isinstance(f, OneLineRetries) for f in shard_logger.filters):
        shard_logger.addFilter(OneLineRetries())


def install_redaction(secrets: Iterable[str]) -> None:
    """Add the filter to every handler already on the root logger (tests add their own)."""
    redactor = RedactSecrets(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
