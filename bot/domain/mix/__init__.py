"""The /mix planner: a budget-constrained nano/micro/mid/macro/mega plan for a campaign goal.

Public API:

* `plan_mix(request) -> MixPlan` — the optimum plan (raises BudgetTooSmallError below the
  goal's minimum, MixNotPossibleError when no allowed tier suits the goal).
* `minimum_budget(goal, platform, allowed_tiers, weeks=4) -> float`.
* Models: Goal, MixRequest, MixPlan, PlanLine, PhasePlan, CadenceLine, Note, MixFlags.

Modules: `model` (figures and prices), `optimiser` (exact DPs), `planner` (goal rules and
assembly), `explain` (reasons and assumptions).
"""

from bot.domain.mix.models import (
    DEFAULT_WEEKS,
    MAX_CREATORS_LIMIT,
    BudgetTooSmallError,
    CadenceLine,
    Goal,
    MixFlags,
    MixNotPossibleError,
    MixPlan,
    MixRequest,
    Note,
    Phase,
    PhasePlan,
    PlanLine,
    PricedOutTier,
)
from bot.domain.mix.planner import OBJECTIVES, check_plannable, minimum_budget, plan_mix

__all__ = [
    "DEFAULT_WEEKS",
    "MAX_CREATORS_LIMIT",
    "OBJECTIVES",
    "BudgetTooSmallError",
    "CadenceLine",
    "Goal",
    "MixFlags",
    "MixNotPossibleError",
    "MixPlan",
    "MixRequest",
    "Note",
    "Phase",
    "PhasePlan",
    "PlanLine",
    "PricedOutTier",
    "check_plannable",
    "minimum_budget",
    "plan_mix",
]
