"""Creator lists in CSV/TSV: reading what spreadsheets export, as teams really have them.

Reading (`parse_creator_csv`):

* Encoding: UTF-8 with or without a byte-order mark; UTF-16 or UTF-32 with a mark (Excel's
  "Unicode Text"); otherwise Windows-1252, with a note saying so.
* Header and delimiter: among the first few rows (a title or merged group headings may sit
  above the header) and the delimiters comma, semicolon, tab and pipe, the row and delimiter
  that name the most columns Tierbot reads (csv.Sniffer guesses wrong on short files).
  Excel's ``sep=;`` first line is honoured.
* Headers in English, German, French, Spanish and Portuguese and as tools export them
  (sheet_headers.py); a header naming a platform ("Instagram Handle") gives rows their
  platform. Unknown columns are kept and passed through.
* Numbers: each count column's convention ("1,234.5" or "1.234,5") comes from its own
  unambiguous values, then the file's other number columns, then the delimiter
  (number_convention.py); a value that reads both ways and can't be settled is refused on
  its row with both readings.
* Quoting as Excel writes it: quoted cells may hold delimiters, newlines and doubled quotes.
* Row numbers are the ones a spreadsheet shows: a quoted cell that spans several lines of
  the file is still one row; blank rows count; totals rows ("Summe", "Total") are left out
  with a note.
* Limits: 2 MB, 5,000 data rows, 200 columns, a 64 KB header line. Breaking a limit, or a
  file that is not text, raises a `CsvError`; a bad row only adds a `RowError`, which
  names the row's handle as written.

Writing is sheet_format.py's job (re-exported here): back in the file's own delimiter,
encoding and decimal mark (`ParsedCsv.sheet`), every text cell guarded against formulas.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from bot.domain.handles import Handle, HandleError, normalize_handle
from bot.domain.metrics import CreatorStats
from bot.domain.number_convention import (
    Convention,
    ConventionChoice,
    decide_from_tally,
    read_count,
    tally,
    two_way_readings,
)
from bot.domain.numbers import NumberFormatError, format_int
from bot.domain.platforms import Platform
from bot.domain.sheet_format import (
    SheetFormat,
    neutralize_cell,
    unneutralize_cell,
    write_csv,
)
from bot.domain.sheet_headers import (
    ACCEPTED_HEADERS,
    Column,
    header_key,
    match_header,
    read_header,
)

__all__ = [
    "ACCEPTED_HEADERS",
    "Column",
    "CreatorRow",
    "CsvError",
    "CsvFormatError",
    "CsvTooLargeError",
    "ParsedCsv",
    "RowError",
    "columns_read",
    "match_header",
    "neutralize_cell",
    "parse_creator_csv",
    "parse_platform",
    "records_by_row",
    "write_csv",
]

MAX_BYTES: Final = 2 * 1024 * 1024
MAX_ROWS: Final = 5_000
MAX_COLUMNS: Final = 200
MAX_HEADER_CHARS: Final = 64 * 1024
_DELIMITERS: Final = (",", ";", "\t", "|")
_DELIMITER_NAMES: Final = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


class CsvError(ValueError):
    """The file as a whole can't be read; the message is a plain sentence for the user."""


class CsvFormatError(CsvError):
    """Not a CSV Tierbot can read: binary, unreadable, or missing required columns."""


class CsvTooLargeError(CsvError):
    """Over a size limit; the message names the limit."""


_ENGAGEMENT: Final = frozenset(
    {Column.LIKES, Column.COMMENTS, Column.SHARES, Column.SAVES, Column.VIEWS}
)
_COUNT_COLUMNS: Final = (Column.FOLLOWERS, *sorted(_ENGAGEMENT))


def _key(header: str) -> str:
    return header_key(header)


_PLATFORM_NAMES: Final[dict[str, Platform]] = {
    **{_key(p.value): p for p in Platform},
    **{_key(p.label): p for p in Platform},
    "ig": Platform.INSTAGRAM,
    "insta": Platform.INSTAGRAM,
    "tt": Platform.TIKTOK,
    "yt": Platform.YOUTUBE,
    "twitter": Platform.X,
    "fb": Platform.FACEBOOK,
    "snap": Platform.SNAPCHAT,
}


def parse_platform(text: str) -> Platform | None:
    """ "Instagram", "IG", "X (Twitter)", "tik tok" -> a Platform; None if unknown."""
    return _PLATFORM_NAMES.get(_key(text[:40]))


# --- results ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowError:
    """A row Tierbot skipped, with the row number a spreadsheet shows (header = 1)."""

    line_number: int
    reason: str
    handle: str = ""  # the handle cell as written, "" when the row had none


@dataclass(frozen=True, slots=True)
class CreatorRow:
    """One valid creator row; `original` keeps every cell as typed, by header."""

    line_number: int
    handle: Handle
    stats: CreatorStats
    notes: str
    original: dict[str, str]


@dataclass(frozen=True, slots=True)
class ParsedCsv:
    """Every good row and every row error, plus how the file was read."""

    rows: tuple[CreatorRow, ...]
    errors: tuple[RowError, ...]
    header: tuple[str, ...]
    columns: dict[Column, str]  # which header each column came from
    ignored_columns: tuple[str, ...]
    encoding: str
    delimiter: str
    notes: tuple[str, ...]  # plain sentences about how the file was read
    conventions: dict[Column, ConventionChoice] = field(default_factory=dict)
    header_row: int = 1  # the spreadsheet row the header is on
    header_platform: Platform | None = None  # named by a header ("Instagram Handle")

    @property
    def delimiter_name(self) -> str:
        return _DELIMITER_NAMES[self.delimiter]

    @property
    def convention(self) -> Convention:
        """The file's number convention: the followers column's, else the first read."""
        choice = self.conventions.get(Column.FOLLOWERS) or next(
            iter(self.conventions.values()), None
        )
        if choice is not None:
            return choice.convention
        return Convention.CONTINENTAL if self.delimiter == ";" else Convention.ENGLISH

    @property
    def sheet(self) -> SheetFormat:
        """The format to write files back in: the team's delimiter, encoding and numbers."""
        delimiter = self.delimiter if self.delimiter in _DELIMITER_NAMES else ","
        return SheetFormat(delimiter, self.encoding, self.convention)


def columns_read(parsed: ParsedCsv) -> list[str]:
    """ "“Instagram Handle” as handle (Instagram)", one per column Tierbot used."""
    lines: list[str] = []
    for column, header in parsed.columns.items():
        what = column.value
        if column is Column.HANDLE and parsed.header_platform is not None:
            what += f" ({parsed.header_platform.label})"
        elif column in (Column.SHARES, Column.SAVES) and Column.VIEWS not in parsed.columns:
            # Without views there is no rate by views, the only one that counts them.
            what += " (counted only in a rate by views; the file has no views column)"
        elif column is Column.REPORTED_RATE:
            what = "the file's own engagement rate (kept; Tierbot works out its own)"
        lines.append(f"“{_short(header)}” as {what}")
    return lines


# --- reading ------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding name, notes)."""
    boms = (
        (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"),
        (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
        (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
        (b"\xff\xfe", "utf-16", "UTF-16"),
        (b"\xfe\xff", "utf-16", "UTF-16"),
    )
    for bom, codec, name in boms:
        if data.startswith(bom):
            try:
                return data.decode(codec), name, []
            except UnicodeDecodeError:
                raise CsvFormatError(
                    f"The file starts with a {name} marker but isn't valid {name} text."
                ) from None
    try:
        return data.decode("utf-8"), "UTF-8", []
    except UnicodeDecodeError:
        pass
    note = (
        "The file isn't UTF-8, so Tierbot read it as Windows-1252 (Western European). "
        "If names look wrong, save it as “CSV UTF-8” and upload it again."
    )
    return data.decode("cp1252", errors="replace"), "Windows-1252", [note]


def _refuse_binary(text: str) -> None:
    if "\x00" in text:
        raise CsvFormatError("This doesn't look like a text file. Export the sheet as CSV.")
    sample = text[:65536]
    controls = sum(1 for char in sample if char < " " and char not in "\t\r\n")
    if controls * 100 > len(sample):
        raise CsvFormatError("This doesn't look like a text file. Export the sheet as CSV.")


def _first_record_end(text: str) -> int:
    """Index where the first record ends (quotes respected), or -1 if over the limit."""
    limit = min(len(text), MAX_HEADER_CHARS)
    i, in_quotes = 0, False
    while i < limit:
        if in_quotes:
            j = text.find('"', i, limit)
            if j == -1:
                return -1 if limit < len(text) else len(text)
            in_quotes, i = False, j + 1
            continue
        quote = text.find('"', i, limit)
        newline = min(
            (pos for pos in (text.find("\n", i, limit), text.find("\r", i, limit)) if pos != -1),
            default=-1,
        )
        if newline != -1 and (quote == -1 or newline < quote):
            return newline
        if quote == -1:
            break
        in_quotes, i = True, quote + 1
    return -1 if limit < len(text) else len(text)


# Rows above the real header a spreadsheet may export: a title, merged group headings.
_HEADER_SEARCH_ROWS: Final = 8


def _recognised(cells: list[str]) -> set[Column]:
    return {column for cell in cells[:MAX_COLUMNS] if (column := match_header(cell)) is not None}


def _head_records(head: str, delimiter: str) -> list[list[str]]:
    records: list[list[str]] = []
    try:
        reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter, strict=False)
        for record in reader:
            records.append(record)
            if len(records) >= _HEADER_SEARCH_ROWS:
                break
    except csv.Error:
        pass
    return records


def _find_header(text: str, forced: str | None) -> tuple[str, int]:
    """(delimiter, index of the header record): the delimiter and row, among the first
    few, that name the most columns Tierbot reads; the first row when none does."""
    head = text[:MAX_HEADER_CHARS]
    best: tuple[int, int, int] | None = None
    chosen = (forced or ",", 0)
    candidates = (forced,) if forced else tuple(d for d in _DELIMITERS if d in head)
    for delimiter in candidates or (",",):
        for index, record in enumerate(_head_records(head, delimiter)):
            found = _recognised(record)
            complete = Column.HANDLE in found and Column.FOLLOWERS in found
            score = (int(complete), len(found), -index if found else -99)
            if best is None or score > best:
                best, chosen = score, (delimiter, index)
    if best is not None and best[1] == 0:
        # No row names a column Tierbot knows: the first row is the header, split by the
        # delimiter that gives it the most cells (the refusal then lists what it found).
        first = text[: max(_first_record_end(text), 0)]
        counts = {d: len(_head_records(first, d)[0]) if first else 1 for d in candidates}
        chosen = (max(counts, key=lambda d: counts[d]) if counts else ",", 0)
    return chosen


def _accepted_list(column: Column) -> str:
    return ", ".join(ACCEPTED_HEADERS[column][:8])


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:39] + "…"


_TOTALS_WORDS: Final = frozenset(
    {
        "total", "totals", "grandtotal", "sum", "summe", "gesamt", "insgesamt", "gesamtsumme",
        "totaux", "somme", "totalgeneral", "suma", "soma", "totalgeral", "average", "mittelwert",
        "durchschnitt", "moyenne", "promedio", "media",
    }
)  # fmt: skip


def _totals_label(record: list[str]) -> str | None:
    """The first cell's text when a row is a spreadsheet's totals/average row, else None.
    ("@total" is a handle: the "@" says so.)"""
    first = next((cell.strip() for cell in record if cell.strip()), "")
    if first.startswith("@") or header_key(first).rstrip(":") not in _TOTALS_WORDS:
        return None
    return first


@dataclass(slots=True)
class _Layout:
    header: tuple[str, ...]
    index: dict[Column, int]
    default_platform: Platform | None
    conventions: dict[Column, ConventionChoice]


def _read_row(layout: _Layout, line: int, row: list[str]) -> CreatorRow | RowError:
    index = layout.index
    width = len(layout.header)

    def cell(column: Column) -> str:
        position = index.get(column)
        if position is None or position >= len(row):
            return ""
        return unneutralize_cell(row[position].strip())

    handle_text = cell(Column.HANDLE)
    written = _short(handle_text)
    if len(row) > width and any(extra.strip() for extra in row[width:]):
        return RowError(
            line,
            f"has {format_int(len(row))} cells but the header has {format_int(width)}",
            written,
        )
    platform: Platform | None = None
    platform_text = cell(Column.PLATFORM)
    if platform_text:
        platform = parse_platform(platform_text)
        if platform is None:
            known = ", ".join(p.value for p in Platform)
            return RowError(
                line,
                f"platform “{_short(platform_text)}” isn't one Tierbot knows ({known})",
                written,
            )
    if not handle_text:
        return RowError(line, "has no handle")
    try:
        handle = normalize_handle(handle_text, platform, default_platform=layout.default_platform)
    except HandleError as exc:
        return RowError(line, f"handle “{written}” {exc}", written)
    counts: dict[str, int | None] = {}
    for column in _COUNT_COLUMNS:
        text = cell(column)
        if not text:
            if column is Column.FOLLOWERS:
                return RowError(line, "has no follower count", written)
            counts[column.value] = None
            continue
        try:
            counts[column.value] = read_count(
                text, layout.conventions.get(column), allow_zero=column is not Column.FOLLOWERS
            )
        except NumberFormatError as exc:
            return RowError(line, f"{column.value} “{_short(text)}” {exc}", written)
    try:
        stats = CreatorStats(
            followers=counts["followers"] or 0,
            likes=counts["likes"],
            comments=counts["comments"],
            shares=counts["shares"],
            saves=counts["saves"],
            views=counts["views"],
        )
    except ValueError as exc:  # pragma: no cover - read_count already enforces the limits
        return RowError(line, str(exc), written)
    original = {
        name: (row[i] if i < len(row) else "")
        for i, name in reversed(list(enumerate(layout.header)))
    }
    return CreatorRow(line, handle, stats, cell(Column.NOTES), original)


@dataclass(frozen=True, slots=True)
class _Text:
    """The decoded file from its first row, as a spreadsheet numbers rows."""

    body: str
    encoding: str
    notes: list[str]
    forced: str | None  # the delimiter an Excel "sep=" line names


def _prepare(data: bytes) -> _Text:
    text, encoding, notes = _decode(data)
    _refuse_binary(text)
    text = text.removeprefix("\ufeff")
    forced: str | None = None
    if text[:4].lower() == "sep=" and text[4:5] in _DELIMITERS and text[5:6] in ("\r", "\n"):
        # Excel's delimiter hint; Excel hides this line, so it doesn't count as a row.
        forced = text[4]
        text = text[7:] if text[5:7] == "\r\n" else text[6:]
    return _Text(text, encoding, notes, forced)


def _records(text: str, delimiter: str) -> Iterator[list[str]]:
    # Blank lines come back as empty records, so counting records counts rows.
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)


def records_by_row(data: bytes, parsed: ParsedCsv, wanted: set[int]) -> dict[int, list[str]]:
    """The raw records at these row numbers, read and numbered as `parse_creator_csv` does."""
    prepared = _prepare(data)
    found: dict[int, list[str]] = {}
    for line, record in enumerate(_records(prepared.body, parsed.delimiter), start=1):
        if line in wanted:
            found[line] = record
            if len(found) == len(wanted):
                break
    return found


def _layout_columns(
    header: tuple[str, ...], notes: list[str]
) -> tuple[dict[Column, int], list[str], Platform | None]:
    index: dict[Column, int] = {}
    ignored: list[str] = []
    header_platform: Platform | None = None
    for position, name in enumerate(header):
        meaning = read_header(name)
        if meaning is None:
            if name:
                ignored.append(name)
            continue
        column = meaning.column
        if column in index:
            first = header[index[column]]
            if not (column is Column.HANDLE and _is_url_header(name)) and (
                header_key(name) != "platformused"  # Tierbot's own column, saying the same
            ):
                # A profile-URL column next to the handle says the same; no need to mention it.
                notes.append(
                    f"Two columns mean {column.value} (“{_short(first)}” and "
                    f"“{_short(name)}”); Tierbot used the first."
                )
            ignored.append(name)
            continue
        index[column] = position
        if column is Column.HANDLE and meaning.platform is not None:
            header_platform = meaning.platform
    return index, ignored, header_platform


def _is_url_header(name: str) -> bool:
    key = header_key(name)
    return "url" in key or "link" in key or "lien" in key or "enlace" in key


def _convention_notes(
    conventions: dict[Column, ConventionChoice],
    header: tuple[str, ...],
    index: dict[Column, int],
    two_way: set[Column],
) -> list[str]:
    """One sentence per convention used, when it mattered: a continental file, or a column
    with values that read both ways. An English file of plain numbers needs no remark."""
    shown = {
        column: choice
        for column, choice in conventions.items()
        if choice.decided and (choice.convention is Convention.CONTINENTAL or column in two_way)
    }
    groups: dict[Convention, list[Column]] = {}
    for column, choice in shown.items():
        groups.setdefault(choice.convention, []).append(column)
    notes = []
    for convention, columns in groups.items():
        where = ""
        if len(groups) > 1:
            where = " in " + ", ".join(f"“{_short(header[index[c]])}”" for c in columns)
        reason = shown[columns[0]].reason
        notes.append(f"Numbers{where} read {convention.description}, from {reason}.")
    return notes


def parse_creator_csv(
    data: bytes,
    *,
    default_platform: Platform | None = None,
    dedupe: bool = True,
) -> ParsedCsv:
    """Read a creator list. Raises `CsvTooLargeError` or `CsvFormatError` for the whole
    file; bad rows become `RowError`s next to the good `CreatorRow`s.

    `dedupe`: a later row for a creator already read is refused ("repeats the creator on
    row 5"). A caller that judges rows further (a shortlist import) dedupes itself, so a
    creator whose first row it refuses is not lost."""
    if len(data) > MAX_BYTES:
        raise CsvTooLargeError(
            f"The file is over the {MAX_BYTES // (1024 * 1024)} MB limit for creator lists."
        )
    prepared = _prepare(data)
    text, notes = prepared.body, prepared.notes
    if not text.strip():
        raise CsvFormatError("The file is empty.")
    body = text.lstrip("\r\n")
    if _first_record_end(body) == -1:
        raise CsvFormatError(
            f"The first line is over {MAX_HEADER_CHARS // 1024} KB long; "
            "is this a CSV file with a header row?"
        )
    lead = text[: len(text) - len(body)]
    skipped = lead.count("\n") + lead.count("\r") - lead.count("\r\n")
    delimiter, header_index = _find_header(body, prepared.forced)
    try:
        records = list(_records(text, delimiter))
    except csv.Error as exc:
        reason = "a cell is too long" if "field larger" in str(exc) else "it isn't valid CSV"
        raise CsvFormatError(f"A row can't be read: {reason}.") from None
    header_line = skipped + header_index  # index into `records`
    cells = records[header_line] if header_line < len(records) else []
    if len(cells) > MAX_COLUMNS:
        raise CsvFormatError(
            f"The header has {format_int(len(cells))} columns; Tierbot reads at most {MAX_COLUMNS}."
        )
    header = tuple(cell.strip() for cell in cells)
    index, ignored, header_platform = _layout_columns(header, notes)
    missing = [c for c in (Column.HANDLE, Column.FOLLOWERS) if c not in index]
    if missing:
        wanted = " ".join(
            f"For {column.value}, name a column one of: {_accepted_list(column)}."
            for column in missing
        )
        raise CsvFormatError(
            "Tierbot can't find the "
            + " and ".join(column.value for column in missing)
            + f" column{'s' if len(missing) > 1 else ''} in the header. {wanted} "
            "Case, spaces and punctuation don't matter; German, French, Spanish and "
            "Portuguese names work too."
        )
    if header_index:
        notes.append(
            f"The header is on row {header_line + 1}; the "
            f"{'row' if header_index == 1 else f'{header_index} rows'} above it "
            f"({'a title' if header_index == 1 else 'titles'}) "
            f"{'was' if header_index == 1 else 'were'} left out."
        )
    data_rows: list[tuple[int, list[str]]] = []
    for position in range(header_line + 1, len(records)):
        record = records[position]
        if not any(value.strip() for value in record):
            continue  # blank rows are skipped, but still counted like a spreadsheet does
        label = _totals_label(record)
        if label is not None:
            notes.append(f"Row {position + 1} (“{_short(label)}”) is a totals row; left out.")
            continue
        data_rows.append((position + 1, record))
        if len(data_rows) > MAX_ROWS:
            raise CsvTooLargeError(
                f"The file has more than {format_int(MAX_ROWS)} creator rows; "
                "split it into smaller files."
            )
    conventions = _conventions(index, data_rows, delimiter)
    platform = default_platform if header_platform is None else header_platform
    layout = _Layout(header, index, platform, conventions)
    rows: list[CreatorRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[Platform, str], int] = {}
    for line, record in data_rows:
        result = _read_row(layout, line, record)
        if isinstance(result, RowError):
            errors.append(result)
            continue
        key = (result.handle.platform, result.handle.key)
        first = seen.get(key)
        if dedupe and first is not None:
            errors.append(
                RowError(line, f"repeats the creator on row {first}", _short(result.handle.label))
            )
            continue
        seen.setdefault(key, line)
        rows.append(result)
    two_way = {
        column
        for column, position in index.items()
        if column in conventions
        and any(
            position < len(record) and two_way_readings(record[position]) for _, record in data_rows
        )
    }
    notes.extend(_convention_notes(conventions, header, index, two_way))
    return ParsedCsv(
        rows=tuple(rows),
        errors=tuple(errors),
        header=header,
        columns={column: header[position] for column, position in index.items()},
        ignored_columns=tuple(ignored),
        encoding=prepared.encoding,
        delimiter=delimiter,
        notes=tuple(notes),
        conventions=conventions,
        header_row=header_line + 1,
        header_platform=header_platform,
    )


_PLAIN_NUMBER: Final = re.compile(r"[+-]?[0-9][0-9., \u00a0]*%?")


def _conventions(
    index: dict[Column, int], data_rows: list[tuple[int, list[str]]], delimiter: str
) -> dict[Column, ConventionChoice]:
    """Each count column's number convention, from its own values first (see
    number_convention.decide)."""
    values: dict[Column, list[str]] = {}
    for column in _COUNT_COLUMNS:
        position = index.get(column)
        if position is not None:
            values[column] = [
                record[position].strip() for _, record in data_rows if position < len(record)
            ]
    tallies = {column: tally(cells) for column, cells in values.items()}
    # Other columns of plain numbers (a rate, a price) show the convention too: a file
    # Tierbot wrote keeps its decimal commas there, its counts being whole numbers.
    others = [
        tally(
            cell
            for _, record in data_rows
            if position < len(record) and _PLAIN_NUMBER.fullmatch(cell := record[position].strip())
        )
        for position in range(max((len(r) for _, r in data_rows), default=0))
        if position not in index.values()
    ]
    found = [*tallies.values(), *others]
    file_evidence = (sum(f[0] for f in found), sum(f[1] for f in found))
    return {c: decide_from_tally(tallies[c], delimiter, file_evidence) for c in values}
