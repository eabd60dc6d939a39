-- When the first running clock reaches its at-risk share (80% by default) of its window:
-- with `queue_due_at`, it lets the queue filter tickets at risk (DESIGN §1.16) on an index.
-- Existing rows start with their nearest deadline; the next change recomputes it exactly.
ALTER TABLE tickets ADD COLUMN risk_at TIMESTAMP;
UPDATE tickets SET risk_at = queue_due_at;
CREATE INDEX tickets_risk_idx ON tickets (risk_at);
