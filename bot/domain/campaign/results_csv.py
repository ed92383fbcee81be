"""Reading the team's tracking spreadsheet: one row a post, as CSV or TSV.

Columns are found by name, in any order (handle, platform, post, views, likes, comments,
shares, saves, clicks, conversions, fee; common aliases too). Numbers are read like every
typed number in Tierbot (`numbers.parse_count`: 12.5k, 1.2M, 45,000) and fees like
`numbers.parse_money`. A row that can't be read is refused with its spreadsheet row number
and a reason; the others are returned for the storage to apply in one step.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Final

from bot.domain.campaign.models import (
    MAX_POSTS_PER_CAMPAIGN,
    CampaignRuleError,
    ImportedPost,
    PostResult,
    clean_post_label,
    post_label_key,
)
from bot.domain.creator_csv import CsvError, CsvFormatError, parse_platform
from bot.domain.handles import HandleError, normalize_handle
from bot.domain.numbers import NumberFormatError, parse_count, parse_money
from bot.domain.platforms import Platform

_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "handle": ("handle", "creator", "username", "account", "influencer", "profile"),
    "platform": ("platform", "network", "channel"),
    "post": ("post", "postlink", "posturl", "link", "url", "label", "content"),
    "views": ("views", "videoviews", "plays", "viewcount"),
    "likes": ("likes", "reactions"),
    "comments": ("comments",),
    "shares": ("shares", "reposts", "retweets"),
    "saves": ("saves", "bookmarks"),
    "clicks": ("clicks", "linkclicks"),
    "conversions": ("conversions", "sales", "orders", "purchases", "signups"),
    "fee": ("fee", "cost", "paid", "postfee"),
}
_COUNTS: Final = ("likes", "comments", "shares", "saves", "clicks", "conversions")
_FORMULA_TRIGGERS: Final = frozenset("=+-@\t\r")


class ResultsCsvError(CsvError):
    """The file can't be read as a tracking sheet at all; the message says why."""


@dataclass(frozen=True, slots=True)
class ResultsFile:
    rows: tuple[ImportedPost, ...]
    errors: tuple[tuple[int, str], ...]  # (spreadsheet row, reason)


def _key(header: str) -> str:
    return "".join(char for char in header.casefold() if char.isalnum())


def _decode(data: bytes) -> str:
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise ResultsCsvError("The file's text encoding is damaged.") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _cell(text: str) -> str:
    text = text.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_TRIGGERS:
        return text[1:]
    return text


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, name in enumerate(header):
        key = _key(name)
        for column, aliases in _ALIASES.items():
            if column not in found and key in aliases:
                found[column] = position
    return found


def read_results_csv(data: bytes, *, default_platform: Platform | None = None) -> ResultsFile:
    """Rows to import and rows refused. Raises `ResultsCsvError` (a `CsvError`) for a file
    without a header naming the handle and views columns."""
    text = _decode(data)
    if "\x00" in text:
        raise CsvFormatError("This doesn't look like a text file. Export the sheet as CSV.")
    body = text.lstrip("\r\n\ufeff")
    first_line = body.split("\n", 1)[0]
    delimiter = max(("\t", ",", ";"), key=first_line.count)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=False)
    header = next(reader, None)
    if header is None:
        raise ResultsCsvError("The file is empty: it needs a header row and one row a post.")
    columns = _columns(header)
    missing = [name for name in ("handle", "views") if name not in columns]
    if missing:
        raise ResultsCsvError(
            "The first row must name the columns; Tierbot found no "
            + " or ".join(f"“{name}”" for name in missing)
            + " column. Use: handle, platform, post, views, likes, comments, shares, saves, "
            "clicks, conversions, fee."
        )
    rows: list[ImportedPost] = []
    errors: list[tuple[int, str]] = []
    seen: dict[tuple[Platform, str, str], int] = {}
    line = 1
    for record in reader:
        line += 1
        if not any(cell.strip() for cell in record):
            continue
        if len(rows) + len(errors) >= MAX_POSTS_PER_CAMPAIGN:
            errors.append((line, f"is past the {MAX_POSTS_PER_CAMPAIGN:,} rows a file may hold"))
            break
        result = _read_row(line, record, columns, default_platform)
        if isinstance(result, str):
            errors.append((line, result))
            continue
        key = (result.post.platform, result.post.handle_key, post_label_key(result.post.label))
        if result.post.label and key in seen:
            errors.append((line, f"repeats the post on row {seen[key]}"))
            continue
        seen[key] = line
        rows.append(result)
    return ResultsFile(tuple(rows), tuple(errors))


def _read_row(
    line: int, record: list[str], columns: dict[str, int], default_platform: Platform | None
) -> ImportedPost | str:
    def cell(name: str) -> str:
        position = columns.get(name)
        return _cell(record[position]) if position is not None and position < len(record) else ""

    platform_text = cell("platform")
    platform = parse_platform(platform_text) if platform_text else None
    if platform_text and platform is None:
        return f"platform “{platform_text[:40]}” isn't one Tierbot knows"
    handle_text = cell("handle")
    try:
        handle = normalize_handle(handle_text, platform, default_platform=default_platform)
    except HandleError as exc:
        return f"handle “{handle_text[:40]}” {exc}"
    views_text = cell("views")
    if not views_text:
        return "has no views"
    figures: dict[str, int | None] = {}
    try:
        views = parse_count(views_text)
        for name in _COUNTS:
            value = cell(name)
            figures[name] = parse_count(value) if value else None
    except NumberFormatError as exc:
        return f"a number {exc}"
    fee: float | None = None
    fee_text = cell("fee")
    if fee_text:
        try:
            money = parse_money(fee_text)
        except NumberFormatError as exc:
            return f"fee “{fee_text[:40]}” {exc}"
        fee = float(money.amount)
    try:
        label = clean_post_label(cell("post"))
    except CampaignRuleError as exc:
        return f"post {exc}"
    post = PostResult(
        platform=handle.platform,
        handle_key=handle.key,
        label=label,
        views=views,
        fee=fee,
        **figures,
    )
    return ImportedPost(line, post, handle.label)
