"""Pydantic models the repositories return."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class GuildSettings(BaseModel):
    """A guild's settings; a guild that never changed anything gets these defaults."""

    model_config = ConfigDict(frozen=True)

    guild_id: int
    scheme_id: str = "seed"
    custom_scheme: dict[str, int] | None = None
    updated_by: int | None = None
    updated_at: datetime | None = None


class GuildPresence(BaseModel):
    model_config = ConfigDict(frozen=True)

    guild_id: int
    joined_at: datetime
    left_at: datetime | None
