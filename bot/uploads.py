"""A spreadsheet a user attached to a command: refused early, or downloaded after the defer.

/classify-csv, /shortlist import and /campaign import share these steps, so the refusal and
the download failure read the same everywhere.
"""

from __future__ import annotations

import discord

from bot.domain.creator_report import upload_refusal
from bot.errors import UserFacingError


def refuse_unreadable(file: discord.Attachment) -> None:
    """Raise the reply for a file Tierbot won't read (type, size). Call it before deferring,
    so the refusal is ephemeral straight away."""
    refusal = upload_refusal(file.filename, file.content_type, file.size)
    if refusal is not None:
        raise UserFacingError(refusal)


async def download(file: discord.Attachment) -> bytes:
    """The file's bytes, or the reply that asks for it again when Discord won't give them."""
    try:
        return await file.read()
    except discord.HTTPException:
        raise UserFacingError(
            "Tierbot couldn't download the file from Discord. Upload it again."
        ) from None
