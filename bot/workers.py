"""CPU-heavy work (charts, big spreadsheets) in a separate process.

A worker thread still holds the GIL while matplotlib draws or a 5,000-row file is classified,
and the event loop waits for it: every other command slows down. A process does not share
the GIL. The pool is started on first use and closed with the bot.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

# Two cores on a typical small host: one for the event loop, one for heavy work.
_WORKERS = 1


class ProcessWorkers:
    def __init__(self, max_workers: int = _WORKERS) -> None:
        self._max_workers = max_workers
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # "spawn": forking a process that runs threads (aiosqlite, the gateway keep-alive)
            # can copy a held lock into the child.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self._max_workers, mp_context=context)
        return self._pool

    async def run(self, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """`function(*args, **kwargs)` in a worker process; it and its arguments must pickle."""
        loop = asyncio.get_running_loop()
        call = partial(function, *args, **kwargs)
        try:
            return await loop.run_in_executor(self._executor(), call)
        except BrokenProcessPool:
            # A worker died (killed, out of memory): start a fresh pool and try once more.
            log.warning("A worker process died; starting a new one")
            self._shutdown(wait=False)
            return await loop.run_in_executor(self._executor(), call)

    def _shutdown(self, *, wait: bool) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None

    async def close(self) -> None:
        if self._pool is not None:
            await asyncio.to_thread(self._shutdown, wait=True)
