"""Which API bases a key may travel to, and safe URL pieces."""

from __future__ import annotations

import ipaddress
from urllib.parse import quote, urlsplit


def check_api_base(value: str) -> str:
    """An https base, or http to a loopback address (the local fakes); else ValueError."""
    value = value.strip().rstrip("/")
    parts = urlsplit(value)
    host = parts.hostname or ""
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError("must be a plain base URL (no query, fragment or credentials)")
    if parts.scheme == "https" and host:
        return value
    if parts.scheme == "http" and _is_loopback(host):
        return value
    raise ValueError("must start with https:// (or http:// to 127.0.0.1 or localhost)")


def is_loopback_base(base: str) -> bool:
    """True for the local fakes (plain http to this machine)."""
    return _is_loopback(urlsplit(base).hostname or "")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def path_segment(value: str) -> str:
    """One URL path segment, every reserved character escaped ("../" stays inside it)."""
    return quote(value, safe="")
