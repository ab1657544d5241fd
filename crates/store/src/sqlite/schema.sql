-- intake schema, version 1. Every table leads with the institution id.

CREATE TABLE institution (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    languages           TEXT NOT NULL,            -- comma-separated ISO 639-1 codes
    default_language    TEXT NOT NULL,
    default_title       TEXT NOT NULL,
    next_contact_number INTEGER NOT NULL,
    created_at          TEXT NOT NULL
);

CREATE TABLE contact (
    institution_id  INTEGER NOT NULL REFERENCES institution(id),
    contact_number  INTEGER NOT NULL,
    contact_type    TEXT NOT NULL,
    title           TEXT NOT NULL,
    first_name      TEXT NOT NULL,
    last_name       TEXT NOT NULL,
    birthdate       TEXT,                         -- yyyy-mm-dd
    language        TEXT NOT NULL,
    email           TEXT,
    email_key       TEXT,                         -- lower-cased email
    structure_name  TEXT,
    address_line1   TEXT,
    address_line2   TEXT,
    postal_code     TEXT,
    town            TEXT,
    state           TEXT,
    country         TEXT,                         -- ISO 3166-1 alpha-2
    status          TEXT NOT NULL DEFAULT 'active',
    origin          TEXT NOT NULL,                -- "created from"
    import_id       INTEGER,
    source_row      INTEGER,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (institution_id, contact_number)
) WITHOUT ROWID;

CREATE INDEX contact_email ON contact (institution_id, email_key);
CREATE INDEX contact_origin ON contact (institution_id, origin);

CREATE TABLE import (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id  INTEGER NOT NULL REFERENCES institution(id),
    name            TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    mode            TEXT NOT NULL,
    dry_run         INTEGER NOT NULL,
    status          TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    host            TEXT NOT NULL,
    pid             INTEGER NOT NULL,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    rows_read       INTEGER NOT NULL DEFAULT 0,
    created         INTEGER NOT NULL DEFAULT 0,
    updated         INTEGER NOT NULL DEFAULT 0,
    unchanged       INTEGER NOT NULL DEFAULT 0,
    skipped         INTEGER NOT NULL DEFAULT 0,
    rejected        INTEGER NOT NULL DEFAULT 0,
    file_format     TEXT NOT NULL DEFAULT '',
    file_encoding   TEXT,
    file_separator  TEXT,
    file_rows       INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX import_institution ON import (institution_id, id);

CREATE TABLE log_line (
    institution_id  INTEGER NOT NULL,
    import_id       INTEGER NOT NULL REFERENCES import(id),
    seq             INTEGER NOT NULL,
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
    PRIMARY KEY (institution_id, import_id, seq)
) WITHOUT ROWID;
