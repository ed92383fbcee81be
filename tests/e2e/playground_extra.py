"""`python -m tests.e2e.playground_extra ARGS...` runs `tierbot ARGS...` with the test-only
cogs loaded beside the real ones (tests/e2e/extensions/showcase.py and failing.py)."""

from __future__ import annotations

import sys

import bot.client
from bot.cli import main

EXTRA_EXTENSIONS = ("tests.e2e.extensions.showcase", "tests.e2e.extensions.failing")
_discover = bot.client.discover_extensions


def _with_test_cogs(package: str = "cogs") -> tuple[str, ...]:
    return _discover(package) + EXTRA_EXTENSIONS


if __name__ == "__main__":
    bot.client.discover_extensions = _with_test_cogs
    raise SystemExit(main(sys.argv[1:]))
