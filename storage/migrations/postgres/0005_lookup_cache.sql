-- PostgreSQL twin of ../0005_lookup_cache.sql (issue 18).
CREATE TABLE lookup_cache (
    platform   TEXT NOT NULL,
    handle_key TEXT NOT NULL,
    figures    JSONB NOT NULL,
    fetched_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (platform, handle_key)
);

CREATE TABLE api_quota_usage (
    api       TEXT NOT NULL,
    quota_day DATE NOT NULL,
    units     INTEGER NOT NULL DEFAULT 0 CHECK (units >= 0),
    PRIMARY KEY (api, quota_day)
);

ALTER TABLE shortlist_entries
    ADD COLUMN figures_source TEXT,
    ADD COLUMN figures_at TIMESTAMPTZ;
