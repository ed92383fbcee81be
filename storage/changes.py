"""Change notices on SQLite: one process owns the file, so its own caches are always told
directly and there is nobody else to tell."""

from __future__ import annotations

from collections.abc import Callable


class LocalChanges:
    async def start(self, on_guild: Callable[[int], None], on_reset: Callable[[], None]) -> None:
        return None

    async def stop(self) -> None:
        return None

    @property
    def listening(self) -> bool:
        return True
