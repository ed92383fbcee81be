"""/classify-csv through the emulator: a creator list in, a summary and a classified CSV out."""

from __future__ import annotations

import csv
import io
import random
from typing import Any

from bot.domain.tiers import default_scheme
from bot.playground.emulator.commands import FileArgument
from bot.playground.emulator.records import CHANNEL_MESSAGE, Interaction
from tests.e2e.conftest import Harness

PLATFORMS = ("instagram", "tiktok", "youtube", "x", "facebook", "twitch")


def fields(embed: dict[str, Any]) -> dict[str, str]:
    return {field["name"]: field["value"] for field in embed.get("fields", [])}


def returned_rows(
    reply: Interaction, filename: str = "tierbot-classified.csv"
) -> list[dict[str, str]]:
    data = next(stored.data for stored in reply.files() if stored.filename == filename)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as Excel wants
    text = data.decode("utf-8-sig")
    first = text.split("\r\n", 1)[0]
    delimiter = max(",;\t", key=first.count)  # the team's own
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def seed_tier(followers: int) -> str:
    """The tier the default scheme gives, from its published cut (nano 1K, micro 10K, ...)."""
    for minimum, name in (
        (1_000_000, "Mega"),
        (100_000, "Macro"),
        (10_000, "Micro"),
        (1_000, "Nano"),
    ):
        if followers >= minimum:
            return name
    return "Emerging (below nano)"


def creator_list(rows: int, *, seed: int = 7) -> tuple[bytes, list[tuple[str, int]]]:
    """A realistic export: varied platforms, counts written as people write them."""
    rng = random.Random(seed)
    lines = ["Username,Platform,Follower Count,Avg Likes,Avg Comments,Avg Views,Notes"]
    expected: list[tuple[str, int]] = []
    for index in range(rows):
        followers = rng.choice([rng.randint(200, 999), rng.randint(1_000, 9_999),
                                rng.randint(10_000, 99_999), rng.randint(100_000, 999_999),
                                rng.randint(1_000_000, 40_000_000)])  # fmt: skip
        written = rng.choice([f"{followers:,}", str(followers), f"{followers / 1000:.3f}k"])
        if written.endswith("k"):
            followers = round(float(written[:-1]) * 1000)
        likes = int(followers * rng.uniform(0.001, 0.08))
        comments = int(likes * rng.uniform(0.005, 0.1))
        views = int(followers * rng.uniform(0.05, 0.6))
        handle = f"creator{index}"  # valid on every platform listed
        lines.append(
            f'@{handle},{PLATFORMS[index % len(PLATFORMS)]},"{written}",{likes},{comments},'
            f'{views},"note, with comma"'
        )
        expected.append((handle, followers))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8"), expected


async def test_a_5000_row_list_comes_back_as_a_classified_csv(harness: Harness) -> None:
    data, expected = creator_list(5_000)

    reply = await harness.invoke(
        "/classify-csv file:creators.csv", files={"creators.csv": data}, timeout=60
    )

    assert not reply.ephemeral
    embed = reply.embed
    assert "**5,000 creators** from `creators.csv`" in embed["description"]
    rows = returned_rows(reply)
    assert len(rows) == 5_000
    for index in (0, 1, 2, 777, 2_500, 4_999):
        handle, followers = expected[index]
        # A leading @ could start a spreadsheet formula: the name is written without it
        # (no visible apostrophe), and the profile link is in its own column.
        assert rows[index]["Username"] == handle
        assert rows[index]["Follower Count"] == str(followers)
        assert rows[index]["Tier"] == seed_tier(followers), (handle, followers)
        assert rows[index]["Row"] == str(index + 2)
    # The summary's counts are the file's counts.
    per_tier = fields(embed)["Creators per tier"]
    for tier in {row["Tier"] for row in rows}:
        count = sum(row["Tier"] == tier for row in rows)
        assert f"**{tier}** (" in per_tier
        assert f"): {count:,}" in per_tier
    flagged = sum(bool(row["Flags"]) for row in rows)
    assert f"{flagged:,} of 5,000 with audience-quality flags" in fields(embed)["Flagged"]
    assert fields(embed)["Rows with errors"].startswith("None")


async def test_an_excel_export_with_semicolons_bom_and_quotes_is_read(harness: Harness) -> None:
    data = (
        "\ufeffUsername;Subscribers;Avg Likes;Comments;Profile notes\r\n"
        '"@jane.doe";"12,5k";450;32;"says ""hi""; likes cats"\r\n'
        "https://www.youtube.com/@chef;1.2M;20 000;900;\r\n"
    ).encode()

    reply = await harness.invoke(
        "/classify-csv file:list.csv platform:instagram", files={"list.csv": data}
    )

    rows = returned_rows(reply)
    assert [row["Tier"] for row in rows] == ["Micro", "Mega"]
    assert [row["Platform used"] for row in rows] == ["instagram", "youtube"]
    assert rows[0]["Profile notes"] == 'says "hi"; likes cats'
    assert rows[0]["ER by followers (%)"] == "3,86"  # the team's decimal comma
    assert rows[0]["Subscribers"] == "12500"
    assert rows[0]["Subscribers (as typed)"] == "12,5k"
    assert "semicolon-separated" in reply.embed["description"]
    data_back = next(s.data for s in reply.files() if s.filename == "tierbot-classified.csv")
    assert data_back.decode("utf-8-sig").startswith("Username;Subscribers;")


async def test_the_summary_names_the_flagged_creators(harness: Harness) -> None:
    data = (
        b"handle,platform,followers,likes,comments,views\n"
        b"@steady,instagram,20k,200,8,\n"
        b"@ghost_town,instagram,40k,60,2,\n"
        b"@few_views,tiktok,300k,900,30,1.2k\n"
    )

    reply = await harness.invoke("/classify-csv file:list.csv", files={"list.csv": data})

    flagged = fields(reply.embed)["Flagged"]
    assert flagged.startswith("2 of 3 with audience-quality flags")
    assert "@ghost\\_town (Instagram, row 3): engagement far below the band" in flagged
    few_views = next(line for line in flagged.splitlines() if line.startswith("@few"))
    assert few_views.startswith("@few\\_views (TikTok, row 4): ")
    assert "views far below followers" in few_views
    assert "steady" not in flagged
    rows = returned_rows(reply)
    assert rows[0]["Flags"] == ""
    assert "inactive or bought" in rows[1]["Flags"]


async def test_a_tsv_from_a_spreadsheet_is_read(harness: Harness) -> None:
    data = b"handle\tplatform\tfollowers\n@dancer\ttiktok\t45 000\n@writer\tx\t800\n"

    reply = await harness.invoke("/classify-csv file:list.tsv", files={"list.tsv": data})

    rows = returned_rows(reply)  # tab-separated, like the file sent
    assert [row["Tier"] for row in rows] == ["Micro", "Emerging (below nano)"]
    assert "tab-separated" in reply.embed["description"]


async def test_bad_rows_are_listed_with_their_line_numbers_and_the_rest_classified(
    harness: Harness,
) -> None:
    data = (
        b"handle,platform,followers,likes\n"
        b"@good_one,instagram,25k,300\n"
        b"@bad_count,instagram,12..5k,10\n"
        b"@no_platform,,5k,10\n"
        b"\n"
        b"<@123>,instagram,5k,1\n"
        b"@good_two,tiktok,1.2M,\n"
        b"@good_one,instagram,30k,1\n"
    )

    reply = await harness.invoke("/classify-csv file:list.csv", files={"list.csv": data})

    assert not reply.ephemeral
    shown = fields(reply.embed)
    errors_name = next(name for name in shown if name.startswith("Rows with errors"))
    assert "4 skipped" in errors_name
    listed = shown[errors_name]
    assert "Row 3: followers “12..5k” is not a number" in listed
    assert "Row 4: handle “@no\\_platform” needs a platform" in listed
    assert "Row 6: handle “\\<@123>”" in listed  # escaped: never a mention
    assert "Row 8: repeats the creator on row 2" in listed
    assert [row["handle"] for row in returned_rows(reply)] == ["good_one", "good_two"]
    problems = returned_rows(reply, "tierbot-row-errors.csv")
    assert [row["Row"] for row in problems] == ["3", "4", "6", "8"]


async def test_a_default_platform_covers_rows_without_one(harness: Harness) -> None:
    data = b"handle,followers\n@jane,12k\n"

    reply = await harness.invoke(
        "/classify-csv file:list.csv platform:youtube", files={"list.csv": data}
    )

    assert returned_rows(reply)[0]["Platform used"] == "youtube"


async def test_a_list_works_in_a_direct_message(harness: Harness) -> None:
    data = b"handle,platform,followers\n@jane,instagram,12k\n"

    reply = await harness.invoke(
        "/classify-csv file:list.csv", files={"list.csv": data}, actor=harness.dm()
    )

    assert "under the default scheme" in reply.embed["description"]
    assert returned_rows(reply)[0]["Tier"] == "Micro"


async def test_the_guild_scheme_classifies_the_list(harness: Harness) -> None:
    bot = harness.local.bot
    assert bot is not None
    await bot.schemes.set_builtin(harness.guild.id, "industry", actor_id=harness.admin.user.id)
    data = b"handle,platform,followers\n@jane,instagram,60k\n"

    reply = await harness.invoke("/classify-csv file:list.csv", files={"list.csv": data})

    row = returned_rows(reply)[0]
    assert row["Tier"] == "Mid"
    assert "four-tier: Micro" in row["Other schemes"]
    assert default_scheme().id == "four-tier"


async def test_cells_that_could_run_as_formulas_are_neutralised(harness: Harness) -> None:
    data = b'handle,platform,followers,notes\n@jane,instagram,12k,"=HYPERLINK(""http://x"")"\n'

    reply = await harness.invoke("/classify-csv file:list.csv", files={"list.csv": data})

    row = returned_rows(reply)[0]
    assert row["notes"] == '\'=HYPERLINK("http://x")'


# --- files refused as a whole ---------------------------------------------------------------


async def test_binary_garbage_is_refused_clearly(harness: Harness) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    garbage = png + bytes(random.Random(1).randrange(256) for _ in range(20_000))

    reply = await harness.invoke("/classify-csv file:creators.csv", files={"creators.csv": garbage})

    assert reply.ephemeral
    assert "doesn't look like a text file" in reply.embed["description"]
    assert not list(reply.files())


async def test_a_file_without_a_recognisable_header_is_refused_with_the_names_to_use(
    harness: Harness,
) -> None:
    data = b"name,age,city\nBob,40,Paris\n"

    reply = await harness.invoke("/classify-csv file:people.csv", files={"people.csv": data})

    assert reply.ephemeral
    description = reply.embed["description"]
    assert "can't find the handle and followers columns" in description
    assert "username" in description
    assert "subscribers" in description


async def test_too_many_rows_are_refused(harness: Harness) -> None:
    data, _ = creator_list(5_001)

    reply = await harness.invoke("/classify-csv file:big.csv", files={"big.csv": data}, timeout=60)

    assert reply.ephemeral
    assert "more than 5,000 creator rows" in reply.embed["description"]


async def test_a_file_over_2_mb_is_refused_before_downloading(harness: Harness) -> None:
    data = b"handle,platform,followers,notes\n" + b"@jane,instagram,12k," + b"x" * (2 * 1024 * 1024)

    reply = await harness.invoke("/classify-csv file:big.csv", files={"big.csv": data})

    assert reply.ephemeral
    assert reply.callback_type == CHANNEL_MESSAGE  # answered at once, no "thinking…" first
    assert "2.1 MB" in reply.embed["description"]
    assert "up to 2 MB" in reply.embed["description"]
    downloads = [r for r in harness.emulator.requests if "/attachments/" in r.path]
    assert downloads == []


async def test_a_workbook_is_refused_with_how_to_export_it(harness: Harness) -> None:
    workbook = FileArgument("creators.xlsx", b"PK\x03\x04" + b"\x00" * 100, "application/zip")

    reply = await harness.invoke(
        "/classify-csv file:creators.xlsx", files={"creators.xlsx": workbook}
    )

    assert reply.ephemeral
    assert reply.callback_type == CHANNEL_MESSAGE
    assert "CSV UTF-8" in reply.embed["description"]


async def test_an_empty_file_is_refused(harness: Harness) -> None:
    reply = await harness.invoke("/classify-csv file:empty.csv", files={"empty.csv": b""})

    assert reply.ephemeral
    assert "empty" in reply.embed["description"]
