"""Lookups in replies: /classify's "Fetched figures" field and /classify-csv's lookup report."""

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
from bot.domain.sheet_format import handle_cell, write_csv
from bot.lookups.csv_fill import CsvFill
from bot.render.classify import Reply
from bot.render.files import Attachment, attachment
from bot.render.limits import EMBED_FIELDS, EMBED_TOTAL, FIELD_VALUE, clip_lines
from bot.render.text import plain

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


# --- /classify-csv -----------------------------------------------------------------------------

LOOKUPS_FILENAME: Final = "tierbot-lookups.csv"
LOOKUP_REPORT_HEADER: Final = ("Row", "Handle", "Platform", "Lookup", "Source or reason")
_SHOWN_LINES: Final = 6


def csv_lookup_field(fill: CsvFill) -> str:
    """ "12 rows fetched, 3 from saved lookups, 2 skipped: …" and the first few rows."""
    counts = [
        (fill.count("fetched"), "fetched"),
        (fill.count("cached"), "from saved lookups"),
        (fill.count("failed"), "failed"),
        (fill.count("skipped"), "skipped"),
    ]
    summary = ", ".join(f"{format_int(n)} {what}" for n, what in counts if n)
    rows = "row" if len(fill.lines) == 1 else "rows"
    lines = [
        f"{format_int(len(fill.lines))} {rows} had a handle and no followers: {summary}. "
        f"Every row's outcome is in {LOOKUPS_FILENAME}."
    ]
    for line in [item for item in fill.lines if item.outcome in ("failed", "skipped")][
        :_SHOWN_LINES
    ]:
        lines.append(f"Row {line.line_number} {plain(line.handle, 40)}: {plain(line.detail, 160)}")
    return clip_lines(lines, FIELD_VALUE)


def csv_lookup_file(fill: CsvFill) -> Attachment:
    rows = (
        (
            line.line_number,
            handle_cell(line.handle),  # without "@": no visible formula guard
            line.platform.label if line.platform else "",
            {"cached": "saved lookup"}.get(line.outcome, line.outcome),
            line.detail,
        )
        for line in fill.lines
    )
    return attachment(write_csv(LOOKUP_REPORT_HEADER, rows), LOOKUPS_FILENAME)


def add_csv_lookups(reply: Reply, fill: CsvFill) -> None:
    """Add the lookup summary (when the embed has room) and the per-row lookup report."""
    if not fill.lines:
        return
    value = csv_lookup_field(fill)
    embed = reply.embed
    if len(embed.fields) < EMBED_FIELDS and len(embed) + len(FIELD_NAME_CSV) + len(value) <= (
        EMBED_TOTAL
    ):
        embed.add_field(name=FIELD_NAME_CSV, value=value, inline=False)
    reply.files.append(csv_lookup_file(fill))


FIELD_NAME_CSV: Final = "Looked up"
