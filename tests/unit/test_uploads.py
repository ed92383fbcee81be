"""Attached spreadsheets: refused before the defer, downloaded after it, one wording."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import discord
import pytest

from bot.errors import UserFacingError
from bot.uploads import download, refuse_unreadable


class _Attachment:
    def __init__(self, *, filename: str = "creators.csv", size: int = 100, fails: bool = False):
        self.filename = filename
        self.content_type = "text/csv"
        self.size = size
        self._fails = fails

    async def read(self) -> bytes:
        if self._fails:
            response = SimpleNamespace(status=503, reason="Service Unavailable")
            raise discord.HTTPException(cast(Any, response), "unavailable")
        return b"handle,followers\n@ana,12k\n"


def test_a_file_tierbot_reads_passes_and_others_are_refused_with_the_reason() -> None:
    refuse_unreadable(cast(discord.Attachment, _Attachment()))
    with pytest.raises(UserFacingError):
        refuse_unreadable(cast(discord.Attachment, _Attachment(filename="deck.pptx")))


async def test_the_bytes_come_back_or_the_user_is_asked_to_upload_again() -> None:
    assert await download(cast(discord.Attachment, _Attachment())) == (
        b"handle,followers\n@ana,12k\n"
    )
    with pytest.raises(UserFacingError, match="couldn't download the file from Discord"):
        await download(cast(discord.Attachment, _Attachment(fails=True)))
