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

import csv
import io
from dataclasses import dataclass
from typing import Final

from bot.domain.creator_csv import (
    Column,
    CreatorRow,
    ParsedCsv,
    RowError,
    parse_creator_csv,
    parse_platform,
)
from bot.domain.handles import HandleError, normalize_handle
from bot.domain.platforms import Platform
from bot.domain.shortlist import ImportRow, ShortlistRuleError, Status, clean_note, parse_status

STATUS_HEADER: Final = "status"
# creator_csv's reason for a row without followers (tests/unit pin it, so a change shows).
NO_FOLLOWERS_REASON: Final = "has no follower count"
_ENGAGEMENT: Final = (Column.LIKES, Column.COMMENTS, Column.SHARES, Column.SAVES, Column.VIEWS)
_FORMULA_TRIGGERS: Final = frozenset("=+-@\t\r＝＋－＠")


@dataclass(frozen=True, slots=True)
class ShortlistFile:
    rows: tuple[ImportRow, ...]
    errors: tuple[RowError, ...]
    parsed: ParsedCsv


def _key(header: str) -> str:
    return "".join(char for char in header.casefold() if char.isalnum())


def _status_header(parsed: ParsedCsv) -> str | None:
    return next((name for name in parsed.header if _key(name) == STATUS_HEADER), None)


def _status(cell: str, line: int) -> Status | RowError | None:
    text = cell.strip()
    if not text:
        return None
    status = parse_status(text)
    if status is None:
        known = ", ".join(status.value for status in Status)
        return RowError(line, f"status “{text[:40]}” isn't one of {known}")
    return status


def _note(cell: str, line: int) -> str | RowError | None:
    try:
        note = clean_note(cell)
    except ShortlistRuleError as exc:
        return RowError(line, f"notes {exc}")
    return note or None


def _from_creator_row(row: CreatorRow, status_header: str | None) -> ImportRow | RowError:
    status = (
        _status(row.original.get(status_header, ""), row.line_number) if status_header else None
    )
    if isinstance(status, RowError):
        return status
    note = _note(row.notes, row.line_number)
    if isinstance(note, RowError):
        return note
    return ImportRow(
        line_number=row.line_number, handle=row.handle, stats=row.stats, notes=note, status=status
    )


def _unneutralize(cell: str) -> str:
    """Undo `creator_csv.neutralize_cell`, as the creator parser does for its own cells."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in _FORMULA_TRIGGERS:
        return cell[1:]
    return cell


def _records_at(data: bytes, parsed: ParsedCsv, wanted: set[int]) -> dict[int, list[str]]:
    """The raw records at these row numbers, read exactly as `parse_creator_csv` reads and
    numbers them (same decoding, `sep=` line, blank lines above the header, delimiter)."""
    codecs = {"UTF-8": "utf-8-sig", "UTF-16": "utf-16", "UTF-32": "utf-32"}
    codec = codecs.get(parsed.encoding)
    text = data.decode(codec) if codec else data.decode("cp1252", errors="replace")
    text = text.removeprefix("\ufeff")
    if text[:4].lower() == "sep=" and text[4:5] == parsed.delimiter and text[5:6] in ("\r", "\n"):
        text = text[7:] if text[5:7] == "\r\n" else text[6:]
    body = text.lstrip("\r\n")
    lead = text[: len(text) - len(body)]
    line = lead.count("\n") + lead.count("\r") - lead.count("\r\n") + 1
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=parsed.delimiter, strict=False)
    next(reader, None)
    found: dict[int, list[str]] = {}
    for record in reader:
        line += 1
        if line in wanted:
            found[line] = record
            if len(found) == len(wanted):
                break
    return found


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
        return _unneutralize(record[position].strip()) if position < len(record) else ""

    if any(cell(parsed.columns.get(column)) for column in _ENGAGEMENT):
        return RowError(line, "has engagement figures but no follower count")
    platform_text = cell(parsed.columns.get(Column.PLATFORM))
    platform = parse_platform(platform_text) if platform_text else None
    handle_text = cell(parsed.columns.get(Column.HANDLE))
    try:
        handle = normalize_handle(handle_text, platform, default_platform=default_platform)
    except HandleError as exc:
        return RowError(line, f"handle “{handle_text[:40]}” {exc}")
    status = _status(cell(status_header), line)
    if isinstance(status, RowError):
        return status
    note = _note(cell(parsed.columns.get(Column.NOTES)), line)
    if isinstance(note, RowError):
        return note
    return ImportRow(line_number=line, handle=handle, stats=None, notes=note, status=status)


def read_shortlist_csv(data: bytes, *, default_platform: Platform | None = None) -> ShortlistFile:
    """Rows to import and rows refused (with spreadsheet row numbers). Raises `CsvError` for
    a file that can't be read at all. CPU-bound for big files: run it off the event loop."""
    parsed = parse_creator_csv(data, default_platform=default_platform)
    status_header = _status_header(parsed)
    results: list[ImportRow | RowError] = [
        _from_creator_row(row, status_header) for row in parsed.rows
    ]
    missing = {e.line_number for e in parsed.errors if e.reason == NO_FOLLOWERS_REASON}
    records = _records_at(data, parsed, missing) if missing else {}
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
    # The first row of a creator wins, later ones are refused (as the creator parser does).
    first_row: dict[tuple[Platform, str], int] = {}
    for index, item in enumerate(results):
        if isinstance(item, ImportRow):
            key = (item.handle.platform, item.handle.key)
            if key in first_row:
                results[index] = RowError(
                    item.line_number, f"repeats the creator on row {first_row[key]}"
                )
            else:
                first_row[key] = item.line_number
    return ShortlistFile(
        rows=tuple(item for item in results if isinstance(item, ImportRow)),
        errors=tuple(item for item in results if isinstance(item, RowError)),
        parsed=parsed,
    )
