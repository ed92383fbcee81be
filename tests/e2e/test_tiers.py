"""/tiers: overview, define, compare, ask (with autocomplete), scheme and custom, end to end."""

from __future__ import annotations

import pytest

from bot.domain.tier import ALL_TIERS
from bot.domain.tier_profiles import COMPARE_ASPECTS
from bot.domain.tiers import builtin_schemes, get_scheme
from tests.e2e.conftest import Harness

# Every test here runs on SQLite and on PostgreSQL.
pytestmark = pytest.mark.usefixtures("backend")


def field_names(reply_embed: dict[str, object]) -> list[str]:
    fields = reply_embed.get("fields") or []
    assert isinstance(fields, list)
    return [str(f["name"]) for f in fields]


def footer(reply_embed: dict[str, object]) -> str:
    found = reply_embed.get("footer") or {}
    assert isinstance(found, dict)
    return str(found.get("text", ""))


# -- overview ----------------------------------------------------------------------------------


async def test_overview_shows_the_default_scheme_as_one_table_with_sources(
    harness: Harness,
) -> None:
    reply = await harness.invoke("/tiers overview")

    assert not reply.ephemeral
    embed = reply.embed
    description = embed["description"]
    assert "Common four-tier cut" in description
    table = description.split("```")[1]
    header, *rows = table.strip().splitlines()
    assert header.split() == ["Tier", "Followers", "Engagement", "Cost/post"]
    assert [row.split()[0] for row in rows] == ["Nano", "Micro", "Macro", "Mega"]
    assert rows[0].split()[1] == "1K–10K"
    assert "%" in rows[0] and "$" in rows[0]
    assert "Best for" in field_names(embed)
    # The figures' sources as one short footnote: no bibliography, no self-citation.
    text = footer(embed)
    assert text.startswith("Sources: ")
    assert len(text) <= 240
    assert "Modash" in text
    assert "Influencer Marketing Hub" in text
    assert "Tierbot's assumption" not in text


async def test_admin_sets_industry_and_members_see_it_while_another_guild_keeps_the_default(
    harness: Harness,
) -> None:
    changed = await harness.invoke("/tiers scheme name:industry", actor=harness.admin)

    assert not changed.ephemeral
    assert "Five-tier industry standard" in changed.embed["title"]
    text = changed.text()
    assert "Before:" in text and "After:" in text
    assert "50K–100K: micro → mid" in text  # what moves, in plain words

    overview = await harness.invoke("/tiers overview", actor=harness.member)
    table = overview.embed["description"].split("```")[1]
    assert [row.split()[0] for row in table.strip().splitlines()[1:]] == [
        "Nano",
        "Micro",
        "Mid",
        "Macro",
        "Mega",
    ]
    assert "Five-tier industry standard" in overview.text()

    other = await harness.emulator.join_guild("Other Agency")
    stranger = harness.emulator.member(other, "kim")
    elsewhere = await harness.invoke("/tiers overview", actor=stranger)
    assert "Common four-tier cut" in elsewhere.embed["description"]
    assert "Mid " not in elsewhere.embed["description"]


async def test_overview_of_seed_003_shows_the_unnamed_band(harness: Harness) -> None:
    await harness.invoke("/tiers scheme name:fitness-guide", actor=harness.admin)

    reply = await harness.invoke("/tiers overview")

    description = reply.embed["description"]
    table = description.split("```")[1]
    assert any(row.startswith("No tier") and "50K–1M" in row for row in table.splitlines())
    assert "this scheme names no tier for 50K–1M" in description
    assert "add a mid tier: from 50K in Five-tier industry standard and Duel" in description
    # Nano is under 1K here: no source publishes engagement for that size, and it says so.
    nano_row = next(row for row in table.splitlines() if row.startswith("Nano"))
    assert "—" in nano_row
    assert "no published figure" in description


async def test_overview_of_a_custom_scheme_without_mid(harness: Harness) -> None:
    await harness.invoke("/tiers custom nano:2k micro:20k macro:300k mega:3M", actor=harness.admin)

    reply = await harness.invoke("/tiers overview")

    table = reply.embed["description"].split("```")[1]
    rows = table.strip().splitlines()[1:]
    assert [row.split()[:2] for row in rows] == [
        ["Nano", "2K–20K"],
        ["Micro", "20K–300K"],
        ["Macro", "300K–3M"],
        ["Mega", "3M+"],
    ]
    assert "set by this server" in footer(reply.embed)


# -- define ------------------------------------------------------------------------------------


@pytest.mark.parametrize("tier", [tier.value for tier in ALL_TIERS])
async def test_define_explains_each_tier_with_figures_and_sources(
    harness: Harness, tier: str
) -> None:
    reply = await harness.invoke(f"/tiers define tier:{tier}")

    assert not reply.ephemeral
    embed = reply.embed
    assert tier.capitalize() in embed["title"]
    names = field_names(embed)
    assert "Followers in every scheme" in names
    assert any(name.startswith("Typical engagement") for name in names)
    assert any(name.startswith("Cost per post") for name in names)
    assert "Good for" in names and "Watch out for" in names
    text = reply.text()
    # Every scheme by its readable name; no internal id, no self-citation.
    for scheme in builtin_schemes().values():
        assert scheme.name in text
        assert f"`{scheme.id}`" not in text
    assert "Common four-tier cut (this server)" in text
    assert "Tierbot's assumption" not in text
    assert "Instagram" in text and "TikTok" in text
    assert "Modash, 2025" in text  # engagement benchmarks carry their year
    assert "an assumption" not in text and "is assumed" not in text
    assert footer(embed).startswith("Sources: ")
    assert len(footer(embed)) <= 240  # a footnote, not a bibliography


async def test_define_micro_says_where_schemes_disagree(harness: Harness) -> None:
    reply = await harness.invoke("/tiers define tier:micro")

    text = reply.text()
    assert "Sources disagree: micro starts at 1K in Low-cut fitness guide" in text
    assert "10K elsewhere" in text
    assert "ends at 50K–100K" in text


async def test_define_micro_prices_each_size_inside_the_tier_as_classify_does(
    harness: Harness,
) -> None:
    # The card's 50K–500K row applies to micro only up to 100K; a 50K TikTok creator gets
    # $125–$1,250 from /classify, and /tiers define must say which sizes get that price.
    define = (await harness.invoke("/tiers define tier:micro")).text()
    assert "$25–$1,250 ($25–$125 at 10K–50K, $125–$1,250 at 50K–100K)" in define
    assert "at 50K–500K" not in define
    assert "**Snapchat** about $1,000 at 10K–50K" in define  # one row: which part of the tier
    classify = (await harness.invoke("/classify followers:50000 platform:tiktok")).text()
    assert "$125–$1,250" in classify
    ask = await harness.invoke("/tiers ask question:how much do 5 micro posts cost on tiktok")
    assert "$125–$1,250 at 50K–100K" in ask.text()


async def test_define_mid_under_the_default_scheme_says_it_has_no_mid(harness: Harness) -> None:
    reply = await harness.invoke("/tiers define tier:mid")

    description = reply.embed["description"]
    assert "has no mid tier" in description
    industry = get_scheme("industry")
    assert industry.name in description  # where the figures come from instead
    assert "50K–500K" in description
    assert "micro or macro" in description  # where this server puts those accounts
    assert "Common four-tier cut (this server): no mid tier" in reply.text()


async def test_define_mid_under_industry_uses_the_servers_range(harness: Harness) -> None:
    await harness.invoke("/tiers scheme name:industry", actor=harness.admin)

    reply = await harness.invoke("/tiers define tier:mid")

    assert "has no mid tier" not in reply.embed["description"]
    assert "mid means **50K–500K followers**" in reply.embed["description"]


async def test_define_in_a_direct_message_uses_the_default_scheme(harness: Harness) -> None:
    reply = await harness.invoke("/tiers define tier:nano", actor=harness.dm())

    assert not reply.ephemeral
    assert "the default scheme" in reply.embed["description"]


# -- compare -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("first", "second"), [("nano", "micro"), ("micro", "mega")])
async def test_compare_puts_two_tiers_side_by_side(
    harness: Harness, first: str, second: str
) -> None:
    reply = await harness.invoke(f"/tiers compare first:{first} second:{second}")

    assert not reply.ephemeral
    embed = reply.embed
    assert first.capitalize() in embed["title"] and second.capitalize() in embed["title"]
    names = field_names(embed)
    for _, label in COMPARE_ASPECTS:
        assert label in names
    values = [str(f["value"]) for f in embed["fields"] if f["value"] != "\u200b"]
    # Each aspect shows both tiers, one column each.
    assert sum(v.startswith(f"**{first.capitalize()}:**") for v in values) == len(COMPARE_ASPECTS)
    assert sum(v.startswith(f"**{second.capitalize()}:**") for v in values) == len(COMPARE_ASPECTS)
    assert footer(embed).startswith("Sources: ")


async def test_compare_the_same_tier_twice_gets_a_friendly_correction(harness: Harness) -> None:
    reply = await harness.invoke("/tiers compare first:micro second:micro")

    assert reply.ephemeral
    text = reply.text()
    assert "**second** is micro too" in text
    assert "`second:nano`" in text
    assert "/tiers define tier:micro" in text


# -- ask ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "title_words"),
    [
        ("what's a nano-influencer", ("nano",)),
        ("ER formula", ("engagement rate", "formula")),
        ("how much does a micro cost on tiktok", ("tiktok", "cost")),  # worked out
        ("Micro influencers vs mega influencers?", ("micro", "mega")),
        ("fake followers", ("fake",)),
    ],
)
async def test_ask_answers_with_the_best_entry_and_sources(
    harness: Harness, question: str, title_words: tuple[str, ...]
) -> None:
    reply = await harness.invoke(f"/tiers ask question:{question}")

    assert not reply.ephemeral
    embed = reply.embed
    title = embed["title"].lower()
    for word in title_words:
        assert word in title, f"{question!r} answered with {embed['title']!r}"
    assert question in embed["description"]  # the question, quoted above the answer
    assert len(embed["description"]) > len(question) + 100  # and the answer body itself
    assert footer(embed).startswith("Sources: ")
    related = [f for f in embed.get("fields") or [] if f["name"] == "Related"]
    if related:
        assert 1 <= len(related[0]["value"].splitlines()) <= 2


async def test_ask_with_no_match_points_to_the_overview(harness: Harness) -> None:
    reply = await harness.invoke("/tiers ask question:asdf qwerty")

    assert reply.ephemeral
    text = reply.text()
    assert "`asdf qwerty`" in text
    assert "/tiers overview" in text


async def test_ask_never_renders_the_question_as_markdown(harness: Harness) -> None:
    reply = await harness.invoke("/tiers ask question:**nano** influencer @everyone")

    description = reply.embed["description"]
    assert "\\*\\*nano\\*\\*" in description
    # The harness fails the test if anything would have pinged.


async def test_autocomplete_suggests_questions_for_what_is_typed(harness: Harness) -> None:
    suggestions = await harness.autocomplete("/tiers ask question:how mu", focused="question")

    assert 1 <= len(suggestions) <= 25
    assert all(len(text) <= 100 for text in suggestions)
    starts = [s.lower().startswith("how mu") for s in suggestions]
    assert sum(starts) >= 3
    # Questions that start with what was typed come first; related ones after them.
    assert starts == sorted(starts, reverse=True)


async def test_autocomplete_offers_questions_before_anything_is_typed(harness: Harness) -> None:
    suggestions = await harness.autocomplete("/tiers ask", focused="question")

    assert 1 <= len(suggestions) <= 25
    answered = await harness.invoke(f"/tiers ask question:{suggestions[0]}")
    assert not answered.ephemeral  # a suggested question always has an answer


# -- scheme ------------------------------------------------------------------------------------


async def test_scheme_without_a_name_shows_the_current_one_to_anyone(harness: Harness) -> None:
    reply = await harness.invoke("/tiers scheme", actor=harness.member)

    assert not reply.ephemeral
    assert "Common four-tier cut" in reply.embed["title"]
    text = reply.text()
    assert "Manage Server" in text
    for scheme_id in builtin_schemes():
        assert f"`{scheme_id}`" in text


async def test_a_member_without_manage_server_cannot_change_the_scheme(harness: Harness) -> None:
    refused = await harness.invoke("/tiers scheme name:industry", actor=harness.member)

    assert refused.ephemeral
    assert "Manage Server" in refused.text()
    assert "tier scheme" in refused.text()
    still = await harness.invoke("/tiers scheme")
    assert "Common four-tier cut" in still.embed["title"]


async def test_choosing_the_scheme_already_in_use_changes_nothing(harness: Harness) -> None:
    reply = await harness.invoke("/tiers scheme name:four-tier", actor=harness.admin)

    assert reply.ephemeral
    assert "already uses" in reply.text()


async def test_scheme_in_a_direct_message_shows_the_default(harness: Harness) -> None:
    reply = await harness.invoke("/tiers scheme", actor=harness.dm())

    assert not reply.ephemeral
    assert "direct messages" in reply.embed["title"]
    assert "Common four-tier cut" in reply.embed["title"]


async def test_setting_a_scheme_in_a_direct_message_is_refused(harness: Harness) -> None:
    reply = await harness.invoke("/tiers scheme name:industry", actor=harness.dm())

    assert reply.ephemeral
    assert "works inside a server" in reply.text()


async def test_overview_in_a_direct_message_uses_the_default_scheme(harness: Harness) -> None:
    reply = await harness.invoke("/tiers overview", actor=harness.dm())

    assert "default scheme" in reply.embed["description"]
    assert "Common four-tier cut" in reply.embed["description"]


# -- custom ------------------------------------------------------------------------------------


async def test_custom_scheme_is_saved_shown_and_kept_after_a_restart(harness: Harness) -> None:
    reply = await harness.invoke(
        "/tiers custom nano:500 micro:5k macro:250k mega:2.5M mid:50k", actor=harness.admin
    )

    assert not reply.ephemeral
    assert reply.embeds[0]["title"] == "Custom tier scheme saved"
    text = reply.text()
    assert "500–1K: emerging → nano" in text  # what moves from the default scheme
    assert "1M–2.5M: mega → macro" in text
    table = reply.embeds[1]["description"].split("```")[1]
    assert [row.split()[:2] for row in table.strip().splitlines()[1:]] == [
        ["Nano", "500–5K"],
        ["Micro", "5K–50K"],
        ["Mid", "50K–250K"],
        ["Macro", "250K–2.5M"],
        ["Mega", "2.5M+"],
    ]

    await harness.local.restart()
    shown = await harness.invoke("/tiers scheme")
    assert "Custom" in shown.embed["title"]
    assert "micro 5K–50K" in shown.embed["description"]


async def test_custom_thresholds_that_do_not_increase_name_the_tier(harness: Harness) -> None:
    reply = await harness.invoke(
        "/tiers custom nano:10k micro:10k macro:500k mega:1M", actor=harness.admin
    )

    assert reply.ephemeral
    assert "**micro** must be more than nano's 10,000" in reply.text()
    still = await harness.invoke("/tiers scheme")
    assert "Common four-tier cut" in still.embed["title"]


async def test_custom_with_a_word_for_a_number_names_the_option(harness: Harness) -> None:
    reply = await harness.invoke(
        "/tiers custom nano:1k micro:ten macro:500k mega:1M", actor=harness.admin
    )

    assert reply.ephemeral
    text = reply.text()
    assert "**micro** `ten`" in text
    assert "`micro:10k`" in text


async def test_custom_by_a_member_is_refused_before_the_values_are_read(harness: Harness) -> None:
    reply = await harness.invoke(
        "/tiers custom nano:1k micro:ten macro:500k mega:1M", actor=harness.member
    )

    assert reply.ephemeral
    assert "Manage Server" in reply.text()


async def test_custom_in_a_direct_message_is_refused(harness: Harness) -> None:
    reply = await harness.invoke(
        "/tiers custom nano:1k micro:10k macro:500k mega:1M", actor=harness.dm()
    )

    assert reply.ephemeral
    assert "works inside a server" in reply.text()


async def test_help_lists_the_tier_commands_under_tier_knowledge(harness: Harness) -> None:
    reply = await harness.invoke("/help")

    fields = {f["name"]: f["value"] for f in reply.embed["fields"]}
    assert "Tier knowledge" in fields
    for sub in ("overview", "define", "compare", "ask", "scheme", "custom"):
        assert f"`/tiers {sub}`" in fields["Tier knowledge"]


async def test_compare_with_a_tier_the_scheme_lacks_says_it_is_not_a_tier(
    harness: Harness,
) -> None:
    # The default scheme has no mid tier: the range line must say so in a sentence, not
    # print "mid no mid tier".
    description = (await harness.invoke("/tiers compare first:micro second:mid")).embed[
        "description"
    ]

    assert (
        "In this server's scheme, *Common four-tier cut*, there is no mid tier; "
        "micro is 10K–100K." in description
    )
    assert "mid no mid" not in description
    assert "scheme" not in description.split("*Common four-tier cut*")[1].split("\n")[0]


async def test_compare_gives_who_puts_nano_where_in_the_scheme_lists_words(
    harness: Harness,
) -> None:
    reply = await harness.invoke("/tiers compare first:nano second:mega")
    scheme_list = await harness.invoke("/tiers scheme")

    followers = next(str(f["value"]) for f in reply.embed["fields"] if f["name"] == "Followers")
    assert "under 1K in Low-cut fitness guide" in followers
    assert "**Low-cut fitness guide** (`fitness-guide`): nano under 1K · micro 1K–50K" in str(
        scheme_list.embed
    )
    assert "or fewer" not in str(reply.embed)
