"""Autocomplete for /tiers ask: computed questions filled in from what was typed, then the
knowledge base's own questions. Every suggestion is answered by what it says."""

from __future__ import annotations

from bot.domain import knowledge
from bot.domain.ask.parse import parse
from bot.domain.numbers import format_count, format_money, format_percent
from bot.domain.platforms import Platform
from bot.domain.tier import Tier
from bot.domain.wording import with_article

MAX_COMPUTED = 5


def _count(value: float) -> str:
    return format_count(round(value)).lower()


def computed_questions(typed: str) -> list[str]:
    """Questions with the typed numbers in them ("is 50k micro or macro?")."""
    parsed = parse(typed)
    platform = parsed.platform or Platform.INSTAGRAM
    on = f" on {platform.label}" if parsed.platform is not None else ""
    tier = parsed.tiers[0] if parsed.tiers else Tier.MICRO
    followers = parsed.first("followers") or parsed.first("bare_unit")
    bare = parsed.first("bare")
    if followers is None and bare is not None and bare >= 100:
        followers = bare
    rate = parsed.first("percent")
    money = parsed.first("money")
    reach = parsed.first("reach")
    posts = parsed.first("posts")
    found: list[str] = []
    if rate is not None and 0 < rate <= 1:
        size = _count(followers) if followers else "100k"
        found.append(f"is {format_percent(rate)} engagement good for {size} followers{on}?")
    if money is not None and money >= 1:
        amount = format_money(round(money), compact=True)
        found.append(f"what does {with_article(amount + ' budget')} buy{on}?")
        found.append(f"how many {tier.value} influencers can I get for {amount}{on}?")
    if reach is not None and reach >= 100:
        if parsed.reach_in_people():
            found.append(f"how many {tier.value} influencers to reach {_count(reach)} people{on}?")
        else:
            found.append(f"how many {tier.value} influencers for {_count(reach)} impressions{on}?")
    if posts is not None and 1 <= posts <= 1000:
        found.append(f"how much do {round(posts)} {tier.value} posts cost{on}?")
    if followers is not None and followers >= 1 and rate is None and money is None:
        size = _count(followers)
        placed = [t.value for t in parsed.tiers[:2]]
        pair = " or ".join(placed) if len(placed) == 2 else "micro or macro"
        found.append(f"is {size} followers {pair}?")
        found.append(f"what tier is {size} followers{on}?")
        found.append(
            f"how much does {with_article(size + ' creator')} charge{on or ' on Instagram'}?"
        )
        found.append(f"is 2% engagement good for {size} followers{on or ' on Instagram'}?")
        found.append(
            f"what engagement should {with_article(size + ' account')} get{on or ' on Instagram'}?"
        )
    if not found and parsed.tiers:
        # No number yet: offer the tier's computed questions with an example number, so
        # "how many micro" leads somewhere a number can be changed.
        if parsed.has("how many", "number of"):
            found.append(f"how many {tier.value} influencers for 1m impressions{on}?")
        if parsed.has("how much", "cost", "price", "charge"):
            found.append(f"how much do 5 {tier.value} posts cost{on}?")
        if parsed.has("engagement", "er"):
            found.append(f"what engagement do {tier.value} influencers get{on}?")
    return list(dict.fromkeys(found))[:MAX_COMPUTED]


def suggest(typed: str, limit: int = knowledge.MAX_SUGGESTIONS) -> list[str]:
    limit = max(0, min(limit, knowledge.MAX_SUGGESTIONS))
    computed = [q[: knowledge.MAX_QUESTION_CHARS] for q in computed_questions(typed)]
    rest = knowledge.suggest(typed, limit)
    return list(dict.fromkeys((*computed, *rest)))[:limit]
