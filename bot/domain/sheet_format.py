"""Writing CSV files back in the team's own format, safe to open.

A `SheetFormat` is what a file was read as: delimiter, encoding and number convention.
`write_csv` writes rows in it, so a file from a German Excel (semicolons, decimal commas)
comes back as one a German Excel opens in columns, and one from Google Sheets in Brazil
(commas, decimal commas) comes back the same way.

* Numbers (int, Decimal, float) are written as plain numbers: no thousands separator, the
  team's decimal mark, so the column sorts and sums as numbers.
* Text is passed through `neutralize_cell`, so no cell can run as a spreadsheet formula.
  Handle cells use `handle_cell`, which writes "@name" as "name" instead: an apostrophe
  guard would show up in every handle.
* UTF-8 files get a byte-order mark (Excel reads them as UTF-8 only with it); UTF-16 files
  (Excel's "Unicode Text") keep their mark; a Windows-1252 file is written back as
  Windows-1252 when every character fits and the bytes could not pass for UTF-8, else as
  UTF-8 with a mark.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from bot.domain.number_convention import Convention, format_decimal

# Characters that make a spreadsheet read a cell as a formula (OWASP's list), plus their
# full-width forms, which some spreadsheet locales also accept.
FORMULA_TRIGGERS: Final = frozenset("=+-@\t\r＝＋－＠")
# A text cell that starts with none of these is safe as it is: `neutralize_cell` returns it
# unchanged (it only looks further after a trigger or a leading space).
LOOK_CLOSER: Final = FORMULA_TRIGGERS | frozenset(" \u00a0")
# The same for a handle cell, which also drops a leading "@" (and trims: see handle_text).
HANDLE_LOOK_CLOSER: Final = LOOK_CLOSER | frozenset("@＠")
LINE_END: Final = "\r\n"
_PURE_NUMBER: Final = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")
_DELIMITER_NAMES: Final = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass(frozen=True, slots=True)
class SheetFormat:
    delimiter: str = ","
    encoding: str = "UTF-8"  # "UTF-8", "UTF-16", "UTF-32" or "Windows-1252"
    convention: Convention = Convention.ENGLISH

    @property
    def delimiter_name(self) -> str:
        return _DELIMITER_NAMES.get(self.delimiter, "comma")

    @property
    def opens_in(self) -> str:
        """Which spreadsheets read this file into columns with its numbers intact."""
        if self.convention is Convention.ENGLISH:
            return "Excel or Google Sheets set to English"
        if self.delimiter == ";":
            return "Excel set to a continental European language"
        return "Google Sheets set to a continental European language or Portuguese (Brazil)"

    @property
    def decimals(self) -> str:
        """ "decimals after a point (5.31)": how the file writes a rate."""
        mark = "a point" if self.convention.decimal_mark == "." else "a comma"
        return f"decimals after {mark} (5{self.convention.decimal_mark}31)"


EXCEL_US: Final = SheetFormat(",", "UTF-8", Convention.ENGLISH)
EXCEL_EUROPE: Final = SheetFormat(";", "UTF-8", Convention.CONTINENTAL)
SHEETS_CONTINENTAL: Final = SheetFormat(",", "UTF-8", Convention.CONTINENTAL)


def neutralize_cell(value: str) -> str:
    """Prefix an apostrophe to any cell a spreadsheet could run as a formula.

    Triggers are a leading = + - @ (also after leading spaces), tab or carriage return.
    A plain signed number ("-12", "+3.5", "-3,5") stays as it is: it can't hold a formula,
    and keeping it numeric keeps the column summable.
    """
    if not value:
        return value
    first = value[0]
    if first not in FORMULA_TRIGGERS:
        stripped = value.lstrip(" \u00a0")
        if not stripped or stripped[0] not in FORMULA_TRIGGERS:
            return value
    elif _PURE_NUMBER.fullmatch(value):
        return value
    return "'" + value


def unneutralize_cell(cell: str) -> str:
    """Undo `neutralize_cell`, so a file Tierbot wrote reads back the same."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_TRIGGERS:
        return cell[1:]
    return cell


@dataclass(frozen=True, slots=True)
class HandleText:
    """A handle to write: shown as typed, minus a leading "@" (Tierbot reads both back)."""

    text: str


def handle_cell(text: str) -> HandleText:
    return HandleText(text)


def handle_text(text: str) -> str:
    """What a `handle_cell` is written as: trimmed, without a leading "@", guarded."""
    stripped = text.strip()
    if stripped[:1] not in HANDLE_LOOK_CLOSER:
        return stripped
    if stripped[:1] in ("@", "＠"):
        stripped = stripped[1:]
    # Anything else that would still start a formula is guarded the usual way.
    return neutralize_cell(stripped)


def cell_text(value: object, convention: Convention = Convention.ENGLISH) -> str:
    # The two commonest cells first, by exact type (a 5,000-row /classify-csv write-back
    # has tens of thousands): text and whole numbers. Subclasses (enums, bool) take the
    # general path below.
    kind = type(value)
    if kind is str:
        return neutralize_cell(value)  # type: ignore[arg-type]
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if isinstance(value, HandleText):
        return handle_text(value.text)
    if isinstance(value, bool):
        return neutralize_cell(str(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        return format_decimal(value, convention, places=6)
    if isinstance(value, Decimal):
        return format_decimal(value, convention, places=6)
    return neutralize_cell(str(value))


def write_csv(
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    sheet: SheetFormat = EXCEL_US,
) -> bytes:
    """A CSV that Excel, Numbers and Sheets open correctly and safely, in `sheet`'s format.

    CRLF line ends, minimal quoting; text cells (header included) pass through
    `neutralize_cell`, numbers are written in the sheet's convention.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sheet.delimiter, lineterminator=LINE_END)
    writer.writerow([cell_text(value, sheet.convention) for value in header])
    for row in rows:
        writer.writerow([cell_text(value, sheet.convention) for value in row])
    return encode_text(buffer.getvalue(), sheet)


def text_cell(value: str) -> str:
    """`cell_text` of a str, with the common case (nothing to guard) decided inline."""
    return value if value[:1] not in LOOK_CLOSER else neutralize_cell(value)


class CsvFields:
    """Lines of `sheet`'s CSV written directly, exactly as `write_csv`'s csv writer writes
    them (minimal quoting: a field holding the delimiter, a double quote or a line break is
    put in double quotes, with its own quotes doubled).

    For files of many rows built cell by cell (a 1,000-creator export): the csv module
    looks at every character of every field, which cost more than building the cells; here
    a row whose text needs no quotes (nearly every row) is one look and one join.
    """

    def __init__(self, sheet: SheetFormat) -> None:
        self.delimiter = sheet.delimiter
        # Any match means some field needs quotes; concatenated fields can't make one up.
        self.needs_quotes = re.compile(f'[{re.escape(sheet.delimiter)}"\r\n]').search

    def field(self, text: str) -> str:
        if self.needs_quotes(text) is None:
            return text
        return '"' + text.replace('"', '""') + '"'

    def line(self, cells: Iterable[str]) -> str:
        """One row of text cells (more than one: the csv module writes a lone empty cell
        as "" so that the line isn't blank), without its line end."""
        return self.delimiter.join(map(self.field, cells))


def encode_text(text: str, sheet: SheetFormat) -> bytes:
    """A file's text in `sheet`'s encoding, with the byte-order mark spreadsheets need."""
    text = "\ufeff" + text
    if sheet.encoding == "UTF-16":
        return text.encode("utf-16-le")
    if sheet.encoding == "UTF-32":
        return text.encode("utf-32-le")
    if sheet.encoding == "Windows-1252":
        try:
            legacy = text[1:].encode("cp1252")
        except UnicodeEncodeError:
            legacy = None  # a name Windows-1252 can't hold: UTF-8 with a mark keeps it
        if legacy is not None and not _reads_as_utf8(legacy):
            return legacy
        # Bytes that are also valid UTF-8 ("Â¡" is the UTF-8 of "¡") would be read back as
        # UTF-8 and change: UTF-8 with a mark is the only way such a file reads back as written.
    return text.encode("utf-8")


def _reads_as_utf8(data: bytes) -> bool:
    """Whether a reader that tries UTF-8 first would take these Windows-1252 bytes as UTF-8."""
    if data.isascii():
        return False  # ASCII reads the same either way
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
