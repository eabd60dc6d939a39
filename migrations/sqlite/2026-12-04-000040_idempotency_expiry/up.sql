-- Idempotency keys are kept 24 hours; the sweeper purges older ones by this index.
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
