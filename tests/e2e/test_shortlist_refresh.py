"""/shortlist refresh through the emulator and the platforms' fakes; figure date and source
on show and export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.domain.lookup import figure_date_text
from bot.playground.fakes import PlatformFakes
from tests.e2e.conftest import Harness

# Every test here runs on SQLite and on PostgreSQL.
pytestmark = pytest.mark.usefixtures("backend")


def fields(embed: dict[str, Any]) -> dict[str, str]:
    return {field["name"]: field["value"] for field in embed.get("fields", [])}


async def fill(harness: Harness) -> None:
    reply = await harness.invoke("/shortlist create name:Launch")
    assert "Created" in reply.embed["title"], reply.text()
    for line in (
        "handle:youtube.com/@LumenKitchen platform:youtube followers:30k likes:10 comments:1",
        "handle:@pixelharbor platform:twitch followers:20k",
        "handle:@a.private.person platform:instagram followers:5k likes:100 comments:4",
        "handle:@dancer platform:tiktok followers:95k",
        "handle:@northwind_labs platform:x followers:9k likes:30",
    ):
        added = await harness.invoke(f"/shortlist add name:Launch {line}")
        assert added.embed["title"] == "Added to the shortlist", added.text()


def exported(harness_reply: Any) -> list[dict[str, str]]:
    data = harness_reply.message.file(".csv").data
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


async def test_refresh_fetches_each_entry_keeps_failures_and_skips_tiktok(
    looking: Harness, fakes: PlatformFakes
) -> None:
    await fill(looking)

    reply = await looking.invoke("/shortlist refresh name:Launch", timeout=20)

    assert not reply.ephemeral
    embed = reply.embed
    assert embed["description"] == (
        "Refreshed the figures of 3 of 5 creators on **Launch** from the platforms' APIs."
    )
    shown = fields(embed)
    kept = shown["Old figures kept for 1 creator"]
    assert kept.startswith("@a.private.person: Instagram only shares figures of business")
    assert "TikTok has no official API" in shown["Skipped 1 creator"]
    assert reply.message.content == ""  # the progress line is gone

    show = await looking.invoke("/shortlist show name:Launch")
    today = [datetime.now(UTC)]  # the refresh ran just now (the date may turn meanwhile)
    today.append(today[0] - timedelta(minutes=1))
    lines = {line.split("`")[1]: line for line in show.text().splitlines() if "`@" in line}
    lumen = lines["@LumenKitchen"]
    assert "48.7K subscribers" in lumen  # fetched
    assert any(f"via API {figure_date_text(day)}" in lumen for day in today), lumen
    private = lines["@a.private.person"]  # its lookup failed: typed figures and their date
    assert "5K followers" in private
    assert any(f"typed {figure_date_text(day)}" in private for day in today), private

    rows = {
        row["Handle (without @)"]: row
        for row in exported(await looking.invoke("/shortlist export name:Launch"))
    }
    assert rows["LumenKitchen"]["Followers"] == "48700"
    assert rows["LumenKitchen"]["Figures from"].startswith("YouTube Data API v3")
    assert rows["LumenKitchen"]["Figures date"] in {day.date().isoformat() for day in today}
    assert rows["pixelharbor"]["Figures from"].startswith("Twitch Helix API")
    assert rows["a.private.person"]["Figures from"] == "typed by the team"
    assert rows["a.private.person"]["Followers"] == "5000"  # old figures kept
    assert rows["northwind_labs"]["Followers"] == "9870"
    assert rows["northwind_labs"]["Likes"] == "30"  # X reports no likes: the typed ones stay

    history = await looking.invoke("/shortlist history name:Launch")
    assert "refreshed figures of 3 of 5 creators" in history.text()


@pytest.mark.parametrize("looking", [{"youtube_daily_units": 3}], indirect=True)
async def test_refresh_stops_cleanly_at_the_youtube_budget(
    looking: Harness, fakes: PlatformFakes
) -> None:
    await looking.invoke("/shortlist create name:Videos")
    for name in ("LumenKitchen", "BrandNewChannel", "QuietStudio"):
        added = await looking.invoke(
            f"/shortlist add name:Videos handle:@{name} platform:youtube followers:1k"
        )
        assert added.embed["title"] == "Added to the shortlist", added.text()

    reply = await looking.invoke("/shortlist refresh name:Videos", timeout=20)

    shown = fields(reply.embed)
    assert "Refreshed the figures of 1 of 3 creators" in reply.embed["description"]
    stopped = shown["Stopped with 2 creators left"]
    assert "YOUTUBE_DAILY_UNITS" in stopped
    assert len(fakes.seen("youtube")) <= 3


async def test_refresh_of_an_unknown_list_is_refused(looking: Harness) -> None:
    reply = await looking.invoke("/shortlist refresh name:Nope")
    assert reply.ephemeral


async def test_a_legacy_youtube_username_is_listed_refreshed_and_exported(
    looking: Harness, fakes: PlatformFakes
) -> None:
    await looking.invoke("/shortlist create name:Garden")
    added = await looking.invoke(
        "/shortlist add name:Garden handle:youtube.com/user/OldSchoolGarden platform:youtube "
        "followers:90k"
    )
    assert added.embed["title"] == "Added to the shortlist", added.text()

    reply = await looking.invoke("/shortlist refresh name:Garden", timeout=20)

    assert reply.embed["description"] == (
        "Refreshed the figures of 1 of 1 creator on **Garden** from the platforms' APIs."
    )
    assert fakes.seen("youtube")[0].query["forUsername"] == "OldSchoolGarden"
    (row,) = exported(await looking.invoke("/shortlist export name:Garden"))
    # The handle cell reads back as the same creator: its /user/ link.
    assert row["Handle (without @)"] == "https://www.youtube.com/user/OldSchoolGarden"
    assert row["Followers"] == "95300"
