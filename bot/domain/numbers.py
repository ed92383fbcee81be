"""Parsing and formatting of follower counts and money, as people type them.

Accepted count forms: ``800``, ``45,000``, ``45 000`` (also no-break and thin spaces),
``12.5k``, ``3.4 K``, ``1.2M``, ``1b``, ``2 million``, ``12,345.0``, ``1.2E+06`` (as some
spreadsheets export large numbers) and a decimal comma where it cannot be a thousands
separator (``1,5M``).

Decisions worth knowing:

* Counts are whole numbers: a fractional result is rounded half-up (``1.5`` -> 2,
  ``12.4`` -> 12), because averages per post are often typed with decimals.
* A comma followed by exactly three digits is a thousands separator (``1,500`` = 1500).
* ``1.500`` without a unit is refused as ambiguous: in much of Europe it means 1500,
  elsewhere 1.5. ``0.500``, ``1.5`` and ``1.500k`` are not ambiguous and are accepted.
  Next to a currency it is a thousands separator: ``€10.000`` and ``10.000 €`` are ten
  thousand euros (with a decimal comma after it: ``R$ 1.234,50``). In a file, the file's
  own convention decides (see number_convention.py).
* Money keeps its exact decimal amount (``Decimal``): money must not pick up binary
  floating-point artefacts (``0.1 + 0.2``), and amounts are compared and shown exactly.
* Input longer than 64 characters is refused before any pattern matching, so no input
  can make parsing slow.

Errors are `NumberFormatError` with a short reason ("is negative"); the caller adds the
option name and an accepted example.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final

MAX_INPUT_LENGTH: Final = 64
MAX_VALUE: Final = 10_000_000_000
_MAX_DECIMAL: Final = Decimal(MAX_VALUE)
_ONE: Final = Decimal(1)


class NumberFormatError(ValueError):
    """A typed number Tierbot cannot accept; the message is a plain reason."""


# Every space-like character people paste between digit groups becomes a plain space.
_SPACE_TABLE: Final = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space (French thousands separator)
        "\u2009": " ",  # thin space
        "\u2007": " ",  # figure space
        "\u2008": " ",  # punctuation space
        "\t": " ",
    }
)
_MINUS_SIGNS: Final = frozenset("-\u2212\u2012\u2013\u2014\ufe63\uff0d")

_UNITS: Final[dict[str, int]] = {
    "k": 3,
    "thousand": 3,
    "m": 6,
    "mn": 6,
    "mio": 6,
    "million": 6,
    "millions": 6,
    "b": 9,
    "bn": 9,
    "billion": 9,
    "billions": 9,
}

# Digits with optional thousands groups (comma or single space, used consistently),
# an optional decimal part, then either an exponent or a unit word.
_NUMBER_RE: Final = re.compile(
    r"""
    (?P<int>[0-9]{1,3}(?P<sep>[, ])[0-9]{3}(?:(?P=sep)[0-9]{3})*|[0-9]+)?
    (?:(?P<dec>[.,])(?P<frac>[0-9]+))?
    (?:[eE](?P<exp>[+-]?[0-9]{1,2}))?
    (?:\ ?(?P<unit>[a-zA-Z]+))?
    """,
    re.VERBOSE,
)


def normalise_number_text(text: str) -> str:
    """The text with pasted spaces, invisible characters and full-width digits made plain."""
    return _normalise(text)


def _normalise(text: str) -> str:
    if not text.isascii():
        # Invisible format characters pasted along (zero-width space, BOM, bidi marks, soft
        # hyphen) are dropped: a refusal would echo a value that looks exactly right.
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
        # NFKC turns full-width digits and letters into ASCII and most exotic spaces
        # into plain ones; the table catches the rest.
        text = unicodedata.normalize("NFKC", text)
    text = text.translate(_SPACE_TABLE).strip()
    if "  " in text:
        text = " ".join(text.split())
    return text


def _parse_magnitude(text: str) -> Decimal:
    """The non-negative value of a number with optional grouping and unit, or raise."""
    match = _NUMBER_RE.fullmatch(text)
    if match is None or (match["int"] is None and match["frac"] is None):
        raise NumberFormatError("is not a number")
    int_part, sep, dec, frac = match["int"] or "0", match["sep"], match["dec"], match["frac"]
    unit, exp = match["unit"], match["exp"]
    if unit is not None and exp is not None:
        raise NumberFormatError("is not a number")
    if dec == ",":
        # A decimal comma, as in "1,5M"; never mixed with comma grouping, and never
        # followed by exactly three digits (that would be a thousands separator).
        if sep == "," or frac is None or len(frac) == 3:
            raise NumberFormatError("is not a number")
    elif (
        dec == "."
        and sep is None
        and unit is None
        and exp is None
        and len(frac or "") == 3
        and int_part != "0"
    ):
        grouped = int(int_part + (frac or ""))
        decimal = Decimal(f"{int_part}.{frac}").normalize()
        raise NumberFormatError(
            f"is ambiguous ({grouped:,} or {decimal:f}?): write it without the period "
            f"({grouped}) or with a unit (45.5k)"
        )
    digits = int_part.replace(",", "").replace(" ", "")
    if frac:
        digits = f"{digits}.{frac}"
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        raise NumberFormatError("is not a number") from None
    if unit is not None:
        power = _UNITS.get(unit.lower())
        if power is None:
            raise NumberFormatError("has a unit Tierbot doesn't know (use K, M or B)")
        value = value.scaleb(power)
    elif exp is not None:
        value = value.scaleb(int(exp))
    return value


def _parse_signed(text: str) -> Decimal:
    """Shared front end: length cap, empty check, sign handling."""
    if len(text) > MAX_INPUT_LENGTH:
        raise NumberFormatError(f"is too long (at most {MAX_INPUT_LENGTH} characters)")
    text = _normalise(text)
    if not text:
        raise NumberFormatError("is empty")
    negative = False
    if text[0] in _MINUS_SIGNS:
        negative, text = True, text[1:].lstrip()
    elif text[0] == "+":
        text = text[1:].lstrip()
    value = _parse_magnitude(text)
    if negative and value != 0:
        raise NumberFormatError("is negative")
    if value > _MAX_DECIMAL:
        raise NumberFormatError("is over 10 billion")
    return value


def parse_count(text: str, *, allow_zero: bool = True) -> int:
    """A whole, non-negative count from text such as "12.5k" or "45,000".

    Fractions round half-up ("1.5" -> 2). Raises `NumberFormatError`.
    """
    if text.isdigit() and text.isascii() and len(text) <= MAX_INPUT_LENGTH:
        # Bare ASCII digits ("450"), the usual likes and comments: what the full parse
        # would read, without its normalising, pattern and Decimal.
        count = int(text)
        if count > MAX_VALUE:
            raise NumberFormatError("is over 10 billion")
        if count == 0 and not allow_zero:
            raise NumberFormatError("must be more than zero")
        return count
    value = _parse_signed(text)
    count = int(value.quantize(_ONE, rounding=ROUND_HALF_UP))
    if count == 0 and not allow_zero:
        raise NumberFormatError("must be more than zero")
    return count


# --- money -------------------------------------------------------------------------

KNOWN_CURRENCIES: Final = frozenset(
    {
        "USD", "EUR", "GBP", "CAD", "AUD", "NZD", "JPY", "CHF", "INR", "CNY", "HKD",
        "SGD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "BRL", "MXN", "ZAR", "KRW",
        "AED", "SAR", "TRY", "ILS", "PHP", "IDR", "THB", "MYR", "NGN",
    }
)  # fmt: skip

# Longest first, so "US$" wins over "$". "¥" is read as yen: Tierbot's users quote
# Japanese rates far more often than yuan, and "CNY" can always be typed.
_SYMBOLS: Final[tuple[tuple[str, str], ...]] = (
    ("US$", "USD"),
    ("CA$", "CAD"),
    ("AU$", "AUD"),
    ("NZ$", "NZD"),
    ("HK$", "HKD"),
    ("C$", "CAD"),
    ("A$", "AUD"),
    ("S$", "SGD"),
    ("R$", "BRL"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("₩", "KRW"),
)
_DOT_GROUPED_AMOUNT: Final = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]{1,2})?")
_SWAP_MARKS: Final = str.maketrans(".,", ",.")
_SYMBOL_FOR: Final[dict[str, str]] = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount in one currency (ISO 4217 code)."""

    amount: Decimal
    currency: str = "USD"

    def format(self, *, compact: bool = False) -> str:
        return format_money(self.amount, self.currency, compact=compact)


def _take_currency(text: str) -> tuple[str, str | None]:
    """Split a currency symbol or code off either end; return (rest, code or None)."""
    found: str | None = None
    upper = text.upper()
    if upper in KNOWN_CURRENCIES:
        return "", upper
    # A three-letter code at the start ("USD 40k", "usd40k") or the end ("40k usd").
    if len(upper) > 3 and upper[:3] in KNOWN_CURRENCIES and not upper[3].isalpha():
        found, text = upper[:3], text[3:].strip()
    elif len(upper) > 3 and upper[-3:] in KNOWN_CURRENCIES:
        found, text = upper[-3:], text[:-3].strip()
    for symbol, code in _SYMBOLS:
        hit = False
        if text.startswith(symbol):
            text, hit = text[len(symbol) :].strip(), True
        elif text.endswith(symbol):
            text, hit = text[: -len(symbol)].strip(), True
        elif text[:1] in _MINUS_SIGNS and text[1:].lstrip().startswith(symbol):
            # "-$5": keep the sign so the number parser reports a negative amount.
            text, hit = "-" + text[1:].lstrip()[len(symbol) :].strip(), True
        if hit:
            if found is not None and found != code:
                raise NumberFormatError(f"names two currencies ({found} and {code})")
            found = code
            break
    return text, found


def parse_money(text: str, *, allow_zero: bool = True) -> Money:
    """An amount such as "$25k", "€10k", "25k EUR", "£8,500" or "USD 40k".

    No currency means USD. Raises `NumberFormatError`.
    """
    if len(text) > MAX_INPUT_LENGTH:
        raise NumberFormatError(f"is too long (at most {MAX_INPUT_LENGTH} characters)")
    cleaned = _normalise(text)
    if not cleaned:
        raise NumberFormatError("is empty")
    rest, currency = _take_currency(cleaned)
    if not rest:
        raise NumberFormatError("has a currency but no amount")
    if currency is not None and _DOT_GROUPED_AMOUNT.fullmatch(rest.lstrip("+-")):
        # "€10.000", "10.000 €", "R$ 1.234,50": next to a currency a dot before exactly
        # three digits groups thousands (no price is written to a tenth of a cent).
        rest = rest.translate(_SWAP_MARKS)
    amount = _parse_signed(rest)
    if amount == 0 and not allow_zero:
        raise NumberFormatError("must be more than zero")
    # Normalise "25000.00" and "2.5E+4" alike to a plain exact amount.
    if amount == amount.to_integral_value():
        amount = amount.quantize(_ONE)
    return Money(amount=amount, currency=currency or "USD")


# --- formatting --------------------------------------------------------------------


def format_int(value: int) -> str:
    """12500 -> "12,500"."""
    return f"{value:,}"


def _compact(value: Decimal, rounding: str = ROUND_HALF_UP) -> str:
    """Three significant digits with K/M/B, for values of at least 1,000."""
    return _compact_text(_three_digits(value, rounding))


def _three_digits(value: Decimal, rounding: str) -> Decimal:
    exponent = value.adjusted()  # 12500 -> 4
    return value.quantize(Decimal(1).scaleb(exponent - 2), rounding=rounding)


def _compact_text(rounded: Decimal) -> str:
    """ "12.5K" for 12500 rounded to three significant digits."""
    exponent = rounded.adjusted()  # 999,950 rounds up to 1.00M: re-read the size
    if exponent >= 9:
        unit, suffix = 9, "B"
    elif exponent >= 6:
        unit, suffix = 6, "M"
    else:
        unit, suffix = 3, "K"
    scaled = rounded.scaleb(-unit)
    if scaled >= 1000:  # only past 999B, which counts never reach but money might
        return f"{int(scaled):,}{suffix}"
    text = f"{scaled:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + suffix


def format_count(value: int) -> str:
    """Compact count with three significant digits, rounded half-up: 12,500 -> "12.5K",
    20,175 -> "20.2K", 800 -> "800". The one formatter for counts in text and charts alike."""
    if value < 0:
        return "-" + format_count(-value)
    if value < 1000:
        return str(value)
    # Rounded half-up (2,297,882 is "2.3M", 20,175 is "20.2K"), except that a count never
    # rounds up to a one-significant-digit value it has not reached: those are where tiers
    # start (9,999 is "9.99K", never "10K"; 49,990 is "49.9K", never "50K"). In integers:
    # the same digits as Decimal's quantize, at a fraction of its cost (ten per shortlist page).
    step = 10 ** (len(str(value)) - 3)
    kept, dropped = divmod(value, step)
    rounded = (kept + (2 * dropped >= step)) * step
    if rounded > value and len(str(rounded).rstrip("0")) == 1:
        rounded = kept * step
    digits = len(str(rounded))  # 999,950 rounds up to 1.00M: re-read the size
    unit, suffix = (9, "B") if digits > 9 else (6, "M") if digits > 6 else (3, "K")
    whole, fraction = divmod(rounded, 10**unit)
    if whole >= 1000:  # only past 999B, which counts never reach
        return f"{whole:,}{suffix}"
    decimals = f"{fraction:0{unit}d}".rstrip("0")
    return f"{whole}.{decimals}{suffix}" if decimals else f"{whole}{suffix}"


def format_percent(fraction: float) -> str:
    """A fraction as a percentage: 0.0345 -> "3.45%", 0.00054 -> "0.054%", 1.5 -> "150%".

    Precision follows size: two decimals in the usual 0.1-10% range, fewer above,
    two significant digits below, and "<0.001%" for anything smaller but not zero.
    """
    if math.isnan(fraction) or math.isinf(fraction):
        return "n/a"
    if fraction < 0:
        return "-" + format_percent(-fraction)
    pct = fraction * 100
    if pct == 0:
        return "0%"
    if pct < 0.001:
        return "<0.001%"
    if pct >= 100:
        text = f"{pct:,.0f}"
    elif pct >= 10:
        text = f"{pct:.1f}"
    elif pct >= 0.1:
        text = f"{pct:.2f}"
    else:
        text = f"{pct:.2g}" if pct >= 0.01 else f"{pct:.1g}"
        if "e" in text:  # pragma: no cover - guarded by the ranges above
            text = f"{pct:.3f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + "%"


def half_up(value: float) -> int:
    """The nearest whole number, halves rounded up (2.5 -> 3), as people round by hand."""
    return int(Decimal(str(value)).quantize(_ONE, rounding=ROUND_HALF_UP))


def apportion(values: list[float], total: float) -> list[int]:
    """Whole numbers, one per value, that sum to the rounded total (largest remainder)."""
    target = half_up(total)
    floors = [int(v // 1) for v in values]
    left = target - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (-(values[i] - floors[i]), i))
    for index in order[: max(left, 0)]:
        floors[index] += 1
    return floors


def format_budget_share(fraction: float) -> str:
    """A share of a budget, as every /mix table, sentence and chart shows it: one decimal,
    halves up (0.0025 -> "0.3%"); a funded share under a tenth of a percent is "<0.1%",
    never "0%"; and a share below the whole budget never reads "100.0%" (0.9996 -> "99.9%")."""
    if fraction <= 0:
        return "0%"
    if fraction < 0.001:
        return "<0.1%"
    # Rounded to a millionth first, so float noise (0.0285 * 1000 = 28.4999…) cannot flip
    # a half.
    tenths = half_up(round(fraction * 1000, 6))
    if tenths >= 1000 and fraction < 1:
        tenths = 999
    return f"{tenths // 10:,}.{tenths % 10}%"


def _money_prefix(currency: str) -> str:
    """ "$" for the currencies with a well-known symbol, else the code and a space."""
    symbol = _SYMBOL_FOR.get(currency)
    return symbol if symbol is not None else currency + " "


# Below this, a whole float is exact and Decimal's 28 digits hold it: the fast path and the
# Decimal path agree.
_WHOLE_MONEY_LIMIT: Final = 10**15


def format_money(
    amount: Decimal | float | int, currency: str = "USD", *, compact: bool = False
) -> str:
    """ "$25,000", "€10,000", "CHF 8,500"; compact: "$25K". Small amounts keep cents.

    Amounts of 100 or more are whole; 1-100 show cents only when there are some;
    under 1 show two significant digits ("$0.042"), as costs per engagement are small.
    """
    kind = type(amount)
    if (
        not compact
        and (kind is int or (kind is float and amount.is_integer()))  # type: ignore[union-attr]
        and 0 < amount < _WHOLE_MONEY_LIMIT
    ):
        # A whole amount (most prices): what the Decimal path below prints, without it.
        return f"{_money_prefix(currency.upper())}{int(amount):,}"
    if isinstance(amount, float) and (math.isnan(amount) or math.isinf(amount)):
        return "n/a"
    value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    sign = ""
    if value < 0:
        sign, value = "-", -value
    prefix = _money_prefix(currency.upper())
    if compact and value >= 1000:
        return f"{sign}{prefix}{_compact(value)}"
    if value >= 100 or value == value.to_integral_value():
        body = f"{value.quantize(_ONE, rounding=ROUND_HALF_UP):,f}"
    elif value >= 1:
        body = f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,f}"
    elif value < Decimal("0.0001"):
        return f"<{prefix}0.0001"
    else:
        exponent = value.adjusted()  # 0.042 -> -2
        places = max(2, 1 - exponent)
        body = f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    return f"{sign}{prefix}{body}"


def format_money_range(
    low: Decimal | float | int,
    high: Decimal | float | int | None,
    currency: str = "USD",
    *,
    compact: bool = False,
) -> str:
    """ "$100–$500"; an open-ended range is "$10,000+"; equal ends give one amount."""
    first = format_money(low, currency, compact=compact)
    if high is None:
        return first + "+"
    if type(high) is float and type(low) is float:
        if high == low:  # floats: equal exactly when their shortest texts are
            return first
    elif Decimal(str(high)) == Decimal(str(low)):
        return first
    return f"{first}–{format_money(high, currency, compact=compact)}"


def format_percent_range(low: float, high: float | None) -> str:
    """ "0.84–1.11%"; open-ended: "6.52%+"."""
    if high is None:
        return format_percent(low) + "+"
    return f"{format_percent(low).removesuffix('%')}–{format_percent(high)}"
