"""The playground's flags each checked in one line, and script mode showing what Discord
shows: people's display names, not "@user"; times as text, not `<t:…:R>`."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.exit_codes import ExitCode
from tests.e2e.test_playground_script import run_playground

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("flag", "value", "says"),
    [
        ("--timeout", "0.001", "is not a number of seconds from 1 to 900"),
        ("--timeout", "0", "is not a number of seconds from 1 to 900"),
        ("--timeout", "-1", "is not a number of seconds from 1 to 900"),
        ("--timeout", "nan", "is not a number of seconds from 1 to 900"),
        ("--timeout", "inf", "is not a number of seconds from 1 to 900"),
        ("--files", "smoke.txt", "smoke.txt is a file. Give a folder"),
        ("--files", "smoke.txt/out", "smoke.txt is a file. Give a folder"),
        ("--db", "no-such-folder/p.sqlite3", "the folder no-such-folder does not exist"),
        ("--db", ".", "is a folder; give a file"),
        ("--guild", " ", "is not a server name"),
    ],
)
def test_each_flag_is_checked_in_one_line(tmp_path: Path, flag: str, value: str, says: str) -> None:
    (tmp_path / "smoke.txt").write_text("/help\n")
    result = run_playground("playground", flag, value, "--script", "smoke.txt", cwd=tmp_path)

    assert result.returncode == ExitCode.USAGE
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"tierbot playground: argument {flag}: ")
    assert says in line


def test_script_mode_writes_names_and_times_as_discord_shows_them(tmp_path: Path) -> None:
    script = tmp_path / "history.txt"
    script.write_text(
        "/shortlist create name:Launch\n"
        "/shortlist add name:Launch handle:@ada platform:instagram followers:12k\n"
        "/shortlist history name:Launch\n"
        "! /shortlist add name:Launch handle:@ada platform:instagram followers:12k\n"
    )

    result = run_playground("playground", "--script", str(script), cwd=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "<t:" not in result.stdout and "<@" not in result.stdout
    assert "@user" not in result.stdout
    history = result.stdout.split("> /shortlist history")[1].split("> !")[0]
    assert "**Added** @ada (Instagram) — @Sam" in history
    assert "a few seconds ago" in history
    duplicate = result.stdout.split("> ! /shortlist add")[1]
    assert "added a few seconds ago by @Sam" in duplicate


def test_a_mistyped_classify_shows_when_platform_is_needed(tmp_path: Path) -> None:
    result = run_playground(
        "playground", "--script", "-", cwd=tmp_path, stdin="/classify followers:12k platfrm:x\n"
    )

    assert result.returncode == 1
    assert "; platform is needed unless the handle is a profile link" in result.stdout
