"""/shortlist through the emulator: every subcommand, the refusals, and what persists."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest

from bot.playground.emulator import Interaction
from tests.e2e.conftest import Harness

# Every test here runs on SQLite and on PostgreSQL.
pytestmark = pytest.mark.usefixtures("backend")


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


# --- add, remove, status, note -----------------------------------------------------------------


async def test_add_classifies_under_the_server_scheme_and_refuses_a_duplicate(
    harness: Harness,
) -> None:
    await create(harness)
    added = await add(
        harness,
        "name:Launch handle:@Jane.Doe platform:instagram followers:45k likes:1.2k comments:60 "
        "notes:Loves running",
    )
    again = await harness.invoke(
        "/shortlist add name:Launch handle:https://www.instagram.com/jane.doe/ "
        "platform:instagram followers:50k",
        actor=harness.admin,
    )
    shown = await harness.invoke("/shortlist show name:Launch")

    assert "`@Jane.Doe` (Instagram) is on **Launch**" in added.embed["description"]
    assert "**Micro** · 45K followers · 2.8% ER by followers" in added.embed["description"]
    assert again.ephemeral and again.embed["title"] == "Already there"
    message = again.embed["description"]
    assert "is already on **Launch**" in message
    assert f"<@{harness.member.user.id}>" in message and "<t:" in message
    assert "/shortlist status" in message and "/shortlist import" in message
    assert shown.text().count("Jane.Doe") == 1, "never a duplicate"


async def test_add_flags_what_classify_flags_in_the_same_figures(harness: Harness) -> None:
    await create(harness)
    figures = "platform:instagram followers:85k likes:4.2k comments:310"

    added = await add(harness, f"name:Launch handle:@glowbyluna {figures}")
    classified = await harness.invoke(f"/classify handle:@glowbyluna {figures}")
    calm = await add(harness, "name:Launch handle:@calm platform:instagram followers:85k likes:800")

    flagged = [
        line
        for line in fields(classified.embed)["Audience quality"].splitlines()
        if line.startswith("⚠️")
    ]
    assert flagged, "5.31% at 85K followers is over the flag line"
    description = added.embed["description"].splitlines()
    assert description[1:] == flagged  # the same words, the same numbers
    assert "⚠️" not in calm.embed["description"] and "ℹ️" not in calm.embed["description"]


async def test_engagement_figures_need_followers(harness: Harness) -> None:
    await create(harness)

    reply = await harness.invoke("/shortlist add name:Launch handle:jane platform:tiktok likes:400")

    assert reply.ephemeral
    assert "**followers** is needed with likes" in reply.embed["description"]


async def test_a_bad_handle_or_count_names_the_option(harness: Harness) -> None:
    await create(harness)

    handle = await harness.invoke(
        "/shortlist add name:Launch handle:https://youtu.be/abc platform:youtube"
    )
    count = await harness.invoke(
        "/shortlist add name:Launch handle:jane platform:instagram followers:lots"
    )
    missing = await harness.invoke("/shortlist add name:Nope handle:jane platform:instagram")

    assert handle.ephemeral and "**handle**" in handle.embed["description"]
    assert count.ephemeral and "**followers**" in count.embed["description"]
    assert missing.ephemeral and "no shortlist named **Nope**" in missing.embed["description"]


async def test_status_note_and_remove_find_the_creator_by_name_link_or_suggestion(
    harness: Harness,
) -> None:
    await create(harness)
    await add(harness, "name:Launch handle:jane.doe platform:instagram followers:20k")
    await add(harness, "name:Launch handle:jane.doe platform:tiktok followers:90k")
    await add(harness, "name:Launch handle:bob_runs platform:x")

    suggested = await harness.autocomplete(
        "/shortlist status name:Launch handle:jane", focused="handle"
    )
    status = await harness.invoke(
        f"/shortlist status name:Launch handle:{suggested[0]} status:negotiating"
    )
    # /shortlist note has no platform option: the reply must not ask for one.
    ambiguous = await harness.invoke("/shortlist note name:Launch handle:@jane.doe text:hi")
    ambiguous_remove = await harness.invoke(
        "/shortlist remove name:Launch handle:jane.doe", actor=harness.admin
    )
    noted = await harness.invoke(
        "/shortlist note name:Launch handle:https://x.com/BOB_RUNS text:Replied within a day"
    )
    cleared = await harness.invoke("/shortlist note name:Launch handle:bob_runs text:-")
    removed = await harness.invoke(
        "/shortlist remove name:Launch handle:jane.doe platform:tiktok", actor=harness.admin
    )
    gone = await harness.invoke("/shortlist status name:Launch handle:ghost status:contacted")
    shown = await harness.invoke("/shortlist show name:Launch")

    assert sorted(suggested) == ["instagram:jane.doe", "tiktok:jane.doe"]
    assert status.embed["title"] == "Status: Negotiating"
    assert ambiguous.ephemeral
    assert "**handle**" in ambiguous.embed["description"]
    assert "pick the one you mean from the suggestions" in ambiguous.embed["description"]
    assert "Instagram and TikTok" in ambiguous.embed["description"]
    assert "**platform**" not in ambiguous.embed["description"]
    assert ambiguous_remove.ephemeral
    assert "**platform** is needed" in ambiguous_remove.embed["description"]
    assert "Replied within a day" in noted.embed["description"]
    assert cleared.embed["title"] == "Note cleared"
    assert removed.embed["title"] == "Removed from the shortlist"
    assert "(TikTok) is no longer on **Launch**" in removed.embed["description"]
    assert gone.ephemeral and "isn't on **Launch**" in gone.embed["description"]
    text = shown.embed["description"]
    assert "TikTok" not in text and "Negotiating" in text


async def test_a_note_is_at_most_500_characters(harness: Harness) -> None:
    await create(harness)
    await add(harness, "name:Launch handle:jane platform:instagram")
    from bot.playground.emulator.commands import CommandLineError

    with pytest.raises(CommandLineError, match="at most 500"):
        await harness.invoke(f"/shortlist note name:Launch handle:jane text:{'x' * 501}")
    kept = await harness.invoke(f"/shortlist note name:Launch handle:jane text:{'y' * 500}")

    assert kept.embed["title"] == "Note saved"


async def test_user_text_never_renders_as_markdown_or_mentions(harness: Harness) -> None:
    await create(harness, "**Bold** @everyone")
    await add(
        harness,
        "name:**Bold** @everyone handle:jane platform:instagram notes:<@123> and @here _x_",
    )

    shown = await harness.invoke("/shortlist show name:**bold** @everyone")
    ticked = await harness.invoke("/shortlist create name:a`b` **c**")

    assert shown.embed["title"] == "\\*\\*Bold\\*\\* @\u200beveryone"
    assert "`/shortlist add name:aˋbˋ **c**`" in ticked.embed["description"]
    assert "\\<@123>" in shown.embed["description"]
    assert "\\_x\\_" in shown.embed["description"]


# --- rename, delete, history -------------------------------------------------------------------


async def test_rename_refuses_a_name_in_use_and_keeps_the_creators(harness: Harness) -> None:
    await create(harness)
    await create(harness, "Holiday")
    await add(harness, "name:Launch handle:jane platform:instagram followers:5k")

    taken = await harness.invoke("/shortlist rename name:Launch new_name:HOLIDAY")
    renamed = await harness.invoke("/shortlist rename name:launch new_name:Spring launch")
    shown = await harness.invoke("/shortlist show name:Spring launch")
    old = await harness.invoke("/shortlist show name:Launch")

    assert taken.ephemeral and "already has a shortlist named **Holiday**" in taken.text()
    assert "**Launch** is now **Spring launch**" in renamed.embed["description"]
    assert "`@jane`" in shown.embed["description"]
    assert old.ephemeral and old.embed["title"] == "Not found"


async def test_only_the_creator_or_a_manager_can_delete_and_it_asks_first(
    harness: Harness,
) -> None:
    await create(harness, actor=harness.member)
    await add(harness, "name:Launch handle:jane platform:instagram followers:5k")
    stranger = harness.emulator.member(harness.guild, "robin")

    refused = await harness.invoke("/shortlist delete name:Launch", actor=stranger)
    asked = await harness.invoke("/shortlist delete name:Launch", actor=harness.admin)
    question = asked.message.embeds[0]
    not_theirs = await harness.emulator.click(asked.message, label="Delete list", actor=stranger)
    still_there = await harness.invoke("/shortlist show name:Launch")
    confirmed = await harness.emulator.click(
        asked.message, label="Delete list", actor=harness.admin
    )
    gone = await harness.invoke("/shortlist show name:Launch")

    assert refused.ephemeral and refused.embed["title"] == "Not allowed"
    assert "created **Launch**" in refused.embed["description"]
    assert "Manage Server" in refused.embed["description"]
    assert asked.ephemeral and question["title"] == "Delete Launch?"
    assert "1 creator" in question["description"]
    assert not_theirs.ephemeral and not_theirs.embed["title"] == "Not your buttons"
    assert "`@jane`" in still_there.embed["description"]
    assert confirmed.callback_type == 7
    assert asked.message.embeds[0]["title"] == "Shortlist deleted"
    assert asked.message.buttons == []
    assert gone.ephemeral and gone.embed["title"] == "Not found"


async def test_the_creator_of_a_list_may_delete_it_and_cancel_changes_nothing(
    harness: Harness,
) -> None:
    await create(harness, actor=harness.member)

    asked = await harness.invoke("/shortlist delete name:Launch")
    await harness.emulator.click(asked.message, label="Cancel")
    kept = await harness.invoke("/shortlist show name:Launch")
    again = await harness.invoke("/shortlist delete name:Launch")
    await harness.emulator.click(again.message, label="Delete list")

    assert asked.message.embeds[0]["title"] == "Nothing was deleted"
    assert not kept.ephemeral
    assert again.message.embeds[0]["title"] == "Shortlist deleted"


async def test_history_lists_the_last_25_changes_with_who_and_when(harness: Harness) -> None:
    await create(harness)
    await add(harness, "name:Launch handle:jane platform:instagram followers:5k")
    await harness.invoke(
        "/shortlist status name:Launch handle:jane status:contacted", actor=harness.admin
    )
    for number in range(30):
        await harness.invoke(f"/shortlist note name:Launch handle:jane text:call {number}")

    history = await harness.invoke("/shortlist history name:Launch")

    lines = history.embed["description"].splitlines()
    assert len(lines) == 25
    assert re.fullmatch(r"<t:\d+:R> \*\*Note\*\* @jane: “call 29” — <@\d+>", lines[0])
    assert "call 5”" in lines[-1] and "call 4”" not in history.embed["description"]
    assert f"<@{harness.member.user.id}>" in lines[0]
    assert not harness.emulator.pings


async def test_a_deleted_lists_history_is_kept(harness: Harness) -> None:
    await create(harness)
    await add(harness, "name:Launch handle:jane platform:instagram")
    asked = await harness.invoke("/shortlist delete name:Launch", actor=harness.admin)
    await harness.emulator.click(asked.message, label="Delete list", actor=harness.admin)

    history = await harness.invoke("/shortlist history name:Launch")

    lines = history.embed["description"].splitlines()
    assert "**Deleted** 1 creator" in lines[0]
    assert f"<@{harness.admin.user.id}>" in lines[0]
    assert "**Created**" in lines[-1]
    assert "was deleted" in history.embed["footer"]["text"]


# --- export and import -------------------------------------------------------------------------


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


async def snapshot(harness: Harness, name: str) -> list[dict[str, str]]:
    exported = await harness.invoke(f"/shortlist export name:{name}")
    return csv_rows(exported.message.file(".csv").data)


async def test_export_opens_cleanly_in_spreadsheets_and_neutralises_formulas(
    harness: Harness,
) -> None:
    await create(harness, "Q3 / Launch")
    await add(
        harness,
        "name:Q3 / Launch handle:jane platform:instagram followers:45k likes:900 comments:40 "
        'notes:=HYPERLINK("http://evil.example","click")',
    )
    await add(
        harness, "name:Q3 / Launch handle:@Ünicode_fan platform:youtube notes:-5 then +3, @team"
    )
    await add(
        harness,
        "name:Q3 / Launch handle:https://www.facebook.com/profile.php?id=100001234567 "
        "platform:facebook followers:2.5M",
    )

    exported = await harness.invoke("/shortlist export name:Q3 / Launch")

    assert not exported.ephemeral
    stored = exported.message.file(".csv")
    assert stored.filename == "shortlist-q3-launch.csv"
    data = stored.data
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    rows = csv_rows(data)
    assert [row["Handle (without @)"] for row in rows] == [
        "https://www.facebook.com/profile.php?id=100001234567",
        "jane",
        "Ünicode_fan",
    ]
    assert rows[1]["Notes"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[2]["Notes"] == "'-5 then +3, @team"
    assert rows[1]["Followers"] == "45000" and rows[1]["Tier"] == "Micro"
    assert rows[1]["Profile URL"] == "https://www.instagram.com/jane/"
    # A number the column sorts by, in its own column, with the formula beside it.
    assert rows[1]["ER by followers (%)"] == "2.09"
    assert rows[1]["ER by views (%)"] == ""
    assert rows[1]["ER formulas"] == "by followers: (likes + comments) ÷ followers"
    assert rows[1]["Status"] == "prospect"
    assert "3 creators" in exported.embed["description"]


@pytest.mark.parametrize("sheet_format", ["english", "excel-europe", "sheets-europe"])
async def test_an_export_reimported_changes_nothing(harness: Harness, sheet_format: str) -> None:
    await create(harness)
    await add(
        harness,
        "name:Launch handle:jane platform:instagram followers:45k likes:900 comments:40 "
        'notes:=SUM(A1:A9) "quoted", multi',
    )
    await add(
        harness,
        "name:Launch handle:UCabcdefghijklmnopqrstuv platform:youtube followers:120k views:30k",
    )
    await add(harness, "name:Launch handle:no_numbers_yet platform:tiktok notes:@agency")
    await add(harness, "name:Launch handle:x_fan platform:x followers:900")
    await harness.invoke("/shortlist status name:Launch handle:jane status:confirmed")
    before = await snapshot(harness, "Launch")
    history_before = (await harness.invoke("/shortlist history name:Launch")).embed

    exported = await harness.invoke(f"/shortlist export name:Launch format:{sheet_format}")
    data = exported.message.file(".csv").data
    if sheet_format == "excel-europe":
        assert data.decode("utf-8-sig").startswith("Handle (without @);Profile URL;")
    reimported = await harness.invoke(
        "/shortlist import name:Launch file:back.csv", files={"back.csv": data}
    )

    assert (
        "**0** added · **0** updated · **4** unchanged · **0** refused"
        in (reimported.embed["description"])
    ), reimported.text()
    assert "nothing needed changing" in reimported.embed["description"]
    assert await snapshot(harness, "Launch") == before
    assert (await harness.invoke("/shortlist history name:Launch")).embed == history_before


async def test_import_adds_updates_and_reports_every_refused_row(harness: Harness) -> None:
    await create(harness)
    await add(harness, "name:Launch handle:jane platform:instagram followers:5k")
    data = (
        b"Username;Network;Subscribers;Avg Likes;Status;Remarks\r\n"
        b"jane;Instagram;150k;3k;contacted;Grew fast\r\n"
        b"@newbie;TikTok;12.5k;;;Found at a fair\r\n"
        b"@nofollowers;TikTok;;;negotiating;Numbers to come\r\n"
        b"@bad status;TikTok;5k;;;\r\n"
        b"@someone;Instagram;5k;;maybe;\r\n"
        b"@likes_only;Instagram;;400;;\r\n"
    )

    reply = await harness.invoke(
        "/shortlist import name:Launch file:team.csv", files={"team.csv": data}
    )
    shown = await harness.invoke("/shortlist show name:Launch")

    assert not reply.ephemeral
    description = reply.embed["description"]
    assert "**2** added · **1** updated · **0** unchanged · **3** refused" in description
    refused = fields(reply.embed)["Refused"]
    assert "Row 5: handle “@bad status” contains a space" in refused
    assert "Row 6 (`@someone`): status “maybe” isn't one of prospect" in refused
    assert "Row 7 (`@likes_only`): has engagement figures but no follower count" in refused
    assert "`@jane` (Instagram)" in fields(reply.embed)["Updated"]
    text = shown.embed["description"]
    assert "`@jane` · Instagram — **Macro** · 150K followers" in text and "Contacted" in text
    assert "`@nofollowers` · TikTok — no stats yet · Negotiating" in text
    assert "Found at a fair" in text


async def test_a_classify_csv_result_imports_with_its_stats(harness: Harness) -> None:
    await create(harness)
    source = (
        b"handle,platform,followers,likes,comments,views\r\n"
        b"@dancer,tiktok,95k,4k,100,20k\r\n"
        b"@chef,instagram,250k,5k,200,\r\n"
    )
    classified = await harness.invoke(
        "/classify-csv file:creators.csv", files={"creators.csv": source}
    )
    result = next(f for f in classified.files() if f.filename == "tierbot-classified.csv")

    reply = await harness.invoke(
        "/shortlist import name:Launch file:tierbot-classified.csv",
        files={"tierbot-classified.csv": result.data},
    )
    rows = await snapshot(harness, "Launch")

    assert "**2** added" in reply.embed["description"], reply.text()
    assert [(r["Handle (without @)"], r["Tier"], r["Followers"], r["Views"]) for r in rows] == [
        ("chef", "Macro", "250000", ""),
        ("dancer", "Micro", "95000", "20000"),
    ]


async def test_a_long_import_comes_with_a_per_row_report_file(harness: Harness) -> None:
    await create(harness)
    lines = [f"creator_{n},instagram,{n + 1}k" for n in range(30)] + ["@,instagram,5k"]
    data = ("handle,platform,followers\r\n" + "\r\n".join(lines) + "\r\n").encode()

    reply = await harness.invoke(
        "/shortlist import name:Launch file:big.csv", files={"big.csv": data}
    )

    report = csv_rows(reply.message.file("report.csv").data)
    assert len(report) == 31
    assert report[0] == {
        "Row": "2",
        "Handle": "creator_0",
        "Platform": "Instagram",
        "Outcome": "added",
        "Reason": "",
    }
    assert report[-1]["Outcome"] == "refused" and report[-1]["Row"] == "32"


async def test_an_unreadable_file_is_refused_before_anything_changes(harness: Harness) -> None:
    await create(harness)

    workbook = await harness.invoke(
        "/shortlist import name:Launch file:team.xlsx", files={"team.xlsx": b"PK\x03\x04"}
    )
    headless = await harness.invoke(
        "/shortlist import name:Launch file:x.csv", files={"x.csv": b"name,age\r\nbob,4\r\n"}
    )

    assert workbook.ephemeral and "Save it as CSV" in workbook.embed["description"]
    assert headless.ephemeral and "handle" in headless.embed["description"]
    assert "0 creators" in (await harness.invoke("/shortlist lists")).text()


# --- direct messages, autocomplete, limits -------------------------------------------------------

DM_LINES = (
    "/shortlist create name:Launch",
    "/shortlist lists",
    "/shortlist show name:Launch",
    "/shortlist add name:Launch handle:jane platform:instagram followers:5k",
    "/shortlist remove name:Launch handle:jane",
    "/shortlist status name:Launch handle:jane status:contacted",
    "/shortlist note name:Launch handle:jane text:hello",
    "/shortlist rename name:Launch new_name:Other",
    "/shortlist delete name:Launch",
    "/shortlist export name:Launch",
    "/shortlist import name:Launch file:list.csv",
    "/shortlist history name:Launch",
    "/shortlist refresh name:Launch",
)


async def test_every_subcommand_explains_in_a_dm_that_it_needs_a_server(harness: Harness) -> None:
    dm = harness.dm()
    offered = {
        option["name"]
        for command in harness.emulator.commands_for(dm)
        if command.name == "shortlist"
        for option in command.body["options"]
    }
    assert len(offered) == len(DM_LINES), "the group must stay visible in DMs"

    for line in DM_LINES:
        reply = await harness.invoke(
            line, actor=dm, files={"list.csv": b"handle,platform,followers\r\njane,x,5\r\n"}
        )
        assert reply.ephemeral, line
        assert reply.embed["title"] == "Server only", line
        assert "works inside a server" in reply.embed["description"], line
    assert await harness.autocomplete("/shortlist show name:L", actor=dm) == []


async def test_autocomplete_offers_this_servers_lists_and_that_lists_handles(
    harness: Harness,
) -> None:
    for number in range(30):
        await harness.invoke(f"/shortlist create name:Campaign {number:02d}")
    await create(harness, "Summer campaign")
    await add(harness, "name:Campaign 07 handle:maria_fit platform:instagram followers:12k")
    await add(harness, "name:Campaign 07 handle:fitmaria platform:tiktok followers:2M")
    await add(harness, "name:Campaign 08 handle:fit_other platform:instagram")

    names = await harness.autocomplete("/shortlist show name:campaign")
    prefixed = await harness.autocomplete("/shortlist show name:SUMMER")
    handles = await harness.autocomplete(
        "/shortlist remove name:campaign 07 handle:fit", focused="handle"
    )
    no_list = await harness.autocomplete("/shortlist remove handle:fit", focused="handle")
    choices = await harness.emulator.autocomplete(
        "/shortlist remove name:Campaign 07 handle:", actor=harness.member, focused="handle"
    )

    assert len(names) == 25 and names[0] == "Campaign 00"
    assert prefixed == ["Summer campaign"]
    assert handles == ["tiktok:fitmaria", "instagram:maria_fit"]
    assert no_list == []
    assert [choice["name"] for choice in choices] == [
        "@fitmaria · TikTok · Mega",
        "@maria_fit · Instagram · Micro",
    ]


async def test_list_names_are_1_to_50_characters_and_unique_ignoring_case(
    harness: Harness,
) -> None:
    from bot.playground.emulator.commands import CommandLineError

    await create(harness, "Launch")
    taken = await harness.invoke("/shortlist create name:LAUNCH")
    with pytest.raises(CommandLineError, match="at most 50"):
        await harness.invoke(f"/shortlist create name:{'n' * 51}")
    blank = await harness.invoke('/shortlist create name:"   "')
    longest = await harness.invoke(f"/shortlist create name:{'n' * 50}")

    assert taken.ephemeral and taken.embed["title"] == "Already there"
    assert "names ignore upper and lower case" in taken.embed["description"]
    assert blank.ephemeral and "**name**" in blank.embed["description"]
    assert not longest.ephemeral


async def test_a_server_keeps_at_most_100_lists(harness: Harness) -> None:
    for number in range(100):
        await harness.invoke(f"/shortlist create name:List {number}")

    refused = await harness.invoke("/shortlist create name:One more")
    lists = await harness.invoke("/shortlist lists")
    await harness.emulator.click(lists.message, label="Last »")

    assert refused.ephemeral and refused.embed["title"] == "Limit reached"
    assert "already has 100 shortlists" in refused.embed["description"]
    assert "/shortlist delete" in refused.embed["description"]
    assert "Page 5 of 5 · 100 of 100 lists" in lists.message.embeds[0]["footer"]["text"]


async def test_a_list_holds_at_most_1000_creators(harness: Harness) -> None:
    await create(harness)
    await populate(harness, "Launch", 1_000)

    refused = await harness.invoke("/shortlist add name:Launch handle:late platform:instagram")
    extra = await harness.invoke(
        "/shortlist import name:Launch file:more.csv",
        files={"more.csv": b"handle,platform,followers\r\nlate,instagram,5k\r\n"},
    )

    assert refused.ephemeral and refused.embed["title"] == "Limit reached"
    assert "already holds 1,000 creators" in refused.embed["description"]
    assert "**1** refused" in extra.embed["description"]
    assert "the list is full (1,000 creators)" in fields(extra.embed)["Refused"]


async def test_a_youtube_entry_says_subscribers_in_the_list_and_the_export(
    harness: Harness,
) -> None:
    await harness.invoke("/shortlist create name:Channels")
    added = await harness.invoke(
        "/shortlist add name:Channels handle:youtube.com/@maker platform:youtube "
        "followers:420k likes:4.1k comments:380"
    )
    shown = (await harness.invoke("/shortlist show name:Channels")).text()
    exported = await harness.invoke("/shortlist export name:Channels")

    assert "**Macro** · 420K subscribers · 1.07% ER by subscribers" in added.text()
    assert "420K subscribers · 1.07% ER by subscribers" in shown
    row = exported.message.file(".csv").data.decode("utf-8-sig").splitlines()[1]
    assert "by subscribers: (likes + comments) ÷ subscribers" in row
    assert "÷ followers" not in row
