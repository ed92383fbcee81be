"""Creator lists in CSV/TSV: reading what spreadsheets export, writing what they open safely.

Reading (`parse_creator_csv`):

* Encoding: UTF-8 with or without a byte-order mark; UTF-16 or UTF-32 with a mark (Excel's
  "Unicode Text"); otherwise Windows-1252, with a note saying so.
* Delimiter: comma, semicolon, tab or pipe, chosen by which one splits the header into
  the most recognised column names (csv.Sniffer guesses wrong on short files). Excel's
  ``sep=;`` first line is honoured.
* Quoting as Excel writes it: quoted cells may hold delimiters, newlines and doubled quotes.
* Headers match without regard to case, spaces, underscores or punctuation, with common
  aliases (see `ACCEPTED_HEADERS`); "avg"/"average" prefixes and "per post"/"count"
  suffixes are ignored on the engagement columns.
* Line numbers are the row numbers a spreadsheet shows (header = 1): a quoted cell that
  spans several lines of the file is still one row.
* Limits: 2 MB, 5,000 data rows, 200 columns, a 64 KB header line. Breaking a limit, or a
  file that is not text, raises a `CsvError`; a bad row only adds a `RowError`.

Writing (`write_csv`): UTF-8 with a byte-order mark (so Excel picks the right encoding),
CRLF line ends, and every cell passed through `neutralize_cell` so no cell can run as a
spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from bot.domain.handles import Handle, HandleError, normalize_handle
from bot.domain.metrics import CreatorStats
from bot.domain.numbers import NumberFormatError, format_int, parse_count
from bot.domain.platforms import Platform

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


class Column(StrEnum):
    HANDLE = "handle"
    PLATFORM = "platform"
    FOLLOWERS = "followers"
    LIKES = "likes"
    COMMENTS = "comments"
    SHARES = "shares"
    SAVES = "saves"
    VIEWS = "views"
    NOTES = "notes"


# Header names as shown to users; matching ignores case, spaces and punctuation.
ACCEPTED_HEADERS: Final[dict[Column, tuple[str, ...]]] = {
    Column.HANDLE: (
        "handle", "username", "user", "creator", "profile", "profile url", "profile link",
        "url", "link", "account", "channel url",
    ),
    Column.PLATFORM: ("platform", "network", "channel", "social network"),
    Column.FOLLOWERS: (
        "followers", "follower count", "followers count", "subscribers", "subscriber count",
        "subs", "fans", "audience", "audience size",
    ),
    Column.LIKES: ("likes", "avg likes", "average likes"),
    Column.COMMENTS: ("comments", "avg comments", "average comments"),
    Column.SHARES: ("shares", "avg shares"),
    Column.SAVES: ("saves", "avg saves"),
    Column.VIEWS: ("views", "avg views", "plays", "video views"),
    Column.NOTES: ("notes", "note", "remarks"),
}  # fmt: skip

_ENGAGEMENT: Final = frozenset(
    {Column.LIKES, Column.COMMENTS, Column.SHARES, Column.SAVES, Column.VIEWS}
)
_EXTRA_ENGAGEMENT_KEYS: Final = {
    "like": Column.LIKES,
    "comment": Column.COMMENTS,
    "share": Column.SHARES,
    "save": Column.SAVES,
    "view": Column.VIEWS,
    "play": Column.VIEWS,
}
_COUNT_COLUMNS: Final = (Column.FOLLOWERS, *sorted(_ENGAGEMENT))
_PREFIXES: Final = ("average", "avg", "mean", "median")
_SUFFIXES: Final = ("perpost", "pervideo", "count", "average", "avg")


def _key(header: str) -> str:
    """Lowercase letters and digits only: "Avg. Likes_per post" -> "avglikesperpost"."""
    return "".join(char for char in header.casefold() if char.isalnum())


_ALIAS_KEYS: Final[dict[str, Column]] = {
    _key(alias): column for column, aliases in ACCEPTED_HEADERS.items() for alias in aliases
}


def match_header(header: str) -> Column | None:
    """The column a header names, or None when Tierbot doesn't use it."""
    key = _key(header)
    if not key or len(key) > 64:
        return None
    found = _ALIAS_KEYS.get(key)
    if found is not None:
        return found
    for prefix in _PREFIXES:
        key = key.removeprefix(prefix)
    for _ in range(2):  # "likes count avg" has two suffixes
        for suffix in _SUFFIXES:
            key = key.removesuffix(suffix)
    found = _ALIAS_KEYS.get(key) or _EXTRA_ENGAGEMENT_KEYS.get(key)
    return found if found in _ENGAGEMENT else None


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

    @property
    def delimiter_name(self) -> str:
        return _DELIMITER_NAMES[self.delimiter]


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
    """Index where the header record ends (quotes respected), or -1 if over the limit."""
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


def _split_header(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(line, newline=""), delimiter=delimiter), [])
    except csv.Error:
        return []


def _choose_delimiter(header_line: str) -> tuple[str, list[str]]:
    best: tuple[int, int] = (-1, -1)
    chosen, cells = ",", [header_line]
    for delimiter in _DELIMITERS:
        if delimiter not in header_line:
            continue
        split = _split_header(header_line, delimiter)
        recognised = len({match_header(cell) for cell in split[:MAX_COLUMNS]} - {None})
        score = (recognised, len(split))
        if score > best:
            best, chosen, cells = score, delimiter, split
    if best == (-1, -1):
        cells = _split_header(header_line, ",")
    return chosen, cells


def _accepted_list(column: Column) -> str:
    return ", ".join(ACCEPTED_HEADERS[column])


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:39] + "…"


def _unneutralize(cell: str) -> str:
    """Undo `neutralize_cell` so a file Tierbot exported reads back the same."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in _TRIGGERS:
        return cell[1:]
    return cell


@dataclass(slots=True)
class _Layout:
    header: tuple[str, ...]
    index: dict[Column, int]
    default_platform: Platform | None


def _read_row(layout: _Layout, line: int, row: list[str]) -> CreatorRow | RowError:
    index = layout.index
    width = len(layout.header)

    def cell(column: Column) -> str:
        position = index.get(column)
        if position is None or position >= len(row):
            return ""
        return _unneutralize(row[position].strip())

    if len(row) > width and any(extra.strip() for extra in row[width:]):
        return RowError(
            line, f"has {format_int(len(row))} cells but the header has {format_int(width)}"
        )
    platform: Platform | None = None
    platform_text = cell(Column.PLATFORM)
    if platform_text:
        platform = parse_platform(platform_text)
        if platform is None:
            known = ", ".join(p.value for p in Platform)
            return RowError(
                line, f"platform “{_short(platform_text)}” isn't one Tierbot knows ({known})"
            )
    handle_text = cell(Column.HANDLE)
    if not handle_text:
        return RowError(line, "has no handle")
    try:
        handle = normalize_handle(handle_text, platform, default_platform=layout.default_platform)
    except HandleError as exc:
        return RowError(line, f"handle “{_short(handle_text)}” {exc}")
    counts: dict[str, int | None] = {}
    for column in _COUNT_COLUMNS:
        text = cell(column)
        if not text:
            if column is Column.FOLLOWERS:
                return RowError(line, "has no follower count")
            counts[column.value] = None
            continue
        try:
            counts[column.value] = parse_count(text, allow_zero=column is not Column.FOLLOWERS)
        except NumberFormatError as exc:
            return RowError(line, f"{column.value} “{_short(text)}” {exc}")
    try:
        stats = CreatorStats(
            followers=counts["followers"] or 0,
            likes=counts["likes"],
            comments=counts["comments"],
            shares=counts["shares"],
            saves=counts["saves"],
            views=counts["views"],
        )
    except ValueError as exc:  # pragma: no cover - parse_count already enforces the limits
        return RowError(line, str(exc))
    original = {
        name: (row[i] if i < len(row) else "")
        for i, name in reversed(list(enumerate(layout.header)))
    }
    return CreatorRow(line, handle, stats, cell(Column.NOTES), original)


def parse_creator_csv(data: bytes, *, default_platform: Platform | None = None) -> ParsedCsv:
    """Read a creator list. Raises `CsvTooLargeError` or `CsvFormatError` for the whole
    file; bad rows become `RowError`s next to the good `CreatorRow`s."""
    if len(data) > MAX_BYTES:
        raise CsvTooLargeError(
            f"The file is over the {MAX_BYTES // (1024 * 1024)} MB limit for creator lists."
        )
    text, encoding, notes = _decode(data)
    _refuse_binary(text)
    text = text.removeprefix("\ufeff")
    forced: str | None = None
    if text[:4].lower() == "sep=" and text[4:5] in _DELIMITERS and text[5:6] in ("\r", "\n"):
        # Excel's delimiter hint; Excel hides this line, so it doesn't count as a row.
        forced = text[4]
        text = text[7:] if text[5:7] == "\r\n" else text[6:]
    if not text.strip():
        raise CsvFormatError("The file is empty.")
    # Blank lines above the header: skip them, but keep counting rows as a spreadsheet does.
    body = text.lstrip("\r\n")
    lead = text[: len(text) - len(body)]
    skipped = lead.count("\n") + lead.count("\r") - lead.count("\r\n")
    text = body
    end = _first_record_end(text)
    if end == -1:
        raise CsvFormatError(
            f"The first line is over {MAX_HEADER_CHARS // 1024} KB long; "
            "is this a CSV file with a header row?"
        )
    header_line = text[:end]
    if forced is not None:
        delimiter, cells = forced, _split_header(header_line, forced)
    else:
        delimiter, cells = _choose_delimiter(header_line)
    if len(cells) > MAX_COLUMNS:
        raise CsvFormatError(
            f"The header has {format_int(len(cells))} columns; Tierbot reads at most {MAX_COLUMNS}."
        )
    header = tuple(cell.strip() for cell in cells)
    index: dict[Column, int] = {}
    ignored: list[str] = []
    for position, name in enumerate(header):
        column = match_header(name)
        if column is None:
            if name:
                ignored.append(name)
        elif column in index:
            notes.append(
                f"Two columns mean {column.value} (“{_short(header[index[column]])}” and "
                f"“{_short(name)}”); Tierbot used the first."
            )
            ignored.append(name)
        else:
            index[column] = position
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
            "Case, spaces and punctuation don't matter."
        )
    layout = _Layout(header, index, default_platform)
    rows: list[CreatorRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[Platform, str], int] = {}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    line = skipped
    data_rows = 0
    try:
        next(reader)  # the header, already read
        line = skipped + 1
        for record in reader:
            line += 1
            if not any(value.strip() for value in record):
                continue  # blank rows are skipped, but still counted like a spreadsheet does
            data_rows += 1
            if data_rows > MAX_ROWS:
                raise CsvTooLargeError(
                    f"The file has more than {format_int(MAX_ROWS)} creator rows; "
                    "split it into smaller files."
                )
            result = _read_row(layout, line, record)
            if isinstance(result, RowError):
                errors.append(result)
                continue
            key = (result.handle.platform, result.handle.key)
            first = seen.get(key)
            if first is not None:
                errors.append(RowError(line, f"repeats the creator on row {first}"))
                continue
            seen[key] = line
            rows.append(result)
    except csv.Error as exc:
        reason = "a cell is too long" if "field larger" in str(exc) else "it isn't valid CSV"
        raise CsvFormatError(f"Row {line + 1} can't be read: {reason}.") from None
    return ParsedCsv(
        rows=tuple(rows),
        errors=tuple(errors),
        header=header,
        columns={column: header[position] for column, position in index.items()},
        ignored_columns=tuple(ignored),
        encoding=encoding,
        delimiter=delimiter,
        notes=tuple(notes),
    )


# --- writing ------------------------------------------------------------------------------

# Characters that make a spreadsheet read a cell as a formula (OWASP's list), plus their
# full-width forms, which some spreadsheet locales also accept.
_TRIGGERS: Final = frozenset("=+-@\t\r＝＋－＠")
_PURE_NUMBER: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def neutralize_cell(value: str) -> str:
    """Prefix an apostrophe to any cell a spreadsheet could run as a formula.

    Triggers are a leading = + - @ (also after leading spaces), tab or carriage return.
    A plain signed number ("-12", "+3.5") stays as it is: it can't hold a formula, and
    keeping it numeric keeps the column summable.
    """
    if not value:
        return value
    first = value[0]
    if first not in _TRIGGERS:
        stripped = value.lstrip(" \u00a0")
        if not stripped or stripped[0] not in _TRIGGERS:
            return value
    elif _PURE_NUMBER.fullmatch(value):
        return value
    return "'" + value


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def write_csv(header: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV that Excel, Numbers and Sheets open correctly and safely.

    UTF-8 with a byte-order mark, CRLF line ends, minimal quoting, and every cell
    (header included) passed through `neutralize_cell`.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralize_cell(_cell_text(value)) for value in header])
    for row in rows:
        writer.writerow([neutralize_cell(_cell_text(value)) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
