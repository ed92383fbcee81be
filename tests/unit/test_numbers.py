"""Counts and money as people type them, and how Tierbot shows them."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.numbers import (
    MAX_VALUE,
    Money,
    NumberFormatError,
    format_budget_share,
    format_count,
    format_int,
    format_money,
    format_money_range,
    format_percent,
    format_percent_range,
    parse_count,
    parse_money,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("800", 800),
        ("12.5k", 12_500),
        ("12.5K", 12_500),
        ("1.2M", 1_200_000),
        ("1.2m", 1_200_000),
        ("1b", 1_000_000_000),
        ("1B", 1_000_000_000),
        ("45,000", 45_000),
        ("45 000", 45_000),
        ("45\u00a0000", 45_000),  # no-break space
        ("45\u202f000", 45_000),  # narrow no-break space
        ("45\u2009000", 45_000),  # thin space
        ("1 234 567", 1_234_567),
        ("1,234,567", 1_234_567),
        ("3.4 K", 3_400),
        ("12,345.0", 12_345),
        ("  800  ", 800),
        ("+800", 800),
        ("2 million", 2_000_000),
        ("1.5bn", 1_500_000_000),
        ("1,5M", 1_500_000),  # decimal comma where it can't be a thousands separator
        ("1.2E+06", 1_200_000),  # as spreadsheets export large numbers
        (".5k", 500),
        ("０１２", 12),  # full-width digits
        ("0", 0),
        ("10b", MAX_VALUE),
        ("0.500", 1),  # a leading zero makes the period unambiguous
        ("1.500k", 1_500),
    ],
)
def test_parse_count_accepts(text: str, expected: int) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.5", 2), ("2.5", 3), ("1.4", 1), ("12.49", 12), ("0.5", 1), ("1.2345k", 1_235)],
)
def test_parse_count_rounds_half_up(text: str, expected: int) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-5", "is negative"),
        ("−5k", "is negative"),  # a typographic minus
        ("- 12", "is negative"),
        ("abc", "is not a number"),
        ("12..5k", "is not a number"),
        ("1,2,3", "is not a number"),
        ("1,23,456", "is not a number"),
        ("1,000 000", "is not a number"),  # mixed separators
        ("12,345,6", "is not a number"),
        ("inf", "is not a number"),
        ("-inf", "is not a number"),
        ("nan", "is not a number"),
        ("NaN", "is not a number"),
        ("∞", "is not a number"),
        ("1e", "unit"),
        ("5kk", "unit"),
        ("10k+", "is not a number"),
        ("$5", "is not a number"),
        ("5.", "is not a number"),
        ("1e5k", "is not a number"),
        ("11b", "is over 10 billion"),
        ("10000000001", "is over 10 billion"),
        ("1e99", "is over 10 billion"),
        ("", "is empty"),
        ("   ", "is empty"),
        ("1" * 65, "too long"),
        ("1.500", "ambiguous"),
        ("45.000", "ambiguous"),
        ("0x10", "is not a number"),
    ],
)
def test_parse_count_refuses(text: str, reason: str) -> None:
    with pytest.raises(NumberFormatError, match=reason):
        parse_count(text)


def test_parse_count_zero_can_be_refused() -> None:
    assert parse_count("0") == 0
    with pytest.raises(NumberFormatError, match="more than zero"):
        parse_count("0", allow_zero=False)
    with pytest.raises(NumberFormatError, match="more than zero"):
        parse_count("0.4", allow_zero=False)  # rounds to zero


def test_errors_are_value_errors_with_plain_reasons() -> None:
    with pytest.raises(ValueError, match=r"^is negative$"):
        parse_count("-1")


@given(st.integers(min_value=0, max_value=MAX_VALUE))
def test_format_int_round_trips(n: int) -> None:
    assert parse_count(format_int(n)) == n


@given(st.integers(min_value=0, max_value=MAX_VALUE))
def test_format_count_round_trips_within_displayed_precision(n: int) -> None:
    shown = format_count(n)
    back = parse_count(shown)
    # Three significant digits, rounded half-up: within half a unit of the third digit,
    # except that a one-digit boundary not reached (10K, 50K, 1M) is never shown.
    unit = 1 if n < 1000 else 10 ** (len(str(n)) - 3)
    if back > n:
        assert len(str(back).rstrip("0")) > 1, (n, shown)
        assert 2 * (back - n) <= unit, (n, shown, back)
    else:
        assert 2 * (n - back) < unit or (n - back < unit), (n, shown, back)


@given(st.integers(min_value=0, max_value=MAX_VALUE))
def test_format_count_is_short(n: int) -> None:
    assert len(format_count(n)) <= 5


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (0, "0"),
        (999, "999"),
        (1_000, "1K"),
        (1_234, "1.23K"),
        (12_500, "12.5K"),
        (99_999, "99.9K"),  # never rounded up to a boundary it hasn't reached
        (9_999, "9.99K"),
        (49_990, "49.9K"),
        (2_297_882, "2.3M"),  # rounded half-up, as the table's 2,297,882 reads
        (20_175, "20.2K"),
        (62_750, "62.8K"),
        (82_892, "82.9K"),
        (1_235, "1.24K"),
        (123_456, "123K"),
        (999_499, "999K"),
        (999_500, "999K"),
        (1_000_000, "1M"),
        (1_200_000, "1.2M"),
        (2_500_000_000, "2.5B"),
        (MAX_VALUE, "10B"),
    ],
)
def test_format_count(n: int, shown: str) -> None:
    assert format_count(n) == shown


def test_format_int() -> None:
    assert format_int(12_500) == "12,500"
    assert format_int(7) == "7"


@pytest.mark.parametrize(
    ("fraction", "shown"),
    [
        (0.0345, "3.45%"),
        (0.034, "3.4%"),
        (0.0054, "0.54%"),
        (0.00054, "0.054%"),
        (0.000054, "0.005%"),
        (0.00000001, "<0.001%"),
        (0.0, "0%"),
        (0.123, "12.3%"),
        (1.5, "150%"),
        (12.346, "1,235%"),
        (-0.01, "-1%"),
        (float("nan"), "n/a"),
        (float("inf"), "n/a"),
    ],
)
def test_format_percent(fraction: float, shown: str) -> None:
    assert format_percent(fraction) == shown


def test_percent_range() -> None:
    assert format_percent_range(0.0084, 0.0111) == "0.84–1.11%"
    assert format_percent_range(0.0652, None) == "6.52%+"


# --- money ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$25k", "25000", "USD"),
        ("25000", "25000", "USD"),
        ("€10k", "10000", "EUR"),
        ("10k€", "10000", "EUR"),
        ("25 000 €", "25000", "EUR"),
        ("25k EUR", "25000", "EUR"),
        ("25keur", "25000", "EUR"),
        ("£8,500", "8500", "GBP"),
        ("1.5M", "1500000", "USD"),
        ("USD 40k", "40000", "USD"),
        ("usd40k", "40000", "USD"),
        ("40k usd", "40000", "USD"),
        ("$25k USD", "25000", "USD"),
        ("CHF 8,500", "8500", "CHF"),
        ("¥1.2M", "1200000", "JPY"),
        ("₹50k", "50000", "INR"),
        ("C$5k", "5000", "CAD"),
        ("A$5k", "5000", "AUD"),
        ("US$1.5k", "1500", "USD"),
        ("CAD 1,000", "1000", "CAD"),
        ("$0.50", "0.50", "USD"),
        ("$ 12.5k", "12500", "USD"),
        ("25,000.00 USD", "25000", "USD"),
    ],
)
def test_parse_money(text: str, amount: str, currency: str) -> None:
    assert parse_money(text) == Money(Decimal(amount), currency)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-$5", "is negative"),
        ("$-5", "is negative"),
        ("-5 EUR", "is negative"),
        ("$abc", "is not a number"),
        ("$25k EUR", "two currencies"),
        ("€5 USD", "two currencies"),
        ("EUR", "no amount"),
        ("$", "no amount"),
        ("$11b", "over 10 billion"),
        ("", "is empty"),
        ("$" + "1" * 70, "too long"),
        ("$inf", "is not a number"),
        ("$nan", "is not a number"),
        ("5 XYZ", "unit"),
        ("$1,2,3", "is not a number"),
    ],
)
def test_parse_money_refuses(text: str, reason: str) -> None:
    with pytest.raises(NumberFormatError, match=reason):
        parse_money(text)


def test_parse_money_zero() -> None:
    assert parse_money("$0").amount == 0
    with pytest.raises(NumberFormatError, match="more than zero"):
        parse_money("$0", allow_zero=False)


def test_money_is_exact() -> None:
    # Decimal, not float: 0.1 + 0.2 is exactly 0.3.
    total = parse_money("$0.10").amount + parse_money("$0.20").amount
    assert total == Decimal("0.30")


@pytest.mark.parametrize(
    ("amount", "currency", "shown", "compact"),
    [
        (25_000, "USD", "$25,000", "$25K"),
        (10_000, "EUR", "€10,000", "€10K"),
        (8_500, "GBP", "£8,500", "£8.5K"),
        (8_500, "CHF", "CHF 8,500", "CHF 8.5K"),
        (1_500_000, "USD", "$1,500,000", "$1.5M"),
        (999, "USD", "$999", "$999"),
        (12.5, "USD", "$12.50", "$12.50"),
        (12, "USD", "$12", "$12"),
        (0.5, "USD", "$0.50", "$0.50"),
        (0.042, "USD", "$0.042", "$0.042"),
        (0.00421, "USD", "$0.0042", "$0.0042"),
        (0, "USD", "$0", "$0"),
        (Decimal("1234.5"), "USD", "$1,235", "$1.23K"),
        (-50, "USD", "-$50", "-$50"),
        (float("nan"), "USD", "n/a", "n/a"),
    ],
)
def test_format_money(amount: Decimal | float, currency: str, shown: str, compact: str) -> None:
    assert format_money(amount, currency) == shown
    assert format_money(amount, currency, compact=True) == compact


def test_money_format_method_and_ranges() -> None:
    assert parse_money("€10k").format() == "€10,000"
    assert parse_money("€10k").format(compact=True) == "€10K"
    assert format_money_range(100, 500) == "$100–$500"
    assert format_money_range(10_000, None) == "$10,000+"
    assert format_money_range(1000, 1000) == "$1,000"
    assert format_money_range(5000, 10_000, compact=True) == "$5K–$10K"


@given(st.integers(min_value=0, max_value=MAX_VALUE), st.sampled_from(["USD", "EUR", "GBP"]))
def test_money_round_trips(n: int, currency: str) -> None:
    money = parse_money(format_money(n, currency))
    assert money == Money(Decimal(n), currency)


@given(st.text(max_size=80))
def test_parsers_raise_only_number_errors(text: str) -> None:
    for parse in (parse_count, parse_money):
        with contextlib.suppress(NumberFormatError):
            parse(text)


@given(st.integers(min_value=0, max_value=MAX_VALUE))
def test_every_plain_integer_parses(n: int) -> None:
    assert parse_count(str(n)) == n


@pytest.mark.parametrize(
    ("share", "shown"),
    [
        (0.0025, "0.3%"),  # a $750 line of $300K: never "0%"
        (0.00075, "<0.1%"),
        (0.0285, "2.9%"),  # halves up despite float noise (28.4999…)
        (0.2904, "29.0%"),
        (0.99996, "99.9%"),  # money left is never "100.0%"
        (1.0, "100.0%"),
        (0.0, "0%"),
    ],
)
def test_a_budget_share_has_one_decimal_and_never_reads_zero_when_funded(
    share: float, shown: str
) -> None:
    assert format_budget_share(share) == shown


def _format_count_in_decimals(value: int) -> str:
    """format_count as it was written with Decimal's quantize, kept as its reference."""
    from decimal import ROUND_DOWN, ROUND_HALF_UP

    from bot.domain.numbers import _compact_text, _three_digits

    if value < 0:
        return "-" + _format_count_in_decimals(-value)
    if value < 1000:
        return str(value)
    rounded = _three_digits(Decimal(value), ROUND_HALF_UP)
    reached = int(rounded)
    if reached > value and len(str(reached).rstrip("0")) == 1:
        rounded = _three_digits(Decimal(value), ROUND_DOWN)
    return _compact_text(rounded)


@given(
    st.one_of(
        st.integers(-(10**16), 10**16),
        st.builds(
            lambda power, offset: 10**power + offset,
            st.integers(3, 15),
            st.sampled_from([-501, -500, -499, -51, -50, -49, -6, -5, -4, -1, 0, 1, 4, 5, 6]),
        ),
    )
)
def test_format_count_in_integers_matches_its_decimal_reference(value: int) -> None:
    assert format_count(value) == _format_count_in_decimals(value)


def test_format_count_matches_its_decimal_reference_below_two_million() -> None:
    for value in range(0, 2_000_000, 7):
        assert format_count(value) == _format_count_in_decimals(value), value
