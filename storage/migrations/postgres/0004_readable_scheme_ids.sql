-- Scheme ids a marketer can read (the SQLite twin is ../0004_readable_scheme_ids.sql):
-- 'seed' becomes 'four-tier' and 'seed-003' becomes 'fitness-guide', in stored choices and
-- in the scheme each shortlist entry was recorded under. Old ids stay accepted as input.
UPDATE guild_settings SET scheme_id = 'four-tier' WHERE scheme_id = 'seed';
UPDATE guild_settings SET scheme_id = 'fitness-guide' WHERE scheme_id = 'seed-003';
ALTER TABLE guild_settings ALTER COLUMN scheme_id SET DEFAULT 'four-tier';
UPDATE shortlist_entries SET scheme_id = 'four-tier' WHERE scheme_id = 'seed';
UPDATE shortlist_entries SET scheme_id = 'fitness-guide' WHERE scheme_id = 'seed-003';
