"""Repository interfaces the bot and cogs depend on (SQLite today, PostgreSQL later)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from storage.models import GuildPresence, GuildSettings


class GuildSettingsRepository(Protocol):
    async def get(self, guild_id: int) -> GuildSettings: ...

    async def set_scheme(
        self, guild_id: int, scheme_id: str, custom_scheme: dict[str, int] | None, *, actor_id: int
    ) -> GuildSettings: ...


class CommandSyncRepository(Protocol):
    async def last_hash(self, application_id: int, scope: str) -> str | None: ...

    async def record(self, application_id: int, scope: str, payload_hash: str) -> None: ...


class GuildPresenceRepository(Protocol):
    async def joined(self, guild_id: int) -> None: ...

    async def mark_present(self, guild_ids: list[int]) -> None: ...

    async def left(self, guild_id: int) -> None: ...

    async def get(self, guild_id: int) -> GuildPresence | None: ...

    async def left_before(self, cutoff: datetime) -> list[int]: ...
