-- Shift handovers (交接班): the outgoing person's log and a snapshot the server took of the
-- queue; the incoming person signs, after which the handover never changes.
CREATE TABLE handovers (
    id              TEXT PRIMARY KEY,
    author_id       TEXT NOT NULL REFERENCES users (id),
    recipient_id    TEXT REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    shift_ends_at   TIMESTAMP NOT NULL,
    log             TEXT NOT NULL,
    snapshot        TEXT NOT NULL,
    signed_by       TEXT REFERENCES users (id),
    signed_at       TIMESTAMP,
    sign_note       TEXT
);
CREATE INDEX handovers_created_idx ON handovers (created_at, id);
