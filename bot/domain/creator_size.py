"""One answer for a creator's size: tier, price and engagement benchmark, everywhere.

Every figure a reply ties to a creator's size comes from here, so no two commands can
disagree. There are two entry points:

* ``resolve_size(platform, followers, scheme)`` — one creator (``/classify``, each row of
  ``/classify-csv``, a shortlist entry when shown, exported or counted). Returns a
  ``CreatorSize``: the tier under the server's scheme (``placement``), the price of one
  post *for this follower count* (``price``, or ``price_gap`` saying plainly why there is
  none) and the engagement band for this size (``benchmark``, or ``benchmark_gap``).
  ``resolve_placement(followers, scheme)`` is its tier alone, for a shortlist's entries,
  which show no price or benchmark.

* ``resolve_tier(platform, tier, scheme)`` — a tier as a whole (``/tiers overview``,
  ``/tiers define``, ``/tiers compare``, ``/tiers ask``, ``/mix`` per-tier assumptions).
  Returns a ``TierSize``: the scheme's range for the tier and, for every size band the
  sources publish inside that range, the same ``SizedPrice``/``SizedBenchmark`` that
  ``resolve_size`` gives a creator of that size (``price_rows``, ``benchmark_rows``), plus
  their span. A creator of tier T therefore always gets one of T's rows, never a figure
  outside them. ``price_at``/``benchmark_at`` give the figures at one stated size (the mix
  planner's typical creator of a tier).

Sources publish prices and benchmarks by their own size bands (the rate card's
"50K–500K"), which need not match the scheme's tier names. So figures are looked up by
follower count, and they carry only a *size* label, never a tier name, so a reply can't
name a tier that contradicts its headline. Each platform reads engagement from one
benchmark family (one source, one denominator), named in ``BenchmarkFamily``.

Pure domain code: no Discord, no storage.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache, lru_cache

from bot.domain.benchmarks import Basis, Benchmark, ContextFigure, benchmark_data, context_figures
from bot.domain.costs import cost_per_post, cost_table
from bot.domain.numbers import format_count, format_money, format_money_range
from bot.domain.platforms import Platform
from bot.domain.sources import cite, load_data_file
from bot.domain.tier import Tier
from bot.domain.tiers import Classification, TierRange, TierScheme


# The bounds are the data's own size bands (prices, benchmarks): a few dozen pairs, each
# formatted once rather than on every reply.
@lru_cache(maxsize=1024)
def size_label(minimum: int, maximum: int | None) -> str:
    """A follower band as people write it: "10K–50K", "1M+", "under 1K"."""
    if maximum is None:
        return f"{format_count(minimum)}+"
    if minimum == 0:
        return f"under {format_count(maximum)}"
    return f"{format_count(minimum)}–{format_count(maximum)}"


def _overlaps(low: int, high: int | None, minimum: int, maximum: int | None) -> bool:
    """Whether [low, high) and [minimum, maximum) share any follower count (None: open)."""
    return (maximum is None or low < maximum) and (high is None or high > minimum)


# --- price ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SizedPrice:
    """The published price of one sponsored post for accounts of one size (USD)."""

    platform: Platform
    low: float
    high: float | None  # None: open-ended ("$10,000 and up")
    approximate: bool  # a point estimate ("about $1,000"), not a range
    size_min: int  # the source's own size band this price was published for
    size_max: int | None
    source_ids: tuple[str, ...]
    # Set when this row is the stand-in platform's (see `STAND_IN_PLATFORM`), quoted as our
    # estimate for `stands_in_for`, a platform without a full card of its own.
    stands_in_for: Platform | None = None
    # Set on a stand-in row where `stands_in_for` publishes its own price for this size (a
    # point): the row is the stand-in's `card_row` widened to take that price in, so the
    # estimate never excludes the one figure the platform publishes.
    published_point: SizedPrice | None = None
    card_row: SizedPrice | None = None

    @property
    def size_label(self) -> str:
        return size_label(self.size_min, self.size_max)

    @property
    def is_stand_in(self) -> bool:
        return self.stands_in_for is not None


@dataclass(frozen=True, slots=True)
class PriceSpan:
    """Prices across a follower range: the lowest low to the highest high of its rows."""

    low: float
    high: float | None
    approximate: bool
    source_ids: tuple[str, ...]


@cache
def _price_rows(platform: Platform) -> tuple[SizedPrice, ...]:
    """The platform's rate card as size bands, smallest first (empty: no card)."""
    table = cost_table()
    cut = sorted(table.rate_card_minimums.items(), key=lambda item: item[1])
    rows: list[SizedPrice] = []
    for index, (tier, minimum) in enumerate(cut):
        maximum = cut[index + 1][1] if index + 1 < len(cut) else None
        cost = cost_per_post(tier, platform)
        if cost is None:
            continue
        rows.append(
            SizedPrice(
                platform=platform,
                low=cost.low,
                high=cost.high,
                approximate=cost.is_point_estimate,
                size_min=minimum,
                size_max=maximum,
                source_ids=cost.source_ids,
            )
        )
    return tuple(rows)


def rate_card_rows(platform: Platform) -> tuple[SizedPrice, ...]:
    """The platform's rate card as size bands, smallest first (empty: no card): the rows
    every price a reply quotes is one of."""
    return _price_rows(platform)


# Platforms without a full rate card of their own (Facebook, X and Twitch have none; Snapchat
# has two point estimates) are priced with this platform's card, said as our estimate. One
# card for every size keeps the tiers' prices in order: Snapchat's macro point ($75,000)
# beside a stand-in mega floor ($10,000) would price macro above mega. Where the platform
# does publish a price for a size, the stand-in's row is widened to take it in (never a range
# that leaves out the one figure the platform publishes; the lows, and so the tiers' order,
# stay the card's). /classify, /mix and /tiers ask all quote these rows, so the same creator
# gets the same price everywhere.
STAND_IN_PLATFORM = Platform.INSTAGRAM


def has_full_card(platform: Platform) -> bool:
    """True when the platform's own rate card prices every size band of the card."""
    return len(_price_rows(platform)) == len(cost_table().rate_card_minimums)


def card_platform(platform: Platform) -> Platform:
    """The platform whose card prices `platform`'s creators: its own, or the stand-in."""
    return platform if has_full_card(platform) else STAND_IN_PLATFORM


@cache
def priced_rows(platform: Platform) -> tuple[SizedPrice, ...]:
    """The rows every reply prices `platform`'s creators with: its own full card, else the
    stand-in's rows marked as standing in for it."""
    if has_full_card(platform):
        return _price_rows(platform)
    own = {(row.size_min, row.size_max): row for row in _price_rows(platform)}
    return tuple(
        _stand_in_row(row, platform, own.get((row.size_min, row.size_max)))
        for row in _price_rows(STAND_IN_PLATFORM)
    )


def _stand_in_row(row: SizedPrice, platform: Platform, point: SizedPrice | None) -> SizedPrice:
    """The stand-in card's row for `platform`, widened to take in the platform's own
    published price for the size, if any (Snapchat's about $1,000 at 10K–50K beside
    Instagram's $100–$500 gives $100–$1,000). Widening keeps every tier's low end, and so
    the tiers' order, while never quoting a range that leaves out the platform's figure."""
    if point is None:
        return replace(row, stands_in_for=platform)
    high = None if row.high is None or point.high is None else max(row.high, point.high)
    return replace(
        row,
        low=min(row.low, point.low),
        high=high,
        approximate=row.approximate and point.low >= row.low and high == row.high,
        source_ids=tuple(dict.fromkeys((*row.source_ids, *point.source_ids))),
        stands_in_for=platform,
        published_point=point,
        card_row=row,
    )


def published_points(platform: Platform) -> tuple[SizedPrice, ...]:
    """A partial card's own published rows (Snapchat's two point estimates), which widen the
    stand-in's row of their size (see `priced_rows`); empty for a full card or none."""
    return () if has_full_card(platform) else _price_rows(platform)


def stand_in_text(platform: Platform) -> str:
    """Why `platform`'s prices are the stand-in's, in the words every command uses:
    "no rate card is published for Facebook; Instagram's card stands in as our estimate"."""
    if _price_rows(platform):
        return (
            f"no full rate card is published for {platform.label}; {STAND_IN_PLATFORM.label}'s "
            f"card stands in as our estimate, widened to take in {platform.label}'s own price "
            "where it publishes one"
        )
    return (
        f"no rate card is published for {platform.label}; {STAND_IN_PLATFORM.label}'s card "
        "stands in as our estimate"
    )


def published_point_text(platform: Platform, followers: int) -> str | None:
    """What a partial card publishes for this size and how the estimate uses it, said beside
    the stand-in estimate: "Instagram's card gives $100–$500 for 10K–50K accounts and
    Snapchat's one published price for that size is about $1,000 (Business of Apps), so the
    estimate runs from the one to the other; Tierbot's plans budget the middle, $550 a
    post." None where the platform publishes nothing for this size."""
    row = price_for(platform, followers)
    if row is None or row.published_point is None or row.card_row is None:
        return None
    point, card = row.published_point, row.card_row
    about = "about " if point.approximate else ""
    money = f"{about}{format_money_range(point.low, point.high)} ({cite(point.source_ids)})"
    if (row.low, row.high) == (card.low, card.high):
        return (
            f"{platform.label}'s one published price for {row.size_label} accounts, {money}, "
            "is inside this range."
        )
    published = f"{platform.label}'s one published price for that size is {money}"
    middle = (
        f"; Tierbot's plans budget the middle, {format_money((row.low + row.high) / 2)} a post"
        if row.high is not None
        else ""
    )
    return (
        f"{STAND_IN_PLATFORM.label}'s card gives {format_money_range(card.low, card.high)} "
        f"for {row.size_label} accounts, and {published}, so the estimate runs from the one "
        f"to the other{middle}."
    )


def price_for(platform: Platform, followers: int) -> SizedPrice | None:
    """The price every reply quotes for one post by an account of this size: the own card's
    row, or the stand-in's (marked) when the platform has no full card; None below the
    smallest priced size (see price_gap)."""
    for row in priced_rows(platform):
        if followers >= row.size_min and (row.size_max is None or followers < row.size_max):
            return row
    return None


def smallest_priced_size() -> int:
    """Below this many followers no published rate card prices an account."""
    return min(cost_table().rate_card_minimums.values())


def price_gap(platform: Platform, followers: int) -> str:
    """Why there is no price, in a marketer's words (call when ``price_at`` gave None)."""
    rows = priced_rows(platform)
    if not rows:
        return f"no published rate card covers {platform.label}"
    if followers < rows[0].size_min:
        return (
            f"no published rate card prices accounts under {format_count(rows[0].size_min)} "
            f"{platform.audience_noun}s"
        )
    return f"the {platform.label} rate card has no price for {size_label_of(platform, followers)}"


def size_label_of(platform: Platform, followers: int) -> str:
    """The rate card's size band containing `followers`, as a label ("50K–500K accounts")."""
    cut = sorted(cost_table().rate_card_minimums.values())
    for index, minimum in enumerate(cut):
        maximum = cut[index + 1] if index + 1 < len(cut) else None
        if followers >= minimum and (maximum is None or followers < maximum):
            return f"{size_label(minimum, maximum)} accounts"
    return f"accounts under {format_count(cut[0])}"


def price_at(platform: Platform, followers: int) -> SizedPrice | None:
    """The platform's own card's price of one post at exactly this size, or None. Replies
    quote `price_for`, which puts the stand-in card where a platform has no full card."""
    for row in _price_rows(platform):
        if followers >= row.size_min and (row.size_max is None or followers < row.size_max):
            return row
    return None


@dataclass(frozen=True, slots=True)
class SizedFee:
    """One post's fee at an exact size above an open-ended row's reference creator (USD):
    the reference creator's planning range scaled in step with followers."""

    followers: int
    low: float
    planning: float
    high: float
    source_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OpenEndedRule:
    """The stated rule for sizes above an open-ended rate-card row (see mix_model.toml)."""

    reference_followers: int  # the top tier's typical creator
    ceiling_usd: float  # the planning high end of that creator's post ("six figures")
    source_ids: tuple[str, ...]


@cache
def open_ended_rule() -> OpenEndedRule:
    raw = load_data_file("mix_model.toml")
    typical = raw["tiers"]["mega"]["typical_followers"]
    ceiling = raw["planning"]["mega_planning_high_usd"]
    scaling = raw["planning"]["fee_per_follower_above_typical"]
    return OpenEndedRule(
        reference_followers=int(typical["value"]),
        ceiling_usd=float(ceiling["value"]),
        source_ids=tuple(
            dict.fromkeys((*typical["sources"], *ceiling["sources"], *scaling["sources"]))
        ),
    )


def fee_at_size(platform: Platform, followers: int) -> SizedFee | None:
    """The fee of one post by an account of `followers` in the platform's open-ended top row,
    at or above the row's reference creator (None elsewhere: the card's own row applies).

    The reference creator is planned between the card's floor and the stated ceiling; above
    it, fees grow in step with followers at that creator's price per follower (on Instagram
    $10 per 1,000, inBeat's ~$100 per 10K followers), since a bigger audience is what a
    brand pays more for."""
    rows = _price_rows(platform)
    if not rows or rows[-1].high is not None:
        return None
    top = rows[-1]
    rule = open_ended_rule()
    if followers < max(rule.reference_followers, top.size_min):
        return None
    high = max(rule.ceiling_usd, top.low)
    scale = followers / rule.reference_followers
    return SizedFee(
        followers=followers,
        low=top.low * scale,
        planning=(top.low + high) / 2 * scale,
        high=high * scale,
        source_ids=tuple(dict.fromkeys((*top.source_ids, *rule.source_ids))),
    )


def priced_platforms() -> tuple[Platform, ...]:
    """Platforms with a published rate card, in the data file's order."""
    return tuple(platform for platform in Platform if _price_rows(platform))


# --- engagement benchmark --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BenchmarkFamily:
    """The one benchmark series a platform's engagement is judged against."""

    platform: Platform
    basis: Basis
    description: str
    source_ids: tuple[str, ...]
    year: int


@dataclass(frozen=True, slots=True)
class SizedBenchmark:
    """The typical engagement band for accounts of one size (fractions: 0.0084 is 0.84%)."""

    platform: Platform
    basis: Basis
    low: float
    high: float
    size_min: int
    size_max: int | None
    source_ids: tuple[str, ...]
    year: int
    description: str  # the family in words: "Modash's “average” band for Instagram …"

    @property
    def size_label(self) -> str:
        return size_label(self.size_min, self.size_max)

    @classmethod
    def of(cls, band: Benchmark) -> SizedBenchmark:
        return cls(
            platform=band.platform,
            basis=band.basis,
            low=band.low,
            high=band.high,
            size_min=band.min_followers,
            size_max=band.max_followers,
            source_ids=band.source_ids,
            year=band.year,
            description=band.description,
        )


@dataclass(frozen=True, slots=True)
class BenchmarkSpan:
    low: float
    high: float
    basis: Basis
    source_ids: tuple[str, ...]
    year: int


def benchmark_family(platform: Platform, basis: Basis | None = None) -> BenchmarkFamily | None:
    """The platform's benchmark series (for `basis`, or its only one); None when unpublished."""
    for (band_platform, band_basis), bands in benchmark_data().bands.items():
        if band_platform is platform and (basis is None or band_basis is basis):
            first = bands[0]
            return BenchmarkFamily(
                platform=platform,
                basis=band_basis,
                description=first.description,
                source_ids=first.source_ids,
                year=first.year,
            )
    return None


@cache  # static data: building 7 rows per lookup cost a 200-post campaign report ~25 ms
def _benchmark_rows(platform: Platform, basis: Basis | None) -> tuple[SizedBenchmark, ...]:
    family = benchmark_family(platform, basis)
    if family is None:
        return ()
    bands = benchmark_data().bands[(platform, family.basis)]
    return tuple(SizedBenchmark.of(band) for band in bands)


def benchmark_at(
    platform: Platform, followers: int, basis: Basis | None = None
) -> SizedBenchmark | None:
    """The platform's typical engagement band for this size (by `basis`, else its own one)."""
    for row in _benchmark_rows(platform, basis):
        if followers >= row.size_min and (row.size_max is None or followers < row.size_max):
            return row
    return None


def benchmark_gap(platform: Platform, followers: int, basis: Basis | None = None) -> str:
    """Why there is no band, in a marketer's words (call when ``benchmark_at`` gave None)."""
    rows = _benchmark_rows(platform, basis)
    if not rows:
        by = f" by {basis.value}" if basis is not None else ""
        return f"no published engagement benchmark for {platform.label}{by}"
    if followers < rows[0].size_min:
        return (
            f"no published benchmark covers accounts under {format_count(rows[0].size_min)} "
            f"{platform.audience_noun}s"
        )
    top = max((row.size_max or 0) for row in rows)
    size = f"{format_count(top)}+" if followers >= top > 0 else "this size"
    return f"no typical range is published for {platform.label} accounts of {size}"


def size_average_at(platform: Platform, followers: int) -> ContextFigure | None:
    """Where no typical range covers this size: the platform's own published average (or
    median) for accounts of this size, with its basis, the figure /classify compares such a
    creator with ("mega average for 1M+ accounts, 1.6% by views"). None when a range covers
    the size, or no such figure is published (all-size medians and "high" thresholds are
    not a size's typical rate; a figure that names no denominator cannot be applied)."""
    if benchmark_at(platform, followers) is not None:
        return None
    for figure in context_figures(platform, followers):
        sized = figure.min_followers > 0 or figure.max_followers is not None
        typical = figure.stat.split(", ")[0].split()[-1] in ("average", "median")
        if sized and typical and figure.basis is not None:
            return figure
    return None


# --- one creator -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CreatorSize:
    """Everything a reply says about a creator's size: tier, price and benchmark."""

    platform: Platform
    followers: int
    placement: Classification  # the tier (or emerging band) under the server's scheme
    price: SizedPrice | None
    price_gap: str | None  # set exactly when price is None
    benchmark: SizedBenchmark | None  # in the platform's benchmark family
    benchmark_gap: str | None  # set exactly when benchmark is None
    # In an open-ended top row, at or above its typical creator: the fee at exactly this
    # size by the stated rule (``fee_at_size``), the figure /mix plans such a creator at.
    size_fee: SizedFee | None = None

    @property
    def tier(self) -> Tier | None:
        return self.placement.tier

    @property
    def tier_label(self) -> str:
        """ "Micro", "Emerging (below nano)": the headline every command shows."""
        return tier_label(self.placement)


def resolve_placement(followers: int, scheme: TierScheme) -> Classification:
    """The tier part of `resolve_size` alone, for lists that show tiers without prices or
    benchmarks (a shortlist's 1,000 entries): the same placement, without the rest."""
    if followers < 0:
        raise ValueError("followers cannot be negative")
    return scheme.classify(followers)


def tier_label(placement: Classification) -> str:
    """A placement as a headline: "Micro", "Emerging (below nano)"."""
    return placement.label[:1].upper() + placement.label[1:]


def resolve_size(
    platform: Platform, followers: int, scheme: TierScheme, basis: Basis | None = None
) -> CreatorSize:
    """The tier, price and benchmark of a `followers`-sized creator on `platform`.

    `scheme` is the server's current scheme (never a stored tier); `basis` picks the
    benchmark's denominator when the caller measured engagement by views or by followers
    (None: the platform's own family).
    """
    placement = resolve_placement(followers, scheme)
    price = price_for(platform, followers)
    benchmark = benchmark_at(platform, followers, basis)
    return CreatorSize(
        platform=platform,
        followers=followers,
        placement=placement,
        price=price,
        price_gap=None if price is not None else price_gap(platform, followers),
        benchmark=benchmark,
        benchmark_gap=None if benchmark is not None else benchmark_gap(platform, followers, basis),
        size_fee=fee_at_size(platform, followers),
    )


# --- a whole tier ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TierSize:
    """A tier's figures on one platform: every published size band inside its range.

    `price_rows`/`benchmark_rows` are exactly what `resolve_size` returns for creators of
    those sizes; the spans are their lowest low to highest high. `unpriced_below` is set when
    the tier's range starts below the smallest size any rate card prices.
    """

    platform: Platform
    tier: Tier
    range: TierRange
    scheme_id: str
    price_rows: tuple[SizedPrice, ...]
    price: PriceSpan | None
    unpriced_below: int | None
    benchmark_rows: tuple[SizedBenchmark, ...]
    benchmark: BenchmarkSpan | None

    @property
    def range_label(self) -> str:
        return size_label(self.range.minimum, self.range.maximum)

    def row_size_label(self, row: SizedPrice) -> str:
        """The part of a price row's size band inside this tier: a 50K–500K card row in a
        10K–100K tier applies at 50K–100K, so a reply never prices sizes outside the tier."""
        return clipped_size_label(
            row.size_min, row.size_max, self.range.minimum, self.range.maximum
        )


def clipped_size_label(row_min: int, row_max: int | None, minimum: int, maximum: int | None) -> str:
    """ "50K–100K": a source's size band [row_min, row_max) cut to the range [minimum, maximum)."""
    low = max(row_min, minimum)
    if row_max is None:
        high = maximum
    elif maximum is None:
        high = row_max
    else:
        high = min(row_max, maximum)
    return size_label(low, high)


def priced_for(size: TierSize, platform: Platform) -> TierSize:
    """`size` (a tier's figures on the card that prices `platform`) with the rows every
    reply prices `platform`'s creators with: the stand-in card's, widened to the platform's
    own published points (see `priced_rows`), so /tiers ask quotes what /classify and /mix
    quote for the same sizes."""
    rows = tuple(
        row
        for row in priced_rows(platform)
        if _overlaps(row.size_min, row.size_max, size.range.minimum, size.range.maximum)
    )
    return replace(size, price_rows=rows, price=_price_span(rows))


def _price_span(rows: tuple[SizedPrice, ...]) -> PriceSpan | None:
    if not rows:
        return None
    return PriceSpan(
        low=min(row.low for row in rows),
        high=None
        if any(row.high is None for row in rows)
        else max(row.high or 0.0 for row in rows),
        approximate=any(row.approximate for row in rows),
        source_ids=tuple(dict.fromkeys(s for row in rows for s in row.source_ids)),
    )


def _benchmark_span(rows: tuple[SizedBenchmark, ...]) -> BenchmarkSpan | None:
    if not rows:
        return None
    return BenchmarkSpan(
        low=min(row.low for row in rows),
        high=max(row.high for row in rows),
        basis=rows[0].basis,
        source_ids=tuple(dict.fromkeys(s for row in rows for s in row.source_ids)),
        year=max(row.year for row in rows),
    )


def resolve_range(
    platform: Platform, minimum: int, maximum: int | None, basis: Basis | None = None
) -> tuple[tuple[SizedPrice, ...], tuple[SizedBenchmark, ...]]:
    """The price and benchmark rows that creators in [minimum, maximum) can get."""
    prices = tuple(
        row
        for row in _price_rows(platform)
        if _overlaps(row.size_min, row.size_max, minimum, maximum)
    )
    benchmarks = tuple(
        row
        for row in _benchmark_rows(platform, basis)
        if _overlaps(row.size_min, row.size_max, minimum, maximum)
    )
    return prices, benchmarks


def resolve_tier(
    platform: Platform, tier: Tier, scheme: TierScheme, basis: Basis | None = None
) -> TierSize | None:
    """`tier`'s figures on `platform` at the sizes `scheme` gives it (None: no such tier)."""
    found = scheme.range_of(tier)
    if found is None:
        return None
    prices, benchmarks = resolve_range(platform, found.minimum, found.maximum, basis)
    smallest = smallest_priced_size()
    return TierSize(
        platform=platform,
        tier=tier,
        range=found,
        scheme_id=scheme.id,
        price_rows=prices,
        price=_price_span(prices),
        unpriced_below=smallest if found.minimum < smallest else None,
        benchmark_rows=benchmarks,
        benchmark=_benchmark_span(benchmarks),
    )
