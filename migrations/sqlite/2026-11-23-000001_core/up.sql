-- Core schema: departments, users, customers, tickets, their history, extensions,
-- the SLA policy, idempotency keys and the per-day ticket number counter.
-- Column types are the ones both backends share (see api/src/db/schema.rs):
-- ids are UUID text, timestamps are UTC `TIMESTAMP`, JSON is text.

CREATE TABLE departments (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL,
    department_id  TEXT REFERENCES departments (id),
    password_hash  TEXT NOT NULL,
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

CREATE TABLE customers (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL UNIQUE,
    address     TEXT,
    unit        TEXT,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE tickets (
    id                          TEXT PRIMARY KEY,
    number                      TEXT NOT NULL UNIQUE,
    status                      TEXT NOT NULL,
    kind                        TEXT NOT NULL,
    channel                     TEXT NOT NULL,
    subject                     TEXT NOT NULL,
    description                 TEXT NOT NULL,
    customer_id                 TEXT NOT NULL REFERENCES customers (id),
    owner_id                    TEXT NOT NULL REFERENCES users (id),
    department_id               TEXT REFERENCES departments (id),
    urgency                     TEXT,
    created_at                  TIMESTAMP NOT NULL,
    updated_at                  TIMESTAMP NOT NULL,
    dispatched_at               TIMESTAMP,
    accepted_at                 TIMESTAMP,
    response_due_at             TIMESTAMP,
    responded_at                TIMESTAMP,
    response_escalated_at       TIMESTAMP,
    resolution_due_at           TIMESTAMP NOT NULL,
    resolution_original_due_at  TIMESTAMP NOT NULL,
    resolved_at                 TIMESTAMP,
    resolution_escalated_at     TIMESTAMP,
    closed_at                   TIMESTAMP,
    escalation_level            INTEGER NOT NULL DEFAULT 0,
    resolution                  TEXT,
    root_cause                  TEXT,
    duplicate_of                TEXT REFERENCES tickets (id),
    complainant_count           INTEGER NOT NULL DEFAULT 1,
    contact_count               INTEGER NOT NULL DEFAULT 1,
    -- Earliest deadline of a clock still running, or 9999-12-31 when none runs: the
    -- queue's sort key (nearest due first) and the `breached` filter.
    queue_due_at                TIMESTAMP NOT NULL,
    version                     INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX tickets_queue_idx ON tickets (queue_due_at, id);
CREATE INDEX tickets_department_queue_idx ON tickets (department_id, queue_due_at, id);
CREATE INDEX tickets_status_queue_idx ON tickets (status, queue_due_at, id);
CREATE INDEX tickets_owner_queue_idx ON tickets (owner_id, queue_due_at, id);
CREATE INDEX tickets_customer_idx ON tickets (customer_id, created_at);
-- The sweeper reads only clocks that run, are unmet and not yet escalated: these partial
-- indexes hold exactly those rows, so a pass costs O(due items).
CREATE INDEX tickets_response_sweep_idx ON tickets (response_due_at)
    WHERE status IN ('dispatched', 'accepted') AND responded_at IS NULL AND response_escalated_at IS NULL;
CREATE INDEX tickets_resolution_sweep_idx ON tickets (resolution_due_at)
    WHERE status IN ('new', 'dispatched', 'accepted', 'in_progress', 'returned', 'reopened')
      AND resolved_at IS NULL AND resolution_escalated_at IS NULL;

CREATE TABLE ticket_events (
    id         TEXT PRIMARY KEY,
    ticket_id  TEXT NOT NULL REFERENCES tickets (id),
    kind       TEXT NOT NULL,
    actor_id   TEXT REFERENCES users (id),
    at         TIMESTAMP NOT NULL,
    data       TEXT NOT NULL
);
CREATE INDEX ticket_events_ticket_idx ON ticket_events (ticket_id, at, id);

CREATE TABLE extensions (
    id               TEXT PRIMARY KEY,
    ticket_id        TEXT NOT NULL REFERENCES tickets (id),
    status           TEXT NOT NULL,
    requested_by     TEXT NOT NULL REFERENCES users (id),
    requested_at     TIMESTAMP NOT NULL,
    previous_due_at  TIMESTAMP NOT NULL,
    new_due_at       TIMESTAMP NOT NULL,
    reason           TEXT NOT NULL,
    customer_agreed  BOOLEAN NOT NULL,
    decided_by       TEXT REFERENCES users (id),
    decided_at       TIMESTAMP,
    decision_note    TEXT
);
CREATE INDEX extensions_ticket_idx ON extensions (ticket_id, requested_at);
CREATE INDEX extensions_status_idx ON extensions (status, requested_at);

CREATE TABLE sla_policy (
    id          INTEGER PRIMARY KEY,
    policy      TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    updated_by  TEXT REFERENCES users (id)
);

CREATE TABLE idempotency_keys (
    user_id     TEXT NOT NULL REFERENCES users (id),
    key         TEXT NOT NULL,
    request     TEXT NOT NULL,
    ticket_id   TEXT NOT NULL REFERENCES tickets (id),
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, key)
);

CREATE TABLE ticket_counters (
    day   TEXT PRIMARY KEY,
    last  BIGINT NOT NULL
);
