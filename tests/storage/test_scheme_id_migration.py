"""Migration 0004: stored scheme ids 'seed' and 'seed-003' become readable ids."""

from __future__ import annotations

from pathlib import Path

from bot.domain.tiers import get_scheme
from bot.guild_schemes import scheme_from_settings
from storage.database import Database
from storage.migrate import migrate
from storage.models import GuildSettings


async def test_stored_seed_ids_are_renamed(tmp_path: Path) -> None:
    database = Database(tmp_path / "old.sqlite3")
    await database.open()
    try:
        await migrate(database, target=3)
        await database.execute_script(
            "INSERT INTO guild_settings (guild_id, scheme_id) VALUES (1, 'seed');"
            "INSERT INTO guild_settings (guild_id, scheme_id) VALUES (2, 'seed-003');"
            "INSERT INTO guild_settings (guild_id, scheme_id) VALUES (3, 'industry');"
        )
        await migrate(database)
        rows = {
            guild: await database.fetch_value(
                f"SELECT scheme_id FROM guild_settings WHERE guild_id = {guild}"
            )
            for guild in (1, 2, 3)
        }
    finally:
        await database.close()
    assert rows == {1: "four-tier", 2: "fitness-guide", 3: "industry"}


def test_old_ids_are_still_accepted_as_input() -> None:
    assert get_scheme("seed").id == "four-tier"
    assert get_scheme("seed-003").id == "fitness-guide"
    stale = GuildSettings(guild_id=5, scheme_id="seed-003")
    assert scheme_from_settings(stale).id == "fitness-guide"


def test_postgres_twin_exists_with_the_same_number() -> None:
    folder = Path(__file__).parents[2] / "storage" / "migrations"
    sqlite = folder / "0004_readable_scheme_ids.sql"
    postgres = folder / "postgres" / "0004_readable_scheme_ids.sql"
    assert "four-tier" in sqlite.read_text() and "four-tier" in postgres.read_text()
