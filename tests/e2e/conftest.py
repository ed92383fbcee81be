"""End-to-end fixtures: the real bot, started like `tierbot run`, against the local emulator.

After every test the harness checks what a Discord user and Discord itself would notice:
every REST body valid against Discord's OpenAPI spec and the limits it enforces, every
interaction answered within 3 seconds, no mention that would ping, and no unexpected error
in the logs.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.playground.emulator import Actor, Emulator, Guild, Interaction
from bot.playground.emulator.spec import SpecValidator, default_spec_path
from bot.playground.fakes import PlatformFakes
from bot.playground.local import LocalBot, settings_for
from storage.database import Database

_SPEC_STATE: dict[str, object] = {"validated": 0, "skipped_reason": None}


@pytest.fixture(scope="session")
def spec_validator() -> SpecValidator | None:
    path = default_spec_path()
    if not path.is_file():
        reason = f"Discord's OpenAPI spec was not found at {path}; bodies were not validated"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (required under CI=true)")
        _SPEC_STATE["skipped_reason"] = reason
        warnings.warn(reason, stacklevel=1)
        return None
    return SpecValidator.from_file(path)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    reason = _SPEC_STATE["skipped_reason"]
    if reason:
        terminalreporter.write_line(f"SPEC VALIDATION SKIPPED: {reason}", yellow=True)
    elif _SPEC_STATE["validated"]:
        terminalreporter.write_line(
            f"{_SPEC_STATE['validated']} REST bodies validated against Discord's OpenAPI spec"
        )


class LogCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass(eq=False)
class Harness:
    """What an e2e test drives: the emulator, the running bot, a guild and its people."""

    emulator: Emulator
    local: LocalBot
    guild: Guild
    member: Actor
    admin: Actor
    logs: LogCollector
    allowed_log_messages: list[str] = field(default_factory=list)
    allow_rejections: bool = False
    database_url: str | None = None  # None: SQLite at database_path

    @property
    def database_env(self) -> dict[str, str]:
        """DATABASE_URL for a `tierbot` subprocess that must use the same database."""
        return {} if self.database_url is None else {"DATABASE_URL": self.database_url}

    async def invoke(
        self, line: str, *, actor: Actor | None = None, **kwargs: object
    ) -> Interaction:
        """Run a slash command as a user would and return what they see."""
        return await self.emulator.invoke(line, actor=actor or self.member, **kwargs)  # type: ignore[arg-type]

    async def autocomplete(
        self, line: str, *, actor: Actor | None = None, focused: str | None = None
    ) -> list[str]:
        choices = await self.emulator.autocomplete(
            line, actor=actor or self.member, focused=focused
        )
        return [str(choice["value"]) for choice in choices]

    def dm(self) -> Actor:
        return self.emulator.dm()

    def expect_log(self, fragment: str) -> None:
        """Declare a warning or error this test provokes on purpose."""
        self.allowed_log_messages.append(fragment)

    def check_after_test(self) -> None:
        emulator = self.emulator
        rejected = [f"{r.method} {r.path}: {r.problems}" for r in emulator.rejected_requests]
        if not self.allow_rejections:
            assert not rejected, f"Discord would have refused these bodies: {rejected}"
        unanswered = [
            i.label for i in emulator.interactions if i.callback_type is None and not i.late
        ]
        assert not unanswered, f"interactions never answered: {unanswered}"
        late = [f"{i.label} ({i.first_response_seconds:.2f}s)" for i in emulator.late_interactions]
        assert not late, f"first response later than 3 seconds: {late}"
        assert not emulator.pings, f"messages would have pinged: {emulator.pings}"
        unexpected = [
            f"{record.levelname} {record.name}: {record.getMessage()}"
            for record in self.logs.records
            if record.levelno >= logging.ERROR
            and not any(fragment in record.getMessage() for fragment in self.allowed_log_messages)
        ]
        assert not unexpected, f"unexpected errors were logged: {unexpected}"
        _SPEC_STATE["validated"] = int(str(_SPEC_STATE["validated"])) + sum(
            request.spec_checked for request in emulator.requests
        )


@pytest.fixture
def log_collector() -> Iterator[LogCollector]:
    collector = LogCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector
    finally:
        root.removeHandler(collector)


@pytest.fixture
async def emulator(spec_validator: SpecValidator | None) -> AsyncIterator[Emulator]:
    emulator = Emulator(spec=spec_validator, heartbeat_interval=5.0)
    await emulator.start()
    try:
        yield emulator
    finally:
        await emulator.stop()


@pytest.fixture
def database_path(tmp_path: Path) -> Path:
    return tmp_path / "tierbot.sqlite3"


@pytest.fixture
async def harness(
    request: pytest.FixtureRequest,
    emulator: Emulator,
    database_path: Path,
    log_collector: LogCollector,
) -> AsyncIterator[Harness]:
    # Modules marked `pytest.mark.usefixtures("backend")` run on SQLite and on PostgreSQL.
    database_url = (
        request.getfixturevalue("backend").database_url
        if "backend" in request.fixturenames
        else None
    )
    guild = emulator.add_guild("Acme Marketing")
    local = LocalBot(emulator, settings_for(emulator, database_path, database_url=database_url))
    bot = await local.start()
    if database_url is not None:  # the PostgreSQL run must not quietly fall back to SQLite
        assert not isinstance(bot.storage.database, Database), "expected PostgreSQL"
    harness = Harness(
        emulator=emulator,
        local=local,
        guild=guild,
        member=emulator.member(guild, "sam"),
        admin=emulator.member(guild, "alex", manage_guild=True),
        logs=log_collector,
        database_url=database_url,
    )
    try:
        yield harness
    finally:
        await local.stop()
    harness.check_after_test()


# --- creator lookups: the platforms' fakes, and the harness aimed at them ---------------------


@pytest.fixture
async def fakes() -> AsyncIterator[PlatformFakes]:
    server = PlatformFakes(require_specs=True)  # every request checked against the specs
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
    assert server.spec_problems == []


@pytest.fixture
async def looking(
    request: pytest.FixtureRequest,
    emulator: Emulator,
    database_path: Path,
    log_collector: LogCollector,
    fakes: PlatformFakes,
) -> AsyncIterator[Harness]:
    """The harness, with every platform's lookup aimed at the fakes (on both backends in a
    module marked `pytest.mark.usefixtures("backend")`)."""
    guild = emulator.add_guild("Acme Marketing")
    database_url = (
        request.getfixturevalue("backend").database_url
        if "backend" in request.fixturenames
        else None
    )
    overrides = {**fakes.settings(), **getattr(request, "param", {})}
    local = LocalBot(
        emulator, settings_for(emulator, database_path, database_url=database_url, **overrides)
    )
    bot = await local.start()
    if database_url is not None:  # the PostgreSQL run must not quietly fall back to SQLite
        assert not isinstance(bot.storage.database, Database), "expected PostgreSQL"
    harness = Harness(
        emulator=emulator,
        local=local,
        guild=guild,
        member=emulator.member(guild, "sam"),
        admin=emulator.member(guild, "alex", manage_guild=True),
        logs=log_collector,
        database_url=database_url,
    )
    try:
        yield harness
    finally:
        await local.stop()
    harness.check_after_test()
