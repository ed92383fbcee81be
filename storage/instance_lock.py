"""One process at a time on a SQLite database.

Two bots on one SQLite file would both run the retention purge and the command sync, and
`tierbot db restore` must not swap the file under a running bot. The bot holds an exclusive
`flock` on the database file while it runs (SQLite's own locks are POSIX `fcntl` locks, which
Linux keeps separate from `flock`); a second bot, or a restore, is refused by name.
PostgreSQL is the backend for several processes.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from storage.database import StorageError


class DatabaseInUseError(StorageError):
    pass


class DatabaseLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._descriptor: int | None = None

    def acquire(self) -> None:
        if self._descriptor is not None or not self.path.exists():
            return
        descriptor = os.open(self.path, os.O_RDONLY)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise DatabaseInUseError(
                f"{self.path}: another Tierbot process is using it (stop it first); "
                "two processes can share a database only on PostgreSQL"
            ) from None
        self._descriptor = descriptor

    def release(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing the descriptor releases the flock
            self._descriptor = None


@contextlib.contextmanager
def database_lock(path: Path) -> Iterator[None]:
    lock = DatabaseLock(path)
    lock.acquire()
    try:
        yield
    finally:
        lock.release()
