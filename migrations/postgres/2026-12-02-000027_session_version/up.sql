-- Session tokens carry the version they were issued under; raising it (sign-out, password
-- or role change, deactivation) ends every session of the user at once.
ALTER TABLE users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0;
