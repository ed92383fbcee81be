"""Which way a team writes numbers: "1,234.5" (English) or "1.234,5" (continental).

A spreadsheet saved in Berlin, Paris or São Paulo writes ``45.000`` for forty-five thousand
and ``12,5k`` for twelve and a half thousand; one saved in New York writes ``45,000`` and
``12.5k``. A value such as ``45.000`` or ``1,500`` reads both ways, so the convention is
taken from the values that don't (`evidence`), column by column, and from the file's
delimiter (`decide`). A two-way value is read by the column's convention when its separator is
that convention's thousands separator (`read_count`); when it would be the decimal mark
("45.000" in an English file: 45 followers to three decimals?) it raises
`AmbiguousNumberError` with both readings, so the user can be told exactly what the choice
is. Undecided columns fall back to the English convention (continental for semicolons).

Formatting back (`format_decimal`) uses the convention's decimal mark and no thousands
separator, so the column stays numeric and sortable in the team's spreadsheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Final

from bot.domain.numbers import (
    MAX_VALUE,
    NumberFormatError,
    format_int,
    normalise_number_text,
    parse_count,
)


class Convention(StrEnum):
    ENGLISH = "english"  # 1,234.5
    CONTINENTAL = "continental"  # 1.234,5 (also 1 234,5)

    @property
    def decimal_mark(self) -> str:
        return "." if self is Convention.ENGLISH else ","

    @property
    def example(self) -> str:
        return "1,234.5" if self is Convention.ENGLISH else "1.234,5"

    @property
    def description(self) -> str:
        """ "the English way (1,234.5)"."""
        way = "English" if self is Convention.ENGLISH else "continental European"
        return f"the {way} way ({self.example})"


class AmbiguousNumberError(NumberFormatError):
    """A value with two readings ("45.000": 45,000 or 45) and nothing to choose between them."""

    def __init__(self, grouped: int, decimal: Decimal, why: str) -> None:
        self.grouped = grouped
        self.decimal = decimal
        super().__init__(
            f"could be {format_int(grouped)} or {decimal.normalize():f}: {why}; write it as "
            f"{grouped} (or with a unit, e.g. {_unit_example(grouped)})"
        )


def _unit_example(value: int) -> str:
    if value >= 1000:
        return f"{Decimal(value).scaleb(-3).normalize():f}k"
    return str(value)


# One separator, exactly three digits after it, nothing else: "45.000", "1,500".
_TWO_WAY: Final = re.compile(
    r"(?P<sign>[+-]?)(?P<int>[1-9][0-9]{0,2})(?P<sep>[.,])(?P<frac>[0-9]{3})"
)
_LEADING_NUMBER: Final = re.compile(r"[0-9][0-9., ]*")


@dataclass(frozen=True, slots=True)
class ConventionChoice:
    """The convention a column is read by, and why (for the reply)."""

    convention: Convention
    decided: bool  # False: two-way values are refused with both readings
    reason: str  # plain words: "values like “12,5k”", "the semicolon delimiter"


def evidence(text: str) -> Convention | None:
    """The convention a value can only be written in, or None when it reads both ways
    (or has no separator at all)."""
    if "." not in text and "," not in text:
        return None
    match = _LEADING_NUMBER.search(normalise_number_text(text))
    if match is None:
        return None
    number = match.group().rstrip(" ")
    dots, commas = number.count("."), number.count(",")
    if dots and commas:
        return (
            Convention.CONTINENTAL if number.rfind(",") > number.rfind(".") else Convention.ENGLISH
        )
    if dots + commas == 0:
        return None
    mark = "." if dots else ","
    english_if_decimal = mark == "."
    if dots + commas > 1:  # repeated: a thousands separator ("1.234.567")
        return Convention.CONTINENTAL if english_if_decimal else Convention.ENGLISH
    whole, _, fraction = number.partition(mark)
    digits = len(fraction.replace(" ", ""))
    if digits == 3 and whole.strip(" ") not in ("", "0") and " " not in fraction:
        return None  # "45.000", "1,500": both readings exist
    return Convention.ENGLISH if english_if_decimal else Convention.CONTINENTAL


_SWAP_MARKS: Final = str.maketrans(".,", ",.")


def _swap_marks(text: str) -> str:
    return text.translate(_SWAP_MARKS)


def two_way_readings(text: str) -> tuple[int, Decimal] | None:
    """(thousands reading, decimal reading) of a two-way value such as "45.000", else None."""
    if "." not in text and "," not in text:
        return None
    match = _TWO_WAY.fullmatch(normalise_number_text(text))
    if match is None or match["sign"] == "-":
        return None
    grouped = int(match["int"] + match["frac"])
    return grouped, Decimal(f"{match['int']}.{match['frac']}")


def read_count(text: str, choice: ConventionChoice | None, *, allow_zero: bool = True) -> int:
    """A count read by the column's convention. Raises `NumberFormatError`;
    `AmbiguousNumberError` for a two-way value when the convention isn't decided."""
    if text.isascii() and text.isdigit() and len(text) <= 10:
        # Plain digits, the most common cell, read the same in every convention.
        value = int(text)
        if value > MAX_VALUE:
            raise NumberFormatError("is over 10 billion")
        if value == 0 and not allow_zero:
            raise NumberFormatError("must be more than zero")
        return value
    readings = two_way_readings(text)
    if readings is not None:
        grouped, decimal = readings
        convention = choice.convention if choice is not None else Convention.ENGLISH
        sep = "." if "." in text else ","
        if sep != convention.decimal_mark:
            return grouped  # the convention's thousands separator: "45.000" in a German file
        # A count to three decimals is not something anyone types on purpose: more likely
        # the value was typed the other way, so the user decides.
        if choice is None or not choice.decided:
            reason = choice.reason if choice is not None else "no value in the column shows it"
            why = f"Tierbot can't tell which way the file writes numbers ({reason})"
        else:
            name = "a comma" if sep == "," else "a dot"
            why = (
                f"the file writes numbers {convention.description}, where {name} is the "
                "decimal mark, but a count to three decimals is unusual"
            )
        raise AmbiguousNumberError(grouped, decimal, why)
    own = evidence(text)
    convention = own or (choice.convention if choice is not None else Convention.ENGLISH)
    english_text = _swap_marks(text) if convention is Convention.CONTINENTAL else text
    return parse_count(english_text, allow_zero=allow_zero)


def decide(
    column_values: Iterable[str],
    delimiter: str,
    file_evidence: tuple[int, int] = (0, 0),
) -> ConventionChoice:
    """The convention for one column: its own unambiguous values first, then the other
    number columns of the file (`file_evidence`: continental, English counts), then the
    delimiter (a semicolon is what Excel writes where the decimal mark is a comma)."""
    return decide_from_tally(tally(column_values), delimiter, file_evidence)


def decide_from_tally(
    counted: tuple[int, int, str], delimiter: str, file_evidence: tuple[int, int] = (0, 0)
) -> ConventionChoice:
    """`decide` for a column already counted with `tally`."""
    continental, english, example = counted
    if continental and not english:
        return ConventionChoice(Convention.CONTINENTAL, True, f"values like “{example}”")
    if english and not continental:
        return ConventionChoice(Convention.ENGLISH, True, f"values like “{example}”")
    mixed = bool(continental and english)
    file_continental, file_english = file_evidence
    if not mixed and file_continental and not file_english:
        return ConventionChoice(Convention.CONTINENTAL, True, "the file's other number columns")
    if not mixed and file_english and not file_continental:
        return ConventionChoice(Convention.ENGLISH, True, "the file's other number columns")
    if delimiter == ";" and not mixed:
        return ConventionChoice(Convention.CONTINENTAL, True, "the semicolon delimiter")
    reason = "the column mixes both ways" if mixed else "no value in the column shows it"
    fallback = Convention.CONTINENTAL if delimiter == ";" else Convention.ENGLISH
    return ConventionChoice(fallback, False, reason)


def tally(values: Iterable[str]) -> tuple[int, int, str]:
    """(continental-only values, English-only values, the first of them as typed)."""
    continental = english = 0
    example = ""
    for value in values:
        found = evidence(value) if value else None
        if found is Convention.CONTINENTAL:
            continental += 1
        elif found is Convention.ENGLISH:
            english += 1
        else:
            continue
        example = example or value.strip()[:20]
    return continental, english, example


def format_decimal(value: Decimal | float | int, convention: Convention, places: int = 2) -> str:
    """A plain number for a spreadsheet cell: no thousands separator, the team's decimal
    mark, trailing zeros dropped ("3,45", "1200")."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    text = f"{number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", convention.decimal_mark)
