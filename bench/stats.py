"""Percentiles and summaries of measured durations."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `fraction` of them at or below."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/max and mean, in milliseconds."""
    return {
        "p50_ms": percentile(seconds, 0.50) * 1000,
        "p95_ms": percentile(seconds, 0.95) * 1000,
        "p99_ms": percentile(seconds, 0.99) * 1000,
        "max_ms": max(seconds) * 1000,
        "mean_ms": statistics.fmean(seconds) * 1000,
    }
