"""Reading API answers defensively: a wrong type anywhere is a clear 'couldn't read' reply."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Final, TypeVar

from bot.domain.lookup import LookupFailed, LookupProblem, RecentPosts

MAX_COUNT: Final = 10_000_000_000  # the largest count Tierbot's figures accept

T = TypeVar("T")

# (date, views, likes, comments) per post; None where the platform gave no such count.
PostRow = tuple[date, int | None, int | None, int | None]


def malformed(label: str) -> LookupFailed:
    return LookupFailed(
        LookupProblem.UNAVAILABLE,
        f"{label} sent an answer Tierbot couldn't read. Try again later, or type the figures.",
    )


def field(value: Any, key: str, kind: type[T], label: str) -> T:
    if not isinstance(value, dict):
        raise malformed(label)
    found = value.get(key)
    if not isinstance(found, kind) or (isinstance(found, bool) and kind is not bool):
        raise malformed(label)
    return found


def first_item(body: Any, key: str) -> dict[str, Any] | None:
    """The first object of body[key]; None when the list is missing or empty."""
    if not isinstance(body, dict):
        raise malformed("The platform")
    items = body.get(key)
    if items is None or items == []:
        return None
    if not isinstance(items, list) or not isinstance(items[0], dict):
        raise malformed("The platform")
    return items[0]


def as_count(value: Any, label: str) -> int | None:
    """A count given as a number or (YouTube) a string of digits; None when absent."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise malformed(label)
    if isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    elif isinstance(value, int):
        number = value
    else:
        raise malformed(label)
    if not 0 <= number <= MAX_COUNT:
        raise malformed(label)
    return number


def as_date(value: Any, label: str) -> date:
    if not isinstance(value, str):
        raise malformed(label)
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        raise malformed(label) from None


def _mean(values: Sequence[int]) -> int | None:
    return round(sum(values) / len(values)) if values else None


def averages(rows: Sequence[PostRow], noun: str, *, has_likes: bool = True) -> RecentPosts | None:
    """Each figure averaged over the posts that have it; None without posts."""
    if not rows:
        return None
    dates = [row[0] for row in rows]
    views = [row[1] for row in rows if row[1] is not None]
    likes = [row[2] for row in rows if row[2] is not None]
    comments = [row[3] for row in rows if row[3] is not None]
    return RecentPosts(
        count=len(rows),
        noun=noun,
        first=min(dates),
        last=max(dates),
        views=_mean(views),
        likes=_mean(likes),
        comments=_mean(comments),
        hidden_likes=len(rows) - len(likes) if has_likes else 0,
    )
