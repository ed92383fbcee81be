-- The /shortlist show summary counts a list's entries per tier and status. The show-order
-- index has no status column, so SQLite read every entry's row for it (0.5 ms for a
-- 1,000-entry list, half of /shortlist show's database time); this index covers the query.
CREATE INDEX shortlist_entries_summary ON shortlist_entries (list_id, tier_rank, status);
