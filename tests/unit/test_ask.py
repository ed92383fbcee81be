"""/tiers ask: parsing numbers, computed answers from the /classify and /mix resolvers,
retrieval that refuses honestly, autocomplete, and the measured question set."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.ask_accuracy import ANSWERED_TARGET, REFUSED_TARGET, score
from bot.domain import ask, knowledge
from bot.domain.ask import compute, facts
from bot.domain.ask.parse import parse
from bot.domain.ask.suggest import computed_questions
from bot.domain.creator_report import build_creator_report
from bot.domain.creator_size import resolve_size
from bot.domain.metrics import CreatorStats
from bot.domain.mix import Goal, minimum_budget
from bot.domain.mix.model import tier_economics
from bot.domain.numbers import format_count, parse_count
from bot.domain.platforms import Platform
from bot.domain.tier import ALL_TIERS, Tier
from bot.domain.tiers import default_scheme, get_scheme
from tests.questions.held_out import (
    HELD_OUT,
    HELD_OUT_B,
    HELD_OUT_B_OFF_TOPIC,
    HELD_OUT_OFF_TOPIC,
)
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


# The held-out parts are measured, never tuned on, so their figures are reported as they are
# (python -m bench.ask_accuracy and the issue note) rather than forced over the targets.
# These floors only catch a regression: they sit just under each part's first measurement.
@pytest.mark.parametrize(
    ("name", "questions", "off_topic", "right_floor", "refused_floor"),
    [
        ("held-out A", HELD_OUT, HELD_OUT_OFF_TOPIC, 0.85, 0.95),
        ("held-out B", HELD_OUT_B, HELD_OUT_B_OFF_TOPIC, 0.90, 0.90),
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
    assert "Industry standard" in industry.body
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
    assert "5 posts: $125–$6,250." in found.body
    assert found.working == "5 × $25–$1,250 = $125–$6,250."


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
        r"(\d+) creators?, (\d+) posts? each \(([\d,]+) impressions a post.*?reach about "
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


# -- autocomplete ---


def test_typed_numbers_become_computed_suggestions() -> None:
    suggestions = ask.suggest("is 50k")
    assert suggestions[0] == "is 50k followers micro or macro?"
    assert len(suggestions) <= 25
    assert all(len(s) <= 100 for s in suggestions)


@pytest.mark.parametrize(
    "typed",
    [
        "50k",
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
