"""The held-out part of the /tiers ask question set: written before any tuning and never
tuned on. Its figure is reported separately (python -m bench.ask_accuracy).

Each row: (question as typed, the answers that count as right). An answer is an entry id,
"compute:<kind>" for a worked-out answer, or "none" for an honest refusal.
"""

from __future__ import annotations

HELD_OUT: list[tuple[str, tuple[str, ...]]] = [
    ("is 75k followers a micro influencer", ("compute:tier-of",)),
    ("what tier would 1.5m subscribers on youtube be", ("compute:tier-of",)),
    ("my client has 8k followers, is that nano?", ("compute:tier-of",)),
    ("is 4.5% engagement good for 20k followers on instagram", ("compute:engagement-check",)),
    ("is 0.5% ER bad for a 2m account", ("compute:engagement-check",)),
    ("how much would 3 macro posts cost on youtube", ("compute:posts-cost",)),
    ("price of 10 nano posts on insta", ("compute:posts-cost",)),
    ("how many nano creators to reach 500k people", ("compute:creators-for-reach",)),
    ("we have $15k, what can we buy on tiktok", ("compute:budget",)),
    ("what does a 2000 dollar budget get us", ("compute:budget",)),
    ("how much does a 200k youtuber charge", ("compute:posts-cost",)),
    ("difference between nano and macro", ("compute:compare",)),
    ("macro or mega which is better for awareness", ("compute:compare", "tier-for-goal")),
    ("whats a micro influencer", ("tier-micro",)),
    ("define mega influencer", ("tier-mega",)),
    ("how do you calculate engagment rate", ("er-formula",)),
    ("how much do tiktokers charge", ("cost-tiktok",)),
    ("youtube sponsorship prices", ("cost-youtube",)),
    ("are their followers real or bots", ("quality-fake-followers", "fake-spot-signs")),
    ("do we have to label gifted products", ("disclosure-gifts",)),
    ("ftc rules on sponsored posts", ("disclosure-ftc",)),
    ("asa guidance on #ad", ("disclosure-uk",)),
    ("what do european rules say about influencer ads", ("disclosure-eu",)),
    ("can we run ads from a creators handle", ("whitelisting",)),
    ("how long should usage rights last", ("usage-rights",)),
    ("should we ask for exclusivity", ("exclusivity",)),
    ("what to put in a creator contract", ("contract-essentials",)),
    ("tips for a good influencer brief", ("brief-essentials",)),
    ("commission only deals with influencers", ("pay-per-performance",)),
    ("is gifting enough or should we pay", ("pay-gifting",)),
    ("should we use tiktok or instagram for a launch", ("platform-choose",)),
    ("are youtubers worth it for a tech product", ("platform-youtube",)),
    ("twitch streamers for a snack brand?", ("platform-twitch",)),
    ("engagement rate benchmark for twitter", ("benchmark-missing-platforms",)),
    ("how to track conversions from creators", ("measure-conversions",)),
    ("which metrics show a campaign worked", ("measure-by-goal",)),
    (
        "why do big accounts get less engagement",
        ("benchmark-size-effect", "benchmark-small-vs-large"),
    ),
    ("is it better to hire many small influencers or one celebrity", ("mix-small-vs-mega",)),
    ("what is a good CPM for influencers", ("cost-cpm", "measure-awareness")),
    ("can i set my own tier thresholds", ("custom-scheme",)),
    ("why do different sites define micro differently", ("why-definitions-differ",)),
    ("how much engagement do nano influencers get on instagram", ("compute:tier-engagement",)),
    ("how do we negotiate a lower rate", ("pay-negotiate",)),
    ("who is responsible if the influencer forgets #ad", ("disclosure-brand-liability",)),
    ("what are engagement pods", ("fake-engagement-pods", "quality-too-high-er")),
]

HELD_OUT_OFF_TOPIC: list[str] = [
    "how do i reset my password",
    "what's the capital of australia",
    "write me a poem about cats",
    "how many calories in a banana",
    "best laptop for programming",
    "translate hello into spanish",
    "when is the next full moon",
    "how do i change a car tyre",
    "what time is it in tokyo",
    "recommend a good netflix series",
]

# A second held-out part, written after the first one's misses had been seen (they print in
# test output), so that one part stays unseen: written before the last round of tuning on
# the tuned part, run only to report. See /work/notes/issue-15.md.
HELD_OUT_B: list[tuple[str, tuple[str, ...]]] = [
    ("is 300 followers even a tier", ("compute:tier-of",)),
    ("what tier is someone with 65k on instagram", ("compute:tier-of",)),
    ("is 18k micro or nano", ("compute:tier-of",)),
    ("is 3.1% engagement decent for 45k followers", ("compute:engagement-check",)),
    ("is 9% ER good for a 700k tiktok", ("compute:engagement-check",)),
    ("how much will 8 nano posts cost on tiktok", ("compute:posts-cost",)),
    ("cost for 2 mega posts on instagram", ("compute:posts-cost",)),
    ("how much does a creator with 300k followers charge on instagram", ("compute:posts-cost",)),
    ("how many macro creators to hit 3m impressions", ("compute:creators-for-reach",)),
    ("how many kols to reach 2 million people on tiktok", ("compute:creators-for-reach",)),
    ("our budget is $7,500 what can we get", ("compute:budget",)),
    ("what does 25k usd get on instagram", ("compute:budget",)),
    ("nano vs mid", ("compute:compare",)),
    ("whats the difference between macro and mega", ("compute:compare",)),
    ("engagement rate for macro creators on instagram", ("compute:tier-engagement",)),
    ("what is a nano creator", ("tier-nano",)),
    ("mid tier influencer definition", ("tier-mid",)),
    ("how to work out engagement rate", ("er-formula",)),
    ("instagram prices for influencers by tier", ("cost-instagram",)),
    ("how much do youtubers charge for a sponsorship", ("cost-youtube",)),
    (
        "do i need to disclose an affiliate link",
        ("disclosure-basics", "disclosure-ftc", "pay-per-performance"),
    ),
    ("rules for influencer ads in the uk", ("disclosure-uk",)),
    ("what does whitelisting cost", ("usage-rights-pricing",)),
    ("can we ban an influencer from promoting rivals", ("exclusivity",)),
    ("what should be in an influencer brief", ("brief-essentials",)),
    ("how do we pay influencers on performance", ("pay-per-performance",)),
    ("red flags for fake followers", ("quality-fake-followers", "fake-spot-signs")),
    ("which social network should we pick for our campaign", ("platform-choose",)),
    ("how to measure roi on influencer sales", ("measure-conversions", "roi-imh")),
    ("should we do long term deals with creators", ("long-term-vs-one-off",)),
]

HELD_OUT_B_OFF_TOPIC: list[str] = [
    "how do i make sourdough starter",
    "what's the score of the game",
    "set a reminder for 5pm",
    "who wrote hamlet",
    "how to unclog a drain",
    "what is the speed of light",
    "best hiking trails near me",
    "how do i file my taxes",
    "tell me about the roman empire",
    "what is a black hole",
]
