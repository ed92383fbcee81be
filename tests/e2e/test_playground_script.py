"""`tierbot playground --script`: one command of every kind through the real CLI, and the exit
status a CI job relies on (unexpected error replies, no reply, late replies)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def run_playground(
    *args: str, cwd: Path, stdin: str = "", test_cogs: bool = False
) -> subprocess.CompletedProcess[str]:
    """`tierbot ARGS` (or with the test-only cogs too), with no Discord settings at all."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DISCORD_", "DATABASE_", "DEV_GUILD", "LOG_LEVEL"))
    }
    env["PYTHONPATH"] = str(ROOT)
    module = "tests.e2e.playground_extra" if test_cogs else "bot"
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def script(
    cwd: Path, *lines: str, args: tuple[str, ...] = (), test_cogs: bool = False
) -> subprocess.CompletedProcess[str]:
    path = cwd / "script.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return run_playground("playground", "--script", str(path), *args, cwd=cwd, test_cogs=test_cogs)


def sections(stdout: str) -> dict[str, str]:
    """What was printed under each echoed line (`> /help`, `> ! /x`), by the line typed."""
    found: dict[str, str] = {}
    current: str | None = None
    for line in stdout.splitlines():
        if line.startswith("> "):
            current = line[2:]
            found.setdefault(current, "")
        elif current is not None and line.startswith("  "):
            found[current] += line[2:] + "\n"
    return found


# ---------------------------------------------------------------- every kind of command


@dataclass(frozen=True)
class Kind:
    """One kind of command: script lines that use it and what the output must show."""

    lines: tuple[str, ...]
    shows: tuple[str, ...]  # fragments of the reply to the LAST line (case-insensitive)
    files: dict[str, str] = field(default_factory=dict)  # created beside the script


CREATORS_CSV = (
    "handle,platform,followers,avg_likes\n@ana.eats,instagram,12500,800\n@bo,tiktok,850000,40000\n"
)

# Add a kind here when a new top-level command lands; the test below fails until you do.
KINDS: dict[str, Kind] = {
    "help": Kind(("/help",), ("what I can do", "/help")),
    "tiers": Kind(("/tiers define tier:micro",), ("micro",)),
    "classify": Kind(("/classify followers:12.5k platform:instagram likes:800",), ("micro",)),
    "classify-csv": Kind(
        ("/classify-csv file:creators.csv",),
        ("2 creators", "file saved: "),
        {"creators.csv": CREATORS_CSV},
    ),
    "mix": Kind(("/mix goal:awareness budget:$25k",), ("awareness", "image saved: ")),
    "shortlist": Kind(
        ("/shortlist create name:Spring launch", "/shortlist lists"), ("Spring launch",)
    ),
    "campaign": Kind(
        ("/campaign create name:Q3 push goal:engagement budget:$10k", "/campaign list"),
        ("Q3 push", "Engagement"),
    ),
}


@pytest.fixture(scope="module")
def registered(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The top-level commands the bot registers today, as the `commands` line lists them."""
    result = script(tmp_path_factory.mktemp("commands"), "commands")
    assert result.returncode == 0, result.stdout + result.stderr
    roots = {
        line.strip().split()[0].lstrip("/")
        for line in result.stdout.splitlines()
        if line.strip().startswith("/")
    }
    assert "help" in roots
    return sorted(roots)


def test_every_registered_command_has_a_script_case(registered: list[str]) -> None:
    missing = [root for root in registered if root not in KINDS]
    assert not missing, f"add a Kind to KINDS for: {missing}"


def test_one_command_of_every_kind_runs_and_prints_its_reply(
    registered: list[str], tmp_path: Path
) -> None:
    kinds = {root: KINDS[root] for root in registered if root in KINDS}
    lines: list[str] = []
    for kind in kinds.values():
        lines.extend(kind.lines)
        for name, text in kind.files.items():
            (tmp_path / name).write_text(text, encoding="utf-8")

    result = script(tmp_path, "# one command of every kind", *lines)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "\x1b[" not in result.stdout, "script mode prints plain text"
    printed = sections(result.stdout)
    for root, kind in kinds.items():
        reply = printed[kind.lines[-1]]
        assert reply.strip(), f"/{root} printed nothing"
        assert "FAILED" not in reply
        for fragment in kind.shows:
            assert fragment.casefold() in reply.casefold(), f"/{root}: {fragment!r} not in\n{reply}"
    assert result.stdout.rstrip().endswith("all as expected")


# ---------------------------------------------------------------- the exit status


def test_errors_it_did_not_expect_and_no_reply_fail_the_script(tmp_path: Path) -> None:
    result = script(
        tmp_path,
        "/hlep",
        "/bad-value",
        "! /bad-value",
        "! /pages",
        "/sample silent",
        "/pages count:3",
        args=("--timeout", "1"),
        test_cogs=True,
    )

    assert result.returncode == 1, result.stdout + result.stderr
    printed = sections(result.stdout)
    assert "Did you mean `/help`?" in printed["/hlep"]
    assert "FAILED (line 1)" in printed["/hlep"]
    assert "FAILED (line 2): unexpected error: Check that value" in printed["/bad-value"]
    assert "FAILED" not in printed["! /bad-value"]
    assert "FAILED (line 4): expected an error, but it succeeded" in printed["! /pages"]
    assert "FAILED (line 5): no reply within 1 s" in printed["/sample silent"]
    assert "FAILED" not in printed["/pages count:3"]
    assert "6 lines ran, 4 failed" in result.stdout


def test_a_first_reply_later_than_three_seconds_fails_the_script(tmp_path: Path) -> None:
    result = script(tmp_path, "/sample slow", "/help", test_cogs=True)

    assert result.returncode == 1, result.stdout + result.stderr
    printed = sections(result.stdout)
    assert "FAILED (line 1): the first response came after 3 s" in printed["/sample slow"]
    assert "FAILED" not in printed["/help"]


def test_expected_errors_comments_and_blank_lines_pass(tmp_path: Path) -> None:
    result = script(tmp_path, "# a comment", "", "! /bad-value", "! /hlep", "/help", test_cogs=True)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 lines ran, all as expected" in result.stdout
    assert "a comment" not in result.stdout


def test_buttons_menus_and_pages_work_in_a_script(tmp_path: Path) -> None:
    result = script(tmp_path, "/pages", "click 2", "next", "prev", "select 1 1 2", test_cogs=True)

    assert result.returncode == 0, result.stdout + result.stderr
    printed = sections(result.stdout)
    assert "buttons: [1] ◀ Prev (disabled)  [2] ▶ Next  [3] Docs" in printed["/pages"]
    assert "menu 1: Pick items (choose 1 to 2 options)" in printed["/pages"]
    assert "Page 2 of 3" in printed["click 2"]
    assert "(message updated)" in printed["click 2"]
    assert "Page 3 of 3" in printed["next"]
    assert "[2] ▶ Next (disabled)" in printed["next"]
    assert "Page 2 of 3" in printed["prev"]
    assert "(only you can see this)" in printed["select 1 1 2"]
    assert "You picked Item 6, Item 7." in printed["select 1 1 2"]


def test_json_prints_the_bodies_the_bot_sent(tmp_path: Path) -> None:
    result = script(tmp_path, "/pages count:3", "click 3", args=("--json",), test_cogs=True)

    assert result.returncode == 0, result.stdout + result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["line"] for record in records] == ["/pages count:3", "click 3"]
    (request,) = records[0]["requests"]
    assert request["method"] == "POST"
    assert request["path"].endswith("/{token}/callback")
    assert request["body"]["type"] == 4
    assert request["body"]["data"]["embeds"][0]["title"] == "Test items"
    assert records[1]["requests"] == [], "a link button sends nothing to the bot"


def test_files_the_bot_sends_are_saved_and_their_path_printed(tmp_path: Path) -> None:
    (tmp_path / "creators.csv").write_text("a\nb\n", encoding="utf-8")

    result = script(
        tmp_path, "/sample upload file:creators.csv", args=("--files", "out"), test_cogs=True
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"file saved: {Path('out') / 'reversed.csv'} (3 B)" in result.stdout
    assert (tmp_path / "out" / "reversed.csv").read_text() == "b\na"


def test_db_keeps_a_servers_data_between_runs(tmp_path: Path) -> None:
    database = str(tmp_path / "kept.sqlite3")
    first = script(
        tmp_path,
        "as admin",
        "/sample scheme name:industry",
        args=("--db", database),
        test_cogs=True,
    )
    second = script(tmp_path, "/sample scheme", args=("--db", database), test_cogs=True)
    temporary = script(tmp_path, "/sample scheme", test_cogs=True)

    assert first.returncode == second.returncode == 0, first.stdout + second.stdout
    assert "Scheme: industry" in sections(second.stdout)["/sample scheme"]
    assert "Scheme: industry" not in sections(temporary.stdout)["/sample scheme"]
    assert not (tmp_path / "tierbot.sqlite3").exists(), "without --db the database is temporary"


def test_without_a_token_make_run_starts_the_playground_and_says_so_first(
    tmp_path: Path,
) -> None:
    result = run_playground(cwd=tmp_path, stdin="/help\n")

    assert result.returncode == 0, result.stdout + result.stderr
    first_line = result.stdout.splitlines()[0]
    assert "DISCORD_TOKEN is not set" in first_line
    assert "playground" in first_line
    assert "tierbot run" in first_line, "it says how to connect for real"
    assert "what I can do" in sections(result.stdout)["/help"]


def test_help_documents_how_a_script_expects_an_error(tmp_path: Path) -> None:
    result = run_playground("playground", "--help", cwd=tmp_path)

    assert result.returncode == 0
    assert "Prefix a\nline with ! when it should get an error reply" in result.stdout
    assert "--script FILE" in result.stdout


# ---------------------------------------------------------------- the campaign story


def test_the_campaign_story_script_runs_as_expected(tmp_path: Path) -> None:
    """tests/e2e/scripts/campaign_story.txt, the README's worked example, end to end: the
    form under /mix is filled in with `fill`, and the report saves its chart and CSV."""
    story = ROOT / "tests" / "e2e" / "scripts" / "campaign_story.txt"
    result = run_playground("playground", "--script", str(story), cwd=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    printed = sections(result.stdout)
    assert "Campaign created: Spring launch" in printed["fill Spring launch"]
    assert "Confirmed 4" in printed["/shortlist show name:Spring picks"]
    report = printed["/campaign report campaign:Spring launch"]
    assert "$17,550 budget left" in report
    assert "image saved: " in report and "campaign-report.png" in report
    assert "file saved: " in report and "campaign-spring-launch.csv" in report
    assert result.stdout.rstrip().endswith("all as expected")
