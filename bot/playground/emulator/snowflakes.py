"""Discord-style snowflake ids: time-ordered 64-bit integers, unique within the process."""

from __future__ import annotations

import itertools
import time

DISCORD_EPOCH_MS = 1420070400000
_counter = itertools.count()


def new_snowflake() -> int:
    millis = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return (millis << 22) | (next(_counter) & 0x3FFFFF)


def iso_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + ".000000+00:00"
