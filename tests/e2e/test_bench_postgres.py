"""`python -m bench` puts the shortlist commands on PostgreSQL beside SQLite, through the
whole bot, in the same run's latest.json and latest.md (no timing asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.postgres import POSTGRES_KINDS
from tests.backends import ScratchPostgres

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = ("/shortlist add", "/shortlist show", "/shortlist export")


@pytest.mark.slow
def test_a_run_measures_the_shortlist_commands_on_both_backends(
    tmp_path: Path, postgres_scratch: ScratchPostgres
) -> None:
    arguments = ["--quick", "--skip", "domain", "storage", "--only", *POSTGRES_KINDS]
    finished = subprocess.run(
        [sys.executable, "-m", "bench", *arguments, "--output", str(tmp_path)],
        cwd=ROOT,
        env={**os.environ, "TIERBOT_BENCH_POSTGRES_URL": ""},  # the tests' server
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    assert finished.returncode == 0, finished.stderr[-3000:]
    results = json.loads((tmp_path / "latest.json").read_text())
    for key in POSTGRES_KINDS:
        for backend in ("tierbot", "tierbot_postgres"):
            load = results[backend]["loads"][key]
            assert load["failures"] == 0 and load["per_second"] > 0, (backend, key)
            assert sum(load["replies"].values()) == load["count"], (backend, key)
    table = (tmp_path / "latest.md").read_text()
    section = table.split("on PostgreSQL (local server, asyncpg pool) beside SQLite", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("| /shortlist")]
    assert [row.split(" | ")[0].lstrip("| ") for row in rows] == list(COMMANDS)
    assert all(row.count("busy)") == 2 for row in rows), rows
