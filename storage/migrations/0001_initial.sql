-- Per-guild settings, command-sync state and the guilds the bot is in.

CREATE TABLE guild_settings (
    guild_id      INTEGER PRIMARY KEY,
    scheme_id     TEXT    NOT NULL DEFAULT 'seed',
    custom_scheme TEXT,                           -- JSON thresholds when scheme_id = 'custom'
    updated_by    INTEGER,
    updated_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK (scheme_id <> 'custom' OR custom_scheme IS NOT NULL)
);

-- The hash of the last command payload synced per application and scope, so start-up syncs
-- only when commands changed.
CREATE TABLE command_sync (
    application_id INTEGER NOT NULL,
    scope          TEXT    NOT NULL,              -- 'global' or 'guild:<id>'
    payload_hash   TEXT    NOT NULL,
    synced_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (application_id, scope)
);

-- Guild membership, for the data-retention grace period after the bot is removed.
CREATE TABLE guild_presence (
    guild_id  INTEGER PRIMARY KEY,
    joined_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    left_at   TEXT
);

CREATE INDEX guild_presence_left_at ON guild_presence (left_at) WHERE left_at IS NOT NULL;
