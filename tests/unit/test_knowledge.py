"""Knowledge base: sourced figures, search quality, robustness, autocomplete."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.domain.knowledge import (
    MAX_BODY_CHARS,
    MAX_QUESTION_CHARS,
    MAX_SUGGESTIONS,
    Figure,
    KnowledgeEntry,
    SearchHit,
    UnknownEntryError,
    answer,
    entries,
    find_numbers,
    get_entry,
    search,
    suggest,
    uncovered_numbers,
    warm_up,
)
from bot.domain.sources import get_source
from bot.domain.tier_profiles import DEFINE_ASPECTS, tier_profiles

# Written before the engine: (question as a marketer types it, entry id that should answer it).
REALISTIC_QUESTIONS: list[tuple[str, str]] = [
    ("what counts as a micro influencer?", "tier-micro"),
    ("nano-influencer engagement", "benchmark-seed-nano-micro"),
    ("how much does a micro cost on tiktok", "cost-tiktok"),
    ("ER formula", "er-formula"),
    ("small creators vs celebrities", "micro-vs-mega"),
    ("are her followers fake", "quality-fake-followers"),
    ("how many followers is mega", "tier-mega"),
    ("how many followers do you need to be a nano influencer", "tier-nano"),
    ("what's a mid-tier influencer", "tier-mid"),
    ("macro influencer definition", "tier-macro"),
    ("difference between nano and micro", "nano-vs-micro"),
    ("why do sites give different follower ranges for micro influencers", "why-definitions-differ"),
    ("which tier definition does tierbot use", "default-scheme"),
    ("how do I change the tier scheme", "default-scheme"),
    ("can we set our own follower thresholds", "custom-scheme"),
    ("what is a good engagement rate", "benchmark-good-er"),
    ("average engagement rate tiktok", "benchmark-tiktok-modash"),
    ("youtube engagement benchmarks", "benchmark-youtube"),
    ("how do you calculate engagement on tiktok", "er-tiktok"),
    ("engagement rate by reach", "er-by-reach"),
    ("youtube ER subscribers or views?", "er-youtube"),
    ("how much do influencers charge per post on instagram", "cost-instagram"),
    ("youtube sponsorship price for a mid-tier creator", "cost-youtube"),
    ("what's the CPM for influencer campaigns", "cost-cpm"),
    ("rule of thumb price per 10k followers", "cost-inbeat-rule"),
    ("how much does a celebrity charge for one post", "cost-mega"),
    ("how much does a snapchat promotion cost", "cost-snapchat"),
    ("how can I tell if an influencer bought followers", "quality-fake-followers"),
    ("what is hypeauditor audience quality score", "quality-hypeauditor-aqs"),
    ("engagement rate suspiciously high", "quality-too-high-er"),
    ("views much lower than followers on tiktok", "quality-views-vs-followers"),
    ("what percentage of real followers is acceptable", "quality-credibility"),
    ("should we use one big influencer or lots of small ones", "mix-small-vs-mega"),
    ("product launch influencer strategy", "mix-launch"),
    ("combine nano and micro influencers", "mix-nano-micro"),
    ("which tier is best for conversions", "tier-for-goal"),
    ("what should I check before hiring an influencer", "checks-before-hiring"),
    ("influencer marketing ROI", "roi-imh"),
    ("how much do brands spend on influencer marketing", "market-spend"),
    ("what share of creators are nano", "creator-share"),
    ("are nano influencers more trustworthy", "trust-authenticity"),
    ("reach vs engagement tradeoff", "reach-vs-engagement"),
    ("what about accounts with under 1000 followers", "emerging-accounts"),
    ("creator right on the border between two tiers", "near-boundary"),
    ("do tiers differ by platform", "platform-tiers"),
    ("long term partnership vs one off post", "long-term-vs-one-off"),
    ("how do I classify a creator", "using-classify"),
    ("list of influencer tiers", "tiers-overview"),
    ("some say micro starts at 1k followers", "scheme-seed-003"),
    ("industry standard influencer tiers", "scheme-industry"),
    ("what's ER", "er-formula"),
    ("micro vs mega influencer", "micro-vs-mega"),
    ("how much are nano influencers on youtube", "cost-youtube"),
    ("latest instagram engagement rates by tier", "benchmark-instagram-2026"),
    ("modash instagram engagement benchmarks", "benchmark-instagram-modash"),
    ("do smaller influencers get better engagement", "benchmark-small-vs-large"),
    ("instagram engagement by follower count 2018 study", "benchmark-instagram-hypeauditor"),
    ("captiv8 tiktok engagement", "benchmark-tiktok-other"),
    ("median engagement over last posts modash", "er-modash-instagram"),
    ("followers or views as denominator", "er-which-denominator"),
    ("typical influencer rates", "cost-overview"),
]

# Written later, before running them, to check the engine generalises beyond the table
# above (one engine change was checked against both tables; see the final report).
HELD_OUT_QUESTIONS: list[tuple[str, str]] = [
    ("is 40k followers a micro influencer", "tier-micro"),
    ("nano influencer meaning", "tier-nano"),
    ("how big is a macro influencer", "tier-macro"),
    ("celebrity influencer follower count", "tier-mega"),
    ("instagram influencer pricing", "cost-instagram"),
    ("tiktok creator rates per video", "cost-tiktok"),
    ("youtuber sponsorship cost", "cost-youtube"),
    ("how to calculate engagement rate", "er-formula"),
    ("engagement rate formula youtube", "er-youtube"),
    ("detect fake followers", "quality-fake-followers"),
    ("engagement pods", "quality-too-high-er"),
    ("what's mass followers in hypeauditor", "quality-hypeauditor-aqs"),
    ("tiktok benchmark engagement by views", "benchmark-tiktok-modash"),
    ("average youtube engagement rate", "benchmark-youtube"),
    ("instagram engagement rate 2026", "benchmark-instagram-2026"),
    ("nano vs micro", "nano-vs-micro"),
    ("mega vs micro influencers", "micro-vs-mega"),
    ("which scheme is default", "default-scheme"),
    ("why micro influencer ranges disagree", "why-definitions-differ"),
    ("custom tiers for our server", "custom-scheme"),
    ("hootsuite tiers", "scheme-industry"),
    ("viral nation tiers", "platform-tiers"),
    ("influencer roi statistics", "roi-imh"),
    ("influencer marketing market size 2024", "market-spend"),
    ("percentage of nano creators", "creator-share"),
    ("launch campaign with celebrities then micro", "mix-launch"),
    ("many micro influencers instead of one celebrity", "mix-small-vs-mega"),
    ("best influencer tier for local awareness", "tier-for-goal"),
    ("vetting influencers checklist", "checks-before-hiring"),
    ("cpm instagram tiktok youtube", "cost-cpm"),
    ("price estimate per 10k followers", "cost-inbeat-rule"),
    ("snapchat influencer cost", "cost-snapchat"),
    ("account with 500 followers tier", "emerging-accounts"),
    ("modash credibility 75%", "quality-credibility"),
    ("tiktok views vs followers engagement formula", "er-tiktok"),
]

NONSENSE = [
    "asdf qwerty",
    "what's the weather in paris",
    "recipe for banana bread",
    "hello",
    "",
    "   ",
    "???",
    "the and of",
    "cost of living in london",
]


# -- the data -------------------------------------------------------------------------------------


def test_warm_up_is_idempotent() -> None:
    warm_up()
    warm_up()
    assert search("ER formula")


def test_at_least_45_entries_with_unique_ids() -> None:
    ids = [entry.id for entry in entries()]
    assert len(ids) >= 45
    assert len(set(ids)) == len(ids)


def test_every_entry_is_sourced_and_short() -> None:
    for entry in entries():
        assert entry.sources, entry.id
        for source_id in entry.sources:
            get_source(source_id)
        assert len(entry.body) <= MAX_BODY_CHARS, entry.id
        assert 2 <= len(entry.questions) <= 5, entry.id
        assert all(len(q) <= MAX_QUESTION_CHARS for q in entry.questions), entry.id
        assert entry.keywords, entry.id
        assert entry.citation


def test_every_number_shown_is_a_sourced_figure() -> None:
    for entry in entries():
        values = [figure.value for figure in entry.figures]
        for text in (entry.title, *entry.questions, entry.body):
            assert uncovered_numbers(text, values) == [], (entry.id, text)
        shown = "\n".join((entry.title, *entry.questions, entry.body))
        for figure in entry.figures:
            assert figure.value in shown, (entry.id, figure.value)
            assert figure.source in entry.sources, (entry.id, figure.value)
            get_source(figure.source)


REQUIRED_TOPICS = [
    # each tier, and accounts below the first one
    "tier-nano", "tier-micro", "tier-mid", "tier-macro", "tier-mega", "emerging-accounts",
    # every row of FACTS §2
    "er-formula", "er-by-reach", "er-modash-instagram", "er-tiktok", "er-youtube",
    # benchmarks by tier and platform
    "benchmark-seed-nano-micro", "benchmark-instagram-hypeauditor", "benchmark-instagram-modash",
    "benchmark-instagram-2026", "benchmark-tiktok-modash", "benchmark-tiktok-other",
    "benchmark-youtube",
    # cost per post, CPM, inBeat, six figures
    "cost-instagram", "cost-tiktok", "cost-youtube", "cost-snapchat", "cost-cpm",
    "cost-inbeat-rule", "cost-mega",
    # audience quality
    "quality-fake-followers", "quality-hypeauditor-aqs", "quality-credibility",
    # mixing
    "mix-launch", "mix-nano-micro", "mix-small-vs-mega",
    # definitions, the default scheme and how to change it
    "why-definitions-differ", "default-scheme", "custom-scheme",
    # checks, ROI, spend, share by tier
    "checks-before-hiring", "roi-imh", "market-spend", "creator-share",
]  # fmt: skip


def test_required_topics_are_covered() -> None:
    ids = {entry.id for entry in entries()}
    assert [topic for topic in REQUIRED_TOPICS if topic not in ids] == []
    assert "/tiers scheme" in get_entry("default-scheme").body
    assert "four-tier" in get_entry("default-scheme").body
    assert "$5.78" in get_entry("roi-imh").body
    assert "$24 billion" in get_entry("market-spend").body
    assert "six figures" in get_entry("cost-mega").body
    assert "$100 per 10K" in get_entry("cost-inbeat-rule").body
    checks = get_entry("checks-before-hiring").body
    for check in ("Engagement quality", "Previous partnerships", "Tone and style", "Audience"):
        assert check in checks
    # every ER formula of FACTS §2 is spelled out somewhere
    formulas = " ".join(entries_body(e) for e in ("er-formula", "er-by-reach", "er-tiktok"))
    formulas += entries_body("er-modash-instagram") + entries_body("er-youtube")
    for part in (
        "÷ followers",
        "÷ reach",
        "last 30 posts",
        "÷ median views",
        "saves",
        "subscribers",
    ):
        assert part in formulas, part
    # mid has no seed guidance: the default cut has none, and the blend is our estimate
    mid = get_entry("tier-mid").body
    assert "The common four-tier cut has no mid" in mid and "In our estimate" in mid
    assert "common guides" not in mid


def entries_body(entry_id: str) -> str:
    return get_entry(entry_id).body


def test_unknown_entry() -> None:
    with pytest.raises(UnknownEntryError):
        get_entry("no-such-entry")


# -- validation rejects unsourced entries ---------------------------------------------------------


def make_entry(**changes: object) -> KnowledgeEntry:
    fields: dict[str, object] = {
        "id": "example",
        "title": "Example",
        "questions": ("What is this?", "Why?"),
        "keywords": ("example",),
        "body": "Micro starts at 10K followers.",
        "sources": ("seed-000",),
        "figures": (Figure(value="10K", source="seed-000"),),
    }
    fields.update(changes)
    return KnowledgeEntry.model_validate(fields)


def test_a_well_formed_entry_passes() -> None:
    assert make_entry().id == "example"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sources": ()}, "at least 1"),
        ({"sources": ("no-such-source",)}, "no-such-source"),
        ({"figures": ()}, "10K"),
        ({"body": "Micro starts at 10K and costs $1K."}, "$1K"),
        ({"body": "Nano engagement is 7% (seed).", "figures": ()}, "7%"),
        ({"body": "Listed in 2024.", "figures": ()}, "2024"),
        ({"body": "A 1,500 follower account.", "figures": ()}, "1,500"),
        ({"title": "The 3 tiers"}, "'3'"),
        ({"figures": (Figure(value="10K", source="hootsuite"),)}, "hootsuite"),
        (
            {
                "figures": (
                    Figure(value="10K", source="seed-000"),
                    Figure(value="99%", source="seed-000"),
                )
            },
            "99%",
        ),
        ({"body": "x" * (MAX_BODY_CHARS + 1), "figures": ()}, "900"),
        ({"questions": ("Only one?",)}, "at least 2"),
        ({"questions": ("q" * (MAX_QUESTION_CHARS + 1), "ok")}, "question"),
        ({"id": "Not An Id"}, "pattern"),
    ],
)
def test_validation_rejects(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError) as info:
        make_entry(**changes)
    assert message in str(info.value)


def test_a_figure_needs_a_number() -> None:
    with pytest.raises(ValidationError):
        Figure(value="six figures", source="seed-002")


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("7–10% in its table", ["7", "10%"]),
        ("about $1K or $1,000", ["$1K", "$1,000"]),
        ("1.2M and 2.5K and 72M+", ["1.2M", "2.5K", "72M"]),
        ("$24 billion in 2024", ["$24 billion", "2024"]),
        ("over 1,500 others", ["1,500"]),
        ("× 100", ["100"]),
        ("1. a list marker", ["1"]),
        ("Captiv8 and Phlanx", []),
        ("`/tiers scheme` `fitness-guide` `12.5k`", []),
        ("seed 003 and Seed 000", []),
    ],
)
def test_number_finder_is_strict(text: str, numbers: list[str]) -> None:
    assert [token for _, _, token in find_numbers(text)] == numbers


def test_a_figure_covers_only_its_own_span() -> None:
    assert uncovered_numbers("from 1K to 21K", ["1K"]) == ["21K"]
    assert uncovered_numbers("1K–10K, then 1K", ["1K–10K", "1K"]) == []


# -- search quality -------------------------------------------------------------------------------


def top1_accuracy(table: list[tuple[str, str]]) -> tuple[float, list[str]]:
    misses = []
    for question, expected in table:
        hits = search(question)
        got = hits[0].entry.id if hits else None
        if got != expected:
            misses.append(f"{question!r}: expected {expected}, got {got}")
    return 1 - len(misses) / len(table), misses


def test_question_table_ids_exist() -> None:
    ids = {entry.id for entry in entries()}
    assert len(REALISTIC_QUESTIONS) >= 35
    for _, expected in REALISTIC_QUESTIONS + HELD_OUT_QUESTIONS:
        assert expected in ids, expected


def test_top1_accuracy_on_realistic_questions() -> None:
    accuracy, misses = top1_accuracy(REALISTIC_QUESTIONS)
    held_out, held_out_misses = top1_accuracy(HELD_OUT_QUESTIONS)
    report = (
        f"top-1 accuracy: {accuracy:.1%} on {len(REALISTIC_QUESTIONS)} questions; "
        f"{held_out:.1%} on {len(HELD_OUT_QUESTIONS)} held-out questions. "
        f"Misses: {misses + held_out_misses}"
    )
    print(report)
    assert accuracy >= 0.90, report
    assert held_out >= 0.85, report


@pytest.mark.parametrize("question", NONSENSE)
def test_nonsense_finds_nothing(question: str) -> None:
    assert search(question) == []


@pytest.mark.parametrize(
    "question",
    [
        "write me a python script to scrape instagram followers",
        "can you debug my javascript that counts tiktok likes",
    ],
)
def test_a_question_mostly_about_something_else_is_not_answered_from_its_trade_words(
    question: str,
) -> None:
    # "write" is also how a team asks for a brief: the known half must not carry it.
    assert search(question) == []


def test_the_known_half_still_answers_when_the_question_is_the_trades() -> None:
    (best, *_) = search("how do i write an influencer brief")
    assert best.entry.id == "brief-essentials"


def test_hits_are_ranked_and_limited() -> None:
    hits = search("how much does a micro influencer cost", limit=5)
    assert 1 <= len(hits) <= 5
    assert all(isinstance(hit, SearchHit) for hit in hits)
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert search("micro influencer", limit=1)[0].entry.id == "tier-micro"
    assert search("micro influencer", limit=0) == []


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        (["nano-influencer", "nano influencer", "nanoinfluencer", "Nano Influencers"], "tier-nano"),
        (["ER formula", "engagement rate formula", "engagement-rate formula"], "er-formula"),
        (["fake followers", "bots", "bought followers"], "quality-fake-followers"),
        (["tiktok price", "tiktok rates", "how much tiktok", "tiktok charge"], "cost-tiktok"),
        (["celebrity influencer", "big influencer", "mega influencer"], "tier-mega"),
        (["cpm", "cost per thousand impressions"], "cost-cpm"),
    ],
)
def test_synonyms_plurals_and_hyphens(variants: list[str], expected: str) -> None:
    for variant in variants:
        hits = search(variant)
        assert hits, variant
        assert hits[0].entry.id == expected, (variant, [h.entry.id for h in hits])


def test_small_creators_means_nano_and_micro() -> None:
    ids = {hit.entry.id for hit in search("small creators", limit=5)}
    assert ids & {"tier-nano", "tier-micro", "nano-vs-micro", "mix-nano-micro", "micro-vs-mega"}


def test_follower_counts_point_to_their_tier() -> None:
    assert search("is 40k followers micro")[0].entry.id == "tier-micro"
    assert search("account with 500 followers")[0].entry.id == "emerging-accounts"
    # Money is not a follower count.
    assert search("$25k budget")[0].entry.id != "tier-micro"


# -- robustness -----------------------------------------------------------------------------------

FTS_SYNTAX = [
    '"', "'", "*", "^", ":", "-", "+", "(", ")", "{", "}", "[", "]", "NEAR", "NEAR(", "AND",
    "OR", "NOT", "near/3", "title:", "{title body}:", "\\", "\x00", "%", "$", "é", "ß", "ﬁ",
    "\u200b", "\ufeff", "日本語", "💥", "\ud800", "nano", "micro", "10k", "rank", "bm25(",
]  # fmt: skip

adversarial = st.lists(
    st.one_of(st.sampled_from(FTS_SYNTAX), st.text(max_size=8)), max_size=30
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(question=st.one_of(st.text(), adversarial), limit=st.integers(min_value=-1, max_value=30))
def test_search_never_raises(question: str, limit: int) -> None:
    hits = search(question, limit=limit)
    assert len(hits) <= max(limit, 0)


@pytest.mark.parametrize(
    "question",
    [
        "x" * 6000,
        "nano " * 1200,
        '"' * 6000,
        "NEAR(" * 1000,
        "AND OR NOT " * 500,
        "9" * 6000 + " followers",
        ("micro influencer cost " * 300)[:6000],
    ],
)
def test_search_survives_huge_input(question: str) -> None:
    search(question)


def test_search_from_many_threads() -> None:
    questions = [q for q, _ in REALISTIC_QUESTIONS] * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(search, questions))
    assert [r[0].entry.id if r else None for r in results[: len(REALISTIC_QUESTIONS)]] == [
        r[0].entry.id if r else None for r in map(search, (q for q, _ in REALISTIC_QUESTIONS))
    ]


# -- autocomplete ---------------------------------------------------------------------------------


def test_empty_prefix_gives_a_full_default_list() -> None:
    defaults = suggest("")
    assert len(defaults) == MAX_SUGGESTIONS
    assert len(set(defaults)) == len(defaults)
    assert defaults[0] == get_entry("tiers-overview").questions[0]
    assert suggest("   ") == defaults


def test_suggestions_follow_the_prefix() -> None:
    assert all(s.lower().startswith("how much") for s in suggest("how much")[:3])
    assert any("nano" in s.lower() for s in suggest("nan"))
    assert any("TikTok" in s for s in suggest("tik"))
    assert suggest("zzzzqqq") == []
    assert len(suggest("what", limit=3)) == 3


@settings(max_examples=200, deadline=None)
@given(prefix=st.one_of(st.text(), adversarial), limit=st.integers(min_value=-5, max_value=50))
def test_suggest_stays_within_discord_limits(prefix: str, limit: int) -> None:
    suggestions = suggest(prefix, limit=limit)
    assert len(suggestions) <= min(max(limit, 0), MAX_SUGGESTIONS)
    assert all(1 <= len(s) <= MAX_QUESTION_CHARS for s in suggestions)


def test_every_question_is_a_valid_choice_and_finds_its_entry() -> None:
    # Picking a suggestion must answer it: each entry's own questions get that entry, and
    # its Related list never offers the question just asked.
    failures = []
    for entry in entries():
        for question in entry.questions:
            assert len(question) <= MAX_QUESTION_CHARS
            found = answer(question)
            if not found.hits or found.hits[0].entry.id != entry.id:
                failures.append((question, entry.id))
            for hit in found.hits[1:]:
                assert question not in hit.entry.questions
    assert failures == []


def test_no_question_is_offered_twice() -> None:
    questions = [q.casefold() for entry in entries() for q in entry.questions]
    duplicates = {q for q in questions if questions.count(q) > 1}
    assert duplicates == set()


def test_keywords_and_questions_are_plain_text() -> None:
    for entry in entries():
        for question in entry.questions:
            assert not re.search(r"[*_`~|]", question), question


# -- originality ----------------------------------------------------------------------------

SHARED = Path(__file__).resolve().parents[3] / "shared"
_FIGURE_LIKE = re.compile(r"[$€£]?\d[\d,.]*\s?(?:[kKmMbB]\b|%|billion|million)?")
_TIER_WORDS = {"nano", "micro", "mid", "macro", "mega"}


def prose_runs(text: str, n: int = 6) -> set[str]:
    """Runs of n words, numbers removed: tables of figures are data, not prose."""
    words = re.findall(r"[a-z]+", _FIGURE_LIKE.sub(" ", text.lower().replace("'", "")))
    runs = (" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    # A list of tier names ("nano, micro, mid, macro") is a label, not a sentence.
    return {run for run in runs if len(_TIER_WORDS & set(run.split())) < 4}


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="shared seed documents not present")
def test_no_sentence_is_copied_from_the_seeds_or_facts() -> None:
    references: set[str] = set()
    for path in [*sorted((SHARED / "seeds").glob("*.txt")), SHARED / "domain" / "FACTS.md"]:
        if path.is_file():
            references |= prose_runs(path.read_text(encoding="utf-8"))
    texts = [(entry.id, entry.body) for entry in entries()]
    texts += [
        (f"{tier}.{name}", profile.aspect(name).text)
        for tier, profile in tier_profiles().items()
        for name, _ in DEFINE_ASPECTS
    ]
    copied = {name: sorted(prose_runs(text) & references) for name, text in texts}
    assert {name: runs for name, runs in copied.items() if runs} == {}


def test_a_shorter_wording_of_an_example_question_gets_its_entry_and_no_echo() -> None:
    # "do i need #ad on instagram" asks what "Do I need #ad on instagram posts?" asks:
    # the answer says yes up front, and Related never offers the user's own question back.
    found = answer("do i need #ad on instagram")

    best = found.hits[0].entry
    assert best.title == "Disclosing paid posts (#ad): the basics"
    assert best.body.startswith("Yes:")
    assert "not legal advice" in best.body
    offered = [q for hit in found.hits[1:] for q in hit.entry.questions]
    assert "Do I need #ad on instagram posts?" not in offered
