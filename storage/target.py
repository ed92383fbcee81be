"""Which database a process uses: SQLite at DATABASE_PATH, or PostgreSQL at DATABASE_URL.

Pure parsing, no driver imports: the CLI and the settings use it before anything connects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
SQLITE_SCHEME = "sqlite:///"


@dataclass(frozen=True, slots=True)
class SqliteTarget:
    path: Path

    @property
    def where(self) -> str:
        return str(self.path)

    @property
    def kind(self) -> str:
        return "SQLite"


@dataclass(frozen=True, slots=True)
class PostgresTarget:
    url: str = field(repr=False)  # may carry a password: never printed
    pool_size: int = 10

    @property
    def where(self) -> str:
        """host:port/database, for messages; never the user's password."""
        parts = urlsplit(self.url)
        try:
            port = parts.port or 5432
        except ValueError:
            port = 5432
        host = parts.hostname or "localhost"
        database = unquote(parts.path.lstrip("/")) or (parts.username or "postgres")
        return f"{host}:{port}/{database}"

    @property
    def kind(self) -> str:
        return "PostgreSQL"


DatabaseTarget = SqliteTarget | PostgresTarget


def database_target(url: str | None, path: Path, *, pool_size: int = 10) -> DatabaseTarget:
    """DATABASE_URL when set (postgresql://… or sqlite:///…), else SQLite at DATABASE_PATH."""
    if url is None or not url.strip():
        return SqliteTarget(path)
    if url.startswith(POSTGRES_SCHEMES):
        return PostgresTarget(url, pool_size)
    if url.startswith(SQLITE_SCHEME):
        return SqliteTarget(Path(unquote(url.removeprefix(SQLITE_SCHEME))))
    raise ValueError("DATABASE_URL must start with postgresql:// or sqlite:///")
