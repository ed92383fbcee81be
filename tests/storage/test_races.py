"""Two connections (as two bot processes would hold) write the same guild at the same instant.

Each rule must hold through the database itself — constraints, row and advisory locks,
transactions — not an in-process lock: each side opens its own Storage, so on PostgreSQL
they are two pools and on SQLite two writer connections to one file. Every race has exactly
one winner, and the loser gets the refusal the bot turns into its usual reply.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import partial
from typing import TypeVar

import pytest

from bot.domain.handles import normalize_handle
from bot.domain.metrics import CreatorStats
from bot.domain.platforms import Platform
from bot.domain.shortlist import (
    MAX_ENTRIES_PER_LIST,
    MAX_LISTS_PER_GUILD,
    ImportRow,
    NewEntry,
    new_entry,
)
from bot.domain.tiers import default_scheme
from bot.render import shortlist as render
from storage.models import Shortlist
from storage.protocols import (
    EntryExists,
    ShortlistLimitReached,
    ShortlistNameTaken,
    ShortlistRefusal,
)
from storage.store import Storage
from tests.backends import Backend

GUILD = 4_242
SAM = 1
ALEX = 2
ROUNDS = 5  # each race is run a few times: a lucky interleaving must not pass it

T = TypeVar("T")


@pytest.fixture
async def two_processes(backend: Backend) -> AsyncIterator[tuple[Storage, Storage]]:
    first = await Storage.open_target(backend.target)
    second = await Storage.open_target(backend.target)
    try:
        yield first, second
    finally:
        await second.close()
        await first.close()


async def race(
    first: Callable[[], Awaitable[T]], second: Callable[[], Awaitable[T]]
) -> tuple[T, ShortlistRefusal]:
    """Run both at once; return the winner's result and the loser's refusal."""
    outcomes = await asyncio.gather(first(), second(), return_exceptions=True)
    wins = [outcome for outcome in outcomes if not isinstance(outcome, BaseException)]
    losses = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    assert len(wins) == 1, f"exactly one winner expected, got {outcomes}"
    assert len(losses) == 1 and isinstance(losses[0], ShortlistRefusal), outcomes
    return wins[0], losses[0]


def creator(
    handle: str, followers: int = 12_000, platform: Platform = Platform.INSTAGRAM
) -> NewEntry:
    return new_entry(
        normalize_handle(handle, platform), CreatorStats(followers=followers), default_scheme()
    )


async def audit_actions(storage: Storage, shortlist: Shortlist) -> list[str]:
    return [record.action for record in await storage.shortlists.history(GUILD, shortlist.id, 99)]


async def test_two_creates_of_one_name_in_different_case(
    two_processes: tuple[Storage, Storage],
) -> None:
    one, two = two_processes
    for round_number in range(ROUNDS):
        name = f"Launch {round_number}"
        created, refusal = await race(
            partial(one.shortlists.create, GUILD, name, "", actor_id=SAM),
            partial(two.shortlists.create, GUILD, name.upper(), "", actor_id=ALEX),
        )
        assert isinstance(refusal, ShortlistNameTaken)
        assert refusal.existing.id == created.id
        assert "already has a shortlist named" in render.name_taken_message(refusal.existing)
        assert await audit_actions(one, created) == ["create"]
    assert len(await one.shortlists.overview(GUILD)) == ROUNDS


async def test_two_renames_to_one_name(two_processes: tuple[Storage, Storage]) -> None:
    one, two = two_processes
    for round_number in range(ROUNDS):
        a = await one.shortlists.create(GUILD, f"A{round_number}", "", actor_id=SAM)
        b = await one.shortlists.create(GUILD, f"B{round_number}", "", actor_id=SAM)
        target = f"Final {round_number}"
        renamed, refusal = await race(
            partial(one.shortlists.rename, GUILD, a.id, target, actor_id=SAM),
            partial(two.shortlists.rename, GUILD, b.id, target.lower(), actor_id=ALEX),
        )
        assert isinstance(refusal, ShortlistNameTaken) and refusal.existing.id == renamed.id
    names = [
        overview.shortlist.name.casefold() for overview in await one.shortlists.overview(GUILD)
    ]
    assert len(names) == len(set(names))


async def test_the_same_creator_added_twice_at_once(
    two_processes: tuple[Storage, Storage],
) -> None:
    one, two = two_processes
    shortlist = await one.shortlists.create(GUILD, "Launch", "", actor_id=SAM)
    for round_number in range(ROUNDS):
        handle = f"jane_{round_number}"
        added, refusal = await race(
            partial(one.shortlists.add_entry, GUILD, shortlist.id, creator(handle), actor_id=SAM),
            partial(
                two.shortlists.add_entry,
                GUILD,
                shortlist.id,
                creator(handle.upper()),
                actor_id=ALEX,
            ),
        )
        assert isinstance(refusal, EntryExists) and refusal.existing.id == added.id
        assert "is already on" in render.already_there_message(shortlist, refusal.existing)
    entries = await one.shortlists.entries(GUILD, shortlist.id)
    assert len(entries) == ROUNDS
    assert (await audit_actions(one, shortlist)).count("add") == ROUNDS


async def test_the_last_free_list_goes_to_one_of_two(
    two_processes: tuple[Storage, Storage],
) -> None:
    one, two = two_processes
    for number in range(MAX_LISTS_PER_GUILD - 1):
        await one.shortlists.create(GUILD, f"List {number}", "", actor_id=SAM)

    _, refusal = await race(
        lambda: one.shortlists.create(GUILD, "Last one", "", actor_id=SAM),
        lambda: two.shortlists.create(GUILD, "Other last one", "", actor_id=ALEX),
    )

    assert isinstance(refusal, ShortlistLimitReached) and refusal.what == "lists"
    assert f"already has {MAX_LISTS_PER_GUILD} shortlists" in render.list_limit_message()
    assert len(await two.shortlists.overview(GUILD)) == MAX_LISTS_PER_GUILD


async def test_the_last_free_place_on_a_list_goes_to_one_of_two(
    two_processes: tuple[Storage, Storage],
) -> None:
    one, two = two_processes
    shortlist = await one.shortlists.create(GUILD, "Launch", "", actor_id=SAM)
    rows = [
        ImportRow(
            line_number=number + 2,
            handle=normalize_handle(f"creator_{number}", Platform.INSTAGRAM),
            stats=CreatorStats(followers=1_000 + number),
            notes=None,
            status=None,
        )
        for number in range(MAX_ENTRIES_PER_LIST - 1)
    ]
    await one.shortlists.import_rows(
        GUILD, shortlist.id, rows, default_scheme(), actor_id=SAM, source="seed.csv"
    )

    for round_number in range(ROUNDS):
        added, refusal = await race(
            partial(
                one.shortlists.add_entry,
                GUILD,
                shortlist.id,
                creator(f"last_a{round_number}"),
                actor_id=SAM,
            ),
            partial(
                two.shortlists.add_entry,
                GUILD,
                shortlist.id,
                creator(f"last_b{round_number}"),
                actor_id=ALEX,
            ),
        )
        assert isinstance(refusal, ShortlistLimitReached) and refusal.what == "entries"
        assert "already holds 1,000 creators" in render.entry_limit_message(shortlist)
        assert len(await two.shortlists.entries(GUILD, shortlist.id)) == MAX_ENTRIES_PER_LIST
        await one.shortlists.remove_entry(GUILD, shortlist.id, added.id, actor_id=SAM)
    actions = await audit_actions(one, shortlist)
    assert actions.count("add") == actions.count("remove") == ROUNDS


async def test_every_concurrent_change_leaves_exactly_one_audit_row(
    two_processes: tuple[Storage, Storage],
) -> None:
    one, two = two_processes
    shortlist = await one.shortlists.create(GUILD, "Launch", "", actor_id=SAM)

    async def add_many(storage: Storage, prefix: str) -> None:
        for number in range(20):
            await storage.shortlists.add_entry(
                GUILD, shortlist.id, creator(f"{prefix}_{number}"), actor_id=SAM
            )

    await asyncio.gather(add_many(one, "a"), add_many(two, "b"))

    assert len(await one.shortlists.entries(GUILD, shortlist.id)) == 40
    assert (await audit_actions(two, shortlist)).count("add") == 40
