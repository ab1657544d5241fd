-- Version 6: log lines keyed by one integer, `line` = the import's id × 2³²
-- + the line's number, SQLite's rowid. An import appends its lines in key
-- order, which a rowid table takes at the end of its last page; the former
-- key (institution, import, number) was a second B-tree comparison a line,
-- and the foreign key on the import a lookup a line (an eighth of a dry
-- run's time went into writing its log). The institution stays the first
-- column of every table; an import's lines are the key range of its id, and
-- the few lines without a row (headers, summaries) are indexed by import
-- for the questions asked of them ("was this import undone?").
CREATE TABLE log_line_by_key (
    institution_id  INTEGER NOT NULL,
    import_id       INTEGER NOT NULL,
    seq             INTEGER NOT NULL,
    line            INTEGER PRIMARY KEY,          -- import_id * 2^32 + seq
    phase           INTEGER NOT NULL,
    at              TEXT NOT NULL,
    level           TEXT NOT NULL,
    category        TEXT NOT NULL,
    row_number      INTEGER,
    column_name     TEXT,
    code            TEXT,
    value           TEXT,
    outcome         TEXT,
    message_id      TEXT NOT NULL,
    args            TEXT NOT NULL,                -- JSON object of the message's values
    CHECK (line = (import_id << 32) + seq AND seq BETWEEN 1 AND 4294967295)
);

INSERT INTO log_line_by_key (institution_id, import_id, seq, line, phase, at, level,
        category, row_number, column_name, code, value, outcome, message_id, args)
    SELECT institution_id, import_id, seq, (import_id << 32) + seq, phase, at, level,
        category, row_number, column_name, code, value, outcome, message_id, args
    FROM log_line ORDER BY import_id, seq;

DROP TABLE log_line;
ALTER TABLE log_line_by_key RENAME TO log_line;

CREATE INDEX log_line_without_row ON log_line (institution_id, import_id, message_id)
    WHERE row_number IS NULL;
