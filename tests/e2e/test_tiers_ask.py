"""/tiers ask end to end: every example from issue 15 gets the right answer, computed where
the question has numbers, under the server's own scheme, or an honest "no answer"."""

from __future__ import annotations

import re

from bot.domain.ask import facts
from bot.domain.mix import DEFAULT_WEEKS
from bot.domain.platforms import Platform
from bot.domain.sources import FOOTNOTE_CHARS
from bot.domain.tier import Tier
from tests.e2e.conftest import Harness


def fields(embed: dict[str, object]) -> dict[str, str]:
    found = embed.get("fields") or []
    assert isinstance(found, list)
    return {str(f["name"]): str(f["value"]) for f in found}


def footer(embed: dict[str, object]) -> str:
    found = embed.get("footer") or {}
    assert isinstance(found, dict)
    return str(found.get("text", ""))


async def ask(harness: Harness, question: str) -> dict[str, object]:
    reply = await harness.invoke(f"/tiers ask question:{question}")
    assert not reply.ephemeral, reply.text()
    assert question[:40] in str(reply.embed["description"])  # the question is quoted
    assert footer(reply.embed).startswith("Sources: ")
    return reply.embed


async def test_fifty_k_in_an_industry_server_is_mid_not_micro_or_macro(harness: Harness) -> None:
    await harness.invoke("/tiers scheme name:industry", actor=harness.admin)

    embed = await ask(harness, "is 50k followers micro or macro")

    text = str(embed["description"])
    assert embed["title"] == "50K followers: Mid"
    assert (
        "**50K followers is mid** under this server's scheme, *Five-tier industry standard" in text
    )
    assert "So not micro or macro: micro is 10K–50K; macro is 500K–1M." in text
    assert "default scheme has no mid" not in text
    assert fields(embed)["Working"] == "50K falls in 50K–500K → mid in Five-tier industry standard."
    assert "/classify" in fields(embed)["More"]


async def test_fifty_k_in_a_default_server_is_micro(harness: Harness) -> None:
    embed = await ask(harness, "is 50k followers micro or macro")

    assert embed["title"] == "50K followers: Micro"
    assert "So not" not in str(embed["description"])


async def test_the_difference_between_micro_and_macro_despite_typos(harness: Harness) -> None:
    embed = await ask(harness, "whats the diffrence betwen micro and macro influencer")

    assert embed["title"] == "Micro vs Macro influencers"
    text = str(embed["description"])
    assert "**Micro:** 10K–100K followers" in text
    assert "**Macro:** 100K–1M followers" in text
    assert "/tiers compare first:micro second:macro" in fields(embed)["More"]


async def test_micro_creators_for_a_million_impressions_uses_the_mix_model(
    harness: Harness,
) -> None:
    embed = await ask(harness, "how many micro influencers do i need for 1 million impressions")

    assert embed["title"] == "How many micro creators to reach 1M impressions on Instagram"
    text = str(embed["description"])
    assert "**Micro:** 34 creators, 1 post each: 30,000 impressions a post" in text
    assert "Assumed Instagram" in text
    working = fields(embed)["Working"]
    assert "34 creators × 1 post × 30,000 impressions = 1,020,000 ≥ 1,000,000" in working
    assert "CPM" in working
    assert "/mix" in fields(embed)["More"]


async def test_two_percent_on_a_300k_account_is_judged_against_its_band(harness: Harness) -> None:
    embed = await ask(harness, "is 2% engagement good for 300k account")

    text = str(embed["description"])
    assert "**2% is above typical**" in text
    assert "100K–500K followers usually get 0.87–1.14% by followers" in text
    assert fields(embed)["Working"] == "2% vs 0.87–1.14% (100K–500K, Instagram) → above."
    assert "Modash" in footer(embed)


async def test_macro_engagement_on_tiktok_is_the_tiktok_band(harness: Harness) -> None:
    embed = await ask(harness, "how much engagement a macro influencer have on tiktok")

    assert embed["title"] == "Engagement of macro creators on TikTok"
    text = str(embed["description"])
    assert "by views" in text
    assert "$" not in text  # engagement, not prices


async def test_twitch_gets_the_twitch_answer(harness: Harness) -> None:
    embed = await ask(harness, "is twitch good for influencer marketing")

    assert embed["title"] == "Is Twitch good for influencer marketing?"
    assert "no published Twitch engagement benchmark" in str(embed["description"])


async def test_paying_per_post_or_per_performance_is_answered(harness: Harness) -> None:
    embed = await ask(harness, "should we pay creators per post or per performance")

    assert embed["title"] == "Per post or per performance: which to choose"
    assert "Instagram post prices" not in embed["title"]


async def test_hashtag_ad_gets_disclosure_guidance_not_prices(harness: Harness) -> None:
    embed = await ask(harness, "do i need #ad on instagram posts")

    assert embed["title"] == "Disclosing paid posts (#ad): the basics"
    assert "not legal advice" in str(embed["description"])
    assert "FTC" in footer(embed) and "ASA" in footer(embed)


async def test_the_bots_own_suggestion_is_answered_and_not_offered_again(
    harness: Harness,
) -> None:
    question = "What is a good engagement rate on YouTube?"
    embed = await ask(harness, question)

    assert embed["title"] == "YouTube engagement benchmarks"
    related = fields(embed).get("Related", "")
    assert question not in related
    assert "YouTube engagement benchmarks" not in related


async def test_a_tier_answer_reads_the_servers_scheme(harness: Harness) -> None:
    await harness.invoke("/tiers scheme name:industry", actor=harness.admin)

    embed = await ask(harness, "what is a mid tier influencer")

    assert embed["title"] == "Mid-tier influencers"
    assert fields(embed)["In this server"] == (
        "This server uses *Five-tier industry standard*: mid is 50K–500K followers."
    )


async def test_an_off_topic_question_gets_no_answer_and_three_suggestions(
    harness: Harness,
) -> None:
    reply = await harness.invoke("/tiers ask question:how do i reset my router")

    assert reply.ephemeral
    assert reply.embed["title"] == "No answer found"
    closest = fields(reply.embed)["Closest questions"].splitlines()
    assert len(closest) == 3
    suggestion = closest[0].removeprefix("• `").removesuffix("`")
    answered = await harness.invoke(f"/tiers ask question:{suggestion}")
    assert not answered.ephemeral


async def test_autocomplete_fills_in_computed_questions_from_what_was_typed(
    harness: Harness,
) -> None:
    suggestions = await harness.autocomplete("/tiers ask question:is 50k", focused="question")

    assert suggestions[0] == "is 50k followers micro or macro?"
    assert 1 <= len(suggestions) <= 25
    answered = await harness.invoke(f"/tiers ask question:{suggestions[0]}")
    assert answered.embed["title"] == "50K followers: Micro"


async def test_in_a_direct_message_the_default_scheme_answers(harness: Harness) -> None:
    reply = await harness.invoke(
        "/tiers ask question:is 75k followers micro or macro", actor=harness.dm()
    )

    assert reply.embed["title"] == "75K followers: Micro"
    text = str(reply.embed["description"])
    assert "under the default scheme (direct messages use it), *Common four-tier cut" in text
    assert "this server" not in text

    mid = await harness.invoke(
        "/tiers ask question:what is a mid tier influencer", actor=harness.dm()
    )
    assert fields(mid.embed)["In direct messages"].startswith(
        "Direct messages use the default scheme *Common four-tier cut"
    )


async def test_the_tier_of_a_tiktok_count_names_tiktok_in_the_classify_command(
    harness: Harness,
) -> None:
    embed = await ask(harness, "what tier is 250k on tiktok")

    assert embed["title"] == "250K followers: Macro"
    assert "`/classify followers:250k platform:tiktok`" in fields(embed)["More"]
    classify = await harness.invoke("/classify followers:250k platform:tiktok")
    assert "**Macro**" in str(classify.embed["description"])


async def test_a_people_target_is_planned_in_people(harness: Harness) -> None:
    embed = await ask(harness, "how many micro creators to reach 400k people on instagram")

    assert embed["title"] == "How many micro creators to reach 400K people on Instagram"
    assert "people ≥ 400K" in fields(embed)["Working"]


async def test_an_everyday_question_sharing_a_word_is_refused(harness: Harness) -> None:
    reply = await harness.invoke("/tiers ask question:how do i end my broadband contract early")

    assert reply.ephemeral
    assert reply.embed["title"] == "No answer found"


async def test_how_long_a_campaign_runs_is_answered_with_mixs_assumptions(
    harness: Harness,
) -> None:
    embed = await ask(harness, "how long should a campaign run")

    assert embed["title"] == "How long a campaign runs and how often creators post"
    text = str(embed["description"])
    assert "No source Tierbot uses publishes an ideal campaign length" in text
    assert f"**Length:** {DEFAULT_WEEKS} weeks unless you set `weeks:`" in text
    assert "our assumptions, not published figures" in text
    assert "Measuring success" not in str(embed["title"])
    assert "Sprout Social, 2025" in footer(embed)


async def test_the_mega_tiktok_price_in_ask_is_the_one_mix_books(harness: Harness) -> None:
    embed = await ask(harness, "how much does a mega influencer cost on tiktok")
    stated = re.search(r"\*\*\$([\d,]+) a post\*\*", str(embed["description"]))
    assert stated, embed["description"]

    mix = await harness.invoke("/mix goal:awareness budget:200000 platform:tiktok")
    rows = re.search(r"```\n(.*?)\n```", str(mix.embed["description"]), re.S)
    assert rows
    mega = next(line for line in rows.group(1).splitlines() if line.startswith("mega "))
    creators = int(re.search(r"mega\s+(\d+) × 1\b", mega).group(1))  # type: ignore[union-attr]
    spend = int(mega.split()[-3].replace(",", ""))  # the row's Cost USD column
    per_post = spend / creators - facts.coordination_per_creator()
    assert int(stated.group(1).replace(",", "")) == per_post


async def test_a_launch_budget_question_is_answered_for_a_launch(harness: Harness) -> None:
    embed = await ask(harness, "which tier should we use for a product launch with a $20k budget?")

    text = str(embed["description"])
    assert embed["title"] == "Which tiers for a launch with $20,000 on Instagram"
    assert "**For a launch with $20,000 on Instagram, open with " in text
    assert "in week 1 for instant attention, then " in text
    assert "`/mix goal:launch budget:20000 platform:instagram`" in fields(embed)["More"]
    assert "goal:awareness" not in str(embed)


async def test_why_nano_edges_differ_gets_who_says_what(harness: Harness) -> None:
    embed = await ask(
        harness, "why do some agencies say nano is under 1k followers and others under 10k?"
    )

    text = str(embed["description"])
    assert embed["title"] == "Why tier definitions differ"
    assert "under 1K in a fitness guide" in text
    assert "under 10K for Later x Fohr (2021) and Iconosquare (2020)" in text
    assert "1K followers is nano" not in text
    # The body names every publisher; the footer stays a footnote, not a bibliography.
    assert len(footer(embed)) <= len("Sources: ") + FOOTNOTE_CHARS
    assert footer(embed).endswith(" more")


async def test_a_worked_answer_on_many_sources_keeps_its_footer_a_footnote(
    harness: Harness,
) -> None:
    embed = await ask(harness, "what's the difference between mid and macro?")

    assert embed["title"] == "Mid vs Macro influencers"
    assert len(footer(embed)) <= len("Sources: ") + FOOTNOTE_CHARS
    assert footer(embed).startswith("Sources: Hootsuite, 2024;")


def reply_text(embed: dict[str, object]) -> str:
    return "\n".join(
        [str(embed.get("title", "")), str(embed["description"]), *fields(embed).values()]
    )


async def test_app_installs_on_tiktok_get_the_tier_for_goal_answer(harness: Harness) -> None:
    embed = await ask(harness, "which tier works best for driving app installs on tiktok?")

    assert embed["title"] == "Which tier for conversions"
    assert (
        "**For conversions on TikTok, it depends on the budget: micro creators up to $150,000"
        in str(embed["description"])
    )
    assert "Related" not in fields(embed)


async def test_one_mega_or_twenty_micro_gets_a_verdict_with_numbers(harness: Harness) -> None:
    embed = await ask(
        harness, "is it better to book one mega creator or twenty micro creators for $50k?"
    )

    text = reply_text(embed)
    assert embed["title"] == "One mega creator or 20 micro creators on Instagram"
    assert "**One mega creator wins on reach and engagements; 20 micro creators cost less.**" in (
        text
    )
    assert "people reached" in text and "per engagement" in text
    assert "So within $50,000, 20 micro creators are the option that fits" in text
    more = fields(embed)["More"]
    assert "`/mix goal:awareness budget:50k platform:instagram`" in more

    # The suggested command runs and books what the answer says.
    booked = re.search(r"books (.*?) \(\$([\d,]+)\)", more)
    assert booked, more
    mix = await harness.invoke("/mix goal:awareness budget:50k platform:instagram")
    assert not mix.ephemeral, mix.text()
    assert f"${booked[2]}" in str(mix.embed["description"])


async def test_a_fair_cpm_for_mid_tier_youtube_is_a_cpm_answer_about_mid(harness: Harness) -> None:
    embed = await ask(harness, "what's a fair cpm for mid-tier youtube creators?")

    text = str(embed["description"])
    assert embed["title"] == "A fair CPM for mid creators on YouTube"
    assert "**A fair CPM on YouTube is about $10–$30 per 1,000 views" in text
    assert "none of the sources gives a separate CPM by tier" in text
    assert "A mid creator (50K–500K subscribers) charges $1,000–$10,000 a post" in text
    assert "33.3K–100K views at $1,000 and 333K–1M at $10,000" in text


async def test_a_campaign_length_answer_suggests_a_mix_that_runs(harness: Harness) -> None:
    embed = await ask(harness, "is 6 weeks long enough for a tiktok awareness campaign?")

    suggested = re.findall(r"`(/mix [^`]+)`", str(embed["description"]))
    assert suggested, embed["description"]
    for command in suggested:
        assert "budget:" in command
        reply = await harness.invoke(command)
        assert not reply.ephemeral, reply.text()


async def test_a_youtube_size_is_said_in_subscribers(harness: Harness) -> None:
    embed = await ask(harness, "is 800k subscribers macro or mega on youtube?")

    assert embed["title"] == "800K subscribers: Macro"
    assert "**800K subscribers is macro**" in str(embed["description"])
    assert "followers" not in str(embed["description"])


async def test_a_reach_target_explains_its_figures_without_naming_commands(
    harness: Harness,
) -> None:
    embed = await ask(
        harness, "how many micro creators would we need to reach 2 million people on tiktok?"
    )

    text = reply_text(embed)
    for phrase in ("as /mix does", "least round budget", "/mix's", "/mix plans"):
        assert phrase not in text, phrase
    assert fields(embed)["More"].startswith("A mix of tiers reaches 2M people for $")


async def test_a_million_views_names_the_cheapest_tier_before_offering_a_dearer_mix(
    harness: Harness,
) -> None:
    embed = await ask(
        harness, "how many creators do we need to reach 1 million views on instagram?"
    )

    text = str(embed["description"])
    assert "**Micro:** 34 creators" in text and "About $15.3K in all" in text
    more = fields(embed)["More"]
    assert more.startswith(
        "Micro and macro alone are the cheapest routes listed (about $15.3K each). "
        "For a mix of tiers instead,"
    ), more
    assert "A mix of tiers reaches 1M impressions for $16,000" not in more


async def test_two_videos_by_a_mid_tiktok_creator_are_priced_and_the_missing_tier_said(
    harness: Harness,
) -> None:
    embed = await ask(
        harness, "what should we budget for a mid-tier tiktok creator doing two videos?"
    )

    text = str(embed["description"])
    assert embed["title"] == "Cost of 2 posts from mid creators on TikTok"
    assert "2 posts: $250–$2,500." in text
    assert "This server's scheme has no mid tier, so Five-tier industry standard's range" in text
    assert fields(embed)["Working"] == "2 × $125–$1,250 = $250–$2,500."


async def test_where_macro_starts_is_answered_for_macro_not_only_nano_and_micro(
    harness: Harness,
) -> None:
    embed = await ask(harness, "why do different sources disagree on where macro starts?")

    text = str(embed["description"])
    assert embed["title"] == "Why tier definitions differ"
    assert (
        "**Macro starts at 100K in Common four-tier cut and Iconosquare, at 250K in impact.com "
        "and Duel glossary, and at 500K in Five-tier industry standard and Later x Fohr" in text
    )
    # The answer about macro comes before the general text about nano and micro.
    assert text.index("Macro starts") < text.index("**Nano:**")


async def test_best_tier_for_awareness_on_youtube_names_youtube_and_the_missing_mid_tier(
    harness: Harness,
) -> None:
    embed = await ask(
        harness, "which influencer tier is best for building brand awareness on youtube?"
    )

    lead = str(embed["description"]).split("\n\n")[1]
    assert lead.startswith(
        "**For awareness on YouTube, it depends on the budget: micro creators up to $20,000"
    ), lead
    assert "on YouTube" in lead and " mid " not in lead  # the scheme has no mid tier


async def test_how_many_micro_creators_for_20k_replies_with_a_count_of_creators(
    harness: Harness,
) -> None:
    embed = await ask(harness, "how many micro influencers can i get for $20k")

    assert embed["title"] == "How many micro creators $20,000 books on Instagram"
    description = str(embed["description"])
    count = re.search(r"\*\*about (\d+) micro creators\*\*", description)
    assert count is not None, description
    econ = facts.tier_plan_figures(Tier.MICRO, Platform.INSTAGRAM)
    each = econ.planning_price + facts.coordination_per_creator()
    assert int(count.group(1)) == int(20_000 // each)  # 44 × $450 = $19,800
    assert f"{count.group(1)} × ($300 + $150) = $19,800" in fields(embed)["Working"]


async def test_local_bakery_gets_three_lines_with_no_unrelated_entries(harness: Harness) -> None:
    embed = await ask(harness, "what tier should I use for a local bakery opening next month")

    description = str(embed["description"])
    answer = description.split("\n\n", 1)[1]
    assert answer.startswith(
        "**For a local campaign on Instagram, it depends on the budget: nano creators up to $50,000"
    )
    # The pick, the budgets the plans cover, the platform assumed and how to change it.
    assert len(answer.splitlines()) == 3
    assert "Related" not in fields(embed) and "mid" not in answer


async def test_is_nano_worth_it_is_answered_not_refused(harness: Harness) -> None:
    embed = await ask(harness, "is nano worth it or just a waste of time")

    assert embed["title"] == "Are nano creators worth it?"
    assert "**Yes, for the right job" in str(embed["description"])


async def test_macro_on_youtube_vs_instagram_gives_both_and_a_verdict(harness: Harness) -> None:
    embed = await ask(harness, "should we pay macro creators on youtube more than on instagram")

    description = str(embed["description"])
    assert "**Yes: macro creators charge about twice as much on YouTube as on Instagram**" in (
        description
    )
    assert "• **YouTube:**" in description and "• **Instagram:**" in description
