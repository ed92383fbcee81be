"""Exact dynamic programmes behind /mix: whole creators and posts per tier, within a budget.

The problem: for each tier pick n creators × p posts (one option per tier, or none) to
maximise a separable objective, with the total cost within the budget and the total number
of creators within a cap. Some goals also require at least one creator from a group of tiers
("stages": a launch needs a kickoff creator and a sustain creator).

Budget steps. Costs are integer cents. A plan's budget B is cut into S equal steps and each
tier's cost is rounded *up* to whole steps: ceil(cost × S / B). So a plan that fits the steps
fits the budget exactly, and because ceil(cost × S / B) never grows when B grows, a plan
feasible at B stays feasible at any larger budget: the optimum never falls as budget rises.
Rounding leaves at most one step per tier unspent.

Two exact solvers share that discretisation:

* `solve_counted` — a DP over (budget steps × creators) with the cap as a true second
  dimension. Exact, but its cost grows with the cap, so a launch (two phases) runs it with a
  cap of at most `COUNTED_CAP_LIMIT`.
* `solve_slotted` — a DP over budget steps only. With a cap K, every creator is charged at
  least a "slot" of B ÷ K (its own cost if higher): then any plan that fits the budget has at
  most K creators, so the cap holds without a second dimension. With no cap it is the plain
  budget-only optimum. Slot charging is monotone in B as well (a slot grows by (B'-B)/K, and
  K slots at most add B'-B), so the same never-falls guarantee holds.

The planner takes the better of the two, so for any cap the result is the exact optimum over
the union of two fixed, budget-monotone families; that is what makes "more budget never
lowers the objective" and "the awareness plan reaches at least as many people as the
conversions plan" (same bookings, same families, different objective) hold by construction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# A launch solves the 2-D programme for both phases and every split of the cap: its cost
# grows with the cap, and 150 keeps a plan near 0.5 s on a loaded machine (bench/ measures).
COUNTED_CAP_LIMIT = 150
COUNTED_STEPS = 200
SLOTTED_STEPS = 300
_NEG = -np.inf


@dataclass(frozen=True, slots=True)
class TierOptions:
    """Every (creators, posts) choice for one tier, with exact cost (cents) and value."""

    key: int
    creators: IntArray
    posts: IntArray
    unit_cost: IntArray  # cents per creator: posts × price + coordination
    value: FloatArray

    @property
    def cost(self) -> IntArray:
        return self.creators * self.unit_cost


@dataclass(frozen=True, slots=True)
class Stage:
    """Tiers considered together; `required` means the plan needs ≥1 creator from them."""

    tiers: tuple[TierOptions, ...]
    required: bool = False


@dataclass(frozen=True, slots=True)
class Pick:
    creators: int
    posts: int


@dataclass(frozen=True, slots=True)
class Solution:
    value: float
    picks: dict[int, Pick] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        return bool(np.isfinite(self.value))


INFEASIBLE = Solution(value=_NEG)


def _ceil_div(numerator: IntArray, denominator: int) -> IntArray:
    return -((-numerator) // denominator)


@dataclass(slots=True)
class _Prepared:
    key: int
    steps: IntArray
    creators: IntArray
    values: FloatArray
    posts: IntArray


def _prepare(
    tier: TierOptions, step_cost: IntArray, steps: int, cap: int | None, by_cell: bool
) -> _Prepared | None:
    """Options that fit. With `by_cell`, one per (creators, steps) cell: the best value.

    Walking back always takes the first matching option in this order (creators, then
    posts, ascending), so equal-value ties resolve the same way every time.
    """
    keep = step_cost <= steps
    if cap is not None:
        keep &= tier.creators <= cap
    if not keep.any():
        return None
    c, n, v, p = step_cost[keep], tier.creators[keep], tier.value[keep], tier.posts[keep]
    if by_cell:
        # Sort by cell, best value first, then fewest posts; keep each cell's first.
        order = np.lexsort((p, -v, c, n))
        c, n, v, p = c[order], n[order], v[order], p[order]
        first = np.ones(len(c), dtype=bool)
        first[1:] = (c[1:] != c[:-1]) | (n[1:] != n[:-1])
        c, n, v, p = c[first], n[first], v[first], p[first]
    return _Prepared(tier.key, c, n, v, p)


# --------------------------------------------------------------------------------------
# Nodes of the forward pass, kept for walking the optimum back.


@dataclass(slots=True)
class _Node:
    table: FloatArray | None


@dataclass(slots=True)
class _Zeros(_Node):
    pass


@dataclass(slots=True)
class _Max(_Node):
    first: _Node
    second: _Node


@dataclass(slots=True)
class _Update(_Node):
    tier: _Prepared
    base: _Node | None  # None: -inf (a required stage before its first creator)
    src: _Node


_UpdateFn = Callable[[_Node | None, _Node, _Prepared], _Update]
_LeafFn = Callable[[_Node | None, _Node, _Prepared], tuple[float, _Update]]
_StepCostFn = Callable[[TierOptions], IntArray]
_TierTableFn = Callable[[_Prepared], FloatArray]

# --------------------------------------------------------------------------------------
# Counted: budget steps × creators.


def solve_counted(
    stages: tuple[Stage, ...], budget_cents: int, cap: int, steps: int = COUNTED_STEPS
) -> Solution:
    """Exact optimum with total cost ≤ budget and total creators ≤ cap (cap kept small)."""
    prepared = _prepare_stages(
        stages, lambda t: _ceil_div(t.cost * steps, budget_cents), steps, cap, by_cell=True
    )
    if prepared is None:
        return INFEASIBLE
    shape = (cap + 1, steps + 1)
    zeros = _Zeros(np.zeros(shape))
    tmp = np.empty(shape)

    def table(node: _Node) -> FloatArray:
        assert node.table is not None
        return node.table

    def update(base: _Node | None, src: _Node, tier: _Prepared) -> _Update:
        if src is zeros:
            # From the empty plan a shift is just the option's value: scatter, then carry
            # each cell's best up and right (more budget or more room never hurts).
            grid = np.full(shape, _NEG)
            grid[tier.creators, tier.steps] = tier.values  # cells are unique after _prepare
            np.maximum.accumulate(grid, axis=0, out=grid)
            np.maximum.accumulate(grid, axis=1, out=grid)
            out = grid if base is None else np.maximum(grid, table(base))
        else:
            out = np.full(shape, _NEG) if base is None else table(base).copy()
            source = table(src)
            cells = zip(
                tier.steps.tolist(), tier.creators.tolist(), tier.values.tolist(), strict=True
            )
            for c, n, v in cells:
                rows, cols = cap + 1 - n, steps + 1 - c
                scratch = tmp[:rows, :cols]
                np.add(source[:rows, :cols], v, out=scratch)
                target = out[n:, c:]
                np.maximum(target, scratch, out=target)
        return _Update(out, tier, base, src)

    def leaf(base: _Node | None, src: _Node, tier: _Prepared) -> tuple[float, _Update]:
        candidates = table(src)[cap - tier.creators, steps - tier.steps] + tier.values
        best = float(candidates.max()) if len(candidates) else _NEG
        if base is not None:
            best = max(best, float(table(base)[cap, steps]))
        return best, _Update(None, tier, base, src)

    value, last = _forward(prepared, zeros, update, leaf)
    if not np.isfinite(value):
        return INFEASIBLE
    picks: dict[int, Pick] = {}
    _walk_counted(last, cap, steps, value, picks, zeros)
    return Solution(value=value, picks=picks)


@dataclass(frozen=True, slots=True)
class CountedTable:
    """The best value with at most k creators within b budget steps, for every (k, b)."""

    values: FloatArray  # shape (cap + 1, steps + 1)
    _last: _Node
    _zeros: _Node
    exact: bool = False  # values[k, b] books exactly k creators (else at most k)

    def plan_at(self, creators: int, step: int) -> Solution:
        value = float(self.values[creators, step])
        picks: dict[int, Pick] = {}
        if value > 0:
            _walk_counted(self._last, creators, step, value, picks, self._zeros, self.exact)
        return Solution(value=value, picks=picks)


def counted_table(
    tiers: tuple[TierOptions, ...], budget_cents: int, cap: int, steps: int, *, exact: bool = False
) -> CountedTable:
    """Like `solve_counted` (no required stages), but keeping the whole (creators × steps)
    table: a capped launch splits both the budget and the cap between its phases. With
    `exact`, row k holds the best plan of exactly k creators (-inf where there is none)."""
    shape = (cap + 1, steps + 1)
    base = np.zeros(shape)
    if exact:
        base[1:] = _NEG
    zeros = _Zeros(base)
    tmp = np.empty(shape)
    node: _Node = zeros
    for options in tiers:
        prepared = _prepare(
            options, _ceil_div(options.cost * steps, budget_cents), steps, cap, by_cell=True
        )
        if prepared is None:
            continue
        source = node.table
        assert source is not None
        out = source.copy()
        cells = zip(
            prepared.steps.tolist(),
            prepared.creators.tolist(),
            prepared.values.tolist(),
            strict=True,
        )
        for c, n, v in cells:
            rows, cols = cap + 1 - n, steps + 1 - c
            scratch = tmp[:rows, :cols]
            np.add(source[:rows, :cols], v, out=scratch)
            target = out[n:, c:]
            np.maximum(target, scratch, out=target)
        node = _Update(out, prepared, node, node)
    assert node.table is not None
    return CountedTable(node.table, node, zeros, exact)


def _walk_counted(
    node: _Node,
    k: int,
    b: int,
    value: float,
    picks: dict[int, Pick],
    zeros: _Node,
    exact: bool = False,
) -> None:
    while True:
        if isinstance(node, _Zeros):
            return
        if isinstance(node, _Max):
            first, second = node.first, node.second
            assert first.table is not None
            node = first if first.table[k, b] == value else second
            continue
        assert isinstance(node, _Update)
        base = node.base
        if base is not None and base.table is not None and base.table[k, b] == value:
            node = base
            continue
        tier = node.tier
        src = node.src
        fits = (tier.steps <= b) & (tier.creators <= k)
        if src is zeros:
            if exact:  # exactly k creators: the option itself books all k of them
                fits &= tier.creators == k
            found = np.flatnonzero(fits & (tier.values == value))
        else:
            assert src.table is not None
            rows = np.where(fits, k - tier.creators, 0)
            cols = np.where(fits, b - tier.steps, 0)
            found = np.flatnonzero(fits & (src.table[rows, cols] + tier.values == value))
        if not len(found):  # pragma: no cover - the forward pass guarantees a match
            raise AssertionError("counted DP walk-back found no option")
        i = int(found[0])
        n, c = int(tier.creators[i]), int(tier.steps[i])
        picks[tier.key] = Pick(n, int(tier.posts[i]))
        if src is zeros:
            return
        assert src.table is not None
        value = float(src.table[k - n, b - c])
        k, b, node = k - n, b - c, src


# --------------------------------------------------------------------------------------
# Slotted: budget steps only; a cap is honoured by charging each creator at least a slot.


def solve_slotted(
    stages: tuple[Stage, ...], budget_cents: int, cap: int | None, steps: int = SLOTTED_STEPS
) -> Solution:
    """Exact optimum over budget steps where each creator costs max(own cost, budget ÷ cap)."""

    def step_cost(t: TierOptions) -> IntArray:
        if cap is None:
            return _ceil_div(t.cost * steps, budget_cents)
        # n × max(u, B/K) in steps of B/S, kept in integers: n·max(u·K, B)·S / (B·K).
        charged = np.maximum(t.unit_cost * cap, budget_cents)
        return _ceil_div(t.creators * charged * steps, budget_cents * cap)

    prepared = _prepare_stages(stages, step_cost, steps, cap, by_cell=False)
    if prepared is None:
        return INFEASIBLE
    zeros = _Zeros(np.zeros(steps + 1))
    tables: dict[int, FloatArray] = {}

    def tier_table(tier: _Prepared) -> FloatArray:
        """Best value of this tier alone within c steps (−inf where nothing fits)."""
        cached = tables.get(tier.key)
        if cached is None:
            cached = np.full(steps + 1, _NEG)
            np.maximum.at(cached, tier.steps, tier.values)
            np.maximum.accumulate(cached, out=cached)
            tables[tier.key] = cached
        return cached

    def table(node: _Node) -> FloatArray:
        assert node.table is not None
        return node.table

    def update(base: _Node | None, src: _Node, tier: _Prepared) -> _Update:
        own = tier_table(tier)
        if src is zeros:
            candidates = own
        else:
            padded = np.concatenate((np.full(steps, _NEG), table(src)))
            windows = sliding_window_view(padded, steps + 1)  # windows[b, j] = src[b + j - S]
            candidates = (windows + own[::-1]).max(axis=1)
        out = candidates if base is None else np.maximum(candidates, table(base))
        return _Update(out, tier, base, src)

    def leaf(base: _Node | None, src: _Node, tier: _Prepared) -> tuple[float, _Update]:
        own = tier_table(tier)
        best = float((table(src)[::-1] + own).max())
        if base is not None:
            best = max(best, float(table(base)[steps]))
        return best, _Update(None, tier, base, src)

    value, last = _forward(prepared, zeros, update, leaf)
    if not np.isfinite(value):
        return INFEASIBLE
    picks: dict[int, Pick] = {}
    _walk_slotted(last, steps, value, picks, zeros, tier_table)
    return Solution(value=value, picks=picks)


@dataclass(frozen=True, slots=True)
class SlottedTable:
    """The best value within every budget step 0..S, and the plan behind each (walk-back)."""

    values: FloatArray
    _last: _Node
    _zeros: _Node
    _tier_table: _TierTableFn

    def plan_at(self, step: int) -> Solution:
        value = float(self.values[step])
        picks: dict[int, Pick] = {}
        if value > 0:
            _walk_slotted(self._last, step, value, picks, self._zeros, self._tier_table)
        return Solution(value=value, picks=picks)


def slotted_table(
    tiers: tuple[TierOptions, ...], budget_cents: int, cap: int | None, steps: int
) -> SlottedTable:
    """Like `solve_slotted` (no required stages), but keeping the whole value table.

    A launch hands the sustain phase whatever budget the kickoff leaves: it needs each
    phase's best value at every budget step, not only at the full budget.
    """

    def step_cost(t: TierOptions) -> IntArray:
        if cap is None:
            return _ceil_div(t.cost * steps, budget_cents)
        charged = np.maximum(t.unit_cost * cap, budget_cents)
        return _ceil_div(t.creators * charged * steps, budget_cents * cap)

    zeros = _Zeros(np.zeros(steps + 1))
    tables: dict[int, FloatArray] = {}

    def tier_table(tier: _Prepared) -> FloatArray:
        cached = tables.get(tier.key)
        if cached is None:
            cached = np.full(steps + 1, _NEG)
            np.maximum.at(cached, tier.steps, tier.values)
            np.maximum.accumulate(cached, out=cached)
            tables[tier.key] = cached
        return cached

    node: _Node = zeros
    for options in tiers:
        prepared = _prepare(options, step_cost(options), steps, cap, by_cell=False)
        if prepared is None:
            continue
        own = tier_table(prepared)
        source = node.table
        assert source is not None
        if node is zeros:
            candidates = own
        else:
            padded = np.concatenate((np.full(steps, _NEG), source))
            windows = sliding_window_view(padded, steps + 1)
            candidates = (windows + own[::-1]).max(axis=1)
        node = _Update(np.maximum(candidates, source), prepared, node, node)
    assert node.table is not None
    return SlottedTable(node.table, node, zeros, tier_table)


def _walk_slotted(
    node: _Node,
    b: int,
    value: float,
    picks: dict[int, Pick],
    zeros: _Node,
    tier_table: _TierTableFn,
) -> None:
    while True:
        if isinstance(node, _Zeros):
            return
        if isinstance(node, _Max):
            first = node.first
            assert first.table is not None
            node = first if first.table[b] == value else node.second
            continue
        assert isinstance(node, _Update)
        base = node.base
        if base is not None and base.table is not None and base.table[b] == value:
            node = base
            continue
        tier = node.tier
        own: FloatArray = tier_table(tier)
        if node.src is zeros:
            budget_for_tier, rest = b, 0.0
        else:
            assert node.src.table is not None
            # Same sums as the forward pass (src[b - c] + own[c]), so equality is exact.
            sums = node.src.table[b::-1] + own[: b + 1]
            budget_for_tier = int(np.flatnonzero(sums == value)[0])
            rest = float(node.src.table[b - budget_for_tier])
        target = own[budget_for_tier]
        found = np.flatnonzero((tier.steps <= budget_for_tier) & (tier.values == target))
        if not len(found):  # pragma: no cover
            raise AssertionError("slotted DP walk-back found no option")
        i = int(found[0])
        picks[tier.key] = Pick(int(tier.creators[i]), int(tier.posts[i]))
        if node.src is zeros:
            return
        node, b, value = node.src, b - budget_for_tier, rest


# --------------------------------------------------------------------------------------
# The stage logic shared by both solvers.


def _prepare_stages(
    stages: tuple[Stage, ...],
    step_cost: _StepCostFn,
    steps: int,
    cap: int | None,
    by_cell: bool,
) -> list[tuple[bool, list[_Prepared]]] | None:
    prepared: list[tuple[bool, list[_Prepared]]] = []
    for stage in stages:
        tiers = [
            p
            for p in (_prepare(t, step_cost(t), steps, cap, by_cell) for t in stage.tiers)
            if p is not None
        ]
        if stage.required and not tiers:
            return None  # a required group with nothing affordable: no plan at all
        if tiers:
            prepared.append((stage.required, tiers))
    return prepared


def _forward(
    prepared: list[tuple[bool, list[_Prepared]]],
    zeros: _Node,
    update: _UpdateFn,
    leaf: _LeafFn,
) -> tuple[float, _Node]:
    """Run the stages; the very last tier is evaluated only at the full budget and cap.

    `R` holds the best plan that satisfies every stage so far. A required stage builds `G`,
    the best plan with at least one creator from it, where each tier may start from `R` (the
    first creator of the stage) or from `G` (the stage already has one).
    """
    flat = [(i, j) for i, (_, tiers) in enumerate(prepared) for j in range(len(tiers))]
    if not flat:
        return 0.0, zeros
    last = flat[-1]
    r: _Node = zeros
    for i, (required, tiers) in enumerate(prepared):
        g: _Node | None = None
        for j, tier in enumerate(tiers):
            if required:
                src: _Node = r
                if g is not None:
                    assert g.table is not None
                    assert r.table is not None
                    # Prefer the stage's own chain (g) on ties when walking back.
                    src = _Max(np.maximum(g.table, r.table), g, r)
                base = g
            else:
                src, base = r, r
            if (i, j) == last:
                value, node = leaf(base, src, tier)
                return value, node
            node = update(base, src, tier)
            if required:
                g = node
            else:
                r = node
        if required:
            assert g is not None
            r = g
    return 0.0, r  # pragma: no cover - the loop returns at the last tier
