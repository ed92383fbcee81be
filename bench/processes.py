"""The processes a benchmark run starts: the emulator (driven over its control API) and a bot.

Every process is started by the driver and stopped by its own pid; output is drained
continuously so a chatty bot never blocks on a full pipe.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import sys
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
# discord.py waits this long after the last GUILD_CREATE before on_ready; its 2 s default is a
# constant pause, not work, so both bots get the short value the e2e tests use.
GUILD_READY_TIMEOUT = "0.05"
READY_MARKER = "Ready as"


class BenchProcessError(RuntimeError):
    """A process of the run failed; the message carries the end of its output."""


def rss_kib(pid: int) -> int:
    """Resident memory of a process in KiB (VmRSS from /proc/<pid>/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise BenchProcessError(f"no VmRSS for pid {pid}")


_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (from /proc/<pid>/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


@dataclass(eq=False)
class Emulator:
    """The emulator process and a client for its control API."""

    process: asyncio.subprocess.Process
    info: dict[str, str]
    session: aiohttp.ClientSession
    output: deque[str] = field(default_factory=lambda: deque(maxlen=200))
    _drain: asyncio.Task[None] | None = None

    @classmethod
    async def start(cls, guild: str = "Bench") -> Emulator:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.emulator_process",
            "--guild",
            guild,
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        assert process.stdout is not None
        async with asyncio.timeout(30):
            line = await process.stdout.readline()
        if not line.startswith(b"{"):
            rest = await process.stdout.read()
            raise BenchProcessError(f"the emulator did not start:\n{(line + rest).decode()}")
        info = json.loads(line)
        emulator = cls(process, info, aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(600)))
        emulator._drain = asyncio.create_task(_drain(process.stdout, emulator.output))
        return emulator

    async def stop(self) -> None:
        await self.session.close()
        await _terminate(self.process)
        if self._drain is not None:
            await self._drain

    async def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        url = f"{self.info['base_url']}/_control/{path}"
        async with self.session.request(method, url, json=body) as response:
            if response.status >= 400:
                raise BenchProcessError(
                    f"{method} {path} -> {response.status}: {await response.text()}"
                )
            return await response.json()

    async def state(self) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("GET", "state")
        return result

    async def guild_id(self, name: str = "Bench") -> int:
        for guild in (await self.state())["guilds"]:
            if guild["name"] == name:
                return int(guild["id"])
        raise BenchProcessError(f"no guild {name!r}")

    async def add_guilds(self, count: int) -> float:
        result = await self._call("POST", "guilds", {"count": count, "prefix": "Joined"})
        return float(result["seconds"])

    async def wait_started(
        self, identifies_above: int, syncs_above: int, timeout: float = 60.0
    ) -> tuple[float, float]:
        """Wall-clock times at which the bot identified and its commands were synced."""
        result = await self._call(
            "POST",
            "wait",
            {"identifies_above": identifies_above, "syncs_above": syncs_above, "timeout": timeout},
        )
        return float(result["identified_at"]), float(result["synced_at"])

    async def invoke(
        self,
        line: str,
        *,
        role: str = "member",
        files: dict[str, bytes] | None = None,
        raw: bool = False,
    ) -> dict[str, Any]:
        """One command; with `raw`, the result also holds every body and file the bot sent."""
        result: dict[str, Any] = await self._call(
            "POST",
            "invoke",
            {
                "line": line,
                "actor": {"role": role},
                "files": _encoded(files),
                "timeout": 60,
                "raw": raw,
            },
        )
        return result

    async def load(
        self,
        line: str | Sequence[str],
        *,
        count: int,
        concurrency: int,
        role: str = "member",
        files: dict[str, bytes] | None = None,
    ) -> dict[str, Any]:
        result: dict[str, Any] = await self._call(
            "POST",
            "load",
            {
                "line": line if isinstance(line, str) else list(line),
                "count": count,
                "concurrency": concurrency,
                "actor": {"role": role},
                "files": _encoded(files),
                "timeout": 60,
            },
        )
        return result


@dataclass(eq=False)
class Bot:
    """A bot under test as a real process, aimed at the emulator through its settings."""

    name: str
    process: asyncio.subprocess.Process
    started_at: float  # wall clock, just before the process was spawned
    output: deque[str] = field(default_factory=lambda: deque(maxlen=400))
    ready_at: float | None = None  # wall clock when the bot logged READY_MARKER
    _ready: asyncio.Event = field(default_factory=asyncio.Event)
    _drain: asyncio.Task[None] | None = None

    @classmethod
    async def start(
        cls,
        name: str,
        module: Sequence[str],
        emulator: Emulator,
        database: Path,
        **extra_env: str,
    ) -> Bot:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DISCORD_", "DATABASE_", "DEV_GUILD", "LOG_LEVEL"))
        }
        env.update(
            DISCORD_TOKEN=emulator.info["token"],
            DATABASE_PATH=str(database),
            DISCORD_API_BASE=emulator.info["rest_url"],
            DISCORD_GATEWAY_URL=emulator.info["gateway_url"],
            GUILD_READY_TIMEOUT=GUILD_READY_TIMEOUT,
            LOG_LEVEL="INFO",
            PYTHONUNBUFFERED="1",
            # The bot runs in the database's folder (no stray .env); bench/ must still import.
            PYTHONPATH=os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))),
        )
        env.update(extra_env)
        started_at = time.time()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            *module,
            cwd=database.parent,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        bot = cls(name, process, started_at)
        assert process.stdout is not None
        bot._drain = asyncio.create_task(bot._read(process.stdout))
        return bot

    async def _read(self, stream: asyncio.StreamReader) -> None:
        while line := await stream.readline():
            text = line.decode(errors="replace").rstrip()
            if self.ready_at is None and READY_MARKER in text:
                self.ready_at = time.time()
                self._ready.set()
            self.output.append(text)
        self._ready.set()  # the process ended: wake whoever waits

    async def wait_ready(self, timeout: float = 60.0) -> float:
        """Seconds from spawning the process to its "Ready as" log line."""
        try:
            async with asyncio.timeout(timeout):
                await self._ready.wait()
        except TimeoutError:
            raise BenchProcessError(self.describe("was not ready in time")) from None
        if self.ready_at is None:
            raise BenchProcessError(self.describe("exited before it was ready"))
        return self.ready_at - self.started_at

    def rss_kib(self) -> int:
        return rss_kib(self.process.pid)

    def describe(self, problem: str) -> str:
        tail = "\n".join(list(self.output)[-30:])
        return f"{self.name} {problem}; its last output:\n{tail}"

    def errors(self) -> list[str]:
        return [line for line in self.output if " ERROR " in line or "Traceback" in line]

    async def stop(self) -> None:
        await _terminate(self.process)
        if self._drain is not None:
            await self._drain


TIERBOT = ("bot", "run")
BASELINE = ("bench.baseline_bot",)


async def _drain(stream: asyncio.StreamReader, into: deque[str]) -> None:
    while line := await stream.readline():
        into.append(line.decode(errors="replace").rstrip())


async def _terminate(process: asyncio.subprocess.Process, grace: float = 10.0) -> None:
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        try:
            async with asyncio.timeout(grace):
                await process.wait()
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


def _encoded(files: dict[str, bytes] | None) -> dict[str, str] | None:
    if not files:
        return None
    return {name: base64.b64encode(data).decode() for name, data in files.items()}
