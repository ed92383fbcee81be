"""The interactive playground in a real terminal (pexpect): Tab completion, the help panel,
clicking a button and turning pages, as a person would type them."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 20


def spawn(module: str, cwd: Path, *extra: str) -> pexpect.spawn:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DISCORD_", "DATABASE_", "DEV_GUILD", "LOG_LEVEL"))
    }
    env.update(
        TERM="xterm-256color",
        PYTHONPATH=str(ROOT),
        # pexpect does not answer prompt_toolkit's cursor-position requests.
        PROMPT_TOOLKIT_NO_CPR="1",
        COLUMNS="120",
        LINES="40",
    )
    child = pexpect.spawn(
        sys.executable,
        ["-m", module, "playground", *extra],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, 120),
    )
    child.expect("Starting")
    child.expect("Type /help to start")
    return child


@pytest.fixture
def terminals(tmp_path: Path) -> Iterator[list[pexpect.spawn]]:
    started: list[pexpect.spawn] = []
    yield started
    for child in started:
        if child.isalive():
            child.terminate(force=True)


def test_tab_completes_help_and_the_help_panel_shows(
    tmp_path: Path, terminals: list[pexpect.spawn]
) -> None:
    child = spawn("bot", tmp_path)
    terminals.append(child)

    child.send("/he")
    child.expect("Every Tierbot command")  # the completion menu, with the description
    child.send("\t")
    child.send("\r")
    child.expect("what I can do")  # only a completed `/help` gets the help panel
    child.expect("Replies to mistakes are only visible to you")

    child.sendline("/hlep")
    child.expect("Did you mean")

    child.sendline("quit")
    child.expect("Bye")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_button_click_and_turning_pages(tmp_path: Path, terminals: list[pexpect.spawn]) -> None:
    child = spawn("tests.e2e.playground_extra", tmp_path)
    terminals.append(child)

    child.send("/pag")
    child.send("\t")  # completes to "/pages "
    child.sendline("")
    child.expect("Page 1 of 3")
    child.expect(r"\[2\]")
    child.expect("Next")

    child.sendline("click 2")
    child.expect(r"\(message updated\)")
    child.expect("Item 6")
    child.expect("Page 2 of 3")

    child.sendline("next")
    child.expect("Item 11")
    child.expect("Page 3 of 3")
    child.expect(r"\(disabled\)")

    child.sendline("select 1 2")
    child.expect("only you can see this")
    child.expect("You picked Item 12")

    child.send("\x04")  # Ctrl-D
    child.expect("Bye")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_shortlist_pages_turn_in_the_terminal(
    tmp_path: Path, terminals: list[pexpect.spawn]
) -> None:
    """A real /shortlist show: seeded by a script run, then paged by clicking in the prompt."""
    seed = tmp_path / "seed.txt"
    add = "/shortlist add name:Spring platform:instagram"
    lines = ["/shortlist create name:Spring"] + [
        f"{add} handle:@creator{i} followers:{i * 1000 + 500}" for i in range(1, 13)
    ]
    seed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    database = tmp_path / "team.sqlite3"
    seeded = pexpect.run(
        f"{sys.executable} -m bot playground --db {database} --script {seed}",
        cwd=str(tmp_path),
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
        withexitstatus=True,
        encoding="utf-8",
    )
    assert seeded[1] == 0, seeded[0]

    child = spawn("bot", tmp_path, "--db", str(database))
    terminals.append(child)
    child.sendline("/shortlist show name:Spring")
    child.expect("@creator12")
    child.expect("Page 1 of 2")
    child.expect(r"\[3\]")
    child.expect("Next")

    child.sendline("click 3")
    child.expect(r"\(message updated\)")
    child.expect("creator2")  # page 2 holds the two smallest accounts
    child.expect("creator1")
    child.expect("Page 2 of 2")

    child.sendline("click 2")  # ‹ Previous
    child.expect("@creator12")
    child.expect("Page 1 of 2")

    child.sendline("quit")
    child.expect(pexpect.EOF)
