-- The twin of ../0007_shortlist_status_index.sql: the show and lists summaries count entries
-- per status and per tier from followers, which 0003's index does not cover.
DROP INDEX IF EXISTS shortlist_entries_summary;
CREATE INDEX shortlist_entries_by_status ON shortlist_entries (list_id, status, followers);
