"""The "Fetched figures" part of a /classify reply: what came from which API, how fresh."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from bot.domain.lookup import (
    FetchedFigures,
    MergedStats,
    age_text,
    follower_note,
    posts_text,
)
from bot.domain.numbers import format_int
from bot.render.limits import FIELD_VALUE, clip_lines

FIELD_NAME: Final = "Fetched figures"
_WORDS: Final = {
    "followers": "followers",
    "likes": "average likes",
    "comments": "average comments",
    "views": "average views",
}


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def fetched_field(
    figures: FetchedFigures,
    merged: MergedStats,
    *,
    from_cache: bool,
    near_boundary: bool,
    now: datetime,
) -> str:
    """A few plain lines; public figures only, never a key or a setting's value."""
    age = age_text(figures.fetched_at, now) + (" (saved lookup)" if from_cache else "")
    used = [_WORDS[name] for name in merged.fetched]
    if used:
        lines = [f"{_join(used).capitalize()} from the **{figures.api}**, {age}."]
    else:
        lines = [f"Looked up in the **{figures.api}**, {age}; every figure shown was typed."]
    posts = figures.posts
    if posts is not None and any(n in merged.fetched for n in ("likes", "comments", "views")):
        lines.append(f"Averages over the {posts_text(posts)}.")
        if posts.hidden_likes:
            of = f"{posts.hidden_likes} of {posts.count} {posts.noun}"
            lines.append(f"Likes are hidden on {of}; the likes average leaves them out.")
    if merged.typed_over_fetched:
        typed = _join([_WORDS[name] for name in merged.typed_over_fetched])
        lines.append(f"Your typed {typed} replaced the fetched figures.")
    note = follower_note(figures)
    if note is not None and "followers" not in merged.fetched and figures.followers is None:
        note = None  # hidden, but the teammate typed it: nothing to ask
    if note is not None and (figures.followers is None or near_boundary):
        lines.append(note)
    lines.extend(figures.notes)
    if figures.followers is not None and "followers" not in merged.fetched:
        lines.append(f"The API reported {format_int(figures.followers)} followers.")
    return clip_lines(lines, FIELD_VALUE)


def lookup_failed_field(message: str) -> str:
    """Shown when a lookup failed but typed figures were enough to classify."""
    return clip_lines([f"No figures fetched: {message}"], FIELD_VALUE)
