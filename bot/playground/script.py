"""Script mode: run lines in order, print plain text (or the raw bodies as JSON), and fail
when a command got an error it did not expect, no reply, or a first reply after 3 seconds.

A script line is what you would type at the prompt. Lines starting with `#` are comments
and blank lines are skipped. A line starting with `!` expects an error: it passes only when
the bot answers with one of its error replies (or the line is mistyped), for example
`! /classify followers:-5 platform:instagram`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bot.domain.wording import count_noun
from bot.playground.display import json_lines, plain
from bot.playground.markdown import to_plain
from bot.playground.session import Outcome, Playground, PlaygroundOptions

EXPECT_ERROR = "!"


@dataclass(frozen=True, slots=True)
class ScriptLine:
    number: int  # 1-based line number in the script
    text: str  # what is typed
    expect_error: bool


@dataclass
class ScriptReport:
    ran: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0


def parse_script(text: str) -> list[ScriptLine]:
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        expect_error = stripped.startswith(EXPECT_ERROR)
        if expect_error:
            stripped = stripped[len(EXPECT_ERROR) :].strip()
        if stripped:
            lines.append(ScriptLine(number, stripped, expect_error))
    return lines


def verdict(outcome: Outcome, expect_error: bool) -> str | None:
    """Why this line fails the script, or None when it went as expected."""
    if outcome.problems:
        return "; ".join(outcome.problems)
    errored = outcome.kind == "mistake" or outcome.error_reply
    if errored and not expect_error:
        return f"unexpected error: {error_summary(outcome)}"
    if expect_error and not errored:
        return "expected an error, but it succeeded"
    return None


def error_summary(outcome: Outcome) -> str:
    if outcome.kind == "mistake":
        return to_plain(outcome.text)
    for shown in outcome.shown:
        for embed in shown.message.embeds:
            title = embed.get("title") or ""
            description = to_plain(str(embed.get("description") or "")).splitlines()
            return f"{title}: {description[0]}" if description else str(title)
    return "error reply"


async def run_script(
    playground: Playground,
    lines: list[ScriptLine],
    *,
    out: TextIO,
    as_json: bool = False,
    errors: TextIO | None = None,
) -> ScriptReport:
    """Run every line against a started playground; what it prints goes to `out`."""
    errors = errors or sys.stderr
    report = ScriptReport()
    for line in lines:
        outcome = await playground.execute(line.text)
        if outcome.kind == "quit":
            break
        report.ran += 1
        failure = verdict(outcome, line.expect_error)
        if as_json:
            out.write(json_lines(outcome) + "\n")
        else:
            marker = f"{EXPECT_ERROR} " if line.expect_error else ""
            out.write(f"> {marker}{line.text}\n")
            shown = plain(outcome)
            if shown:
                out.write(shown + "\n")
            if failure:
                out.write(f"  FAILED (line {line.number}): {failure}\n")
        out.flush()
        if failure:
            report.failures.append(f"line {line.number} `{line.text}`: {failure}")
    summary = (
        f"{count_noun(report.ran, 'line')} ran, {len(report.failures)} failed"
        if report.failures
        else f"{count_noun(report.ran, 'line')} ran, all as expected"
    )
    if as_json:
        for failure in report.failures:
            errors.write(f"FAILED {failure}\n")
        errors.write(summary + "\n")
    else:
        out.write(summary + "\n")
    return report


def read_script(script: str) -> str:
    """The script's text: FILE, or standard input for `-`. OSError when unreadable."""
    return sys.stdin.read() if script == "-" else Path(script).read_text(encoding="utf-8")


async def main(options: PlaygroundOptions, text: str, *, as_json: bool = False) -> int:
    """`tierbot playground --script FILE` (`-` or piped input: standard input)."""
    lines = parse_script(text)
    playground = Playground(options)
    try:
        await playground.start()
        report = await run_script(playground, lines, out=sys.stdout, as_json=as_json)
    finally:
        await playground.stop()
    return report.exit_code
