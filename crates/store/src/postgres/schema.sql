-- intake schema for PostgreSQL, version 1. Every table and index leads with
-- the institution id, the column a tenant-sharded cluster (Citus) would
-- distribute on.

CREATE TABLE institution (
    id                  BIGSERIAL PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    languages           TEXT NOT NULL,
    default_language    TEXT NOT NULL,
    default_title       TEXT NOT NULL,
    next_contact_number BIGINT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL
);

CREATE TABLE contact (
    institution_id  BIGINT NOT NULL REFERENCES institution(id),
    contact_number  BIGINT NOT NULL,
    contact_type    TEXT NOT NULL,
    title           TEXT NOT NULL,
    first_name      TEXT NOT NULL,
    last_name       TEXT NOT NULL,
    birthdate       DATE,
    language        TEXT NOT NULL,
    email           TEXT,
    email_key       TEXT,
    structure_name  TEXT,
    address_line1   TEXT,
    address_line2   TEXT,
    postal_code     TEXT,
    town            TEXT,
    state           TEXT,
    country         TEXT,
    status          TEXT NOT NULL DEFAULT 'active',
    origin          TEXT NOT NULL,
    import_id       BIGINT,
    source_row      BIGINT,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (institution_id, contact_number)
);

CREATE INDEX contact_email ON contact (institution_id, email_key);
CREATE INDEX contact_origin ON contact (institution_id, origin);

CREATE TABLE import (
    institution_id  BIGINT NOT NULL REFERENCES institution(id),
    id              BIGSERIAL NOT NULL,
    name            TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    mode            TEXT NOT NULL,
    dry_run         BOOLEAN NOT NULL,
    status          TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    host            TEXT NOT NULL,
    pid             BIGINT NOT NULL,
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    rows_read       BIGINT NOT NULL DEFAULT 0,
    created         BIGINT NOT NULL DEFAULT 0,
    updated         BIGINT NOT NULL DEFAULT 0,
    unchanged       BIGINT NOT NULL DEFAULT 0,
    skipped         BIGINT NOT NULL DEFAULT 0,
    rejected        BIGINT NOT NULL DEFAULT 0,
    file_format     TEXT NOT NULL DEFAULT '',
    file_encoding   TEXT,
    file_separator  TEXT,
    file_rows       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (institution_id, id)
);

CREATE TABLE log_line (
    institution_id  BIGINT NOT NULL,
    import_id       BIGINT NOT NULL,
    seq             BIGINT NOT NULL,
    phase           SMALLINT NOT NULL,
    at              TIMESTAMPTZ NOT NULL,
    level           TEXT NOT NULL,
    category        TEXT NOT NULL,
    row_number      BIGINT,
    column_name     TEXT,
    code            TEXT,
    value           TEXT,
    outcome         TEXT,
    message_id      TEXT NOT NULL,
    args            TEXT NOT NULL,
    PRIMARY KEY (institution_id, import_id, seq),
    FOREIGN KEY (institution_id, import_id) REFERENCES import (institution_id, id)
);
