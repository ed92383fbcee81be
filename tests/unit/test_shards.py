"""Shard ranges: SHARD_COUNT/SHARD_IDS and `--shard-count/--shards`, and the SQLite rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import SettingsError, load_settings
from bot.exit_codes import ExitCode
from bot.shards import ShardPlan, parse_shard_ids


def test_ranges_and_lists_of_shards() -> None:
    assert parse_shard_ids("0-3", 8) == (0, 1, 2, 3)
    assert parse_shard_ids("0,2", 4) == (0, 2)
    assert parse_shard_ids("5, 1-2", 6) == (1, 2, 5)


@pytest.mark.parametrize(
    ("count", "ids", "says"),
    [
        (None, "0-1", "needs SHARD_COUNT"),
        (2, "0-2", "numbered 0 to 1 when SHARD_COUNT is 2"),
        (4, "3-1", "runs backwards"),
        (4, "first", "write shard numbers like 0-3 or 0,2"),
    ],
)
def test_bad_shard_ids_are_one_line_naming_the_setting(
    count: int | None, ids: str, says: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(shard_count=count, shard_ids=ids, _env_file=None)
    assert str(caught.value).startswith("Invalid setting SHARD_IDS:")
    assert says in str(caught.value) and "\n" not in str(caught.value)


def test_only_the_process_with_shard_zero_syncs_commands() -> None:
    assert ShardPlan().syncs_commands and not ShardPlan().is_partial
    assert ShardPlan(2, (0,)).syncs_commands
    assert not ShardPlan(2, (1,)).syncs_commands
    assert ShardPlan(2, (1,)).is_partial and not ShardPlan(2, (0, 1)).is_partial


def test_a_guild_belongs_to_the_shard_discord_sends_it_to() -> None:
    plan = ShardPlan(2, (1,))
    on_shard_1 = (12345 << 22) | 7  # (id >> 22) % 2 == 1
    assert plan.owns(on_shard_1) and not plan.owns(on_shard_1 + (1 << 22))


def test_a_shard_range_on_sqlite_is_refused_before_connecting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("bot.cli._loaded", [])  # the CLI reads its settings once per process
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "bot.sqlite3"))
    monkeypatch.setenv("DISCORD_TOKEN", "not.used")

    code = main(["run", "--shard-count", "2", "--shards", "1"])

    error = capsys.readouterr().err.strip()
    assert code == ExitCode.CONFIG  # a configuration error: a supervisor must not loop on it
    assert error.startswith("SHARD_IDS shard 1 of 2 means other Tierbot processes")
    assert "DATABASE_URL=postgresql://" in error and "\n" not in error
