"""The registry of sources that every figure Tierbot shows must name."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import cache, lru_cache
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
        """Publisher (or title) and year, as shown to users: "Modash, 2025".

        No brackets of its own, so it reads cleanly inside a reply's "(…)".
        """
        return f"{self.name}, {self.year}" if self.year else self.name


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


ESTIMATE_CITATION = "our estimate"
"""What a figure that rests only on Tierbot's own assumption cites."""


def _published_citations(source_ids: Iterable[str]) -> list[str]:
    """Citations of the published sources, in order, each text once.

    Two ids can read the same ("Modash, 2025" for its Instagram and TikTok tables): a reply
    names a source once. Assumptions are left out: the text that relies on one says so.
    """
    texts = (get_source(s).citation for s in dict.fromkeys(source_ids) if not is_assumption(s))
    return list(dict.fromkeys(texts))


def cite(source_ids: Iterable[str]) -> str:
    """A readable list of citations, in the order given, each once: "Modash, 2025; …".

    Only published sources are named; a figure resting on assumptions alone cites "our
    estimate".
    """
    return _cite(tuple(source_ids))


# Ids come from the shipped data files, so there are few distinct tuples; a reply cites three
# to five of them, and building each text anew cost /classify more than its tier look-ups.
@lru_cache(maxsize=4096)
def _cite(ids: tuple[str, ...]) -> str:
    citations = _published_citations(ids)
    if not citations and ids:
        return ESTIMATE_CITATION
    return "; ".join(citations)


FOOTNOTE_CHARS = 220
"""Longest source footnote a reply carries: a footnote, not a bibliography."""


def is_assumption(source_id: str) -> bool:
    """Tierbot's own assumption: said in the text, never cited as a source."""
    return get_source(source_id).kind == "assumption"


def cite_brief(source_ids: Iterable[str], max_chars: int = FOOTNOTE_CHARS) -> str:
    """Published sources once each, in order, within `max_chars`; the rest as "and N more".

    Assumptions are left out: the text that relies on one says so.
    """
    published = _published_citations(source_ids)
    shown: list[str] = []
    for position, citation in enumerate(published):
        rest = len(published) - position - 1
        tail = f"; and {rest} more" if rest else ""
        if shown and len("; ".join([*shown, citation])) + len(tail) > max_chars:
            break
        shown.append(citation)
    text = "; ".join(shown)
    if len(shown) < len(published):
        text += f"; and {len(published) - len(shown)} more"
    return text
