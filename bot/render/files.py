"""Files attached to replies.

Discord's OpenAPI spec types attachment ids as snowflake strings; discord.py sends integers.
Discord accepts both, but the bot sends what the spec describes.
"""

from __future__ import annotations

import io
from typing import Any

import discord


class Attachment(discord.File):
    def to_dict(self, index: int) -> dict[str, Any]:
        payload = super().to_dict(index)
        payload["id"] = str(index)
        return payload


def attachment(data: bytes, filename: str, *, description: str | None = None) -> Attachment:
    return Attachment(io.BytesIO(data), filename=filename, description=description)
