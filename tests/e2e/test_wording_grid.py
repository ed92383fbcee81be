"""Grammar by construction: every command, rendered over a grid of values, reads cleanly.

The grid covers 0, 1, 2 and 21 wherever a count is typed (followers, weeks, creators, list
entries), the boundaries of every scheme, every scheme and every platform. Every reply
is checked as plain text for a plural after 1, a singular after any other number, "a"
before a vowel sound (and "an" before a consonant), doubled words, and the internal terms
a marketer has never heard ("seed", "Seed 000", "planning assumption", ...).
"""

from __future__ import annotations

import re

from bot.domain.tiers import builtin_schemes
from bot.domain.wording import article
from tests.e2e.conftest import Harness

NOUNS = (
    "follower",
    "creator",
    "week",
    "change",
    "post",
    "like",
    "comment",
    "view",
    "row",
    "entry",
    "list",
    "time",
    "subscriber",
    "tier",
    "scheme",
    "booking",
    "day",
)
PLURALS = {noun: ("entries" if noun == "entry" else noun + "s") for noun in NOUNS}
INTERNAL = re.compile(
    r"\bseeds?\b|Seed 00\d|planning assumption|unnamed in this scheme|stated, not measured"
    r"|Seed consensus",
    re.IGNORECASE,
)
# A number as replies write it: 1, 2, 21, 1,000, 12.5K; not part of a larger number or range.
NUMBER = r"(?<![\d.,$–\-/])(\d[\d,]*(?:\.\d+)?[KMB]?)"


def plain(text: str) -> str:
    """The text as read: markdown emphasis, code ticks and escapes removed."""
    return re.sub(r"[*_`\\]", "", text)


def problems(text: str) -> list[str]:
    found: list[str] = []
    read = plain(text)
    for noun, many in PLURALS.items():
        for match in re.finditer(rf"{NUMBER} ({many}|{noun})\b(?![-'’])", read):
            number, word = match.group(1), match.group(2)
            if number == "1" and word == many:
                found.append(f"plural after 1: {match.group(0)!r}")
            elif number != "1" and word == noun and not number.endswith(("K", "M", "B")):
                found.append(f"singular after {number}: {match.group(0)!r}")
    for match in re.finditer(r"\b(a|an|A|An) ([A-Za-z0-9$][\w$-]*)", read):
        word = match.group(2)
        expected = article(word)
        if match.group(1).lower() != expected:
            found.append(f"article: {match.group(0)!r} should start with {expected!r}")
    for match in re.finditer(r"\b([A-Za-z]+) (?:(?:the|a|an) )?\1\b", read, re.IGNORECASE):
        found.append(f"doubled word: {match.group(0)!r}")
    for match in INTERNAL.finditer(read):
        found.append(f"internal term: {match.group(0)!r}")
    return found


def check(label: str, text: str, failures: list[str]) -> None:
    failures.extend(f"{label}: {problem}" for problem in problems(text))


def test_the_checker_catches_each_mistake() -> None:
    assert problems("1 followers short of 10K")
    assert problems("Capped at 21 creator")
    assert problems("a always-on plan")
    assert problems("**Typical** the typical band")
    assert problems("Seed 000: Nano vs Micro")
    assert problems("an YouTube creator")
    assert not problems(
        "1 follower, 2 followers, 21 creators, an always-on plan, a YouTube creator"
    )


async def test_every_command_reads_cleanly_over_the_grid(harness: Harness) -> None:
    failures: list[str] = []
    read: list[str] = []

    async def run(line: str, **kwargs: object) -> None:
        reply = await harness.invoke(line, **kwargs)  # type: ignore[arg-type]
        read.append(reply.text())
        check(line, reply.text(), failures)

    await run("/help")
    for scheme in builtin_schemes():
        await harness.invoke(f"/tiers scheme name:{scheme}", actor=harness.admin)
        await run("/tiers overview")
        await run("/tiers scheme")
        for tier in ("nano", "micro", "mid", "macro", "mega"):
            await run(f"/tiers define tier:{tier}")
        await run("/tiers compare first:nano second:mega")
        await run("/tiers compare first:micro second:mid")
        boundaries = sorted({b.minimum for b in builtin_schemes()[scheme].bands})
        counts = sorted({0, 1, 2, 21, *boundaries, *(b - 1 for b in boundaries if b > 1)})
        for platform in ("instagram", "tiktok", "youtube", "x", "facebook", "snapchat", "twitch"):
            for followers in counts:
                await run(f"/classify followers:{followers} platform:{platform} likes:1 comments:1")
    await harness.invoke(
        "/tiers custom nano:1 micro:2 mid:21 macro:1000 mega:10000", actor=harness.admin
    )
    await run("/tiers overview")
    await run("/classify followers:21 platform:instagram views:1 likes:2 comments:0")
    for question in ("What is a nano influencer?", "How much does a micro influencer cost?"):
        await run(f"/tiers ask question:{question}")
    for goal in ("awareness", "engagement", "conversions", "launch", "local", "always-on"):
        for count in (1, 2, 21):
            await run(f"/mix goal:{goal} budget:50k weeks:{count} max_creators:{count}")
    await run("/mix goal:launch budget:$50")
    await run("/shortlist create name:Grid")
    await run("/shortlist lists")
    for number, followers in enumerate((1, 2, 21, 1_000), start=1):
        handle = f"@grid{number}x"
        await run(
            f"/shortlist add name:Grid handle:{handle} platform:instagram followers:{followers}"
        )
        await run("/shortlist show name:Grid")
        await run("/shortlist lists")
        await run("/shortlist history name:Grid")
    await run("/shortlist export name:Grid")
    csv = b"handle,platform,followers,likes,comments\n@onerow,instagram,1,1,0\n"
    await run("/classify-csv file:one.csv", files={"one.csv": csv})

    # The grid really read replies: hundreds of them, with the counts it was built around.
    assert len(read) > 300
    joined = "\n".join(read)
    assert "1 follower" in joined and "21 followers" in joined
    unique = list(dict.fromkeys(failures))
    assert not unique, "\n".join(unique[:60])
