"""Group commit on SQLite's one writer connection: the writes waiting at a moment share one
transaction and one fsync.

With WAL and synchronous=FULL every COMMIT waits for the disk, and that wait, not the SQL,
is what bounds concurrent writes when each has its own transaction. Here the writer
connection opens one transaction (BEGIN IMMEDIATE) and each write runs inside it in its own
SAVEPOINT, one after another, in the task of the command that asked for it:

* a write whose body raises (a rule refused it: duplicate creator, full list, name taken; or
  a bug) is rolled back to its savepoint and fails alone; its neighbours go on;
* when no other write is waiting for the connection (or the batch is full), the write that
  finished last commits the whole batch: one COMMIT, one fsync;
* every write of the batch returns only after that COMMIT succeeded, so a command never
  acknowledges a write that is not on disk. If the COMMIT (or the disk under a statement)
  fails, every write of the batch gets the error and none of it was saved.

One process owns the SQLite file (a second is refused at start), so the batch only has to
order this process's writers: an asyncio lock (the "turn") hands the connection to one at a
time, first come, first served. Work that must run outside any transaction (migrations,
backups, checkpoints) takes the turn through `exclusive()`, which commits an open batch
first.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiosqlite

# A batch this long commits even with writers still waiting, so the first write of a busy
# spell is not held back by the ones that keep arriving behind it.
MAX_WRITES_PER_COMMIT = 32


@dataclass(slots=True)
class _Batch:
    committed: asyncio.Future[None]
    writes: int = 0  # writes settled into it (kept or rolled back to their savepoint)
    kept: int = 0  # writes whose changes it holds
    in_savepoint: bool = False  # whether the write running now has its own savepoint


@dataclass(slots=True)
class GroupCommitStats:
    """What the batcher did since the connection opened (for the benchmark and tests)."""

    commits: int = 0
    writes_committed: int = 0
    largest_batch: int = 0
    batch_sizes: list[int] = field(default_factory=list)

    def record(self, kept: int) -> None:
        self.commits += 1
        self.writes_committed += kept
        self.largest_batch = max(self.largest_batch, kept)
        if len(self.batch_sizes) < 10_000:  # enough for a histogram, bounded for a long run
            self.batch_sizes.append(kept)


class GroupCommit:
    """Hands the writer connection to one write at a time and commits them in batches."""

    def __init__(self, *, max_writes: int = MAX_WRITES_PER_COMMIT) -> None:
        self._max_writes = max_writes
        self._turn = asyncio.Lock()
        self._waiting = 0  # writes blocked on the turn: while any is, the batch stays open
        self._batch: _Batch | None = None
        self._background: set[asyncio.Task[None]] = set()
        self.stats = GroupCommitStats()

    @property
    def max_writes(self) -> int:
        return self._max_writes

    @asynccontextmanager
    async def write(self, connection: aiosqlite.Connection) -> AsyncIterator[aiosqlite.Connection]:
        """One write's turn on `connection`; leaves once the batch holding it is committed.

        An exception from the body rolls back this write alone and is raised here at once.
        """
        await self._take_turn(connection)
        # Beginning and settling are shielded: a command cancelled half-way must not leave
        # the connection with a savepoint open or the turn never handed on.
        begin = asyncio.ensure_future(self._begin(connection))
        try:
            batch = await asyncio.shield(begin)
        except asyncio.CancelledError:
            self._spawn(self._undo_when_begun(connection, begin))
            raise
        except BaseException:
            self._release_turn()
            raise
        failure: BaseException | None = None
        try:
            yield connection
        except BaseException as exc:
            failure = exc
        await asyncio.shield(self._settle(connection, batch, failure))
        if failure is not None:
            raise failure
        await asyncio.shield(batch.committed)

    @asynccontextmanager
    async def exclusive(self, connection: aiosqlite.Connection) -> AsyncIterator[None]:
        """The connection outside any transaction, for as long as the body runs."""
        await self._turn.acquire()
        try:
            # Shielded: the writes in the batch learn how their COMMIT ended even if the
            # caller of this block is cancelled while it runs.
            await asyncio.shield(self._commit_open_batch(connection))
            yield
        finally:
            self._release_turn()

    # -- the turn ------------------------------------------------------------------------

    async def _take_turn(self, connection: aiosqlite.Connection) -> None:
        self._waiting += 1
        try:
            await self._turn.acquire()
        except asyncio.CancelledError:
            self._waiting -= 1
            # The writer before this one kept the batch open because this one was waiting;
            # with nobody left to finish it, commit it in the background.
            if self._waiting == 0 and self._batch is not None:
                self._spawn(self.flush(connection))
            raise
        self._waiting -= 1

    def _release_turn(self) -> None:
        self._turn.release()

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def flush(self, connection: aiosqlite.Connection) -> None:
        """Commit the open batch, if any (the writes in it return once it is)."""
        async with self.exclusive(connection):
            pass

    async def _undo_when_begun(
        self, connection: aiosqlite.Connection, begin: asyncio.Future[_Batch]
    ) -> None:
        try:
            batch = await begin
        except BaseException:
            self._release_turn()
            return
        await self._settle(connection, batch, asyncio.CancelledError())

    # -- a batch -------------------------------------------------------------------------

    async def _begin(self, connection: aiosqlite.Connection) -> _Batch:
        batch = self._batch
        if batch is None:
            # The first write of a batch needs no savepoint: undoing it is undoing the batch.
            await connection.execute("BEGIN IMMEDIATE")
            batch = self._batch = _Batch(asyncio.get_running_loop().create_future())
            batch.in_savepoint = False
            return batch
        try:
            await connection.execute("SAVEPOINT write")
        except BaseException as exc:
            await self._abandon(connection, batch, exc)
            raise
        batch.in_savepoint = True
        return batch

    async def _settle(
        self, connection: aiosqlite.Connection, batch: _Batch, failure: BaseException | None
    ) -> None:
        """Keep or undo this write, then commit the batch or hand the turn to the next write.

        Each statement here is a trip to aiosqlite's thread, so there are as few as can be:
        COMMIT also releases the last write's savepoint (kept or rolled back to), and a first
        write that fails is undone by rolling back the batch it is alone in.
        """
        try:
            if not connection.in_transaction:
                # SQLite rolled the whole transaction back under a statement (disk full, I/O
                # error): the earlier writes of the batch are gone with it.
                lost = failure if isinstance(failure, sqlite3.Error) else _lost()
                await self._abandon(connection, batch, lost)
                return
            batch.writes += 1
            if failure is None:
                batch.kept += 1
            commit_now = self._waiting == 0 or batch.writes >= self._max_writes
            try:
                if failure is not None and not batch.in_savepoint:
                    await connection.execute("ROLLBACK")
                    self._batch = None
                    _settle_future(batch.committed, None)  # nothing in it to wait for
                    return
                if failure is not None:
                    await connection.execute("ROLLBACK TO write")
                if batch.in_savepoint and not commit_now:
                    await connection.execute("RELEASE write")
            except sqlite3.Error as exc:
                await self._abandon(connection, batch, exc)
                return
            if commit_now:
                await self._commit_open_batch(connection)
        finally:
            self._release_turn()

    async def _commit_open_batch(self, connection: aiosqlite.Connection) -> None:
        batch = self._batch
        if batch is None:
            return
        self._batch = None
        try:
            await connection.execute("COMMIT")
        except BaseException as exc:
            if connection.in_transaction:
                await connection.execute("ROLLBACK")
            _settle_future(batch.committed, exc)
            if not isinstance(exc, Exception):
                raise
            return
        self.stats.record(batch.kept)
        _settle_future(batch.committed, None)

    async def _abandon(
        self, connection: aiosqlite.Connection, batch: _Batch, error: BaseException
    ) -> None:
        """The batch cannot be committed: roll it back and fail every write in it."""
        if self._batch is batch:
            self._batch = None
        if connection.in_transaction:
            # On failure the connection reports its state on its next statement.
            with contextlib.suppress(sqlite3.Error):
                await connection.execute("ROLLBACK")
        _settle_future(batch.committed, error)


def _lost() -> sqlite3.OperationalError:
    return sqlite3.OperationalError("disk I/O error: the transaction was rolled back")


def _settle_future(future: asyncio.Future[None], error: BaseException | None) -> None:
    if future.done():
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)
        # A write that already failed alone may never await it; the error is not "lost".
        future.exception()
