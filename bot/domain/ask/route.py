"""Which kind of answer a question wants: a computation, a knowledge entry, or none.

Numbers decide first: a question that gives a follower count, a rate, a budget, a number of
posts or a reach target gets them worked out, because a looked-up definition would not
answer it. Everything else goes to the knowledge search, which refuses below its
confidence threshold and offers the three closest questions instead.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from bot.domain import knowledge
from bot.domain.ask import compute
from bot.domain.ask.parse import ParsedQuestion, parse
from bot.domain.mix import Goal
from bot.domain.tier import Tier
from bot.domain.tiers import TierScheme

RELATED_ANSWERS = 2
SUGGESTIONS = 3

_PRICE_WORDS = (
    "cost",
    "costs",
    "price",
    "prices",
    "pricing",
    "charge",
    "charges",
    "rate card",
    "fee",
    "fees",
    "how much",
    "pay",
    "paid",
    "expensive",
    "cheap",
    "quote",
)
_HOW_MANY = ("how many", "number of", "how much reach", "need to reach", "to reach", "to get")
_TIER_ASK = (
    "tier",
    "tiers",
    "category",
    "considered",
    "count as",
    "counts as",
    "classify",
    "classified",
    "class",
    "bucket",
    "level",
    "what kind",
    "which kind",
    "what type",
    "is that",
    "is this",
    "am i",
    "is it",
    "or",
)
_COMPARE_WORDS = (
    "difference",
    "differences",
    "different",
    "differ",
    "vs",
    "versus",
    "compare",
    "compared",
    "or",
    "between",
)
_FORMULA_WORDS = (
    "formula",
    "calculate",
    "calculated",
    "measure",
    "measured",
    "work out",
    "define",
    "definition",
    "fake",
    "high",
    "too",
)
# Price questions about a kind of deal, not a tier's rate card ("pay micro creators in
# commission"): the knowledge base answers those.
_DEAL_WORDS = (
    "commission",
    "affiliate",
    "performance",
    "gifting",
    "gift",
    "free",
    "usage",
    "rights",
    "whitelisting",
    "exclusivity",
    "negotiate",
    "per performance",
    "cpm",
    "why",
)
_ENGAGEMENT_WORDS = ("engagement", "er", "engagment", "interaction", "interactions")


_CHOICE_WORDS = ("or", "vs", "versus", "compare", "compared", "which", "between", "better")
# A campaign goal named in a budget question ("which tier for a launch with $20k?"): the
# answer plans for that goal, as `/mix goal:` would.
_GOAL_PHRASES: tuple[tuple[Goal, tuple[str, ...]], ...] = (
    (Goal.LAUNCH, ("launch", "launches", "launching", "relaunch")),
    (Goal.ALWAYS_ON, ("always on", "alwayson", "ongoing", "evergreen")),
    (
        Goal.CONVERSIONS,
        (
            "conversions",
            "conversion",
            "sales",
            "signups",
            "sign ups",
            "installs",
            "app installs",
            "downloads",
        ),
    ),
    (
        Goal.LOCAL,
        (
            "local",
            "locally",
            "store",
            "shop",
            "restaurant",
            "bakery",
            "cafe",
            "salon",
            "neighbourhood",
            "neighborhood",
            "in town",
            "small business",
        ),
    ),
    (Goal.ENGAGEMENT, ("for engagement", "engagement campaign", "engagement goal")),
    (Goal.AWARENESS, ("awareness",)),
)
# Why published definitions disagree ("why do some agencies say nano is under 1k and others
# under 10k?"): a question about the sources, not about one account size.
_SAYS_WORDS = (
    "say",
    "says",
    "said",
    "call",
    "calls",
    "define",
    "defines",
    "defined",
    "definition",
    "definitions",
    "disagree",
    "differ",
    "different",
    "differently",
    "sources",
    "agencies",
    "guides",
    "sites",
)
WHY_DEFINITIONS_ENTRY = "why-definitions-differ"
SPECIFIC_DEFINITION_ENTRIES = (WHY_DEFINITIONS_ENTRY, "scheme-seed-003")
PLATFORM_CHOICE_ENTRY = "platform-choose"


# "one mega creator or twenty micro creators": a number of creators of a tier, as typed.
_COUNT_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
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
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
_COUNTED_TIER = re.compile(
    r"\b(?P<count>\d{1,3}|" + "|".join(_COUNT_WORDS) + r")\s+"
    r"(?P<tier>nano|micro|midtier|mid|macro|mega|celebrity)s?\b"
)
_TIER_OF_WORD = {"midtier": Tier.MID, "celebrity": Tier.MEGA} | {t.value: t for t in Tier}
MOST_CREATORS_COMPARED = 500
TIER_FOR_GOAL_ENTRY = "tier-for-goal"


def counted_choices(parsed: ParsedQuestion) -> tuple[tuple[int, Tier], tuple[int, Tier]] | None:
    """Two options of so many creators of two tiers ("one mega or 20 micro creators"), when
    the question chooses between them; None otherwise (a plain tier comparison included)."""
    if not parsed.has(*_CHOICE_WORDS):
        return None
    found: list[tuple[int, Tier]] = []
    for match in _COUNTED_TIER.finditer(parsed.text):
        word = match.group("count")
        count = int(word) if word.isdigit() else _COUNT_WORDS[word]
        tier = _TIER_OF_WORD[match.group("tier")]
        if 1 <= count <= MOST_CREATORS_COMPARED and all(tier is not t for _, t in found):
            found.append((count, tier))
    if len(found) != 2 or all(count == 1 for count, _ in found):
        return None  # "a nano or a micro": the tiers compared, not two bookings
    return found[0], found[1]


DENOMINATOR_ENTRY = "er-which-denominator"


def asks_denominator(parsed: ParsedQuestion) -> bool:
    """ "Engagement rate by followers or by views?": which base to divide by, on no one
    platform and for no one account."""
    return (
        parsed.has(*_ENGAGEMENT_WORDS)
        and parsed.has("followers", "follower", "subscribers")
        and parsed.has("views", "view", "reach")
        and parsed.platform is None
        and not parsed.quantities
        and not parsed.tiers
    )


def asks_tier_for_goal(parsed: ParsedQuestion) -> bool:
    """ "Which tier works best for app installs?": a goal and which tier, no budget."""
    return (
        _goal(parsed) is not None
        and parsed.has("tier", "tiers", "influencers", "influencer", "creators", "creator")
        and parsed.has("which", "what", "best")
        and not parsed.tiers
        and parsed.first("money") is None
    )


@dataclass(frozen=True, slots=True)
class EntryAnswer:
    entry: knowledge.KnowledgeEntry
    related: tuple[knowledge.KnowledgeEntry, ...]
    # The tiers the question names, where the entry's general text does not cover them:
    # "why do sources disagree on where macro starts" wants who puts macro where.
    tiers: tuple[Tier, ...] = ()
    # A worked-out first paragraph for what the entry says only in general: the goal on the
    # platform the question names ("best tier for awareness on YouTube").
    lead: str = ""


@dataclass(frozen=True, slots=True)
class NoAnswer:
    suggestions: tuple[str, ...]  # the closest questions Tierbot can answer


Answer = compute.Computed | EntryAnswer | NoAnswer


def _followers(parsed: ParsedQuestion) -> int | None:
    """A follower count: said so ("50k followers"), or a bare "50k" with no money about."""
    value = parsed.first("followers")
    if value is None and parsed.first("money") is None:
        value = parsed.first("bare_unit")
        if value is None:
            bare = parsed.first("bare")
            # "is 5000 micro": a plain number of at least 100 next to a tier question.
            if bare is not None and bare >= 100 and bare == int(bare):
                value = bare
    return round(value) if value is not None and value >= 1 else None


def _goal(parsed: ParsedQuestion) -> Goal | None:
    """The campaign goal a question names, if any."""
    return next((goal for goal, words in _GOAL_PHRASES if parsed.has(*words)), None)


def asks_why_definitions(parsed: ParsedQuestion) -> bool:
    """ "Why do some say nano is under 1K and others under 10K?": why sources disagree on a
    tier's range, which no computation for one size answers."""
    return (
        parsed.has("why")
        and (bool(parsed.tiers) or parsed.has("tier", "tiers"))
        and parsed.has(*_SAYS_WORDS)
        and not parsed.has(*_PRICE_WORDS, *_ENGAGEMENT_WORDS)
    )


def computed(
    parsed: ParsedQuestion, scheme: TierScheme, owner: str = compute.SERVER
) -> compute.Computed | None:
    """The computation a question asks for, or None when it asks for none."""
    if asks_why_definitions(parsed):
        return None
    followers = _followers(parsed)
    rate = parsed.first("percent")
    money = parsed.first("money")
    reach = parsed.first("reach")
    posts = parsed.first("posts")
    tiers = parsed.tiers
    platform = parsed.platform

    if len(tiers) == 1 and len(parsed.platforms) >= 2 and followers is None and money is None:
        # "Should we pay macro creators on YouTube more than on Instagram?": both platforms.
        asks_engagement = parsed.has(*_ENGAGEMENT_WORDS)
        asks_price = _asks_price(parsed) or parsed.has("cheaper", "pricier", "dearer")
        if asks_engagement or asks_price:
            return compute.tier_across_platforms(
                tiers[0],
                (parsed.platforms[0], parsed.platforms[1]),
                scheme,
                engagement=asks_engagement and not asks_price,
                asked=_asked_direction(parsed),
            )
        if parsed.has(*_CHOICE_WORDS, "best", "bet", "should"):
            # "For micro creators, YouTube or TikTok?": the two platforms for that tier.
            return compute.tier_platform_choice(
                tiers[0], (parsed.platforms[0], parsed.platforms[1]), scheme
            )
    choices = counted_choices(parsed)
    if choices is not None and rate is None and reach is None:
        return compute.options_compare(
            choices, platform, scheme, budget=money, currency=parsed.currency()
        )
    count = parsed.first("creators")
    if (
        count is not None
        and 2 <= count <= MOST_CREATORS_COMPARED  # "1 macro creator, 2 posts": a post price
        and len(tiers) <= 1
        and followers is None
        and reach is None
        and rate is None
        and money is None
        and parsed.has(*_BUDGET_ASK)
    ):
        # "What budget do we need for 10 micro influencers?": a headcount, priced.
        counted_posts = round(posts) if posts is not None and 1 <= posts <= 10 else 1
        return compute.budget_for_creators(
            round(count), tiers, platform, scheme, posts=counted_posts, goal=_goal(parsed)
        )
    if len(tiers) == 1 and not parsed.quantities and _asks_worth(parsed):
        return compute.tier_worth(tiers[0], platform, scheme, owner=owner)
    if parsed.has("cpm", "cpms") and len(tiers) == 1 and not parsed.quantities:
        return compute.tier_cpm(tiers[0], platform, scheme)
    if rate is not None and followers is not None and 0 < rate <= 1:
        return compute.engagement_check(
            rate, followers, platform, scheme, owner=owner, by_views=parsed.has("views", "view")
        )
    if rate is not None and 0 < rate <= 1 and len(tiers) == 1 and money is None:
        return compute.tier_engagement_check(rate, tiers[0], platform, scheme, owner=owner)
    if (
        reach is not None
        and reach >= 100
        and (parsed.has(*_HOW_MANY) or parsed.has("need", "reach"))
    ):
        return compute.creators_for_reach(
            round(reach), tiers, platform, scheme, people=parsed.reach_in_people()
        )
    if money is not None and money >= 1 and followers is None and _asks_creator_count(parsed):
        return compute.creators_for_budget(
            money, tiers, platform, scheme, parsed.currency(), goal=_goal(parsed)
        )
    if money is not None and money >= 1 and followers is None:
        return compute.budget_buys(
            money, tiers, platform, scheme, parsed.currency(), goal=_goal(parsed)
        )
    if posts is not None and 1 <= posts <= 1000 and tiers and followers is None:
        return compute.posts_cost(tiers[0], round(posts), platform, scheme)
    if (
        len(tiers) == 1
        and not parsed.quantities
        and _asks_price(parsed)
        and not parsed.has(*_DEAL_WORDS, *_ENGAGEMENT_WORDS)
    ):
        # "what does a mid tier influencer cost": a post at the tier's sizes in this scheme.
        return compute.posts_cost(tiers[0], 1, platform, scheme)
    if followers is not None and _asks_price(parsed):
        counted = round(posts) if posts is not None and 1 <= posts <= 1000 else 1
        return compute.size_cost(followers, platform, scheme, owner=owner, posts=counted)
    if (
        followers is not None
        and rate is None
        and parsed.has(*_ENGAGEMENT_WORDS)
        and not parsed.has(*_FORMULA_WORDS)
    ):
        return compute.size_engagement(followers, platform, scheme, owner=owner)
    if followers is not None and (tiers or parsed.has(*_TIER_ASK)):
        return compute.tier_of(followers, scheme, tiers, owner=owner, platform=platform)
    goal = _goal(parsed)
    if (
        len(tiers) == 2
        and parsed.has(*_COMPARE_WORDS, *_CHOICE_WORDS, "than", "over", "instead")
        and not parsed.has(*_PRICE_WORDS, *_ENGAGEMENT_WORDS)
        and (
            goal is not None
            or (
                parsed.has(*_COMPARE_WORDS)
                and (not _has_pair_entry(tiers) or parsed.platform is not None)
            )
        )
    ):
        # "Are micro influencers better than macro for sales?": with a goal, a verdict for
        # it from what the planner books, even for a pair the knowledge base compares.
        compared = compute.compare(
            tiers[0], tiers[1], scheme, platform, owner=owner, goal=goal, asked=_asked_tier(parsed)
        )
        pair = _pair_entry(tiers)
        if pair is not None and goal is None:
            # "nano vs micro on TikTok" is the pair entry's question, for one platform.
            return dataclasses.replace(compared, topic=pair.id)
        return compared
    if (
        len(tiers) == 1
        and parsed.has(*_ENGAGEMENT_WORDS)
        and not parsed.has(*_FORMULA_WORDS)
        and rate is None
    ):
        return compute.tier_engagement(tiers[0], platform, scheme, owner=owner)
    return None


_CREATOR_COUNT_WORDS = (
    "influencers",
    "influencer",
    "creators",
    "creator",
    "kols",
    "people",
    "accounts",
    "partners",
    "youtubers",
    "tiktokers",
    "instagrammers",
    "streamers",
)
# What asks the price of a headcount: "what budget for 10 micro creators", "cost of 5 nano".
_BUDGET_ASK = (*_PRICE_WORDS, "budget", "spend", "need", "afford", "set aside", "allocate")
_POST_COUNT_WORDS = ("posts", "post", "videos", "video", "reels", "reel", "stories", "tweets")


def _asks_creator_count(parsed: ParsedQuestion) -> bool:
    """ "How many micro influencers can we get for $20k?": a number of creators, not of
    posts ("how many micro posts does $20k buy" keeps its posts)."""
    return (
        parsed.has("how many", "number of", "how much")
        and (parsed.has(*_CREATOR_COUNT_WORDS) or bool(parsed.tiers))
        and not parsed.has(*_POST_COUNT_WORDS)
        and parsed.first("reach") is None
    )


_WORTH_WORDS = (
    "worth",
    "worthwhile",
    "waste",
    "pros",
    "cons",
    "advantages",
    "disadvantages",
    "benefits",
    "drawbacks",
    "downsides",
    "bother",
    "pointless",
    "overrated",
    "good idea",
    "any good",
    "value for money",
)


def _asks_worth(parsed: ParsedQuestion) -> bool:
    """ "Is nano worth it or a waste of time?", "pros and cons of micro creators": whether
    one tier pays off, not a kind of deal ("worth paying in commission")."""
    return (
        parsed.has(*_WORTH_WORDS)
        and not parsed.has(*_DEAL_WORDS)
        and not parsed.has(*_BUSINESS_KIND_WORDS)
    )


# A kind of business the knowledge base answers tier questions for ("nano creators for a
# B2B SaaS product"): its entry weighs each tier for that audience, which a tier's general
# pros and cons would not.
_BUSINESS_KIND_WORDS = ("b2b", "saas", "enterprise", "business software")


_YES_NO_STARTS = ("should", "do", "does", "is", "are", "will", "would", "can", "must")
_MORE_WORDS = ("more", "higher", "pricier", "more expensive", "better", "bigger")
_LESS_WORDS = ("less", "lower", "cheaper", "worse", "smaller")


def _asked_direction(parsed: ParsedQuestion) -> str:
    """ "more" or "less" for a yes/no question ("should we pay … more than …"), else ""."""
    if not parsed.words or parsed.words[0] not in _YES_NO_STARTS:
        return ""
    if parsed.has(*_MORE_WORDS):
        return "more"
    if parsed.has(*_LESS_WORDS):
        return "less"
    return ""


def _asked_tier(parsed: ParsedQuestion) -> Tier | None:
    """The tier a yes/no question calls better ("are micro better than macro…" asks about
    micro; "is macro worse than micro" about micro too), or None for an open question."""
    if len(parsed.tiers) != 2:
        return None
    direction = _asked_direction(parsed)
    if direction == "more":
        return parsed.tiers[0]
    if direction == "less":
        return parsed.tiers[1]
    return None


def _chooses_platform(parsed: ParsedQuestion) -> bool:
    """Two platforms and a choice between them, not their prices or engagement."""
    return (
        len(parsed.platforms) >= 2
        and parsed.has(*_CHOICE_WORDS)
        and not parsed.has(*_PRICE_WORDS, *_ENGAGEMENT_WORDS)
    )


def _asks_price(parsed: ParsedQuestion) -> bool:
    """A price question; "rate" alone counts unless it is an engagement rate."""
    if parsed.has(*_PRICE_WORDS):
        return True
    return parsed.has("rate", "rates") and not parsed.has(*_ENGAGEMENT_WORDS)


def _pair_entry(tiers: tuple[Tier, ...]) -> knowledge.KnowledgeEntry | None:
    first, second = sorted(tiers, key=lambda tier: tier.rank)
    try:
        return knowledge.get_entry(f"{first.value}-vs-{second.value}")
    except knowledge.UnknownEntryError:
        return None


def _has_pair_entry(tiers: tuple[Tier, ...]) -> bool:
    return _pair_entry(tiers) is not None


def _named_pair(parsed: ParsedQuestion) -> knowledge.KnowledgeEntry | None:
    """The entry comparing exactly the two tiers a comparison question names ("nano vs
    micro for …"), unless it asks their prices or engagement (computed or searched)."""
    if (
        len(parsed.tiers) != 2
        or not parsed.has(*_COMPARE_WORDS)
        or parsed.has(*_PRICE_WORDS, *_ENGAGEMENT_WORDS)
    ):
        return None
    return _pair_entry(parsed.tiers)


def answer(question: str, scheme: TierScheme, *, in_dm: bool = False) -> Answer:
    """The reply /tiers ask gives `question` under `scheme` (a server's, or the default one
    in direct messages)."""
    parsed = parse(question)
    # An entry's own example question (autocomplete offers them) gets that entry, even when
    # it has a number in it: "Why does one source call 1K followers micro?" asks why.
    example = knowledge.example_owner(question) is not None
    found = None
    if not example:
        found = computed(parsed, scheme, compute.DIRECT_MESSAGES if in_dm else compute.SERVER)
    if found is not None:
        return found
    result = knowledge.answer(question, 1 + RELATED_ANSWERS)
    if not example and _chooses_platform(parsed):
        # "instagram or youtube for a launch" asks to choose between platforms: the entry
        # on choosing one answers it; one platform's entry answers half.
        chosen = knowledge.get_entry(PLATFORM_CHOICE_ENTRY)
        others = tuple(hit.entry for hit in result.hits if hit.entry.id != chosen.id)
        return EntryAnswer(entry=chosen, related=others[:RELATED_ANSWERS])
    if not example and asks_denominator(parsed):
        # "Engagement rate by followers or by views?": the entry on choosing the
        # denominator, not one platform's formula.
        chosen = knowledge.get_entry(DENOMINATOR_ENTRY)
        others = tuple(hit.entry for hit in result.hits if hit.entry.id != chosen.id)
        return EntryAnswer(entry=chosen, related=others[:RELATED_ANSWERS])
    if not example and asks_tier_for_goal(parsed):
        top = result.hits[0].entry.id if result.hits else None
        chosen = knowledge.get_entry(TIER_FOR_GOAL_ENTRY)
        goal = _goal(parsed)
        if goal is not None:
            # "What tier for a local bakery?": the tiers /mix books for that goal, in this
            # scheme, rather than the general map (which names tiers a scheme may lack).
            return compute.goal_tiers(goal, parsed.platform, scheme)
        if top != chosen.id:
            others = tuple(hit.entry for hit in result.hits if hit.entry.id != chosen.id)
            return EntryAnswer(entry=chosen, related=others[:RELATED_ANSWERS])
    if not example and asks_why_definitions(parsed):
        top = result.hits[0].entry.id if result.hits else None
        if top not in SPECIFIC_DEFINITION_ENTRIES or (
            top == WHY_DEFINITIONS_ENTRY and parsed.tiers
        ):
            chosen = knowledge.get_entry(WHY_DEFINITIONS_ENTRY)
            others = tuple(hit.entry for hit in result.hits if hit.entry.id != chosen.id)
            return EntryAnswer(entry=chosen, related=others[:RELATED_ANSWERS], tiers=parsed.tiers)
    pair = _named_pair(parsed) if not example else None
    if pair is not None and (not result.hits or result.hits[0].entry.id != pair.id):
        # "nano vs micro for a skincare launch" compares the two tiers it names: the entry on
        # that pair answers it, not one on another pair that talks about launches.
        others = tuple(hit.entry for hit in result.hits if hit.entry.id != pair.id)
        return EntryAnswer(entry=pair, related=others[:RELATED_ANSWERS])
    if result.hits:
        best, *related = (hit.entry for hit in result.hits)
        return EntryAnswer(entry=best, related=tuple(related))
    return NoAnswer(suggestions=tuple(result.suggestions[:SUGGESTIONS]))


def describe(found: Answer) -> str:
    """What an answer is, for the question set: an entry id, "compute:<kind>" or "none"."""
    if isinstance(found, compute.Computed):
        # A worked-out answer to an entry's own question counts as that entry.
        return found.topic or f"compute:{found.kind}"
    if isinstance(found, EntryAnswer):
        return found.entry.id
    return "none"
