-- Version 7: who writes into an institution, for whoever waits. The lock
-- itself is an advisory lock held by a connection of the writer's own
-- (released when it closes, however its process ends); this row only
-- says who holds it.
CREATE TABLE IF NOT EXISTS writer_lock (
    institution_id  BIGINT PRIMARY KEY REFERENCES institution(id),
    import_id       BIGINT,
    what            TEXT NOT NULL,
    started_by      TEXT NOT NULL,
    since           TIMESTAMPTZ NOT NULL
);
