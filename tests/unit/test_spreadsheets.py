"""Issue 16's examples, as a new user met them, read right and written back in the team's
convention: number conventions per file, typed amounts, headers, handles that survive
Excel, an import that keeps what it can, an export whose rates say what they are."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.creator_csv import columns_read, parse_creator_csv
from bot.domain.creator_report import classify_creator_file
from bot.domain.number_convention import (
    AmbiguousNumberError,
    Convention,
    ConventionChoice,
    decide,
    evidence,
    format_decimal,
    read_count,
)
from bot.domain.numbers import NumberFormatError, parse_count, parse_money
from bot.domain.platforms import Platform
from bot.domain.sheet_format import (
    EXCEL_EUROPE,
    EXCEL_US,
    SHEETS_CONTINENTAL,
    CsvFields,
    SheetFormat,
    handle_cell,
    handle_text,
    neutralize_cell,
    text_cell,
    write_csv,
)
from bot.domain.sheet_headers import Column, read_header
from bot.domain.shortlist import imported_values
from bot.domain.shortlist_csv import read_shortlist_csv
from bot.domain.tiers import default_scheme
from bot.render.shortlist import EXPORT_HEADER
from storage.models import ShortlistEntry
from tests.unit.test_shortlist import entries, export_of

BOM = "\ufeff"
EU_DECIDED = ConventionChoice(Convention.CONTINENTAL, True, "values like “12,5k”")
EN_DECIDED = ConventionChoice(Convention.ENGLISH, True, "values like “12.5k”")
EN_UNSURE = ConventionChoice(Convention.ENGLISH, False, "no value in the column shows it")

# --- number conventions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "continental", "english"),
    [
        ("45.000", 45_000, None),  # English: 45 to three decimals? asked, not guessed
        ("48.500", 48_500, None),
        ("45,000", None, 45_000),
        ("12,5k", 12_500, 12_500),  # unambiguous either way
        ("12.5k", 12_500, 12_500),
        ("1.234,5", 1_235, 1_235),
        ("1,234.5", 1_235, 1_235),
        ("1.234.567", 1_234_567, 1_234_567),
        ("45 000", 45_000, 45_000),
        ("2,1 Mio", 2_100_000, 2_100_000),
        ("800", 800, 800),
    ],
)
def test_values_are_read_by_the_columns_convention(
    text: str, continental: int | None, english: int | None
) -> None:
    for choice, wanted in ((EU_DECIDED, continental), (EN_DECIDED, english)):
        if wanted is None:
            with pytest.raises(AmbiguousNumberError):
                read_count(text, choice)
        else:
            assert read_count(text, choice) == wanted


def test_an_ambiguous_value_is_reported_with_both_readings() -> None:
    with pytest.raises(AmbiguousNumberError) as caught:
        read_count("45.000", EN_UNSURE)

    assert (caught.value.grouped, caught.value.decimal) == (45_000, Decimal("45.000"))
    assert "could be 45,000 or 45" in str(caught.value)
    assert "write it as 45000" in str(caught.value)


@pytest.mark.parametrize(
    ("values", "delimiter", "convention", "decided"),
    [
        (["45.000", "12,5k"], ";", Convention.CONTINENTAL, True),
        (
            ["45.000", "48.500"],
            ";",
            Convention.CONTINENTAL,
            True,
        ),  # Excel's ";" where "," is decimal
        (["45,000", "1,234.5"], ",", Convention.ENGLISH, True),
        (["45.000", "1.250.000"], ",", Convention.CONTINENTAL, True),  # Google Sheets, Brazil
        (["45,000", "800"], ",", Convention.ENGLISH, False),
        (["1.234,5", "2,345.5"], ";", Convention.CONTINENTAL, False),  # mixed: both asked
        (["12.5k", "45.000"], ";", Convention.ENGLISH, True),  # the values outweigh the ";"
    ],
)
def test_a_columns_convention_comes_from_its_unambiguous_values_then_the_delimiter(
    values: list[str], delimiter: str, convention: Convention, decided: bool
) -> None:
    choice = decide(values, delimiter)
    assert (choice.convention, choice.decided) == (convention, decided)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("45.000", None),
        ("1,500", None),
        ("0,500", Convention.CONTINENTAL),
        ("12,5k", Convention.CONTINENTAL),
        ("12.5k", Convention.ENGLISH),
        ("1.234.567", Convention.CONTINENTAL),
        ("1,234,567", Convention.ENGLISH),
        ("1.234,56", Convention.CONTINENTAL),
        ("1,234.56", Convention.ENGLISH),
        ("45 000", None),
        ("", None),
    ],
)
def test_evidence(text: str, found: Convention | None) -> None:
    assert evidence(text) is found


def test_a_semicolon_excel_file_reads_45_000_and_12_5k_alike() -> None:
    data = (
        BOM
        + "Username;Platform;Followers\r\n"
        + "@anna;Instagram;45.000\r\n@ben;Instagram;12,5k\r\n@cleo;Instagram;48.500\r\n"
    ).encode()

    parsed = parse_creator_csv(data)

    assert parsed.errors == ()
    assert [row.stats.followers for row in parsed.rows] == [45_000, 12_500, 48_500]
    assert any("continental European way (1.234,5)" in note for note in parsed.notes)


# --- typed options ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("€10.000", "10000", "EUR"),
        ("10.000 €", "10000", "EUR"),
        ("10.000€", "10000", "EUR"),
        ("EUR 10.000", "10000", "EUR"),
        ("R$ 1.234,50", "1234.50", "BRL"),
        ("€1.250.000", "1250000", "EUR"),
        ("$10,000", "10000", "USD"),
        ("€10,5k", "10500", "EUR"),
    ],
)
def test_an_amount_with_a_currency_reads_a_dot_before_three_digits_as_thousands(
    text: str, amount: str, currency: str
) -> None:
    money = parse_money(text)
    assert (money.amount, money.currency) == (Decimal(amount), currency)


def test_a_bare_two_way_count_still_asks_and_gives_both_readings() -> None:
    with pytest.raises(NumberFormatError) as caught:
        parse_count("45.000")
    assert "45,000 or 45" in str(caught.value)


def test_the_budget_option_says_how_a_dot_is_read() -> None:
    from cogs.mix import Mix

    budget = next(p for p in Mix.mix.parameters if p.name == "budget")
    assert "€10.000 (ten thousand)" in budget.description
    assert len(budget.description) <= 100


# --- headers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "column", "platform"),
    [
        ("Instagram Handle", Column.HANDLE, Platform.INSTAGRAM),
        ("TikTok Username", Column.HANDLE, Platform.TIKTOK),
        ("YouTube channel", Column.HANDLE, Platform.YOUTUBE),
        ("Username", Column.HANDLE, None),
        ("Account", Column.HANDLE, None),
        ("Profile URL", Column.HANDLE, None),
        ("Creator", Column.HANDLE, None),
        ("Nom d'utilisateur", Column.HANDLE, None),
        ("Subscribers", Column.FOLLOWERS, None),
        ("Abonnenten", Column.FOLLOWERS, None),
        ("Seguidores", Column.FOLLOWERS, None),
        ("Abonnés", Column.FOLLOWERS, None),
        ("TikTok followers", Column.FOLLOWERS, Platform.TIKTOK),
        ("Avg. likes", Column.LIKES, None),
        ("Ø Likes", Column.LIKES, None),
        ("Média de curtidas", Column.LIKES, None),
        ("Kommentare", Column.COMMENTS, None),
        ("Visualizaciones", Column.VIEWS, None),
        ("Plataforma", Column.PLATFORM, None),
        ("ER", Column.REPORTED_RATE, None),
    ],
)
def test_headers_as_people_write_them(
    header: str, column: Column, platform: Platform | None
) -> None:
    meaning = read_header(header)
    assert meaning is not None
    assert (meaning.column, meaning.platform) == (column, platform)


@pytest.mark.parametrize("header", ["Country", "Name", "Full name", "Status", "Date added"])
def test_other_headers_are_not_taken_for_tierbots(header: str) -> None:
    assert read_header(header) is None


def test_the_platform_comes_from_a_header_that_names_it_and_unknown_columns_pass_through() -> None:
    data = b"Instagram Handle,Followers,Country\r\nlena.kocht,45000,DE\r\n"

    for platform in (None, Platform.INSTAGRAM):
        result = classify_creator_file(data, default_scheme(), default_platform=platform)
        assert [r.handle.platform for r in result.parsed.rows] == [Platform.INSTAGRAM]
        assert "“Instagram Handle” as handle (Instagram)" in columns_read(result.parsed)
        assert result.classified_csv is not None
        (row,) = csv.DictReader(io.StringIO(result.classified_csv.decode("utf-8-sig")))
        assert row["Country"] == "DE"


# --- writing back ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "convention", "written"),
    [
        (Decimal("3.86"), Convention.CONTINENTAL, "3,86"),
        (Decimal("3.86"), Convention.ENGLISH, "3.86"),
        (Decimal("14.00"), Convention.CONTINENTAL, "14"),
        (1_234_567, Convention.CONTINENTAL, "1234567"),  # no separator: the column sorts
        (0.1 + 0.2, Convention.ENGLISH, "0.3"),
    ],
)
def test_numbers_are_written_plain_in_the_teams_decimal_mark(
    value: Decimal | float | int, convention: Convention, written: str
) -> None:
    assert format_decimal(value, convention) == written


@pytest.mark.parametrize(
    ("sheet", "start"),
    [
        (EXCEL_US, b"\xef\xbb\xbfHandle,Followers,ER (%)\r\n"),
        (EXCEL_EUROPE, b"\xef\xbb\xbfHandle;Followers;ER (%)\r\n"),
        (SheetFormat("\t", "UTF-16", Convention.CONTINENTAL), "\ufeffHandle\t".encode("utf-16-le")),
        (SheetFormat(";", "Windows-1252", Convention.CONTINENTAL), b"Handle;Followers;ER (%)\r\n"),
    ],
)
def test_files_are_written_in_the_teams_delimiter_and_encoding(
    sheet: SheetFormat, start: bytes
) -> None:
    data = write_csv(
        ["Handle", "Followers", "ER (%)"], [[handle_cell("@jane"), 45_000, Decimal("2.5")]], sheet
    )
    assert data.startswith(start)


def test_a_windows_1252_file_that_cannot_hold_a_name_is_written_as_utf8_with_a_mark() -> None:
    sheet = SheetFormat(";", "Windows-1252", Convention.CONTINENTAL)
    data = write_csv(["Notes"], [["日本語"]], sheet)
    assert data.startswith(b"\xef\xbb\xbf") and "日本語" in data.decode("utf-8-sig")


@pytest.mark.parametrize("notes", ["Â¡", "×µ", "cafÃ©"])
def test_windows_1252_bytes_that_pass_for_utf8_are_written_as_utf8_and_read_back(
    notes: str,
) -> None:
    # "Â¡" in Windows-1252 is the UTF-8 of "¡": written that way, it would read back changed.
    sheet = SheetFormat(";", "Windows-1252", Convention.CONTINENTAL)
    data = write_csv(["Notes"], [[notes]], sheet)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[1] == notes


def test_a_windows_1252_file_stays_windows_1252_when_it_cannot_pass_for_utf8() -> None:
    sheet = SheetFormat(";", "Windows-1252", Convention.CONTINENTAL)
    data = write_csv(["Notes"], [["café"]], sheet)
    assert data == "Notes\r\ncafé\r\n".encode("cp1252")


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("@jane", "jane"),
        ("jane", "jane"),
        ("https://www.tiktok.com/@dancer", "https://www.tiktok.com/@dancer"),
        ("@=cmd", "'=cmd"),  # still guarded when what follows the @ could run
        ("＠jane", "jane"),
    ],
)
def test_handles_are_written_without_a_visible_guard(typed: str, written: str) -> None:
    assert write_csv(["h"], [[handle_cell(typed)]]).decode("utf-8-sig").split("\r\n")[1] == written


@pytest.mark.parametrize("cell", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"])
def test_other_cells_are_still_guarded(cell: str) -> None:
    assert neutralize_cell(cell) == "'" + cell


def test_plain_signed_numbers_stay_numbers_in_either_convention() -> None:
    assert neutralize_cell("-3,5") == "-3,5"
    assert neutralize_cell("-12") == "-12"


CELL_TEXT = st.text(max_size=12) | st.sampled_from(
    ["", " ", "\u00a0=1", " @x", "@", "＠=1", "  -3", "-3,5", "'=1", "\t", " \r\n "]
)


@given(CELL_TEXT)
def test_the_quick_look_at_a_cell_guards_exactly_what_neutralize_cell_guards(text: str) -> None:
    assert text_cell(text) == neutralize_cell(text)
    stripped = text.strip()
    without_at = stripped[1:] if stripped[:1] in ("@", "＠") else stripped
    assert handle_text(text) == neutralize_cell(without_at)


@settings(max_examples=300)
@given(
    st.sampled_from([",", ";", "\t", "|"]),
    st.lists(st.text(alphabet=st.sampled_from("ab ,;|\t\"\r\n'=é🎉"), max_size=6), min_size=2),
)
def test_a_line_written_directly_is_the_line_the_csv_module_writes(
    delimiter: str, cells: list[str]
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerow(cells)
    fields = CsvFields(SheetFormat(delimiter))
    assert fields.line(cells) + "\r\n" == buffer.getvalue()
    assert (fields.needs_quotes("".join(cells)) is None) == all(
        fields.field(cell) == cell for cell in cells
    )


# --- import ---------------------------------------------------------------------------------


def test_a_creator_whose_first_row_is_refused_is_imported_from_a_later_row() -> None:
    data = (
        BOM
        + "Username;Plattform;Abonnenten;Status\r\n"
        + "@wiederholt;Instagram;48.500;vielleicht\r\n"  # 2: refused (status)
        + "@wiederholt;Instagram;48.500;prospect\r\n"  # 3: imported
        + ";Instagram;1.000;prospect\r\n"  # 4: no handle
        + "@anders;Instagram;viele;prospect\r\n"  # 5: followers
        + "@wiederholt;Instagram;50.000;contacted\r\n"  # 6: repeats row 3
    ).encode()

    result = read_shortlist_csv(data)

    assert [
        (row.line_number, row.handle.name, row.stats and row.stats.followers) for row in result.rows
    ] == [(3, "wiederholt", 48_500)]
    refused = {e.line_number: (e.handle, e.reason) for e in result.errors}
    assert refused[2] == ("@wiederholt", refused[2][1]) and "status “vielleicht”" in refused[2][1]
    assert refused[4] == ("", "has no handle")
    assert refused[5][0] == "@anders" and "“viele”" in refused[5][1]
    assert refused[6] == ("@wiederholt", "repeats the creator on row 3")


# --- export ---------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(entries())
def test_an_export_reads_back_unchanged_in_every_convention(entry: ShortlistEntry) -> None:
    for sheet in (
        EXCEL_US,
        EXCEL_EUROPE,
        SHEETS_CONTINENTAL,
        SheetFormat("\t", "UTF-16", Convention.CONTINENTAL),
        SheetFormat(";", "Windows-1252", Convention.CONTINENTAL),
    ):
        data = export_of(entry, sheet)

        read = read_shortlist_csv(data)

        assert read.errors == (), sheet
        (row,) = read.rows
        assert (row.handle.platform, row.handle.key) == (entry.platform, entry.handle_key)
        assert row.stats == entry.values().stats
        assert imported_values(entry.values(), row, default_scheme()) is None, sheet
        assert read.parsed.delimiter == sheet.delimiter


@given(entries())
def test_each_exported_rate_is_labelled_with_its_formula(entry: ShortlistEntry) -> None:
    header, row = csv.reader(io.StringIO(export_of(entry).decode("utf-8-sig"), newline=""))
    assert header == list(EXPORT_HEADER)
    cells = dict(zip(header, row, strict=True))
    assert "Engagement rate" not in cells
    formulas = cells["ER formulas"]
    if cells["ER by followers (%)"]:
        # The column is the same for every row; the formula says YouTube's word.
        audience = "subscribers" if entry.platform is Platform.YOUTUBE else "followers"
        assert f"by {audience}: " in formulas and f"÷ {audience}" in formulas
    if cells["ER by views (%)"]:
        assert "by views: " in formulas and "÷ views" in formulas
    if entry.followers is None:
        assert formulas == ""


# --- replies ---------------------------------------------------------------------------------


def test_the_classify_csv_reply_says_which_column_was_read_as_what() -> None:
    from bot.render.classify import csv_reply

    data = (
        BOM
        + "Instagram Handle;Abonnenten;Ø Likes;Land\r\n"
        + "@lena.kocht;45.000;1.200;DE\r\n@max;12,5k;980;AT\r\n"
    ).encode()
    result = classify_creator_file(data, default_scheme())

    embed = csv_reply(result.summary(10), filename="liste.csv", in_guild=True).embed
    fields = {f.name or "": f.value or "" for f in embed.fields}

    assert fields["Columns read"].splitlines() == [
        "“Instagram Handle” as handle (Instagram)",
        "“Abonnenten” as followers",
        "“Ø Likes” as likes",
    ]
    assert fields["Columns kept but not used"] == "Land"
    assert "continental European way (1.234,5)" in (embed.description or "")
    assert "semicolon-separated" in (embed.description or "")
