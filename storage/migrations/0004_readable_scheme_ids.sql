-- Scheme ids a marketer can read: the default four-tier cut was stored as 'seed' and the
-- fitness guide's cut as 'seed-003'. Stored choices and the scheme each shortlist entry was
-- recorded under move to the new ids; the bot still accepts the old ids as input.
-- (SQLite can't change a column default in place; the code always writes scheme_id, so the
-- old 'seed' default on guild_settings is never used.)
UPDATE guild_settings SET scheme_id = 'four-tier' WHERE scheme_id = 'seed';
UPDATE guild_settings SET scheme_id = 'fitness-guide' WHERE scheme_id = 'seed-003';
UPDATE shortlist_entries SET scheme_id = 'four-tier' WHERE scheme_id = 'seed';
UPDATE shortlist_entries SET scheme_id = 'fitness-guide' WHERE scheme_id = 'seed-003';
