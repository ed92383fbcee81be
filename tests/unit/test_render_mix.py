"""The /mix table: columns a marketing lead can scan."""

from __future__ import annotations

import re

from bot.domain.mix import Goal, MixPlan, MixRequest, plan_mix
from bot.domain.mix.shares import share_text_of
from bot.domain.platforms import Platform
from bot.domain.tier import Tier
from bot.domain.wording import posts_per_week
from bot.render.mix import assumptions_text, cadence_text, plan_table, reasons_text

SHARE = re.compile(r"\s(\d+(?:\.\d+)?%)\s")


def test_every_budget_share_has_one_decimal() -> None:
    # The €10K TikTok launch has a micro line at exactly 36% of the budget.
    plan = plan_mix(
        MixRequest(
            goal=Goal.LAUNCH, budget=10_000, currency="EUR", platform=Platform.TIKTOK, weeks=6
        )
    )
    rows = [line for line in plan_table(plan).splitlines() if line[:1].isalpha()]
    shares = [match.group(1) for row in rows if (match := SHARE.search(row))]

    assert len(shares) == len(plan.lines) + 1  # one per tier, and the total
    assert all(re.fullmatch(r"\d+\.\d%", share) for share in shares), shares


def test_the_lead_reason_names_the_creators_that_take_the_budget() -> None:
    plan = plan_mix(
        MixRequest(goal=Goal.AWARENESS, budget=25_000, platform=Platform.INSTAGRAM, max_creators=3)
    )

    texts = [reason.text for reason in plan.reasons]
    assert texts[0].startswith("Your cap of 3 creators binds")
    assert "Macro creators take 9" in texts[1]
    assert any("CPM of $5–15" in text for text in texts)


def _reasons(plan: MixPlan) -> list[str]:
    return reasons_text(plan).splitlines()


def test_the_engagement_split_is_stated_once_and_assumptions_only_in_the_footer() -> None:
    # The default four-tier scheme (no mid tier), as /mix plans it in the playground.
    four_tier = tuple(tier for tier in Tier if tier is not Tier.MID)
    plan = plan_mix(
        MixRequest(
            goal=Goal.ENGAGEMENT,
            budget=5_000,
            platform=Platform.INSTAGRAM,
            allowed_tiers=four_tier,
        )
    )

    reasons = _reasons(plan)
    split = f"creators take {share_text_of(plan, Tier.NANO, Tier.MICRO)} of the budget"
    assert plan.share(Tier.NANO, Tier.MICRO) >= 0.5
    assert sum(split in r for r in reasons) == 1
    assert not any("Tierbot's assumption" in r for r in reasons)
    footer = assumptions_text(plan)
    assert footer.startswith("Assumptions: ")
    assert "Tierbot's assumption" not in footer
    assert "Creators a team can book in 4 weeks (an assumption" in footer


def test_always_on_speaks_plainly_and_counts_posts_in_whole_numbers() -> None:
    plan = plan_mix(
        MixRequest(goal=Goal.ALWAYS_ON, budget=25_000, platform=Platform.TIKTOK, weeks=12)
    )

    text = cadence_text(plan) + plan.objective
    assert "trust-weighted" not in text
    per_week = sum(line.posts_per_week for line in plan.cadence)
    assert f"About {posts_per_week(per_week)} across the programme's 12 weeks" in text
    assert not re.search(r"\d+\.0 posts a week", text)


def test_posts_per_week_is_whole_from_ten_and_one_decimal_below() -> None:
    assert posts_per_week(36.0) == "36 posts a week"
    assert posts_per_week(12.4) == "12 posts a week"
    assert posts_per_week(1.3333) == "1.3 posts a week"
    assert posts_per_week(4.0) == "4 posts a week"
    assert posts_per_week(1.0) == "1 post a week"
