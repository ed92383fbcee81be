from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.config import Settings
from bot.lookups.http import ApiHttp
from bot.lookups.service import CreatorLookups
from bot.playground.fakes import PlatformFakes
from storage.store import Storage


@pytest.fixture
async def fakes() -> AsyncIterator[PlatformFakes]:
    server = PlatformFakes(require_specs=True)  # every request checked against the specs
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
    # Every request Tierbot made matched the platforms' published descriptions.
    assert server.spec_problems == []


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "tierbot.sqlite3")
    try:
        yield opened
    finally:
        await opened.close()


@dataclass
class LookupsFactory:
    fakes: PlatformFakes
    storage: Storage
    made: list[CreatorLookups]

    def __call__(self, *, timeout: float = 5.0, **overrides: object) -> CreatorLookups:
        values = {**self.fakes.settings(), **overrides, "_env_file": None}
        settings = Settings.model_validate(values)
        lookups = CreatorLookups(settings, self.storage.lookups, http=ApiHttp(timeout=timeout))
        self.made.append(lookups)
        return lookups


@pytest.fixture
async def make_lookups(
    fakes: PlatformFakes, storage: Storage
) -> AsyncIterator[Callable[..., CreatorLookups]]:
    factory = LookupsFactory(fakes, storage, [])
    yield factory
    for lookups in factory.made:
        await lookups.close()
