"""Citations as a marketer reads them: publisher (or title) and year, once, in clean brackets."""

from __future__ import annotations

import re

import pytest

from bot.domain.benchmarks import benchmark_data
from bot.domain.sources import Source, cite, cite_brief, get_source, source_registry

PUBLISHED = [s for s in source_registry().values() if s.kind != "assumption"]


@pytest.mark.parametrize("source", PUBLISHED, ids=lambda s: s.id)
def test_every_citation_is_brief_and_bracket_free(source: Source) -> None:
    citation = source.citation
    # Shown inside "(…)" in replies: a bracket of its own would nest.
    assert not re.search(r"[()\[\]]", citation), citation
    assert len(citation) <= 70, citation
    if source.year:
        assert citation.endswith(f", {source.year}")


def test_a_citation_names_publisher_and_year() -> None:
    assert cite(["modash-instagram"]) == "Modash, 2025"
    assert cite(["imh-rates-2021", "influencer-hero-cpm"]) == (
        "Influencer Marketing Hub, 2021; Influencer Hero, 2024"
    )


def test_sources_that_read_the_same_are_named_once() -> None:
    # Modash's Instagram and TikTok tables are both "Modash, 2025".
    assert cite(["modash-instagram", "modash-tiktok"]) == "Modash, 2025"
    assert cite_brief(["modash-instagram", "modash-tiktok", "imh-rates-2021"]) == (
        "Modash, 2025; Influencer Marketing Hub, 2021"
    )


def test_our_own_estimates_are_not_cited_as_sources() -> None:
    assert cite(["influencer-hero-2024", "tierbot-model"]) == "Influencer Hero, 2024"
    assert "Tierbot" not in cite(["tierbot-model"])
    assert cite(["tierbot-model"]) == "our estimate"
    assert cite([]) == ""


def test_band_descriptions_leave_the_publisher_to_the_citation() -> None:
    for bands in benchmark_data().bands.values():
        for band in bands:
            for source_id in band.source_ids:
                name = get_source(source_id).name
                if get_source(source_id).kind != "assumption":
                    assert name not in band.description, band.description
            assert "(" not in band.description, band.description
