"""/classify-csv lookups: rows with a handle and no followers get fetched figures, up to
LOOKUP_CSV_MAX_ROWS a file and LOOKUPS_AT_ONCE at a time, before the file is classified as
usual.

The file is rewritten with the fetched numbers in its empty cells (every other cell, the
delimiter, blank rows and the rows' numbering kept), so the classifier reads it unchanged.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Final, Literal

from bot.domain.creator_csv import Column, ParsedCsv, parse_platform
from bot.domain.handles import Handle, HandleError, normalize_handle
from bot.domain.lookup import LookupFailed
from bot.domain.platforms import Platform
from bot.lookups.service import CreatorLookups, LookupResult

Outcome = Literal["fetched", "cached", "skipped", "failed"]
# Lookups of one file running at once: faster than one by one, and gentle on the platforms'
# rate limits (each platform's own limits and Tierbot's YouTube budget still apply).
LOOKUPS_AT_ONCE: Final = 4
_FILLED: Final = (
    (Column.FOLLOWERS, "followers"),
    (Column.LIKES, "likes"),
    (Column.COMMENTS, "comments"),
    (Column.VIEWS, "views"),
)


@dataclass(frozen=True, slots=True)
class LookupLine:
    line_number: int
    handle: str
    platform: Platform | None
    outcome: Outcome
    detail: str  # the source for fetched rows; why, for the others


@dataclass(frozen=True, slots=True)
class _Pending:
    slot: int  # its place in CsvFill.lines (the report stays in row order)
    row: LookupLine
    record: list[str]  # the CSV row, filled in place
    handle: Handle


@dataclass(slots=True)
class CsvFill:
    data: bytes  # the file to classify (the original when nothing was filled)
    lines: list[LookupLine] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(line.outcome == outcome for line in self.lines)


def _decode(data: bytes) -> str | None:
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _split_prefix(text: str, delimiter: str) -> tuple[str, str]:
    """(sep= line and blank lines above the header, the rest), as the parser skips them."""
    prefix = ""
    if text[:4].lower() == "sep=" and text[4:5] == delimiter and text[5:6] in ("\r", "\n"):
        cut = 7 if text[5:7] == "\r\n" else 6
        prefix, text = text[:cut], text[cut:]
    body = text.lstrip("\r\n")
    return prefix + text[: len(text) - len(body)], body


async def fill_missing_figures(
    data: bytes,
    parsed: ParsedCsv,
    lookups: CreatorLookups,
    *,
    default_platform: Platform | None,
    max_rows: int,
    setting_name: str = "LOOKUP_CSV_MAX_ROWS",
    on_progress: Callable[[int], Awaitable[None]] | None = None,
) -> CsvFill:
    """Look up rows with a handle and no follower count; fill their empty figure cells."""
    text = _decode(data)
    handle_column = parsed.columns.get(Column.HANDLE)
    if text is None or handle_column is None or Column.FOLLOWERS not in parsed.columns:
        return CsvFill(data)
    prefix, body = _split_prefix(text.removeprefix("\ufeff"), parsed.delimiter)
    records = list(csv.reader(io.StringIO(body, newline=""), delimiter=parsed.delimiter))
    line_of_first = prefix.count("\n") + prefix.count("\r") - prefix.count("\r\n") + 1
    if prefix.lower().startswith("sep="):
        line_of_first -= 1  # Excel hides the sep= line: it isn't a row
    # The header may sit below a title or merged group headings (the parser says where).
    header_at = parsed.header_row - line_of_first
    if not 0 <= header_at < len(records) or (
        tuple(cell.strip() for cell in records[header_at]) != parsed.header
    ):
        return CsvFill(data)  # read differently from the parser: leave the file alone
    position = {column: parsed.header.index(name) for column, name in parsed.columns.items()}
    # A header naming a platform ("YouTube channel") gives its rows that platform.
    default_platform = parsed.header_platform or default_platform
    fill = CsvFill(data)
    pending: list[_Pending] = []
    seen: dict[tuple[Platform, str], int] = {}

    def cell(record: list[str], column: Column) -> str:
        index = position.get(column)
        return record[index].strip() if index is not None and index < len(record) else ""

    # First, in row order: which rows are looked up (repeats, platforms without a lookup and
    # rows past the cap are skipped here, so the cap always keeps the file's first rows).
    for offset, record in enumerate(records[header_at + 1 :], start=header_at + 1):
        handle_text = cell(record, Column.HANDLE)
        if not handle_text or cell(record, Column.FOLLOWERS):
            continue
        line = line_of_first + offset
        platform_text = cell(record, Column.PLATFORM)
        platform = parse_platform(platform_text) if platform_text else None
        try:
            handle = normalize_handle(handle_text, platform, default_platform=default_platform)
        except HandleError:
            continue  # the classifier's row report says why
        row = LookupLine(line, handle.label, handle.platform, "skipped", "")
        first = seen.setdefault((handle.platform, handle.key), line)
        reason = lookups.reason_unavailable(handle.platform, short=True)
        if first != line:
            reason = f"repeats the creator on row {first}"
        elif reason is None and len(pending) >= max_rows:
            reason = f"over the {max_rows} lookups a file allows ({setting_name})"
        if reason is not None:
            fill.lines.append(replace(row, detail=reason))
            continue
        pending.append(_Pending(len(fill.lines), row, record, handle))
        fill.lines.append(row)  # its outcome replaces this once looked up

    # Then the lookups, a few at a time. A quota, rate limit or refused key stops the rest of
    # that platform's rows (they would fail the same way); other platforms carry on.
    queue = deque(pending)
    stopped: dict[Platform, str] = {}
    started = 0
    width = len(parsed.header)
    changed = False

    def note(item: _Pending, outcome: Outcome, detail: str) -> None:
        fill.lines[item.slot] = replace(item.row, outcome=outcome, detail=detail)

    async def look_up(item: _Pending) -> None:
        nonlocal started, changed
        started += 1
        if on_progress is not None:
            await on_progress(started)
        try:
            result: LookupResult = await lookups.lookup(item.handle)
        except LookupFailed as exc:
            if exc.stops_a_batch:
                stopped.setdefault(item.handle.platform, exc.message)
            note(item, "failed", exc.message)
            return
        figures = result.figures
        if figures.followers is None:
            note(item, "failed", "the account hides its follower count: type it in the file")
            return
        values = {
            "followers": figures.followers,
            "likes": figures.posts.likes if figures.posts else None,
            "comments": figures.posts.comments if figures.posts else None,
            "views": figures.posts.views if figures.posts else None,
        }
        record = item.record
        record.extend([""] * (width - len(record)))
        for column, name in _FILLED:
            index = position.get(column)
            value = values[name]
            if index is not None and value is not None and not record[index].strip():
                record[index] = str(value)
                changed = True
        note(item, "cached" if result.from_cache else "fetched", figures.api)

    async def worker() -> None:
        while queue:
            item = queue.popleft()
            reason = stopped.get(item.handle.platform)
            if reason is not None:
                note(item, "skipped", reason)
            else:
                await look_up(item)

    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(min(LOOKUPS_AT_ONCE, len(pending))):
                group.create_task(worker())
    except BaseExceptionGroup as failures:
        # An unexpected error (not a failed lookup) stops the others; the command's error
        # handling sees it as it would without the group.
        raise failures.exceptions[0] from None
    if changed:
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=parsed.delimiter, lineterminator="\r\n")
        writer.writerows(records)
        fill.data = (prefix + out.getvalue()).encode("utf-8")
    return fill
