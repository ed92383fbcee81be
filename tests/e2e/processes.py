"""Running `tierbot` as a real process against the in-test emulator."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from bot.playground.emulator import Emulator


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


async def start_bot_process(
    emulator: Emulator, database_path: Path, cwd: Path, **extra: str
) -> asyncio.subprocess.Process:
    identifies = emulator.gateway.identifies
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=cwd,
        env=bot_environment(emulator, database_path, **extra),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    async with asyncio.timeout(30):
        while emulator.gateway.identifies == identifies or not any(
            emulator.registered(None).values()
        ):
            if process.returncode is not None:
                raise RuntimeError(f"tierbot exited early with {process.returncode}")
            await asyncio.sleep(0.02)
    return process


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
