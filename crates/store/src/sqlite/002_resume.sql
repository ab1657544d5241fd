-- Version 2: what an interrupted import needs to resume.
ALTER TABLE import ADD COLUMN file_path TEXT NOT NULL DEFAULT '';
ALTER TABLE import ADD COLUMN file_size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
ALTER TABLE import ADD COLUMN checkpoint_row INTEGER;
