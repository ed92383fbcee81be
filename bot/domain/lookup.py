"""A creator's public figures as a platform's official API reports them, in Tierbot's terms.

Adapters (bot/lookups/) fetch; this module only describes what was fetched, how typed
figures combine with it (typed always win: a teammate may know better), and the words a
reply uses to say where the figures came from and how fresh they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Final, Protocol
from zoneinfo import ZoneInfo

from bot.domain.handles import Handle
from bot.domain.metrics import CreatorStats
from bot.domain.numbers import format_int
from bot.domain.platforms import Platform

# YouTube resets its daily quota at midnight Pacific time.
PACIFIC: Final = ZoneInfo("America/Los_Angeles")


@dataclass(frozen=True, slots=True)
class RecentPosts:
    """Averages over a creator's most recent public posts (None: the platform has no such count)."""

    count: int  # posts averaged
    noun: str  # "videos", "posts"
    first: date  # oldest post's date
    last: date  # newest post's date
    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    hidden_likes: int = 0  # posts whose likes the owner hides (left out of the likes average)


@dataclass(frozen=True, slots=True)
class FetchedFigures:
    """What one lookup returned. `followers` is None when the account hides it."""

    platform: Platform
    handle_key: str
    api: str  # "YouTube Data API v3"
    fetched_at: datetime  # UTC
    followers: int | None
    followers_rounded: bool = False  # YouTube rounds subscriber counts to 3 significant figures
    posts: RecentPosts | None = None
    notes: tuple[str, ...] = field(default=())  # plain sentences the reply repeats


class LookupProblem(StrEnum):
    NOT_CONFIGURED = "not_configured"  # the operator set no key for this platform
    UNSUPPORTED = "unsupported"  # no official API gives these figures (TikTok)
    NOT_FOUND = "not_found"
    NOT_AVAILABLE = "not_available"  # the account exists but its figures aren't shared
    QUOTA = "quota"  # Tierbot's own daily budget, or the platform's, is spent
    RATE_LIMITED = "rate_limited"
    ACCESS = "access"  # the key is refused or lacks a permission: the operator must act
    UNAVAILABLE = "unavailable"  # timeout, malformed or oversized response, 5xx


class LookupFailed(Exception):
    """A lookup that returned no figures; `message` is a sentence for the teammate."""

    def __init__(self, problem: LookupProblem, message: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.message = message

    @property
    def stops_a_batch(self) -> bool:
        """A refresh of many entries stops here: the next ones would fail the same way."""
        return self.problem in (
            LookupProblem.QUOTA,
            LookupProblem.RATE_LIMITED,
            LookupProblem.ACCESS,
            LookupProblem.NOT_CONFIGURED,
        )


class FigureProvider(Protocol):
    """One platform's official API."""

    @property
    def platform(self) -> Platform: ...

    @property
    def api_name(self) -> str: ...

    async def fetch(self, handle: Handle) -> FetchedFigures: ...


# --- typed and fetched figures together -------------------------------------------------

STAT_NAMES: Final = ("followers", "likes", "comments", "views")


@dataclass(frozen=True, slots=True)
class MergedStats:
    stats: CreatorStats
    fetched: tuple[str, ...]  # which of STAT_NAMES came from the lookup
    typed_over_fetched: tuple[str, ...]  # typed figures that replaced a fetched one


def merge_stats(typed: dict[str, int | None], figures: FetchedFigures | None) -> MergedStats | None:
    """Typed figures win; fetched ones fill the gaps. None when followers are still unknown."""
    if figures is None:  # nothing fetched: the typed figures as they are
        typed_followers = typed.get("followers")
        if typed_followers is None or typed_followers < 1:
            return None
        return MergedStats(
            CreatorStats(
                followers=typed_followers,
                likes=typed.get("likes"),
                comments=typed.get("comments"),
                shares=typed.get("shares"),
                saves=typed.get("saves"),
                views=typed.get("views"),
            ),
            (),
            (),
        )
    fetched_values: dict[str, int | None] = dict.fromkeys(STAT_NAMES)
    if figures is not None:
        fetched_values["followers"] = figures.followers
        if figures.posts is not None:
            fetched_values["likes"] = figures.posts.likes
            fetched_values["comments"] = figures.posts.comments
            fetched_values["views"] = figures.posts.views
    values: dict[str, int | None] = dict(typed)
    fetched: list[str] = []
    overridden: list[str] = []
    for name in STAT_NAMES:
        mine, theirs = typed.get(name), fetched_values[name]
        if mine is None and theirs is not None:
            values[name] = theirs
            fetched.append(name)
        elif mine is not None and theirs is not None and mine != theirs:
            overridden.append(name)
    followers = values.get("followers")
    if followers is None or followers < 1:
        return None
    stats = CreatorStats(
        followers=followers,
        likes=values.get("likes"),
        comments=values.get("comments"),
        shares=values.get("shares"),
        saves=values.get("saves"),
        views=values.get("views"),
    )
    return MergedStats(stats, tuple(fetched), tuple(overridden))


# --- words ---------------------------------------------------------------------------------


def age_text(fetched_at: datetime, now: datetime) -> str:
    """ "fetched just now", "fetched 12 min ago", "fetched 2 h ago", "fetched 3 days ago"."""
    seconds = max(0.0, (now - fetched_at).total_seconds())
    if seconds < 60:
        return "fetched just now"
    if seconds < 3600:
        return f"fetched {int(seconds // 60)} min ago"
    if seconds < 2 * 86400:
        return f"fetched {int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    return f"fetched {days} days ago"


def _day(value: date) -> str:
    return f"{value.day} {value.strftime('%b')}"


def posts_text(posts: RecentPosts) -> str:
    """ "last 12 videos, 3 Nov – 2 Dec" (the year too when the range crosses one)."""
    noun = posts.noun if posts.count != 1 else posts.noun.removesuffix("s")
    count = "last " + (f"{posts.count} {noun}" if posts.count != 1 else noun)
    if posts.first == posts.last:
        return f"{count}, {_day(posts.first)} {posts.first.year}"
    if posts.first.year != posts.last.year:
        first, last = posts.first, posts.last
        return f"{count}, {_day(first)} {first.year} – {_day(last)} {last.year}"
    return f"{count}, {_day(posts.first)} – {_day(posts.last)}"


# strftime("%b") in the C locale, which the bot never changes, without strftime's cost
# (a shortlist page shows ten dates).
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def figure_date_text(fetched_at: datetime) -> str:
    """ "3 Dec 2026" for a shortlist entry's figure date."""
    return f"{fetched_at.day} {_MONTHS[fetched_at.month - 1]} {fetched_at.year}"


def pacific_day(moment: datetime) -> date:
    """The YouTube quota day a moment falls in (quotas reset at midnight Pacific time)."""
    return moment.astimezone(PACIFIC).date()


def next_pacific_midnight(moment: datetime) -> datetime:
    day = pacific_day(moment) + timedelta(days=1)
    return datetime(day.year, day.month, day.day, tzinfo=PACIFIC).astimezone(UTC)


def follower_note(figures: FetchedFigures) -> str | None:
    """What the reply must say about the follower count itself, or None."""
    if figures.followers is None:
        return "The account hides its follower count: type it in **followers**."
    if figures.followers_rounded and figures.followers >= 1000:
        return (
            f"YouTube rounds subscriber counts to three significant figures "
            f"({format_int(figures.followers)} may be up to "
            f"{format_int(_rounding_step(figures.followers) - 1)} more)."
        )
    return None


def _rounding_step(value: int) -> int:
    digits = len(str(value))
    return int(10 ** max(0, digits - 3))
