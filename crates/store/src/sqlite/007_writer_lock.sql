-- Version 7: who writes into an institution, for whoever waits. The lock
-- itself is the system's (a file lock beside the base, released when its
-- process ends however it ends); this row only says who holds it.
CREATE TABLE IF NOT EXISTS writer_lock (
    institution_id  INTEGER PRIMARY KEY REFERENCES institution(id),
    import_id       INTEGER,
    what            TEXT NOT NULL,                -- import | undo
    started_by      TEXT NOT NULL,
    since           TEXT NOT NULL
);
