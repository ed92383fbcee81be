"""The refresh's progress line is edited at most every 2 seconds, however many entries."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from bot.config import Settings
from bot.domain.platforms import Platform
from bot.domain.shortlist import Status
from bot.domain.shortlist_refresh import RefreshTally
from bot.domain.tiers import default_scheme
from bot.lookups.refresh import refresh_list
from bot.lookups.service import CreatorLookups
from bot.render.shortlist_refresh import progress_text
from storage.models import ShortlistEntry
from storage.store import Storage


def entry(number: int) -> ShortlistEntry:
    now = datetime.now(UTC)
    return ShortlistEntry(
        id=number, list_id=1, platform=Platform.TIKTOK, handle_key=f"c{number}",
        handle=f"c{number}", profile_url=f"https://www.tiktok.com/@c{number}", followers=1000,
        likes=None, comments=None, shares=None, saves=None, views=None, engagement_rate=None,
        engagement_basis=None, tier=None, tier_label=None, tier_rank=0, scheme_id=None,
        status=Status.PROSPECT, notes="", added_by=1, added_at=now, updated_by=1, updated_at=now,
    )  # fmt: skip


async def test_progress_is_edited_at_most_every_two_seconds(storage: Storage) -> None:
    lookups = CreatorLookups(Settings.model_validate({"_env_file": None}), storage.lookups)
    shortlist = await storage.shortlists.create(7, "Launch", "", actor_id=1)
    seconds = [0.0]
    shown: list[tuple[float, int]] = []

    def clock() -> float:
        seconds[0] += 0.5  # each entry takes half a second
        return seconds[0]

    texts: list[str] = []

    async def progress(tally: RefreshTally) -> None:
        shown.append((seconds[0], tally.handled))
        texts.append(progress_text(shortlist, tally))

    tally = await refresh_list(
        shortlist,
        [entry(n) for n in range(40)],
        guild_id=7,
        actor_id=1,
        repo=storage.shortlists,
        lookups=lookups,
        scheme=default_scheme(),
        progress=progress,
        clock=clock,
    )
    await lookups.close()

    assert tally.skipped and tally.handled == 40
    assert len(shown) >= 5  # it does report as it goes
    gaps = [later[0] - earlier[0] for earlier, later in itertools.pairwise(shown)]
    assert all(gap >= 2.0 for gap in gaps)
    assert [handled for _, handled in shown] == sorted(handled for _, handled in shown)
    # "18 of 40": the line counts what is done out of the whole list.
    assert texts == [
        f"Refreshing **Launch**: {handled} of 40 creators looked up…" for _, handled in shown
    ]
