"""Fuzzing every command through the emulator with hostile values and malformed files.

The commands come from what the bot registered (emulator.registered), so a new command or
option is fuzzed without touching this file. Values stay inside what the Discord client lets
a user send (lengths, ranges, choices): anything else never reaches the bot.

How hypothesis runs here: `@given(data=st.data())` on an async test. pytest-asyncio runs each
example as a coroutine on the test's own event loop, the one the `harness` fixture started
the bot on, so one bot serves every example of a test (hence the suppressed
function_scoped_fixture health check: sharing the bot across examples is the point). Each
example draws, for every command, the values and the person who types them; every answer is
checked at once, so hypothesis can shrink a failure to the smallest value that causes it.

Size: TIERBOT_E2E_FUZZ_EXAMPLES examples per test (default 25: every command is run 25 times
in CI); raise it for a longer run, e.g. TIERBOT_E2E_FUZZ_EXAMPLES=500.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.playground.emulator import Actor, CommandLineError, FileArgument, Interaction
from bot.playground.emulator.commands import ATTACHMENT
from tests.e2e.conftest import Harness
from tests.e2e.hostile import (
    Leaf,
    command_leaves,
    file_argument,
    new_log_problems,
    option_text,
    option_values,
    problems_with_answer,
)

FUZZ_EXAMPLES = int(os.environ.get("TIERBOT_E2E_FUZZ_EXAMPLES", "25"))
# A longer run takes longer than the suite's 120-second timeout per test.
pytestmark = pytest.mark.timeout(max(120, FUZZ_EXAMPLES))
ANSWER_TIMEOUT = 15.0

fuzz_settings = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


def _leaves(harness: Harness) -> list[Leaf]:
    leaves = command_leaves(harness.emulator.registered(None).values())
    assert leaves, "the bot registered no commands"
    return leaves


def _actors(harness: Harness, leaf: Leaf) -> dict[str, Actor]:
    actors = {"member": harness.member, "admin": harness.admin}
    if leaf.allowed_in_dm:
        actors["dm"] = _dm(harness)
    return actors


_DM_ACTORS: dict[int, Actor] = {}


def _dm(harness: Harness) -> Actor:
    key = id(harness)
    if key not in _DM_ACTORS:
        _DM_ACTORS[key] = harness.dm()
    return _DM_ACTORS[key]


def _show(values: dict[str, Any]) -> str:
    shown = {}
    for name, value in values.items():
        if isinstance(value, FileArgument):
            shown[name] = f"<{value.filename}: {len(value.data)} bytes {value.data[:40]!r}>"
        elif isinstance(value, str) and len(value) > 80:
            shown[name] = f"{value[:60]!r}… ({len(value)} chars)"
        else:
            shown[name] = repr(value)
    return ", ".join(f"{name}={value}" for name, value in shown.items())


async def run_and_check(
    harness: Harness, leaf: Leaf, values: dict[str, Any], who: str
) -> Interaction:
    """Run one command and fail with everything wrong about its answer."""
    actor = _actors(harness, leaf)[who]
    logged_before = len(harness.logs.records)
    label = f"{leaf.name} {_show(values)} as {who}"
    interaction = await harness.emulator.send_options(
        list(leaf.path), values, actor=actor, label=label
    )
    await _check(harness, interaction, logged_before)
    return interaction


async def _check(harness: Harness, interaction: Interaction, logged_before: int) -> None:
    problems: list[str] = []
    try:
        await interaction.wait_settled(ANSWER_TIMEOUT)
    except TimeoutError:
        problems.append(f"no answer within {ANSWER_TIMEOUT:.0f} seconds")
    problems += problems_with_answer(interaction)
    problems += new_log_problems(harness.logs.records, logged_before)
    assert not problems, f"{interaction.label}: {problems}"


async def _seed(harness: Harness) -> None:
    """A list, a campaign and a creator on each that the fuzzed values can name
    (KNOWN_VALUES), for the features registered."""
    registered = harness.emulator.registered(None)
    if "shortlist" in registered:
        await harness.invoke("/shortlist create name:Launch", actor=harness.admin)
        await harness.invoke(
            "/shortlist add name:Launch handle:@ada platform:instagram followers:12.5k",
            actor=harness.admin,
        )
    if "campaign" in registered:
        await harness.invoke(
            "/campaign create name:Launch goal:awareness budget:$25k", actor=harness.admin
        )
        await harness.invoke(
            "/campaign book campaign:Launch handle:@ada followers:12.5k fee:$300",
            actor=harness.admin,
        )


@dataclass(frozen=True, slots=True)
class Press:
    """A component press planned before anything runs, so that every example draws the same
    values whatever the bot answers (hypothesis needs that to replay and shrink)."""

    pick: int  # which component of the reply (modulo how many there are)
    who: str  # "author", "member" or "admin"
    crafted: str | None  # a custom_id made from one of the bot's persistent templates


def _presses(templates: list[str]) -> st.SearchStrategy[Press]:
    crafted: st.SearchStrategy[str | None] = st.none()
    if templates:
        from_template = st.sampled_from(templates).flatmap(
            lambda template: st.from_regex(template, fullmatch=True)
        )
        crafted = st.one_of(st.none(), st.none(), from_template)
    return st.builds(
        Press,
        st.integers(0, 99),
        st.sampled_from(("author", "member", "admin")),
        crafted.filter(lambda custom_id: custom_id is None or len(custom_id) <= 100),
    )


def _persistent_templates(harness: Harness) -> list[str]:
    """The custom_id patterns of the bot's DynamicItems (discord.py keeps them on the view
    store; no public accessor)."""
    bot = harness.local.bot
    assert bot is not None
    store = bot._connection._view_store
    return sorted(pattern.pattern for pattern in store._dynamic_items)


async def press(harness: Harness, reply: Interaction, plan: Press) -> None:
    """Press a component of the reply as planned (or a crafted custom_id on it) and check."""
    messages = [message for message in reply.messages if not message.deleted]
    targets = [
        (message, component)
        for message in messages
        for component in message.components
        if component.get("type") in (2, 3)
        and not component.get("disabled")
        and component.get("custom_id")
    ]
    if plan.crafted is None and not targets:
        return
    if plan.crafted is not None:
        if not messages:
            return
        message = messages[0]
        component: dict[str, Any] = {"type": 2, "custom_id": plan.crafted}
    else:
        message, component = targets[plan.pick % len(targets)]
    actor = reply.actor
    if plan.who != "author" and not message.ephemeral and actor.guild is not None:
        actor = harness.member if plan.who == "member" else harness.admin
    logged_before = len(harness.logs.records)
    emulator = harness.emulator
    if component["type"] == 3:
        options = component.get("options") or []
        if not options:
            return
        value = options[plan.pick % len(options)]["value"]
        clicked = await emulator.select(
            message, [value], custom_id=component["custom_id"], actor=actor
        )
    else:
        clicked = await emulator.click(
            message, custom_id=component["custom_id"], actor=actor, wait=False
        )
    await _check(harness, clicked, logged_before)


@fuzz_settings
@given(data=st.data())
async def test_every_command_answers_hostile_values_cleanly(
    harness: Harness, data: st.DataObject
) -> None:
    leaves = _leaves(harness)
    templates = _persistent_templates(harness)
    plans = [
        (
            leaf,
            data.draw(st.sampled_from(sorted(_actors(harness, leaf))), label=f"{leaf.name} as"),
            data.draw(option_values(leaf), label=leaf.name),
            data.draw(_presses(templates), label=f"{leaf.name} press"),
        )
        for leaf in leaves
    ]
    await _seed(harness)
    for leaf, who, values, planned_press in plans:
        reply = await run_and_check(harness, leaf, values, who)
        await press(harness, reply, planned_press)


@fuzz_settings
@given(data=st.data())
async def test_every_file_option_survives_malformed_files(
    harness: Harness, data: st.DataObject
) -> None:
    with_files = [
        leaf for leaf in _leaves(harness) if any(o["type"] == ATTACHMENT for o in leaf.options)
    ]
    assert with_files, "no command takes a file: /classify-csv should"
    plans = []
    for leaf in with_files:
        values = data.draw(option_values(leaf), label=leaf.name)
        for option in leaf.options:  # the file every time, even when it is optional
            if option["type"] == ATTACHMENT and option["name"] not in values:
                values[option["name"]] = data.draw(file_argument(), label=option["name"])
        who = data.draw(st.sampled_from(sorted(_actors(harness, leaf))), label="as")
        plans.append((leaf, values, who))
    await _seed(harness)
    for leaf, values, who in plans:
        await run_and_check(harness, leaf, values, who)


@fuzz_settings
@given(data=st.data())
async def test_autocomplete_answers_any_text_with_valid_choices(
    harness: Harness, data: st.DataObject
) -> None:
    targets = [(leaf, name) for leaf in _leaves(harness) for name in leaf.autocomplete_options]
    assert targets, "no option autocompletes: /tiers ask question should"
    typed = [data.draw(option_text(1, 200), label=f"{leaf.name} {name}") for leaf, name in targets]
    others = [data.draw(option_text(1, 100), label="other options") for _ in targets]
    await _seed(harness)
    for (leaf, focused), text, other in zip(targets, typed, others, strict=True):
        values = {focused: text}
        for option in leaf.options:  # the options typed before the focused one (e.g. name)
            if option["name"] != focused and option.get("autocomplete"):
                values.setdefault(option["name"], other)
        logged_before = len(harness.logs.records)
        interaction = await harness.emulator.autocomplete_options(
            list(leaf.path), values, focused=focused, actor=harness.member
        )
        problems = problems_with_answer(interaction)
        problems += new_log_problems(harness.logs.records, logged_before)
        assert not problems, f"autocomplete {leaf.name} {values!r}: {problems}"
        assert interaction.choices is not None and len(interaction.choices) <= 25


async def test_typed_options_are_refused_where_the_discord_client_refuses_them(
    harness: Harness,
) -> None:
    emulator = harness.emulator
    refused: list[tuple[list[str], dict[str, Any]]] = [
        (["classify"], {"followers": "x" * 6001}),  # over Discord's length for this option
        (["mix"], {"budget": "1k"}),  # a required option (goal) left out
        (["classify"], {"followers": "1k", "platform": "myspace"}),  # not one of the choices
        (["classify"], {"followers": ""}),  # the client sends no empty text
        (["mix"], {"goal": "awareness", "budget": "1k", "weeks": 53}),  # over max_value
        (["tiers", "define"], {"tier": "nano", "extra": "1"}),  # no such option
    ]
    for path, values in refused:
        try:
            await emulator.send_options(path, values, actor=harness.member)
        except CommandLineError:
            continue
        raise AssertionError(f"the emulator let /{' '.join(path)} {values} through")

    reply = await emulator.invoke_options(
        ["classify"], {"followers": 'a "quoted" platform:tiktok value'}, actor=harness.member
    )
    assert reply.ephemeral and "quoted" in reply.text()


async def test_invisible_characters_pasted_with_a_number_are_ignored(harness: Harness) -> None:
    # Found by the fuzz: "12.5k" with a zero-width space, a BOM or a bidi mark pasted along
    # was refused as "`12.5k` is not a number": the echo hides what was wrong.
    for pasted in ("12.5k\u200b", "\ufeff12.5k", "12.5\u200dk", "\u200e12.5k\u00ad"):
        reply = await harness.emulator.invoke_options(
            ["classify"], {"followers": pasted, "platform": "instagram"}, actor=harness.member
        )
        assert "12.5K followers" in reply.text(), f"{pasted!r}: {reply.text()[:200]}"
    plan = await harness.emulator.invoke_options(
        ["mix"], {"goal": "awareness", "budget": "$25k\u2060"}, actor=harness.member
    )
    assert "$25,000" in plan.text(), plan.text()[:200]


async def test_a_creator_without_a_handle_is_named_with_the_right_article(
    harness: Harness,
) -> None:
    # Seen while reading fuzz replies: "A Instagram creator", "A X (Twitter) creator".
    titles = {}
    for platform in ("instagram", "x", "tiktok"):
        reply = await harness.invoke(f"/classify followers:12.5k platform:{platform}")
        titles[platform] = reply.embed["title"]

    assert titles["instagram"].startswith("An Instagram creator")
    assert titles["x"].startswith("An X (Twitter) creator")
    assert titles["tiktok"].startswith("A TikTok creator")
