"""A third held-out part of the /tiers ask question set, written before the retrieval fix of
the follow-up session (off-topic refusals below 95% on held-out B) and never tuned on: it
checks that fix did not fit parts A and B. Its figure is reported separately
(python -m bench.ask_accuracy).

Off-topic rows deliberately share words with the knowledge base ("rate", "score",
"contract", "engagement", "brief", "reach", "followers"), as everyday questions do: a shared
word alone must not carry an answer.

Each row: (question as typed, the answers that count as right). An answer is an entry id,
"compute:<kind>" for a worked-out answer, or "none" for an honest refusal.
"""

from __future__ import annotations

HELD_OUT_C: list[tuple[str, tuple[str, ...]]] = [
    ("is 42k followers nano", ("compute:tier-of",)),
    ("what tier is a 1.1m tiktok account", ("compute:tier-of",)),
    ("is 5% engagement good for a 60k instagram", ("compute:engagement-check",)),
    ("whats the going rate for instagram influencers", ("cost-instagram",)),
    ("how much to sponsor a 400k youtube channel", ("compute:posts-cost",)),
    (
        "how many nano influencers would we need for 250k impressions",
        ("compute:creators-for-reach",),
    ),
    ("we've got 8000 dollars for tiktok, what does that get us", ("compute:budget",)),
    ("macro vs micro for brand awareness", ("compute:compare", "tier-for-goal")),
    ("what do creators need to put in the caption of a sponsored post", ("disclosure-basics",)),
    ("does the ftc care about gifted products", ("disclosure-gifts", "disclosure-ftc")),
    ("can we use an influencers video in our own facebook ads", ("usage-rights", "whitelisting")),
    (
        "how do i know if an influencer's followers are fake",
        ("quality-fake-followers", "fake-spot-signs"),
    ),
    ("what should we measure for a sales campaign", ("measure-conversions", "measure-by-goal")),
    ("is a 10% affiliate commission normal", ("pay-per-performance",)),
    ("do we still have to pay creators if we send them free stuff", ("pay-gifting",)),
    ("avg engagement for micro creators on tiktok", ("compute:tier-engagement",)),
    ("is it worth paying extra for exclusivity", ("exclusivity", "usage-rights-pricing")),
    (
        "why does this creator get so few views for their follower count",
        ("quality-views-vs-followers",),
    ),
    (
        "how should we split budget between big and small influencers",
        ("mix-small-vs-mega", "mix-nano-micro"),
    ),
    (
        "does tiktok measure engagement differently than instagram",
        ("er-tiktok", "er-which-denominator"),
    ),
]

HELD_OUT_C_OFF_TOPIC: list[str] = [
    "what's the exchange rate for euros to dollars",
    "how do i get out of my phone contract",
    "what's a good credit score",
    "how much should i spend on an engagement ring",
    "how do i post a parcel to canada",
    "what's the interest rate on a mortgage",
    "how to reach the airport from downtown",
    "what is the boiling point of water",
    "how do i write a legal brief",
    "what's the price of bitcoin today",
    "how to measure a room for carpet",
    "track my amazon package",
    "what are the rules of chess",
    "how many players on a football team",
    "what's a normal resting heart rate",
    "how to cancel my gym membership",
    "tips for a job interview",
    "good names for a golden retriever",
    "how do i follow an artist on spotify",
    "what is the best way to learn french",
]
