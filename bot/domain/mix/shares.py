"""Budget shares as the reply shows them: one figure per plan line, the same in the table,
the reasons and the chart.

The table's share column adds up to its total (largest remainder, to a tenth of a percent),
so every sentence that quotes a share reads it from those same tenths: a reader who adds
the table's rows gets the figure the text says. A funded line too small for a tenth keeps
its own share, so it reads "<0.1%", never "0%".
"""

from __future__ import annotations

from bot.domain.mix.models import MixPlan, Phase
from bot.domain.numbers import apportion, format_budget_share, half_up
from bot.domain.tier import Tier


def shown_spent_tenths(plan: MixPlan) -> int:
    """The share of the budget spent, in tenths of a percent; a plan that leaves money
    unspent never shows 100.0% (99.95% is shown as 99.9%)."""
    spent = plan.total_spend / plan.budget * 1000
    return min(half_up(spent), 999) if plan.total_spend < plan.budget else half_up(spent)


def shown_line_tenths(plan: MixPlan) -> list[int]:
    """Each line's share in tenths of a percent, summing to the spent share."""
    return apportion([line.budget_share * 1000 for line in plan.lines], shown_spent_tenths(plan))


def _shown(tenths: int, share: float) -> float:
    return tenths / 1000 if tenths > 0 else share


def shown_line_shares(plan: MixPlan) -> list[float]:
    """Each line's share as the table shows it (a fraction of the budget)."""
    return [
        _shown(tenths, line.budget_share)
        for tenths, line in zip(shown_line_tenths(plan), plan.lines, strict=True)
    ]


def shown_share_of(plan: MixPlan, *tiers: Tier, phase: Phase | None = None) -> float:
    """The tiers' share (all tiers when none are named), optionally one launch phase's, as
    the sum of the table's rows."""
    picked = [
        (tenths, line)
        for tenths, line in zip(shown_line_tenths(plan), plan.lines, strict=True)
        if (not tiers or line.tier in tiers) and (phase is None or line.phase is phase)
    ]
    return _shown(sum(t for t, _ in picked), sum(line.budget_share for _, line in picked))


def shown_spent_share(plan: MixPlan) -> float:
    return _shown(shown_spent_tenths(plan), plan.total_spend / plan.budget)


def share_text_of(plan: MixPlan, *tiers: Tier, phase: Phase | None = None) -> str:
    """ "99.8%": the tiers' share of the budget, worded as the table shows it."""
    return format_budget_share(shown_share_of(plan, *tiers, phase=phase))


def spent_share_text(plan: MixPlan) -> str:
    return format_budget_share(shown_spent_share(plan))
