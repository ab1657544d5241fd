-- Version 4: the web application. The people who sign in, their sessions and
-- API tokens (small tables read by key: a cluster sharded by institution keeps
-- them as reference tables), and what the job queue needs on an import.
CREATE TABLE app_user (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id  BIGINT NOT NULL REFERENCES institution(id),
    email           TEXT NOT NULL UNIQUE,         -- lower-cased
    role            TEXT NOT NULL,                -- admin | staff
    password_hash   TEXT NOT NULL,                -- Argon2id, PHC string
    language        TEXT,
    created_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE web_session (
    token_hash  TEXT PRIMARY KEY,                 -- SHA-256 of the cookie value
    user_id     BIGINT NOT NULL REFERENCES app_user(id),
    csrf        TEXT NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE api_token (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES app_user(id),
    token_hash  TEXT NOT NULL UNIQUE,             -- SHA-256 of the token
    label       TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);

ALTER TABLE import ADD COLUMN job BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE import ADD COLUMN notify TEXT;
ALTER TABLE import ADD COLUMN lang TEXT;
ALTER TABLE import ADD COLUMN lease_until TIMESTAMPTZ;
ALTER TABLE import ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE import ADD COLUMN progress DOUBLE PRECISION NOT NULL DEFAULT 0;

CREATE INDEX import_queue ON import (status, id);
