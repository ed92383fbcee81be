"""Settings come from the `.env` the README names: `--env-file` or `TIERBOT_ENV_FILE`, else the
current folder's, else the project's; a key Tierbot does not know gets one warning."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from bot import env_file
from bot.exit_codes import ExitCode
from tests.e2e.processes import run_cli


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_", "TIERBOT_", "DISCORD_", "DEV_GUILD", "LOG_"))
    }
    env.update(extra)
    return env


def migrate(cwd: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """`tierbot db migrate` says which database it used: which .env was read shows there."""
    return run_cli(*args, "db", "migrate", cwd=cwd, env=clean_env(**extra))


def test_the_current_folders_env_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DATABASE_PATH=from-cwd.sqlite3\n")

    result = migrate(tmp_path)

    assert result.returncode == 0, result.stderr
    assert f"Created a new database at {tmp_path / 'from-cwd.sqlite3'}" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("how", ["option", "option after the command", "variable"])
def test_a_named_env_file_wins(tmp_path: Path, how: str) -> None:
    (tmp_path / ".env").write_text("DATABASE_PATH=from-cwd.sqlite3\n")
    named = tmp_path / "conf" / "tierbot.env"
    named.parent.mkdir()
    named.write_text(f"DATABASE_PATH={tmp_path / 'named.sqlite3'}\n")

    if how == "option":
        result = migrate(tmp_path, "--env-file", str(named))
    elif how == "option after the command":
        result = run_cli("db", "migrate", "--env-file", str(named), cwd=tmp_path, env=clean_env())
    else:
        result = migrate(tmp_path, TIERBOT_ENV_FILE=str(named))

    assert result.returncode == 0, result.stderr
    assert f"Created a new database at {tmp_path / 'named.sqlite3'}" in result.stdout


def test_a_named_env_file_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    result = migrate(tmp_path, "--env-file", "nowhere.env")

    assert result.returncode == ExitCode.CONFIG
    assert result.stderr.splitlines() == [
        "Invalid setting TIERBOT_ENV_FILE (or --env-file): nowhere.env is not a file."
    ]
    assert not (tmp_path / "tierbot.sqlite3").exists()


def test_a_misspelt_key_gets_one_warning_naming_the_setting(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "DATABSE_PATH=typo.sqlite3\nDISCORD_TOKNE=abc.def.ghi\nLOG_LEVEL=WARNING\n"
        "COMPLETELY_UNRELATED=1\n"
    )

    result = migrate(tmp_path)

    env = tmp_path / ".env"
    assert result.stderr.splitlines() == [
        f"Warning: {env}: DATABSE_PATH is not a Tierbot setting and is ignored; "
        "did you mean DATABASE_PATH?",
        f"Warning: {env}: DISCORD_TOKNE is not a Tierbot setting and is ignored; "
        "did you mean DISCORD_TOKEN?",
        f"Warning: {env}: COMPLETELY_UNRELATED is not a Tierbot setting and is ignored "
        "(see .env.example)",
    ]
    assert "abc.def.ghi" not in result.stderr
    assert f"Created a new database at {tmp_path / 'tierbot.sqlite3'}" in result.stdout


def test_without_one_in_the_current_folder_the_projects_env_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("")
    (project / ".env").write_text("LOG_LEVEL=DEBUG\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setattr(env_file, "_PROJECT", project)
    monkeypatch.delenv(env_file.ENV_FILE_VARIABLE, raising=False)

    assert env_file.find_env_file(elsewhere) == project / ".env"
    (elsewhere / ".env").write_text("")
    assert env_file.find_env_file(elsewhere) == elsewhere / ".env"


def test_every_setting_in_env_example_is_known() -> None:
    example = Path(__file__).parents[2] / ".env.example"
    assert env_file.unknown_key_warnings(example, env_file.known_settings()) == []
