"""/classify-csv lookups run a few at a time: bounded, within the YouTube budget, one request
per creator, the cap kept in row order, and a row report that stays in row order."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from bot.domain.creator_csv import parse_creator_csv
from bot.lookups.csv_fill import LOOKUPS_AT_ONCE, CsvFill, fill_missing_figures
from bot.lookups.service import CreatorLookups
from bot.playground.fakes import PlatformFakes

Make = Callable[..., CreatorLookups]

# Seven creators the fakes know, on four platforms, none with followers typed.
ROWS = (
    "youtube.com/@LumenKitchen",
    "youtube.com/user/OldSchoolGarden",
    "youtube.com/@BrandNewChannel",
    "twitch.tv/pixelharbor",
    "instagram.com/fern.and.fig",
    "x.com/northwind_labs",
    "youtube.com/@QuietStudio",
)


def sheet(*handles: str) -> bytes:
    return ("handle,followers,likes\r\n" + "".join(f"{h},,\r\n" for h in handles)).encode()


async def fill(
    lookups: CreatorLookups, data: bytes, *, max_rows: int = 200, progress: list[int] | None = None
) -> CsvFill:
    async def on_progress(started: int) -> None:
        if progress is not None:
            progress.append(started)

    return await fill_missing_figures(
        data,
        parse_creator_csv(data),
        lookups,
        default_platform=None,
        max_rows=max_rows,
        on_progress=on_progress,
    )


def outcomes(result: CsvFill) -> list[tuple[int, str]]:
    return [(line.line_number, line.outcome) for line in result.lines]


def filled_followers(result: CsvFill) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(result.data.decode(), newline=""))
    return {row["handle"]: row["followers"] for row in rows}


async def test_lookups_run_a_few_at_a_time_and_report_in_row_order(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    for platform in ("youtube", "twitch", "instagram", "x"):
        fakes.fail(platform, "slow", delay=0.2)  # long enough for lookups to overlap
    progress: list[int] = []

    result = await fill(make_lookups(), sheet(*ROWS), progress=progress)

    assert 2 <= fakes.most_in_flight <= LOOKUPS_AT_ONCE
    assert progress == list(range(1, len(ROWS) + 1))
    assert outcomes(result) == [
        (2, "fetched"),
        (3, "fetched"),
        (4, "fetched"),
        (5, "fetched"),
        (6, "fetched"),
        (7, "fetched"),
        (8, "failed"),  # QuietStudio hides its subscriber count
    ]
    assert result.lines[6].detail.startswith("the account hides its follower count")
    followers = filled_followers(result)
    assert followers["youtube.com/user/OldSchoolGarden"] == "95300"
    assert followers["x.com/northwind_labs"] == "9870"
    assert followers["youtube.com/@QuietStudio"] == ""


async def test_a_repeated_creator_is_looked_up_once_and_cached_rows_say_so(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    lookups = make_lookups()
    await fill(lookups, sheet("x.com/northwind_labs"))
    result = await fill(
        lookups,
        sheet("x.com/northwind_labs", "youtube.com/@LumenKitchen", "youtube.com/@lumenkitchen"),
    )

    assert outcomes(result) == [(2, "cached"), (3, "fetched"), (4, "skipped")]
    assert result.lines[2].detail == "repeats the creator on row 3"
    assert len(fakes.seen("x")) == 1
    assert len(fakes.seen("youtube")) == 3


async def test_the_cap_keeps_the_files_first_rows(make_lookups: Make) -> None:
    result = await fill(make_lookups(), sheet(*ROWS), max_rows=3)

    assert outcomes(result)[:3] == [(2, "fetched"), (3, "fetched"), (4, "fetched")]
    assert {outcome for _, outcome in outcomes(result)[3:]} == {"skipped"}
    assert all("LOOKUP_CSV_MAX_ROWS" in line.detail for line in result.lines[3:])


async def test_at_the_youtube_budget_youtube_rows_stop_and_the_others_go_on(
    make_lookups: Make, fakes: PlatformFakes
) -> None:
    fakes.fail("youtube", "slow", delay=0.2)
    lookups = make_lookups(youtube_daily_units=6)
    result = await fill(lookups, sheet(*ROWS))

    by_row = {line.line_number: line for line in result.lines}
    youtube = [by_row[n] for n in (2, 3, 4, 8)]
    assert sum(line.outcome == "fetched" for line in youtube) == 2
    for line in youtube:
        if line.outcome != "fetched":
            assert line.outcome in ("failed", "skipped")
            assert "YOUTUBE_DAILY_UNITS" in line.detail
    assert [by_row[n].outcome for n in (5, 6, 7)] == ["fetched", "fetched", "fetched"]
    assert await lookups.youtube_units_today() <= 6
    # Whole lookups only: two of three calls, or one with no videos (two calls).
    assert len(fakes.seen("youtube")) <= 6
