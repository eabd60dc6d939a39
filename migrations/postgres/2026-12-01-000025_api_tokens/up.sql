-- Long-lived bearer tokens of integration users, limited by scopes. Only a hash of the
-- token is kept; the token itself is shown once, when it is created.
CREATE TABLE api_tokens (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id),
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    -- The first characters of the token, to tell tokens apart in lists.
    token_start   TEXT NOT NULL,
    scopes        TEXT NOT NULL,
    created_by    TEXT NOT NULL REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP,
    revoked_at    TIMESTAMP,
    last_used_at  TIMESTAMP
);
CREATE INDEX api_tokens_created_idx ON api_tokens (created_at, id);
