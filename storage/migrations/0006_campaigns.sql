-- Campaigns: a stored /mix plan, the creators booked, each post's results, and an audit trail.
--
-- Portability: plain SQL PostgreSQL also runs (its twin is postgres/0006_campaigns.sql),
-- except AUTOINCREMENT, which keeps SQLite from reusing a deleted campaign's id.

CREATE TABLE campaigns (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id     INTEGER NOT NULL,
    name         TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    -- Case- and space-folded by the application (Unicode casefold), as for shortlists.
    name_key     TEXT    NOT NULL,
    goal         TEXT    NOT NULL CHECK (goal IN
                     ('awareness', 'engagement', 'conversions', 'launch', 'local', 'always-on')),
    platform     TEXT    NOT NULL,
    currency     TEXT    NOT NULL CHECK (length(currency) = 3),
    budget       REAL    NOT NULL CHECK (budget > 0),
    weeks        INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 52),
    -- The plan's tier lines as JSON (bot.domain.campaign.models.PlannedTier): read whole,
    -- never queried, and fixed once the campaign is created.
    plan_json    TEXT    NOT NULL,
    -- The shortlist the campaign books from; kept when that list is deleted (set to NULL).
    shortlist_id INTEGER REFERENCES shortlists (id) ON DELETE SET NULL,
    state        TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    created_by   INTEGER NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    closed_at    TEXT,
    UNIQUE (guild_id, name_key)
);

CREATE TABLE campaign_bookings (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    platform    TEXT    NOT NULL CHECK (platform IN
                    ('instagram', 'tiktok', 'youtube', 'x', 'facebook', 'snapchat', 'twitch')),
    handle_key  TEXT    NOT NULL,
    handle      TEXT    NOT NULL,
    followers   INTEGER CHECK (followers IS NULL OR followers >= 1),
    tier        TEXT    CHECK (tier IS NULL OR tier IN ('nano', 'micro', 'mid', 'macro', 'mega')),
    fee         REAL    CHECK (fee IS NULL OR fee >= 0),
    booked_by   INTEGER NOT NULL,
    booked_at   TEXT    NOT NULL,
    UNIQUE (campaign_id, platform, handle_key)
);

CREATE TABLE campaign_posts (
    id          INTEGER PRIMARY KEY,
    booking_id  INTEGER NOT NULL REFERENCES campaign_bookings (id) ON DELETE CASCADE,
    label       TEXT    NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    label_key   TEXT    NOT NULL,
    views       INTEGER NOT NULL CHECK (views >= 0),
    likes       INTEGER CHECK (likes IS NULL OR likes >= 0),
    comments    INTEGER CHECK (comments IS NULL OR comments >= 0),
    shares      INTEGER CHECK (shares IS NULL OR shares >= 0),
    saves       INTEGER CHECK (saves IS NULL OR saves >= 0),
    clicks      INTEGER CHECK (clicks IS NULL OR clicks >= 0),
    conversions INTEGER CHECK (conversions IS NULL OR conversions >= 0),
    fee         REAL    CHECK (fee IS NULL OR fee >= 0),
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (booking_id, label_key)  -- a correction replaces the post with the same label
);

-- The audit trail outlives a deleted campaign (campaign_id is not a foreign key) until the
-- guild's data is purged; guild_id puts it in the purge.
CREATE TABLE campaign_audit (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id      INTEGER NOT NULL,
    campaign_id   INTEGER NOT NULL,
    campaign_name TEXT    NOT NULL,
    actor_id      INTEGER NOT NULL,
    action        TEXT    NOT NULL CHECK (action IN
                      ('create', 'book', 'unbook', 'result', 'correct', 'import', 'close',
                       'delete')),
    detail        TEXT    NOT NULL DEFAULT '' CHECK (length(detail) <= 300),
    created_at    TEXT    NOT NULL
);

CREATE INDEX campaign_audit_by_campaign ON campaign_audit (campaign_id, id);
CREATE INDEX campaign_audit_by_guild ON campaign_audit (guild_id);
