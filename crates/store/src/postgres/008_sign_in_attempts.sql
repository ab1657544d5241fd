-- Version 8: sign-in attempts, counted before a password is judged so that
-- parallel requests and restarts cannot get around the limit. One row a key
-- (an account or a client address, as a hash: what people typed is not
-- kept); a window starts at its key's first attempt. A small table read by
-- key, like the sessions.
CREATE TABLE IF NOT EXISTS sign_in_attempt (
    key_hash      TEXT PRIMARY KEY,             -- SHA-256 of the account or address
    attempts      BIGINT NOT NULL,
    window_start  BIGINT NOT NULL               -- Unix seconds
);
