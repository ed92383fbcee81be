"""deploy/tierbot.service: valid for systemd, and its restart policy matches the exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.exit_codes import ExitCode
from bot.shutdown import STOP_DEADLINE_SECONDS

UNIT = Path(__file__).parents[2] / "deploy" / "tierbot.service"


def settings() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in UNIT.read_text().splitlines():
        if "=" in line and not line.lstrip().startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def test_stop_and_restart_policy_match_what_tierbot_does() -> None:
    unit = settings()

    assert unit["KillSignal"] == ["SIGTERM"]
    assert float(unit["TimeoutStopSec"][0]) > STOP_DEADLINE_SECONDS + 5
    assert unit["Restart"] == ["on-abnormal"]
    restarted = {int(code) for code in unit["RestartForceExitStatus"][0].split()}
    # Worth trying again later: a crash, and a Discord that is unreachable or failing.
    assert restarted == {ExitCode.UNEXPECTED, ExitCode.UNREACHABLE, ExitCode.DISCORD_ERROR}
    assert "TIERBOT_ENV_FILE=/etc/tierbot/tierbot.env" in unit["Environment"]
    assert any(value.startswith("DATABASE_PATH=/var/lib/tierbot/") for value in unit["Environment"])


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_analyze_verify_finds_nothing_wrong(tmp_path: Path) -> None:
    # The unit points at /opt/tierbot; verify the same unit with this checkout's tierbot.
    tierbot = Path(sys.executable).parent / "tierbot"
    unit = tmp_path / "tierbot.service"
    unit.write_text(UNIT.read_text().replace("/opt/tierbot/.venv/bin/tierbot", str(tierbot)))

    result = subprocess.run(
        ["systemd-analyze", "verify", str(unit)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
