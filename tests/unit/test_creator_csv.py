"""Creator CSV reading (dialects, encodings, aliases, bad rows, limits) and safe writing."""

from __future__ import annotations

import contextlib
import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.creator_csv import (
    ACCEPTED_HEADERS,
    MAX_ROWS,
    Column,
    CsvError,
    CsvFormatError,
    CsvTooLargeError,
    match_header,
    neutralize_cell,
    parse_creator_csv,
    parse_platform,
    write_csv,
)
from bot.domain.platforms import Platform

SIMPLE = "handle,platform,followers,likes,comments\r\n@jane,instagram,12.5k,300,12\r\n"


def _rows(text: str, default_platform: Platform | None = None) -> list[tuple[int, str, int]]:
    parsed = parse_creator_csv(text.encode("utf-8"), default_platform=default_platform)
    return [(r.line_number, r.handle.name, r.stats.followers) for r in parsed.rows]


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SIMPLE.encode("utf-8"), "UTF-8"),
        (b"\xef\xbb\xbf" + SIMPLE.encode("utf-8"), "UTF-8"),
        (SIMPLE.encode("utf-16"), "UTF-16"),  # with its byte-order mark
        (SIMPLE.encode("utf-32"), "UTF-32"),
    ],
)
def test_encodings(data: bytes, encoding: str) -> None:
    parsed = parse_creator_csv(data)
    assert parsed.encoding == encoding
    assert parsed.header[0] == "handle"  # no BOM left in the first header
    assert [r.handle.name for r in parsed.rows] == ["jane"]
    assert parsed.notes == ()


def test_cp1252_fallback_says_so() -> None:
    data = "handle,followers,notes\n@jane,5k,café crème\n".encode("cp1252")
    parsed = parse_creator_csv(data, default_platform=Platform.INSTAGRAM)
    assert parsed.encoding == "Windows-1252"
    assert parsed.rows[0].notes == "café crème"
    assert any("Windows-1252" in note for note in parsed.notes)


def test_bad_utf16_is_a_clean_error() -> None:
    with pytest.raises(CsvFormatError, match="UTF-16"):
        parse_creator_csv(b"\xff\xfe\x00")


# --- dialects --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delimiter", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab"), ("|", "pipe")]
)
def test_delimiters(delimiter: str, name: str) -> None:
    text = SIMPLE.replace(",", delimiter)
    parsed = parse_creator_csv(text.encode())
    assert parsed.delimiter == delimiter
    assert parsed.delimiter_name == name
    assert parsed.rows[0].stats.likes == 300


def test_semicolon_file_with_decimal_commas() -> None:
    # European Excel: semicolons between cells, commas inside numbers.
    text = "Handle;Followers;Likes\n@jane;12,5k;1,5\n"
    parsed = parse_creator_csv(text.encode(), default_platform=Platform.TIKTOK)
    assert parsed.delimiter == ";"
    assert parsed.rows[0].stats.followers == 12_500
    assert parsed.rows[0].stats.likes == 2


def test_delimiter_is_chosen_by_recognised_headers() -> None:
    # A comma appears in a header name, but semicolons split it into known columns.
    text = 'handle;followers;notes;"country, city"\n@jane;1000;a, b;FR\n'
    parsed = parse_creator_csv(text.encode(), default_platform=Platform.X)
    assert parsed.delimiter == ";"
    assert parsed.rows[0].notes == "a, b"


def test_excel_sep_line() -> None:
    text = "sep=;\r\nhandle;followers\r\n@jane;1000\r\n@bob;x\r\n"
    parsed = parse_creator_csv(text.encode(), default_platform=Platform.X)
    assert parsed.delimiter == ";"
    assert [r.line_number for r in parsed.rows] == [2]
    assert [e.line_number for e in parsed.errors] == [3]


def test_excel_quoting() -> None:
    text = (
        "handle,followers,notes\r\n"
        '@jane,"45,000","She said ""hi""\r\nand then, left"\r\n'
        '@bob,1000,"plain"\r\n'
    )
    parsed = parse_creator_csv(text.encode(), default_platform=Platform.INSTAGRAM)
    jane, bob = parsed.rows
    assert jane.stats.followers == 45_000
    assert jane.notes == 'She said "hi"\r\nand then, left'
    # A spreadsheet shows the multi-line cell as one row: bob is row 3.
    assert (jane.line_number, bob.line_number) == (2, 3)


def test_bare_cr_and_lf_line_ends() -> None:
    for newline in ("\r", "\n", "\r\n"):
        text = newline.join(["handle,followers", "@a,1", "@b,2", ""])
        assert _rows(text, default_platform=Platform.X) == [(2, "a", 1), (3, "b", 2)]


# --- headers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Handle", Column.HANDLE),
        ("USERNAME", Column.HANDLE),
        ("Profile URL", Column.HANDLE),
        ("profile_url", Column.HANDLE),
        ("Account", Column.HANDLE),
        ("creator", Column.HANDLE),
        ("Network", Column.PLATFORM),
        ("channel", Column.PLATFORM),
        ("Follower Count", Column.FOLLOWERS),
        ("followers_count", Column.FOLLOWERS),
        ("Subscribers", Column.FOLLOWERS),
        ("subs", Column.FOLLOWERS),
        ("Fans", Column.FOLLOWERS),
        ("audience", Column.FOLLOWERS),
        ("Avg. Likes", Column.LIKES),
        ("average_likes", Column.LIKES),
        ("Likes per post", Column.LIKES),
        ("like count", Column.LIKES),
        ("avg_comments", Column.COMMENTS),
        ("Shares", Column.SHARES),
        ("saves", Column.SAVES),
        ("avg_views", Column.VIEWS),
        ("Plays", Column.VIEWS),
        ("Video views", Column.VIEWS),
        ("Notes", Column.NOTES),
        ("  notes  ", Column.NOTES),
    ],
)
def test_header_aliases(header: str, column: Column) -> None:
    assert match_header(header) is column


@pytest.mark.parametrize("header", ["", "email", "country", "avg", "count", "x" * 200])
def test_unknown_headers(header: str) -> None:
    assert match_header(header) is None


def test_every_accepted_header_matches() -> None:
    for column, aliases in ACCEPTED_HEADERS.items():
        for alias in aliases:
            assert match_header(alias) is column
            assert match_header(alias.upper().replace(" ", "_")) is column


def test_missing_columns_list_the_accepted_names() -> None:
    with pytest.raises(CsvFormatError, match="followers column") as info:
        parse_creator_csv(b"handle,likes\n@a,5\n")
    assert "subscribers" in str(info.value)
    with pytest.raises(CsvFormatError, match="handle and followers columns") as info:
        parse_creator_csv(b"name,email\nJane,j@x\n")
    assert "username" in str(info.value)
    assert "follower count" in str(info.value)


def test_ignored_and_duplicate_columns_are_reported() -> None:
    text = "handle,followers,subscribers,country\n@a,100,200,FR\n"
    parsed = parse_creator_csv(text.encode(), default_platform=Platform.X)
    assert parsed.rows[0].stats.followers == 100
    assert parsed.ignored_columns == ("subscribers", "country")
    assert any("Two columns mean followers" in note for note in parsed.notes)
    assert parsed.columns[Column.FOLLOWERS] == "followers"


# --- rows ------------------------------------------------------------------------------------


def test_platform_precedence() -> None:
    text = (
        "handle,platform,followers\n"
        "@aaaa,tiktok,100\n"  # from the platform column
        "https://x.com/bbbb,,100\n"  # from the link
        "@cccc,,100\n"  # from the default
        "twitch.tv/dddd,youtube,100\n"  # link and column disagree
        "@eeee,myspace,100\n"  # unknown platform
    )
    parsed = parse_creator_csv(text.encode(), default_platform=Platform.INSTAGRAM)
    assert [(r.line_number, r.handle.platform) for r in parsed.rows] == [
        (2, Platform.TIKTOK),
        (3, Platform.X),
        (4, Platform.INSTAGRAM),
    ]
    errors = {e.line_number: e.reason for e in parsed.errors}
    assert "but the platform is YouTube" in errors[5]
    assert "isn't one Tierbot knows" in errors[6]


def test_no_platform_anywhere_is_a_row_error() -> None:
    parsed = parse_creator_csv(b"handle,followers\n@a,100\n")
    assert parsed.errors[0].line_number == 2
    assert "needs a platform" in parsed.errors[0].reason


@pytest.mark.parametrize(
    ("name", "platform"),
    [
        ("Instagram", Platform.INSTAGRAM),
        ("IG", Platform.INSTAGRAM),
        ("tik tok", Platform.TIKTOK),
        ("YT", Platform.YOUTUBE),
        ("Twitter", Platform.X),
        ("X (Twitter)", Platform.X),
        ("fb", Platform.FACEBOOK),
        ("Snap", Platform.SNAPCHAT),
        ("twitch", Platform.TWITCH),
        ("myspace", None),
    ],
)
def test_parse_platform(name: str, platform: Platform | None) -> None:
    assert parse_platform(name) is platform


def test_bad_rows_are_never_fatal_and_keep_spreadsheet_line_numbers() -> None:
    text = (
        "handle,followers,likes,notes\n"  # 1
        "@good1,1000,10,\n"  # 2
        '@bad_followers,lots,1,"two\nlines"\n'  # 3 (spans two file lines)
        "\n"  # 4: blank, skipped but counted
        "@neg,-5,1,\n"  # 5
        ",1000,1,\n"  # 6: no handle
        "@nofollowers,,1,\n"  # 7
        "@zero,0,1,\n"  # 8
        "@badlikes,1000,1..2,\n"  # 9
        "bad handle,1000,1,\n"  # 10
        "@good2,2000,20,ok,extra\n"  # 11: an extra non-empty cell
        "@good3,3k,30,,\n"  # 12: an extra empty cell is fine
        "@GOOD1,5000,1,\n"  # 13: same creator as row 2
        "@short\n"  # 14: too few cells
    )
    parsed = parse_creator_csv(text.encode(), default_platform=Platform.INSTAGRAM)
    assert [(r.line_number, r.handle.name) for r in parsed.rows] == [(2, "good1"), (12, "good3")]
    errors = {e.line_number: e.reason for e in parsed.errors}
    assert errors == {
        3: "followers “lots” is not a number",
        5: "followers “-5” is negative",
        6: "has no handle",
        7: "has no follower count",
        8: "followers “0” must be more than zero",
        9: "likes “1..2” is not a number",
        10: "handle “bad handle” contains a space",
        11: "has 5 cells but the header has 4",
        13: "repeats the creator on row 2",
        14: "has no follower count",
    }


def test_rows_keep_the_original_cells() -> None:
    text = "Handle,Followers,Country\n@jane,12.5k,FR\n"
    row = parse_creator_csv(text.encode(), default_platform=Platform.X).rows[0]
    assert row.original == {"Handle": "@jane", "Followers": "12.5k", "Country": "FR"}
    assert row.stats.followers == 12_500


def test_all_stats_columns() -> None:
    text = "url,followers,likes,comments,shares,saves,views\ntiktok.com/@jane,10k,1k,50,20,10,8k\n"
    row = parse_creator_csv(text.encode()).rows[0]
    stats = row.stats
    assert (stats.likes, stats.comments, stats.shares, stats.saves, stats.views) == (
        1000,
        50,
        20,
        10,
        8000,
    )
    assert row.handle.platform is Platform.TIKTOK


def test_exported_files_read_back() -> None:
    # Tierbot's own export prefixes "@jane" with an apostrophe; reading strips it again.
    data = write_csv(["handle", "followers", "notes"], [["@jane", 12_500, "=1+1"]])
    parsed = parse_creator_csv(data, default_platform=Platform.INSTAGRAM)
    row = parsed.rows[0]
    assert row.handle.name == "jane"
    assert row.notes == "=1+1"
    assert row.stats.followers == 12_500


# --- limits ----------------------------------------------------------------------------------


def _big_file(rows: int) -> bytes:
    lines = ["handle,platform,followers,likes,comments,views,notes"]
    lines += [
        f'@creator_{i},instagram,{1000 + i * 7},{i % 500},{i % 50},{i * 3},"note, {i}"'
        for i in range(rows)
    ]
    return "\r\n".join(lines).encode()


def test_row_limit() -> None:
    parsed = parse_creator_csv(_big_file(MAX_ROWS))
    assert len(parsed.rows) == MAX_ROWS
    with pytest.raises(CsvTooLargeError, match="5,000"):
        parse_creator_csv(_big_file(MAX_ROWS + 1))


def test_byte_limit() -> None:
    data = b"handle,followers\n" + b"@a,1\n" * (2 * 1024 * 1024 // 5)
    with pytest.raises(CsvTooLargeError, match="2 MB"):
        parse_creator_csv(data)


def test_five_thousand_rows_are_all_read() -> None:
    # How fast is measured in bench/ ("a 5,000-row CSV: parse, classify, write back").
    parsed = parse_creator_csv(_big_file(MAX_ROWS))
    assert len(parsed.rows) == MAX_ROWS


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \r\n  ", "empty"),
        (bytes(range(256)) * 100, "text file"),
        (b"\x00handle,followers\n", "text file"),
        (b"handle,followers\n@a,1\n" + b"\x00" * 10, "text file"),
        (b"x" * 200_000, "first line"),  # one huge line
        (b'"' + b"x" * 200_000, "first line"),  # an unclosed quote
        (b",".join([b"c"] * 10_000) + b"\n", "10,000 columns"),
        (b"handle,followers\n@a," + b"9" * 200_000 + b"\n", "too long"),
    ],
)
def test_garbage_is_a_clean_error(data: bytes, reason: str) -> None:
    with pytest.raises(CsvError, match=reason):
        parse_creator_csv(data)


def test_many_columns_in_a_data_row_is_a_row_error() -> None:
    data = b"handle,followers\n@a," + b",x" * 10_000 + b"\n@b,5\n"
    parsed = parse_creator_csv(data, default_platform=Platform.X)
    assert [r.handle.name for r in parsed.rows] == ["b"]
    assert "10,002 cells" in parsed.errors[0].reason


def test_blank_lines_above_the_header_still_count() -> None:
    text = "\r\n\nhandle,followers\n@aaaa,1\n@bbbb,x\n"
    parsed = parse_creator_csv(text.encode(), default_platform=Platform.X)
    assert [r.line_number for r in parsed.rows] == [4]
    assert [e.line_number for e in parsed.errors] == [5]


def test_header_only() -> None:
    parsed = parse_creator_csv(b"handle,followers")
    assert parsed.rows == ()
    assert parsed.errors == ()


@given(st.binary(max_size=2_000))
def test_arbitrary_bytes_raise_only_csv_errors(data: bytes) -> None:
    with contextlib.suppress(CsvError):
        parse_creator_csv(data, default_platform=Platform.INSTAGRAM)


@given(st.binary(max_size=500))
def test_arbitrary_rows_after_a_good_header(data: bytes) -> None:
    try:
        parsed = parse_creator_csv(
            b"handle,platform,followers,likes,views\n" + data,
            default_platform=Platform.INSTAGRAM,
        )
    except CsvError:
        return
    lines = [r.line_number for r in parsed.rows] + [e.line_number for e in parsed.errors]
    assert len(lines) == len(set(lines))
    assert all(line >= 2 for line in lines)


_CELL = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=20)


@given(st.lists(st.lists(_CELL, min_size=3, max_size=3), max_size=20))
def test_written_files_read_back_as_the_same_cells(rows: list[list[str]]) -> None:
    data = write_csv(["a", "b", "c"], rows)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    back = list(csv.reader(io.StringIO(text, newline="")))
    assert back[0] == ["a", "b", "c"]
    # Every cell comes back exactly as neutralised, delimiters, quotes and newlines included.
    assert back[1:] == [[neutralize_cell(cell) for cell in row] for row in rows]


# --- writing ---------------------------------------------------------------------------------


def test_write_csv_format() -> None:
    data = write_csv(["handle", "followers"], [["@jane", 12_500], ["bob, jr", None]])
    assert data == b'\xef\xbb\xbfhandle,followers\r\n\'@jane,12500\r\n"bob, jr",\r\n'


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1+1", "'  =1+1"),
        ("＝1+1", "'＝1+1"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("-12", "-12"),  # a plain negative number stays a number
        ("-3.5", "-3.5"),
        ("+7", "+7"),
        ("-", "'-"),
        ("- 5", "'- 5"),
        ("-1e5", "'-1e5"),
        ("hello", "hello"),
        ("a=b", "a=b"),
        ("", ""),
        ("   ", "   "),
    ],
)
def test_neutralize_cell(cell: str, safe: str) -> None:
    assert neutralize_cell(cell) == safe


@given(st.text(max_size=30))
def test_neutralized_cells_never_start_a_formula(cell: str) -> None:
    safe = neutralize_cell(cell)
    stripped = safe.lstrip(" \u00a0")
    if stripped[:1] in {"=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"}:
        assert safe == cell
        assert cell.lstrip("+-").replace(".", "", 1).isdigit()
