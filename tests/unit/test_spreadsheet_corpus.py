"""A corpus of creator lists shaped like real exports (tests/fixtures/spreadsheets), each
with the result it must give; and each classified file read back gives the same creators.

The files: German, French, Spanish, Portuguese and US Excel exports (semicolons, BOM,
Windows-1252, an Excel ``sep=`` line), Google Sheets in English and Brazilian Portuguese,
Excel's UTF-16 "Unicode Text", a tool's TSV, quoted newlines, trailing empty columns,
merged header rows, totals rows, two tools' exports that name the platform in a header.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.domain.creator_csv import Column, ParsedCsv, columns_read, parse_creator_csv
from bot.domain.creator_report import classify_creator_file
from bot.domain.number_convention import Convention
from bot.domain.platforms import Platform
from bot.domain.tiers import default_scheme

CORPUS = Path(__file__).parent.parent / "fixtures" / "spreadsheets"
IG, TT, YT, X = Platform.INSTAGRAM, Platform.TIKTOK, Platform.YOUTUBE, Platform.X
EN, EU = Convention.ENGLISH, Convention.CONTINENTAL


@dataclass(frozen=True)
class Expected:
    encoding: str
    delimiter: str
    convention: Convention
    rows: list[tuple[int, Platform, str, int]]  # (spreadsheet row, platform, name, followers)
    errors: dict[int, str] = field(default_factory=dict)  # row -> part of the reason
    notes: list[str] = field(default_factory=list)  # parts of the notes, in any order
    columns: list[str] = field(default_factory=list)  # parts of "which column as what"
    likes: list[int | None] | None = None
    default_platform: Platform | None = None


EXPECTED: dict[str, Expected] = {
    "de_excel_semicolon_bom.csv": Expected(
        "UTF-8", ";", EU,
        [(2, IG, "lena.kocht", 45_000), (3, TT, "max_faehrt", 12_500),
         (4, IG, "sommer.mode", 1_234_567), (6, YT, "reisefieber", 2_100_000)],
        errors={5: "handle “@gartenglück” isn't a valid Instagram name"},
        notes=["continental European way (1.234,5), from values like “12,5k”"],
        columns=["“Abonnenten” as followers", "“Ø Likes” as likes", "“Benutzername” as handle"],
        likes=[1_200, 980, 25_300, 15_000],
    ),
    "de_excel_sep_line_cp1252.csv": Expected(
        "Windows-1252", ";", EU,
        [(2, IG, "baeckerei_mueller", 8_750), (4, IG, "kaffee.klatsch", 3_200)],
        errors={3: "“@stadtgrün”"},
        notes=["Windows-1252", "from the semicolon delimiter"],
        columns=["“Instagram Handle” as handle (Instagram)", "“Gefällt mir” as likes"],
        likes=[310, 95],
    ),
    "fr_excel_semicolon_cp1252.csv": Expected(
        "Windows-1252", ";", EU,
        [(2, IG, "chef.amelie", 45_000), (3, TT, "velo_paris", 12_500),
         (4, IG, "mode_et_co", 250_000)],
        columns=["“Abonnés” as followers", "“J'aime moyens” as likes", "“Réseau” as platform"],
        likes=[1_250, 800, 6_100],
    ),
    "br_google_sheets_comma.csv": Expected(
        "UTF-8", ",", EU,
        [(2, IG, "cozinha.da.ana", 45_000), (3, TT, "futebol_raiz", 1_250_000),
         (4, IG, "viagem_br", 12_500), (5, IG, "moda.sp", 48_500)],
        notes=["continental European way"],
        columns=["“Seguidores” as followers", "“Curtidas” as likes", "“Usuário” as handle"],
        likes=[1_200, 35_000, 640, 1_050],  # "1.200": from the file's other number columns
    ),
    "us_excel_comma.csv": Expected(
        "UTF-8", ",", EN,
        [(2, IG, "trail_runner", 45_000), (3, TT, "bakes_by_jo", 12_500),
         (4, YT, "techreviewguy", 1_234_567)],
        likes=[1_200, 980, 25_300],
    ),
    "us_excel_ambiguous.csv": Expected(
        "UTF-8", ",", EN,
        [(2, IG, "clear_one", 1_200), (4, IG, "clear_two", 88_000)],
        errors={3: "followers “45.000” could be 45,000 or 45"},
    ),
    "google_sheets_english.csv": Expected(
        "UTF-8", ",", EN,
        [(2, YT, "chefjohn", 2_100_000), (3, TT, "dance.daily", 830_500),
         (4, IG, "plant.mom", 9_800)],
        columns=["“Creator” as handle", "“Subscribers” as followers", "“Avg views” as views"],
    ),
    "excel_unicode_text_utf16.txt": Expected(
        "UTF-16", "\t", EU,
        [(2, IG, "lena.kocht", 45_000), (3, TT, "max_faehrt", 12_500)],
        likes=[1_200, 980],
    ),
    "tool_export.tsv": Expected(
        "UTF-8", "\t", EN,
        [(2, IG, "yoga.with.kim", 67_200), (3, TT, "coding_cat", 1_200_000)],
        columns=["“ER” as the file's own engagement rate (kept; Tierbot works out its own)"],
    ),
    "quoted_newlines.csv": Expected(
        "UTF-8", ",", EN, [(2, IG, "multi_line", 22_000), (3, IG, "after_it", 5_000)]
    ),
    "trailing_empty_columns.csv": Expected(
        "UTF-8", ";", EU,
        [(2, IG, "empty_tail", 45_000), (3, IG, "second_one", 9_999)],
        likes=[1_100, 120],
        default_platform=IG,
    ),
    "merged_header_rows.csv": Expected(
        "UTF-8", ";", EU,
        [(4, IG, "sommer.sonne", 45_000), (5, TT, "see.blick", 310_000)],
        notes=["The header is on row 3; the 2 rows above it (titles) were left out."],
    ),
    "totals_row.csv": Expected(
        "UTF-8", ";", EU,
        [(2, IG, "one_creator", 45_000), (3, IG, "two_creator", 12_500)],
        notes=["Row 5 (“Summe”) is a totals row", "Row 6 (“Durchschnitt”) is a totals row"],
    ),
    "es_excel.csv": Expected(
        "UTF-8", ";", EU,
        [(2, IG, "cocina.facil", 45_000), (3, TT, "baile_mx", 1_200_000)],
        columns=["“Me gusta” as likes", "“Visualizaciones” as views", "“Red social” as platform"],
        likes=[1_300, 40_000],
    ),
    "pt_excel.csv": Expected(
        "UTF-8", ";", EU,
        [(2, IG, "lisboa.eats", 48_500), (3, YT, "surf_peniche", 250_000)],
        columns=["“Média de curtidas” as likes", "“Nome de usuário” as handle"],
        likes=[1_020, 7_400],
    ),
    "tool_export_instagram.csv": Expected(
        "UTF-8", ",", EN,
        [(2, IG, "lena.kocht", 45_000), (3, IG, "trail_runner", 120_500)],
        columns=["“Instagram Handle” as handle (Instagram)", "“Avg. likes” as likes"],
        likes=[1_200, 2_250],
    ),
    "tool_export_tiktok.csv": Expected(
        "UTF-8", ",", EN,
        [(2, TT, "dance.daily", 830_500), (3, TT, "cook.fast", 45_000)],
        columns=["“TikTok Username” as handle (TikTok)", "“Fans” as followers"],
    ),
    "windows_1252_comma.csv": Expected(
        "Windows-1252", ",", EN, [(2, IG, "cafe_creme", 3_400), (3, IG, "naive_art", 870)]
    ),
    "mixed_conventions.csv": Expected(
        "UTF-8", ";", EU,
        [(2, IG, "gemischt_eins", 1_235), (3, IG, "gemischt_zwei", 2_346)],
        errors={4: "“1,500” could be 1,500 or 1.5: Tierbot can't tell which way the file "
                   "writes numbers (the column mixes both ways)"},
    ),
    "profile_urls_only.csv": Expected(
        "UTF-8", ",", EN,
        [(2, YT, "chefjohn", 2_100_000), (3, IG, "plant.mom", 9_800), (4, X, "news_daily", 45_000)],
    ),
    "blank_lines_crlf.csv": Expected(
        "UTF-8", ",", EN, [(4, IG, "first_row", 1_200), (6, IG, "after_blank", 3_400)]
    ),
    "refused_then_repeated.csv": Expected(
        "UTF-8", ";", EU,
        [(2, IG, "wiederholt", 48_500)],
        errors={3: "repeats the creator on row 2", 4: "followers “viele” is not a number"},
    ),
}  # fmt: skip


def _parse(name: str) -> ParsedCsv:
    expected = EXPECTED[name]
    return parse_creator_csv(
        (CORPUS / name).read_bytes(), default_platform=expected.default_platform
    )


def test_the_corpus_has_every_file_and_every_file_an_expectation() -> None:
    on_disk = {path.name for path in CORPUS.iterdir() if path.suffix in (".csv", ".tsv", ".txt")}
    assert on_disk == set(EXPECTED)
    assert len(on_disk) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_gives_its_result(name: str) -> None:
    expected = EXPECTED[name]

    parsed = _parse(name)

    assert (parsed.encoding, parsed.delimiter) == (expected.encoding, expected.delimiter)
    assert parsed.convention is expected.convention
    rows = [
        (r.line_number, r.handle.platform, r.handle.name, r.stats.followers) for r in parsed.rows
    ]
    assert rows == expected.rows
    errors = {error.line_number: error.reason for error in parsed.errors}
    assert set(errors) == set(expected.errors)
    for line, part in expected.errors.items():
        assert part in errors[line]
    for part in expected.notes:
        assert any(part in note for note in parsed.notes), (part, parsed.notes)
    read = columns_read(parsed)
    for part in expected.columns:
        assert part in read, (part, read)
    if expected.likes is not None:
        assert [r.stats.likes for r in parsed.rows] == expected.likes


def test_every_refused_row_names_its_handle_as_written() -> None:
    for name in EXPECTED:
        for error in _parse(name).errors:
            assert error.handle, (name, error)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_classified_file_comes_back_in_the_teams_format_and_reads_the_same(name: str) -> None:
    expected = EXPECTED[name]
    source = _parse(name)
    result = classify_creator_file(
        (CORPUS / name).read_bytes(), default_scheme(), default_platform=expected.default_platform
    )
    assert result.classified_csv is not None

    # No platform option this time: the file Tierbot wrote says each row's platform.
    again = parse_creator_csv(result.classified_csv)

    assert again.delimiter == source.delimiter
    assert again.convention is source.convention
    if source.encoding != "Windows-1252":
        assert again.encoding == source.encoding
    assert [(r.handle.platform, r.handle.key, r.stats) for r in again.rows] == [
        (r.handle.platform, r.handle.key, r.stats) for r in source.rows
    ]
    # What a spreadsheet shows: numbers in the followers column, no apostrophe on handles.
    shown = _as_a_spreadsheet_reads(result.classified_csv, source)
    followers = source.columns[Column.FOLLOWERS]
    assert [row[followers] for row in shown] == [str(r.stats.followers) for r in source.rows]
    handles = source.columns[Column.HANDLE]
    assert not any(row[handles].startswith("'") for row in shown)
    assert not any(row[handles].startswith(("@", "=", "+", "-")) for row in shown)


def _as_a_spreadsheet_reads(data: bytes, source: ParsedCsv) -> list[dict[str, str]]:
    """The rows as a spreadsheet opening the file shows them: decoded by its mark, split
    with Python's csv in the file's dialect."""
    if data.startswith(b"\xff\xfe"):
        text = data.decode("utf-16")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data.decode("utf-8-sig")
    else:
        text = data.decode("cp1252")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=source.delimiter))


def test_a_german_excel_file_comes_back_as_one_german_excel_opens_in_columns() -> None:
    result = classify_creator_file(
        (CORPUS / "de_excel_semicolon_bom.csv").read_bytes(), default_scheme()
    )
    assert result.classified_csv is not None
    data = result.classified_csv

    assert data.startswith(b"\xef\xbb\xbf")
    header, first = data.decode("utf-8-sig").split("\r\n")[:2]
    assert header.startswith("Benutzername;Plattform;Abonnenten;Abonnenten (as typed);Ø Likes;")
    cells = first.split(";")
    assert cells[:4] == ["lena.kocht", "Instagram", "45000", "45.000"]
    rates = dict(zip(header.split(";"), cells, strict=True))
    assert rates["ER by followers (%)"] == "2,86"  # (1,200 + 85) ÷ 45,000, decimal comma
    assert rates["Profile URL"] == "https://www.instagram.com/lena.kocht/"


def test_libreoffice_shows_the_written_file_as_typed() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) isn't installed here; the csv-module check above runs")
    result = classify_creator_file((CORPUS / "us_excel_comma.csv").read_bytes(), default_scheme())
    assert result.classified_csv is not None
    workdir = Path(__file__).parent / ".soffice-tmp"
    workdir.mkdir(exist_ok=True)
    try:
        source = workdir / "classified.csv"
        source.write_bytes(result.classified_csv)
        subprocess.run(
            [soffice, "--headless", "--convert-to", "html", "--outdir", str(workdir), str(source)],
            check=True,
            timeout=120,
            capture_output=True,
        )
        html = (workdir / "classified.html").read_text(errors="replace")
        assert "trail_runner" in html and "'trail_runner" not in html
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
