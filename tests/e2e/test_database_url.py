"""`tierbot run` with a DATABASE_URL that cannot be used stops with one line naming the
setting and the host: never a traceback, never the password."""

from __future__ import annotations

import asyncio
import struct
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.exit_codes import ExitCode
from bot.playground.emulator import Emulator
from storage.target import PostgresTarget
from tests.backends import ScratchPostgres, admin_url, with_database
from tests.e2e.processes import bot_environment, run_cli

PASSWORD = "pa55-never-printed"
SSL_REQUEST = 80877103


async def start_up_fails(emulator: Emulator, tmp_path: Path, database_url: str) -> str:
    """`tierbot run` with this DATABASE_URL: it must stop with the database's exit status,
    in one line, without a traceback or the password; that line."""
    env = bot_environment(
        emulator, tmp_path / "unused.sqlite3", DATABASE_URL=database_url, LOG_LEVEL="WARNING"
    )
    result = await asyncio.to_thread(run_cli, "run", cwd=tmp_path, env=env)
    output = result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in output and PASSWORD not in output, output
    assert len(lines) == 1, output
    assert emulator.gateway.identifies == 0, "it connected to Discord before refusing"
    return lines[0]


async def _refuse_the_password(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Just enough of PostgreSQL's protocol to ask for a password and reject it (28P01), as a
    server with password authentication does (the project's test server trusts everyone)."""
    try:
        while True:
            length, code = struct.unpack("!ii", await reader.readexactly(8))
            await reader.readexactly(length - 8)
            if code != SSL_REQUEST:
                break
            writer.write(b"N")  # no TLS here: go on in plain text
        writer.write(b"R" + struct.pack("!ii", 8, 3))  # AuthenticationCleartextPassword
        await reader.readexactly(1)  # "p": the password message
        (length,) = struct.unpack("!i", await reader.readexactly(4))
        await reader.readexactly(length - 4)
        fields = b"".join(
            kind + text.encode() + b"\0"
            for kind, text in (
                (b"S", "FATAL"),
                (b"V", "FATAL"),
                (b"C", "28P01"),
                (b"M", 'password authentication failed for user "tierbot"'),
            )
        )
        writer.write(b"E" + struct.pack("!i", len(fields) + 5) + fields + b"\0")
        await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


@pytest.fixture
async def password_server() -> AsyncIterator[int]:
    server = await asyncio.start_server(_refuse_the_password, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


async def test_a_wrong_password_stops_start_up_in_one_line(
    emulator: Emulator, tmp_path: Path, password_server: int
) -> None:
    line = await start_up_fails(
        emulator, tmp_path, f"postgresql://tierbot:{PASSWORD}@127.0.0.1:{password_server}/teams"
    )

    assert line == (
        f"Cannot open the database: DATABASE_URL: PostgreSQL at 127.0.0.1:{password_server}/"
        "teams: the server refused the user name or password"
    )


async def test_an_unknown_database_stops_start_up_in_one_line(
    emulator: Emulator, tmp_path: Path, postgres_scratch: ScratchPostgres
) -> None:
    missing = with_database(admin_url(), "tierbot_no_such_database")
    where = PostgresTarget(missing).where

    line = await start_up_fails(emulator, tmp_path, missing)

    assert line == (
        f"Cannot open the database: DATABASE_URL: PostgreSQL at {where}: the database does "
        "not exist (create it with createdb)"
    )


@pytest.mark.parametrize(
    ("database_url", "expected"),
    [
        (
            f"mysql://tierbot:{PASSWORD}@db.internal/teams",
            "Invalid setting DATABASE_URL: the URL for db.internal must start with "
            "postgresql:// (e.g. postgresql://"
            "tierbot@db.internal:5432/tierbot) or sqlite:/// (e.g. sqlite:///./tierbot.sqlite3).",
        ),
        (
            f"postgresql://tierbot:{PASSWORD}@db.internal:port/teams",
            "Invalid setting DATABASE_URL: the port for db.internal must be a number from 1 "
            "to 65535.",
        ),
    ],
)
async def test_a_bad_url_stops_start_up_in_one_line(
    emulator: Emulator, tmp_path: Path, database_url: str, expected: str
) -> None:
    assert await start_up_fails(emulator, tmp_path, database_url) == expected


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
