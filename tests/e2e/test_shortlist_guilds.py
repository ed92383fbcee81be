"""Shortlists across guilds and under load: no server sees another's lists, even when the
command values, autocomplete values or custom_ids are crafted; concurrent adds all land."""

from __future__ import annotations

import asyncio

import pytest

from bot.playground.emulator import Actor, Interaction
from tests.e2e.conftest import Harness

# Every test here runs on SQLite and on PostgreSQL.
pytestmark = pytest.mark.usefixtures("backend")


async def run(harness: Harness, line: str, actor: Actor) -> Interaction:
    return await harness.invoke(line, actor=actor)


async def two_guilds(harness: Harness) -> tuple[Actor, Interaction]:
    """Guild A ("Acme") has a 25-creator list "Launch"; guild B has an empty "Launch"."""
    await run(harness, "/shortlist create name:Launch", harness.member)
    rows = "\r\n".join(f"a_creator_{n:02d},instagram,{n + 1}k" for n in range(25))
    await harness.invoke(
        "/shortlist import name:Launch file:a.csv",
        files={"a.csv": f"handle,platform,followers\r\n{rows}\r\n".encode()},
    )
    other = await harness.emulator.join_guild("Rival Agency")
    rival = harness.emulator.member(other, "riley", manage_guild=True)
    await run(harness, "/shortlist create name:Launch", rival)
    shown = await run(harness, "/shortlist show name:Launch", harness.member)
    return rival, shown


async def test_each_server_sees_only_its_own_lists(harness: Harness) -> None:
    rival, _ = await two_guilds(harness)
    await run(harness, "/shortlist create name:Secret plans", harness.member)

    theirs = await run(harness, "/shortlist lists", rival)
    shown = await run(harness, "/shortlist show name:Launch", rival)
    missing = await run(harness, "/shortlist show name:Secret plans", rival)
    exported = await run(harness, "/shortlist export name:Launch", rival)
    history = await run(harness, "/shortlist history name:Secret plans", rival)
    names = await harness.autocomplete("/shortlist show name:", actor=rival)
    handles = await harness.autocomplete(
        "/shortlist remove name:Launch handle:a_", actor=rival, focused="handle"
    )

    assert "Secret plans" not in theirs.text() and "**Launch** — 0 creators" in theirs.text()
    assert "No creators yet" in shown.embed["description"]
    assert missing.ephemeral and missing.embed["title"] == "Not found"
    rows = exported.message.file(".csv").data.decode("utf-8-sig").strip().splitlines()
    assert rows == [rows[0]], "the rival's export holds only the header"
    assert history.ephemeral and history.embed["title"] == "Not found"
    assert names == ["Launch"]
    assert handles == []


async def test_a_crafted_autocomplete_value_cannot_reach_another_servers_creator(
    harness: Harness,
) -> None:
    rival, _ = await two_guilds(harness)
    value = (
        await harness.autocomplete(
            "/shortlist remove name:Launch handle:a_creator_03", focused="handle"
        )
    )[0]

    removed = await run(harness, f"/shortlist remove name:Launch handle:{value}", rival)
    status = await run(
        harness, f"/shortlist status name:Launch handle:{value} status:declined", rival
    )
    noted = await run(harness, f"/shortlist note name:Launch handle:{value} text:mine", rival)
    still = await run(harness, "/shortlist show name:Launch", harness.member)

    assert value == "instagram:a_creator_03"
    for reply in (removed, status, noted):
        assert reply.ephemeral and reply.embed["title"] == "Not found"
    assert "a\\_creator\\_03" not in removed.text() or "isn't on" in removed.text()
    assert "Declined" not in still.text() and "mine" not in still.text()
    assert "Page 1 of 3 · 25 creators" in still.embed["footer"]["text"]


async def test_a_page_button_pressed_from_another_server_is_refused_without_data(
    harness: Harness,
) -> None:
    rival, shown = await two_guilds(harness)
    before = [dict(embed) for embed in shown.message.embeds]

    # A member of the rival server presses Acme's button (the custom_id is on the message).
    pressed = await harness.emulator.click(shown.message, label="Next ›", actor=rival)

    assert pressed.ephemeral and pressed.embed["title"] == "Not found"
    assert "a\\_creator" not in pressed.text()
    assert "isn't in this server" in pressed.embed["description"]
    assert shown.message.embeds == before, "the message must not change"


async def test_a_crafted_custom_id_for_another_servers_list_is_refused(harness: Harness) -> None:
    rival, shown = await two_guilds(harness)
    list_id = shown.message.buttons[2]["custom_id"].split(":")[2]
    await run(harness, "/shortlist create name:Other", rival)
    for number in range(15):
        await run(harness, f"/shortlist add name:Other handle:rival_{number} platform:x", rival)
    rival_shown = await run(harness, "/shortlist show name:Other", rival)
    before = [dict(embed) for embed in rival_shown.message.embeds]

    forged = await harness.emulator.click(
        rival_shown.message, custom_id=f"sl:page:{list_id}:1:n", actor=rival
    )
    garbage = await harness.emulator.click(
        rival_shown.message, custom_id="sl:page:99999999999999999999999:1:n", actor=rival
    )
    lists_of_acme = await harness.emulator.click(
        rival_shown.message, custom_id=f"sl:lists:{harness.guild.id}:0:n", actor=rival
    )

    for reply in (forged, garbage, lists_of_acme):
        assert reply.ephemeral, reply.text()
        assert reply.embed["title"] == "That button doesn't work here"
        assert "a\\_creator" not in reply.text()
    assert rival_shown.message.embeds == before


async def test_a_lists_page_button_from_another_server_is_refused(harness: Harness) -> None:
    for number in range(25):
        await run(harness, f"/shortlist create name:List {number}", harness.member)
    lists = await run(harness, "/shortlist lists", harness.member)
    other = await harness.emulator.join_guild("Rival Agency")
    rival = harness.emulator.member(other, "riley")

    pressed = await harness.emulator.click(lists.message, label="Next ›", actor=rival)
    mine = await harness.emulator.click(lists.message, label="Next ›", actor=harness.admin)

    assert pressed.ephemeral and pressed.embed["title"] == "Not allowed"
    assert "List" not in pressed.text()
    assert mine.callback_type == 7
    assert "Page 2 of 2" in lists.message.embeds[0]["footer"]["text"]


async def test_200_concurrent_adds_to_one_list_all_land_without_duplicates(
    harness: Harness,
) -> None:
    await run(harness, "/shortlist create name:Rush", harness.member)
    people = [harness.emulator.member(harness.guild, f"user{n}") for n in range(10)]
    lines = [
        f"/shortlist add name:Rush handle:creator_{n:03d} platform:instagram followers:{n + 1}k"
        for n in range(200)
    ]
    twins = ["/shortlist add name:Rush handle:twin platform:tiktok followers:5k"] * 20

    sent = [
        await harness.emulator.send_command(line, actor=people[index % len(people)])
        for index, line in enumerate(lines + twins)
    ]
    await asyncio.gather(*(interaction.wait_settled(30) for interaction in sent))

    added = [i for i in sent if i.embeds and i.embed["title"] == "Added to the shortlist"]
    refused = [i for i in sent[200:] if i.ephemeral and i.embed["title"] == "Already there"]
    assert len(added) == 201, [i.text() for i in sent if i not in added][:3]
    assert len(refused) == 19
    assert not any("locked" in i.text() for i in sent)
    exported = await run(harness, "/shortlist export name:Rush", harness.member)
    rows = exported.message.file(".csv").data.decode("utf-8-sig").strip().splitlines()[1:]
    handles = [row.split(",")[0] for row in rows]
    assert len(handles) == 201 and len(set(handles)) == 201
    assert {f"creator_{n:03d}" for n in range(200)} | {"twin"} == set(handles)
