"""The playground in-process: completion as you type, file options by path, saved files,
who is typing and which server, against the real bot with test-only commands added."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

import bot.client
from bot.playground.completion import SlashCompleter
from bot.playground.display import plain
from bot.playground.session import Playground, PlaygroundOptions, stable_snowflake
from tests.e2e.playground_extra import EXTRA_EXTENSIONS

_discover = bot.client.discover_extensions


@pytest.fixture
async def playground(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Playground]:
    monkeypatch.setattr(
        bot.client,
        "discover_extensions",
        lambda package="cogs": _discover(package) + EXTRA_EXTENSIONS,
    )
    session = Playground(PlaygroundOptions(files_dir=Path("saved"), cwd=tmp_path))
    await session.start()
    try:
        yield session
    finally:
        await session.stop()
    rejected = [f"{r.method} {r.path}: {r.problems}" for r in session.emulator.rejected_requests]
    assert not rejected, f"Discord would have refused these bodies: {rejected}"


async def complete(playground: Playground, text: str) -> list[str]:
    """What Tab offers at the end of `text`: the line as it would read after each choice."""
    completer = SlashCompleter(playground)
    found = [
        completion
        async for completion in completer.get_completions_async(
            Document(text), CompleteEvent(text_inserted=True)
        )
    ]
    return [text[: len(text) + c.start_position] + c.text for c in found]


async def test_command_and_sub_command_names_complete(playground: Playground) -> None:
    assert await complete(playground, "/he") == ["/help"]
    assert await complete(playground, "/sam") == ["/sample "]
    subs = await complete(playground, "/sample ")
    assert {"/sample define ", "/sample ask ", "/sample upload "} <= set(subs)
    assert await complete(playground, "/sample de") == ["/sample define "]


async def test_option_names_then_choices_then_the_remaining_options(
    playground: Playground,
) -> None:
    names = await complete(playground, "/sample define ")
    assert names == ["/sample define tier:", "/sample define detail:"], "required first"
    assert await complete(playground, "/sample define tier:mi") == [
        "/sample define tier:micro",
        "/sample define tier:mid",
    ]
    assert await complete(playground, "/sample define tier:micro ") == [
        "/sample define tier:micro detail:"
    ]
    assert await complete(playground, "/sample define tier:micro detail:t") == [
        "/sample define tier:micro detail:true"
    ]


async def test_autocomplete_options_show_the_bots_own_answers(playground: Playground) -> None:
    offered = await complete(playground, "/sample ask question:engage")
    assert offered == [
        '/sample ask question:"engagement rate"',
        '/sample ask question:"engagement benchmarks"',
    ]
    # A value with spaces is still one value: the bot's answers replace all of it.
    assert await complete(playground, "/sample ask question:engagement ra") == [
        '/sample ask question:"engagement rate"'
    ]
    asked = [i for i in playground.emulator.interactions if i.type == 4]
    assert asked, "the suggestions came from the bot's autocomplete"


async def test_file_options_complete_paths_and_read_the_file(
    playground: Playground, tmp_path: Path
) -> None:
    (tmp_path / "creators.csv").write_text("handle,followers\n@ana,12500\n@bo,800\n")
    assert await complete(playground, "/sample upload file:cre") == [
        "/sample upload file:creators.csv"
    ]

    outcome = await playground.execute("/sample upload file:creators.csv note:first")
    again = await playground.execute("/sample upload file:./creators.csv")

    assert not outcome.failed, plain(outcome)
    assert "3 rows" in plain(outcome)
    saved = list(outcome.saved.values())
    assert saved == [tmp_path / "saved" / "reversed.csv"]
    assert saved[0].read_text().splitlines()[0] == "@bo,800"
    assert "file saved: " in plain(outcome)
    assert list(again.saved.values()) == [tmp_path / "saved" / "reversed-2.csv"], (
        "a second file never overwrites the first"
    )


async def test_a_missing_file_is_a_mistake_that_says_where_it_looked(
    playground: Playground, tmp_path: Path
) -> None:
    outcome = await playground.execute("/sample upload file:nothere.csv")

    assert outcome.kind == "mistake"
    assert "nothere.csv" in outcome.text
    assert str(tmp_path) in outcome.text
    assert outcome.usage == "/sample upload file:<path> [note:<text>]"


async def test_mistyped_lines_get_discords_kind_of_answer(playground: Playground) -> None:
    unknown = await playground.execute("/hlep")
    missing = await playground.execute("/sample define")
    wrong_choice = await playground.execute("/sample define tier:huge")

    assert "Did you mean `/help`?" in unknown.text
    assert "missing the required option tier" in missing.text
    assert missing.usage is not None and "tier:<nano|micro|mid|macro|mega>" in missing.usage
    assert "must be one of: nano, micro, mid, macro, mega" in wrong_choice.text


async def test_console_words_complete(playground: Playground) -> None:
    assert await complete(playground, "cl") == ["click"]
    assert await complete(playground, "as a") == ["as admin"]


async def test_only_the_person_who_opened_pages_may_turn_them(playground: Playground) -> None:
    await playground.execute("/pages")
    playground.role = "admin"
    refused = await playground.execute("next")
    playground.role = "member"
    turned = await playground.execute("next")

    assert "These pages are not yours." in plain(refused)
    assert "Page 2 of 3" in plain(turned)
    assert turned.shown[0].updated


async def test_each_server_keeps_its_own_data_and_the_ids_are_stable(
    playground: Playground,
) -> None:
    await playground.execute("as admin")
    await playground.execute("/sample scheme name:industry")
    switched = await playground.execute("guild Other Team")
    other = await playground.execute("/sample scheme")
    await playground.execute("guild Acme Marketing")
    back = await playground.execute("/sample scheme")

    assert "Other Team" in switched.text
    assert "Scheme: industry" not in plain(other)
    assert "Scheme: industry" in plain(back)
    assert playground.guild is not None
    assert playground.guild.id == stable_snowflake("guild", "acme marketing")


async def test_lookups_work_offline_from_fictional_stand_ins(playground: Playground) -> None:
    """`make run` demonstrates lookups without keys or network, and says the figures are
    fictional."""
    shown = plain(await playground.execute("/classify handle:youtube.com/@LumenKitchen"))
    assert "48,700 subscribers" in shown
    assert "local stand-in, fictional creators" in shown
    assert playground.platform_fakes.seen("youtube")  # answered by the local stand-in
