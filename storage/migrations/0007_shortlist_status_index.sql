-- /shortlist show and /shortlist lists count a list's entries per status and per tier, the
-- tier from each entry's followers under the scheme in use now (not the stored rank). 0003's
-- index (list_id, tier_rank, status) has no followers, so SQLite read every entry's row and
-- sorted them for the GROUP BY (0.38 ms for a 1,000-entry list, the largest part of a show).
-- This one covers those queries, in status order: no table reads, no temporary B-tree.
DROP INDEX IF EXISTS shortlist_entries_summary;
CREATE INDEX shortlist_entries_by_status ON shortlist_entries (list_id, status, followers);
