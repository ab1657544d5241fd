-- Version 6: lighter indexes on contact, measured on a 1M-row import
-- (BENCHMARKS.md, 2026-12-02, second session):
--
-- * No index on a contact's origin. Every contact of an import has the same
--   origin, and keeping those equal keys in a B-tree cost the server 1.6-3 s.
--   The "created from" filter reads the institution's contacts in number
--   order (the primary key) and filters them, as listing them all does.
-- * Emails are found again with a hash index. Each new contact inserted its
--   key at a random place of a B-tree (+6 s of the server's time for 1M
--   rows); a hash index takes it in a bucket (+2.6 s). Emails are only ever
--   looked up by equality. It is the one index that does not lead with
--   institution_id, because a hash index has one column: it is not unique,
--   every query through it also filters on institution_id, and a cluster
--   that shards by institution builds it in each shard, as any index.
DROP INDEX IF EXISTS contact_origin;
DROP INDEX IF EXISTS contact_email;
CREATE INDEX contact_email ON contact USING hash (email_key);
