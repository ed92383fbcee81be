"""What a typed question says in numbers: follower counts, rates, money, posts, reach.

Marketers type "is 50k micro or macro", "2% ER on a 300k account", "$5k budget" and
"how many micro influencers for 1 million impressions". This module reads those quantities
and the platform and tiers named, tolerating typos in the few words that carry the meaning
("mirco", "tik tok", "insta"). It decides nothing; `route` does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import get_close_matches

from bot.domain.platforms import Platform
from bot.domain.tier import Tier

MAX_PARSED_CHARS = 300  # a question longer than this is a paste; its head says enough
MAX_COUNT = 10_000_000_000  # above any real account or campaign

_PLATFORM_WORDS: dict[str, Platform] = {
    "instagram": Platform.INSTAGRAM,
    "insta": Platform.INSTAGRAM,
    "ig": Platform.INSTAGRAM,
    "instagrammer": Platform.INSTAGRAM,
    "reels": Platform.INSTAGRAM,
    "tiktok": Platform.TIKTOK,
    "tiktoker": Platform.TIKTOK,
    "tiktokers": Platform.TIKTOK,
    "youtube": Platform.YOUTUBE,
    "youtuber": Platform.YOUTUBE,
    "youtubers": Platform.YOUTUBE,
    "yt": Platform.YOUTUBE,
    "twitch": Platform.TWITCH,
    "streamer": Platform.TWITCH,
    "streamers": Platform.TWITCH,
    "twitter": Platform.X,
    "facebook": Platform.FACEBOOK,
    "fb": Platform.FACEBOOK,
    "snapchat": Platform.SNAPCHAT,
    "snap": Platform.SNAPCHAT,
}
_TIER_WORDS: dict[str, Tier] = {
    "nano": Tier.NANO,
    "micro": Tier.MICRO,
    "mid": Tier.MID,
    "midtier": Tier.MID,
    "macro": Tier.MACRO,
    "mega": Tier.MEGA,
    "celebrity": Tier.MEGA,
}
# Words whose typos are worth fixing: the ones a computation hinges on.
_FIXABLE = (
    *_PLATFORM_WORDS,
    *_TIER_WORDS,
    "followers",
    "engagement",
    "impressions",
    "difference",
    "between",
    "versus",
    "compare",
    "influencer",
    "influencers",
)

_FOLLOWER_WORDS = frozenset(
    [
        "followers",
        "follower",
        "subs",
        "subscribers",
        "subscriber",
        "fans",
        "fan",
        "following",
        "audience",
        "account",
        "accounts",
        "channel",
        "channels",
        "profile",
        "page",
        "creator",
        "creators",
        "influencer",
        "influencers",
        "tiktoker",
        "tiktokers",
        "youtuber",
        "youtubers",
        "instagrammer",
        "streamer",
        "streamers",
        "kol",
        "kols",
    ]
)
_REACH_WORDS = frozenset(
    [
        "impressions",
        "impression",
        "views",
        "view",
        "people",
        "ppl",
        "reach",
        "eyeballs",
        "viewers",
        "users",
        "audience",
        "customers",
        "persons",
    ]
)
# Reach words that count different people, not impressions (views and impressions repeat).
_PEOPLE_WORDS = frozenset(["people", "ppl", "persons", "users", "customers", "viewers", "reach"])
_POST_WORDS = frozenset(
    ["posts", "post", "videos", "video", "reels", "reel", "stories", "story", "tweets"]
)
_CREATOR_WORDS = frozenset(
    [
        "influencers",
        "influencer",
        "creators",
        "creator",
        "kols",
        "kol",
        "accounts",
        "people",
        "youtubers",
        "tiktokers",
        "instagrammers",
        "streamers",
        "partners",
    ]
)
# Words that make a bare amount next to them a campaign's money ("a launch with 30k").
_CAMPAIGN_WORDS = (
    r"\b(launch|campaign|awareness|conversions?|sales|engagement|always-on|programme|program"
    r"|push)\b"
)
_MONEY_WORDS = frozenset(
    ["usd", "dollars", "dollar", "bucks", "budget", "eur", "euros", "gbp", "pounds"]
)
_MULTIPLIER = {
    "k": 1_000,
    "thousand": 1_000,
    "grand": 1_000,
    "m": 1_000_000,
    "mm": 1_000_000,
    "mil": 1_000_000,
    "million": 1_000_000,
    "b": 1_000_000_000,
    "billion": 1_000_000_000,
}

_NUMBER = re.compile(
    r"(?P<cur>[$€£])?\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?"
    r"(?P<unit>k|mm|m|b|thousand|grand|million|mil|billion)?(?P<times>x)?(?![a-z])\s?"
    r"(?P<pct>%|percent\b|pc\b)?",
)
_WORD = re.compile(r"[a-z]+")
# "two videos", "three sponsored tiktok posts": a number of posts said in words. "a"/"an"
# and "one" are left out: "a post" is how any price question speaks, not a count.
_POST_COUNT_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
_WORDED_POSTS = re.compile(
    r"\b(?P<count>" + "|".join(_POST_COUNT_WORDS) + r")\s+"
    r"(?:(?:more|sponsored|paid|short|long|dedicated|branded|[a-z]+tok|instagram|youtube|"
    r"nano|micro|mid|macro|mega)\s+){0,2}"
    r"(?:posts?|videos?|reels?|stories|story|tweets?|shorts)\b"
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """One number in the question with what it measures."""

    value: float
    kind: str  # followers, percent, money, reach, posts, creators, bare
    start: int
    currency: str = "USD"  # for money: what the asker typed ("€5k" is EUR)
    people: bool = False  # for reach: different people ("500k people"), not impressions


@dataclass(frozen=True, slots=True)
class ParsedQuestion:
    """The quantities, platform and tiers a question names, in the order typed."""

    text: str  # normalised: lower case, typos of key words fixed, no apostrophes
    words: tuple[str, ...]
    quantities: tuple[Quantity, ...] = ()
    platform: Platform | None = None
    tiers: tuple[Tier, ...] = field(default=())
    platforms: tuple[Platform, ...] = field(default=())  # every platform named, in order

    def currency(self) -> str:
        """The currency of the first amount of money (USD when none was typed)."""
        return next((q.currency for q in self.quantities if q.kind == "money"), "USD")

    def reach_in_people(self) -> bool:
        """Whether the first reach target counts people ("500k people"), not impressions."""
        return next((q.people for q in self.quantities if q.kind == "reach"), False)

    def first(self, kind: str) -> float | None:
        for quantity in self.quantities:
            if quantity.kind == kind:
                return quantity.value
        return None

    def has(self, *words: str) -> bool:
        """True when any of `words` (single words or phrases) appears in the question."""
        padded = f" {' '.join(self.words)} "
        return any(f" {word} " in padded for word in words)


def normalise(text: str) -> str:
    """Lower case, NFKC, no apostrophes, "tik tok" -> "tiktok", typos of key words fixed."""
    text = unicodedata.normalize("NFKC", text[:MAX_PARSED_CHARS]).casefold()
    text = re.sub(r"['’‘`´]", "", text)
    text = re.sub(r"\btik\s+tok\b", "tiktok", text)
    text = re.sub(r"\byou\s+tube\b", "youtube", text)
    text = re.sub(
        r"\b(nano|micro|mid|macro|mega)[- ]?(influencers?|creators?|tier)\b", r"\1 \2", text
    )
    text = re.sub(r"\bx\s*\(twitter\)", "twitter", text)
    return _WORD.sub(lambda m: fix_word(m.group()), text)


def fix_word(word: str) -> str:
    """A key word's likely spelling ("mirco" -> "micro"); other words are left alone."""
    if len(word) < 4 or word in _FIXABLE:
        return word
    # A typo adds, drops or swaps a letter: "with" is not "twitch" two letters short.
    near = [key for key in _FIXABLE if abs(len(key) - len(word)) <= 1]
    close = get_close_matches(word, near, n=1, cutoff=0.8)
    return close[0] if close else word


def parse(question: str) -> ParsedQuestion:
    text = normalise(question)
    words = tuple(_WORD.findall(text))
    platforms = tuple(dict.fromkeys(_PLATFORM_WORDS[w] for w in words if w in _PLATFORM_WORDS))
    if Platform.X not in platforms and re.search(
        r"(?<![a-z])x(?: \(twitter\)| platform| app)\b", text
    ):
        platforms = (*platforms, Platform.X)
    platform = platforms[0] if platforms else None
    tiers = tuple(dict.fromkeys(_TIER_WORDS[w] for w in words if w in _TIER_WORDS))
    quantities = tuple(_quantities(text))
    return ParsedQuestion(
        text=text,
        words=words,
        quantities=quantities,
        platform=platform,
        tiers=tiers,
        platforms=platforms,
    )


def _quantities(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    for match in _NUMBER.finditer(text):
        if not match.group("num") or not any(ch.isdigit() for ch in match.group("num")):
            continue
        start = match.start("cur") if match.group("cur") else match.start("num")
        before = text[max(0, start - 30) : start]
        if re.search(
            r"[a-z0-9-]$", before
        ):  # "captiv8", "a1", "-5k": not a count  # "captiv8", "a1": part of a name
            continue
        try:
            value = float(match.group("num").replace(",", ""))
        except ValueError:  # pragma: no cover - the pattern only admits numbers
            continue
        unit = match.group("unit")
        value *= _MULTIPLIER.get(unit or "", 1)
        if value > MAX_COUNT:
            continue
        following = _WORD.findall(text[match.end() : match.end() + 40])[:3]
        kind = _kind(match, before, following, has_unit=unit is not None)
        if kind in ("bare", "bare_unit") and _counts_posts(match, following, text):
            kind = "posts"
        if kind == "percent":
            value = value / 100
        people = kind == "reach" and any(word in _PEOPLE_WORDS for word in following[:3])
        found.append(
            Quantity(
                value=value,
                kind=kind,
                start=start,
                currency=_currency(match, following),
                people=people,
            )
        )
    for match in _WORDED_POSTS.finditer(text):
        count = _POST_COUNT_WORDS[match.group("count")]
        found.append(Quantity(value=count, kind="posts", start=match.start()))
    return sorted(found, key=lambda quantity: quantity.start)


_CURRENCY_OF = {
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "eur": "EUR",
    "euros": "EUR",
    "gbp": "GBP",
    "pounds": "GBP",
}


def _currency(match: re.Match[str], following: list[str]) -> str:
    symbol = match.group("cur")
    if symbol:
        return _CURRENCY_OF[symbol]
    return _CURRENCY_OF.get(following[0], "USD") if following else "USD"


def _counts_posts(match: re.Match[str], following: list[str], text: str) -> bool:
    """ "post 3x", "posting 4 times": a number of posts said as a number of times."""
    times = bool(match.group("times")) or (bool(following) and following[0] == "times")
    return times and re.search(r"\bpost(s|ing|ed)?\b|\bvideos?\b", text) is not None


# Words that may stand between a count and the creators it counts: "10 micro tiktok
# influencers", "5 more nano creators".
_COUNT_FILLERS = (
    frozenset([*_TIER_WORDS, *_PLATFORM_WORDS, "more", "new", "local", "tier", "sized", "size"])
    - _CREATOR_WORDS
)
# "reach 500 people" counts an audience, not a headcount.
_AUDIENCE_BEFORE = re.compile(r"\b(reach|reaching|reached|in front of|see|seen|views?)\b[^.?!]*$")


def _counts_creators(match: re.Match[str], before: str, following: list[str]) -> bool:
    """ "10 micro influencers", "budget for 20 creators", "5 accounts": a plain number under
    1,000 followed by a creator noun is a headcount, whatever money word comes before it;
    "$10k for micro influencers" has a currency sign, "50k influencer" a unit."""
    if match.group("cur") or match.group("unit") or match.group("pct"):
        return False
    if float(match.group("num").replace(",", "")) >= 1000:
        return False
    if any(word in _POST_WORDS for word in following):
        return False  # "20 micro influencer posts" counts posts
    head = [word for word in following if word not in _COUNT_FILLERS][:1]
    if not head or head[0] not in _CREATOR_WORDS:
        return False
    return head[0] not in ("people", "accounts") or _AUDIENCE_BEFORE.search(before) is None


def _kind(match: re.Match[str], before: str, following: list[str], *, has_unit: bool) -> str:
    if match.group("pct"):
        return "percent"
    if _counts_creators(match, before, following):
        return "creators"
    if match.group("cur") or (following and following[0] in _MONEY_WORDS):
        return "money"
    # "what does 20k buy", "20k to spend", "what can we get for 20k": spending, so money.
    if following[:1] in (["buy"], ["buys"]) or following[:2] == ["to", "spend"]:
        return "money"
    if re.search(r"\b(get for|buy with|buy for|spend|spending)\s*$", before) and not (
        following and following[0] in _FOLLOWER_WORDS
    ):
        return "money"
    if re.search(
        r"(budget|spend|spending|invest|afford|for|with|get for)( of| is| about| around)?\s*$",
        before,
    ) and (match.group("cur") or re.search(r"(budget|spend|spending|invest|afford)", before)):
        return "money"
    # "we have 30k for a launch", "a launch with 30k on tiktok": an amount set aside for a
    # campaign is money, unless the next word says what it counts ("with 30k followers").
    counted = bool(following) and (following[0] in _FOLLOWER_WORDS or following[0] in _REACH_WORDS)
    if not counted and (
        (
            re.search(r"\b(we have|we've got|we got|i have|have|got)\s*$", before)
            and following[:1] == ["for"]
        )
        or (re.search(r"\bwith\s*$", before) and re.search(_CAMPAIGN_WORDS, before))
    ):
        return "money"
    # The next word or two say what is counted: "50k followers", "5 micro posts".
    head = [w for w in following if w not in ("more", "of", "a", "an", "the", "total")][:3]
    # "20 micro influencer posts", "4 mid tier posts": a post word close behind counts posts.
    if not has_unit and any(word in _POST_WORDS for word in head):
        return "posts"
    head = head[:2]
    for position, word in enumerate(head):
        if word in _POST_WORDS:
            return "posts"
        if word in _TIER_WORDS and position == 0:
            continue  # "5 micro influencers": look at the word after the tier
        if word in _REACH_WORDS and word not in ("audience",):
            return "reach"
        if word in _FOLLOWER_WORDS:
            # "3 influencers" is a headcount; "50k influencer" is an account's size.
            if word in _CREATOR_WORDS and not has_unit and float(match.group("num")) < 1000:
                return "creators"
            return "followers"
        break
    return "bare_unit" if has_unit else "bare"
