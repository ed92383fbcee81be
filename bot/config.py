"""Settings from the environment or `.env` (pydantic-settings reads it through python-dotenv)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.lookups.urls import check_api_base
from bot.shards import ShardPlan, parse_shard_ids

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]

DEFAULT_API_BASE = "https://discord.com/api/v10"
DEFAULT_GATEWAY_URL = "wss://gateway.discord.gg/"
DATABASE_URL_SCHEMES = ("postgresql://", "postgres://", "sqlite:///")
DEFAULT_YOUTUBE_API_BASE = "https://www.googleapis.com/youtube/v3"
DEFAULT_TWITCH_API_BASE = "https://api.twitch.tv/helix"
DEFAULT_TWITCH_AUTH_BASE = "https://id.twitch.tv/oauth2"
DEFAULT_INSTAGRAM_GRAPH_BASE = "https://graph.facebook.com/v21.0"
DEFAULT_X_API_BASE = "https://api.x.com"


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
    log_format: Literal["text", "json"] = Field(
        default="text", description="`json`: one JSON object a line, for log shippers."
    )
    guild_data_retention_days: int = Field(
        default=30,
        ge=0,
        le=3650,
        description="Days a removed server's data is kept in case the bot is added back.",
    )
    # Creator lookups through the platforms' official APIs (bot/lookups/). No key: no lookup.
    youtube_api_key: SecretStr | None = Field(default=None, description="YouTube Data API v3 key.")
    twitch_client_id: str | None = Field(default=None, description="Twitch application id.")
    twitch_client_secret: SecretStr | None = Field(default=None, description="Twitch secret.")
    instagram_access_token: SecretStr | None = Field(
        default=None, description="Meta access token with instagram_basic (Business Discovery)."
    )
    instagram_business_account_id: str | None = Field(
        default=None, description="Your own Instagram Business or Creator account id."
    )
    x_bearer_token: SecretStr | None = Field(default=None, description="X API v2 app token.")
    youtube_api_base: str = Field(default=DEFAULT_YOUTUBE_API_BASE)
    twitch_api_base: str = Field(default=DEFAULT_TWITCH_API_BASE)
    twitch_auth_base: str = Field(default=DEFAULT_TWITCH_AUTH_BASE)
    instagram_graph_base: str = Field(default=DEFAULT_INSTAGRAM_GRAPH_BASE)
    x_api_base: str = Field(default=DEFAULT_X_API_BASE)
    lookup_cache_hours: int = Field(default=24, ge=0, le=24 * 90)
    youtube_daily_units: int = Field(default=9000, ge=0, le=10_000_000)
    lookup_csv_max_rows: int = Field(default=200, ge=0, le=5000)
    # uvloop and orjson are Tierbot's dependencies (uvloop on Linux); "auto" uses each when
    # installed. bench/speedups.py turns them off to measure what they buy.
    event_loop: Literal["auto", "asyncio", "uvloop"] = Field(
        default="auto", description="The event loop: auto (uvloop when installed), asyncio, uvloop."
    )
    json_library: Literal["auto", "orjson", "stdlib"] = Field(
        default="auto",
        description="discord.py's JSON: auto (orjson when installed), orjson, stdlib.",
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
        # The message never repeats the value (it may hold a password), only its host.
        if value is None:
            return value
        host = _host_of(value)
        if not value.startswith(DATABASE_URL_SCHEMES):
            raise ValueError(
                f"the URL{host} must start with postgresql:// (e.g. postgresql://tierbot@"
                "db.internal:5432/tierbot) or sqlite:/// (e.g. sqlite:///./tierbot.sqlite3)"
            )
        if not value.startswith("sqlite:"):
            try:
                urlsplit(value).port  # noqa: B018 - parsing it is the check
            except ValueError:
                raise ValueError(f"the port{host} must be a number from 1 to 65535") from None
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

    @field_validator(
        "youtube_api_key",
        "twitch_client_id",
        "twitch_client_secret",
        "instagram_access_token",
        "instagram_business_account_id",
        "x_bearer_token",
        mode="before",
    )
    @classmethod
    def _blank_key_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator(
        "youtube_api_base",
        "twitch_api_base",
        "twitch_auth_base",
        "instagram_graph_base",
        "x_api_base",
    )
    @classmethod
    def _lookup_base(cls, value: str) -> str:
        # Keys travel to these bases: https only, or plain http to this machine (the fakes).
        return check_api_base(value)

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

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    def secret_values(self) -> list[str]:
        """Every key and token, for the log filter that redacts them."""
        secrets = [
            self.discord_token,
            self.youtube_api_key,
            self.twitch_client_secret,
            self.instagram_access_token,
            self.x_bearer_token,
        ]
        return [secret.get_secret_value() for secret in secrets if secret is not None]

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


def _host_of(url: str) -> str:
    """ " for db.internal" when the URL names a host, else "" (for messages)."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return ""
    return f" for {host}" if host else ""


def describe_validation_error(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        variable = "_".join(str(part) for part in error["loc"]).upper() or "settings"
        # pydantic prefixes a validator's own message with "Value error, ": not for users.
        message = str(error["msg"]).removeprefix("Value error, ")
        lines.append(f"Invalid setting {variable}: {message}.")
    return "\n".join(lines)
