-- Creator lookups through the platforms' official APIs (issue 18). Public figures only,
-- shared by every server: which server asked is deliberately not stored.
CREATE TABLE lookup_cache (
    platform   TEXT NOT NULL,
    handle_key TEXT NOT NULL,
    figures    TEXT NOT NULL,  -- JSON of bot.domain.lookup.FetchedFigures
    fetched_at TEXT NOT NULL,  -- ISO-8601 UTC
    PRIMARY KEY (platform, handle_key)
);

-- Quota units spent per API and quota day (YouTube: the Pacific-time day).
CREATE TABLE api_quota_usage (
    api       TEXT NOT NULL,
    quota_day TEXT NOT NULL,  -- YYYY-MM-DD
    units     INTEGER NOT NULL DEFAULT 0 CHECK (units >= 0),
    PRIMARY KEY (api, quota_day)
);

-- Where a shortlist entry's figures came from: the API's name and when it reported them
-- (/shortlist refresh); NULL when a teammate typed or imported them (see updated_at).
ALTER TABLE shortlist_entries ADD COLUMN figures_source TEXT;
ALTER TABLE shortlist_entries ADD COLUMN figures_at TEXT;
