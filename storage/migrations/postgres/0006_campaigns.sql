-- Campaigns on PostgreSQL: the twin of ../0006_campaigns.sql (same tables, columns and rules).
-- Discord ids and counts are BIGINT; identities are never reused, like SQLite AUTOINCREMENT;
-- timestamps stay ISO-8601 UTC text, as on SQLite, so one mapping reads both.

CREATE TABLE campaigns (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id     BIGINT  NOT NULL,
    name         TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    -- Case- and space-folded by the application (Unicode casefold), as for shortlists.
    name_key     TEXT    NOT NULL,
    goal         TEXT    NOT NULL CHECK (goal IN
                     ('awareness', 'engagement', 'conversions', 'launch', 'local', 'always-on')),
    platform     TEXT    NOT NULL,
    currency     TEXT    NOT NULL CHECK (length(currency) = 3),
    budget       DOUBLE PRECISION NOT NULL CHECK (budget > 0),
    weeks        INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 52),
    -- The plan's tier lines as JSON (bot.domain.campaign.models.PlannedTier): read whole,
    -- never queried, and fixed once the campaign is created.
    plan_json    TEXT    NOT NULL,
    -- The shortlist the campaign books from; kept when that list is deleted (set to NULL).
    shortlist_id BIGINT  REFERENCES shortlists (id) ON DELETE SET NULL,
    state        TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    created_by   BIGINT  NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    closed_at    TEXT,
    UNIQUE (guild_id, name_key)
);

CREATE TABLE campaign_bookings (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id BIGINT  NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    platform    TEXT    NOT NULL CHECK (platform IN
                    ('instagram', 'tiktok', 'youtube', 'x', 'facebook', 'snapchat', 'twitch')),
    handle_key  TEXT    NOT NULL,
    handle      TEXT    NOT NULL,
    followers   BIGINT  CHECK (followers IS NULL OR followers >= 1),
    tier        TEXT    CHECK (tier IS NULL OR tier IN ('nano', 'micro', 'mid', 'macro', 'mega')),
    fee         DOUBLE PRECISION CHECK (fee IS NULL OR fee >= 0),
    booked_by   BIGINT  NOT NULL,
    booked_at   TEXT    NOT NULL,
    UNIQUE (campaign_id, platform, handle_key)
);

CREATE TABLE campaign_posts (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id  BIGINT  NOT NULL REFERENCES campaign_bookings (id) ON DELETE CASCADE,
    label       TEXT    NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    label_key   TEXT    NOT NULL,
    views       BIGINT  NOT NULL CHECK (views >= 0),
    likes       BIGINT  CHECK (likes IS NULL OR likes >= 0),
    comments    BIGINT  CHECK (comments IS NULL OR comments >= 0),
    shares      BIGINT  CHECK (shares IS NULL OR shares >= 0),
    saves       BIGINT  CHECK (saves IS NULL OR saves >= 0),
    clicks      BIGINT  CHECK (clicks IS NULL OR clicks >= 0),
    conversions BIGINT  CHECK (conversions IS NULL OR conversions >= 0),
    fee         DOUBLE PRECISION CHECK (fee IS NULL OR fee >= 0),
    recorded_by BIGINT  NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (booking_id, label_key)  -- a correction replaces the post with the same label
);

-- The audit trail outlives a deleted campaign (campaign_id is not a foreign key) until the
-- guild's data is purged; guild_id puts it in the purge.
CREATE TABLE campaign_audit (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id      BIGINT  NOT NULL,
    campaign_id   BIGINT  NOT NULL,
    campaign_name TEXT    NOT NULL,
    actor_id      BIGINT  NOT NULL,
    action        TEXT    NOT NULL CHECK (action IN
                      ('create', 'book', 'unbook', 'result', 'correct', 'import', 'close',
                       'delete')),
    detail        TEXT    NOT NULL DEFAULT '' CHECK (length(detail) <= 300),
    created_at    TEXT    NOT NULL
);

CREATE INDEX campaign_audit_by_campaign ON campaign_audit (campaign_id, id);
CREATE INDEX campaign_audit_by_guild ON campaign_audit (guild_id);
