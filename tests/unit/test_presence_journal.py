"""Guild joins and leaves are saved in batches, in the order they happened."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from bot.presence import PresenceJournal


class RecordingRepository:
    def __init__(self) -> None:
        self.batches: list[dict[int, bool]] = []

    async def record_changes(self, changes: Mapping[int, bool]) -> None:
        await asyncio.sleep(0)  # a real write yields to the loop
        self.batches.append(dict(changes))


async def test_a_burst_of_joins_is_written_in_a_few_transactions() -> None:
    repository = RecordingRepository()
    journal = PresenceJournal(repository)  # type: ignore[arg-type]

    for guild_id in range(1000):
        journal.record(guild_id, present=True)
    await journal.flush()

    written = {guild for batch in repository.batches for guild in batch}
    assert written == set(range(1000))
    assert len(repository.batches) <= 2


async def test_the_latest_event_for_a_guild_wins() -> None:
    repository = RecordingRepository()
    journal = PresenceJournal(repository)  # type: ignore[arg-type]

    journal.record(1, present=True)
    journal.record(2, present=True)
    journal.record(1, present=False)  # removed right after joining
    await journal.flush()
    journal.record(2, present=False)
    journal.record(2, present=True)  # added back before the leave was saved
    await journal.flush()

    final: dict[int, bool] = {}
    for batch in repository.batches:
        final.update(batch)
    assert final == {1: False, 2: True}
