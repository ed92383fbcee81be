"""/shortlist export's file, byte for byte, against reference files.

The references in tests/fixtures/shortlist_export/ were exported by the code before issue
19 made the export faster (commit 6b9e830: validated entry models, the tier re-derived per
entry, every cell typed by `write_csv`). A faster export must hand a team the same file:
same rows in the same order, same numbers, same guards, same encoding. When the seed below
changes, export the references again with that former code, never with the current one.
One deliberate change since: YouTube rows' formula cells say "subscribers", not "followers"
(the references were edited for exactly that and nothing else).
"""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.domain.handles import Handle, HandleError, normalize_handle
from bot.domain.metrics import CreatorStats
from bot.domain.platforms import Platform
from bot.domain.shortlist import ImportRow, Status
from bot.domain.tiers import default_scheme
from storage.database import Database
from storage.postgres.database import PostgresDatabase
from tests.e2e.conftest import Harness

# Every test here runs on SQLite and on PostgreSQL.
pytestmark = pytest.mark.usefixtures("backend")

REFERENCES = Path(__file__).resolve().parents[1] / "fixtures" / "shortlist_export"
LIST_NAME = "Export pin: Q3 / Launch"
SEED_ACTOR = 7

# Names as people type them, including the awkward ones a spreadsheet could misread.
_SPECIAL_HANDLES: tuple[tuple[str, Platform], ...] = (
    ("@jane.doe", Platform.INSTAGRAM),
    ("Jane_Doe_2", Platform.TIKTOK),
    ("@Ünicode_fan", Platform.YOUTUBE),
    ("-dash_first", Platform.YOUTUBE),
    ("https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv", Platform.YOUTUBE),
    ("https://www.youtube.com/user/OldTimer", Platform.YOUTUBE),
    ("https://www.facebook.com/profile.php?id=100001234567", Platform.FACEBOOK),
    ("some.page.name", Platform.FACEBOOK),
    ("snap-chat_1", Platform.SNAPCHAT),
    ("streamer_42", Platform.TWITCH),
    ("x_fan", Platform.X),
)
_NOTES: tuple[str | None, ...] = (
    None,
    None,
    "",
    "seeded",
    '=HYPERLINK("http://evil.example","click")',
    "-5 then +3, @team",
    " =1+1 after a space",
    "\u00a0@after a no-break space",
    "two lines\nof notes",
    'a "quoted" word, and a comma; and a semicolon',
    "＋full-width plus",
    "Ünïcödé and emoji 🎉",
    "+49 30 1234567",
    "-12",
)
# Follower counts on and around the boundaries of the schemes used below.
_EDGE_FOLLOWERS: tuple[int, ...] = (
    1,
    999,
    1_000,
    1_001,
    9_999,
    10_000,
    49_999,
    50_000,
    99_999,
    100_000,
    999_999,
    1_000_000,
    10_000_000_000,
)


def _count(rng: random.Random, followers: int) -> int | None:
    kind = rng.random()
    if kind < 0.25:
        return None
    if kind < 0.3:
        return 0
    return int(followers * rng.choice((0.0001, 0.003, 0.0123, 0.05, 0.2, 1.7)) + rng.random())


def seed_rows() -> list[ImportRow]:
    """About 150 creators: every platform, no stats to 10 billion followers, every mix of
    figures (rates by followers and by views, zeros, missing terms), every status."""
    rng = random.Random(19)
    handles: list[Handle] = [
        normalize_handle(text, platform) for text, platform in _SPECIAL_HANDLES
    ]
    platforms = list(Platform)
    for number in range(140):
        platform = platforms[number % len(platforms)]
        name = f"creator_{number:03d}" if platform is not Platform.SNAPCHAT else f"snap{number}"
        try:
            handles.append(normalize_handle(f"@{name}", platform))
        except HandleError:
            handles.append(normalize_handle(f"name{number:03d}", platform))
    rows = []
    for index, handle in enumerate(handles):
        followers: int | None
        if index % 9 == 4:
            followers = None
        elif index < len(_EDGE_FOLLOWERS):
            followers = _EDGE_FOLLOWERS[index]
        else:
            followers = rng.choice(
                (rng.randint(1, 999), rng.randint(1_000, 99_999), rng.randint(100_000, 3_000_000))
            )
        stats = None
        if followers is not None:
            views = _count(rng, followers * 3)
            stats = CreatorStats(
                followers=followers,
                likes=_count(rng, followers),
                comments=_count(rng, followers // 10),
                shares=_count(rng, followers // 50),
                saves=_count(rng, followers // 40),
                views=views,
            )
        rows.append(
            ImportRow(
                line_number=index + 2,
                handle=handle,
                stats=stats,
                notes=_NOTES[index % len(_NOTES)],
                status=list(Status)[index % len(Status)],
            )
        )
    return rows


async def seed_list(harness: Harness) -> None:
    """The list, imported in one step, some figures then "fetched from an API", and every
    timestamp set to fixed moments (on both sides of a UTC midnight)."""
    bot = harness.local.bot
    assert bot is not None
    storage = bot.storage
    guild_id = harness.guild.id
    shortlist = await storage.shortlists.create(guild_id, LIST_NAME, "", actor_id=SEED_ACTOR)
    await storage.shortlists.import_rows(
        guild_id,
        shortlist.id,
        seed_rows(),
        default_scheme(),
        actor_id=SEED_ACTOR,
        source="pin.csv",
    )
    entries = await storage.shortlists.entries(guild_id, shortlist.id)
    fetched_at = datetime(2026, 2, 3, 23, 59, 59, 999_999, tzinfo=UTC)
    for number, entry in enumerate(entries):
        if entry.followers is not None and number % 4 == 1:
            await storage.shortlists.record_fetched(
                guild_id,
                shortlist.id,
                entry.id,
                entry.values(),
                source="YouTube Data API v3" if number % 8 == 1 else "=Fake API",
                fetched_at=fetched_at,
                actor_id=SEED_ACTOR,
            )
    database = storage.database
    assert isinstance(database, Database | PostgresDatabase)
    async with database.transaction() as tx:
        await tx.execute(
            "UPDATE shortlist_entries SET added_at = '2026-01-31T23:59:59.999999Z', "
            "updated_at = '2026-02-01T00:00:00.000000Z' WHERE id % 2 = 0"
        )
        await tx.execute(
            "UPDATE shortlist_entries SET added_at = '2025-12-31T00:00:00.000000Z', "
            "updated_at = '2026-01-15T12:30:00.000000Z' WHERE id % 2 = 1"
        )


async def exported(harness: Harness, sheet_format: str) -> bytes:
    reply = await harness.invoke(f"/shortlist export name:{LIST_NAME} format:{sheet_format}")
    stored = reply.message.file(".csv")
    assert stored.filename == "shortlist-export-pin-q3-launch.csv"
    assert "151 creators" in reply.embed["description"], reply.text()
    return stored.data


def assert_same_file(data: bytes, reference: str, tmp_path: Path) -> None:
    path = REFERENCES / reference
    if not path.exists() or data != path.read_bytes():
        (tmp_path / reference).write_bytes(data)
        expected = path.read_bytes().split(b"\r\n") if path.exists() else []
        lines = data.split(b"\r\n")
        first = next(
            (n for n, pair in enumerate(zip(lines, expected, strict=False)) if pair[0] != pair[1]),
            min(len(lines), len(expected)),
        )
        pytest.fail(
            f"{reference} differs from the reference at line {first + 1} "
            f"(exported file kept at {tmp_path / reference}):\n"
            f"  exported:  {lines[first] if first < len(lines) else b'(end)'!r}\n"
            f"  reference: {expected[first] if first < len(expected) else b'(end)'!r}"
        )


async def test_the_exported_file_is_the_reference_file_byte_for_byte(
    harness: Harness, tmp_path: Path
) -> None:
    await seed_list(harness)

    # Under the scheme the entries were tiered with (emerging accounts, no re-tiering)…
    assert_same_file(await exported(harness, "english"), "four-tier-english.csv", tmp_path)
    # …and after a switch to a scheme with a gap, where every tier is derived anew.
    switched = await harness.invoke("/tiers scheme name:fitness-guide", actor=harness.admin)
    assert "fitness" in switched.text().casefold(), switched.text()
    for sheet_format in ("english", "excel-europe", "sheets-europe"):
        assert_same_file(
            await exported(harness, sheet_format), f"fitness-guide-{sheet_format}.csv", tmp_path
        )


@pytest.mark.parametrize(
    ("sheet_format", "delimiter", "decimal_mark", "opens_in"),
    [
        ("english", ",", ".", "Excel or Google Sheets set to English"),
        ("excel-europe", ";", ",", "Excel set to a continental European language"),
        ("sheets-europe", ",", ",", "Google Sheets set to a continental European language"),
    ],
)
async def test_the_export_reply_describes_the_file_it_sends(
    harness: Harness, sheet_format: str, delimiter: str, decimal_mark: str, opens_in: str
) -> None:
    await seed_list(harness)
    reply = await harness.invoke(f"/shortlist export name:{LIST_NAME} format:{sheet_format}")
    description = reply.embed["description"]
    assert f"opens in {opens_in}" in description
    assert f"decimals after a {'point' if decimal_mark == '.' else 'comma'}" in description
    assert f"(5{decimal_mark}31)" in description

    text = reply.message.file(".csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    # "Plain numbers you can sort and sum": counts carry no grouping marks…
    followers = [row["Followers"] for row in rows if row["Followers"]]
    assert followers and all(cell.isdigit() for cell in followers)
    # …and rates use the decimal mark the reply names, and no other.
    other_mark = "," if decimal_mark == "." else "."
    rates = [row["ER by followers (%)"] for row in rows if row["ER by followers (%)"]]
    assert any(decimal_mark in rate for rate in rates)
    assert not any(other_mark in rate for rate in rates)
