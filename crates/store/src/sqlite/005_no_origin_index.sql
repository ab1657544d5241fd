-- Version 5: no index on a contact's origin. Every contact of an import has
-- the same origin, and keeping those equal keys in an index slowed every
-- import down. The "created from" filter reads the institution's contacts in
-- number order and filters them, as listing them all does.
DROP INDEX IF EXISTS contact_origin;
