"""Sources as a marketer reads them, in every command that cites one.

A grid of /classify, /tiers, /mix, /shortlist and /campaign replies is read as plain text:
citations are "(Publisher, year)" with no nested or back-to-back brackets, a source is
named once where it is cited, our own estimates are never hedged as "Tierbot's assumption",
and no reply or suggestion carries an internal source id ("seed-003").
"""

from __future__ import annotations

import re

from bot.domain.sources import source_registry
from tests.e2e.conftest import Harness

NESTED = re.compile(r"\(\(|\)\)|\) \(")
SEED_ID = re.compile(r"\bseed[- _]?\d+", re.IGNORECASE)
HEDGES = ("Tierbot's assumption", "an assumption; no guide", "the basis is assumed")
PUBLISHERS = sorted(
    {s.name for s in source_registry().values() if s.kind != "assumption" and len(s.name) > 4},
    key=len,
    reverse=True,
)


def citation_problems(text: str) -> list[str]:
    read = re.sub(r"[*_`\\]", "", text)
    found = [
        f"nested brackets: {m.group(0)!r} in {read[max(0, m.start() - 60) : m.end() + 20]!r}"
        for m in NESTED.finditer(read)
    ]
    found += [f"internal id: {m.group(0)!r}" for m in SEED_ID.finditer(read)]
    found += [f"hedge: {hedge!r}" for hedge in HEDGES if hedge in read]
    # A source named twice in one statement: "Modash's band … (Modash, 2025)".
    for line in read.splitlines():
        for statement in line.split(" · "):
            rest = statement
            for name in PUBLISHERS:  # longest first: "Influencer Marketing Hub" before parts
                count = rest.count(name)
                if count > 1:
                    found.append(f"{name!r} named {count} times in {statement[:160]!r}")
                rest = rest.replace(name, "")
    return found


def test_the_checker_catches_each_mistake() -> None:
    assert citation_problems(
        "Modash's “average” band (Modash engagement rate calculator, Instagram (72M+) (2025))."
    )
    assert citation_problems("(November 2025) (Modash, 2025)")
    assert citation_problems("What is the seed-003 scheme?")
    assert citation_problems("read as per subscriber (Influencer Hero, 2024; Tierbot's assumption)")
    assert not citation_problems(
        "The “average” band for accounts of this size (Modash, 2025). · $10 (Modash, 2025)"
    )


async def test_every_citing_command_cites_cleanly(harness: Harness) -> None:
    failures: list[str] = []
    read: list[str] = []

    async def run(line: str) -> None:
        reply = await harness.invoke(line)
        read.append(reply.text())
        failures.extend(f"{line}: {problem}" for problem in citation_problems(reply.text()))

    for platform, extra in (
        ("instagram", ""),
        ("tiktok", " views:120k"),
        ("youtube", " views:210k"),
        ("x", ""),
    ):
        for followers in ("780", "9.8k", "15k", "99.9k", "250k", "1.02M", "3.4M"):
            await run(
                f"/classify followers:{followers} platform:{platform} likes:1.2k comments:60{extra}"
            )
    await run("/tiers overview")
    for tier in ("nano", "micro", "mid", "macro", "mega"):
        await run(f"/tiers define tier:{tier}")
    await run("/tiers compare first:nano second:micro")
    await run("/tiers compare first:macro second:mega")
    await run("/tiers compare first:mid second:macro")
    for question in (
        "whats the best pizza place in chicago",
        "is 50k followers micro or macro",
        "how much does a nano influencer charge per post on tiktok",
    ):
        await run(f"/tiers ask question:{question}")
    for platform in ("instagram", "tiktok", "youtube"):
        await run(f"/mix goal:launch budget:$250k platform:{platform}")
    await run("/mix goal:engagement budget:$60k")
    await run("/shortlist create name:Cite")
    await run(
        "/shortlist add name:Cite handle:@mia platform:instagram followers:18.2k likes:900 "
        "comments:40"
    )
    await run("/shortlist show name:Cite")
    await run("/campaign create name:Cite run goal:launch budget:$50k platform:instagram")
    await run(
        "/campaign book campaign:Cite run handle:@mia platform:instagram fee:$450 followers:18.2k"
    )
    await run(
        "/campaign result campaign:Cite run handle:@mia platform:instagram views:22k likes:1.4k "
        "comments:85"
    )
    await run("/campaign report campaign:Cite run")

    joined = "\n".join(read)
    # The grid really read cited replies: the benchmark, the rate card and the mix sources.
    assert "(Modash, 2025)" in joined
    assert "(Influencer Marketing Hub, 2021)" in joined
    assert "Sprout Social, 2025" in joined
    unique = list(dict.fromkeys(failures))
    assert not unique, "\n".join(unique[:40])
