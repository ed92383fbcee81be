"""One SQLite database: a writer connection for serialised transactions, a reader for queries.

WAL lets the reader see committed data while a write is in flight, so autocomplete and
list views never wait behind writes and never see a half-done transaction. Writes that wait
for the writer at the same moment are committed together (storage.group_commit): one fsync
for all of them, each still atomic and acknowledged only once on disk.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

import aiosqlite

from storage.group_commit import GroupCommit

log = logging.getLogger(__name__)

# WAL with synchronous=FULL: a commit is on disk before the caller hears it succeeded, so an
# acknowledged write survives a process crash and an OS crash or power loss as well.
_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)

Params = Sequence[Any] | dict[str, Any]
T = TypeVar("T")


class StorageError(Exception):
    """The database cannot be used; the message names the file and what is wrong."""


class StorageWriteError(StorageError):
    """A write failed for a reason outside the command (disk full, read-only, I/O); nothing
    of it was saved. `reason` is short and plain, for the person who ran the command."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.reason = reason


# SQLite errors that mean the machine, not the command, is the problem.
_ENVIRONMENT_FAILURES = ("disk is full", "readonly", "disk I/O error", "unable to open")


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self.writes = GroupCommit()

    async def open(self) -> None:
        """Open both connections; fail with one clear line when the file is unusable."""
        if self.path.exists() and not self.path.is_file():
            raise StorageError(f"{self.path}: not a regular file")
        if self.path.parent and not self.path.parent.exists():
            raise StorageError(f"{self.path}: the folder {self.path.parent} does not exist")
        try:
            self._writer = await self._connect(read_only=False)
            self._reader = await self._connect(read_only=True)
            # Fetched, not just executed: a cursor left unfinished holds the reader's snapshot
            # open, and its next query would not see what the writer committed since.
            await self._reader.execute_fetchall("SELECT count(*) FROM sqlite_master")
        except sqlite3.DatabaseError as exc:
            await self.close()
            raise StorageError(f"{self.path}: {describe_sqlite_error(exc)}") from exc

    async def _connect(self, *, read_only: bool) -> aiosqlite.Connection:
        # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE ... COMMIT).
        connection = aiosqlite.connect(self.path, isolation_level=None)
        try:
            await connection
        except BaseException:
            await _worker_stopped(connection)
            raise
        try:
            connection.row_factory = sqlite3.Row
            for pragma in _PRAGMAS:
                if read_only and pragma.startswith("PRAGMA journal_mode"):
                    continue
                await connection.execute(pragma)
            if read_only:
                await connection.execute("PRAGMA query_only=ON")
        except BaseException:
            # Each connection owns a non-daemon thread: an unclosed one keeps the process alive.
            await connection.close()
            raise
        return connection

    async def verify(self) -> None:
        """Stop with one clear StorageError when the file is damaged, read-only or on a full
        disk, instead of starting and then failing the first command that reads or saves.

        `PRAGMA quick_check` reads every page (about 0.1 s for 100 MB); the write probe
        rewrites the header's user_version with its own value, so the content is unchanged.
        """
        try:
            problems = [str(row[0]) for row in await self.fetch_all("PRAGMA quick_check")]
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{self.path}: {describe_sqlite_error(exc)}") from exc
        if problems != ["ok"]:
            raise StorageError(
                f"{self.path}: the database file is corrupt ({problems[0]}); restore a backup"
            )
        writer = self._require(self._writer)
        try:
            async with self.writes.exclusive(writer):
                await writer.execute("BEGIN IMMEDIATE")
                try:
                    async with writer.execute("PRAGMA user_version") as cursor:
                        row = await cursor.fetchone()
                    version = int(row[0]) if row is not None else 0
                    await writer.execute(f"PRAGMA user_version = {version}")
                    await writer.execute("COMMIT")
                finally:
                    if writer.in_transaction:
                        await writer.execute("ROLLBACK")
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{self.path}: {describe_sqlite_error(exc)}") from exc

    async def close(self) -> None:
        if self._writer is not None:
            # Commit the batch a write may have left open for a neighbour that never came.
            try:
                async with asyncio.timeout(5):
                    await self.writes.flush(self._writer)
            except (TimeoutError, sqlite3.Error):
                log.exception("Committing the last writes to %s failed", self.path)
        for connection in (self._reader, self._writer):
            if connection is not None:
                try:
                    await connection.close()
                except sqlite3.Error:
                    log.exception("Closing %s failed", self.path)
        self._reader = self._writer = None

    @property
    def is_open(self) -> bool:
        return self._writer is not None

    def _require(self, connection: aiosqlite.Connection | None) -> aiosqlite.Connection:
        if connection is None:
            raise StorageError(f"{self.path}: the database is not open")
        return connection

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One atomic write: all of the body's changes are kept, or (when it raises) none.

        Callers are serialised so concurrent commands never interleave; the block ends once
        the write is committed and on disk (in a group commit with the writes queued beside
        it, see storage.group_commit). Do not nest: the writer connection is this block's.
        """
        writer = self._require(self._writer)
        try:
            async with self.writes.write(writer):
                yield writer
        except sqlite3.OperationalError as exc:
            if any(needle in str(exc) for needle in _ENVIRONMENT_FAILURES):
                raise StorageWriteError(self.path, describe_sqlite_error(exc)) from exc
            raise

    # One trip to aiosqlite's thread per query (execute_fetchall), not three (execute, fetch,
    # close): each trip costs the event loop a wake-up, and the benchmark showed them adding
    # up on commands that run a few queries.
    async def fetch_all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        reader = self._require(self._reader)
        return list(await reader.execute_fetchall(sql, params))

    async def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """`work(connection)` run in the reader's thread, for a read of several statements in
        one trip (a trip costs ~20-30 µs of CPU: queue, thread switch, loop wake-up), all
        from one snapshot: it runs in one read transaction, so the statements agree with
        each other, and it ends before this returns, so the next read sees later commits.

        `work` must fetch every row it executes (an unfinished statement would keep the
        snapshot) and must not write (the reader is query_only). aiosqlite has no public
        call for this; `_execute` is what each of its own methods queues its work with.
        """
        reader = self._require(self._reader)
        connection = reader._conn

        def in_snapshot() -> T:
            connection.execute("BEGIN")
            try:
                return work(connection)
            finally:
                connection.execute("COMMIT")

        return cast(T, await reader._execute(in_snapshot))  # type: ignore[no-untyped-call]

    async def fetch_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """The first row; for queries that return one row (a key lookup, an aggregate)."""
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    async def execute_script(self, script: str) -> None:
        """Run a whole script atomically on the writer (used by migrations)."""
        writer = self._require(self._writer)
        async with self.writes.exclusive(writer):
            try:
                await writer.executescript(f"BEGIN IMMEDIATE;\n{script}\nCOMMIT;")
            except BaseException:
                if writer.in_transaction:
                    await writer.execute("ROLLBACK")
                raise

    async def integrity_problems(self) -> list[str]:
        """`PRAGMA integrity_check` and `foreign_key_check`; an empty list means clean."""
        problems: list[str] = []
        for row in await self.fetch_all("PRAGMA integrity_check"):
            if row[0] != "ok":
                problems.append(str(row[0]))
        for row in await self.fetch_all("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: table {row[0]} rowid {row[1]} -> {row[2]}")
        return problems

    async def backup(self, destination: Path) -> None:
        """SQLite's online backup: a consistent copy while the bot keeps running."""
        writer = self._require(self._writer)
        target = await aiosqlite.connect(destination)
        try:
            async with self.writes.exclusive(writer):
                await writer.backup(target)
        finally:
            await target.close()

    async def checkpoint(self) -> None:
        writer = self._require(self._writer)
        # Read the result: a cursor left open would block the next COMMIT on this connection.
        async with (
            self.writes.exclusive(writer),
            writer.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cursor,
        ):
            await cursor.fetchall()


def describe_sqlite_error(exc: sqlite3.Error) -> str:
    message = str(exc)
    if getattr(exc, "sqlite_errorname", "") == "SQLITE_IOERR_SHMSIZE":
        # The shared-memory file next to a WAL database could not grow.
        return "the disk is full"
    hints = {
        "file is not a database": "the file is not a SQLite database (corrupt or another format)",
        "database disk image is malformed": "the database file is corrupt",
        "unable to open database file": "cannot open the file (check the path and permissions)",
        "attempt to write a readonly database": "the file or its folder is read-only",
        "readonly database": "the file or its folder is read-only",
        "database or disk is full": "the disk is full",
    }
    for needle, hint in hints.items():
        if needle in message:
            return hint
    return message


async def _worker_stopped(connection: aiosqlite.Connection) -> None:
    """Wait for the worker thread of a connection that failed to open.

    aiosqlite stops the thread without waiting; if start-up then ends at once, the thread
    reports to a closed event loop and prints a traceback after the clear error line.
    """
    thread = getattr(connection, "_thread", None)
    for _ in range(1000):  # it closes at once; five seconds at most
        if thread is None or not thread.is_alive():
            return
        await asyncio.sleep(0.005)


def placeholders(values: Iterable[object]) -> str:
    return ", ".join("?" for _ in values)
