"""The interactive playground: a prompt with completion, on the same asyncio loop as the
emulator and the real bot, with replies rendered as rich panels."""

from __future__ import annotations

import sys

from prompt_toolkit import PromptSession
from prompt_toolkit.formatted_text import HTML, FormattedText
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.patch_stdout import patch_stdout
from prompt_toolkit.shortcuts import CompleteStyle
from rich.console import Console
from rich.text import Text

from bot.logs import configure_logging
from bot.playground.completion import SlashCompleter
from bot.playground.display import json_lines, render
from bot.playground.session import Playground, PlaygroundOptions

PLACEHOLDER = HTML(
    '<style fg="ansibrightblack">type /help to start · Tab completes · '
    "help lists console commands</style>"
)


def ready_line(playground: Playground) -> Text:
    text = Text.assemble(
        ("Ready", "bold green"),
        f" in {playground.started_in:.1f} s · {playground.where()}. ",
        ("Type /help to start", "bold"),
        "; Tab completes; ",
        ("help", "bold"),
        " lists console commands.",
    )
    database = playground.options.database
    note = f"Database: {database}" if database else "Database: temporary (deleted at exit)"
    text.append(
        f"\n{note} · files the bot sends are saved in {playground.options.files_dir}/", "dim"
    )
    text.append(
        "\nLookups answer from local stand-ins of YouTube, Twitch, Instagram and X with "
        "fictional creators: try /classify handle:youtube.com/@LumenKitchen "
        "(also twitch.tv/pixelharbor, instagram.com/fern.and.fig, x.com/northwind_labs).",
        "dim",
    )
    return text


async def main(options: PlaygroundOptions, *, as_json: bool = False) -> int:
    console = Console(file=sys.stdout, highlight=False)
    configure_logging(options.log_level)
    playground = Playground(options)
    try:
        await playground.start()
        console.print(ready_line(playground))
        await prompt_loop(playground, console, as_json=as_json)
    finally:
        await playground.stop()
    return 0


async def prompt_loop(playground: Playground, console: Console, *, as_json: bool) -> None:
    session: PromptSession[str] = PromptSession(
        completer=SlashCompleter(playground),
        complete_while_typing=True,
        complete_style=CompleteStyle.COLUMN,
        history=InMemoryHistory(),
        placeholder=PLACEHOLDER,
        reserve_space_for_menu=6,
    )

    def prompt() -> FormattedText:
        return FormattedText([("ansicyan", playground.where()), ("", " › ")])

    # Bot logs printed while the prompt is shown go above it instead of through it.
    with patch_stdout(raw=True):
        configure_logging(playground.options.log_level)
        while True:
            try:
                line = await session.prompt_async(prompt)
            except KeyboardInterrupt:
                continue
            except EOFError:
                break
            if not line.strip():
                continue
            outcome = await playground.execute(line)
            if outcome.kind == "quit":
                break
            render(outcome, console)
            if as_json and outcome.requests:
                console.print_json(json_lines(outcome))
    console.print(Text("Bye.", style="dim"))
