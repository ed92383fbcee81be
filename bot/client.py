"""TierBot: the discord.py client, its command tree, start-up and shutdown."""

from __future__ import annotations

import asyncio
import gc
import importlib
import logging
import pkgutil
import sys
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import speedups, watchdog
from bot.component_metrics import OTHER_COMPONENT, MeteredViewStore
from bot.config import Settings, SettingsError
from bot.errors import ErrorReply, describe_error
from bot.first_response import meter, metered, seconds_since_arrival
from bot.guild_schemes import GuildSchemes
from bot.http_retries import retry_logging_trace
from bot.lookups.service import CreatorLookups
from bot.observability import BotMetrics, LiveFigures, MetricsServer
from bot.presence import PresenceJournal
from bot.render.feedback import error_embed
from bot.retention import GuildDataRetention
from bot.shards import SQLITE_ONE_PROCESS, ShardPlan
from bot.shutdown import close_gateway
from bot.sync import sync_commands
from bot.workers import ProcessWorkers
from storage.database import StorageError
from storage.instance_lock import DatabaseLock
from storage.store import Storage
from storage.target import SqliteTarget, database_target

log = logging.getLogger(__name__)


def discover_extensions(package: str = "cogs") -> tuple[str, ...]:
    """Every public module of the cogs package, in name order; each one is a feature."""
    module = importlib.import_module(package)
    return tuple(
        f"{package}.{info.name}"
        for info in sorted(pkgutil.iter_modules(module.__path__), key=lambda i: i.name)
        if not info.name.startswith("_")
    )


# Tasks discord.py names for running slash commands, view buttons and persistent buttons,
# and for event handlers (on_ready writes guild presence): shutdown lets them finish before
# the database closes under them.
_TASKS_FINISHED_AT_SHUTDOWN = (
    "CommandTree-invoker",
    "discord-ui-view-dispatch",
    "discord-ui-dynamic-item",
    "discord.py: on_",
)

# Allocations between two collections of the youngest generation (Python's default: 700).
_YOUNG_COLLECTION_EVERY = 2_000

# A cog's answer to a component of its own (by custom_id prefix) that nothing else answers.
ComponentGuard = Callable[[discord.Interaction[Any]], Coroutine[Any, Any, None]]

# How long shutdown waits for commands already running to finish their writes and replies
# (within the 4.5 s `bot.shutdown` allows the whole stop).
_SHUTDOWN_GRACE_SECONDS = 3.0
# ...and, once the gateway is closed, for a handler dispatched meanwhile (bounded: the whole
# stop must end within 5 seconds).
_HANDLERS_AFTER_GATEWAY_GRACE_SECONDS = 0.5


class TierTree(app_commands.CommandTree["TierBot"]):
    """The command tree: one error handler for every command, always an ephemeral reply."""

    def _from_interaction(self, interaction: discord.Interaction[TierBot]) -> None:
        metrics = self.client.metrics
        if metrics is not None and interaction.type is discord.InteractionType.application_command:
            name = qualified_name(interaction.data)
            meter(interaction, lambda seconds: metrics.first_response(name, seconds), name)
        super()._from_interaction(interaction)

    async def on_error(
        self, interaction: discord.Interaction[TierBot], error: app_commands.AppCommandError, /
    ) -> None:
        await reply_with_error(interaction, error)


def qualified_name(data: Any) -> str:
    """ "shortlist add" from a command's payload: the name and its subcommand (group) names,
    as `Command.qualified_name` spells it; bounded by the registered commands."""
    names: list[str] = []
    while isinstance(data, dict) and isinstance(data.get("name"), str):
        names.append(data["name"])
        options = data.get("options") or []
        nested = [option for option in options if option.get("type") in (1, 2)]
        data = nested[0] if nested else None
    return " ".join(names) or "?"


def count_outcome(interaction: discord.Interaction[Any], outcome: str) -> None:
    """Count this interaction once under its command (for a button: the command whose reply
    carries it) with `outcome`: ok, refused (the user was told what to fix) or error."""
    bot = interaction.client
    if not isinstance(bot, TierBot) or bot.metrics is None:
        return
    response = metered(interaction)
    if response is not None:
        if response.outcome is not None:
            return
        response.outcome = outcome
    if interaction.command is not None:
        name = interaction.command.qualified_name
    else:
        name = response.label if response is not None else OTHER_COMPONENT
    bot.metrics.command_finished(name, outcome, seconds_since_arrival(interaction))


async def reply_with_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """Tell the user what went wrong, ephemerally, whatever state the interaction is in."""
    reply = describe_error(error)
    response = metered(interaction)
    command = (
        interaction.command.qualified_name
        if interaction.command
        else (response.label if response is not None else "component")
    )
    count_outcome(interaction, "error" if reply.is_unexpected else "refused")
    bot = interaction.client
    if reply.is_unexpected and isinstance(bot, TierBot) and bot.metrics is not None:
        # By what went wrong, not by discord.py's wrapper around every command's error.
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        bot.metrics.unexpected_error(cause)
    if reply.is_unexpected:
        log.error("Unexpected error in %s (reference %s)", command, reply.reference, exc_info=error)
    else:
        log.debug("User error in %s: %s", command, reply.message)
    await send_ephemeral_error(interaction, reply)


async def send_ephemeral_error(interaction: discord.Interaction[Any], reply: ErrorReply) -> None:
    embed = error_embed(reply)
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(embed=embed, ephemeral=True)
            return
        if interaction.response.type == discord.InteractionResponseType.deferred_channel_message:
            # A public "thinking…" placeholder would turn the error into a public message:
            # remove it, so the error goes only to the person who ran the command.
            original = await interaction.original_response()
            if original.flags.loading and not original.flags.ephemeral:
                await original.delete()
        await interaction.followup.send(embed=embed, ephemeral=True)
    except discord.HTTPException:
        log.warning("Could not deliver an error reply for interaction %s", interaction.id)


def shard_options(plan: ShardPlan) -> dict[str, Any]:
    """Nothing by default: discord.py asks Discord how many shards and serves them all."""
    options: dict[str, Any] = {}
    if plan.count is not None:
        options["shard_count"] = plan.count
    if plan.ids is not None:
        options["shard_ids"] = list(plan.ids)
    return options


class TierBot(commands.AutoShardedBot):
    def __init__(
        self,
        settings: Settings,
        *,
        extensions: Sequence[str] | None = None,
        sync_on_start: bool = True,
    ) -> None:
        # Tierbot never joins voice: silence discord.py's start-up warnings about voice libraries.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        watchdog.install()  # never "did not respond": see bot/watchdog.py
        intents = discord.Intents.none()
        intents.guilds = True  # slash commands need nothing privileged
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            tree_cls=TierTree,
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            chunk_guilds_at_startup=False,
            member_cache_flags=discord.MemberCacheFlags.none(),
            max_messages=None,
            guild_ready_timeout=settings.guild_ready_timeout,
            heartbeat_timeout=settings.heartbeat_timeout,
            http_trace=retry_logging_trace(),  # one line for each 5xx retry, with the wait
            **shard_options(settings.shard_plan),
        )
        # Buttons, menus and modals are metered like commands (METRICS_PORT).
        self._connection._view_store = MeteredViewStore(self._connection, lambda: self.metrics)
        self.settings = settings
        self.shard_plan = settings.shard_plan
        # Exactly one process of a deployment pushes the commands: the one with shard 0.
        self.sync_on_start = sync_on_start and self.shard_plan.syncs_commands
        # Found by name, loaded one by one: a cog that fails is logged and the rest still load.
        self.extension_names = (
            tuple(extensions) if extensions is not None else discover_extensions()
        )
        self.failed_extensions: dict[str, BaseException] = {}
        self._storage: Storage | None = None
        self._schemes: GuildSchemes | None = None
        self._presence: PresenceJournal | None = None
        self._lookups: CreatorLookups | None = None
        # Charts and big spreadsheets run here, off the event loop's GIL.
        self.workers = ProcessWorkers()
        self._retention: GuildDataRetention | None = None
        # Set once READY's work is done (commands were synced before it in setup_hook):
        # guild presence reconciled, retention running.
        self.startup_done = asyncio.Event()
        self.metrics: BotMetrics | None = None  # METRICS_PORT
        self.metrics_server: MetricsServer | None = None
        self.stopping = False
        self._closing: asyncio.Future[None] | None = None
        self._database_lock: DatabaseLock | None = None  # SQLite: one bot per file
        self._component_guards: dict[str, ComponentGuard] = {}

    @property
    def storage(self) -> Storage:
        if self._storage is None:
            raise RuntimeError("storage is opened in setup_hook")
        return self._storage

    @property
    def schemes(self) -> GuildSchemes:
        """Each guild's tier scheme (default `four-tier`; DMs use the default)."""
        if self._schemes is None:
            raise RuntimeError("schemes are set up in setup_hook")
        return self._schemes

    @property
    def presence(self) -> PresenceJournal:
        """Guild joins and leaves, saved in batches."""
        if self._presence is None:
            raise RuntimeError("the presence journal is set up in setup_hook")
        return self._presence

    @property
    def lookups(self) -> CreatorLookups:
        """Creator figures from the platforms' APIs (only platforms with keys configured)."""
        if self._lookups is None:
            raise RuntimeError("lookups are set up in setup_hook")
        return self._lookups

    async def open_storage(self) -> Storage:
        """Open (and migrate) the database; `tierbot run` does it before logging in, so a
        database it cannot use is reported as that, whatever the network is doing."""
        if self._storage is None:
            settings = self.settings
            target = database_target(
                settings.database_url,
                settings.database_path,
                pool_size=settings.database_pool_size,
            )
            if isinstance(target, SqliteTarget):
                if self.shard_plan.is_partial:  # other processes need the same database
                    raise SettingsError(SQLITE_ONE_PROCESS.format(plan=self.shard_plan.describe()))
                self._database_lock = DatabaseLock(target.path)
            storage = await Storage.open_target(target)
            try:
                if self._database_lock is not None:
                    self._database_lock.acquire()
            except StorageError:
                await storage.close()
                raise
            self._storage = storage
        return self._storage

    async def setup_hook(self) -> None:
        await self.open_storage()
        assert self._storage is not None
        self._lookups = CreatorLookups(self.settings, self._storage.lookups)
        self._schemes = GuildSchemes(self._storage.guild_settings)
        # Changes by other processes and the CLI reach this process's cache at once.
        await self._storage.changes.start(self._schemes.forget, self._schemes.forget_all)
        self._presence = PresenceJournal(self._storage.presence)
        for name in self.extension_names:
            try:
                await self.load_extension(name)
            except Exception as exc:  # one broken cog must not take the others down
                self.failed_extensions[name] = exc
                log.exception("Could not load extension %s", name)
        if self.sync_on_start:
            await self.sync_commands(force=False)
        if self.settings.metrics_port is not None:
            await self._serve_metrics(self.settings.metrics_host, self.settings.metrics_port)
        log.info(speedups.in_use())

    async def _serve_metrics(self, host: str, port: int) -> None:
        self.metrics = BotMetrics(self._live_figures)
        # Only with metrics: without a listener discord.py starts no task per command for it.
        self.add_listener(self._count_completion, "on_app_command_completion")
        self.metrics_server = MetricsServer(self.metrics, self.health_problem, host=host, port=port)
        await self.metrics_server.start()

    def _live_figures(self) -> LiveFigures:
        latencies: dict[int, float | None] = dict.fromkeys(self.shard_plan.ids or (), None)
        for shard_id, shard in self.shards.items():
            latencies[shard_id] = None if shard.is_closed() else shard.latency
        database = self._storage.database if self._storage is not None else None
        in_use = getattr(database, "connections_in_use", None)
        return LiveFigures(
            shard_latencies=latencies,
            guilds=len(self.guilds),
            pool_in_use=in_use() if callable(in_use) else None,
        )

    async def health_problem(self) -> str | None:
        """None when every shard of this process is connected and the database answers."""
        figures = self._live_figures()
        down = sorted(shard for shard, value in figures.shard_latencies.items() if value is None)
        if not figures.shard_latencies:
            return "no shard has connected yet"
        if down:
            return f"shard{'s' if len(down) > 1 else ''} {', '.join(map(str, down))} not connected"
        try:
            async with asyncio.timeout(2):
                await self.storage.database.fetch_value("SELECT 1")
        except Exception as exc:
            return f"the database does not answer ({type(exc).__name__})"
        return None

    async def _count_completion(
        self, interaction: discord.Interaction[TierBot], command: Any
    ) -> None:
        count_outcome(interaction, "ok")

    def add_component_guard(self, prefix: str, guard: ComponentGuard) -> None:
        """Run `guard` for every component interaction whose custom_id starts with `prefix`
        (a cog answering its crafted or outdated components, which discord.py drops).

        Instead of an `on_interaction` listener: discord.py starts a task per listener for
        every interaction, commands included, and the benchmark counted those tasks in
        every command's CPU. Here only the components a guard asked for start one."""
        self._component_guards[prefix] = guard

    def remove_component_guard(self, prefix: str) -> None:
        self._component_guards.pop(prefix, None)

    def dispatch(self, event_name: str, /, *args: Any, **kwargs: Any) -> None:
        super().dispatch(event_name, *args, **kwargs)
        if event_name == "interaction" and self._component_guards:
            interaction = args[0]
            if interaction.type is not discord.InteractionType.component:
                return
            data: Any = interaction.data or {}
            custom_id = data.get("custom_id")
            if not isinstance(custom_id, str):
                return
            for prefix, guard in self._component_guards.items():
                if custom_id.startswith(prefix):
                    # Named like a listener's task, so shutdown waits for it the same way.
                    self._schedule_event(guard, "on_interaction", interaction)

    async def sync_commands(self, *, force: bool, guild_id: int | None = None) -> bool:
        """Sync to `guild_id`, else DEV_GUILD_ID, else globally; skipped when unchanged."""
        assert self.application_id is not None  # login fetches it before setup_hook
        return await sync_commands(
            self.tree,
            self.storage.command_sync,
            application_id=self.application_id,
            guild_id=guild_id if guild_id is not None else self.settings.dev_guild_id,
            force=force,
        )

    async def on_ready(self) -> None:
        log.info("Ready as %s in %d guilds", self.user, len(self.guilds))
        try:
            # A READY that arrives while shutting down (a re-identify during the stop) writes
            # nothing: the database may close under it, and the next start reconciles anyway.
            if self._storage is not None and not self.stopping:
                await self._reconcile_presence()
        finally:
            # What start-up built (modules, commands, the guild cache, settings) lives as
            # long as the process: out of the collector's sight, a full collection scans
            # only what came after. The benchmark measured full collections at ~65 ms each
            # before, 10 ms after, several times per 4,000 commands.
            gc.freeze()
            # A command allocates hundreds of objects, so the default (a young collection
            # every 700) ran one every command or two, and objects of the commands in flight
            # survived into older generations: collections took 5.5% of the bot's CPU under
            # /help and /classify loads at 700, 2.6% at 10,000. But a collection of 10,000
            # young objects pauses every interaction in flight (up to 7 ms, and its middle
            # generation 11 ms), which showed in the p99: against the same-payload bot, /help's
            # p99 was 1.6-1.8x at 10,000 and 1.1-1.15x at 700 and at 2,000 (6,000 interactions
            # each, with the same CPU per interaction), so 2,000.
            gc.set_threshold(_YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])
            self.startup_done.set()

    async def _reconcile_presence(self) -> None:
        present = [guild.id for guild in self.guilds]
        await self.storage.presence.mark_present(present)
        # Removed while the bot was offline: no GUILD_DELETE came, READY just omits them.
        # A process serving some shards leaves the other processes' guilds alone.
        owned = self.shard_plan.owns if self.shard_plan.is_partial else None
        for guild_id in await self.storage.presence.mark_absent_except(present, only=owned):
            log.info("Guild %s removed the bot while it was offline", guild_id)
        if self.stopping or self.is_closed():  # shutting down while READY was handled
            return
        # After READY, so a guild that added the bot back while it was offline is marked
        # present before anything is purged.
        self._retention = self._retention or GuildDataRetention(
            self.storage,
            self.schemes,
            retention_days=self.settings.guild_data_retention_days,
        )
        self._retention.start()

    async def on_guild_join(self, guild: discord.Guild) -> None:
        self.presence.record(guild.id, present=True)

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        self.presence.record(guild.id, present=False)

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        error = sys.exc_info()[1]  # discord.py calls on_error inside its except block
        log.error("Unhandled error in event %s", event_method, exc_info=error)
        if self.metrics is not None and error is not None:
            self.metrics.unexpected_error(error)

    async def close(self) -> None:
        # Once, however many callers (a signal, the runner, a test): closing the database
        # twice at once would hang in aiosqlite.
        if self._closing is None:
            self._closing = asyncio.ensure_future(self._close_once())
        await self._closing

    async def _close_once(self) -> None:
        # Commands already running finish first, while the gateway and the HTTP session are
        # still open, so their replies reach the user and their writes are complete.
        self.stopping = True  # on_ready starts nothing from here on
        if self._retention is not None:
            await self._retention.stop()
        await self._wait_for_running_commands()
        await close_gateway(super().close())
        # An event handler dispatched while the gateway was closing finishes before the
        # database closes under it.
        await self._wait_for_running_commands(grace=_HANDLERS_AFTER_GATEWAY_GRACE_SECONDS)
        if self.metrics_server is not None:
            await self.metrics_server.stop()
        await self.workers.close()
        if self._lookups is not None:
            await self._lookups.close()
        if self._presence is not None:
            await self._presence.flush()
        if self._storage is not None:
            await self._storage.close()
            self._storage = None
        if self._database_lock is not None:
            self._database_lock.release()

    async def _wait_for_running_commands(self, grace: float = _SHUTDOWN_GRACE_SECONDS) -> None:
        # The gateway is still open while they finish, so a command can arrive meanwhile:
        # look again until none is left or the grace is spent.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        logged = False
        while (left := deadline - loop.time()) > 0:
            running = [
                task
                for task in asyncio.all_tasks()
                if task is not asyncio.current_task()
                and task.get_name().startswith(_TASKS_FINISHED_AT_SHUTDOWN)
            ]
            if not running:
                return
            if not logged:
                log.info("Waiting for %d running commands and event handlers", len(running))
                logged = True
            await asyncio.wait(running, timeout=left)
