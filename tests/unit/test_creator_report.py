"""Composing a creator report, the per-row CSV pipeline, upload checks and the reply embeds."""

from __future__ import annotations

import csv
import io
import pickle

import discord
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.creator_csv import CsvFormatError, CsvTooLargeError, parse_creator_csv
from bot.domain.creator_report import (
    TIERBOT_COLUMNS,
    build_creator_report,
    classify_creator_file,
    flag_detail,
    near_boundary_text,
    percent_number,
    percent_text,
    upload_refusal,
)
from bot.domain.handles import normalize_handle
from bot.domain.metrics import CreatorStats
from bot.domain.numbers import MAX_VALUE
from bot.domain.platforms import Platform
from bot.domain.tiers import TierScheme, builtin_schemes, default_scheme, get_scheme
from bot.render.classify import CLASSIFIED_FILENAME, ERRORS_FILENAME, classify_reply, csv_reply
from bot.render.limits import EMBED_TOTAL, FIELD_VALUE

IG, TT, YT, X = Platform.INSTAGRAM, Platform.TIKTOK, Platform.YOUTUBE, Platform.X


def read_csv(data: bytes) -> list[dict[str, str]]:
    """The rows as a spreadsheet shows them, in the file's own delimiter."""
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read UTF-8"
    text = data.decode("utf-8-sig")
    first = text.split("\r\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


# --- one creator ----------------------------------------------------------------------------


def test_tier_under_the_guild_scheme_and_where_other_schemes_differ() -> None:
    report = build_creator_report(IG, CreatorStats(followers=60_000), default_scheme())

    assert report.tier_label == "Micro"  # seed: micro runs 10K-100K
    assert report.placement.band_label == "10K–100K"
    differing = {placement.scheme_id: placement for placement in report.differing}
    assert differing["industry"].classification.tier is not None
    assert differing["industry"].classification.tier.value == "mid"  # industry: mid from 50K
    assert "four-tier" not in differing
    assert differing["industry"].scheme_name == get_scheme("industry").name
    # Every other built-in scheme was checked; those that agree are not listed.
    assert report.schemes_compared == len(builtin_schemes()) - 1
    for placement in report.differing:
        assert not placement.classification.same_place(report.placement)


def test_the_reference_is_the_guild_scheme_not_the_default() -> None:
    report = build_creator_report(IG, CreatorStats(followers=60_000), get_scheme("industry"))

    assert report.tier_label == "Mid"
    assert "four-tier" in {placement.scheme_id for placement in report.differing}
    assert "industry" not in {placement.scheme_id for placement in report.differing}


def test_a_custom_scheme_is_compared_with_every_built_in_one() -> None:
    custom = TierScheme.custom(nano=500, micro=5_000, macro=50_000, mega=500_000)
    report = build_creator_report(IG, CreatorStats(followers=60_000), custom)

    assert report.tier_label == "Macro"
    assert report.schemes_compared == len(builtin_schemes())
    assert "four-tier" in {placement.scheme_id for placement in report.differing}


def test_when_every_scheme_agrees_nothing_differs() -> None:
    report = build_creator_report(IG, CreatorStats(followers=5_000_000), default_scheme())

    assert report.tier_label == "Mega"
    assert report.differing == ()


@pytest.mark.parametrize(
    ("followers", "expected"),
    [
        (9_500, "500 followers short of 10K, where micro starts"),
        (10_000, "exactly on the 10K line; one follower fewer would be nano"),
        (10_800, "800 followers above the 10K line; below it is nano"),
        (30_000, None),
    ],
)
def test_near_a_boundary_in_words(followers: int, expected: str | None) -> None:
    report = build_creator_report(IG, CreatorStats(followers=followers), default_scheme())

    assert report.near_boundary == expected
    assert near_boundary_text(report.placement) == expected


def test_accounts_below_the_first_tier_are_emerging_not_an_error() -> None:
    report = build_creator_report(IG, CreatorStats(followers=300), default_scheme())

    assert report.tier_label.startswith("Emerging")
    assert report.placement.tier is None


def test_the_handle_must_be_on_the_reported_platform() -> None:
    handle = normalize_handle("https://www.tiktok.com/@jane", None)
    with pytest.raises(ValueError):
        build_creator_report(IG, CreatorStats(followers=1_000), default_scheme(), handle)


def test_sources_cover_every_figure_shown_once_each() -> None:
    stats = CreatorStats(followers=20_000, likes=40, comments=1)  # far below the band
    report = build_creator_report(IG, stats, default_scheme())
    assessment = report.assessment
    assert assessment.benchmark is not None
    assert assessment.cost is not None
    assert assessment.flags

    ids = report.source_ids
    assert len(ids) == len(set(ids))
    expected = {
        *default_scheme().source_ids,
        *assessment.benchmark.source_ids,
        *assessment.cost.source_ids,
        *(source for flag in assessment.flags for source in flag.source_ids),
    }
    assert expected <= set(ids)


def test_cost_is_priced_in_the_rate_cards_own_size_band() -> None:
    # 60K is micro under the default scheme; the rate card publishes 50K–500K at $500–5,000.
    report = build_creator_report(IG, CreatorStats(followers=60_000, likes=900), default_scheme())

    assert report.placement.tier is not None and report.placement.tier.value == "micro"
    assert report.size.price is not None
    assert report.size.price.size_label == "50K–500K"
    cost_field = classify_reply(report, in_guild=True).embed.to_dict()["fields"][-1]["value"]
    assert "50K–500K followers" in cost_field
    assert "mid" not in cost_field.lower()  # never a tier that contradicts the headline


def test_a_platform_without_a_rate_card_is_priced_by_the_stand_in_said_as_our_estimate() -> None:
    report = build_creator_report(X, CreatorStats(followers=60_000), default_scheme())

    assert report.assessment.cost is not None and report.size.price is not None
    assert report.size.price.stands_in_for is X
    cost_field = classify_reply(report, in_guild=True).embed.to_dict()["fields"][-1]["value"]
    assert (
        "**$500–$5,000** per post: no rate card is published for X (Twitter); Instagram's card "
        "stands in as our estimate (its rate for accounts of 50K–500K followers"
    ) in cost_field
    assert "published rate for X" not in cost_field


@pytest.mark.parametrize(
    ("platform", "stats", "code", "words"),
    [
        (IG, CreatorStats(followers=20_000, likes=40, comments=1), "er-far-below-band", "under"),
        (IG, CreatorStats(followers=20_000, likes=5_000, comments=40), "er-far-above-band", "over"),
        (
            IG,
            CreatorStats(followers=500_000, likes=6_000, comments=2),
            "few-comments-per-like",
            "1 comment per 3,000 likes",
        ),
        (
            IG,
            CreatorStats(followers=500_000, likes=6_000, comments=0),
            "few-comments-per-like",
            "no comments",
        ),
        (IG, CreatorStats(followers=5_000, likes=60, comments=40), "many-comments-per-like", "per"),
        (TT, CreatorStats(followers=100_000, views=1_000), "views-far-below-followers", "views"),
        (IG, CreatorStats(followers=1_000, likes=5_000), "likes-above-followers", "5,000"),
    ],
)
def test_each_flag_explains_the_value_it_crossed(
    platform: Platform, stats: CreatorStats, code: str, words: str
) -> None:
    report = build_creator_report(platform, stats, default_scheme())
    flags = {flag.code: flag for flag in report.assessment.flags}

    assert code in flags
    detail = flag_detail(flags[code])
    assert words in detail
    assert report.is_flagged


# --- the /classify embed ---------------------------------------------------------------------


def test_the_embed_leads_with_the_tier_and_spells_out_the_formula() -> None:
    handle = normalize_handle("@jane_doe", IG)
    stats = CreatorStats(followers=12_500, likes=450, comments=32)
    report = build_creator_report(IG, stats, default_scheme(), handle)

    embed = classify_reply(report, in_guild=True).embed
    data = embed.to_dict()
    fields = {f["name"]: f["value"] for f in data.get("fields", [])}

    assert data.get("description", "").startswith(
        "**Micro** under this server's scheme (Common four-tier cut)"
    )
    assert "jane\\_doe" in data.get("title", "")  # escaped, so no italics
    assert data.get("url") == handle.profile_url
    assert "(likes + comments) ÷ followers = 482 ÷ 12,500" in fields["Engagement"]
    assert "Modash" in fields["Benchmark"]
    assert "2025" in fields["Benchmark"]
    assert "No red flags in what you typed" in fields["Audience quality"]
    assert "per 1,000 followers" in fields["Estimated cost"]
    assert "per engagement" in fields["Estimated cost"]


def test_in_a_dm_the_default_scheme_is_named() -> None:
    report = build_creator_report(IG, CreatorStats(followers=12_500), default_scheme())

    description = classify_reply(report, in_guild=False).embed.description or ""

    assert "under the default scheme" in description


def test_a_view_is_passed_through_untouched() -> None:
    report = build_creator_report(IG, CreatorStats(followers=12_500), default_scheme())
    view = discord.ui.View()

    with_view = classify_reply(report, in_guild=True, view=view).kwargs()
    without = classify_reply(report, in_guild=True).kwargs()

    assert with_view["view"] is view
    assert "view" not in without  # discord.py wants the argument absent, not None


platforms = st.sampled_from(list(Platform))
counts = st.integers(min_value=0, max_value=MAX_VALUE)
maybe = st.none() | counts


@given(
    platform=platforms,
    followers=st.integers(min_value=1, max_value=MAX_VALUE),
    likes=maybe,
    comments=maybe,
    shares=maybe,
    saves=maybe,
    views=maybe,
    scheme_id=st.sampled_from(list(builtin_schemes())),
)
def test_any_report_fits_discord_limits(
    platform: Platform,
    followers: int,
    likes: int | None,
    comments: int | None,
    shares: int | None,
    saves: int | None,
    views: int | None,
    scheme_id: str,
) -> None:
    stats = CreatorStats(followers, likes, comments, shares, saves, views)
    report = build_creator_report(platform, stats, get_scheme(scheme_id))
    embed = classify_reply(report, in_guild=True).embed

    assert len(embed) <= EMBED_TOTAL
    assert all(len(f.value or "") <= FIELD_VALUE for f in embed.fields)
    assert (embed.description or "").startswith("**")


# --- creator lists --------------------------------------------------------------------------

LIST = (
    "Username;Platform;Follower Count;Avg Likes;Avg Comments;Notes\r\n"
    '@jane;Instagram;12,5k;450;32;=HYPERLINK("http://evil")\r\n'
    "https://www.tiktok.com/@dancer;;95k;4000;100;\r\n"
    "@nobody;Instagram;lots;1;1;\r\n"
    "@tiny;Instagram;300;;;\r\n"
    "@jane;instagram;13k;1;1;\r\n"
)


def test_every_good_row_is_classified_and_bad_rows_are_listed() -> None:
    result = classify_creator_file(LIST.encode(), default_scheme())

    assert [report.tier_label for report in result.reports] == [
        "Micro",
        "Micro",
        "Emerging (below nano)",
    ]
    assert [error.line_number for error in result.parsed.errors] == [4, 6]
    assert sum(count.count for count in result.tier_counts) == len(result.reports)
    assert [count.label for count in result.tier_counts] == ["Emerging (below nano)", "Micro"]
    assert result.row_errors == 2


def test_the_classified_csv_keeps_the_input_columns_and_adds_tierbots() -> None:
    result = classify_creator_file(LIST.encode(), default_scheme())
    assert result.classified_csv is not None

    rows = read_csv(result.classified_csv)

    assert list(rows[0]) == [
        "Username",
        "Platform",
        "Follower Count",
        "Follower Count (as typed)",  # "12,5k" isn't the number it stands for
        "Avg Likes",
        "Avg Comments",
        "Notes",
        *TIERBOT_COLUMNS,
    ]
    first, second, third = rows
    assert first["Username"] == "jane"  # no "'@jane": the "@" would need a visible guard
    assert first["Follower Count"] == "12500"  # a number the column can be sorted by
    assert first["Follower Count (as typed)"] == "12,5k"
    assert second["Follower Count (as typed)"] == "95k"
    assert first["Avg Likes"] == "450"
    assert first["Tier"] == "Micro"
    assert first["Row"] == "2"
    assert first["Profile URL"] == "https://www.instagram.com/jane/"
    assert first["ER by followers (%)"] == "3,86"  # the file's decimal comma
    assert third["Follower Count (as typed)"] == ""  # "300" is already the number
    assert first["Vs band"] == "above"
    assert "Modash" in first["Band source"]
    assert first["Cost per post (USD)"] == "$100–$500"
    assert first["Notes"].startswith("'=")  # a formula can't run when the file is opened
    assert second["Platform used"] == "tiktok"  # from the profile link
    assert "5,000 followers short of 100K" in second["Near boundary"]
    assert "industry: Mid" in second["Other schemes"]
    assert third["Tier"].startswith("Emerging")
    assert third["ER by followers (%)"] == ""


def test_the_classified_csv_reads_back_as_a_creator_list() -> None:
    result = classify_creator_file(LIST.encode(), default_scheme())
    assert result.classified_csv is not None

    again = parse_creator_csv(result.classified_csv)

    assert [row.handle.key for row in again.rows] == [r.handle.key for r in result.parsed.rows]
    assert [row.stats for row in again.rows] == [r.stats for r in result.parsed.rows]


def test_the_errors_csv_lists_every_skipped_row() -> None:
    result = classify_creator_file(LIST.encode(), default_scheme())
    assert result.errors_csv is not None

    rows = read_csv(result.errors_csv)

    assert [row["Row"] for row in rows] == ["4", "6"]
    assert [row["Handle (as written)"] for row in rows] == ["nobody", "jane"]
    assert "followers" in rows[0]["Problem"]
    assert "repeats the creator on row 2" in rows[1]["Problem"]


def test_tierbot_columns_never_shadow_an_input_column() -> None:
    data = b"handle,followers,tier,Flags\n@jane,12k,gold,none\n"
    result = classify_creator_file(data, default_scheme(), default_platform=IG)
    assert result.classified_csv is not None

    row = read_csv(result.classified_csv)[0]

    assert row["tier"] == "gold"
    assert row["Tierbot Tier"] == "Micro"
    assert row["Flags"] == "none"
    assert "Tierbot Flags" in row


def test_a_list_without_a_good_row_has_no_classified_file() -> None:
    result = classify_creator_file(b"handle,followers\njane,\n", default_scheme())

    assert result.reports == ()
    assert result.classified_csv is None
    assert result.errors_csv is not None
    assert result.flagged == 0


def test_rows_without_a_platform_use_the_default_one() -> None:
    data = b"handle,followers\njane,12k\n"

    without = classify_creator_file(data, default_scheme())
    with_default = classify_creator_file(data, default_scheme(), default_platform=YT)

    assert without.reports == ()
    assert "platform" in without.parsed.errors[0].reason
    assert with_default.reports[0].platform is YT


def test_unreadable_files_raise_for_the_whole_file() -> None:
    with pytest.raises(CsvFormatError):
        classify_creator_file(bytes(range(256)) * 10, default_scheme())
    with pytest.raises(CsvFormatError):
        classify_creator_file(b"name,age\nbob,4\n", default_scheme())
    too_many = "handle,followers\n" + "".join(f"u{i},{i + 1}k\n" for i in range(5_001))
    with pytest.raises(CsvTooLargeError):
        classify_creator_file(too_many.encode(), default_scheme(), default_platform=IG)


# --- the /classify-csv summary ----------------------------------------------------------------


def test_the_summary_lists_tiers_flags_and_row_errors_within_limits() -> None:
    lines = ["handle,followers,likes"]
    lines += [f"good{i},{(i + 1) * 1000},{i}" for i in range(50)]
    lines += [f"<@{i}>,{i}k,1" for i in range(400)]  # every one a bad handle
    result = classify_creator_file("\n".join(lines).encode(), default_scheme(), default_platform=IG)

    reply = csv_reply(result.summary(10), filename="**list**.csv", in_guild=True)
    embed = reply.embed
    fields = {f.name or "": f.value or "" for f in embed.fields}
    errors_name = next(name for name in fields if name.startswith("Rows with errors"))

    assert len(embed) <= EMBED_TOTAL
    assert "400 skipped" in errors_name
    assert ERRORS_FILENAME in errors_name
    assert "Row 52:" in fields[errors_name]
    assert "more" in fields[errors_name]
    assert "<@" not in fields[errors_name].replace("\\<@", "")  # never a mention
    assert "`**list**.csv`" in (embed.description or "")
    assert [file.filename for file in reply.files] == [CLASSIFIED_FILENAME, ERRORS_FILENAME]
    assert "Creators per tier" in fields


def test_the_summary_names_some_flagged_creators_and_counts_the_rest() -> None:
    lines = ["handle,followers,likes,comments"]
    lines += [f"ghost{i},{40 + i}k,10,0" for i in range(30)]  # all far below the band
    result = classify_creator_file("\n".join(lines).encode(), default_scheme(), default_platform=IG)

    flagged = {
        f.name: f.value or ""
        for f in csv_reply(result.summary(10), filename="a.csv", in_guild=True).embed.fields
    }["Flagged"]

    assert result.flagged == 30
    named = [line for line in flagged.splitlines() if line.startswith("@ghost")]
    assert named
    assert flagged.splitlines()[-1] == f"…and {30 - len(named)} more"
    assert len(flagged) <= FIELD_VALUE


# --- uploads ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "content_type", "size", "refused"),
    [
        ("creators.csv", "text/csv", 1_000, None),
        ("creators.TSV", "text/tab-separated-values", 1_000, None),
        ("export.txt", "text/plain; charset=utf-8", 1_000, None),
        ("creators", "text/plain", 1_000, None),
        ("creators.xlsx", "application/vnd.openxmlformats", 1_000, "workbook"),
        ("photo.png", "image/png", 1_000, "CSV or TSV"),
        ("creators", None, 1_000, "CSV or TSV"),
        ("creators.csv", "text/csv", 2 * 1024 * 1024 + 1, "2.1 MB"),
    ],
)
def test_uploads_are_judged_before_downloading(
    filename: str, content_type: str | None, size: int, refused: str | None
) -> None:
    reason = upload_refusal(filename, content_type, size)

    if refused is None:
        assert reason is None
    else:
        assert reason is not None
        assert refused in reason


def test_files_over_the_channels_upload_limit_are_left_off_and_the_summary_says_so() -> None:
    result = classify_creator_file(LIST.encode(), default_scheme())
    assert result.classified_csv is not None
    assert result.errors_csv is not None
    limit = len(result.classified_csv) - 1  # the errors file alone still fits

    reply = csv_reply(result.summary(10), filename="list.csv", in_guild=True, upload_limit=limit)
    roomy = csv_reply(
        result.summary(10), filename="list.csv", in_guild=True, upload_limit=10 * 1024 * 1024
    )

    assert [file.filename for file in reply.files] == [ERRORS_FILENAME]
    assert f"`{CLASSIFIED_FILENAME}` would go over" in (reply.embed.description or "")
    assert [file.filename for file in roomy.files] == [CLASSIFIED_FILENAME, ERRORS_FILENAME]
    assert "upload limit" not in (roomy.embed.description or "")


def test_a_summary_keeps_what_the_reply_shows_and_is_small() -> None:
    rows = ["handle,platform,followers,likes,comments"] + [
        f"@c{i},instagram,{2000 + i * 37},{1 if i % 50 == 0 else 60},{i % 7}" for i in range(3000)
    ]
    full = classify_creator_file("\n".join(rows).encode(), default_scheme())
    summary = full.summary(10)

    assert summary.classified == full.classified == 3000
    assert summary.flagged == full.flagged
    assert summary.classified_csv == full.classified_csv
    assert [line for line, _ in summary.examples] == [line for line, _ in full.flagged_examples(10)]
    # What crosses to the bot's process is the files plus a few kilobytes, not row objects.
    assert summary.classified_csv is not None
    assert len(pickle.dumps(summary)) < len(summary.classified_csv) + 50_000


# --- percentages in files ------------------------------------------------------------------------


def test_a_percentage_is_written_as_its_rounded_number_even_on_ties() -> None:
    # Every fraction with five decimals up to 2: one in 13 is a tie when written in percent
    # ("0.005" → half to even), where rounding the binary float would differ.
    for numerator in range(200_000):
        fraction = numerator / 100_000
        assert percent_text(fraction) == f"{percent_number(fraction):f}", fraction


@given(
    st.integers(0, 40_000_000_000),
    st.integers(1, 10_000_000_000) | st.integers(1, 1_000),
)
def test_an_engagement_rate_is_written_as_its_rounded_number(engaged: int, base: int) -> None:
    assert percent_text(engaged / base) == f"{percent_number(engaged / base):f}"


@given(st.floats(0, 1e15) | st.sampled_from([1e13, 2.675, 0.125, 1e-5, 5e-3]))
def test_any_percentage_is_written_as_its_rounded_number(fraction: float) -> None:
    assert percent_text(fraction) == f"{percent_number(fraction):f}"
