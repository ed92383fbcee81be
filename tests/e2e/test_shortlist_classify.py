"""The "Add to shortlist" button under /classify: pick a list, the creator lands with its stats."""

from __future__ import annotations

import csv
import io

import pytest

from tests.e2e.conftest import Harness

# Every test here runs on SQLite and on PostgreSQL.
pytestmark = pytest.mark.usefixtures("backend")

CLASSIFY = (
    "/classify followers:45k platform:instagram handle:@jane_doe likes:1.2k comments:60 "
    "views:9k shares:12 saves:30"
)


async def exported(harness: Harness, name: str) -> list[dict[str, str]]:
    reply = await harness.invoke(f"/shortlist export name:{name}")
    data = reply.message.file(".csv").data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(data, newline="")))


async def test_classify_then_add_to_shortlist_keeps_the_stats(harness: Harness) -> None:
    await harness.invoke("/shortlist create name:Launch")
    await harness.invoke("/shortlist create name:Holiday")
    classified = await harness.invoke(CLASSIFY)
    assert [b["label"] for b in classified.message.buttons] == ["Add to shortlist"]
    custom_id = classified.message.buttons[0]["custom_id"]
    assert len(custom_id) <= 100

    await harness.local.restart()  # the button outlives the bot process
    offered = await harness.emulator.click(
        classified.message, label="Add to shortlist", actor=harness.admin
    )
    picker = offered.message
    options = [option["label"] for option in picker.selects[0]["options"]]
    launch_id = next(o["value"] for o in picker.selects[0]["options"] if o["label"] == "Launch")
    picked = await harness.emulator.select(picker, [launch_id], actor=harness.admin)

    assert offered.ephemeral and "`@jane_doe`" in offered.embed["description"]
    assert sorted(options) == ["Holiday", "Launch"]
    assert picked.callback_type == 7
    assert picker.embeds[0]["title"] == "Added to the shortlist"
    assert picker.selects == [], "the picker is replaced by the result"
    rows = await exported(harness, "Launch")
    assert [
        (
            r["Handle (without @)"],
            r["Platform"],
            r["Followers"],
            r["Likes"],
            r["Comments"],
            r["Views"],
        )
        for r in rows
    ] == [("jane_doe", "Instagram", "45000", "1200", "60", "9000")]
    assert (rows[0]["Shares"], rows[0]["Saves"], rows[0]["Tier"]) == ("12", "30", "Micro")
    assert rows[0]["ER by followers (%)"] == "2.8"
    assert rows[0]["ER by views (%)"] == "14.47"  # (likes + comments + shares + saves) ÷ views
    history = await harness.invoke("/shortlist history name:Launch")
    assert f"<@{harness.admin.user.id}>" in history.embed["description"].splitlines()[0]


async def test_the_button_needs_a_handle_and_a_server(harness: Harness) -> None:
    anonymous = await harness.invoke("/classify followers:45k platform:instagram")
    in_dm = await harness.invoke(CLASSIFY, actor=harness.dm())

    assert anonymous.message.buttons == []
    assert in_dm.message.buttons == []


async def test_the_button_explains_when_there_is_no_list_or_too_many(harness: Harness) -> None:
    classified = await harness.invoke(CLASSIFY)
    none = await harness.emulator.click(classified.message, label="Add to shortlist")
    for number in range(27):
        await harness.invoke(f"/shortlist create name:List {number:02d}")
    many = await harness.emulator.click(classified.message, label="Add to shortlist")

    assert none.ephemeral and none.embed["title"] == "No shortlists yet"
    assert "/shortlist create" in none.embed["description"]
    assert len(many.message.selects[0]["options"]) == 25
    assert "Showing the 25 most recently changed of 27 lists" in many.embed["description"]
    assert "/shortlist add" in many.embed["description"]


async def test_adding_the_same_creator_twice_says_it_is_already_there(harness: Harness) -> None:
    await harness.invoke("/shortlist create name:Launch")
    await harness.invoke("/shortlist add name:Launch handle:jane_doe platform:instagram")
    classified = await harness.invoke(CLASSIFY)
    offered = await harness.emulator.click(classified.message, label="Add to shortlist")
    option = offered.message.selects[0]["options"][0]["value"]

    again = await harness.emulator.select(offered.message, [option])

    assert again.ephemeral and again.embed["title"] == "Already there"
    rows = await exported(harness, "Launch")
    assert len(rows) == 1 and rows[0]["Followers"] == ""


async def test_another_server_cannot_add_to_this_servers_list_with_a_crafted_value(
    harness: Harness,
) -> None:
    await harness.invoke("/shortlist create name:Launch")
    classified = await harness.invoke(CLASSIFY)
    offered = await harness.emulator.click(classified.message, label="Add to shortlist")
    launch_id = offered.message.selects[0]["options"][0]["value"]
    other = await harness.emulator.join_guild("Rival Agency")
    rival = harness.emulator.member(other, "riley")
    await harness.invoke("/shortlist create name:Theirs", actor=rival)
    theirs = await harness.invoke(CLASSIFY, actor=rival)
    rival_offer = await harness.emulator.click(
        theirs.message, label="Add to shortlist", actor=rival
    )

    crafted = await harness.emulator.select(
        rival_offer.message,
        [launch_id],
        custom_id=rival_offer.message.selects[0]["custom_id"],
        actor=rival,
    )

    assert [o["label"] for o in rival_offer.message.selects[0]["options"]] == ["Theirs"]
    assert crafted.ephemeral and crafted.embed["title"] == "Not found"
    assert await exported(harness, "Launch") == []


async def test_a_damaged_button_is_refused_clearly(harness: Harness) -> None:
    await harness.invoke("/shortlist create name:Launch")
    classified = await harness.invoke(CLASSIFY)
    damaged = "sl:add:i:zzzzzzzzzzzzz:jane_doe"  # followers over 10 billion
    classified.message.body["components"][0]["components"][0]["custom_id"] = damaged

    pressed = await harness.emulator.click(classified.message, custom_id=damaged)
    forged = await harness.emulator.click(classified.message, custom_id="sl:add:i:1:someone_else")

    assert pressed.ephemeral and "out of date or damaged" in pressed.embed["description"]
    assert forged.ephemeral and forged.embed["title"] == "That button doesn't work here"
