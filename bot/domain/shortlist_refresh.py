"""/shortlist refresh in domain terms: new figures for an entry, and the tally of a run."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.domain.lookup import FetchedFigures
from bot.domain.metrics import CreatorStats
from bot.domain.platforms import Platform
from bot.domain.shortlist import EntryValues, figures
from bot.domain.tiers import TierScheme


def refreshed_values(
    current: EntryValues, platform: Platform, fetched: FetchedFigures, scheme: TierScheme
) -> EntryValues | None:
    """The entry's values with the fetched figures in place of the stored ones; a figure the
    API doesn't report (a hidden count, X's likes) keeps its stored value. None when there is
    still no follower count."""
    posts = fetched.posts

    def pick(new: int | None, old: int | None) -> int | None:
        return new if new is not None else old

    followers = pick(fetched.followers, current.followers)
    if followers is None or followers < 1:
        return None
    stats = CreatorStats(
        followers=followers,
        likes=pick(posts.likes if posts else None, current.likes),
        comments=pick(posts.comments if posts else None, current.comments),
        shares=current.shares,
        saves=current.saves,
        views=pick(posts.views if posts else None, current.views),
    )
    return replace(figures(platform, stats, scheme), status=current.status, notes=current.notes)


@dataclass(slots=True)
class RefreshTally:
    """What a refresh did so far; `stopped` is set when a quota or limit ended it early."""

    total: int
    refreshed: int = 0
    kept: list[tuple[str, str]] = field(default_factory=list)  # (label, why the lookup failed)
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> entries
    stopped: str | None = None

    @property
    def handled(self) -> int:
        return self.refreshed + len(self.kept) + sum(self.skipped.values())

    @property
    def left(self) -> int:
        return self.total - self.handled

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1
