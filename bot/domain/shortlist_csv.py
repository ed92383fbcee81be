"""Reading a shortlist CSV: a shortlist export, a /classify-csv result, or any creator list.

Everything about the file itself (encodings, delimiters, header aliases, row numbers,
formula neutralisation) is `creator_csv.parse_creator_csv`'s job. This module adds what a
shortlist needs on top:

* a `status` column (prospect, contacted, …), which the creator parser does not read;
* rows without a follower count. The creator parser refuses them (a classification needs
  followers), but a shortlist may hold a creator whose numbers nobody has yet, and its own
  export must read back. Those rows are re-read here with the same dialect and row
  numbering, and kept when they carry nothing a follower count is needed for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from bot.domain.creator_csv import (
    Column,
    CreatorRow,
    ParsedCsv,
    RowError,
    parse_creator_csv,
    parse_platform,
    records_by_row,
)
from bot.domain.handles import HandleError, normalize_handle
from bot.domain.platforms import Platform
from bot.domain.sheet_format import unneutralize_cell
from bot.domain.shortlist import ImportRow, ShortlistRuleError, Status, clean_note, parse_status

STATUS_HEADER: Final = "status"
# creator_csv's reason for a row without followers (tests/unit pin it, so a change shows).
NO_FOLLOWERS_REASON: Final = "has no follower count"
_ENGAGEMENT: Final = (Column.LIKES, Column.COMMENTS, Column.SHARES, Column.SAVES, Column.VIEWS)


@dataclass(frozen=True, slots=True)
class ShortlistFile:
    rows: tuple[ImportRow, ...]
    errors: tuple[RowError, ...]
    parsed: ParsedCsv


def _key(header: str) -> str:
    return "".join(char for char in header.casefold() if char.isalnum())


def _status_header(parsed: ParsedCsv) -> str | None:
    return next((name for name in parsed.header if _key(name) == STATUS_HEADER), None)


def _status(cell: str, line: int, written: str) -> Status | RowError | None:
    text = cell.strip()
    if not text:
        return None
    status = parse_status(text)
    if status is None:
        known = ", ".join(status.value for status in Status)
        return RowError(line, f"status “{text[:40]}” isn't one of {known}", written)
    return status


def _note(cell: str, line: int, written: str) -> str | RowError | None:
    try:
        note = clean_note(cell)
    except ShortlistRuleError as exc:
        return RowError(line, f"notes {exc}", written)
    return note or None


def _written_handle(row: CreatorRow, parsed: ParsedCsv) -> str:
    header = parsed.columns.get(Column.HANDLE)
    return unneutralize_cell(row.original.get(header, "").strip())[:40] if header else ""


def _from_creator_row(
    row: CreatorRow, status_header: str | None, parsed: ParsedCsv
) -> ImportRow | RowError:
    written = _written_handle(row, parsed)
    status = (
        _status(row.original.get(status_header, ""), row.line_number, written)
        if status_header
        else None
    )
    if isinstance(status, RowError):
        return status
    note = _note(row.notes, row.line_number, written)
    if isinstance(note, RowError):
        return note
    return ImportRow(
        line_number=row.line_number, handle=row.handle, stats=row.stats, notes=note, status=status
    )


def _without_followers(
    line: int,
    record: list[str],
    parsed: ParsedCsv,
    status_header: str | None,
    default_platform: Platform | None,
) -> ImportRow | RowError:
    def cell(header: str | None) -> str:
        if header is None:
            return ""
        position = parsed.header.index(header)
        return unneutralize_cell(record[position].strip()) if position < len(record) else ""

    handle_text = cell(parsed.columns.get(Column.HANDLE))
    written = handle_text[:40]
    if any(cell(parsed.columns.get(column)) for column in _ENGAGEMENT):
        return RowError(line, "has engagement figures but no follower count", written)
    platform_text = cell(parsed.columns.get(Column.PLATFORM))
    platform = parse_platform(platform_text) if platform_text else None
    try:
        handle = normalize_handle(
            handle_text, platform, default_platform=parsed.header_platform or default_platform
        )
    except HandleError as exc:
        return RowError(line, f"handle “{written}” {exc}", written)
    status = _status(cell(status_header), line, written)
    if isinstance(status, RowError):
        return status
    note = _note(cell(parsed.columns.get(Column.NOTES)), line, written)
    if isinstance(note, RowError):
        return note
    return ImportRow(line_number=line, handle=handle, stats=None, notes=note, status=status)


def read_shortlist_csv(data: bytes, *, default_platform: Platform | None = None) -> ShortlistFile:
    """Rows to import and rows refused (with spreadsheet row numbers). Raises `CsvError` for
    a file that can't be read at all. CPU-bound for big files: run it off the event loop."""
    # Each row is judged on its own, so duplicates are found here, after every refusal:
    # a creator whose first row is refused is still imported from a later row.
    parsed = parse_creator_csv(data, default_platform=default_platform, dedupe=False)
    status_header = _status_header(parsed)
    results: list[ImportRow | RowError] = [
        _from_creator_row(row, status_header, parsed) for row in parsed.rows
    ]
    missing = {e.line_number for e in parsed.errors if e.reason == NO_FOLLOWERS_REASON}
    records = records_by_row(data, parsed, missing) if missing else {}
    for error in parsed.errors:
        record = records.get(error.line_number)
        if record is None:
            results.append(error)
        else:
            results.append(
                _without_followers(
                    error.line_number, record, parsed, status_header, default_platform
                )
            )
    results.sort(key=lambda item: item.line_number)
    # The first imported row of a creator wins; later ones are refused, naming it.
    first_row: dict[tuple[Platform, str], int] = {}
    for index, item in enumerate(results):
        if isinstance(item, ImportRow):
            key = (item.handle.platform, item.handle.key)
            if key in first_row:
                results[index] = RowError(
                    item.line_number,
                    f"repeats the creator on row {first_row[key]}",
                    item.handle.label[:40],
                )
            else:
                first_row[key] = item.line_number
    return ShortlistFile(
        rows=tuple(item for item in results if isinstance(item, ImportRow)),
        errors=tuple(item for item in results if isinstance(item, RowError)),
        parsed=parsed,
    )
