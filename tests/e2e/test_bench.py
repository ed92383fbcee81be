"""`python -m bench --quick` still runs end to end and writes the table (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_a_quick_benchmark_run_measures_every_part_and_writes_the_table(tmp_path: Path) -> None:
    finished = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--output", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
    )

    assert finished.returncode == 0, finished.stderr[-3000:]
    results = json.loads((tmp_path / "latest.json").read_text())
    measured = {line["key"]: line for line in results["commands"] if "per_second" in line}
    assert {"baseline", "help", "classify", "classify_csv"} <= measured.keys()
    assert all(line["failures"] == 0 for line in measured.values())
    assert results["tierbot"]["startup"]["runs"]
    assert results["tierbot"]["memory"]["guilds"] > 0
    assert results["storage"]["entries"] > 0
    assert results["domain"]["mix_plan_seconds"] > 0
    grouped = results["group_commit"]["sqlite"]["grouped_8"]
    assert grouped["count"] > 0 and grouped["commits"] <= grouped["count"]
    curves = {curve["key"]: curve for curve in results["growth"]["curves"]}
    assert {"show_by_list", "export_by_database", "classify_csv_by_rows"} <= curves.keys()
    assert (tmp_path / "growth.png").stat().st_size > 0
    # The same-payload bot answered every kind with Tierbot's captured reply, and was measured.
    same = {row["key"]: row for row in results["same_payload"]}
    assert {"help", "classify", "shortlist_export"} <= same.keys()
    assert all(row["same_payload_per_second"] and not row["failures"] for row in same.values())
    assert {"asyncio + stdlib", "uvloop + orjson"} <= results["speedups"]["loads"].keys()
    table = (tmp_path / "latest.md").read_text()
    assert "| /help |" in table
    assert "Against the same-payload bot" in table and "Event loop and JSON library" in table
    assert "Growth curves" in table and "Group commit" in table
    assert f"discord.py {results['machine']['discord_py']}" in table
