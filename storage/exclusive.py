"""Exclusive jobs on SQLite: one process owns the file (several are refused at start), so
every job is its own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class OneProcessJobs:
    @asynccontextmanager
    async def exclusively(self, job: str) -> AsyncIterator[bool]:
        yield True
