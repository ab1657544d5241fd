-- Version 11: an import's mode and status, and a contact's status, are
-- closed sets; the base refuses any other value (the code reads one it
-- does not know as a corrupt base, never as a default). NOT VALID: rows
-- written before are not scanned (a base of millions of contacts opens
-- at once); every write from now on is checked.
ALTER TABLE import DROP CONSTRAINT IF EXISTS import_mode_known;
ALTER TABLE import ADD CONSTRAINT import_mode_known CHECK (mode IN
    ('create', 'update', 'upsert', 'qualify', 'inactivate', 'anonymize', 'delete')) NOT VALID;
ALTER TABLE import DROP CONSTRAINT IF EXISTS import_status_known;
ALTER TABLE import ADD CONSTRAINT import_status_known CHECK (status IN
    ('queued', 'running', 'completed', 'failed', 'cancelled')) NOT VALID;
ALTER TABLE contact DROP CONSTRAINT IF EXISTS contact_status_known;
ALTER TABLE contact ADD CONSTRAINT contact_status_known CHECK (status IN
    ('active', 'inactive', 'anonymized')) NOT VALID;
