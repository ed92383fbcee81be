"""/classify-csv fills rows that have a handle and no followers, within LOOKUP_CSV_MAX_ROWS,
and reports every looked-up row."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from bot.playground.fakes import PlatformFakes
from tests.e2e.conftest import Harness


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def fields(embed: dict[str, Any]) -> dict[str, str]:
    return {field["name"]: field["value"] for field in embed.get("fields", [])}


LIST = (
    b"handle,platform,followers,likes\r\n"
    b"youtube.com/@LumenKitchen,,,\r\n"  # row 2: fetched
    b"@jane,instagram,12k,300\r\n"  # row 3: typed, untouched
    b"\r\n"  # row 4: blank, still counted
    b"@dancer,tiktok,,\r\n"  # row 5: TikTok, skipped
    b"@northwind_labs,x,,45\r\n"  # row 6: followers fetched, typed likes kept
    b"@a.private.person,instagram,,\r\n"  # row 7: personal account, failed
    b"youtube.com/@LumenKitchen,,,\r\n"  # row 8: a repeat
)


async def test_rows_without_followers_are_filled_and_reported(
    looking: Harness, fakes: PlatformFakes
) -> None:
    reply = await looking.invoke(
        "/classify-csv file:list.csv", files={"list.csv": LIST}, timeout=30
    )

    assert not reply.ephemeral
    looked = fields(reply.embed)["Looked up"]
    assert looked.startswith(
        "5 rows had a handle and no followers: 2 fetched, 1 failed, 2 skipped."
    ), looked
    assert "Row 5 @dancer: TikTok has no official API" in looked
    classified = csv_rows(reply.message.file("tierbot-classified.csv").data)
    by_row = {row["Row"]: row for row in classified}
    assert by_row["2"]["followers"] == "48700"
    assert by_row["2"]["Tier"] == "Micro"
    assert by_row["3"]["followers"] == "12000"  # a number the column sorts by
    assert by_row["3"]["followers (as typed)"] == "12k"
    assert by_row["2"]["followers (as typed)"] == ""  # filled by the lookup, as a number
    assert by_row["6"]["followers"] == "9870"
    assert by_row["6"]["likes"] == "45"
    report = csv_rows(reply.message.file("tierbot-lookups.csv").data)
    outcomes = {row["Row"]: row["Lookup"] for row in report}
    assert outcomes == {
        "2": "fetched",
        "5": "skipped",
        "6": "fetched",
        "7": "failed",
        "8": "skipped",
    }
    assert len(fakes.seen("youtube")) == 3


@pytest.mark.parametrize("looking", [{"lookup_csv_max_rows": 1}], indirect=True)
async def test_lookups_stop_at_lookup_csv_max_rows(looking: Harness) -> None:
    data = b"handle,followers\r\nyoutube.com/@LumenKitchen,\r\nx.com/northwind_labs,\r\n"
    reply = await looking.invoke("/classify-csv file:list.csv", files={"list.csv": data})

    report = csv_rows(reply.message.file("tierbot-lookups.csv").data)
    assert [row["Lookup"] for row in report] == ["fetched", "skipped"]
    assert "LOOKUP_CSV_MAX_ROWS" in report[1]["Source or reason"]


async def test_a_header_below_a_title_that_names_the_platform_is_looked_up(
    looking: Harness,
) -> None:
    data = (
        "\ufeffCreators for the launch;;\r\n"
        "YouTube channel;Abonnenten;Notizen\r\n"
        "@LumenKitchen;;aus der Liste von Jana\r\n"
        "@other_channel;45.000;\r\n"
    ).encode()

    reply = await looking.invoke(
        "/classify-csv file:liste.csv", files={"liste.csv": data}, timeout=30
    )

    looked = fields(reply.embed)["Looked up"]
    assert looked.startswith("1 row had a handle and no followers: 1 fetched"), looked
    stored = reply.message.file("tierbot-classified.csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(stored, newline=""), delimiter=";"))
    assert [(row["Row"], row["Abonnenten"]) for row in rows] == [("3", "48700"), ("4", "45000")]
