"""/classify's CPU, part by part, in this process: what Tierbot does per interaction that
the same-payload bot (bench/baseline_bot.py) does not.

    .venv/bin/python -m bench.classify_cpu [--repeats 7] [--budget 0.3] [--json FILE]

Times with `time.process_time` (CPU of this process, so a loaded machine slows the clock
less than it slows wall time), the median of `repeats` loops of thousands of calls each,
for the bench's line `/classify followers:{N}k platform:instagram handle:@jane_doe
likes:450 comments:32` at several follower counts (the bench cycles 5k to 1,995k):

* report: `build_creator_report` (the guild's scheme, every built-in scheme, assessment)
* embed: `classify_reply` (the view attached as built) and its `kwargs()`
* embed dict: `Embed.to_dict()` of that embed, which discord.py does when sending; the
  same-payload bot pays it too, for the same embed
* view: `add_to_shortlist_view` (the "Add to shortlist" button)
* same-payload build: what the same-payload bot does instead of the three above:
  `Embed.from_dict` of the captured embed and its `_view` of the captured components
* interaction: building discord.py's `Interaction` from the gateway payload; Tierbot's
  `WatchedInteraction` (the watchdog: its response, lock and 2-second timer) beside it
* dispatch: the command tree taking the interaction to a callback that does nothing with
  the same parameters (`_call`: the command's look-up, the `Namespace`, the transformers:
  "1235k", the platform, the handle) beside the same-payload bot's look-up of its reply
* whole command: the tree running the real `Classify.classify` with sending stubbed out,
  beside the same-payload bot's `on_interaction` with sending stubbed out. Sending
  (`InteractionResponse.send_message`: the payload, aiohttp, the response) is the same for
  both and is measured by the end-to-end bench, not here.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import time
from collections.abc import Awaitable, Callable
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
from bot.domain.platforms import Platform
from bot.domain.tiers import default_scheme
from bot.playground.emulator import world
from bot.playground.emulator.snowflakes import new_snowflake
from bot.render.classify import classify_reply
from bot.render.shortlist import add_to_shortlist_view
from bot.transformers import Comments, Followers, HandleOption, Likes, PlatformOption
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


async def time_async(
    function: Callable[[], Awaitable[object]], *, repeats: int, budget: float
) -> float:
    """As `time_sync`, for a coroutine awaited in place (no task, no loop round trip)."""
    for _ in range(50):
        await function()
    number = 100
    while True:
        started = time.process_time()
        for _ in range(number):
            await function()
        taken = time.process_time() - started
        if taken > budget / 10:
            break
        number *= 4
    number = max(100, round(number * budget / max(taken, 1e-9)))
    samples = []
    for _ in range(repeats):
        started = time.process_time()
        for _ in range(number):
            await function()
        samples.append((time.process_time() - started) / number)
    return statistics.median(samples)


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


def measure_parts(followers_k: int, repeats: int, budget: float) -> dict[str, float]:
    """The command's own steps, each timed with the steps before it on fresh objects (as a
    command gets them: a new handle, new stats), then told apart by subtraction: a report or
    handle reused across calls would carry what its cached properties computed once."""
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

    def embed_dict() -> object:
        return sent_embed.to_dict()

    captured_embed = sent_embed.to_dict()
    captured_rows = view.to_components()

    def same_payload_build() -> object:
        return discord.Embed.from_dict(captured_embed), baseline_bot._view(captured_rows)

    steps = {
        name: time_sync(step, repeats=repeats, budget=budget) * 1e6
        for name, step in (
            ("inputs", inputs),
            ("report", report),
            ("report_embed", report_embed),
            ("report_embed_view", report_embed_view),
        )
    }
    return {
        "report_us": steps["report"] - steps["inputs"],
        "embed_us": steps["report_embed"] - steps["report"],
        "view_us": steps["report_embed_view"] - steps["report_embed"],
        "command_parts_us": steps["report_embed_view"] - steps["inputs"],
        "embed_dict_us": time_sync(embed_dict, repeats=repeats, budget=budget) * 1e6,
        "same_payload_build_us": time_sync(same_payload_build, repeats=repeats, budget=budget)
        * 1e6,
    }


async def measure_dispatch(followers_k: int, repeats: int, budget: float) -> dict[str, float]:
    """Interaction construction, the tree's dispatch, and the whole command without sending."""
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
    handle = normalize_handle("@jane_doe", Platform.INSTAGRAM)
    stats = CreatorStats(followers=followers_k * 1000, likes=450, comments=32)
    view = add_to_shortlist_view(handle, stats)
    sent = classify_reply(
        build_creator_report(Platform.INSTAGRAM, stats, default_scheme(), handle),
        in_guild=True,
        view=view,
    )
    same.replies = {
        "classify": {
            "deferred": False,
            "message": {
                "body": {"embeds": [sent.embed.to_dict()], "components": view.to_components()},
                "files": [],
            },
        }
    }

    def plain() -> discord.Interaction[Any]:
        return discord.Interaction(data=payload, state=same_state)  # type: ignore[arg-type]

    def watched() -> discord.Interaction[Any]:
        return watchdog.WatchedInteraction(data=payload, state=state)

    async def plain_async() -> object:
        return plain()

    async def watched_async() -> object:
        return watched()

    async def noop_dispatch() -> None:
        await noop_tree._call(watchdog.WatchedInteraction(data=payload, state=noop_state))

    async def full_command() -> None:
        interaction = watched()
        await full_tree._call(interaction)
        assert interaction.response.is_done()

    async def same_lookup() -> None:
        interaction = plain()
        baseline_bot.command_path(interaction.data or {})  # type: ignore[arg-type]

    async def same_command() -> None:
        interaction = plain()
        await same.on_interaction(interaction)
        assert interaction.response.is_done()

    original = discord.InteractionResponse.send_message
    discord.InteractionResponse.send_message = _sent  # type: ignore[method-assign,assignment]
    try:
        results = {
            "interaction_plain_us": await time_async(plain_async, repeats=repeats, budget=budget),
            "interaction_watched_us": await time_async(
                watched_async, repeats=repeats, budget=budget
            ),
            "dispatch_noop_us": await time_async(noop_dispatch, repeats=repeats, budget=budget),
            "same_lookup_us": await time_async(same_lookup, repeats=repeats, budget=budget),
            "tierbot_command_us": await time_async(full_command, repeats=repeats, budget=budget),
            "same_command_us": await time_async(same_command, repeats=repeats, budget=budget),
        }
    finally:
        discord.InteractionResponse.send_message = original  # type: ignore[method-assign]
    return {key: value * 1e6 for key, value in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--budget", type=float, default=0.3, help="CPU seconds per loop")
    parser.add_argument("--followers", type=int, nargs="*", default=list(FOLLOWERS_K))
    parser.add_argument("--skip-dispatch", action="store_true")
    parser.add_argument("--json", type=Path)
    arguments = parser.parse_args()
    # The garbage collector as the running bot has it after READY (bot/client.py).
    gc.collect()
    gc.freeze()
    gc.set_threshold(_YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])
    rows: dict[str, dict[str, float]] = {}
    for followers_k in arguments.followers:
        row = measure_parts(followers_k, arguments.repeats, arguments.budget)
        if not arguments.skip_dispatch:
            row |= asyncio.run(measure_dispatch(followers_k, arguments.repeats, arguments.budget))
        rows[f"{followers_k}k"] = row
        print(LINE.format(k=followers_k))
        print("  " + "  ".join(f"{key[:-3]}={value:.1f}" for key, value in row.items()))
    keys = next(iter(rows.values())).keys()
    mean = {key: statistics.fmean(row[key] for row in rows.values()) for key in keys}
    print("mean over follower counts (µs of CPU per call):")
    for key, value in mean.items():
        print(f"  {key[:-3]:<24}{value:8.1f}")
    if arguments.json is not None:
        arguments.json.write_text(json.dumps({"rows": rows, "mean": mean}, indent=2))


if __name__ == "__main__":
    main()
