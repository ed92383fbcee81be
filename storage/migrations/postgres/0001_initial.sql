-- Per-guild settings, command-sync state and the guilds the bot is in.
-- The PostgreSQL twin of ../0001_initial.sql: BIGINT for Discord ids, TIMESTAMPTZ for times.

CREATE TABLE guild_settings (
    guild_id      BIGINT      PRIMARY KEY,
    scheme_id     TEXT        NOT NULL DEFAULT 'seed',
    custom_scheme JSONB,                          -- thresholds when scheme_id = 'custom'
    updated_by    BIGINT,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (scheme_id <> 'custom' OR custom_scheme IS NOT NULL)
);

CREATE TABLE command_sync (
    application_id BIGINT      NOT NULL,
    scope          TEXT        NOT NULL,          -- 'global' or 'guild:<id>'
    payload_hash   TEXT        NOT NULL,
    synced_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (application_id, scope)
);

CREATE TABLE guild_presence (
    guild_id  BIGINT      PRIMARY KEY,
    joined_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    left_at   TIMESTAMPTZ
);

CREATE INDEX guild_presence_left_at ON guild_presence (left_at) WHERE left_at IS NOT NULL;
