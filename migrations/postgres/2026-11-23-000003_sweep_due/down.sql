CREATE INDEX tickets_response_sweep_idx ON tickets (response_due_at)
    WHERE status IN ('dispatched', 'accepted') AND responded_at IS NULL AND response_escalated_at IS NULL;
CREATE INDEX tickets_resolution_sweep_idx ON tickets (resolution_due_at)
    WHERE status IN ('new', 'dispatched', 'accepted', 'in_progress', 'returned', 'reopened')
      AND resolved_at IS NULL AND resolution_escalated_at IS NULL;
DROP INDEX tickets_sweep_idx;
ALTER TABLE tickets DROP COLUMN sweep_due_at;
