-- Version 3: no foreign keys on the bulk tables. PostgreSQL checks them with
-- a trigger per inserted row, which doubled the cost of COPY; the engine is
-- the only writer and takes institution and import ids from the base. (A
-- cluster sharded by institution could not keep them either.)
ALTER TABLE contact DROP CONSTRAINT IF EXISTS contact_institution_id_fkey;
ALTER TABLE log_line DROP CONSTRAINT IF EXISTS log_line_institution_id_import_id_fkey;
