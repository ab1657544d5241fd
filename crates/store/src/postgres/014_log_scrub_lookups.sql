-- Version 14: the log lines an anonymize or a delete erases, found by
-- index a batch at a time instead of by a scan of the whole log a batch
-- (an anonymize of 100,000 contacts over a log of 420,000 lines took 89 s
-- on SQLite): the lines about a person (their subject, the hash of their
-- email key), the lines of a row (the row that created or changed a
-- contact), and the lines written before subjects were, or of a row
-- without an email, by value. Lines are appended in row order, so the
-- row index grows at its end.
CREATE INDEX log_line_subject ON log_line (institution_id, subject)
    WHERE subject IS NOT NULL;
CREATE INDEX log_line_row ON log_line (institution_id, import_id, row_number)
    WHERE row_number IS NOT NULL;
-- By value, a hash: a value logged may hold 1,000 characters of four
-- bytes, past what a B-tree entry takes (2,704 bytes), and the log's COPY
-- failed on it.
CREATE INDEX log_line_value ON log_line USING hash (value)
    WHERE subject IS NULL AND value IS NOT NULL;
