"""/campaign through the emulator: the whole story from /mix to a closed campaign, and the
refusals a team meets on the way."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from typing import Any

import pytest

from bot.playground.emulator import Interaction
from tests.e2e.conftest import Harness
from tests.unit.test_ask import TOOL_INTERNAL_PHRASES

# The whole flow on SQLite and on PostgreSQL (storage/postgres/campaigns.py).
pytestmark = pytest.mark.usefixtures("backend")

CREATORS = (
    ("nina_nano", "6k"),
    ("mia_micro", "45k"),
    ("milo_micro", "60k"),
    ("mac_macro", "650k"),
)


def fields(embed: dict[str, Any]) -> dict[str, str]:
    return {field["name"]: field["value"] for field in embed.get("fields", [])}


async def start_from_mix(harness: Harness, name: str = "Spring launch") -> Interaction:
    mix = await harness.invoke("/mix goal:awareness budget:$25k")
    opened = await harness.emulator.click(mix.message, label="Start a campaign")
    assert opened.modal is not None and opened.modal["title"] == "Start a campaign"
    return await harness.emulator.submit_modal(opened, {"Campaign name": name})


async def test_the_whole_story_from_mix_to_a_closed_campaign(harness: Harness) -> None:
    await harness.invoke("/shortlist create name:Spring picks")
    for handle, followers in CREATORS:
        await harness.invoke(
            f"/shortlist add name:Spring picks handle:@{handle} platform:instagram "
            f"followers:{followers}"
        )

    created = await start_from_mix(harness)
    assert created.embed["title"] == "Campaign created: Spring launch", created.text()
    plan = fields(created.embed)["The plan"]
    assert "**Planned**:" in plan and "of $25,000" in plan

    # Book the four from the shortlist, picked from the suggestions.
    suggested = await harness.autocomplete(
        "/campaign book campaign:Spring launch handle:mi", focused="handle"
    )
    assert suggested[:2] == ["instagram:mia_micro", "instagram:milo_micro"]
    fees = {"nina_nano": "$150", "mia_micro": "$600", "milo_micro": "$700", "mac_macro": "$6k"}
    for handle, _ in CREATORS:
        booked = await harness.invoke(
            f"/campaign book campaign:spring LAUNCH handle:instagram:{handle} fee:{fees[handle]}"
        )
        assert booked.embed["title"] == "Booked: Spring launch", booked.text()
        assert "Marked **confirmed** on the shortlist **Spring picks**" in booked.text()
    shown = await harness.invoke("/shortlist show name:Spring picks")
    assert fields(shown.embed)["Status"] == "Confirmed 4"

    # Eight posts, two a creator; one corrected afterwards.
    posts = {
        "nina_nano": (("12k", "900", "40"), ("9k", "700", "30")),
        "mia_micro": (("40k", "2.1k", "90"), ("35k", "1.8k", "70")),
        "milo_micro": (("30k", "1.2k", "50"), ("28k", "1.1k", "45")),
        "mac_macro": (("210k", "4k", "150"), ("150k", "3k", "120")),
    }
    for handle, figures in posts.items():
        for number, (views, likes, comments) in enumerate(figures, start=1):
            reply = await harness.invoke(
                f"/campaign result campaign:Spring launch handle:@{handle} views:{views} "
                f"post:Post {number} likes:{likes} comments:{comments}"
            )
            assert reply.embed["title"] == "Post recorded: Spring launch", reply.text()
    corrected = await harness.invoke(
        "/campaign result campaign:Spring launch handle:@mac_macro views:180k post:post 2 "
        "likes:3.2k comments:130"
    )
    assert corrected.embed["title"] == "Post corrected: Spring launch"
    assert "Replaces: 150,000 views" in corrected.embed["description"]

    report = await harness.invoke("/campaign report campaign:Spring launch")
    names = [file.filename for file in report.files()]
    assert names == ["campaign-report.png", "campaign-spring-launch.csv"]
    png = next(report.files()).data
    assert png.startswith(b"\x89PNG")
    table = list(csv.reader(io.StringIO(report.message.files[1].data.decode("utf-8-sig"))))
    total = dict(zip(table[0], table[-1], strict=True))
    assert total["Tier"] == "Total"
    assert total["Posts"] == "8"
    assert total["Views"] == str(
        12_000 + 9_000 + 40_000 + 35_000 + 30_000 + 28_000 + 210_000 + 180_000
    )
    assert float(total["Spend committed"]) == 150 + 600 + 700 + 6_000
    summary = fields(report.embed)
    # The benchmark is named for what it is, not for the command that also uses it.
    assert (
        "the typical engagement band for each creator's size and platform."
        in (summary["Posts against the benchmark"])
    )
    for phrase in TOOL_INTERNAL_PHRASES:
        assert phrase not in report.text(), phrase
    best = summary["Best tier on the goal"]
    assert "lowest CPM (cost per 1,000 views)" in best
    assert "Too few posts to conclude" in best
    assert "$17,550 budget left" in report.embed["description"]  # 25,000 − 7,450
    assert report.embed["image"]["url"] == "attachment://campaign-report.png"

    closed = await harness.invoke("/campaign close campaign:Spring launch")
    assert closed.embed["title"] == "Closed: Spring launch"
    late = await harness.invoke(
        "/campaign result campaign:Spring launch handle:@nina_nano views:1k"
    )
    assert late.ephemeral and "is closed" in late.embed["description"]
    listed = await harness.invoke("/campaign list")
    assert "**Spring launch** · Awareness · 4 creators, 8 posts · closed" in listed.text()


async def test_names_are_unique_ignoring_case_and_unknown_ones_are_not_found(
    harness: Harness,
) -> None:
    first = await harness.invoke("/campaign create name:Q3 push goal:engagement budget:$10k")
    assert first.embed["title"] == "Campaign created: Q3 push", first.text()
    again = await harness.invoke("/campaign create name:q3  PUSH goal:awareness budget:$5k")
    assert again.ephemeral and "already has a campaign named **Q3 push**" in again.text()
    missing = await harness.invoke("/campaign report campaign:Nope")
    assert missing.ephemeral and "no campaign named `Nope`" in missing.text()
    unbooked = await harness.invoke("/campaign result campaign:Q3 push handle:@ghost views:1k")
    assert unbooked.ephemeral and "`@ghost` isn't booked for **Q3 push**" in unbooked.text()


async def test_a_campaign_with_no_length_keeps_the_plan_mix_makes(harness: Harness) -> None:
    # $2M local on Instagram: 4 weeks cannot book enough creators, so /mix runs longer; the
    # campaign stores that same plan, length included.
    planned = await harness.invoke("/mix goal:local budget:$2M platform:instagram")
    weeks = planned.embed["title"].rsplit("· ", 1)[1]
    assert weeks != "4 weeks"
    created = await harness.invoke("/campaign create name:Big local goal:local budget:$2M")
    assert created.embed["description"].startswith(f"Local · Instagram · {weeks} · budget")
    spend = re.search(r"\*\*Spend\*\* (\$[\d,]+) of", planned.embed["description"])
    assert spend is not None
    assert f"{spend.group(1)} of $2,000,000" in created.text()


async def test_an_empty_campaign_reports_no_posts_yet(harness: Harness) -> None:
    await harness.invoke("/campaign create name:Quiet goal:awareness budget:$5k")
    report = await harness.invoke("/campaign report campaign:Quiet")
    values = fields(report.embed)
    assert all("No posts yet." in value for name, value in values.items() if "planned" in name)
    assert "No tier has posts with a known cost yet" in values["Best tier on the goal"]


async def test_only_the_creator_or_a_manager_deletes_after_confirming(harness: Harness) -> None:
    await harness.invoke("/campaign create name:Temp goal:awareness budget:$5k")
    other = harness.emulator.member(harness.guild, "riley")
    refused = await harness.invoke("/campaign delete campaign:Temp", actor=other)
    assert refused.ephemeral and "Manage Server" in refused.text()
    asked = await harness.invoke("/campaign delete campaign:Temp", actor=harness.admin)
    assert asked.ephemeral and asked.embed["title"] == "Delete Temp?"
    done = await harness.emulator.click(asked.message, label="Delete campaign")
    assert done.message.embeds[0]["title"] == "Deleted Temp"
    assert "no campaigns yet" in (await harness.invoke("/campaign list")).text()


async def test_import_records_a_tracking_sheet_in_one_step(harness: Harness) -> None:
    await harness.invoke("/campaign create name:Sheet goal:engagement budget:$10k")
    await harness.invoke("/campaign book campaign:Sheet handle:@ana followers:9k fee:$200")
    sheet = (
        b"Handle\tPost\tViews\tLikes\tComments\tClicks\n"
        b"@ana\tReel 1\t12.5k\t800\t40\t120\n"
        b"@ana\tReel 2\t1.2M\t9k\t300\t\n"
        b"@bob\tReel 1\t5k\t100\t3\t\n"
        b"@ana\tReel 3\tlots\t1\t1\t\n"
    )
    reply = await harness.invoke(
        "/campaign import campaign:Sheet file:tracking.tsv", files={"tracking.tsv": sheet}
    )
    assert "2 posts added, 0 corrected, 2 refused" in reply.embed["description"], reply.text()
    rows = list(csv.reader(io.StringIO(reply.message.files[0].data.decode("utf-8-sig"))))
    assert [row[3] for row in rows[1:]] == ["added", "added", "refused", "refused"]
    assert "isn't booked" in rows[3][4]


async def test_another_server_neither_sees_nor_names_this_servers_campaigns(
    harness: Harness,
) -> None:
    await harness.invoke("/campaign create name:Secret plan goal:awareness budget:$5k")
    await harness.invoke("/campaign book campaign:Secret plan handle:@ada followers:9k")
    other_guild = await harness.emulator.join_guild("Other Team")
    bot = harness.local.bot
    assert bot is not None
    while bot.get_guild(other_guild.id) is None:
        await asyncio.sleep(0.01)
    outsider = harness.emulator.member(other_guild, "olga")

    names = await harness.autocomplete(
        "/campaign report campaign:Sec", actor=outsider, focused="campaign"
    )
    handles = await harness.autocomplete(
        "/campaign result campaign:Secret plan handle:a", actor=outsider, focused="handle"
    )
    report = await harness.invoke("/campaign report campaign:Secret plan", actor=outsider)
    mine = await harness.autocomplete("/campaign report campaign:sec", focused="campaign")

    assert names == [] and handles == []
    assert report.ephemeral and report.embed["title"] == "Not found"
    assert mine == ["Secret plan"]


async def test_a_crafted_start_button_is_answered_not_dropped(harness: Harness) -> None:
    """discord.py drops a dynamic item whose custom_id isn't on the message; the cog answers."""
    mix = await harness.invoke("/mix goal:awareness budget:$25k")
    pressed = await harness.emulator.click(
        mix.message, custom_id="cp:start:awareness:instagram:0:0:AAA:0"
    )
    assert pressed.modal is None
    assert pressed.ephemeral and "doesn't work here" in pressed.text()


async def test_a_channel_id_from_the_suggestions_books_and_records(harness: Harness) -> None:
    channel = "https://www.youtube.com/channel/UCBJycsmduvYEL83R_U4JriQ"
    await harness.invoke("/shortlist create name:Tech")
    await harness.invoke(
        f"/shortlist add name:Tech handle:{channel} platform:youtube followers:120k"
    )
    lists = await harness.autocomplete(
        "/campaign create name:Tech push goal:awareness budget:$20k shortlist:te",
        focused="shortlist",
    )
    await harness.invoke(
        "/campaign create name:Tech push goal:awareness budget:$20k platform:youtube shortlist:Tech"
    )
    [suggested] = await harness.autocomplete(
        "/campaign book campaign:Tech push handle:uc", focused="handle"
    )
    booked = await harness.invoke(f"/campaign book campaign:Tech push handle:{suggested} fee:$2k")
    [booked_value] = await harness.autocomplete(
        "/campaign result campaign:Tech push handle:", focused="handle"
    )
    result = await harness.invoke(
        f"/campaign result campaign:Tech push handle:{booked_value} views:80k likes:3k comments:200"
    )

    assert lists == ["Tech"]
    assert booked.embed["title"] == "Booked: Tech push", booked.text()
    assert "macro · 120,000 followers" in booked.embed["description"]
    assert result.embed["title"] == "Post recorded: Tech push", result.text()
    assert "by followers" in result.text() or "by views" in result.text()
