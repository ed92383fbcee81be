"""Jobs that run in one process at a time, across every process sharing the database.

Each holds a PostgreSQL session advisory lock on one pooled connection for the length of
the job, and unlocks it before the connection goes back to the pool (asyncpg's reset
would unlock it too). A process that cannot take it at once skips the round: another
process is doing the work. If the connection drops, PostgreSQL releases the lock with it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from storage.postgres import locks
from storage.postgres.database import PostgresDatabase

log = logging.getLogger(__name__)

_KEYS = {"retention": locks.RETENTION_PURGE}


class AdvisoryLockJobs:
    def __init__(self, database: PostgresDatabase) -> None:
        self._db = database

    @asynccontextmanager
    async def exclusively(self, job: str) -> AsyncIterator[bool]:
        key = _KEYS[job]
        async with self._db.pool.acquire() as connection:
            mine = bool(await connection.fetchval("SELECT pg_try_advisory_lock($1)", key))
            if not mine:
                log.debug("Another process runs %s now; skipping this round", job)
            try:
                yield mine
            finally:
                if mine and not connection.is_closed():
                    await connection.execute("SELECT pg_advisory_unlock($1)", key)
