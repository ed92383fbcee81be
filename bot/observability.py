"""Operating several processes: Prometheus text at /metrics and a health check at /healthz.

The registry belongs to the bot (never prometheus_client's global one, so two bots in one
process, or a reloaded module, never register a metric twice), and the aiohttp server runs
in the bot's own event loop: it starts in setup_hook and closes with the bot. Off unless
METRICS_PORT is set.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.config import SettingsError

log = logging.getLogger(__name__)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Discord's rule is a first response within 3 seconds: buckets around it.
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 5.0, 10.0)


@dataclass(frozen=True, slots=True)
class LiveFigures:
    """Read at each scrape from the running bot."""

    shard_latencies: dict[int, float | None]  # shard id -> gateway latency; None: not connected
    guilds: int
    pool_in_use: int | None  # None: no pool (SQLite)


class _LiveCollector(Collector):
    def __init__(self, read: Callable[[], LiveFigures]) -> None:
        self._read = read

    def collect(self) -> Iterable[Metric]:
        figures = self._read()
        connected = GaugeMetricFamily(
            "tierbot_shards_connected", "Shards of this process connected to the gateway"
        )
        connected.add_metric(
            [], sum(1 for value in figures.shard_latencies.values() if value is not None)
        )
        yield connected
        expected = GaugeMetricFamily("tierbot_shards", "Shards this process serves")
        expected.add_metric([], len(figures.shard_latencies))
        yield expected
        latency = GaugeMetricFamily(
            "tierbot_gateway_latency_seconds", "Heartbeat round trip per shard", labels=["shard"]
        )
        for shard, value in sorted(figures.shard_latencies.items()):
            if value is not None:
                latency.add_metric([str(shard)], value)
        yield latency
        guilds = GaugeMetricFamily("tierbot_guilds", "Servers on this process's shards")
        guilds.add_metric([], figures.guilds)
        yield guilds
        if figures.pool_in_use is not None:
            pool = GaugeMetricFamily(
                "tierbot_db_pool_in_use", "PostgreSQL connections checked out of the pool"
            )
            pool.add_metric([], figures.pool_in_use)
            yield pool


class BotMetrics:
    """Every metric of one bot, in its own registry."""

    def __init__(self, read_live: Callable[[], LiveFigures]) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.interactions = Counter(
            "tierbot_interactions",
            "Slash commands and buttons handled, by command and outcome "
            "(ok, refused: the user was told what to fix, error: unexpected)",
            ["command", "outcome"],
            registry=self.registry,
        )
        self.first_response_seconds = Histogram(
            "tierbot_first_response_seconds",
            "From a command's arrival to Discord accepting its first response (reply, defer "
            "or modal); Discord shows 'did not respond' past 3 seconds",
            ["command"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.command_seconds = Histogram(
            "tierbot_command_seconds",
            "From a command's arrival to its handler finishing (after a defer, the follow-up)",
            ["command"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.errors = Counter(
            "tierbot_errors",
            "Unexpected errors by exception type",
            ["type"],
            registry=self.registry,
        )
        self.registry.register(_LiveCollector(read_live))

    def command_finished(self, command: str, outcome: str, seconds: float | None) -> None:
        self.interactions.labels(command=command, outcome=outcome).inc()
        if seconds is not None and seconds >= 0:
            self.command_seconds.labels(command=command).observe(seconds)

    def first_response(self, command: str, seconds: float) -> None:
        self.first_response_seconds.labels(command=command).observe(seconds)

    def unexpected_error(self, error: BaseException) -> None:
        self.errors.labels(type=type(error).__name__).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)


HealthCheck = Callable[[], Awaitable[str | None]]  # None: healthy; else the reason


class MetricsServer:
    """aiohttp in the bot's loop: GET /metrics and GET /healthz."""

    def __init__(self, metrics: BotMetrics, health: HealthCheck, *, host: str, port: int) -> None:
        self._metrics = metrics
        self._health = health
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self.port: int | None = None  # the bound port (METRICS_PORT=0 picks a free one)

    async def start(self) -> None:
        app = web.Application()
        app.add_routes(
            [web.get("/metrics", self._serve_metrics), web.get("/healthz", self._serve_health)]
        )
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, self._host, self._port)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            raise MetricsPortError(
                f"METRICS_PORT: cannot listen on {self._host}:{self._port} "
                f"({exc.strerror or type(exc).__name__})"
            ) from None
        self._runner = runner
        sockets = getattr(site._server, "sockets", None) or []
        self.port = int(sockets[0].getsockname()[1]) if sockets else self._port
        log.info("Serving /metrics and /healthz on %s:%s", self._host, self.port)

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _serve_metrics(self, request: web.Request) -> web.Response:
        body = self._metrics.render()  # reads the bot's live state: in the bot's loop
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})

    async def _serve_health(self, request: web.Request) -> web.Response:
        problem = await self._health()
        if problem is None:
            return web.Response(text="ok\n")
        return web.Response(status=503, text=f"unhealthy: {problem}\n")


class MetricsPortError(SettingsError):
    """The metrics port could not be opened; one line naming METRICS_PORT."""
