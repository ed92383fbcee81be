"""Shared test configuration."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# CI runs a bounded number of examples; TIERBOT_FUZZ_EXAMPLES raises it for a longer run.
settings.register_profile(
    "default",
    max_examples=int(os.environ.get("TIERBOT_FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("default")
