-- Every callback (回访) attempt, for the satisfaction rate per department and period
-- (DESIGN §1.13), and an index for counting events of one kind in a period.
CREATE TABLE callbacks (
    id             TEXT PRIMARY KEY,
    ticket_id      TEXT NOT NULL REFERENCES tickets (id),
    department_id  TEXT REFERENCES departments (id),
    at             TIMESTAMP NOT NULL,
    by_user        TEXT NOT NULL REFERENCES users (id),
    reached        BOOLEAN NOT NULL,
    satisfaction   TEXT,
    comment        TEXT
);
CREATE INDEX callbacks_at_idx ON callbacks (at);
CREATE INDEX callbacks_ticket_idx ON callbacks (ticket_id, at);

CREATE INDEX ticket_events_kind_at_idx ON ticket_events (kind, at);
CREATE INDEX tickets_created_idx ON tickets (created_at);
CREATE INDEX tickets_dispatched_idx ON tickets (dispatched_at);
