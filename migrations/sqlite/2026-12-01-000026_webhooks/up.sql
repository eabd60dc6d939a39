-- Webhooks: ticket history events pushed to other systems. Each event a webhook wants
-- becomes a delivery row in the event's own transaction (an outbox), sent by a background
-- worker with retries, so nothing is lost to a crash or a receiver that is down.
CREATE TABLE webhooks (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    url         TEXT NOT NULL,
    -- The key deliveries are signed with (HMAC-SHA256).
    secret      TEXT NOT NULL,
    -- Space-separated event kinds.
    events      TEXT NOT NULL,
    active      BOOLEAN NOT NULL,
    created_by  TEXT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,
    webhook_id       TEXT NOT NULL REFERENCES webhooks (id),
    event_id         TEXT NOT NULL,
    event_kind       TEXT NOT NULL,
    payload          TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    attempts         INTEGER NOT NULL,
    -- When to try next; null once delivered or given up.
    next_attempt_at  TIMESTAMP,
    delivered_at     TIMESTAMP,
    last_status      INTEGER,
    last_error       TEXT
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at);
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, created_at, id);
