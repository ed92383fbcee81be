"""Published engagement-rate benchmarks (bot/data/benchmarks.toml), validated once.

Only the size resolver (bot/domain/creator_size.py) looks a band up by follower count; every
command reads benchmarks through it. Rates are fractions (0.0345 == 3.45%).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.domain.numbers import format_count
from bot.domain.platforms import Platform
from bot.domain.sources import get_source, load_data_file


class Basis(StrEnum):
    """The denominator of an engagement rate."""

    FOLLOWERS = "followers"
    VIEWS = "views"


class _Sourced(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    platform: Platform
    basis: Basis | None
    min_followers: int = Field(ge=0)
    max_followers: int | None  # exclusive; None = open-ended
    source_ids: tuple[str, ...] = Field(min_length=1)
    year: int

    @model_validator(mode="after")
    def _check_sources(self) -> Self:
        if self.max_followers is not None and self.max_followers <= self.min_followers:
            raise ValueError(f"empty follower band {self.min_followers}..{self.max_followers}")
        for source_id in self.source_ids:
            get_source(source_id)
        published = get_source(self.source_ids[0]).year
        if published and published != self.year:
            raise ValueError(f"{self.source_ids[0]} is from {published}, not {self.year}")
        return self

    def covers(self, followers: int) -> bool:
        return followers >= self.min_followers and (
            self.max_followers is None or followers < self.max_followers
        )

    @property
    def size_label(self) -> str:
        """The source's own size band: "10K–50K", "1M+"."""
        low = format_count(self.min_followers)
        if self.max_followers is None:
            return "all sizes" if self.min_followers == 0 else f"{low}+"
        return f"{low}–{format_count(self.max_followers)}"


class Benchmark(_Sourced):
    """A typical engagement range for accounts of one size on one platform."""

    basis: Basis
    low: float = Field(ge=0)  # fractions
    high: float
    description: str

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.high < self.low:
            raise ValueError(f"band {self.low}..{self.high} is reversed")
        return self


class ContextFigure(_Sourced):
    """One published figure shown beside a band, never used to judge a creator."""

    value: float = Field(ge=0)  # fraction
    stat: str  # "average", "median, all sizes", ...


@dataclass(frozen=True, slots=True)
class _BenchmarkData:
    bands: dict[tuple[Platform, Basis], tuple[Benchmark, ...]]
    context: dict[Platform, tuple[ContextFigure, ...]]


def _rows(table: dict[str, Any]) -> list[dict[str, Any]]:
    common = {
        "platform": table["platform"],
        "basis": table.get("basis"),
        "source_ids": tuple(table["sources"]),
        "year": table["year"],
    }
    rows: list[dict[str, Any]] = []
    for row in table["rows"]:
        extra = set(row) - {"min", "max", "low", "high", "value"}
        if extra:
            raise ValueError(f"unknown keys in benchmark row: {sorted(extra)}")
        entry: dict[str, Any] = {
            **common,
            "min_followers": row["min"],
            "max_followers": row.get("max"),
        }
        for key in ("low", "high", "value"):
            if key in row:
                entry[key] = round(row[key] / 100, 10)  # published as percentages
        rows.append(entry)
    return rows


@cache
def benchmark_data() -> _BenchmarkData:
    """Every band and context figure, validated once."""
    raw = load_data_file("benchmarks.toml")
    bands: dict[tuple[Platform, Basis], list[Benchmark]] = {}
    for table in raw["band"]:
        for entry in _rows(table):
            band = Benchmark(**entry, description=table["description"])
            bands.setdefault((band.platform, band.basis), []).append(band)
    for key, found in bands.items():
        found.sort(key=lambda b: b.min_followers)
        for before, after in itertools.pairwise(found):
            if before.max_followers is None or before.max_followers > after.min_followers:
                raise ValueError(f"overlapping benchmark bands for {key}")
    context: dict[Platform, list[ContextFigure]] = {}
    for table in raw["context"]:
        for entry in _rows(table):
            figure = ContextFigure(**entry, stat=table["stat"])
            context.setdefault(figure.platform, []).append(figure)
    return _BenchmarkData(
        bands={key: tuple(value) for key, value in bands.items()},
        context={key: tuple(value) for key, value in context.items()},
    )


def benchmark_band(platform: Platform, followers: int, basis: Basis) -> Benchmark | None:
    """The typical band for an account of this size, by the source's own size bands."""
    for band in benchmark_data().bands.get((platform, basis), ()):
        if band.covers(followers):
            return band
    return None


def context_figures(
    platform: Platform, followers: int, basis: Basis | None = None
) -> tuple[ContextFigure, ...]:
    """Published figures that apply to this size (and basis, when one is given)."""
    return tuple(
        figure
        for figure in benchmark_data().context.get(platform, ())
        if figure.covers(followers) and (basis is None or figure.basis in (basis, None))
    )
