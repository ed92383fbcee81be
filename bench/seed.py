"""Filling a Tierbot database with shortlists through the storage repositories."""

from __future__ import annotations

import random

from bot.domain.handles import normalize_handle
from bot.domain.metrics import CreatorStats
from bot.domain.platforms import Platform
from bot.domain.shortlist import ImportRow, Status
from bot.domain.tiers import default_scheme
from storage.models import Shortlist
from storage.store import Storage

SEED_ACTOR = 1
_PLATFORMS = (Platform.INSTAGRAM, Platform.TIKTOK, Platform.YOUTUBE, Platform.X)
_STATUSES = tuple(Status)


def import_rows(count: int, *, seed: int) -> list[ImportRow]:
    """`count` distinct creators with varied platforms, sizes and statuses."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        platform = _PLATFORMS[index % len(_PLATFORMS)]
        followers = rng.choice(
            [
                rng.randint(1_000, 9_999),
                rng.randint(10_000, 99_999),
                rng.randint(100_000, 2_000_000),
            ]
        )
        likes = int(followers * rng.uniform(0.005, 0.06))
        rows.append(
            ImportRow(
                line_number=index + 2,
                handle=normalize_handle(f"@creator_{index}", platform),
                stats=CreatorStats(followers=followers, likes=likes, comments=likes // 20),
                notes="seeded" if index % 7 == 0 else None,
                status=_STATUSES[index % len(_STATUSES)],
            )
        )
    return rows


async def filled_list(
    storage: Storage, guild_id: int, name: str, entries: int, *, seed: int = 0
) -> Shortlist:
    """A new list in `guild_id` with `entries` creators, imported in one transaction."""
    shortlist = await storage.shortlists.create(guild_id, name, "", actor_id=SEED_ACTOR)
    if entries:
        await storage.shortlists.import_rows(
            guild_id,
            shortlist.id,
            import_rows(entries, seed=seed),
            default_scheme(),
            actor_id=SEED_ACTOR,
            source="bench seed",
        )
    return shortlist
