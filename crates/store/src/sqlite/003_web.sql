-- Version 3: the web application. The people who sign in, their sessions and
-- API tokens (small tables read by key: a cluster sharded by institution keeps
-- them as reference tables), and what the job queue needs on an import.
CREATE TABLE app_user (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id  INTEGER NOT NULL REFERENCES institution(id),
    email           TEXT NOT NULL UNIQUE,         -- lower-cased
    role            TEXT NOT NULL,                -- admin | staff
    password_hash   TEXT NOT NULL,                -- Argon2id, PHC string
    language        TEXT,
    created_at      TEXT NOT NULL
);

CREATE TABLE web_session (
    token_hash  TEXT PRIMARY KEY,                 -- SHA-256 of the cookie value
    user_id     INTEGER NOT NULL REFERENCES app_user(id),
    csrf        TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

CREATE TABLE api_token (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES app_user(id),
    token_hash  TEXT NOT NULL UNIQUE,             -- SHA-256 of the token
    label       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);

ALTER TABLE import ADD COLUMN job INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import ADD COLUMN notify TEXT;
ALTER TABLE import ADD COLUMN lang TEXT;
ALTER TABLE import ADD COLUMN lease_until TEXT;
ALTER TABLE import ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import ADD COLUMN progress REAL NOT NULL DEFAULT 0;

CREATE INDEX import_queue ON import (status, id);
