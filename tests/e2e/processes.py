"""Running `tierbot` as a real process against the in-test emulator."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from bot.playground.emulator import Emulator
from bot.playground.emulator.snowflakes import new_snowflake


def bot_environment(emulator: Emulator, database_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DISCORD_", "DATABASE_", "DEV_GUILD", "LOG_LEVEL"))
    }
    env.update(
        DISCORD_TOKEN=emulator.token,
        DATABASE_PATH=str(database_path),
        DISCORD_API_BASE=emulator.rest_url,
        DISCORD_GATEWAY_URL=emulator.gateway_url,
        GUILD_READY_TIMEOUT="0.05",
        LOG_LEVEL="DEBUG",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


class BotProcess:
    """`tierbot run` in a subprocess. Its output goes to files, not pipes, so a verbose run can
    never block on a full pipe that nobody reads."""

    def __init__(self, process: asyncio.subprocess.Process, stdout: Path, stderr: Path) -> None:
        self._process = process
        self._stdout = stdout
        self._stderr = stderr

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def returncode(self) -> int | None:
        return self._process.returncode

    def send_signal(self, signal_number: int) -> None:
        self._process.send_signal(signal_number)

    def kill(self) -> None:
        self._process.kill()

    async def wait(self) -> int:
        return await self._process.wait()

    def stderr_text(self) -> str:
        """What it has written to stderr so far."""
        return self._stderr.read_text(errors="replace")

    async def communicate(self) -> tuple[bytes, bytes]:
        """Wait for the process to end; everything it wrote to stdout and stderr."""
        await self._process.wait()
        return self._stdout.read_bytes(), self._stderr.read_bytes()


async def spawn_bot_process(
    emulator: Emulator, database_path: Path, cwd: Path, *args: str, **extra: str
) -> BotProcess:
    """`tierbot run` (or `tierbot ARGS`), started and not waited for."""
    run = new_snowflake()
    stdout_path = cwd / f"bot-{run}.stdout.log"
    stderr_path = cwd / f"bot-{run}.stderr.log"
    with stdout_path.open("wb") as stdout, stderr_path.open("wb") as stderr:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *(args or ("run",)),
            cwd=cwd,
            env=bot_environment(emulator, database_path, **extra),
            stdout=stdout,
            stderr=stderr,
        )
    return BotProcess(process, stdout_path, stderr_path)


async def start_bot_process(
    emulator: Emulator, database_path: Path, cwd: Path, **extra: str
) -> BotProcess:
    """`tierbot run`, returned once it has identified and registered its commands."""
    identifies = emulator.gateway.identifies
    bot = await spawn_bot_process(emulator, database_path, cwd, **extra)
    async with asyncio.timeout(30):
        while emulator.gateway.identifies == identifies or not any(
            emulator.registered(None).values()
        ):
            if bot.returncode is not None:
                raise RuntimeError(
                    f"tierbot exited early with {bot.returncode}: {bot.stderr_text()[-2000:]}"
                )
            await asyncio.sleep(0.02)
    return bot


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
