"""The /mix table: columns a marketing lead can scan."""

from __future__ import annotations

import re

from bot.domain.mix import Goal, MixRequest, plan_mix
from bot.domain.platforms import Platform
from bot.render.mix import plan_table

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
