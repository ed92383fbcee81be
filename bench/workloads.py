"""What the service benchmark sends: one entry per command kind, and the files it needs."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

PLATFORMS = ("instagram", "tiktok", "youtube", "x", "facebook", "twitch")
CSV_ROWS = 5_000
BIG_LIST = "Big"  # the shortlist seeded with 1,000 entries for /shortlist show
ADD_LIST = "Adds"  # the shortlist /shortlist add fills during the run
BIG_LIST_ENTRIES = 1_000
ASK_QUESTIONS = (
    "how many followers does a micro influencer have",
    "what is a nano influencer",
    "how much does a macro influencer cost",
    "what engagement rate is good for micro influencers",
    "what is the difference between mid-tier and macro influencers",
    "when should I use mega influencers",
    "are nano influencers worth it",
    "how do I spot fake followers",
    "what is a good engagement rate on tiktok",
    "how much do instagram influencers charge per post",
)


@dataclass(frozen=True, slots=True)
class Kind:
    """A command kind measured through the emulator."""

    key: str
    line: str | tuple[str, ...]  # as typed in Discord, or lines taken in turn; `{i}` becomes
    # a number unique in the run, `{i%N}` that number modulo N
    command: str  # the registered top-level command it needs
    stateless: bool  # stateless kinds have the throughput and p99 targets
    count: int  # measured interactions (full run)
    warmup: int = 20
    files: Callable[[], dict[str, bytes]] | None = None
    role: str = "member"
    concurrency: int | None = None  # None: the run's bounded concurrency

    @property
    def label(self) -> str:
        first = self.line if isinstance(self.line, str) else self.line[0]
        words = first.split()
        name = [words[0]]
        if len(words) > 1 and ":" not in words[1]:
            name.append(words[1])
        return " ".join(name)


def creator_csv(rows: int = CSV_ROWS, *, seed: int = 7) -> bytes:
    """A realistic export: varied platforms and counts written the ways people write them."""
    rng = random.Random(seed)
    lines = ["Username,Platform,Follower Count,Avg Likes,Avg Comments,Avg Views,Notes"]
    for index in range(rows):
        followers = rng.choice(
            [
                rng.randint(200, 999),
                rng.randint(1_000, 9_999),
                rng.randint(10_000, 99_999),
                rng.randint(100_000, 999_999),
                rng.randint(1_000_000, 40_000_000),
            ]
        )
        written = rng.choice([f"{followers:,}", str(followers), f"{followers / 1000:.3f}k"])
        likes = int(followers * rng.uniform(0.001, 0.08))
        comments = int(likes * rng.uniform(0.005, 0.1))
        views = int(followers * rng.uniform(0.05, 0.6))
        lines.append(
            f'@creator{index},{PLATFORMS[index % len(PLATFORMS)]},"{written}",{likes},'
            f'{comments},{views},"note, with comma"'
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _csv_file() -> dict[str, bytes]:
    return {"creators.csv": creator_csv()}


BASELINE = Kind("baseline", "/ping", "ping", stateless=True, count=4000)

TIERBOT: tuple[Kind, ...] = (
    Kind("help", "/help", "help", stateless=True, count=4000),
    Kind("tiers_define", "/tiers define tier:micro", "tiers", stateless=True, count=4000),
    Kind(
        "tiers_ask",
        # Ten of the questions /tiers ask's autocomplete offers, in turn.
        tuple(f"/tiers ask question:{question}" for question in ASK_QUESTIONS),
        "tiers",
        stateless=True,
        count=4000,
    ),
    Kind(
        "classify",
        # {i%200}5k: 5k, 15k, ... 1,995k: nano to mega, and neighbours never alike.
        "/classify followers:{i%200}5k platform:instagram handle:@jane_doe likes:450 comments:32",
        "classify",
        stateless=True,
        count=4000,
    ),
    Kind(
        "mix",
        # $20k, $21k, ... $249k: a different plan and chart each time.
        "/mix goal:awareness budget:$2{i%50}k platform:instagram",
        "mix",
        stateless=True,
        count=100,
        warmup=5,
    ),
    Kind(
        "shortlist_add",
        f"/shortlist add name:{ADD_LIST} handle:@bench_creator_{{i}} platform:instagram "
        "followers:{i%200}5k likes:450 comments:32",
        "shortlist",
        stateless=False,
        count=500,
    ),
    Kind(
        "shortlist_show",
        f"/shortlist show name:{BIG_LIST}",
        "shortlist",
        stateless=False,
        count=1000,
    ),
    Kind(
        "shortlist_export",
        f"/shortlist export name:{BIG_LIST}",
        "shortlist",
        stateless=False,
        count=100,
        warmup=5,
    ),
    Kind(
        "classify_csv",
        "/classify-csv file:creators.csv",
        "classify-csv",
        stateless=False,
        count=8,
        warmup=1,
        files=_csv_file,
        concurrency=1,  # one list at a time: "finished" is then one file's end-to-end time
    ),
)
