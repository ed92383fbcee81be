"""Rate-card prices written into /tiers ask's knowledge entries, from the one resolver.

An entry's body can hold placeholders instead of copied prices, so an answer can never
quote a price that /classify or /mix would not:

* ``{rate-card:instagram}`` — the platform's card as bullet rows, smallest accounts first;
  ``{rate-card:all}`` — Instagram · TikTok · YouTube side by side.
* ``{mega-floors}`` — the open-ended top rows of the three cards, said as floors, with the
  price Tierbot plans a typical mega creator at on each (the one /mix books).
* ``{price:instagram:50000}`` — the card's price of one post at that follower count.
* ``{planned:instagram}`` — what Tierbot plans one post by a typical mega creator at there.
* ``{best-for:nano}`` — the tier's "best for" text from its profile (tier_profiles.toml),
  the words /tiers overview, define and compare show, whose budgets a test checks against
  /mix: an answer cannot send a goal to a tier the plans do not.

Every price comes from ``creator_size`` (``price_at``, ``fee_at_size``), and the expansion
returns the source ids of what it wrote, so the entry cites them. Pure domain code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.creator_size import (
    SizedFee,
    SizedPrice,
    fee_at_size,
    open_ended_rule,
    price_at,
    priced_platforms,
    rate_card_rows,
)
from bot.domain.numbers import format_count, format_money, format_money_range
from bot.domain.platforms import Platform

PLACEHOLDER = re.compile(r"\{(rate-card|mega-floors|price|planned|best-for)((?::[a-z0-9]+)*)\}")
# The three platforms a side-by-side card shows, in the order entries name them.
CARD_PLATFORMS = (Platform.INSTAGRAM, Platform.TIKTOK, Platform.YOUTUBE)


class PlaceholderError(ValueError):
    pass


def typical_top_fee(platform: Platform) -> SizedFee | None:
    """One post by the top tier's typical creator where the platform's card is open-ended at
    the top ("$2,500+"): the resolver's planning fee at that size, the price /mix books such a
    creator at. None where the card has no open-ended top row."""
    return fee_at_size(platform, open_ended_rule().reference_followers)


def typical_top(fee: SizedFee, platform: Platform) -> str:
    """ "a typical mega creator of about 5.5M followers"."""
    size = format_count(fee.followers)
    return f"a typical mega creator of about {size} {platform.audience_noun}s"


def price_text(row: SizedPrice) -> str:
    """ "$100–$500", "about $1,000", "$10,000+"."""
    money = format_money_range(row.low, row.high)
    return f"about {money}" if row.approximate else money


def _rows(platform: Platform) -> tuple[SizedPrice, ...]:
    return rate_card_rows(platform)


def _card(platform: Platform) -> tuple[str, tuple[str, ...]]:
    rows = _rows(platform)
    if not rows:
        raise PlaceholderError(f"no rate card for {platform.value}")
    lines = []
    sources: list[str] = []
    for index, row in enumerate(rows):
        label = row.size_label + (f" {platform.audience_noun}s" if index == 0 else "")
        line = f"• **{label}:** {price_text(row)}"
        sources.extend(row.source_ids)
        fee = typical_top_fee(platform) if row.high is None else None
        if fee is not None:
            line += (
                f", only a floor: Tierbot plans {typical_top(fee, platform)} at "
                f"{format_money(fee.planning)} a post"
            )
            sources.extend(fee.source_ids)
        lines.append(line)
    return "\n".join(lines), tuple(sources)


def _side_by_side() -> tuple[str, tuple[str, ...]]:
    cards = [_rows(platform) for platform in CARD_PLATFORMS]
    if len({tuple((row.size_min, row.size_max) for row in rows) for rows in cards}) != 1:
        raise PlaceholderError("the cards shown side by side must share their size bands")
    lines = []
    sources: list[str] = []
    for index, band in enumerate(zip(*cards, strict=True)):
        first = band[0]
        label = first.size_label + (" followers" if index == 0 else "")
        line = f"• **{label}:** " + " · ".join(price_text(row) for row in band)
        for row in band:
            sources.extend(row.source_ids)
        if first.size_max is None:
            fees = [typical_top_fee(platform) for platform in CARD_PLATFORMS]
            if all(fee is not None for fee in fees):
                planned = [fee for fee in fees if fee is not None]
                line += (
                    f", floors only: Tierbot plans {typical_top(planned[0], Platform.INSTAGRAM)} "
                    "at " + " · ".join(format_money(fee.planning) for fee in planned) + " a post"
                )
                sources.extend(s for fee in planned for s in fee.source_ids)
        lines.append(line)
    return "\n".join(lines), tuple(sources)


def _and_list(items: Sequence[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _mega_floors() -> tuple[str, tuple[str, ...]]:
    floors: list[str] = []
    planned: list[str] = []
    sources: list[str] = []
    ceiling = 0.0
    for platform in CARD_PLATFORMS:
        top = _rows(platform)[-1]
        fee = typical_top_fee(platform)
        if top.high is not None or fee is None:
            raise PlaceholderError(f"{platform.value}'s card has no open-ended top row")
        floors.append(f"{price_text(top)} on {platform.label}")
        planned.append(f"{format_money(fee.planning)} on {platform.label}")
        ceiling = fee.high
        sources.extend((*top.source_ids, *fee.source_ids))
    reference = typical_top_fee(CARD_PLATFORMS[0])
    assert reference is not None
    text = (
        f"{_and_list(floors)} for {_rows(CARD_PLATFORMS[0])[-1].size_label} accounts. "
        "Tierbot plans one post by "
        f"{typical_top(reference, Platform.INSTAGRAM)} midway between the floor and "
        f"{format_money(ceiling)}: {_and_list(planned)}"
    )
    return text, tuple(sources)


def _platform(name: str) -> Platform:
    try:
        platform = Platform(name)
    except ValueError:
        raise PlaceholderError(f"unknown platform {name!r}") from None
    if platform not in priced_platforms():
        raise PlaceholderError(f"no rate card for {name!r}")
    return platform


def _expand_one(kind: str, arguments: list[str]) -> tuple[str, tuple[str, ...]]:
    if kind == "rate-card" and len(arguments) == 1:
        return _side_by_side() if arguments[0] == "all" else _card(_platform(arguments[0]))
    if kind == "mega-floors" and not arguments:
        return _mega_floors()
    if kind == "price" and len(arguments) == 2 and arguments[1].isdigit():
        row = price_at(_platform(arguments[0]), int(arguments[1]))
        if row is None:
            raise PlaceholderError(f"no price at {arguments[1]} on {arguments[0]}")
        return price_text(row), row.source_ids
    if kind == "planned" and len(arguments) == 1:
        fee = typical_top_fee(_platform(arguments[0]))
        if fee is None:
            raise PlaceholderError(f"{arguments[0]}'s card has no open-ended top row")
        return format_money(fee.planning), fee.source_ids
    if kind == "best-for" and len(arguments) == 1:
        return _best_for(arguments[0])
    raise PlaceholderError(f"malformed placeholder {{{kind}{''.join(':' + a for a in arguments)}}}")


def _best_for(name: str) -> tuple[str, tuple[str, ...]]:
    # Imported here: tier profiles validate their figures with the knowledge module, which
    # expands these placeholders when its entries load.
    from bot.domain.tier import Tier
    from bot.domain.tier_profiles import tier_profile

    try:
        tier = Tier(name)
    except ValueError:
        raise PlaceholderError(f"unknown tier {name!r}") from None
    best = tier_profile(tier).best_for
    return best.text, best.sources


@dataclass(frozen=True, slots=True)
class Written:
    """A text with its placeholders written out: each written piece with its source ids."""

    text: str
    pieces: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for _, ids in self.pieces for s in ids))


def expand(text: str) -> Written:
    """`text` with every placeholder written out, and what was written with its sources.
    Raises PlaceholderError for an unknown or malformed placeholder."""
    pieces: list[tuple[str, tuple[str, ...]]] = []

    def written(match: re.Match[str]) -> str:
        arguments = [a for a in match.group(2).split(":") if a]
        found, ids = _expand_one(match.group(1), arguments)
        pieces.append((found, ids))
        return found

    expanded = PLACEHOLDER.sub(written, text)
    if "{" in expanded or "}" in expanded:
        raise PlaceholderError(f"unknown placeholder in {text[:60]!r}")
    return Written(text=expanded, pieces=tuple(pieces))
