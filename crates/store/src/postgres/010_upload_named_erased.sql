-- Version 10: an import whose log named a person an anonymize or a delete
-- erased is marked in the same transaction as the erase: its uploaded
-- file holds that person too, and goes when the erasing import ends, even
-- if it was interrupted after that batch and resumed.
ALTER TABLE import ADD COLUMN IF NOT EXISTS upload_named_erased BOOLEAN NOT NULL DEFAULT false;
