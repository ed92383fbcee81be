-- Team shortlists: lists per guild, creators on them, and an audit trail of every change.
--
-- Portability: everything here is plain SQL that PostgreSQL also runs, except
-- AUTOINCREMENT (PostgreSQL: GENERATED ALWAYS AS IDENTITY), which keeps SQLite from reusing
-- the id of a deleted list, so an old "page" button or audit row never points at a new list.

CREATE TABLE shortlists (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id    INTEGER NOT NULL,
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    -- Case- and space-folded name, computed by the application (Unicode casefold): names are
    -- unique per guild ignoring case, for every script, on every database.
    name_key    TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '' CHECK (length(description) <= 200),
    created_by  INTEGER NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    UNIQUE (guild_id, name_key)          -- also serves lookups and autocomplete by name
);

CREATE TABLE shortlist_entries (
    id               INTEGER PRIMARY KEY,
    list_id          INTEGER NOT NULL REFERENCES shortlists (id) ON DELETE CASCADE,
    platform         TEXT    NOT NULL CHECK (platform IN
                         ('instagram', 'tiktok', 'youtube', 'x', 'facebook', 'snapchat', 'twitch')),
    handle_key       TEXT    NOT NULL,    -- bot.domain.handles.Handle.key: one per account
    handle           TEXT    NOT NULL,    -- as typed, for display
    profile_url      TEXT    NOT NULL,
    followers        INTEGER CHECK (followers IS NULL OR followers >= 1),
    likes            INTEGER CHECK (likes IS NULL OR likes >= 0),
    comments         INTEGER CHECK (comments IS NULL OR comments >= 0),
    shares           INTEGER CHECK (shares IS NULL OR shares >= 0),
    saves            INTEGER CHECK (saves IS NULL OR saves >= 0),
    views            INTEGER CHECK (views IS NULL OR views >= 0),
    engagement_rate  REAL    CHECK (engagement_rate IS NULL OR engagement_rate >= 0),
    engagement_basis TEXT    CHECK (engagement_basis IS NULL OR
                                    engagement_basis IN ('followers', 'views')),
    tier             TEXT    CHECK (tier IS NULL OR tier IN ('nano', 'micro', 'mid', 'macro', 'mega')),
    tier_label       TEXT,
    -- Sort rank of the tier under the scheme used when the figures were recorded:
    -- -1 no followers, 0 emerging, 2*rank+2 for a tier, 2*rank+3 for the gap above it.
    tier_rank        INTEGER NOT NULL DEFAULT -1,
    scheme_id        TEXT,
    status           TEXT    NOT NULL DEFAULT 'prospect' CHECK (status IN
                         ('prospect', 'contacted', 'negotiating', 'confirmed', 'declined')),
    notes            TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 500),
    added_by         INTEGER NOT NULL,
    added_at         TEXT    NOT NULL,
    updated_by       INTEGER NOT NULL,
    updated_at       TEXT    NOT NULL,
    CHECK (followers IS NOT NULL OR tier_rank = -1),
    UNIQUE (list_id, platform, handle_key)  -- the duplicate guard; also finds one entry
);

-- /shortlist show and export read in this order; `lists` and the show summary group on its
-- leading columns without touching the table.
CREATE INDEX shortlist_entries_by_rank
    ON shortlist_entries (list_id, tier_rank DESC, followers DESC, id);

-- The audit trail. list_id is deliberately not a foreign key: a deleted list's trail stays
-- (with the list's name at the time) until the guild's data is purged, so a team can still
-- see who deleted what. guild_id makes the trail part of the guild's data for purges.
CREATE TABLE shortlist_audit (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id   INTEGER NOT NULL,
    list_id    INTEGER NOT NULL,
    list_name  TEXT    NOT NULL,
    list_key   TEXT    NOT NULL,
    actor_id   INTEGER NOT NULL,
    action     TEXT    NOT NULL CHECK (action IN
                   ('create', 'add', 'update', 'status', 'note', 'remove', 'rename', 'delete',
                    'import')),
    detail     TEXT    NOT NULL DEFAULT '' CHECK (length(detail) <= 300),
    created_at TEXT    NOT NULL
);

CREATE INDEX shortlist_audit_by_list ON shortlist_audit (list_id, id);
-- Finds a deleted list's trail by the name it had, and serves guild purges.
CREATE INDEX shortlist_audit_by_name ON shortlist_audit (guild_id, list_key, id);
