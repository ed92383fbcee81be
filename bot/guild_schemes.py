"""Each guild's tier scheme: stored per guild, default `four-tier`, cached for the hot path.

/classify, /mix, /tiers overview and shortlists all ask for the scheme on every command, so
it is cached in memory; a short time-to-live keeps several shard processes sharing one
database from drifting for long after a change.
"""

from __future__ import annotations

import logging
import time

from bot.domain.tiers import (
    CUSTOM_SCHEME_ID,
    SchemeError,
    TierScheme,
    UnknownSchemeError,
    default_scheme,
    get_scheme,
)
from storage.models import GuildSettings
from storage.protocols import GuildSettingsRepository

log = logging.getLogger(__name__)

_TTL_SECONDS = 60.0


class GuildSchemes:
    def __init__(self, repository: GuildSettingsRepository) -> None:
        self._repository = repository
        self._cache: dict[int, tuple[float, TierScheme]] = {}

    async def for_guild(self, guild_id: int | None) -> TierScheme:
        """The guild's scheme; in a DM, the default scheme."""
        if guild_id is None:
            return default_scheme()
        cached = self._cache.get(guild_id)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        scheme = scheme_from_settings(await self._repository.get(guild_id))
        self._cache[guild_id] = (time.monotonic() + _TTL_SECONDS, scheme)
        return scheme

    async def set_builtin(self, guild_id: int, scheme_id: str, *, actor_id: int) -> TierScheme:
        scheme = get_scheme(scheme_id)  # UnknownSchemeError for a name we do not ship
        await self._repository.set_scheme(guild_id, scheme.id, None, actor_id=actor_id)
        self._cache[guild_id] = (time.monotonic() + _TTL_SECONDS, scheme)
        return scheme

    async def set_custom(self, guild_id: int, scheme: TierScheme, *, actor_id: int) -> TierScheme:
        minimums = {tier.value: minimum for tier, minimum in scheme.minimums.items()}
        await self._repository.set_scheme(guild_id, CUSTOM_SCHEME_ID, minimums, actor_id=actor_id)
        self._cache[guild_id] = (time.monotonic() + _TTL_SECONDS, scheme)
        return scheme

    def forget(self, guild_id: int) -> None:
        self._cache.pop(guild_id, None)


def scheme_from_settings(settings: GuildSettings) -> TierScheme:
    """The stored choice as a scheme; a choice that no longer loads falls back to the default."""
    try:
        if settings.scheme_id == CUSTOM_SCHEME_ID and settings.custom_scheme is not None:
            return TierScheme.custom_from_minimums(settings.custom_scheme)
        return get_scheme(settings.scheme_id)
    except (SchemeError, UnknownSchemeError):
        log.warning(
            "Guild %s has a stored scheme %r that no longer loads; using the default",
            settings.guild_id,
            settings.scheme_id,
        )
        return default_scheme()
