"""The registry of sources that every figure Tierbot shows must name."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

SourceKind = Literal[
    "seed", "industry", "benchmark", "cost", "roi", "quality", "formula", "assumption", "guidance"
]


class Source(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    year: int  # 0 when the source gives none
    kind: SourceKind

    @property
    def citation(self) -> str:
        """Name and year, as shown to users: "HypeAuditor ... (2018)"."""
        return f"{self.name} ({self.year})" if self.year else self.name


def load_data_file(filename: str) -> dict[str, Any]:
    """Parse one TOML file shipped in bot/data/."""
    text = resources.files("bot.data").joinpath(filename).read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def source_registry() -> dict[str, Source]:
    raw = load_data_file("sources.toml")["sources"]
    return {key: Source(id=key, **value) for key, value in raw.items()}


class UnknownSourceError(KeyError):
    pass


def get_source(source_id: str) -> Source:
    try:
        return source_registry()[source_id]
    except KeyError:
        raise UnknownSourceError(source_id) from None


def cite(source_ids: Iterable[str]) -> str:
    """A readable list of citations, in the order given, without repeats."""
    seen: dict[str, None] = dict.fromkeys(source_ids)
    return "; ".join(get_source(source_id).citation for source_id in seen)


FOOTNOTE_CHARS = 220
"""Longest source footnote a reply carries: a footnote, not a bibliography."""


def is_assumption(source_id: str) -> bool:
    """Tierbot's own assumption: said in the text, never cited as a source."""
    return get_source(source_id).kind == "assumption"


def cite_brief(source_ids: Iterable[str], max_chars: int = FOOTNOTE_CHARS) -> str:
    """Published sources once each, in order, within `max_chars`; the rest as "and N more".

    Assumptions are left out: the text that relies on one says so.
    """
    published = [s for s in dict.fromkeys(source_ids) if not is_assumption(s)]
    shown: list[str] = []
    for position, source_id in enumerate(published):
        citation = get_source(source_id).citation
        rest = len(published) - position - 1
        tail = f"; and {rest} more" if rest else ""
        if shown and len("; ".join([*shown, citation])) + len(tail) > max_chars:
            break
        shown.append(citation)
    text = "; ".join(shown)
    if len(shown) < len(published):
        text += f"; and {len(published) - len(shown)} more"
    return text
