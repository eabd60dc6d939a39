-- Set when a user's password was not chosen by the user (generated at first start, set or
-- reset by an administrator); cleared when they change it themselves.
ALTER TABLE users ADD COLUMN password_change_required BOOLEAN NOT NULL DEFAULT FALSE;
