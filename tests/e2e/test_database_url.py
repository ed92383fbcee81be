"""`tierbot run` with a DATABASE_URL that cannot be used stops with one line naming the
setting and the host: never a traceback, never the password."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.exit_codes import ExitCode
from bot.playground.emulator import Emulator
from tests.e2e.processes import bot_environment, run_cli

PASSWORD = "pa55-never-printed"


async def test_a_refused_postgresql_stops_start_up_in_one_line(
    emulator: Emulator, tmp_path: Path
) -> None:
    env = bot_environment(
        emulator,
        tmp_path / "unused.sqlite3",
        DATABASE_URL=f"postgresql://tierbot:{PASSWORD}@127.0.0.1:1/teams",
        LOG_LEVEL="WARNING",
    )

    result = await asyncio.to_thread(run_cli, "run", cwd=tmp_path, env=env)

    output = result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == ExitCode.DATABASE
    assert lines[-1] == (
        "Cannot open the database: DATABASE_URL: PostgreSQL at 127.0.0.1:1/teams: the "
        "connection was refused (is PostgreSQL running and listening there?)"
    )
    assert "Traceback" not in output and PASSWORD not in output


async def test_shards_on_sqlite_are_refused_before_connecting(
    emulator: Emulator, tmp_path: Path
) -> None:
    env = bot_environment(
        emulator, tmp_path / "bot.sqlite3", SHARD_COUNT="2", SHARD_IDS="0", LOG_LEVEL="WARNING"
    )

    result = await asyncio.to_thread(run_cli, "run", cwd=tmp_path, env=env)

    assert result.returncode == ExitCode.CONFIG
    assert result.stderr.strip().startswith("SHARD_IDS shard 0 of 2 means other Tierbot")
    assert emulator.gateway.identifies == 0, "it connected before refusing"
