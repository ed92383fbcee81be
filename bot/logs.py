"""Logging set-up, with a filter that keeps secrets out of every log line."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable

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


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    # discord.py's HTTP debug lines carry whole payloads; keep them at INFO unless asked.
    logging.getLogger("discord.http").setLevel(max(logging.INFO, logging.getLevelName(level)))


def install_redaction(secrets: Iterable[str]) -> None:
    """Add the filter to every handler already on the root logger (tests add their own)."""
    redactor = RedactSecrets(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
