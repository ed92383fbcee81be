"""/shortlist refresh: look every entry of a list up again, write each result as it comes,
stop cleanly at a quota or rate limit, and keep an entry's old figures when its lookup fails."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Final

from bot.domain.handles import Handle
from bot.domain.lookup import LookupFailed, LookupProblem
from bot.domain.shortlist_refresh import RefreshTally, refreshed_values
from bot.domain.tiers import TierScheme
from bot.lookups.service import CreatorLookups
from storage.models import Shortlist, ShortlistEntry
from storage.protocols import ShortlistGone, ShortlistRepository

# Discord rate-limits message edits; a progress line more often than this helps nobody.
PROGRESS_EVERY_SECONDS: Final = 2.0

Progress = Callable[[RefreshTally], Awaitable[None]]


def entry_handle(entry: ShortlistEntry) -> Handle:
    return Handle(
        platform=entry.platform,
        name=entry.handle,
        key=entry.handle_key,
        profile_url=entry.profile_url,
    )


async def refresh_list(
    shortlist: Shortlist,
    entries: list[ShortlistEntry],
    *,
    guild_id: int,
    actor_id: int,
    repo: ShortlistRepository,
    lookups: CreatorLookups,
    scheme: TierScheme,
    progress: Progress,
    clock: Callable[[], float] = time.monotonic,
) -> RefreshTally:
    tally = RefreshTally(total=len(entries))
    last_progress = clock()
    for entry in entries:
        if clock() - last_progress >= PROGRESS_EVERY_SECONDS:
            await progress(tally)
            last_progress = clock()
        reason = lookups.reason_unavailable(entry.platform, short=True)
        if reason is not None:
            tally.skip(reason)
            continue
        try:
            result = await lookups.lookup(entry_handle(entry), refresh=True)
        except LookupFailed as exc:
            if exc.stops_a_batch:
                tally.stopped = exc.message
                break
            if exc.problem is LookupProblem.UNSUPPORTED:
                tally.skip(exc.message)
            else:
                tally.kept.append((entry.label, exc.message))
            continue
        fetched = result.figures
        values = refreshed_values(entry.values(), entry.platform, fetched, scheme)
        if values is None:
            tally.kept.append((entry.label, "the account hides its follower count"))
            continue
        try:
            await repo.record_fetched(
                guild_id,
                shortlist.id,
                entry.id,
                values,
                source=fetched.api,
                fetched_at=fetched.fetched_at,
                actor_id=actor_id,
            )
        except ShortlistGone:
            tally.kept.append((entry.label, "it was removed from the list meanwhile"))
            continue
        tally.refreshed += 1
    detail = f"refreshed figures of {tally.refreshed} of {tally.total} creators"
    if tally.refreshed:
        await repo.record_refresh(guild_id, shortlist.id, detail, actor_id=actor_id)
    return tally
