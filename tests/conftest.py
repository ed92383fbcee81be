"""Shared test configuration."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests import backends

# CI runs a bounded number of examples; TIERBOT_FUZZ_EXAMPLES raises it for a longer run.
# Under CI the examples are derandomized, so a submission's verdict does not depend on the
# draw; local runs keep exploring new inputs (and Hypothesis replays any failure they find).
settings.register_profile(
    "default",
    max_examples=int(os.environ.get("TIERBOT_FUZZ_EXAMPLES", "100")),
    derandomize=os.environ.get("CI") == "true",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("default")


@pytest.fixture(autouse=True)
def _no_leaked_threads() -> Iterator[None]:
    """A test must not leave a non-daemon thread running: an unclosed aiosqlite connection is
    one, and it keeps the whole test process alive after the last test."""
    before = {thread.ident for thread in threading.enumerate()}
    yield
    deadline = time.monotonic() + 3.0
    while True:
        leaked = [
            thread
            for thread in threading.enumerate()
            if thread.ident not in before
            and thread.is_alive()
            and not thread.daemon
            and not thread.name.startswith(("ThreadPoolExecutor", "asyncio_"))
        ]
        if not leaked or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    assert not leaked, f"threads left running after the test: {[t.name for t in leaked]}"


# --- storage backends ------------------------------------------------------------------------


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that uses `backend` runs on SQLite and on PostgreSQL."""
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", backends.BACKENDS, indirect=True)


@pytest.fixture(scope="session")
def postgres_scratch() -> Iterator[backends.ScratchPostgres]:
    scratch = backends.scratch_postgres()
    try:
        yield scratch
    finally:
        backends.drop_scratch(scratch)


@pytest.fixture
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> backends.Backend:
    kind: backends.BackendKind = request.param
    database_path = tmp_path / "tierbot.sqlite3"
    if kind == "sqlite":
        return backends.Backend(kind, database_path, None)
    scratch: backends.ScratchPostgres = request.getfixturevalue("postgres_scratch")
    await backends.empty_postgres(scratch.url)
    return backends.Backend(kind, database_path, scratch.url)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    reason = backends.SKIPPED.get("postgresql")
    if reason:
        terminalreporter.write_line(reason, yellow=True)
