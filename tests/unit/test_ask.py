"""/tiers ask: parsing numbers, computed answers from the /classify and /mix resolvers,
retrieval that refuses honestly, autocomplete, and the measured question set."""

from __future__ import annotations

import math
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.ask_accuracy import ANSWERED_TARGET, REFUSED_TARGET, score
from bot.domain import ask, knowledge
from bot.domain.ask import compute, facts
from bot.domain.ask.parse import parse
from bot.domain.ask.suggest import computed_questions
from bot.domain.creator_report import build_creator_report
from bot.domain.creator_size import (
    fee_at_size,
    open_ended_rule,
    priced_platforms,
    rate_card_rows,
    resolve_size,
    resolve_tier,
)
from bot.domain.metrics import CreatorStats
from bot.domain.mix import (
    DEFAULT_WEEKS,
    Goal,
    MixPlan,
    MixRequest,
    Phase,
    minimum_budget,
    plan_mix,
)
from bot.domain.mix.model import tier_economics
from bot.domain.mix.planner import sponsored_per_week
from bot.domain.numbers import (
    format_count,
    format_money,
    format_percent_range,
    parse_count,
    parse_money,
)
from bot.domain.platforms import Platform
from bot.domain.tier import ALL_TIERS, Tier
from bot.domain.tiers import TierScheme, default_scheme, get_scheme
from bot.render.knowledge import answer_embed
from tests.questions.held_out import (
    HELD_OUT,
    HELD_OUT_B,
    HELD_OUT_B_OFF_TOPIC,
    HELD_OUT_OFF_TOPIC,
)
from tests.questions.held_out_c import HELD_OUT_C, HELD_OUT_C_OFF_TOPIC
from tests.questions.tuned import OFF_TOPIC, TUNED

INDUSTRY = get_scheme("industry")
SEED = default_scheme()


# -- the question set ---


def test_the_question_set_is_big_enough() -> None:
    assert len(TUNED) >= 150
    assert len(OFF_TOPIC) >= 30
    assert len(HELD_OUT) >= 40
    questions = [q.casefold() for q, _ in TUNED + HELD_OUT]
    assert len(set(questions)) == len(questions), "a question is listed twice"
    ids = {entry.id for entry in knowledge.entries()}
    for _, expected in TUNED + HELD_OUT:
        for answer in expected:
            assert answer in ids or answer.startswith("compute:") or answer == "none", answer


def test_the_tuned_part_meets_the_targets() -> None:
    result = score("tuned", TUNED, OFF_TOPIC)
    report = result.summary() + "\n" + "\n".join(result.misses)
    print(report)
    assert result.accuracy >= ANSWERED_TARGET, report
    assert result.refusal >= REFUSED_TARGET, report


# The held-out parts are measured, never tuned on; their figures are reported as they are
# (python -m bench.ask_accuracy). Parts A and B must meet the targets; part C's floor
# only catches a regression below its measurement.
@pytest.mark.parametrize(
    ("name", "questions", "off_topic", "right_floor", "refused_floor"),
    [
        ("held-out A", HELD_OUT, HELD_OUT_OFF_TOPIC, ANSWERED_TARGET, REFUSED_TARGET),
        ("held-out B", HELD_OUT_B, HELD_OUT_B_OFF_TOPIC, ANSWERED_TARGET, REFUSED_TARGET),
        # Part C was written in the follow-up session, before its retrieval fix, to check that
        # fix for overfitting: 75% right and 60% refused before it.
        ("held-out C", HELD_OUT_C, HELD_OUT_C_OFF_TOPIC, 0.75, REFUSED_TARGET),
    ],
)
def test_the_held_out_parts_do_not_regress(
    name: str,
    questions: list[tuple[str, tuple[str, ...]]],
    off_topic: list[str],
    right_floor: float,
    refused_floor: float,
) -> None:
    result = score(name, questions, off_topic)
    report = result.summary() + "\n" + "\n".join(result.misses)
    print(report)
    assert result.accuracy >= right_floor, report
    assert result.refusal >= refused_floor, report


# -- parsing ---


@pytest.mark.parametrize(
    ("question", "kind", "value"),
    [
        ("is 50k followers micro or macro", "followers", 50_000),
        ("what tier is 1.2M subs", "followers", 1_200_000),
        ("an account with 40,000 followers", "followers", 40_000),
        ("is 2% engagement good", "percent", 0.02),
        ("is 4.5 percent ER good", "percent", 0.045),
        ("what can i get for $5,000", "money", 5_000),
        ("a budget of 20k", "money", 20_000),
        ("1 million impressions", "reach", 1_000_000),
        ("how many creators to reach 300k people", "reach", 300_000),
        ("5 micro posts", "posts", 5),
        ("20 micro influencer posts", "posts", 20),
        ("3 influencers", "creators", 3),
        ("creators to post 3x, micro on youtube", "posts", 3),
        ("a micro posting 4 times on tiktok", "posts", 4),
    ],
)
def test_numbers_are_read_with_what_they_count(question: str, kind: str, value: float) -> None:
    assert parse(question).first(kind) == pytest.approx(value)


def test_typos_and_spellings_of_key_words_are_fixed() -> None:
    parsed = parse("is 8% enagement good for a mirco on tik tok")
    assert parsed.platform is Platform.TIKTOK
    assert parsed.tiers == (Tier.MICRO,)
    assert parsed.has("engagement")


def test_names_with_digits_are_not_numbers() -> None:
    assert parse("what does captiv8 say about tiktok").quantities == ()


# -- computed answers use the same resolvers as /classify and /mix ---------------------------------


@pytest.mark.parametrize(
    "followers", [500, 1_000, 9_999, 12_000, 50_000, 250_000, 999_999, 3_000_000]
)
@pytest.mark.parametrize("scheme_id", ["four-tier", "industry", "later-fohr"])
def test_tier_and_price_agree_with_classify(followers: int, scheme_id: str) -> None:
    scheme = get_scheme(scheme_id)
    report = build_creator_report(Platform.INSTAGRAM, CreatorStats(followers=followers), scheme)
    tier_answer = compute.tier_of(followers, scheme)
    price_answer = compute.size_cost(followers, Platform.INSTAGRAM, scheme)
    placed = report.placement.tier.value if report.placement.tier else report.placement.label
    assert f"is {placed}**" in tier_answer.body
    # The price comes from the one size resolver (issue 13) that /classify reads too.
    size = resolve_size(Platform.INSTAGRAM, followers, scheme)
    if size.price is None:
        assert size.price_gap is not None
        assert size.price_gap in price_answer.body
    else:
        assert f"${size.price.low:,.0f}" in price_answer.body
        assert size.price.size_label in price_answer.body


def test_fifty_thousand_is_mid_in_industry_and_micro_in_the_default() -> None:
    industry = compute.tier_of(50_000, INDUSTRY, (Tier.MICRO, Tier.MACRO))
    assert "**50K followers is mid**" in industry.body
    assert "not micro or macro: micro is 10K–50K; macro is 500K–1M" in industry.body
    assert "Five-tier industry standard" in industry.body
    assert "`/classify" in industry.next_step
    seed = compute.tier_of(50_000, SEED, (Tier.MICRO, Tier.MACRO))
    assert "**50K followers is micro**" in seed.body
    assert "So not" not in seed.body


def test_engagement_is_judged_against_the_band_classify_uses() -> None:
    found = compute.engagement_check(0.02, 300_000, None, INDUSTRY)
    assert "**2% is above typical**" in found.body
    assert "0.87–1.14%" in found.body  # Modash, 100K–500K on Instagram
    assert "Assumed Instagram" in found.body
    report = build_creator_report(
        Platform.INSTAGRAM, CreatorStats(followers=300_000, likes=6_000, comments=0), INDUSTRY
    )
    assert report.assessment.comparison == "above"
    low = compute.engagement_check(0.001, 300_000, Platform.INSTAGRAM, INDUSTRY)
    assert "below typical" in low.body


@pytest.mark.parametrize(
    ("followers", "platform"),
    [
        (25_000, Platform.INSTAGRAM),
        (120_000, Platform.TIKTOK),
        (45_000, Platform.YOUTUBE),
        (2_000_000, Platform.INSTAGRAM),
    ],
)
def test_a_sizes_engagement_is_the_band_classify_shows(followers: int, platform: Platform) -> None:
    found = ask.answer(f"what engagement should a {followers} {platform.value} account get", SEED)
    assert isinstance(found, ask.Computed) and found.kind == "size-engagement", found
    band = resolve_size(platform, followers, SEED).benchmark
    assert band is not None
    shown = f"{band.low * 100:.2f}".rstrip("0").rstrip(".")
    assert f"{shown}–" in found.body and band.size_label in found.body
    assert found.working.endswith(f"({platform.label}).")
    assert f"platform:{platform.value}`" in found.next_step


def test_a_sizes_engagement_without_a_band_gives_no_number() -> None:
    found = compute.size_engagement(50_000, Platform.TWITCH, SEED)
    assert "I won't give a number" in found.body
    assert "%" not in found.body


@pytest.mark.parametrize(
    "question", ["is 80k followers micro or mid tier", "what tier is 45k on youtube"]
)
def test_the_suggested_classify_command_names_a_platform(question: str) -> None:
    # /classify needs a platform: a command without one fails as typed.
    found = ask.answer(question, SEED)
    assert isinstance(found, ask.Computed)
    assert re.search(r"`/classify followers:\S+ platform:[a-z]+`", found.next_step)


def test_a_people_target_counts_people_not_impressions() -> None:
    found = ask.answer("how many micro creators to reach 400k people on instagram", SEED)
    assert isinstance(found, ask.Computed)
    assert "400K people" in found.title
    numbers = re.search(
        r"(\d+) creators?, (\d) posts?.*reaching about ([\d.]+)K different", found.body
    )
    assert numbers is not None, found.body
    creators, posts, people = int(numbers[1]), int(numbers[2]), float(numbers[3]) * 1000
    assert people >= 400_000
    per_post_text = re.search(r"([\d,]+) impressions a post", found.body)
    assert per_post_text is not None
    per_post = int(per_post_text[1].replace(",", ""))
    fewer = compute._people_reached(per_post, creators - 1, posts)
    assert fewer < 400_000  # the fewest creators that get there
    impressions = ask.answer("how many micro creators for 400k impressions on instagram", SEED)
    assert isinstance(impressions, ask.Computed)
    assert "400K impressions" in impressions.title


def test_ppl_is_people() -> None:
    found = ask.answer("how many creators do we need to reach 500k ppl", SEED)
    assert isinstance(found, ask.Computed)
    assert "500K people" in found.title


def test_a_people_target_past_what_overlap_allows_is_said_plainly() -> None:
    found = ask.answer("how many nano influencers to reach 50m people on instagram", SEED)
    assert isinstance(found, ask.Computed)
    assert "out of reach for nano creators alone: even 500 creators" in found.body
    assert "< 50M" in found.working
    assert "`how many creators to reach 50m people`" in found.body
    assert isinstance(ask.answer("how many creators to reach 50m people", SEED), ask.Computed)


def test_many_nano_creators_reach_about_as_many_people_as_they_add() -> None:
    # Nano audiences barely overlap: 500K people take about 500K ÷ 5,500 nano creators.
    found = ask.answer("how many nano influencers to reach 500k people on instagram", SEED)
    assert isinstance(found, ask.Computed)
    shown = re.search(r"(\d+) creators, 1 post each: ([\d,]+) impressions a post", found.body)
    assert shown is not None, found.body
    creators, per_post = int(shown.group(1)), int(shown.group(2).replace(",", ""))
    assert facts.people_reached(per_post, creators, 1) >= 500_000
    assert facts.people_reached(per_post, creators - 1, 1) < 500_000
    assert creators <= math.ceil(500_000 / per_post * 1.01)


def test_a_rate_for_a_tier_is_judged_against_the_tiers_bands() -> None:
    found = ask.answer("is 2% ER good for a nano on instagram", INDUSTRY)
    assert isinstance(found, ask.Computed) and found.kind == "engagement-check"
    span = resolve_tier(Platform.INSTAGRAM, Tier.NANO, INDUSTRY)
    assert span is not None and span.benchmark is not None
    low, high = span.benchmark.low, span.benchmark.high
    verdict = "below" if low > 0.02 else "above" if high < 0.02 else "within"
    assert f"**2% is {verdict}**" in found.body
    assert found.working.endswith(f"→ {verdict}.")
    assert "1K–10K" in found.body  # the tier's sizes in this server's scheme
    far = ask.answer("is 40% engagement good for a micro", INDUSTRY)
    assert isinstance(far, ask.Computed) and "**40% is far above**" in far.body
    assert "engagement pods" in far.body


def test_a_tiers_price_without_a_count_is_one_post_at_the_servers_sizes() -> None:
    found = ask.answer("what does a mid tier influencer cost on instagram", INDUSTRY)
    assert isinstance(found, ask.Computed) and found.kind == "posts-cost"
    assert found.title == "Cost of a post from mid creators on Instagram"
    assert "(50K–500K followers)" in found.body
    size = resolve_tier(Platform.INSTAGRAM, Tier.MID, INDUSTRY)
    assert size is not None and size.price is not None
    assert f"${size.price.low:,.0f}" in found.body
    assert "1 post:" not in found.body  # one post is not summed
    deal = ask.answer("should we pay micro creators commission", INDUSTRY)
    assert not isinstance(deal, ask.Computed)


def test_a_rate_far_above_the_band_is_not_simply_called_good() -> None:
    found = ask.answer("is 12% engagement suspicious for a 40k account", SEED)
    assert isinstance(found, ask.Computed)
    assert "**12% is far above typical**" in found.body
    assert "which is good" not in found.body
    assert "engagement pods" in found.body
    assert found.working.endswith("→ far above (over 3× the top).")
    fair = ask.answer("is 1.5% engagement good for 40k followers", SEED)
    assert isinstance(fair, ask.Computed) and "which is good" in fair.body


def test_engagement_without_a_published_band_is_admitted() -> None:
    found = compute.engagement_check(0.02, 50_000, Platform.TWITCH, SEED)
    assert "can't say" in found.body
    assert "no published engagement benchmark for Twitch" in found.body
    assert "%" not in found.working.replace("2%", "")


FOUR_TIER = default_scheme()


def _money_range(low: float, high: float | None) -> str:
    return f"${low:,.0f}+" if high is None else f"${low:,.0f}–${high:,.0f}"


@pytest.mark.parametrize("followers", [10_000, 30_000, 49_999, 50_000, 75_000, 99_999])
def test_posts_cost_quotes_what_classify_quotes_at_every_size_of_the_tier(
    followers: int,
) -> None:
    # "5 micro posts on TikTok" once said $25–$125 a post while /classify of a 50K TikTok
    # creator said $125–$1,250: every size in the tier must find its /classify price.
    found = compute.posts_cost(Tier.MICRO, 5, Platform.TIKTOK, FOUR_TIER)
    price = resolve_size(Platform.TIKTOK, followers, FOUR_TIER).price
    assert price is not None
    assert _money_range(price.low, price.high) in found.body
    assert "micro creator (10K–100K followers)" in found.body


def test_posts_cost_states_each_size_and_multiplies_the_span() -> None:
    found = compute.posts_cost(Tier.MICRO, 5, Platform.TIKTOK, FOUR_TIER)
    assert "$25–$125 a post at 10K–50K followers, $125–$1,250 at 50K–100K" in found.body
    assert "$125–$1,250 at 50K–100K. 5 posts: $125–$6,250.**" in found.body
    assert found.working == "5 × $25–$1,250 = $125–$6,250."
    # One row for the whole tier: the sentence still ends before the total.
    one_row = ask.answer("how much for 3 micro posts on youtube", INDUSTRY)
    assert isinstance(one_row, ask.Computed)
    assert "$200–$1,000 a post. 3 posts: $600–$3,000.**" in one_row.body


def test_creators_for_reach_working_multiplies_out_to_the_target() -> None:
    found = compute.creators_for_reach(1_000_000, (Tier.MICRO,), None, SEED)
    numbers = re.search(
        r"([\d,]+) creators? × (\d+) posts? × ([\d,]+) impressions = ([\d,]+) ≥ ([\d,]+)",
        found.working,
    )
    assert numbers is not None, found.working
    creators, posts, per_post, total, target = (int(n.replace(",", "")) for n in numbers.groups())
    assert creators * posts * per_post == total
    assert target == 1_000_000 and total >= target
    assert (creators - 1) * posts * per_post < target  # the fewest creators that get there
    line = found.body.splitlines()[0]
    assert f"{creators} creators, " in line and f"{per_post:,} impressions a post" in line
    # The same figure /mix plans with, to two significant figures.
    econ = tier_economics(Tier.MICRO, Platform.INSTAGRAM)
    assert abs(per_post - econ.impressions_per_post) <= econ.impressions_per_post * 0.05
    assert "/mix" in found.next_step


def test_creators_for_reach_keeps_impressions_and_people_apart() -> None:
    found = compute.creators_for_reach(1_000_000, (Tier.MICRO,), None, SEED)
    assert "counts impressions as people reached" not in found.body
    shown = re.search(
        r"(\d+) creators?, (\d+) posts? each: ([\d,]+) impressions a post.*?reaching about "
        r"(\S+) different people",
        found.body,
    )
    assert shown is not None, found.body
    creators, posts = int(shown.group(1)), int(shown.group(2))
    per_post = int(shown.group(3).replace(",", ""))
    # People come from /mix's one reach model, and overlapping audiences never add people.
    people = facts.people_reached(per_post, creators, posts)
    assert shown.group(4) == format_count(round(people))
    assert people < creators * posts * per_post


def test_an_unreachable_target_is_said_plainly() -> None:
    found = compute.creators_for_reach(500_000_000, (Tier.NANO,), Platform.INSTAGRAM, SEED)
    assert "out of reach for nano creators alone" in found.body


def test_budget_buys_the_tiers_own_sizes() -> None:
    found = compute.budget_buys(5_000, (Tier.MICRO,), Platform.INSTAGRAM, FOUR_TIER)
    assert "**Micro (10K–100K):** 1–50 posts at $100–$5,000 each" in found.body
    everything = compute.budget_buys(5_000, (), Platform.INSTAGRAM, FOUR_TIER)
    assert "**Mega (1M+):** not enough for one post" in everything.body
    assert "/mix goal:awareness budget:5000" in everything.next_step


def test_budget_buys_agrees_with_classify_of_a_300k_macro_creator() -> None:
    found = compute.budget_buys(5_000, (Tier.MACRO,), Platform.INSTAGRAM, FOUR_TIER)
    price = resolve_size(Platform.INSTAGRAM, 300_000, FOUR_TIER).price
    assert price is not None
    assert f"{_money_range(price.low, price.high)} a post at 100K–500K" in found.body
    # Not "up to 1 post": what each end of the rate card buys.
    assert "**Macro (100K–1M):** 10 posts at $500, none at $10,000 (rate card" in found.body
    assert "up to" not in found.body


def test_comparison_reads_the_servers_ranges() -> None:
    found = compute.compare(Tier.MACRO, Tier.MICRO, INDUSTRY)
    assert found.title == "Micro vs Macro influencers"
    assert "**Micro:** 10K–50K followers" in found.body
    assert "**Macro:** 500K–1M followers" in found.body
    assert "seed" not in found.body.lower()


# -- retrieval ---


def test_no_answer_offers_three_questions_that_are_answered() -> None:
    found = ask.answer("how do i reset my router", SEED)
    assert isinstance(found, ask.NoAnswer)
    assert len(found.suggestions) == 3
    for suggestion in found.suggestions:
        assert not isinstance(ask.answer(suggestion, SEED), ask.NoAnswer)


def test_an_answer_never_lists_itself_or_the_question_under_related() -> None:
    question = "What is a good engagement rate on YouTube?"
    found = ask.answer(question, SEED)
    assert isinstance(found, ask.EntryAnswer)
    assert found.entry.id == "benchmark-youtube"
    assert found.entry.id not in {entry.id for entry in found.related}
    for entry in found.related:
        assert question not in entry.questions


def test_no_answer_in_the_question_set_lists_itself_under_related() -> None:
    for question, _ in TUNED + HELD_OUT + HELD_OUT_B + HELD_OUT_C:
        found = ask.answer(question, SEED)
        if not isinstance(found, ask.EntryAnswer):
            continue
        related = [entry.id for entry in found.related]
        assert found.entry.id not in related, question
        assert len(set(related)) == len(related), question
        assert all(question not in entry.questions for entry in found.related), question


@pytest.mark.parametrize(
    "question",
    [
        "what's my credit card interest rate",
        "the final score was three to one",
        "how much should a wedding cost",
        "how do i end my broadband contract early",
        "a brief history of rome",
        "track and field results",
        "how many people live in london",
        "post office opening hours",
        "how do i download youtube videos",
        "my tiktok app keeps crashing",
        "what is a kol",  # only generic words: suggestions, not a guess
        "1 creator",
    ],
)
def test_a_shared_everyday_word_does_not_carry_an_answer(question: str) -> None:
    assert isinstance(ask.answer(question, SEED), ask.NoAnswer)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("bots", "quality-fake-followers"),
        ("contract", "contract-essentials"),
        ("reach or engagement which matters", "reach-vs-engagement"),
        ("how does paying per post work", "pay-per-post"),
        ("how do we prove it worked", "measure-by-goal"),
        ("is twitch good for a snack brand", "platform-twitch"),
        ("can we repost a creator's tiktok on our instagram", "usage-rights"),
    ],
)
def test_the_knowledge_bases_own_words_are_answered_without_a_trade_word(
    question: str, expected: str
) -> None:
    found = ask.answer(question, SEED)
    assert isinstance(found, ask.EntryAnswer), question
    assert found.entry.id == expected


@pytest.mark.parametrize(
    "question",
    [
        "tiktok or youtube for a gaming brand",
        "should we pick instagram or twitch",
        "twitter vs tiktok",
    ],
)
def test_a_choice_between_platforms_gets_the_platform_choice(question: str) -> None:
    found = ask.answer(question, SEED)
    assert isinstance(found, ask.EntryAnswer)
    assert found.entry.id == "platform-choose"
    assert "platform-choose" not in {entry.id for entry in found.related}


def test_a_named_platform_narrows_a_general_answer() -> None:
    found = ask.answer("whats a good engagement rate on tiktok", SEED)
    assert isinstance(found, ask.EntryAnswer)
    assert found.entry.id.startswith("benchmark-tiktok")
    general = ask.answer("whats a good engagement rate", SEED)
    assert isinstance(general, ask.EntryAnswer)
    assert general.entry.id == "benchmark-good-er"


# -- autocomplete ---


@pytest.mark.parametrize("scheme", [SEED, INDUSTRY], ids=["default", "industry"])
def test_every_example_question_is_answered_by_its_own_entry(scheme: TierScheme) -> None:
    # Autocomplete offers these: each must get the answer it promises, even with a number
    # in it ("Why does one source call 1K followers micro?" asks why, not which tier).
    for entry in knowledge.entries():
        for question in entry.questions:
            found = ask.answer(question, scheme)
            assert isinstance(found, ask.EntryAnswer), question
            assert found.entry.id == entry.id, question


def test_typed_numbers_become_computed_suggestions() -> None:
    suggestions = ask.suggest("is 50k")
    assert suggestions[0] == "is 50k followers micro or macro?"
    assert len(suggestions) <= 25
    assert all(len(s) <= 100 for s in suggestions)


def test_computed_suggestions_use_the_right_article_and_say_people_when_typed() -> None:
    assert "how much does an 80k creator charge on Instagram?" in ask.suggest("80k")
    assert "what engagement should an 80k account get on Instagram?" in ask.suggest("80k")
    assert "how much does a 50k creator charge on Instagram?" in ask.suggest("50k")
    assert ask.suggest("$8000")[0] == "what does an $8K budget buy?"
    people = ask.suggest("reach 300k people")[0]
    assert people == "how many micro influencers to reach 300k people?"
    found = ask.answer(people, SEED)
    assert isinstance(found, ask.Computed) and "300K people" in found.title


@pytest.mark.parametrize(
    "typed",
    [
        "50k",
        "reach 300k people",
        "is 2% engagement good for 300k",
        "$5000",
        "1m impressions",
        "5 micro posts",
        "how many micro",
        "how much do nano",
        "macro engagement on tiktok",
    ],
)
def test_every_computed_suggestion_is_computed(typed: str) -> None:
    computed = computed_questions(typed)
    assert computed
    assert ask.suggest(typed)[: len(computed)] == computed  # offered first
    for suggestion in computed:
        assert isinstance(ask.answer(suggestion, SEED), ask.Computed), suggestion


@pytest.mark.parametrize("typed", ["", "how mu", "disclo", "whitel", "fake", "twitch"])
def test_every_suggestion_has_an_answer(typed: str) -> None:
    for suggestion in ask.suggest(typed):
        assert not isinstance(ask.answer(suggestion, INDUSTRY), ask.NoAnswer), suggestion


def test_a_budget_in_euros_is_shown_in_euros_and_the_dollar_cards_are_said() -> None:
    found = ask.answer("what can we get for €10k on tiktok", SEED)
    assert isinstance(found, ask.Computed)
    assert found.title == "What €10,000 buys on TikTok"
    assert "Rate cards are in US dollars" in found.body
    assert "budget:10000 EUR" in found.next_step


def test_a_count_in_a_schemes_gap_is_said_in_plain_words() -> None:
    found = compute.tier_of(200_000, get_scheme("fitness-guide"))
    assert "**200K followers is in no tier (this scheme skips 50K–1M)**" in found.body
    assert "unnamed" not in found.body


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_an_answer_or_an_honest_refusal(text: str) -> None:
    found = ask.answer(text, INDUSTRY)
    assert isinstance(found, ask.Computed | ask.EntryAnswer | ask.NoAnswer)
    suggestions = ask.suggest(text)
    assert len(suggestions) <= 25
    assert all(0 < len(s) <= 100 for s in suggestions)


@pytest.mark.parametrize(
    "question",
    [
        "is 99999999999999999999k followers micro",
        "is 1e308% engagement good for 5k",
        "what can i get for $0",
        "how many micro for 0 impressions",
        "is -5k micro",
        "how much do 0 micro posts cost",
        "is 100% engagement good for 1 follower",
    ],
)
def test_odd_numbers_never_break_an_answer(question: str) -> None:
    found = ask.answer(question, SEED)
    if isinstance(found, ask.Computed):
        shown = f"{found.title}\n{found.body}\n{found.working}"
        assert not re.search(r"\bnan\b|\binf\b|n/a|-\d", shown, re.IGNORECASE), shown


def test_one_follower_is_singular() -> None:
    found = compute.tier_of(1, SEED)
    assert found.title == "1 follower: Emerging (below nano)"
    assert "1 followers" not in found.body


@pytest.mark.parametrize(
    "question",
    [
        "how many micro influencers do i need for 1 million impressions",
        "how much do 5 micro posts cost on tiktok",
        "how much for 2 nano posts",
        "what can i get for $5000",
    ],
)
def test_a_suggested_mix_command_has_a_budget_mix_accepts(question: str) -> None:
    found = ask.answer(question, SEED)
    assert isinstance(found, ask.Computed)
    command = re.search(r"`/mix goal:(\S+) budget:(\S+) platform:(\S+)`", found.next_step)
    assert command is not None, found.next_step
    goal, budget, platform = command.groups()
    amount = parse_count(budget.split()[0])
    assert amount >= minimum_budget(Goal(goal), Platform(platform), ALL_TIERS)


def test_a_common_word_is_not_read_as_a_platform() -> None:
    # "with" once became "twitch", so "$5k with macro on instagram" was priced for Twitch.
    assert parse("what does $5k buy with macro on instagram").platform is Platform.INSTAGRAM
    assert parse("how much do 5 mirco posts cost on tiktk").platform is Platform.TIKTOK


def test_comparison_prices_each_size_as_classify_does() -> None:
    found = compute.compare(Tier.MICRO, Tier.MACRO, FOUR_TIER, Platform.INSTAGRAM)
    assert "$100–$500 a post at 10K–50K followers, $500–$5,000 at 50K–100K" in found.body
    assert "$500–$5,000 a post at 100K–500K followers, $5,000–$10,000 at 500K–1M" in found.body


# -- one answer with /mix: the figures and the /mix command a next step suggests ---


def _suggested_plan(next_step: str, scheme: TierScheme) -> tuple[str, MixPlan]:
    """The /mix command a next step suggests, and the plan that command makes."""
    found = re.search(r"`/mix goal:awareness budget:(\d+)(k?) platform:(\w+)`", next_step)
    assert found is not None, next_step
    amount = int(found[1]) * (1000 if found[2] else 1)
    request = MixRequest(
        goal=Goal.AWARENESS,
        budget=Decimal(amount),
        platform=Platform(found[3]),
        allowed_tiers=scheme.tiers,
    )
    return found[0], plan_mix(request)


def _booked_text(plan: MixPlan) -> str:
    parts = [
        f"{line.creators} {line.tier.value} creator" + ("s" * (line.creators != 1))
        for line in plan.lines
    ]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def test_a_people_target_costs_what_mix_charges_and_its_mix_step_reaches_it() -> None:
    found = ask.answer("how many nano creators do we need to reach 250k people", SEED)
    assert isinstance(found, ask.Computed)
    shown = re.search(r"(\d+) creators, 1 post each: ([\d,]+) impressions a post", found.body)
    assert shown is not None, found.body
    creators = int(shown[1])
    # The cost is /mix's: rate-card midpoint fees plus /mix's coordination per creator.
    econ = tier_economics(Tier.NANO, Platform.INSTAGRAM)
    _, plan = _suggested_plan(found.next_step, SEED)
    per_creator = {line.coordination / line.creators for line in plan.lines}
    assert per_creator == {facts.coordination_per_creator()}
    cost = creators * (econ.planning_price + facts.coordination_per_creator())
    assert f"About {format_money(round(cost), compact=True)} in all" in found.body
    # The suggested /mix command really reaches 250K people, and the step says what it books.
    assert plan.expected_reach >= 250_000
    assert f"books {_booked_text(plan)}" in found.next_step
    assert f"about {format_count(round(plan.expected_reach))} people" in found.next_step
    # ... and it is the smallest round budget that does.
    budget = float(plan.request.budget)
    smaller = facts.awareness_plan(
        budget - (1000 if budget >= 2000 else 50), Platform.INSTAGRAM, SEED
    )
    assert smaller is None or smaller.expected_reach < 250_000


def test_people_that_overlap_barely_lowers_are_not_explained_by_overlap() -> None:
    found = ask.answer("how many nano creators do we need to reach 250k people", SEED)
    assert isinstance(found, ask.Computed)
    shown = re.search(r"→ (\S+) impressions, reaching about (\S+) different people(.)", found.body)
    assert shown is not None, found.body
    if shown[1] == shown[2]:
        assert "as audiences overlap" not in found.body
        assert shown[3] == ":"  # "…: these audiences overlap very little"


def test_a_cost_of_posts_suggests_a_mix_command_that_does_what_the_step_says() -> None:
    found = ask.answer("how much for 3 youtube videos from a macro creator", SEED)
    assert isinstance(found, ask.Computed) and found.kind == "posts-cost"
    command, plan = _suggested_plan(found.next_step, SEED)
    econ = tier_economics(Tier.MACRO, Platform.YOUTUBE)
    assert float(plan.request.budget) >= 3 * econ.planning_price + facts.coordination_per_creator()
    assert f"{command} plans a campaign for about that money" in found.next_step
    assert (
        f"it books {_booked_text(plan)} ({format_money(round(plan.total_spend))})"
        in found.next_step
    )


def test_what_a_budget_buys_quotes_the_plan_mix_makes_for_it() -> None:
    found = ask.answer("what can i get for $8k on instagram", SEED)
    assert isinstance(found, ask.Computed) and found.kind == "budget"
    _, plan = _suggested_plan(found.next_step, SEED)
    assert plan.request.budget == Decimal(8000)
    assert f"it books {_booked_text(plan)}" in found.next_step
    assert f"about {format_count(round(plan.expected_reach))} people" in found.next_step
    assert "a plan also budgets $150 per creator for outreach and review" in found.body


def test_a_rate_on_an_unknown_basis_against_a_per_view_band_gets_both_readings() -> None:
    found = ask.answer("is 1.2% engagement ok for 650k on tiktok", SEED)
    assert isinstance(found, ask.Computed) and found.kind == "engagement-check"
    assert "is below typical" not in found.body  # no verdict on a basis nobody gave
    band = resolve_size(Platform.TIKTOK, 650_000, SEED).benchmark
    assert band is not None and band.basis.value == "views"
    assert "By views" in found.body and "so 1.2% of views is below that range" in found.body
    assert "By followers" in found.body and "1.31% by followers" in found.body
    assert "1.2% of followers is close to it" in found.body
    # Said per view: the band's own basis, so one verdict.
    by_views = ask.answer("is 1.2% engagement by views ok for 650k on tiktok", SEED)
    assert isinstance(by_views, ask.Computed)
    assert "**1.2% is below typical**" in by_views.body


# -- nearby questions: the entry that answers what was asked ---


def test_paid_ads_name_a_channel_not_a_price_question() -> None:
    assert knowledge.question_intent("can we run their video as paid ads") != "price"
    assert knowledge.question_intent("what do creators get paid for a reel") == "price"
    found = ask.answer(
        "what should the contract say about usage rights if we want to run their video as paid ads",
        SEED,
    )
    assert ask.describe(found) == "usage-rights"  # the terms to write down, not their price
    assert isinstance(found, ask.EntryAnswer)
    assert "which countries, for how long" in found.entry.body


def test_a_choice_between_tiktok_and_instagram_is_answered_head_to_head() -> None:
    found = ask.answer("instagram or tiktok for launching a snack brand to students", SEED)
    assert isinstance(found, ask.EntryAnswer)
    assert "**TikTok or Instagram?** For a launch to a young audience" in found.entry.body


# -- campaign length: an honest answer, with /mix's assumptions as /mix holds them ---


@pytest.mark.parametrize(
    "question",
    [
        "how long should a campaign run",
        "how many weeks should an influencer campaign last",
        "ideal campaign length",
        "how long to run an always-on program",
    ],
)
def test_campaign_length_questions_get_campaign_length_not_measurement(question: str) -> None:
    found = ask.answer(question, SEED)
    assert isinstance(found, ask.EntryAnswer), question
    text = found.entry.body
    assert "No source Tierbot uses publishes an ideal campaign length" in text
    assert "Pick the measure before the creators" not in text
    # The numbers are /mix's own, called assumptions, with the option that changes them.
    assert f"**Length:** {DEFAULT_WEEKS} weeks unless you set `weeks:`" in text
    assert "our assumptions, not published figures" in text
    platforms = (Platform.INSTAGRAM, Platform.TIKTOK, Platform.YOUTUBE)
    instagram, tiktok, youtube = (round(sponsored_per_week(p)) for p in platforms)
    assert (
        f"at most {instagram} sponsored posts a week on Instagram, {tiktok} on TikTok, "
        f"{youtube} on YouTube"
    ) in text
    assert "`/mix goal:always-on budget:30k weeks:" in text
    assert "Sprout Social, 2025" in found.entry.citation


def test_how_long_usage_rights_last_still_gets_usage_rights() -> None:
    assert ask.describe(ask.answer("how long should usage rights last", SEED)) == "usage-rights"
    assert ask.describe(ask.answer("how long should exclusivity last", SEED)) == "exclusivity"


# -- one price for mega everywhere: the floor said as a floor, and /mix's planning price ---


def _mix_mega_price(platform: Platform) -> float:
    """The per-post price /mix books a typical mega creator at (read from a real plan)."""
    plan = plan_mix(
        MixRequest(
            goal=Goal.AWARENESS,
            budget=Decimal(400_000),
            platform=platform,
            allowed_tiers=SEED.tiers,
        )
    )
    typical = [line for line in plan.lines if line.tier is Tier.MEGA and line.size is None]
    assert typical, "the plan books a typical mega creator"
    return typical[0].planning_price_per_post


def _money_values(pattern: str, text: str) -> list[float]:
    return [float(parse_money(found).amount) for found in re.findall(pattern, text)]


@pytest.mark.parametrize("platform", [Platform.TIKTOK, Platform.INSTAGRAM, Platform.YOUTUBE])
def test_ask_states_the_mega_price_mix_books(platform: Platform) -> None:
    found = ask.answer(f"how much does a mega influencer cost on {platform.value}", SEED)
    assert isinstance(found, ask.Computed)
    planned = _money_values(r"\*\*(\$[\d,]+) a post\*\*", found.body)
    assert planned == [pytest.approx(_mix_mega_price(platform))]
    floor = resolve_tier(platform, Tier.MEGA, SEED)
    assert floor is not None and floor.price is not None
    assert f"{format_money(floor.price.low)} is only the published floor" in found.body


def test_the_rate_card_entries_quote_the_same_mega_price_as_mix() -> None:
    tiktok = _mix_mega_price(Platform.TIKTOK)
    card = ask.answer("How much does a TikTok influencer charge?", SEED)
    assert isinstance(card, ask.EntryAnswer) and card.entry.id == "cost-tiktok"
    top = next(line for line in card.entry.body.splitlines() if line.startswith("• **1M+:**"))
    assert "$2,500+, only a floor" in top
    assert _money_values(r"at (\$[\d,]+) a post", top) == [pytest.approx(tiktok)]
    mega = ask.answer("How much does a mega influencer charge?", SEED)
    assert isinstance(mega, ask.EntryAnswer) and mega.entry.id == "cost-mega"
    assert _money_values(r"(\$[\d,]+) on TikTok", mega.entry.body) == [pytest.approx(tiktok)]


def test_every_price_an_entry_states_is_a_resolver_row() -> None:
    """No entry copies a rate card by hand: each dollar amount in a card's rows (or in the
    mega entry) is one the resolver gives: a row's end or a planning price."""
    resolver: set[float] = set()
    for platform in priced_platforms():
        for row in rate_card_rows(platform):
            resolver.update(v for v in (row.low, row.high) if v is not None)
        fee = fee_at_size(platform, open_ended_rule().reference_followers)
        if fee is not None:
            resolver.update((fee.planning, fee.high))
    for entry_id in ("cost-overview", "cost-instagram", "cost-tiktok", "cost-youtube", "cost-mega"):
        body = knowledge.get_entry(entry_id).body
        rows = [line for line in body.splitlines() if line.startswith("•")] or [body]
        for line in rows:
            for amount in _money_values(r"(\$[\d,]+)", line):
                assert amount in resolver, (entry_id, line, amount)


# -- found by running a marketer's questions through the playground ---


@pytest.mark.parametrize(
    "question", ["what can we get for 20k on youtube", "what does 20k buy on tiktok"]
)
def test_an_amount_to_spend_without_a_dollar_sign_is_a_budget(question: str) -> None:
    found = ask.answer(question, SEED)
    assert isinstance(found, ask.Computed) and found.kind == "budget", question
    assert "$20,000 buys" in found.title


def test_a_budget_under_the_mega_floor_or_plan_says_both() -> None:
    found = ask.answer("what can we get for 20k on youtube", SEED)
    assert isinstance(found, ask.Computed)
    mega = next(line for line in found.body.splitlines() if line.startswith("**Mega"))
    assert mega.startswith("**Mega (1M+):** 1 post at the $20,000 floor; none at $60,000")


def test_two_tiers_compared_for_a_goal_get_a_verdict_for_that_goal() -> None:
    found = ask.answer("nano vs micro for a skincare launch", SEED)
    assert isinstance(found, ask.Computed) and found.kind == "compare"
    assert found.body.startswith("**For a launch, both have a part**")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what tier should we use for a local restaurant opening", "tier-for-goal"),
        ("how often should a creator post for us", "campaign-length"),
        ("what is a good engagement rate on instagram", "benchmark-instagram-modash"),
    ],
)
def test_everyday_marketing_questions_reach_their_answer(question: str, expected: str) -> None:
    assert ask.describe(ask.answer(question, SEED)) == expected


def test_a_good_instagram_rate_is_answered_with_the_bands_classify_uses() -> None:
    found = ask.answer("what is a good engagement rate on instagram", SEED)
    assert isinstance(found, ask.EntryAnswer)
    band = resolve_size(Platform.INSTAGRAM, 30_000, SEED).benchmark
    assert band is not None
    assert f"10–50K: {format_percent_range(band.low, band.high)}" in found.entry.body
    assert "Judge an Instagram creator against the band for their size (`/classify` does it)" in (
        found.entry.body
    )


def test_youtube_answers_count_subscribers() -> None:
    found = ask.answer("is 3% engagement good for a 500k youtube channel", SEED)
    assert isinstance(found, ask.Computed)
    assert found.title == "Is 3% engagement good at 500K subscribers on YouTube?"
    cost = ask.answer("how much do nano creators charge on youtube", SEED)
    assert isinstance(cost, ask.Computed)
    assert "(1K–10K subscribers) on YouTube" in cost.body


def test_a_number_of_posts_from_one_account_is_totalled() -> None:
    found = ask.answer("how much for 2 posts from a 3m instagram creator", SEED)
    assert isinstance(found, ask.Computed)
    assert found.title == "Cost of 2 posts from a 3M-follower account on Instagram"
    assert "**$10,000+ per post** on the rate card for 1M+ accounts. 2 posts: $20,000+." in (
        found.body
    )


def test_a_youtube_comparison_counts_subscribers_throughout() -> None:
    found = ask.answer("compare micro and macro on youtube", SEED)
    assert isinstance(found, ask.Computed)
    assert "followers" not in found.body
    assert "**Micro:** 10K–100K subscribers; engagement" in found.body


def test_a_budget_that_buys_no_post_says_why_in_the_working() -> None:
    found = ask.answer("what can $5000 buy with mega on instagram", SEED)
    assert isinstance(found, ask.Computed)
    assert found.working == "$5,000 < $10,000, the cheapest mega post."


# -- replies in a marketer's words (judge 5) ---

_TOOL_WORDS = ("/mix's own", "its micro midpoint", "midpoint,", "picks its own tiers")


def test_the_more_line_of_a_post_price_says_what_the_plan_costs_in_plain_words() -> None:
    found = ask.answer("how much does a micro influencer on instagram charge per post?", SEED)

    assert isinstance(found, ask.Computed) and found.kind == "posts-cost"
    command, plan = _suggested_plan(found.next_step, SEED)
    econ = tier_economics(Tier.MICRO, Platform.INSTAGRAM)
    assert (
        f"{command} plans a campaign for about that money (a typical micro post at "
        f"{format_money(round(econ.planning_price))} plus "
        f"{format_money(round(facts.coordination_per_creator()))} for outreach and review)"
    ) in found.next_step
    assert f"it books {_booked_text(plan)}" in found.next_step
    assert not any(words in found.next_step for words in _TOOL_WORDS), found.next_step


def test_the_more_line_of_a_reach_target_names_no_tool_internals() -> None:
    found = ask.answer("how many nano creators do we need for 500k impressions on instagram?", SEED)

    assert isinstance(found, ask.Computed) and found.kind == "creators-for-reach"
    command, plan = _suggested_plan(found.next_step, SEED)
    amount = int(command.split("budget:")[1].split()[0].removesuffix("k")) * 1000
    assert found.next_step.startswith(
        f"A mix of tiers reaches 500K impressions for {format_money(amount)}: {command} books"
    ), found.next_step
    assert f"{format_count(round(plan.impressions))} impressions." in found.next_step
    reply = f"{found.body}\n{found.next_step}"
    for words in ("/mix's own mix", "in /mix's table", "as /mix prices it", "midpoints"):
        assert words not in reply, words
    assert "per creator for outreach and review" in found.body


def test_why_definitions_differ_gets_the_entry_on_who_says_what_not_a_tier_of_one_size() -> None:
    found = ask.answer(
        "why do some agencies say nano is under 1k followers and others under 10k?", SEED
    )

    assert ask.describe(found) == "why-definitions-differ"
    assert isinstance(found, ask.EntryAnswer)
    nano_line = next(line for line in found.entry.body.splitlines() if "**Nano:**" in line)
    # Each edge with who publishes it (and the year where known), in the scheme list's words.
    assert "under 1K in a fitness guide" in nano_line
    assert "1K–10K for Hootsuite (2024), Mediakix (2019), HypeAuditor (2023) and Duel" in nano_line
    assert "under 10K for Later x Fohr (2021) and Iconosquare (2020)" in nano_line
    assert "under 15K for impact.com" in nano_line


@pytest.mark.parametrize(
    "question",
    [
        "why do some sources call 50k creators micro and others mid?",
        "why do agencies define micro influencers differently",
    ],
)
def test_other_why_definitions_questions_get_the_same_entry(question: str) -> None:
    assert ask.describe(ask.answer(question, SEED)) == "why-definitions-differ"


def test_a_budget_question_with_a_launch_goal_answers_for_a_launch() -> None:
    found = ask.answer("which tier should we use for a product launch with a $20k budget?", SEED)

    assert isinstance(found, ask.Computed) and found.kind == "budget"
    plan = plan_mix(
        MixRequest(
            goal=Goal.LAUNCH,
            budget=Decimal(20_000),
            platform=Platform.INSTAGRAM,
            allowed_tiers=SEED.tiers,
        )
    )
    kickoff_tiers = {line.tier for line in plan.lines if line.phase is Phase.KICKOFF}
    assert found.title == "Which tiers for a launch with $20,000 on Instagram"
    lead = found.body.splitlines()[0]
    assert lead.startswith("**For a launch with $20,000 on Instagram, open with ")
    assert all(f"{tier.value} creator" in lead.split(" in week 1")[0] for tier in kickoff_tiers)
    assert f"({format_money(round(plan.total_spend))})" in lead
    assert "goal:awareness" not in f"{found.body}\n{found.next_step}"
    assert found.next_step.startswith("`/mix goal:launch budget:20000 platform:instagram`")


def test_a_budget_question_without_a_goal_still_plans_for_awareness() -> None:
    found = ask.answer("what does $10k buy on tiktok?", SEED)

    assert isinstance(found, ask.Computed) and found.title == "What $10,000 buys on TikTok"
    assert found.next_step.startswith("`/mix goal:awareness budget:10000 platform:tiktok` plans it")


def test_a_goal_budget_below_what_mix_plans_says_so_and_suggests_a_budget_it_plans() -> None:
    found = ask.answer("is $2k enough for a launch on instagram?", SEED)

    assert isinstance(found, ask.Computed) and found.kind == "budget"
    least = minimum_budget(Goal.LAUNCH, Platform.INSTAGRAM, ALL_TIERS)
    assert found.body.startswith(
        f"**$2,000 is too little to plan a launch on Instagram: a plan starts at "
        f"{format_money(math.ceil(least))}.**"
    )
    suggested = re.search(r"`/mix goal:launch budget:(\d+)k platform:instagram`", found.next_step)
    assert suggested is not None, found.next_step
    plan = plan_mix(
        MixRequest(
            goal=Goal.LAUNCH,
            budget=Decimal(int(suggested[1]) * 1000),
            platform=Platform.INSTAGRAM,
            allowed_tiers=SEED.tiers,
        )
    )
    assert plan.lines  # the suggested command plans, it does not refuse


def _nested_bracket(text: str) -> str | None:
    """The first bracket opened inside another one, with what precedes it, or None."""
    depth = 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
            if depth > 1:
                return text[max(0, index - 60) : index + 20]
        elif char in ")]":
            depth = max(0, depth - 1)
    return None


@pytest.mark.parametrize("scheme_id", ["four-tier", "industry", "fitness-guide", "impact"])
def test_no_answer_puts_a_bracket_inside_a_bracket(scheme_id: str) -> None:
    # Scheme names carry brackets ("Five-tier industry standard"), so every sentence that
    # names a scheme must keep it out of another bracket.
    scheme = get_scheme(scheme_id)
    questions = [q for q, _ in TUNED + HELD_OUT + HELD_OUT_B + HELD_OUT_C]
    nested = {}
    for question in questions:
        found = ask.answer(question, scheme)
        parts: tuple[str, ...]
        if isinstance(found, ask.Computed):
            parts = (found.title, found.body, found.working, found.next_step)
        elif isinstance(found, ask.EntryAnswer):
            parts = (found.entry.title, found.entry.body)
        else:
            continue
        hit = next((n for n in map(_nested_bracket, parts) if n), None)
        if hit:
            nested[question] = hit
    assert nested == {}


def test_schemes_that_agree_on_another_tier_are_named_together() -> None:
    found = ask.answer("is 250k followers mid or macro?", SEED)

    assert isinstance(found, ask.Computed) and found.kind == "tier-of"
    assert (
        "Tier definitions differ between sources: Five-tier industry standard and "
        "Later x Fohr say mid"
    ) in found.body


# -- judge6: replies in a marketer's words, suggested commands that run, the question asked ---

ALL_QUESTIONS = [
    *(question for question, _ in (*TUNED, *HELD_OUT, *HELD_OUT_B, *HELD_OUT_C)),
    *OFF_TOPIC,
    *HELD_OUT_OFF_TOPIC,
    *HELD_OUT_B_OFF_TOPIC,
    *HELD_OUT_C_OFF_TOPIC,
    # judge6's own questions
    "which tier works best for driving app installs on tiktok?",
    "is it better to book one mega creator or twenty micro creators for $50k?",
    "what's a fair cpm for mid-tier youtube creators?",
    "is 6 weeks long enough for a tiktok awareness campaign?",
    "is 800k subscribers macro or mega on youtube?",
    "how many micro creators would we need to reach 2 million people on tiktok?",
    "is $2k enough for a launch on instagram?",
    "how many mega creators to reach 500 million people on x?",
]
# A figure explained by naming one of our commands or internals, not by what it is.
TOOL_INTERNAL_PHRASES = (
    "/mix does",
    "/mix plans",
    "/mix's",
    "/mix books",
    "/mix also",
    "/mix needs",
    "/mix makes",
    "/mix` does",
    "/mix` plans",
    "/mix` books",
    "/mix` makes",
    "as in /classify",
    "as /classify",
    "/classify` uses",
    "/classify uses",
    "least round budget",
)


def reply_text(question: str, scheme: TierScheme = SEED) -> str:
    """Everything /tiers ask shows for `question`: title, body, working, next step, related
    entries and their questions, or the suggestions of a refusal."""
    found = ask.answer(question, scheme)
    if isinstance(found, ask.Computed):
        return "\n".join((found.title, found.body, found.working, found.next_step))
    if isinstance(found, ask.EntryAnswer):
        related = [f"{entry.title} {entry.questions[0]}" for entry in found.related]
        return "\n".join((found.entry.title, found.entry.body, *related))
    return "\n".join(found.suggestions)


def test_no_answer_in_the_question_sets_explains_a_figure_by_naming_a_command() -> None:
    offending = [
        f"{question!r}: {phrase!r}"
        for scheme in (SEED, INDUSTRY)
        for question in ALL_QUESTIONS
        for phrase in TOOL_INTERNAL_PHRASES
        if phrase in reply_text(question, scheme)
    ]
    assert not offending, "\n".join(offending)


_SUGGESTED_MIX = re.compile(r"`/mix ([^`]+)`")


def _mix_request(options: str) -> MixRequest:
    """The request a suggested `/mix …` command makes, as the command reads its options."""
    given = dict(part.split(":", 1) for part in options.split())
    assert "goal" in given and "budget" in given, options
    money = parse_money(given["budget"])
    return MixRequest(
        goal=Goal(given["goal"]),
        budget=money.amount,
        currency=money.currency,
        platform=Platform(given.get("platform", "instagram")),
        weeks=int(given.get("weeks", DEFAULT_WEEKS)),
        weeks_assumed="weeks" not in given,
    )


def test_every_mix_command_an_answer_suggests_has_a_goal_and_budget_and_plans() -> None:
    suggested: dict[str, str] = {}
    for scheme in (SEED, INDUSTRY):
        for question in ALL_QUESTIONS:
            for options in _SUGGESTED_MIX.findall(reply_text(question, scheme)):
                suggested.setdefault(options, question)
    assert len(suggested) > 20  # the sets do suggest plans
    for options, question in suggested.items():
        request = _mix_request(options)
        plan = plan_mix(request)
        assert plan.lines, f"{question!r} suggests `/mix {options}`, which books nothing"


def test_which_tier_for_app_installs_names_the_tier_mix_gives_most_of_conversions() -> None:
    question = "which tier works best for driving app installs on tiktok?"
    found = ask.answer(question, SEED)

    assert ask.describe(found) == "tier-for-goal"
    assert isinstance(found, ask.Computed) and found.kind == "goal-tiers"
    # The tier each budget's plan spends most on, smallest budget first: the lead names the
    # first as the pick "up to" the last budget it leads, then where the lead changes.
    tops = []
    for budget in compute.GOAL_TIERS_RANGE:
        plan = facts.goal_plan(budget, Platform.TIKTOK, SEED, Goal.CONVERSIONS)
        assert plan is not None
        tops.append((budget, max(plan.lines, key=lambda line: line.spend).tier))
    first = tops[0][1]
    last_led = max(budget for budget, tier in tops if tier is first)
    lead = found.body.splitlines()[0]
    assert lead.startswith("**For conversions on TikTok, ")
    assert f"{first.value} creators up to ${last_led:,}" in lead or (
        f"use {first.value} creators" in lead and all(t is first for _, t in tops)
    )
    for _, tier in tops:
        assert f"{tier.value} creators" in lead
    assert "prices" not in found.title


def test_one_mega_or_twenty_micro_compares_both_with_the_plan_models_figures() -> None:
    question = "is it better to book one mega creator or twenty micro creators for $50k?"
    found = ask.answer(question, SEED)

    assert isinstance(found, ask.Computed) and found.kind == "options"
    mega = facts.option_figures(Tier.MEGA, Platform.INSTAGRAM, 1)
    micro = facts.option_figures(Tier.MICRO, Platform.INSTAGRAM, 20)
    # The figures are the plan model's: planning price plus coordination, fee ÷ CPM views.
    econ = tier_economics(Tier.MICRO, Platform.INSTAGRAM)
    assert micro.cost == 20 * (econ.planning_price + facts.coordination_per_creator())
    assert mega.people > micro.people and mega.engagements > micro.engagements
    assert found.body.startswith(
        "**One mega creator wins on reach and engagements; 20 micro creators cost less.**"
    )
    for option in (mega, micro):
        assert f"about {format_money(round(option.cost))} with outreach and review" in found.body
        assert f"about {format_count(round(option.people))} people reached" in found.body
        assert f"{format_count(round(option.engagements))} engagements" in found.body
    over = round(mega.cost - 50_000)
    assert (
        f"Against $50,000: one mega creator at typical prices costs {format_money(over)} more; "
        f"20 micro creators fit with {format_money(round(50_000 - micro.cost))} to spare."
    ) in found.body
    assert "So within $50,000, 20 micro creators are the option that fits" in found.body
    assert "`/mix goal:awareness budget:50k platform:instagram`" in found.next_step


def test_a_plain_pair_of_tiers_is_still_a_tier_comparison_not_two_bookings() -> None:
    assert ask.describe(ask.answer("a nano or a micro influencer?", SEED)) != "compute:options"


def test_a_fair_cpm_for_mid_tier_youtube_creators_answers_for_mid_in_cpm() -> None:
    found = ask.answer("what's a fair cpm for mid-tier youtube creators?", SEED)

    assert isinstance(found, ask.Computed) and found.kind == "tier-cpm"
    cpm = tier_economics(Tier.MID, Platform.YOUTUBE).cpm
    assert cpm.high is not None
    shown = f"{format_money(cpm.low)}–{format_money(cpm.high)}"
    assert found.body.startswith(
        f"**A fair CPM on YouTube is about {shown} per 1,000 views, the same for mid creators "
        "as for any tier**: the published ranges are per platform, and none of the sources "
        "gives a separate CPM by tier."
    ), found.body
    mid, _ = facts.tier_size(Platform.YOUTUBE, Tier.MID, SEED)
    assert mid.price is not None and mid.price.high is not None
    # The views a fair price buys: price ÷ CPM × 1,000, at both ends of the card's range.
    assert f"about {format_count(round(mid.price.low / cpm.high * 1000))}–" in found.body
    assert f"{format_count(round(mid.price.high / cpm.low * 1000))} at " in found.body
    assert "This server's scheme has no mid tier" in found.body
    assert "video prices by tier" not in found.title


def test_a_youtube_size_is_said_in_subscribers() -> None:
    found = ask.answer("is 800k subscribers macro or mega on youtube?", SEED)

    assert isinstance(found, ask.Computed) and found.kind == "tier-of"
    assert found.title == "800K subscribers: Macro"
    assert found.body.startswith("**800K subscribers is macro**")
    assert "followers" not in found.body


def _money_value(text: str) -> float:
    """ "$15.3K" or "$16,000" as a number."""
    found = re.fullmatch(r"\$([\d,.]+)([KM]?)", text)
    assert found is not None, text
    return float(found[1].replace(",", "")) * {"": 1, "K": 1_000, "M": 1_000_000}[found[2]]


@pytest.mark.parametrize(
    "question",
    [
        "how many creators do we need to reach 1 million views on instagram?",
        "how many nano creators do we need for 500k impressions on instagram?",
        "how many creators to reach 250k people on tiktok",
        "how many creators do we need to reach 5 million impressions on youtube?",
    ],
)
def test_a_reach_target_never_suggests_a_plan_dearer_than_a_listed_tier(question: str) -> None:
    found = ask.answer(question, SEED)
    assert isinstance(found, ask.Computed) and found.kind == "creators-for-reach"
    listed = [_money_value(cost) for cost in re.findall(r"About (\S+) in all", found.body)]
    assert listed, found.body
    suggested = re.search(r"reaches [\d.KM]+ \w+ for (\$[\d,.KM]+)", found.next_step)
    if suggested is not None:
        assert _money_value(suggested[1]) <= min(listed), found.next_step
    else:
        # A listed tier costs no more: the step names it, and offers the mix only as a mix.
        assert "cheapest route" in found.next_step, found.next_step
        assert "For a mix of tiers instead" in found.next_step


def test_a_million_views_on_instagram_names_micro_and_macro_as_cheapest() -> None:
    found = ask.answer("how many creators do we need to reach 1 million views on instagram?", SEED)
    assert isinstance(found, ask.Computed)

    assert found.next_step.startswith(
        "Micro and macro alone are the cheapest routes listed (about $15.3K each). "
        "For a mix of tiers instead, `/mix goal:awareness budget:16k platform:instagram` books"
    ), found.next_step
    assert "A mix of tiers reaches" not in found.next_step


def test_a_number_of_videos_said_in_words_is_priced_as_that_many_posts() -> None:
    question = "what should we budget for a mid-tier tiktok creator doing two videos?"
    found = ask.answer(question, SEED)

    assert isinstance(found, ask.Computed) and found.kind == "posts-cost"
    assert found.title == "Cost of 2 posts from mid creators on TikTok"
    assert "2 posts: $250–$2,500." in found.body
    # The default scheme has no mid tier: the reply says which range it priced instead.
    assert (
        "This server's scheme has no mid tier, so Five-tier industry standard's range is used."
        in found.body
    )


def test_a_post_with_an_article_is_not_counted_as_posts() -> None:
    assert parse("how much is a sponsored post from a micro creator").first("posts") is None
    assert parse("three sponsored tiktok posts by nano creators").first("posts") == 3


def test_why_sources_disagree_on_where_macro_starts_leads_with_who_starts_macro_where() -> None:
    found = ask.answer("why do different sources disagree on where macro starts?", SEED)
    assert isinstance(found, ask.EntryAnswer)
    assert ask.describe(found) == "why-definitions-differ"
    assert found.tiers == (Tier.MACRO,)

    embed = answer_embed("why do …", found.entry, found.related, SEED, tiers=found.tiers)

    lead = (embed.description or "").split("\n\n")[1]
    assert lead == (
        "**Macro starts at 100K in Common four-tier cut and Iconosquare, at 250K in impact.com "
        "and Duel glossary, and at 500K in Five-tier industry standard and Later x Fohr; "
        "Low-cut fitness guide has no macro tier.**"
    )


def test_best_tier_for_awareness_on_youtube_answers_for_youtube_from_the_mix_plans() -> None:
    question = "which influencer tier is best for building brand awareness on youtube?"
    found = ask.answer(question, SEED)
    assert isinstance(found, ask.Computed) and ask.describe(found) == "tier-for-goal"

    # Each share quoted is the share /mix's own YouTube awareness plan gives that tier.
    shares = re.findall(r"(\w+) creators take (\d+)(?:–(\d+))?% of", found.body)
    assert shares, found.body
    for tier, low, high in shares:
        planned = []
        for budget in compute.GOAL_TIERS_RANGE:
            plan = facts.awareness_plan(budget, Platform.YOUTUBE, SEED)
            assert plan is not None
            spent = sum(line.spend for line in plan.lines if line.tier.value == tier)
            planned.append(round(100 * spent / plan.budget))
        assert int(low) in planned and int(high or low) in planned
    assert "mid" not in found.body  # the server's scheme has none
    assert "platform:youtube" in found.body


@pytest.mark.parametrize(
    "question",
    [
        "we have 30k for a product launch on tiktok, which creators?",
        "which tiers for a launch with 30k on tiktok?",
    ],
)
def test_a_bare_amount_set_aside_for_a_campaign_is_read_as_money(question: str) -> None:
    found = ask.answer(question, SEED)

    assert isinstance(found, ask.Computed) and found.kind == "budget", found
    assert found.title == "Which tiers for a launch with $30,000 on TikTok"


def test_an_amount_of_followers_after_with_is_still_a_size() -> None:
    found = ask.answer("a creator with 30k followers, which tier?", SEED)

    assert isinstance(found, ask.Computed) and found.title == "30K followers: Micro"


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        (
            "should we use nano or mega creators for a local bakery?",
            "**For a local campaign, nano creators are the better pick**",
        ),
        (
            "nano or macro for brand awareness?",
            "**For awareness, it depends on the budget: nano creators up to $5,000 and macro "
            "creators from $20,000**",
        ),
        ("micro or macro for a product launch?", "**For a launch, both have a part**"),
    ],
)
def test_a_two_tier_question_that_names_a_goal_answers_it_first(
    question: str, verdict: str
) -> None:
    found = ask.answer(question, SEED)

    assert isinstance(found, ask.Computed) and found.kind == "compare", found
    assert found.body.startswith(verdict), found.body


def test_a_two_tier_question_without_a_goal_gives_no_verdict() -> None:
    found = ask.answer("mega or nano, what is the difference in cost?", SEED)

    assert not (isinstance(found, ask.Computed) and "better pick" in found.body)
