"""Process and disk faults, with `tierbot run` as a real process.

* SIGKILL in the middle of shortlist writes: after a restart every write the user saw
  confirmed is there, an import is all or nothing, and `tierbot db check` is clean.
* A database that is read-only (the file, or its folder), on a full disk, or corrupt: start-up
  stops with one line that names the file, and the file's bytes are unchanged.

A disk that fills up while the bot runs: the writes get an error reply, reads keep working,
and writes work again once there is room.

Making a file read-only for root (who ignores permission bits) or filling a disk needs a
mount: a read-only bind mount, or a tiny tmpfs. Those tests run where mounting is allowed
(root with CAP_SYS_ADMIN, as in the project's container) and are skipped elsewhere, except
the read-only cases, which fall back to chmod for a normal user.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.playground.emulator import Emulator, FileArgument, Interaction
from bot.playground.emulator.spec import SpecValidator
from bot.playground.local import LocalBot, settings_for
from storage.store import Storage
from tests.e2e.conftest import LogCollector
from tests.e2e.processes import bot_environment, run_cli, start_bot_process

pytestmark = pytest.mark.slow

# ---------------------------------------------------------------- helpers


async def run_until_exit(
    emulator: Emulator, database: Path, cwd: Path, timeout: float = 30.0
) -> tuple[int, str]:
    """`tierbot run` that is expected to stop by itself: its exit status and stderr."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=cwd,
        env=bot_environment(emulator, database, LOG_LEVEL="WARNING"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        process.kill()
        await process.communicate()
        raise AssertionError(f"tierbot kept running on {database}") from None
    assert process.returncode is not None
    return process.returncode, stderr.decode()


def assert_one_clear_line(status: int, stderr: str, database: Path, *reasons: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert status != 0, "tierbot started on a database it cannot use"
    assert len(lines) == 1, f"expected one line, got:\n{stderr}"
    assert str(database) in lines[0], f"the line does not name the file: {lines[0]}"
    assert any(reason in lines[0] for reason in reasons), lines[0]


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


def _can_mount(scratch: Path) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = scratch / "mount-probe"
    probe.mkdir(exist_ok=True)
    try:
        _mount("-t", "tmpfs", "-o", "size=16k", "tmpfs", str(probe))
    except (subprocess.CalledProcessError, OSError):
        return False
    subprocess.run(["umount", str(probe)], check=False)
    return True


@contextlib.contextmanager
def read_only(path: Path, scratch: Path) -> Iterator[None]:
    """`path` (a file or a folder) read-only: a read-only bind mount for root, else chmod."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if not _can_mount(scratch):
        pytest.skip("root ignores permission bits and mounting is not allowed here")
    _mount("--bind", str(path), str(path))
    try:
        _mount("-o", "remount,bind,ro", str(path))
        yield
    finally:
        subprocess.run(["umount", str(path)], check=False)


@contextlib.contextmanager
def full_disk(folder: Path, scratch: Path) -> Iterator[Path]:
    """A 512 KiB tmpfs on `folder`; fill it with `fill_up` when the test is ready.

    `fill_up` takes whatever is free, so the size only has to leave the migrated database,
    its WAL and shared-memory file room to recover once the filler is gone (256 KiB stopped
    being enough at the fourth migration)."""
    if not _can_mount(scratch):
        pytest.skip("a full disk is simulated with a tiny tmpfs, and mounting is not allowed")
    folder.mkdir(exist_ok=True)
    _mount("-t", "tmpfs", "-o", "size=512k", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def fill_up(folder: Path) -> None:
    descriptor = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(descriptor, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def real_database(emulator: Emulator, folder: Path, name: str = "tierbot.sqlite3") -> Path:
    """A migrated database with some rows in it, written by `tierbot db migrate`."""
    path = folder / name
    result = run_cli("db", "migrate", cwd=folder, env=bot_environment(emulator, path))
    assert result.returncode == 0, result.stderr
    return path


# ---------------------------------------------------------------- SIGKILL mid-write


async def _add(emulator: Emulator, actor: object, number: int) -> Interaction:
    return await emulator.send_options(
        ["shortlist", "add"],
        {"name": "Crash", "handle": f"@creator{number}", "platform": "tiktok", "followers": "9k"},
        actor=actor,  # type: ignore[arg-type]
    )


async def _stored_handles(database: Path, guild_id: int, list_name: str) -> set[str]:
    storage = await Storage.open(database)
    try:
        shortlist = await storage.shortlists.find(guild_id, list_name)
        if shortlist is None:
            return set()
        entries = await storage.shortlists.entries(guild_id, shortlist.id)
        return {entry.handle.lstrip("@") for entry in entries}
    finally:
        await storage.close()


async def test_sigkill_in_the_middle_of_writes_keeps_every_acknowledged_one(
    emulator: Emulator, tmp_path: Path
) -> None:
    guild = emulator.add_guild()
    member = emulator.member(guild)
    database = tmp_path / "tierbot.sqlite3"
    process = await start_bot_process(emulator, database, tmp_path, LOG_LEVEL="WARNING")
    created = await emulator.invoke("/shortlist create name:Crash", actor=member)
    assert "Created" in created.text()

    in_flight = [await _add(emulator, member, number) for number in range(1, 121)]
    async with asyncio.timeout(20):
        while sum(reply.settled for reply in in_flight) < 30:
            await asyncio.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    await process.wait()
    acknowledged = {
        str(reply.payload["data"]["options"][0]["options"][1]["value"]).lstrip("@")
        for reply in in_flight
        if reply.settled and "Added to the shortlist" in reply.text()
    }

    check = run_cli("db", "check", cwd=tmp_path, env=bot_environment(emulator, database))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "integrity: ok" in check.stdout
    stored = await _stored_handles(database, guild.id, "Crash")
    assert len(acknowledged) >= 30
    assert acknowledged <= stored, f"lost after SIGKILL: {sorted(acknowledged - stored)}"

    restarted = await start_bot_process(emulator, database, tmp_path, LOG_LEVEL="WARNING")
    try:
        shown = await emulator.invoke("/shortlist show name:Crash", actor=member)
        again = await _add(emulator, member, 1)
        await again.wait_settled(10)
    finally:
        restarted.send_signal(signal.SIGTERM)
        await asyncio.wait_for(restarted.communicate(), 30)
    assert f"· {len(stored)} creators ·" in shown.text()
    assert "Already there" in again.text() or "already" in again.text().lower()


async def test_sigkill_during_an_import_leaves_all_of_it_or_none(
    emulator: Emulator, tmp_path: Path
) -> None:
    guild = emulator.add_guild()
    member = emulator.member(guild)
    database = tmp_path / "tierbot.sqlite3"
    process = await start_bot_process(emulator, database, tmp_path, LOG_LEVEL="WARNING")
    await emulator.invoke("/shortlist create name:Crash", actor=member)
    rows = "".join(f"@bulk{number},tiktok,{number}k\n" for number in range(1, 1000))
    upload = FileArgument("bulk.csv", f"handle,platform,followers\n{rows}".encode())

    reply = await emulator.send_options(
        ["shortlist", "import"], {"name": "Crash", "file": upload}, actor=member
    )
    async with asyncio.timeout(10):
        while reply.callback_type is None:  # deferred: the import is under way
            await asyncio.sleep(0.001)
    process.send_signal(signal.SIGKILL)
    await process.wait()

    check = run_cli("db", "check", cwd=tmp_path, env=bot_environment(emulator, database))
    assert check.returncode == 0, check.stdout + check.stderr
    stored = await _stored_handles(database, guild.id, "Crash")
    assert len(stored) in (0, 999), f"a partial import survived the crash: {len(stored)} rows"
    if reply.settled and "Imported" in reply.text():
        assert len(stored) == 999, "a confirmed import was lost"


# ---------------------------------------------------------------- unusable databases


@pytest.mark.parametrize("what", ["file", "folder"])
async def test_a_read_only_database_stops_start_up_with_one_line(
    emulator: Emulator, tmp_path: Path, what: str
) -> None:
    emulator.add_guild()
    folder = tmp_path / "data"
    folder.mkdir()
    database = real_database(emulator, folder)
    before = database.read_bytes()

    with read_only(database if what == "file" else folder, tmp_path):
        status, stderr = await run_until_exit(emulator, database, tmp_path)

    assert_one_clear_line(status, stderr, database, "read-only", "cannot open the file")
    assert database.read_bytes() == before


@pytest.mark.parametrize("existing", [True, False], ids=["existing-file", "new-file"])
async def test_a_full_disk_stops_start_up_with_one_line(
    emulator: Emulator, tmp_path: Path, existing: bool
) -> None:
    emulator.add_guild()
    source = real_database(emulator, tmp_path)
    with full_disk(tmp_path / "disk", tmp_path) as disk:
        database = disk / "tierbot.sqlite3"
        if existing:
            shutil.copy(source, database)
        fill_up(disk)
        before = database.read_bytes() if existing else None

        status, stderr = await run_until_exit(emulator, database, tmp_path)

        assert_one_clear_line(status, stderr, database, "disk is full")
        if before is not None:
            assert database.read_bytes() == before


def _mangled(data: bytes) -> bytes:
    """A real database with one page in the middle overwritten."""
    middle = (len(data) // 2) // 4096 * 4096
    return data[:middle] + bytes(range(256)) * 16 + data[middle + 4096 :]


@pytest.mark.parametrize(
    "damage",
    ["random-bytes", "truncated", "mangled-page", "text-file"],
)
async def test_a_corrupt_database_stops_start_up_with_one_line(
    emulator: Emulator, tmp_path: Path, damage: str
) -> None:
    emulator.add_guild()
    database = real_database(emulator, tmp_path)
    with sqlite3.connect(database) as connection:  # enough rows for several pages
        connection.executemany(
            "INSERT INTO guild_presence (guild_id, joined_at) VALUES (?, 'x')",
            [(number,) for number in range(1, 20_000)],
        )
    connection.close()
    run_cli("db", "check", cwd=tmp_path, env=bot_environment(emulator, database))
    data = database.read_bytes()
    damaged = {
        "random-bytes": os.urandom(len(data)),
        "truncated": data[: len(data) * 2 // 3],
        "mangled-page": _mangled(data),
        "text-file": b"guild_id,joined_at\n1,2024-01-01\n" * 100,
    }[damage]
    database.write_bytes(damaged)
    for leftover in (Path(f"{database}-wal"), Path(f"{database}-shm")):
        leftover.unlink(missing_ok=True)

    status, stderr = await run_until_exit(emulator, database, tmp_path)

    assert_one_clear_line(status, stderr, database, "corrupt", "not a SQLite database")
    assert database.read_bytes() == damaged, "start-up changed the damaged file"


async def test_a_disk_that_fills_up_while_running_refuses_writes_and_recovers(
    spec_validator: SpecValidator | None, log_collector: LogCollector, tmp_path: Path
) -> None:
    with full_disk(tmp_path / "disk", tmp_path) as disk:
        emulator = Emulator(spec=spec_validator, heartbeat_interval=5.0)
        await emulator.start()
        guild = emulator.add_guild()
        local = LocalBot(emulator, settings_for(emulator, disk / "tierbot.sqlite3"))
        await local.start()
        member = emulator.member(guild)
        try:
            await emulator.invoke("/shortlist create name:Disk", actor=member)
            await emulator.invoke(
                "/shortlist add name:Disk handle:@before platform:tiktok", actor=member
            )
            fill_up(disk)
            refused = [
                await emulator.invoke(
                    f"/shortlist add name:Disk handle:@during{number} platform:tiktok "
                    f"notes:{'n' * 400}",
                    actor=member,
                )
                for number in range(30)
            ]
            shown = await emulator.invoke("/shortlist show name:Disk", actor=member)
            (disk / "filler").unlink()
            after = await emulator.invoke(
                "/shortlist add name:Disk handle:@after platform:tiktok", actor=member
            )
        finally:
            await local.stop()
            await emulator.stop()

    failed = [reply for reply in refused if "Added" not in reply.text()]
    assert failed, "30 adds with 400-character notes fitted on a full disk"
    assert all(reply.ephemeral for reply in failed), [r.text()[:100] for r in failed]
    # The person who typed the command learns that nothing was saved, and why.
    assert all("Couldn't save that" in reply.text() for reply in failed), failed[0].text()
    assert "the disk is full" in failed[0].text()
    # The operator's log says why, with the traceback.
    causes = [
        repr(r.exc_info[1] and r.exc_info[1].__cause__) for r in log_collector.records if r.exc_info
    ]
    assert any("disk is full" in cause for cause in causes), causes[:3]
    assert "@before" in shown.text()
    assert "Added to the shortlist" in after.text(), after.text()
