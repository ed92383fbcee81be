"""Creator lookups as the commands use them: the configured providers, the shared cache,
YouTube's daily quota, and one request for concurrent lookups of the same account."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from bot.config import Settings
from bot.domain.handles import Handle
from bot.domain.lookup import (
    FetchedFigures,
    FigureProvider,
    LookupFailed,
    LookupProblem,
    RecentPosts,
    next_pacific_midnight,
    pacific_day,
)
from bot.domain.numbers import format_int
from bot.domain.platforms import Platform
from bot.lookups.http import ApiHttp
from bot.lookups.instagram import InstagramProvider
from bot.lookups.twitch import TwitchProvider
from bot.lookups.urls import is_loopback_base
from bot.lookups.x import XProvider
from bot.lookups.youtube import UNITS_PER_LOOKUP, YouTubeProvider
from storage.protocols import LookupCacheRepository

log = logging.getLogger(__name__)

YOUTUBE_QUOTA: Final = "youtube"
# The setting(s) an operator sets to enable each platform's lookups.
SETTINGS_NEEDED: Final[dict[Platform, str]] = {
    Platform.YOUTUBE: "YOUTUBE_API_KEY",
    Platform.TWITCH: "TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET",
    Platform.INSTAGRAM: "INSTAGRAM_ACCESS_TOKEN and INSTAGRAM_BUSINESS_ACCOUNT_ID",
    Platform.X: "X_BEARER_TOKEN",
}
_TYPE_THEM = "type **followers** (and likes, comments or views if you have them)"


@dataclass(frozen=True, slots=True)
class LookupResult:
    figures: FetchedFigures
    from_cache: bool


def unavailable_reason(platform: Platform, configured: bool, *, short: bool = False) -> str | None:
    """Why this platform can't be looked up here (a sentence asking for the figures; `short`:
    a phrase for lists of many creators), or None when it can."""
    setting = SETTINGS_NEEDED.get(platform)
    if short:
        if platform is Platform.TIKTOK:
            return "TikTok has no official API for another creator's figures"
        if setting is None:
            return f"Tierbot has no lookup for {platform.label}"
        if not configured:
            return f"{platform.label} lookups aren't set up (the operator would set {setting})"
        return None
    if platform is Platform.TIKTOK:
        return (
            "TikTok has no official API that gives another creator's figures, so Tierbot "
            f"can't look them up: {_TYPE_THEM}."
        )
    if setting is None:
        return f"Tierbot has no lookup for {platform.label}: {_TYPE_THEM}."
    if not configured:
        return (
            f"Lookups for {platform.label} aren't set up on this bot (its operator would set "
            f"{setting}): {_TYPE_THEM}."
        )
    return None


def followers_needed_reason(platform: Platform, configured: bool) -> str:
    """Why **followers** is needed when no handle was given, and (for a platform with an
    official API) how a handle would have filled it: here, or once the operator sets a key."""
    reason = "is needed when there is no handle to look up"
    setting = SETTINGS_NEEDED.get(platform)
    if setting is None:
        return reason
    if configured:
        return f"{reason} (or give **handle** and Tierbot fetches it from {platform.label})"
    return (
        f"{reason} (with a handle, Tierbot could fetch it from {platform.label} if its "
        f"operator set {setting})"
    )


def figures_to_json(figures: FetchedFigures) -> str:
    data = asdict(figures)
    data["platform"] = figures.platform.value
    data["fetched_at"] = figures.fetched_at.isoformat()
    if figures.posts is not None:
        data["posts"]["first"] = figures.posts.first.isoformat()
        data["posts"]["last"] = figures.posts.last.isoformat()
    data["notes"] = list(figures.notes)
    return json.dumps(data, sort_keys=True)


def figures_from_json(text: str) -> FetchedFigures:
    data: dict[str, Any] = json.loads(text)
    posts = data.get("posts")
    return FetchedFigures(
        platform=Platform(data["platform"]),
        handle_key=data["handle_key"],
        api=data["api"],
        fetched_at=datetime.fromisoformat(data["fetched_at"]),
        followers=data["followers"],
        followers_rounded=bool(data.get("followers_rounded")),
        posts=(
            RecentPosts(
                **{
                    **posts,
                    "first": date.fromisoformat(posts["first"]),
                    "last": date.fromisoformat(posts["last"]),
                }
            )
            if posts
            else None
        ),
        notes=tuple(data.get("notes") or ()),
    )


class CreatorLookups:
    """Every lookup goes through here; providers exist only for platforms with keys."""

    def __init__(
        self,
        settings: Settings,
        cache: LookupCacheRepository,
        *,
        http: ApiHttp | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._settings = settings
        self._cache = cache
        self._http = http or ApiHttp()
        self._clock = clock
        self._providers = self._build_providers(settings)
        self._bases = {
            Platform.YOUTUBE: settings.youtube_api_base,
            Platform.TWITCH: settings.twitch_api_base,
            Platform.INSTAGRAM: settings.instagram_graph_base,
            Platform.X: settings.x_api_base,
        }
        self._in_flight: dict[tuple[Platform, str], asyncio.Future[LookupResult]] = {}
        self._last_cleanup: datetime | None = None

    def _build_providers(self, settings: Settings) -> dict[Platform, FigureProvider]:
        providers: dict[Platform, FigureProvider] = {}
        if settings.youtube_api_key is not None:
            providers[Platform.YOUTUBE] = YouTubeProvider(
                self._http,
                settings.youtube_api_base,
                settings.youtube_api_key.get_secret_value(),
                _YouTubeBudget(self),
            )
        if settings.twitch_client_id and settings.twitch_client_secret is not None:
            providers[Platform.TWITCH] = TwitchProvider(
                self._http,
                settings.twitch_api_base,
                settings.twitch_auth_base,
                settings.twitch_client_id,
                settings.twitch_client_secret.get_secret_value(),
            )
        if settings.instagram_access_token is not None and settings.instagram_business_account_id:
            providers[Platform.INSTAGRAM] = InstagramProvider(
                self._http,
                settings.instagram_graph_base,
                settings.instagram_access_token.get_secret_value(),
                settings.instagram_business_account_id,
            )
        if settings.x_bearer_token is not None:
            providers[Platform.X] = XProvider(
                self._http, settings.x_api_base, settings.x_bearer_token.get_secret_value()
            )
        return providers

    @property
    def any_configured(self) -> bool:
        return bool(self._providers)

    def reason_unavailable(self, platform: Platform, *, short: bool = False) -> str | None:
        return unavailable_reason(platform, platform in self._providers, short=short)

    def followers_needed(self, platform: Platform) -> str:
        return followers_needed_reason(platform, platform in self._providers)

    async def close(self) -> None:
        await self._http.close()

    async def lookup(self, handle: Handle, *, refresh: bool = False) -> LookupResult:
        """Fresh-enough cached figures, else one request (shared with concurrent callers)."""
        reason = self.reason_unavailable(handle.platform)
        if reason is not None:
            problem = (
                LookupProblem.UNSUPPORTED
                if handle.platform not in SETTINGS_NEEDED
                else LookupProblem.NOT_CONFIGURED
            )
            raise LookupFailed(problem, reason)
        if not refresh:
            cached = await self._fresh_cached(handle)
            if cached is not None:
                return LookupResult(cached, from_cache=True)
        flight_key = (handle.platform, handle.key)
        running = self._in_flight.get(flight_key)
        if running is not None:
            return await asyncio.shield(running)
        future: asyncio.Future[LookupResult] = asyncio.get_running_loop().create_future()
        self._in_flight[flight_key] = future
        try:
            result = await self._fetch(handle)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning without waiters
            raise
        else:
            future.set_result(result)
            return result
        finally:
            del self._in_flight[flight_key]

    async def _fresh_cached(self, handle: Handle) -> FetchedFigures | None:
        hours = self._settings.lookup_cache_hours
        if hours == 0:
            return None
        found = await self._cache.get(handle.platform.value, handle.key)
        if found is None or self._clock() - found[1] > timedelta(hours=hours):
            return None
        try:
            return figures_from_json(found[0])
        except (ValueError, KeyError, TypeError):
            log.warning("Ignoring an unreadable cached lookup for %s", handle.platform.value)
            return None

    async def _fetch(self, handle: Handle) -> LookupResult:
        provider = self._providers[handle.platform]
        figures = await provider.fetch(handle)
        figures = replace(figures, fetched_at=self._clock())  # one clock for cache and display
        if is_loopback_base(self._bases[handle.platform]):
            # The playground's stand-ins: say so wherever the source is shown.
            figures = replace(figures, api=f"{figures.api} (local stand-in, fictional creators)")
        await self._cache.put(
            handle.platform.value, handle.key, figures_to_json(figures), figures.fetched_at
        )
        await self._forget_stale()
        return LookupResult(figures, from_cache=False)

    async def _forget_stale(self) -> None:
        """At most hourly, drop lookups too old to be served again (the table stays small)."""
        now = self._clock()
        if self._last_cleanup is not None and now - self._last_cleanup < timedelta(hours=1):
            return
        self._last_cleanup = now
        keep = timedelta(hours=max(self._settings.lookup_cache_hours, 1))
        await self._cache.forget_before(now - keep)

    async def youtube_units_today(self) -> int:
        return await self._cache.units_spent(YOUTUBE_QUOTA, pacific_day(self._clock()))

    async def reserve_youtube_units(self, units: int) -> date:
        """Count `units` against today's budget (one statement: lookups in other tasks or
        processes can't both take the last units), or say when it resets."""
        limit = self._settings.youtube_daily_units
        now = self._clock()
        day = pacific_day(now)
        if await self._cache.spend_units(YOUTUBE_QUOTA, day, units, limit):
            return day
        hours = max(1, round((next_pacific_midnight(now) - now).total_seconds() / 3600))
        raise LookupFailed(
            LookupProblem.QUOTA,
            f"Tierbot has used today's YouTube lookups ({format_int(limit)} quota units, the "
            f"limit its operator set in YOUTUBE_DAILY_UNITS). They reset at midnight Pacific "
            f"time, in about {hours} h: type the figures until then.",
        )

    async def give_back_youtube_units(self, day: date, units: int) -> None:
        await self._cache.return_units(YOUTUBE_QUOTA, day, units)


@dataclass(frozen=True, slots=True)
class _YouTubeBudget:
    """The provider's view of the budget (bot.lookups.youtube.QuotaBudget)."""

    lookups: CreatorLookups

    async def reserve(self, units: int) -> date:
        return await self.lookups.reserve_youtube_units(units)

    async def give_back(self, day: date, units: int) -> None:
        await self.lookups.give_back_youtube_units(day, units)


__all__ = [
    "UNITS_PER_LOOKUP",
    "CreatorLookups",
    "LookupResult",
    "followers_needed_reason",
    "unavailable_reason",
]
