"""One PostgreSQL database through an asyncpg pool.

Single queries go through the pool; multi-statement changes take one connection and one
transaction (`transaction()`). Uniqueness is the constraints' job and limits are checked
after locking the row they count under (see shortlists.py), so several processes writing
the same guild at once keep every rule: nothing here relies on an in-process lock.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from storage.database import StorageError, StorageWriteError
from storage.target import PostgresTarget

log = logging.getLogger(__name__)

# A query that runs longer than this is a stuck server, not a slow one.
COMMAND_TIMEOUT_SECONDS = 30.0
CONNECT_TIMEOUT_SECONDS = 10.0


class PostgresDatabase:
    def __init__(self, target: PostgresTarget) -> None:
        self.target = target
        self._pool: asyncpg.Pool | None = None

    @property
    def where(self) -> str:
        return self.target.where

    @property
    def url(self) -> str:
        return self.target.url

    async def open(self) -> None:
        """Create the pool; fail with one line naming DATABASE_URL and the host."""
        try:
            self._pool = await asyncpg.create_pool(
                self.target.url,
                min_size=1,
                max_size=self.target.pool_size,
                command_timeout=COMMAND_TIMEOUT_SECONDS,
                timeout=CONNECT_TIMEOUT_SECONDS,
            )
        except Exception as exc:  # every driver and socket failure becomes one line
            raise StorageError(describe_connect_error(self.target, exc)) from None

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            try:
                await pool.close()
            except Exception:
                log.exception("Closing the PostgreSQL pool at %s failed", self.where)
                pool.terminate()

    @property
    def is_open(self) -> bool:
        return self._pool is not None

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise StorageError(f"PostgreSQL at {self.where}: the database is not open")
        return self._pool

    def connections_in_use(self) -> int:
        pool = self._pool
        if pool is None:
            return 0
        return int(pool.get_size() - pool.get_idle_size())

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Any]:
        """One connection and one transaction; committed when the block ends."""
        try:
            async with self.pool.acquire() as connection, connection.transaction():
                yield connection
        except (OSError, asyncpg.exceptions.ConnectionDoesNotExistError) as exc:
            raise PostgresWriteError(self.target, "the connection to PostgreSQL was lost") from exc
        except asyncpg.exceptions.DiskFullError as exc:
            raise PostgresWriteError(self.target, "the database server's disk is full") from exc
        except asyncpg.exceptions.ReadOnlySQLTransactionError as exc:
            raise PostgresWriteError(self.target, "the database is read-only") from exc

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[Any]:
        """One pooled connection for several reads: each pool round trip costs asyncpg a
        reset query when the connection goes back, so a view that reads three times pays
        for one."""
        async with self.pool.acquire() as connection:
            yield connection

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(await self.pool.fetch(sql, *params))

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return await self.pool.fetchrow(sql, *params)

    async def fetch_value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return await self.pool.fetchval(sql, *params)

    async def integrity_problems(self) -> list[str]:
        """Constraints PostgreSQL has not validated (added NOT VALID, or broken by hand);
        the engine checks everything else on every write."""
        rows = await self.fetch_all(
            "SELECT conrelid::regclass::text AS table_name, conname FROM pg_constraint "
            "WHERE NOT convalidated AND connamespace = current_schema()::regnamespace "
            "ORDER BY 1, 2"
        )
        return [f"constraint {row['conname']} on {row['table_name']} not validated" for row in rows]


class PostgresWriteError(StorageWriteError):
    """A write that failed for a reason outside the command; nothing of it was saved."""

    def __init__(self, target: PostgresTarget, reason: str) -> None:
        StorageError.__init__(self, f"PostgreSQL at {target.where}: {reason}")
        self.reason = reason


def describe_connect_error(target: PostgresTarget, exc: BaseException) -> str:
    """One line naming the setting and the host; never the URL (it may hold a password)."""
    where = f"PostgreSQL at {target.where}"
    reason: str
    if isinstance(exc, asyncpg.exceptions.InvalidPasswordError):
        reason = "the server refused the user name or password"
    elif isinstance(exc, asyncpg.exceptions.InvalidAuthorizationSpecificationError):
        reason = "the server refused this user (check the user name and pg_hba.conf)"
    elif isinstance(exc, asyncpg.exceptions.InvalidCatalogNameError):
        reason = "the database does not exist (create it with createdb)"
    elif isinstance(exc, socket.gaierror):
        reason = "the host name is unknown"
    elif isinstance(exc, ConnectionRefusedError):
        reason = "the connection was refused (is PostgreSQL running and listening there?)"
    elif isinstance(exc, TimeoutError):
        reason = f"no answer within {CONNECT_TIMEOUT_SECONDS:.0f} seconds"
    elif isinstance(exc, OSError):
        reason = f"cannot connect ({exc.strerror or type(exc).__name__})"
    elif isinstance(exc, ValueError | asyncpg.exceptions.ClientConfigurationError):
        reason = "the URL is not valid (expected postgresql://user@host:5432/database)"
    elif isinstance(exc, asyncpg.exceptions.PostgresError):
        reason = f"the server refused the connection ({type(exc).__name__})"
    else:
        reason = f"cannot connect ({type(exc).__name__})"
    return f"DATABASE_URL: {where}: {reason}"
