"""Settings from the environment or `.env` (pydantic-settings reads it through python-dotenv)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.shards import ShardPlan, parse_shard_ids

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]

DEFAULT_API_BASE = "https://discord.com/api/v10"
DEFAULT_GATEWAY_URL = "wss://gateway.discord.gg/"
DATABASE_URL_SCHEMES = ("postgresql://", "postgres://", "sqlite:///")


class Settings(BaseSettings):
    """Every setting Tierbot reads. Names match the environment variables, case-insensitively."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        hide_input_in_errors=True,  # never echo a value (the token) in a validation error
    )

    discord_token: SecretStr | None = Field(
        default=None, description="Bot token from the Discord Developer Portal."
    )
    database_path: Path = Field(
        default=Path("./tierbot.sqlite3"), description="The SQLite file (created when missing)."
    )
    database_url: str | None = Field(
        default=None,
        description="postgresql://user@host:port/db to use PostgreSQL (several processes); "
        "sqlite:///path, or unset, keeps SQLite at DATABASE_PATH.",
    )
    database_pool_size: int = Field(
        default=10, ge=1, le=200, description="PostgreSQL connections per process."
    )
    shard_count: int | None = Field(
        default=None, ge=1, le=4096, description="Total shards; unset asks Discord."
    )
    shard_ids: str | None = Field(
        default=None,
        description="The shards this process serves, e.g. 0-3 or 0,2 (needs SHARD_COUNT).",
    )
    metrics_port: int | None = Field(
        default=None,
        ge=0,
        le=65535,
        description="Serve Prometheus /metrics and /healthz on this port (off when unset).",
    )
    metrics_host: str = Field(
        default="0.0.0.0", description="The address /metrics listens on (all by default)."
    )
    dev_guild_id: int | None = Field(
        default=None, gt=0, description="Sync commands to this guild only, instantly."
    )
    discord_api_base: str = Field(
        default=DEFAULT_API_BASE, description="REST base URL, for a REST proxy or the emulator."
    )
    discord_gateway_url: str = Field(
        default=DEFAULT_GATEWAY_URL, description="Gateway URL, for a proxy or the emulator."
    )
    log_level: LogLevel = Field(default="INFO", description="Logging verbosity.")
    guild_data_retention_days: int = Field(
        default=30,
        ge=0,
        le=3650,
        description="Days a removed server's data is kept in case the bot is added back.",
    )
    # Tuning knobs the emulator and tests use to keep the gateway fast; defaults are discord.py's.
    guild_ready_timeout: float = Field(default=2.0, gt=0, le=60)
    heartbeat_timeout: float = Field(default=60.0, gt=0, le=600)

    @field_validator("dev_guild_id", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("database_url", mode="before")
    @classmethod
    def _blank_url_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str | None) -> str | None:
        # The message never repeats the value: it may hold a password.
        if value is not None and not value.startswith(DATABASE_URL_SCHEMES):
            raise ValueError(
                "must start with postgresql:// (e.g. postgresql://tierbot@db.internal:5432/"
                "tierbot) or sqlite:/// (e.g. sqlite:///./tierbot.sqlite3)"
            )
        if value is not None and not value.startswith("sqlite:"):
            try:
                urlsplit(value).port  # noqa: B018 - parsing it is the check
            except ValueError:
                raise ValueError("the port must be a number from 1 to 65535") from None
        return value

    @field_validator("shard_count", "shard_ids", "metrics_port", mode="before")
    @classmethod
    def _blank_shards_are_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("shard_ids")
    @classmethod
    def _shard_ids(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            parse_shard_ids(value, info.data.get("shard_count"))
        return value

    @property
    def shard_plan(self) -> ShardPlan:
        ids = None if self.shard_ids is None else parse_shard_ids(self.shard_ids, self.shard_count)
        return ShardPlan(self.shard_count, ids)

    @field_validator("discord_token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("discord_api_base")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("discord_gateway_url")
    @classmethod
    def _ws_url(cls, value: str) -> str:
        if not value.startswith(("ws://", "wss://")):
            raise ValueError("must start with ws:// or wss://")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def uses_real_discord(self) -> bool:
        return self.discord_api_base == DEFAULT_API_BASE


class SettingsError(Exception):
    """An invalid setting, described in one line that names the variable."""


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning pydantic's report into one clear line per bad variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise SettingsError(describe_validation_error(exc)) from None


def describe_validation_error(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        variable = "_".join(str(part) for part in error["loc"]).upper() or "settings"
        lines.append(f"Invalid setting {variable}: {error['msg']}.")
    return "\n".join(lines)
