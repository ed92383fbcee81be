"""/help: the first command a user tries."""

from __future__ import annotations

from tests.e2e.conftest import Harness


async def test_help_lists_every_command_with_one_line(harness: Harness) -> None:
    reply = await harness.invoke("/help")

    assert not reply.ephemeral
    embed = reply.embed
    assert "what I can do" in embed["title"]
    registered = {command.name for command in harness.emulator.registered(None).values()}
    text = reply.text()
    for name in registered:
        assert f"`/{name}" in text, f"/help does not mention /{name}"


async def test_help_works_in_a_direct_message(harness: Harness) -> None:
    reply = await harness.invoke("/help", actor=harness.dm())

    assert "what I can do" in reply.embed["title"]


async def test_help_lists_every_subcommand_and_hides_none(harness: Harness) -> None:
    reply = await harness.invoke("/help")

    names: list[str] = []
    for command in harness.emulator.registered(None).values():
        subs = [o for o in command.body.get("options", []) if o.get("type") == 1]
        names += [f"{command.name} {sub['name']}" for sub in subs] or [command.name]
    text = reply.text()
    assert len(names) > 20
    for name in names:
        assert f"`/{name}`" in text, f"/help does not list /{name}"
    assert "more" not in text  # nothing is cut off with "…and N more"


async def test_help_ends_with_itself_after_every_feature(harness: Harness) -> None:
    reply = await harness.invoke("/help")

    titles = [field["name"] for field in reply.embed["fields"]]
    features = [title for title in titles if "(continued)" not in title]
    assert features[-1] == "Help"
    assert features.index("Campaigns") > features.index("Shortlists")
    assert "campaigns" in reply.embed["description"]
