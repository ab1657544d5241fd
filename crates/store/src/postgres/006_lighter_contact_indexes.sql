-- Version 6: lighter indexes on contact, measured on a 1M-row import
-- (BENCHMARKS.md, 2026-12-02, second session):
--
-- * No index on a contact's origin. Every contact of an import has the same
--   origin, and keeping those equal keys in a B-tree cost the server 1.6-3 s.
--   The "created from" filter now reads the institution's contacts and
--   filters them (on PostgreSQL a scan of the table), as listing them does.
-- * Emails are found again with a hash index. Each new contact inserted its
--   key at a random place of a B-tree (+6 s of the server's time for 1M
--   rows); a hash index takes it in a bucket (+2.6 s). Emails are only ever
--   looked up by equality (`=`, `IN`, `= ANY`). It does not lead with
--   institution_id, because a hash index has one column: it is not unique,
--   every query through it also filters on institution_id, and a cluster
--   that shards by institution builds it in each shard, as any index.
--
-- The new index is built first, under a SHARE lock (reads go on, writes
-- wait: a few seconds per million contacts); the old ones are dropped last,
-- so the exclusive lock that DROP INDEX takes lasts only until the commit
-- right after. An email index that a base's administrator renamed is not
-- found here and stays, next to this one.
CREATE INDEX contact_email_hash ON contact USING hash (email_key);
DROP INDEX IF EXISTS contact_origin;
DROP INDEX IF EXISTS contact_email;
ALTER INDEX contact_email_hash RENAME TO contact_email;
