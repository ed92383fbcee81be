"""/shortlist through the emulator: every subcommand, the refusals, and what persists."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.playground.emulator import Interaction
from tests.e2e.conftest import Harness


def fields(embed: dict[str, Any]) -> dict[str, str]:
    return {field["name"]: field["value"] for field in embed.get("fields", [])}


async def create(harness: Harness, name: str = "Launch", **kwargs: Any) -> Interaction:
    reply = await harness.invoke(f"/shortlist create name:{name}", **kwargs)
    assert "Created the shortlist" in reply.embed["title"], reply.text()
    return reply


async def add(harness: Harness, line: str, **kwargs: Any) -> Interaction:
    reply = await harness.invoke(f"/shortlist add {line}", **kwargs)
    assert reply.embed["title"] == "Added to the shortlist", reply.text()
    return reply


# --- create, lists, show -----------------------------------------------------------------------


async def test_a_new_list_shows_up_in_lists_with_its_tier_mix(harness: Harness) -> None:
    created = await harness.invoke(
        "/shortlist create name:Spring launch description:Micro creators for April"
    )
    await harness.invoke("/shortlist create name:Holiday")
    await add(harness, "name:Spring launch handle:@jane_doe platform:instagram followers:45k")
    await add(harness, "name:Spring launch handle:@bigstar platform:tiktok followers:2.1M")
    await add(harness, "name:Spring launch handle:@newbie platform:instagram")

    lists = await harness.invoke("/shortlist lists")

    assert not created.ephemeral
    assert "Micro creators for April" in created.embed["description"]
    text = lists.text()
    assert "**Spring launch** — 3 creators · Mega 1 · Micro 1 · No stats 1" in text
    assert "**Holiday** — 0 creators" in text


async def test_show_sorts_by_tier_then_followers_and_sums_up_tiers_and_statuses(
    harness: Harness,
) -> None:
    await create(harness)
    for handle, followers in (("small", "3k"), ("mid_one", "45k"), ("mid_two", "80k")):
        await add(harness, f"name:Launch handle:{handle} platform:instagram followers:{followers}")
    await add(harness, "name:launch handle:https://www.youtube.com/@TechTalks platform:youtube")
    await harness.invoke("/shortlist status name:Launch handle:mid_one status:contacted")

    shown = await harness.invoke("/shortlist show name:LAUNCH")

    description = shown.embed["description"]
    order = re.findall(r"`@(\w+)`", description)
    assert order == ["mid_two", "mid_one", "small", "TechTalks"]
    assert "**Micro** · 80K followers" in description
    assert "no stats yet" in description
    summary = fields(shown.embed)
    assert summary["Tiers"] == "Micro 2 · Nano 1 · No stats 1"
    assert summary["Status"] == "Prospect 3 · Contacted 1"
    assert shown.message.buttons == [], "one page needs no page buttons"


async def populate(harness: Harness, name: str, count: int) -> None:
    """`count` creators through one import (fast), followers 1,000 + 1,000 × n."""
    rows = "\r\n".join(f"creator_{n:04d},instagram,{1_000 + 1_000 * n}" for n in range(count))
    data = f"handle,platform,followers\r\n{rows}\r\n".encode()
    reply = await harness.invoke(
        f"/shortlist import name:{name} file:seed.csv", files={"seed.csv": data}
    )
    assert f"**{count:,}** added" in reply.embed["description"], reply.text()


async def test_page_buttons_turn_pages_and_keep_working_after_a_restart(harness: Harness) -> None:
    await create(harness)
    await populate(harness, "Launch", 25)

    shown = await harness.invoke("/shortlist show name:Launch")
    message = shown.message
    labels = [(b["label"], b.get("disabled", False)) for b in message.buttons]
    assert labels == [
        ("« First", True),
        ("‹ Previous", True),
        ("Next ›", False),
        ("Last »", False),
    ]
    assert "Page 1 of 3" in shown.embed["footer"]["text"]
    assert "**1.** `@creator_0024`" in shown.embed["description"]

    await harness.local.restart()
    second = await harness.emulator.click(message, label="Next ›", actor=harness.admin)
    assert "Page 2 of 3" in message.embeds[0]["footer"]["text"]
    assert "**11.** `@creator_0014`" in message.embeds[0]["description"]
    assert second.callback_type == 7, "the page replaces the message, not a new one"

    await harness.emulator.click(message, label="Last »")
    assert "Page 3 of 3" in message.embeds[0]["footer"]["text"]
    assert "**25.** `@creator_0000`" in message.embeds[0]["description"]
    assert [b.get("disabled", False) for b in message.buttons] == [False, False, True, True]
    await harness.emulator.click(message, label="« First")
    assert "Page 1 of 3" in message.embeds[0]["footer"]["text"]


async def test_a_page_past_the_end_shows_the_last_page(harness: Harness) -> None:
    await create(harness)
    await populate(harness, "Launch", 12)
    shown = await harness.invoke("/shortlist show name:Launch")
    list_id = shown.message.buttons[0]["custom_id"].split(":")[2]
    crafted = f"sl:page:{list_id}:9999:n"
    # The message really carries this id (as if the list had shrunk since it was sent).
    shown.message.body["components"][0]["components"][2]["custom_id"] = crafted

    pressed = await harness.emulator.click(shown.message, custom_id=crafted)

    assert pressed.callback_type == 7
    assert "Page 2 of 2" in shown.message.embeds[0]["footer"]["text"]
