"""The tier knowledge base (bot/data/knowledge.toml) and its search.

Entries are validated when loaded: every entry names sources that exist, and every number
it shows is listed as a figure with the source it comes from. Search ranks free-text
questions with SQLite FTS5 (BM25, porter stemming) over an in-memory index built once,
after expanding synonyms from the data file. User text never reaches FTS5 syntax: it is
reduced to quoted word tokens first, so no input can raise a query error.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cache, lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.domain import rate_card_text
from bot.domain.sources import UnknownSourceError, cite, get_source, load_data_file
from bot.domain.tiers import classify

MAX_BODY_CHARS = 900
MAX_QUESTION_CHARS = 100  # a Discord autocomplete choice name holds at most 100 characters
MAX_TITLE_CHARS = 200  # under Discord's 256 for an embed title, leaving room for decoration
MAX_SUGGESTIONS = 25  # Discord shows at most 25 autocomplete choices
MAX_QUERY_CHARS = 500  # beyond this a "question" is a paste; the head says what it is about
MAX_QUERY_TOKENS = 40

# "engagement" asks how engagement is counted or how it behaves; "benchmark" asks what a
# good or normal rate is. A plain engagement question is happy with either.
Intent = Literal["definition", "comparison", "price", "engagement", "benchmark", "advice"]
_INTENT_BY_PREFIX: tuple[tuple[str, Intent], ...] = (
    ("tier-", "definition"),
    ("tiers-", "definition"),
    ("scheme-", "definition"),
    ("default-scheme", "definition"),
    ("emerging", "definition"),
    ("cost-", "price"),
    ("pay-", "price"),
    ("er-", "engagement"),
    ("benchmark-", "benchmark"),
)

# -- figures: every number shown must carry a source ------------------------------------------

# Digits glued to a preceding letter or digit are part of a name (Captiv8), not a figure.
_NUMBER = re.compile(
    r"(?<![^\W_])[$€£]?\d+(?:[.,]\d+)*"
    r"(?:\s?(?:%|[kKmMbB]\b|billion\b|million\b|thousand\b))?"
)
# Names, not figures: inline code (commands, option values such as `seed-003` or `12.5k`)
# and the seed documents' names ("seed 003").
_NOT_FIGURES = re.compile(r"`[^`\n]*`|\bseeds?[ -]00\d\b", re.IGNORECASE)


def find_numbers(text: str) -> list[tuple[int, int, str]]:
    """Every number in `text` as (start, end, token): digits, %, $ amounts, 10K, 1.2M."""
    masked = _NOT_FIGURES.sub(lambda m: " " * len(m.group()), text)
    # A rate-card placeholder is written out from the price resolver, with its sources.
    masked = rate_card_text.PLACEHOLDER.sub(lambda m: " " * len(m.group()), masked)
    return [(m.start(), m.end(), m.group()) for m in _NUMBER.finditer(masked)]


def uncovered_numbers(text: str, figure_values: Iterable[str]) -> list[str]:
    """Numbers in `text` not inside any occurrence of a listed figure value."""
    spans: list[tuple[int, int]] = []
    for value in figure_values:
        start = text.find(value)
        while start != -1:
            spans.append((start, start + len(value)))
            start = text.find(value, start + 1)
    return [
        token
        for start, end, token in find_numbers(text)
        if not any(a <= start and end <= b for a, b in spans)
    ]


class Figure(BaseModel):
    """A number as it appears in the text, and the source it comes from."""

    model_config = ConfigDict(frozen=True)

    value: str = Field(min_length=1)
    source: str

    @field_validator("value")
    @classmethod
    def _has_digits(cls, value: str) -> str:
        if not any(ch.isdigit() for ch in value):
            raise ValueError(f"figure {value!r} contains no number")
        return value


def require_source(source_id: str, where: str) -> None:
    """A ValueError (which pydantic reports as a validation error) for an unknown source id."""
    try:
        get_source(source_id)
    except UnknownSourceError:
        raise ValueError(f"{where}: unknown source id {source_id!r}") from None


def check_figures(
    texts: Sequence[str], sources: Sequence[str], figures: Sequence[Figure], where: str
) -> None:
    """Raise ValueError unless every number in `texts` is a listed, sourced figure."""
    for source_id in sources:
        require_source(source_id, where)
    joined = "\n".join(texts)
    for figure in figures:
        require_source(figure.source, where)
        if figure.source not in sources:
            raise ValueError(
                f"{where}: figure {figure.value!r} cites {figure.source!r}, not listed"
            )
        if figure.value not in joined:
            raise ValueError(f"{where}: figure {figure.value!r} does not appear in the text")
    values = [figure.value for figure in figures]
    for text in texts:
        missing = uncovered_numbers(text, values)
        if missing:
            raise ValueError(f"{where}: numbers without a sourced figure: {missing}")


# -- entries ------------------------------------------------------------------------------------


class KnowledgeEntry(BaseModel):
    """One answer in the knowledge base."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    title: str = Field(min_length=1, max_length=MAX_TITLE_CHARS)
    questions: tuple[str, ...] = Field(min_length=2, max_length=5)
    keywords: tuple[str, ...] = Field(min_length=1)
    body: str = Field(min_length=1, max_length=MAX_BODY_CHARS)
    sources: tuple[str, ...] = Field(min_length=1)
    figures: tuple[Figure, ...] = ()
    intent: Intent | None = None  # None: read from the id (see `kind`)
    # The topic's starting point ("the basics"): the answer when a question names the topic
    # and nothing narrower, ahead of entries about one corner of it.
    general: bool = False

    @field_validator("questions")
    @classmethod
    def _short_questions(cls, questions: tuple[str, ...]) -> tuple[str, ...]:
        for question in questions:
            if not question.strip() or len(question) > MAX_QUESTION_CHARS:
                raise ValueError(f"question must be 1–{MAX_QUESTION_CHARS} chars: {question!r}")
        return questions

    @model_validator(mode="after")
    def _sourced(self) -> KnowledgeEntry:
        if len(set(self.sources)) != len(self.sources):
            raise ValueError(f"{self.id}: a source is listed twice")
        check_figures((self.title, *self.questions, self.body), self.sources, self.figures, self.id)
        return self

    @property
    def citation(self) -> str:
        return cite(self.sources)

    @property
    def kind(self) -> Intent:
        """What the entry answers: a definition, a comparison, a price, engagement, advice."""
        if self.intent is not None:
            return self.intent
        if "-vs-" in self.id:
            return "comparison"
        for prefix, intent in _INTENT_BY_PREFIX:
            if self.id.startswith(prefix):
                return intent
        return "advice"


class UnknownEntryError(LookupError):
    def __init__(self, entry_id: str) -> None:
        super().__init__(f"no knowledge entry {entry_id!r}")
        self.entry_id = entry_id


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An entry that answers a question; higher score is better."""

    entry: KnowledgeEntry
    score: float


@dataclass(frozen=True, slots=True)
class _Synonyms:
    phrases: dict[tuple[str, ...], tuple[str, ...]]  # phrase tokens -> canonical terms
    longest: int


@dataclass(frozen=True, slots=True)
class _Concept:
    """One idea in a question: any of `terms` matching counts as the idea matching."""

    terms: frozenset[str]
    weak: bool
    exact: frozenset[str] = frozenset()  # the user's own word or phrase for a synonym


@dataclass(frozen=True, slots=True)
class _Library:
    entries: tuple[KnowledgeEntry, ...]
    by_id: dict[str, KnowledgeEntry]
    stopwords: frozenset[str]
    weak_terms: frozenset[str]
    synonyms: _Synonyms
    featured: tuple[str, ...]
    topic_phrases: frozenset[tuple[str, ...]]  # influencer-marketing words (see names_topic)
    platform_phrases: frozenset[tuple[str, ...]]  # on topic with a business word
    business_phrases: frozenset[tuple[str, ...]]

    def is_weak(self, token: str) -> bool:
        """Generic words, singular or plural ("influencers" is as generic as "influencer")."""
        return token in self.weak_terms or (token.endswith("s") and token[:-1] in self.weak_terms)


@cache
def _library() -> _Library:
    raw = load_data_file("knowledge.toml")
    entries = tuple(_entry(item) for item in raw["entry"])
    by_id: dict[str, KnowledgeEntry] = {}
    for entry in entries:
        if entry.id in by_id:
            raise ValueError(f"duplicate knowledge entry id {entry.id!r}")
        by_id[entry.id] = entry
    search = raw["search"]
    phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
    for group in raw["synonym"]:
        terms = tuple(dict.fromkeys(t for term in group["terms"] for t in _tokens(term)))
        for phrase in group["phrases"]:
            key = tuple(_tokens(phrase))
            # A phrase in two groups means both senses: search for both.
            phrases[key] = tuple(dict.fromkeys((*phrases.get(key, ()), *terms)))
    featured = tuple(search.get("featured", ()))
    for entry_id in featured:
        if entry_id not in by_id:
            raise ValueError(f"featured entry {entry_id!r} does not exist")
    return _Library(
        entries=entries,
        by_id=by_id,
        stopwords=frozenset(search["stopwords"]),
        weak_terms=frozenset(search["weak_terms"]),
        synonyms=_Synonyms(phrases=phrases, longest=max(len(key) for key in phrases)),
        featured=featured,
        topic_phrases=_phrase_set(search["topic_phrases"]),
        platform_phrases=_phrase_set(search["platform_phrases"]),
        business_phrases=_phrase_set(search["business_phrases"]),
    )


def _phrase_set(phrases: Iterable[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(_tokens(phrase)) for phrase in phrases)


def _entry(item: dict[str, Any]) -> KnowledgeEntry:
    """One entry, validated as written, then with its rate-card placeholders written out
    from the price resolver (see rate_card_text) and the sources of those prices added."""
    written = KnowledgeEntry(
        id=item["id"],
        title=item["title"],
        questions=tuple(item["questions"]),
        keywords=tuple(item["keywords"]),
        body=item["body"].strip(),
        sources=tuple(item["sources"]),
        figures=tuple(Figure(**figure) for figure in item.get("figures", ())),
        intent=item.get("intent"),
        general=item.get("general", False),
    )
    try:
        expanded = rate_card_text.expand(written.body)
    except rate_card_text.PlaceholderError as error:
        raise ValueError(f"{written.id}: {error}") from None
    if not expanded.pieces:
        return written
    # Each written piece is a figure of its own, citing the resolver's source for it.
    figures = (
        *written.figures,
        *(Figure(value=text, source=ids[0]) for text, ids in expanded.pieces if ids),
    )
    sources = tuple(dict.fromkeys((*written.sources, *expanded.source_ids)))
    return written.model_copy(
        update={"body": expanded.text, "sources": sources, "figures": figures}
    )


def entries() -> tuple[KnowledgeEntry, ...]:
    """Every entry, in the order of the data file."""
    return _library().entries


def get_entry(entry_id: str) -> KnowledgeEntry:
    try:
        return _library().by_id[entry_id]
    except KeyError:
        raise UnknownEntryError(entry_id) from None


# -- text normalisation ---------------------------------------------------------------------------

# "nanoinfluencer", "microcreators", "midtier" -> two words, as the hyphenated forms become.
_COMPOUND = re.compile(
    r"\b(nano|micro|mid|macro|mega)(influencers?|creators?|tiers?|sized?|level)\b"
)
_APOSTROPHES = re.compile(r"['’‘`´]")
_WORD = re.compile(r"[^\W_]+")  # letters and digits only: no operator or quote survives


def _tokens(text: str) -> list[str]:
    """Lower-case word tokens; hyphens, punctuation and FTS5 syntax characters split words."""
    # Lone surrogates cannot be encoded for SQLite; drop them rather than fail.
    text = text.encode("utf-8", "ignore").decode("utf-8")
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _APOSTROPHES.sub("", text)  # "what's" -> "whats", "creator's" -> "creators"
    text = _COMPOUND.sub(r"\1 \2", text)
    return _WORD.findall(text)


# "500 followers", "40k", "1.2M subscribers": a follower count the domain can place in a tier.
_FOLLOWER_COUNT = re.compile(
    r"(?<![\w.,$€£])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*"
    r"(?:(k|m|thousand|million)\b\s*(?:followers?|subscribers?|subs|fans)?"
    r"|(?:followers?|subscribers?|subs|fans)\b)",
    re.IGNORECASE,
)
_MULTIPLIERS = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "million": 1_000_000}


def _follower_counts(text: str) -> list[int]:
    counts = []
    for match in _FOLLOWER_COUNT.finditer(text):
        number, unit = match.group(1).replace(",", ""), (match.group(2) or "").casefold()
        if len(number) > 15:  # no account is that big; a float of it could be inf
            continue
        counts.append(round(float(number) * _MULTIPLIERS.get(unit, 1)))
    return counts


def _count_concept(followers: int) -> _Concept:
    """The tier a follower count falls in (default scheme), as a search idea."""
    placed = classify(followers)
    if placed.below_first_tier:
        return _Concept(terms=frozenset(("emerging",)), weak=False)
    if placed.tier is None:  # the default scheme has no gap, but stay total
        return _Concept(terms=frozenset(("boundary",)), weak=False)
    return _Concept(terms=frozenset((placed.tier.value,)), weak=False)


@cache
def _vocabulary() -> tuple[frozenset[str], tuple[str, ...]]:
    """Every word the knowledge base knows: entries, synonym phrases and stopwords."""
    library = _library()
    words: set[str] = set(library.stopwords) | set(library.weak_terms)
    for entry in library.entries:
        words.update(
            _tokens(" ".join((entry.title, *entry.questions, *entry.keywords, entry.body)))
        )
    for phrase in library.synonyms.phrases:
        words.update(phrase)
    # Only words of four letters or more are offered as corrections: short ones are too
    # close to everything ("er" would become "or").
    return frozenset(words), tuple(sorted(word for word in words if len(word) >= 4))


MAX_TYPO_CHARS = 20
_SHORT_TYPO_TARGETS = (
    "nano",
    "micro",
    "macro",
    "mega",
    "tier",
    "tiers",
    "tiktok",
    "insta",
    "twitch",
    "ftc",
)


@lru_cache(maxsize=8192)
def spelled(token: str) -> str:
    """The known word a typo most likely meant ("diffrence" -> "difference"), else itself."""
    known, _ = _vocabulary()
    if token in known or len(token) < 4 or token.isdigit():
        return token
    if token.endswith("s") and token[:-1] in known:
        return token
    # Typos rarely change the first letter: "prove" is not a typo of "approve". A short
    # word is one letter from many others ("bread", "broad"), so it is only read as a
    # tier or platform name ("mirco", "tiktk").
    if len(token) > MAX_TYPO_CHARS:  # a paste or a made-up string, not a typo
        return token
    pool = _by_first_letter().get(token[0], ()) if len(token) > 5 else _SHORT_TYPO_TARGETS
    close = [
        word
        for word in get_close_matches(token, pool, n=3, cutoff=_TYPO_CUTOFF)
        if word[0] == token[0]
    ]
    return close[0] if close else token


@cache
def _by_first_letter() -> dict[str, tuple[str, ...]]:
    """Correction candidates grouped by first letter (a typo keeps it), so a lookup scans a
    few hundred words rather than every word the knowledge base knows."""
    groups: dict[str, list[str]] = {}
    for word in _vocabulary()[1]:
        groups.setdefault(word[0], []).append(word)
    return {letter: tuple(words) for letter, words in groups.items()}


def _concepts(
    question: str, *, expand_counts: bool = True, fix_typos: bool = False
) -> list[_Concept]:
    """The ideas in a question: synonym phrases (longest first), then remaining words.

    A follower count ("500 followers", "40k") adds the tier it falls in, in the default
    scheme: "is 40k followers micro?" is a question about micro.
    """
    library = _library()
    synonyms = library.synonyms
    question = question[:MAX_QUERY_CHARS]
    tokens = _tokens(question)[:MAX_QUERY_TOKENS]
    if fix_typos:
        tokens = [spelled(token) for token in tokens]
    # Keyed by synonym group, so "how much ... charge" is one idea (cost), not two.
    concepts: dict[tuple[str, ...], _Concept] = {}
    position = 0
    while position < len(tokens):
        for length in range(min(synonyms.longest, len(tokens) - position), 0, -1):
            phrase = tuple(tokens[position : position + length])
            canonical = synonyms.phrases.get(phrase)
            if canonical is not None:
                # Only the canonical terms: indexed fields carry them too, so every entry
                # competes on the same word. Searching the user's own synonym as well would
                # let a rare one ("celebrity") outweigh the common one ("mega") through
                # its higher IDF, and glue words of a phrase ("counts as") match noise.
                key = canonical
                terms = frozenset(canonical)
                # ...but the exact words typed earn a small bonus (see concept_scores); a
                # longer phrase counts as a phrase ("rate card"), never word by word.
                exact = frozenset((" ".join(phrase),)) - terms
                weak = all(library.is_weak(term) for term in canonical)
                position += length
                break
        else:
            token = tokens[position]
            position += 1
            if token in library.stopwords:
                continue
            key = (token,)
            terms = frozenset((token,))
            exact = frozenset()
            # A bare number matches prices and percentages by accident; its meaning comes
            # through the follower-count expansion below instead.
            weak = library.is_weak(token) or token.isdigit()
        known = concepts.get(key)
        if known is not None:
            terms, exact = known.terms | terms, known.exact | exact
        concepts[key] = _Concept(terms=terms, weak=weak, exact=exact)
    if expand_counts:
        for followers in _follower_counts(question)[:3]:
            concept = _count_concept(followers)
            concepts.setdefault(tuple(sorted(concept.terms)), concept)
    return list(concepts.values())


# -- the search index -----------------------------------------------------------------------------

# Each field is its own FTS5 table, scored separately and summed with these weights. One
# table with column weights would not do: FTS5's bm25() adds weighted term counts across
# columns before saturating them, so a title hit ends up worth no more than a mention in
# an example question. Separate tables also give each field its own document frequencies:
# in 56 entries the bodies mention "micro" almost everywhere, titles rarely.
_FIELDS: tuple[tuple[str, float], ...] = (
    ("title", 3.0),
    ("questions", 1.5),
    ("keywords", 1.5),  # keywords plus the canonical synonym terms of everything above
    ("body", 0.4),
)
_EXACT_BONUS = 0.25  # share of an exact word's score added on top of its synonym group's
_WEAK_WEIGHT = 0.3  # generic words ("influencer") nudge the ranking but decide nothing
_MIN_RELATIVE_SCORE = 0.35  # hits scoring under this share of the best are noise
_TOKENIZER = "porter unicode61 remove_diacritics 2"
_TYPO_CUTOFF = 0.8  # difflib ratio: "engagment" and "diffrence" pass, "weather" stays itself
_INTENT_BOOST = 1.6  # an entry of the kind asked for (a price for "how much") is lifted
_INTENT_MISMATCH = 0.75  # and one of another kind lowered
_SCOPE_BOOST = 1.5  # an entry about exactly the platform or country named
_SCOPE_MISMATCH = 0.6  # an entry about another one
_UNASKED_REGION = 0.7  # a country's rules when the question names no country
_GENERAL_BOOST = 1.25  # a topic's general entry when the question asks one idea only
_GENERAL_NARROWED = 0.7  # and when an entry about the platform named answers as much
# Words in an entry's title that scope it to a platform or a country's rules.
_SCOPE_OF: dict[str, str] = {
    "instagram": "instagram",
    "tiktok": "tiktok",
    "youtube": "youtube",
    "twitch": "twitch",
    "snapchat": "snapchat",
    "facebook": "facebook",
    "twitter": "twitter",
    "x": "twitter",  # titles say "X (Twitter)" or "Twitch, X, Facebook"
    "us": "us",
    "ftc": "us",
    "uk": "uk",
    "asa": "uk",
    "cma": "uk",
    "eu": "eu",
}
_REGIONS = frozenset(("us", "uk", "eu"))
_PLATFORM_TERMS = frozenset(term for term, scope in _SCOPE_OF.items() if scope not in _REGIONS)
# Countries named in a question. "us" is also a pronoun, so only its capitalised or
# unambiguous forms count.
_REGION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "us",
        re.compile(
            r"\b(?:US|USA|U\.S\.?)\b|\b(?:usa|united states|america|american|ftc)\b"
            r"|\bus (?:rules?|laws?|regulations?|guidance|guidelines|market)\b",
            re.IGNORECASE,
        ),
    ),
    ("uk", re.compile(r"\b(?:uk|britain|british|england|asa|cma|cap code)\b", re.IGNORECASE)),
    (
        "eu",
        re.compile(
            r"\b(?:eu|europe|european|ucpd|germany|france|spain|italy|netherlands)\b",
            re.IGNORECASE,
        ),
    ),
)
MIN_CONFIDENCE = 8.0  # below this best score the question is refused (tuned question set)


class _SearchIndex:
    """In-memory FTS5 tables over the entries (one per field), shared by every caller."""

    def __init__(self, library: _Library) -> None:
        self._entries = library.entries
        # check_same_thread=False: the bot may search from worker threads; the lock keeps
        # one statement at a time on the shared connection.
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._lock = threading.Lock()
        texts: dict[str, list[tuple[int, str]]] = {name: [] for name, _ in _FIELDS}
        for rowid, entry in enumerate(self._entries, start=1):
            # Each field also carries the canonical synonym terms of its own words, so
            # "price" in a question meets "cost" in a title, and "big" in a title is mega.
            for name, text in (
                ("title", entry.title),
                ("questions", " ".join(entry.questions)),
                ("keywords", " ".join(entry.keywords)),
            ):
                texts[name].append((rowid, _clean(text) + " " + _canonical(text)))
            texts["body"].append((rowid, _clean(entry.body)))
        for name, rows in texts.items():
            # Table names come from _FIELDS, never from input.
            self._db.execute(
                f"CREATE VIRTUAL TABLE f_{name} USING fts5(text, tokenize = '{_TOKENIZER}')"
            )
            self._db.executemany(f"INSERT INTO f_{name} (rowid, text) VALUES (?, ?)", rows)
        self._db.commit()

    @lru_cache(maxsize=4096)  # noqa: B019 - one index lives for the whole process
    def term_scores(self, term: str) -> Mapping[int, float]:
        """Weighted per-field BM25 (higher is better) of every entry containing `term`."""
        scores: dict[int, float] = {}
        with self._lock:
            for name, weight in _FIELDS:
                found = self._db.execute(
                    f"SELECT rowid, -bm25(f_{name}) FROM f_{name} WHERE f_{name} MATCH ?",
                    (_quote(term),),
                ).fetchall()
                for rowid, score in found:
                    scores[rowid] = scores.get(rowid, 0.0) + weight * float(score)
        return scores

    def concept_scores(self, concept: _Concept) -> dict[int, float]:
        """Each entry's best score over the concept's terms: an idea counts once, however
        many of its synonyms an entry happens to contain."""
        best: dict[int, float] = {}
        for term in concept.terms:
            for rowid, score in self.term_scores(term).items():
                if score > best.get(rowid, 0.0):
                    best[rowid] = score
        # An entry using the very word typed ("ER", not just "engagement") edges ahead.
        bonus: dict[int, float] = {}
        for word in concept.exact:
            for rowid, score in self.term_scores(word).items():
                bonus[rowid] = max(bonus.get(rowid, 0.0), _EXACT_BONUS * score)
        for rowid, extra in bonus.items():
            best[rowid] = best.get(rowid, 0.0) + extra
        return best

    def search(self, question: str, limit: int) -> list[SearchHit]:
        concepts = _concepts(question, fix_typos=True)
        if not any(_is_anchor(term) for concept in concepts for term in concept.terms):
            # Nothing in the question is about influencer marketing ("how to write a cover
            # letter" shares words with the contract entry, but no topic).
            return []
        on_topic = names_topic(question)
        # Without a word of the trade, the entries' own ideas must carry the question: no
        # word the entries never use ("credit" in "what's a good credit score"), two or more
        # of their ideas (one not generic) unless the question is nothing else ("bots"), and
        # an answer that covers every one (see below). Generic words of the trade ("post",
        # "brand") count as evidence, not as ideas to cover.
        evidence = [c for c in concepts if any(_is_anchor(t) for t in c.terms)]
        required = [c for c in evidence if not c.weak]
        unknown = unknown_words(question)
        if not on_topic and (
            not required
            or unknown
            or (len(evidence) < 2 and len(evidence) < len(_worded(concepts)))
        ):
            return []
        asked = question_intent(question)
        named = _named_scopes(question, concepts)
        if limit <= 0 or all(concept.weak for concept in concepts):
            # Only generic words ("what is a kol", "1 creator"): any entry would be a guess.
            return []
        # Scores are summed per idea, not per word: a synonym group with five words must
        # not count five times.
        # A word the knowledge base has never seen ("restaurant") can match nothing, so it
        # must not count against coverage; the topic check above keeps off-topic out.
        # Only when two known ideas remain: "president of france" is not about EU rules.
        known, _ = _vocabulary()
        strong = [c for c in concepts if not c.weak] or concepts
        recognised = [c for c in strong if any(_known(t, known) for t in c.terms)]
        if len(recognised) >= 2:
            strong = recognised
        # A question mostly about something else ("write me a python script to scrape
        # instagram followers") only borrows the trade's words: answering its known half
        # would answer a different question.
        if len(unknown) >= 2 and len(unknown) >= len(recognised):
            return []
        totals: dict[int, float] = {}
        covered: dict[int, set[int]] = {}  # the ideas (by position) each entry matches
        for position, concept in enumerate(concepts):
            weight = 1.0 if concept in strong else _WEAK_WEIGHT
            for rowid, score in self.concept_scores(concept).items():
                totals[rowid] = totals.get(rowid, 0.0) + weight * score
                covered.setdefault(rowid, set()).add(position)
        strong_at = {i for i, concept in enumerate(concepts) if concept in strong}
        required_at = {i for i, concept in enumerate(concepts) if concept in required}
        # A platform qualifies a question ("repost a creator's TikTok on our Instagram" is
        # about reposting), so it weighs half an idea in coverage when other ideas are asked.
        qualifier = (
            {i for i in strong_at if concepts[i].terms <= _PLATFORM_TERMS}
            if any(not concepts[i].terms <= _PLATFORM_TERMS for i in strong_at)
            else set()
        )
        idea_weight = {i: 0.5 if i in qualifier else 1.0 for i in strong_at}
        asked_weight = sum(idea_weight.values())
        scored: list[tuple[int, float]] = []  # rowid, score
        for rowid, total in totals.items():
            found = len(covered[rowid] & strong_at)
            coverage = sum(idea_weight[i] for i in covered[rowid] & strong_at) / asked_weight
            # Relevant only if it covers at least half the question's ideas, or two of them
            # in a long question; "asdf qwerty" covers none and returns nothing.
            if found == 0 or (coverage < 0.5 and found < 2):
                continue
            # Without a word of the trade, a partial match is a coincidence of everyday
            # words ("how much should i spend on a wedding" meets the market-spend entry).
            if not on_topic and not required_at <= covered[rowid]:
                continue
            # Covering more of the question beats a high score on one idea.
            score = total * (0.25 + coverage) ** 2
            entry = self._entries[rowid - 1]
            if asked is not None:
                score *= _intent_weight(asked, entry.kind)
            score *= _scope_weight(named, _title_scopes(entry))
            if entry.general and len(strong) == 1:
                score *= _GENERAL_BOOST
            scored.append((rowid, score))
        # A topic's general entry answers "is #ad needed?", but not "a good ER on Instagram?"
        # when an entry about Instagram answers as much of the question.
        narrower = [
            covered[rowid] & strong_at
            for rowid, _ in scored
            if _narrows(named, self._entries[rowid - 1])
        ]
        hits: list[SearchHit] = []
        for rowid, score in scored:
            entry = self._entries[rowid - 1]
            ideas = covered[rowid] & strong_at
            if (
                entry.general
                and named - _title_scopes(entry)
                and any(ideas <= other for other in narrower)
            ):
                score *= _GENERAL_NARROWED
            hits.append(SearchHit(entry=entry, score=score))
        hits.sort(key=lambda hit: (-hit.score, hit.entry.id))
        if hits:
            floor = hits[0].score * _MIN_RELATIVE_SCORE
            hits = [hit for hit in hits if hit.score >= floor]
        return hits[:limit]


def _worded(concepts: Sequence[_Concept]) -> list[_Concept]:
    """The ideas that are words, not numbers ("25k" is a count or an amount)."""
    return [c for c in concepts if not any(ch.isdigit() for t in c.terms for ch in t)]


def _typed_words(question: str) -> list[str]:
    """The question's words as searched: tokenised, capped and with typos fixed."""
    return [spelled(token) for token in _tokens(question[:MAX_QUERY_CHARS])[:MAX_QUERY_TOKENS]]


def _says_any(words: Sequence[str], phrases: frozenset[tuple[str, ...]]) -> bool:
    longest = max(len(phrase) for phrase in phrases)
    return any(
        tuple(words[start : start + length]) in phrases
        for start in range(len(words))
        for length in range(1, min(longest, len(words) - start) + 1)
    )


def names_topic(question: str) -> bool:
    """Whether the question uses a word or phrase only influencer marketing uses
    ("creator", "tier", "engagement rate", "#ad"), or names a platform with a business word
    ("is twitch good for a snack brand"); typos fixed."""
    words = _typed_words(question)
    library = _library()
    return _says_any(words, library.topic_phrases) or (
        _says_any(words, library.platform_phrases) and _says_any(words, library.business_phrases)
    )


def unknown_words(question: str) -> list[str]:
    """Words of the question that no entry, synonym or stopword uses (numbers aside)."""
    known, _ = _vocabulary()
    return [
        word
        for word in _typed_words(question)
        if not any(ch.isdigit() for ch in word) and not _known(word, known)
    ]


def _canonical(text: str) -> str:
    """Synonym-group terms a text expresses but does not say ("how much" -> "cost").

    Only new words: repeating ones already present would inflate their term frequency.
    """
    present = set(_tokens(text))
    extra = {
        term
        for concept in _concepts(text, expand_counts=False)
        for term in concept.terms
        if term not in present
    }
    return " ".join(sorted(extra))


_HYPHENATED = re.compile(r"\b([^\W_]+)-([^\W_]+)\b")


def _clean(text: str) -> str:
    """Indexable text; hyphenated words also appear joined, so "tradeoff" meets "trade-off"."""
    joined = " ".join(a + b for a, b in _HYPHENATED.findall(text.casefold()))
    return " ".join(_tokens(text + " " + joined))


def _quote(term: str) -> str:
    # Terms are words of letters and digits (see _WORD) joined by spaces, so quoting makes
    # each a plain phrase: "NEAR", "OR" or "NOT" in a question are words, never operators.
    return '"' + term.replace('"', '""') + '"'


@cache
def _anchors() -> frozenset[str]:
    """Words that put a question on topic: every entry keyword and every synonym's canonical
    term, less stopwords and generic words."""
    library = _library()
    words: set[str] = set()
    for entry in library.entries:
        words.update(_tokens(" ".join(entry.keywords)))
    for terms in library.synonyms.phrases.values():
        words.update(terms)
    return frozenset(words - library.stopwords - _NOT_ANCHORS)


# Keyword words that are everyday English, not a topic of their own.
_NOT_ANCHORS = frozenset(
    ("why", "check", "signs", "terms", "extra", "long", "time", "sites", "good", "high", "too")
)


def _known(term: str, known: frozenset[str]) -> bool:
    return term in known or (term.endswith("s") and term[:-1] in known)


def _is_anchor(term: str) -> bool:
    anchors = _anchors()
    return term in anchors or (term.endswith("s") and term[:-1] in anchors) or term + "s" in anchors


@lru_cache(maxsize=512)
def _title_scopes(entry: KnowledgeEntry) -> frozenset[str]:
    """The platforms and countries an entry is about, by its title."""
    return frozenset(_SCOPE_OF[t] for t in _tokens(entry.title) if t in _SCOPE_OF)


def _named_scopes(question: str, concepts: Sequence[_Concept]) -> frozenset[str]:
    """The platforms (as searched) and countries a question names."""
    terms = {term for concept in concepts for term in concept.terms}
    platforms = {_SCOPE_OF[t] for t in terms if t in _SCOPE_OF and _SCOPE_OF[t] not in _REGIONS}
    regions = {name for name, pattern in _REGION_PATTERNS if pattern.search(question)}
    return frozenset(platforms | regions)


def _scope_weight(named: frozenset[str], shown: frozenset[str]) -> float:
    """ "On YouTube" wants the YouTube entry, not the general or the TikTok one; a question
    naming no country wants the general disclosure answer, not one country's rules."""
    if not shown:
        return 1.0
    if named:
        # Exactly the platforms named: with two named, one platform's entry answers half.
        if shown == named or (shown <= named and len(named - _REGIONS) < 2):
            return _SCOPE_BOOST
        return 1.0 if shown & named else _SCOPE_MISMATCH
    return _UNASKED_REGION if shown & _REGIONS else 1.0


def _narrows(named: frozenset[str], entry: KnowledgeEntry) -> bool:
    """Whether `entry` is about exactly the platforms or countries the question names."""
    shown = _title_scopes(entry)
    return bool(named) and bool(shown) and shown <= named


@cache
def _index() -> _SearchIndex:
    return _SearchIndex(_library())


def warm_up() -> None:
    """Load, validate and index now (e.g. at start-up) rather than on the first question."""
    _index()
    _suggestions()


def ranked(question: str, limit: int = 3) -> list[SearchHit]:
    """The nearest entries, best first, however weak the match (for suggestions)."""
    try:
        return _index().search(question, limit)
    except sqlite3.Error:
        # Tokens are sanitised, so this is not expected; a question that somehow trips
        # SQLite gets "no answer" rather than an error in the user's face.
        return []


def search(question: str, limit: int = 3) -> list[SearchHit]:
    """Entries that answer `question`, best first; empty when the best match is too weak
    to be trusted (below MIN_CONFIDENCE)."""
    hits = ranked(question, limit)
    return hits if hits and hits[0].score >= MIN_CONFIDENCE else []


# -- intent, confidence and the answer ---------------------------------------------------------

_INTENT_PATTERNS: tuple[tuple[Intent, re.Pattern[str]], ...] = (
    (
        "comparison",
        re.compile(
            r"\b(vs|versus|difference|differences|differ|compare|compared|comparison|"
            r"which matters|which is better|which one|or)\b"
        ),
    ),
    (
        "price",
        re.compile(
            r"\b(cost|costs|price|prices|pricing|priced|charge|charges|charging|rate card|fee|"
            r"fees|how much (do|does|should|would|to|for|is|are)|pay|paying|expensive|cheap|"
            # "paid ads" and "paid media" name a channel, not a price question
            r"paid(?! (ads?|advert\w*|media|social|partnerships?|promotions?|campaigns?))|"
            r"quote|budget|in exchange)\b"
        ),
    ),
    (
        "benchmark",
        re.compile(
            r"\b(good|normal|average|avg|typical|benchmarks?|expect|expected|healthy|decent)\b"
            r".*\b(engagement|er)\b|\b(engagement|er)\b.*\b(benchmarks?|average|typical|normal)\b"
        ),
    ),
    ("engagement", re.compile(r"\b(engagement|engagment|er|interaction rate|likes)\b")),
    (
        "definition",
        re.compile(
            r"^(what is|what are|whats|define|definition|meaning|what does|what counts|"
            r"who are|who is|explain)\b|\bhow (many (followers|subscribers|subs|fans)|big)\b"
        ),
    ),
    (
        "advice",
        re.compile(
            r"\b(should|how do i|how do we|how to|how can|tips|worth|choose|pick|needs?|"
            r"have to|must|required|allowed|legal|illegal|rules|avoid|spot|measure|track|"
            r"negotiate|best way)\b"
        ),
    ),
)
# Definition and advice are broad: an entry of that kind is lifted, others keep their score.
_SOFT_INTENTS: frozenset[Intent] = frozenset(("definition", "advice"))
# Kinds close to the one asked: lifted for a plain engagement question, kept for a
# benchmark question (a formula entry still says something about a good rate).
_CLOSE_INTENTS: dict[Intent, frozenset[Intent]] = {
    "engagement": frozenset(("benchmark",)),
    "benchmark": frozenset(("engagement",)),
}


def _intent_weight(asked: Intent, kind: Intent) -> float:
    if kind == asked or (asked == "engagement" and kind in _CLOSE_INTENTS[asked]):
        return _INTENT_BOOST
    if asked in _SOFT_INTENTS or kind in _CLOSE_INTENTS.get(asked, frozenset()):
        return 1.0
    return _INTENT_MISMATCH


def question_intent(question: str) -> Intent | None:
    """What the question asks for, from its wording; None when it does not say."""
    text = " ".join(spelled(token) for token in _tokens(question[:MAX_QUERY_CHARS]))
    for intent, pattern in _INTENT_PATTERNS:
        if pattern.search(text):
            return intent
    return None


@dataclass(frozen=True, slots=True)
class Answer:
    """The entries answering a question (best first), or, when none is confident enough,
    the closest questions Tierbot can answer."""

    hits: tuple[SearchHit, ...]
    suggestions: tuple[str, ...]


def _normalised_question(text: str) -> str:
    return " ".join(spelled(token) for token in _tokens(text[:MAX_QUERY_CHARS]))


@cache
def _question_owners() -> dict[str, KnowledgeEntry]:
    """Each example question (normalised) and the entry it belongs to."""
    owners: dict[str, KnowledgeEntry] = {}
    for entry in _library().entries:
        for question in entry.questions:
            owners.setdefault(" ".join(_tokens(question)), entry)
    return owners


def example_owner(question: str) -> KnowledgeEntry | None:
    """The entry whose example question this is (typos, case and punctuation aside): what
    autocomplete offered it for."""
    return _question_owners().get(_normalised_question(question))


_Ideas = frozenset[frozenset[str]]


def _asks_the_same(ideas: _Ideas, entry: KnowledgeEntry) -> bool:
    """Whether one of `entry`'s example questions asks exactly `ideas` (two or more)."""
    return len(ideas) >= 2 and any(
        _ideas(question, fix_typos=False) == ideas for question in entry.questions
    )


def _ideas(text: str, *, fix_typos: bool) -> _Ideas:
    """The strong ideas a question asks about: "do i need #ad on instagram" and "Do I need
    #ad on instagram posts?" both ask about disclosure and Instagram."""
    return frozenset(c.terms for c in _concepts(text, fix_typos=fix_typos) if not c.weak)


@cache
def _idea_owners() -> dict[_Ideas, KnowledgeEntry]:
    """Example questions by the ideas they ask about (two or more), where one entry alone
    owns those ideas: a question that asks the same thing gets that entry."""
    owners: dict[_Ideas, KnowledgeEntry | None] = {}
    for entry in _library().entries:
        for question in entry.questions:
            ideas = _ideas(question, fix_typos=False)
            if len(ideas) < 2:
                continue
            known = owners.get(ideas, entry)
            owners[ideas] = entry if known is not None and known.id == entry.id else None
    return {ideas: entry for ideas, entry in owners.items() if entry is not None}


def answer(question: str, limit: int = 3) -> Answer:
    """The best entry and up to `limit` - 1 related ones, or three suggestions instead.

    A question that is one of an entry's own example questions gets that entry, so every
    suggestion Tierbot makes answers what it says; related entries never repeat the answer
    or offer the question just asked.
    """
    typed = _normalised_question(question)
    ideas = _ideas(question[:MAX_QUERY_CHARS], fix_typos=True)
    owner = _question_owners().get(typed) or _idea_owners().get(ideas)
    hits = ranked(question, max(limit, 3) + 2)
    if owner is not None:
        hits = [SearchHit(entry=owner, score=float("inf"))] + [
            hit for hit in hits if hit.entry.id != owner.id
        ]
    if hits and hits[0].score >= MIN_CONFIDENCE:
        best = hits[0]
        related = [
            hit
            for hit in hits[1:]
            if hit.entry.id != best.entry.id
            and typed not in {" ".join(_tokens(q)) for q in hit.entry.questions}
            and not _asks_the_same(ideas, hit.entry)
        ]
        return Answer(hits=(best, *related[: max(0, limit - 1)]), suggestions=())
    return Answer(hits=(), suggestions=closest_questions(question, hits))


def closest_questions(
    question: str, hits: Sequence[SearchHit] = (), count: int = 3
) -> tuple[str, ...]:
    """Questions Tierbot can answer that are nearest to `question`."""
    found = [hit.entry.questions[0] for hit in hits]
    owners = _question_owners()
    typed = _normalised_question(question)
    for near in get_close_matches(typed, list(owners), n=count * 2, cutoff=0.0):
        found.extend(q for q in owners[near].questions if " ".join(_tokens(q)) == near)
    if len(found) < count:
        _, defaults = _suggestions()
        found.extend(defaults)
    return tuple(dict.fromkeys(found))[:count]


# -- autocomplete ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Suggestion:
    text: str
    normalised: str
    words: tuple[str, ...]  # the question's words and its entry's title and keyword words


@cache
def _suggestions() -> tuple[tuple[_Suggestion, ...], tuple[str, ...]]:
    library = _library()
    items: list[_Suggestion] = []
    seen: set[str] = set()
    for entry in library.entries:
        context = _tokens(" ".join((entry.title, *entry.keywords)))
        for question in entry.questions:
            key = question.casefold()
            if key in seen:
                continue
            seen.add(key)
            words = tuple(dict.fromkeys((*_tokens(question), *context)))
            items.append(_Suggestion(question, " ".join(_tokens(question)), words))
    # The default list: featured entries first, then every entry's first question.
    order = [*library.featured, *(entry.id for entry in library.entries)]
    defaults = tuple(dict.fromkeys(library.by_id[entry_id].questions[0] for entry_id in order))
    return tuple(items), defaults


def suggest(prefix: str, limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Autocomplete questions for what the user has typed so far (≤25, each ≤100 chars)."""
    limit = max(0, min(limit, MAX_SUGGESTIONS))
    items, defaults = _suggestions()
    typed = _tokens(prefix[:MAX_QUERY_CHARS])[:MAX_QUERY_TOKENS]
    if not typed:
        return list(defaults[:limit])
    normalised = " ".join(typed)
    starts = [s.text for s in items if s.normalised.startswith(normalised)]
    # Every typed word must start some word of the question or its entry; the last word
    # is usually half-typed, so prefixes are what count.
    contains = [
        s.text for s in items if all(any(word.startswith(t) for word in s.words) for t in typed)
    ]
    results = list(dict.fromkeys((*starts, *contains)))
    if len(results) < limit and len(normalised) >= 3:
        for hit in search(prefix, limit=5):
            results.extend(hit.entry.questions)
        results = list(dict.fromkeys(results))
    return [text[:MAX_QUESTION_CHARS] for text in results[:limit]]
