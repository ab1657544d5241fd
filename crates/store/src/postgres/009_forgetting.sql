-- Version 9: forgetting. A log line of a row names the person the row was
-- about by a hash of the row's email key (`subject`), so that erasing a
-- person erases every line about them in any import, dry runs included,
-- whatever the spelling of the value logged. (Not indexed: an index took
-- a third more time from a dry run that logs 100,000 lines, its random
-- inserts journaled statement by statement; an erase finds the lines in
-- the scan it makes anyway.) The personal values of an import's log
-- and its uploaded file are kept for the institution's retention period,
-- after which `erased_at` says they went.
ALTER TABLE log_line ADD COLUMN IF NOT EXISTS subject BIGINT;
ALTER TABLE institution ADD COLUMN IF NOT EXISTS retention_days BIGINT NOT NULL DEFAULT 90;
ALTER TABLE import ADD COLUMN IF NOT EXISTS erased_at TIMESTAMPTZ;
-- Lines erased before this version keep their outcome: their message says so.
UPDATE log_line SET message_id = 'log-erased' WHERE outcome = 'erased';
