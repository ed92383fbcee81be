"""/classify's CPU, part by part, in this process: what Tierbot does per interaction that
the same-payload bot (bench/baseline_bot.py) does not.

    .venv/bin/python -m bench.classify_cpu [--repeats 7] [--budget 0.3] [--json FILE]
    .venv/bin/python -m bench.classify_cpu --callgrind 600 [--followers 1235 125]

For the bench's line `/classify followers:{N}k platform:instagram handle:@jane_doe
likes:450 comments:32` at several follower counts (the bench cycles 5k to 1,995k). Two
yardsticks: CPU time (`time.process_time`, the median of `repeats` loops of thousands of
calls each; a loaded machine still shifts it by 10-30%), or with `--callgrind` the
instructions valgrind counts (the same on a loaded machine as on an idle one: each step
runs CALLS times inside one `functools.reduce`, which callgrind counts alone). The garbage
collector is set as the bot sets it after READY; everything runs inside an event loop.

* report: `build_creator_report` (the guild's scheme, every built-in scheme, assessment)
* embed: `classify_reply` and its `kwargs()`
* view: `add_to_shortlist_view` (the "Add to shortlist" button)
  (these three on fresh handle and stats each call, as a command gets them, told apart
  by subtraction; `option_parsing` is the domain's share of the transformers)
* embed_dict: `Embed.to_dict()` of that embed, which discord.py does when sending; the
  same-payload bot pays it too, for the same embed
* same_payload_build: what the same-payload bot does instead of report, embed and view:
  `Embed.from_dict` of the captured embed and its `_view` of the captured components
* interaction_plain: discord.py's `Interaction` from the gateway payload; watchdog: what
  Tierbot's `WatchedInteraction` adds (its response, lock and 2-second timer)
* tree_dispatch: the command tree taking the interaction to a callback that does nothing
  with /classify's parameters (`_call`: the command's look-up, the `Namespace`, the
  transformers: "1235k", the platform, the handle, the checks); same_lookup: the
  same-payload bot's look-up of its reply
* tierbot_command: the tree running the real `Classify.classify`, sending stubbed out;
  same_command: the same-payload bot's `on_interaction`, sending stubbed out. Sending
  (`InteractionResponse.send_message`: the payload, aiohttp, the response) is the same for
  both and is measured by the end-to-end bench (`make bench`), not here.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import gc
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import discord
from discord import app_commands

from bench import baseline_bot
from bot import watchdog
from bot.client import _YOUNG_COLLECTION_EVERY, TierTree
from bot.domain.creator_report import build_creator_report
from bot.domain.handles import normalize_handle
from bot.domain.metrics import CreatorStats
from bot.domain.numbers import parse_count
from bot.domain.platforms import Platform
from bot.domain.tiers import default_scheme
from bot.playground.emulator import world
from bot.playground.emulator.snowflakes import new_snowflake
from bot.render.classify import classify_reply
from bot.render.shortlist import add_to_shortlist_view
from bot.transformers import (
    Comments,
    Followers,
    HandleOption,
    Likes,
    PlatformOption,
    platform_or_none,
)
from cogs.classify import Classify

FOLLOWERS_K = (5, 45, 125, 495, 1235, 1995)
LINE = "/classify followers:{k}k platform:instagram handle:@jane_doe likes:450 comments:32"


def time_sync(function: Callable[[], object], *, repeats: int, budget: float) -> float:
    """CPU seconds per call: the median of `repeats` loops, each sized to about `budget`."""
    for _ in range(50):
        function()  # warm caches as a running bot has them
    number = 100
    while True:
        started = time.process_time()
        for _ in range(number):
            function()
        taken = time.process_time() - started
        if taken > budget / 10:
            break
        number *= 4
    number = max(100, round(number * budget / max(taken, 1e-9)))
    samples = []
    for _ in range(repeats):
        started = time.process_time()
        for _ in range(number):
            function()
        samples.append((time.process_time() - started) / number)
    return statistics.median(samples)


def run_sync(coroutine: Coroutine[Any, Any, object]) -> object:
    """Run a coroutine that never suspends (nothing here waits: sending is stubbed out, the
    lock is free) to its end, in place: no task, no trip around the event loop."""
    try:
        coroutine.send(None)
    except StopIteration as stop:
        return stop.value
    coroutine.close()
    raise RuntimeError("the coroutine waited for something")


# --- the interaction ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class World:
    """The bot's user, and a guild it is in (as GUILD_CREATE delivered it), with a member."""

    bot_user: world.User
    guild: world.Guild
    actor: world.Actor

    @classmethod
    def new(cls) -> World:
        bot_user = world.new_user("tierbot", bot=True)
        member = world.new_user("bench")
        guild = world.new_guild("Bench", member)
        actor = world.Actor(
            user=member, guild=guild, channel=guild.channel, permissions=world.MEMBER_PERMISSIONS
        )
        return cls(bot_user, guild, actor)

    def connect(self, client: discord.Client) -> Any:
        """`client`'s connection state, logged in and holding the guild."""
        state: Any = client._connection
        state.user = discord.ClientUser(state=state, data=self.bot_user.payload())  # type: ignore[arg-type]
        state._add_guild_from_data(self.guild.payload(self.bot_user))
        return state

    def interaction_payload(self, followers_k: int) -> dict[str, Any]:
        """The INTERACTION_CREATE the emulator sends for the bench's /classify line."""
        options = [
            {"name": "followers", "type": 3, "value": f"{followers_k}k"},
            {"name": "platform", "type": 3, "value": "instagram"},
            {"name": "handle", "type": 3, "value": "@jane_doe"},
            {"name": "likes", "type": 3, "value": "450"},
            {"name": "comments", "type": 3, "value": "32"},
        ]
        return {
            "id": str(new_snowflake()),
            "application_id": self.bot_user.payload()["id"],
            "type": 2,
            "token": "itoken.bench",
            "version": 1,
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
            **self.actor.interaction_fields(world.ALL_PERMISSIONS),
            "data": {
                "id": str(new_snowflake()),
                "name": "classify",
                "type": 1,
                "options": options,
            },
        }


async def _sent(self: Any, *args: Any, **kwargs: Any) -> None:
    """`send_message` without the network: marks the response done, as sending would."""
    self._response_type = discord.InteractionResponseType.channel_message


class _Schemes:
    """The guild's scheme, as `GuildSchemes.for_guild` returns it from its cache."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[float, Any]] = {}

    def hold(self, guild_id: int) -> None:
        self._cache[guild_id] = (float("inf"), default_scheme())

    async def for_guild(self, guild_id: int | None) -> Any:
        cached = self._cache.get(guild_id)  # type: ignore[arg-type]
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        return default_scheme()


def tree_with(command: app_commands.Command[Any, ..., Any]) -> app_commands.CommandTree[Any]:
    """Tierbot's tree holding `command`, on a client of its own (one tree per client)."""
    tree = TierTree(discord.Client(intents=discord.Intents.none()))  # type: ignore[arg-type]
    tree.add_command(command)
    return tree


async def _noop(
    interaction: discord.Interaction[Any],
    followers: Followers | None = None,
    platform: PlatformOption | None = None,
    handle: HandleOption | None = None,
    likes: Likes | None = None,
    comments: Comments | None = None,
    shares: Comments | None = None,
    saves: Comments | None = None,
    views: Comments | None = None,
    refresh: bool = False,
) -> None:
    """/classify's parameters and transformers, and nothing else."""


# --- the parts --------------------------------------------------------------------------------


def steps(followers_k: int) -> dict[str, Callable[[], object]]:
    """What is timed, each a call without arguments; call inside a running event loop (the
    watchdog's timer and discord.py's View want one, as in the bot).

    The command's own steps run cumulatively on fresh objects (a new handle, new stats, as
    each command gets them) and are told apart by subtraction: a report or handle reused
    across calls would carry what its cached properties computed once."""
    scheme = default_scheme()
    platform = Platform.INSTAGRAM
    followers = followers_k * 1000

    def inputs() -> tuple[Any, Any]:
        return normalize_handle("@jane_doe", platform), CreatorStats(
            followers=followers, likes=450, comments=32
        )

    def report() -> object:
        handle, stats = inputs()
        return build_creator_report(platform, stats, scheme, handle)

    def report_embed() -> object:
        handle, stats = inputs()
        built = build_creator_report(platform, stats, scheme, handle)
        return classify_reply(built, in_guild=True).kwargs()

    def report_embed_view() -> object:
        handle, stats = inputs()
        built = build_creator_report(platform, stats, scheme, handle)
        view = add_to_shortlist_view(handle, stats)
        return classify_reply(built, in_guild=True, view=view).kwargs()

    handle, stats = inputs()
    view = add_to_shortlist_view(handle, stats)
    sent_embed = classify_reply(
        build_creator_report(platform, stats, scheme, handle), in_guild=True, view=view
    ).embed
    captured_embed = sent_embed.to_dict()
    captured_rows = view.to_components()

    def option_parsing() -> object:
        # What the transformers hand to the domain: three counts, the platform twice (its
        # own option and the handle's check), the handle.
        return (
            parse_count("1235k", allow_zero=False),
            parse_count("450"),
            parse_count("32"),
            platform_or_none("instagram"),
            platform_or_none("instagram"),
            normalize_handle("@jane_doe", platform_or_none("instagram")),
        )

    def embed_dict() -> object:
        return sent_embed.to_dict()

    def same_payload_build() -> object:
        return discord.Embed.from_dict(captured_embed), baseline_bot._view(captured_rows)

    here = World.new()
    payload = here.interaction_payload(followers_k)
    schemes = _Schemes()
    schemes.hold(here.guild.id)
    cog = Classify(SimpleNamespace(schemes=schemes))  # type: ignore[arg-type]
    classify = next(c for c in cog.__cog_app_commands__ if c.name == "classify")
    assert isinstance(classify, app_commands.Command)
    full_tree = tree_with(classify)
    state = here.connect(full_tree.client)
    noop_tree = tree_with(
        app_commands.Command(
            name="classify", description="/classify, doing nothing", callback=_noop
        )
    )
    noop_state = here.connect(noop_tree.client)
    intents = discord.Intents.none()
    intents.guilds = True
    same = baseline_bot.SamePayloadBot({"commands": [], "replies": {}}, intents=intents)
    same_state = here.connect(same)
    same.replies = {
        "classify": {
            "deferred": False,
            "message": {
                "body": {"embeds": [captured_embed], "components": captured_rows},
                "files": [],
            },
        }
    }

    def interaction_plain() -> discord.Interaction[Any]:
        return discord.Interaction(data=payload, state=same_state)  # type: ignore[arg-type]

    def interaction_watched() -> discord.Interaction[Any]:
        return watchdog.WatchedInteraction(data=payload, state=state)

    def dispatch_noop() -> object:
        interaction = watchdog.WatchedInteraction(data=payload, state=noop_state)
        return run_sync(noop_tree._call(interaction))

    def tierbot_command() -> object:
        interaction = interaction_watched()
        run_sync(full_tree._call(interaction))
        assert interaction.response.is_done()
        return interaction

    def same_lookup() -> object:
        interaction = interaction_plain()
        return baseline_bot.command_path(interaction.data or {})  # type: ignore[arg-type]

    def same_command() -> object:
        interaction = interaction_plain()
        run_sync(same.on_interaction(interaction))
        assert interaction.response.is_done()
        return interaction

    return {
        "inputs": inputs,
        "report": report,
        "report_embed": report_embed,
        "report_embed_view": report_embed_view,
        "option_parsing": option_parsing,
        "embed_dict": embed_dict,
        "same_payload_build": same_payload_build,
        "interaction_plain": interaction_plain,
        "interaction_watched": interaction_watched,
        "dispatch_noop": dispatch_noop,
        "same_lookup": same_lookup,
        "tierbot_command": tierbot_command,
        "same_command": same_command,
    }


def parts(raw: dict[str, float]) -> dict[str, float]:
    """The components, from the raw steps (the cumulative ones told apart)."""
    return {
        "report": raw["report"] - raw["inputs"],
        "embed": raw["report_embed"] - raw["report"],
        "view": raw["report_embed_view"] - raw["report_embed"],
        "report_embed_view": raw["report_embed_view"] - raw["inputs"],
        "option_parsing": raw["option_parsing"],
        "embed_dict": raw["embed_dict"],
        "same_payload_build": raw["same_payload_build"],
        "interaction_plain": raw["interaction_plain"],
        "watchdog": raw["interaction_watched"] - raw["interaction_plain"],
        "tree_dispatch": raw["dispatch_noop"] - raw["interaction_watched"],
        "same_lookup": raw["same_lookup"] - raw["interaction_plain"],
        "tierbot_command": raw["tierbot_command"],
        "same_command": raw["same_command"],
    }


@contextlib.contextmanager
def sending_stubbed() -> Iterator[None]:
    original = discord.InteractionResponse.send_message
    discord.InteractionResponse.send_message = _sent  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        discord.InteractionResponse.send_message = original  # type: ignore[method-assign]


def _bot_gc() -> None:
    """The garbage collector as the running bot has it after READY (bot/client.py)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(_YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])


async def cpu_times(followers_k: int, repeats: int, budget: float) -> dict[str, float]:
    """µs of CPU per call of each step."""
    with sending_stubbed():
        return {
            name: time_sync(step, repeats=repeats, budget=budget) * 1e6
            for name, step in steps(followers_k).items()
        }


async def count_steps(followers_k: int, calls: int) -> None:
    """Run by `instructions` under callgrind: each step `calls` times inside one
    `functools.reduce`, which callgrind counts alone and dumps on its return."""
    with sending_stubbed():
        for step in steps(followers_k).values():
            for _ in range(200):
                step()  # warm, outside the count
            gc.collect()  # each step starts from a clean heap: its own collections only
            functools.reduce(lambda _, __: step(), range(calls), None)


def instructions(followers_k: int, calls: int, folder: Path) -> dict[str, float]:
    """Instructions per call of each step, counted by valgrind's callgrind: the same on a
    loaded machine as on an idle one."""
    out = folder / "callgrind.out"
    command = [
        "valgrind",
        "--tool=callgrind",
        "--collect-atstart=no",
        "--toggle-collect=functools_reduce",
        "--dump-after=functools_reduce",
        f"--callgrind-out-file={out}",
        sys.executable,
        "-m",
        "bench.classify_cpu",
        "--count",
        str(calls),
        "--followers",
        str(followers_k),
    ]
    subprocess.run(command, check=True, capture_output=True)
    dumps = sorted(folder.glob("callgrind.out.*"), key=lambda path: int(path.suffix[1:]))
    totals = []
    for dump in dumps:
        summary = re.search(r"^(?:summary|totals): (\d+)", dump.read_text(), re.MULTILINE)
        totals.append(int(summary[1]) if summary else 0)
    names = list(STEP_NAMES)
    if len(totals) != len(names):
        raise RuntimeError(f"expected {len(names)} callgrind dumps, found {len(totals)}")
    return {name: total / calls for name, total in zip(names, totals, strict=True)}


STEP_NAMES = (
    "inputs",
    "report",
    "report_embed",
    "report_embed_view",
    "option_parsing",
    "embed_dict",
    "same_payload_build",
    "interaction_plain",
    "interaction_watched",
    "dispatch_noop",
    "same_lookup",
    "tierbot_command",
    "same_command",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--budget", type=float, default=0.3, help="CPU seconds per loop")
    parser.add_argument("--followers", type=int, nargs="*", default=list(FOLLOWERS_K))
    parser.add_argument(
        "--callgrind",
        type=int,
        metavar="CALLS",
        help="count instructions with valgrind instead (CALLS calls a step; slow: ~1 min)",
    )
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)  # callgrind's child
    parser.add_argument("--json", type=Path)
    arguments = parser.parse_args()
    _bot_gc()
    if arguments.count is not None:
        asyncio.run(count_steps(arguments.followers[0], arguments.count))
        return
    unit = "µs of CPU" if arguments.callgrind is None else "thousand instructions"
    rows: dict[str, dict[str, float]] = {}
    for followers_k in arguments.followers:
        if arguments.callgrind is None:
            raw = asyncio.run(cpu_times(followers_k, arguments.repeats, arguments.budget))
        else:
            with tempfile.TemporaryDirectory() as folder:
                counted = instructions(followers_k, arguments.callgrind, Path(folder))
            raw = {name: value / 1000 for name, value in counted.items()}
        rows[f"{followers_k}k"] = parts(raw)
        print(LINE.format(k=followers_k))
        print(
            "  " + "  ".join(f"{key}={value:.1f}" for key, value in rows[f"{followers_k}k"].items())
        )
    keys = next(iter(rows.values())).keys()
    mean = {key: statistics.fmean(row[key] for row in rows.values()) for key in keys}
    print(f"mean over follower counts ({unit} per call):")
    for key, value in mean.items():
        print(f"  {key:<24}{value:8.1f}")
    if arguments.json is not None:
        arguments.json.write_text(json.dumps({"unit": unit, "rows": rows, "mean": mean}, indent=2))


if __name__ == "__main__":
    main()
