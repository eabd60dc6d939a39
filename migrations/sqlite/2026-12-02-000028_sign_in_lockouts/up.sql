-- Temporary sign-in lockouts after repeated failures, for one username as typed (known or
-- not) or one client address. An administrator may lift one before it ends.
CREATE TABLE sign_in_lockouts (
    id            TEXT PRIMARY KEY,
    -- `account` or `address`
    kind          TEXT NOT NULL,
    subject       TEXT NOT NULL,
    failures      INTEGER NOT NULL,
    locked_at     TIMESTAMP NOT NULL,
    locked_until  TIMESTAMP NOT NULL,
    lifted_at     TIMESTAMP,
    lifted_by     TEXT REFERENCES users (id)
);
CREATE INDEX sign_in_lockouts_subject_idx ON sign_in_lockouts (kind, subject, locked_until);
