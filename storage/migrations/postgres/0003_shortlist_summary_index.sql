-- The /shortlist show summary counts a list's entries per tier and status.
CREATE INDEX shortlist_entries_summary ON shortlist_entries (list_id, tier_rank, status);
