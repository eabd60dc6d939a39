-- One column the sweeper reads: the earliest deadline among the ticket's clocks that
-- run, are unmet and are not yet escalated (NULL when there is none). Its plain index
-- gives the sweeper O(due items) passes whatever the query planner thinks of partial
-- indexes with bound parameters (SQLite would not use them).
ALTER TABLE tickets ADD COLUMN sweep_due_at TIMESTAMP;

UPDATE tickets SET sweep_due_at = LEAST(
    CASE WHEN status IN ('dispatched', 'accepted') AND responded_at IS NULL AND response_escalated_at IS NULL
         THEN response_due_at END,
    CASE WHEN status IN ('new', 'dispatched', 'accepted', 'in_progress', 'returned', 'reopened')
              AND resolved_at IS NULL AND resolution_escalated_at IS NULL
         THEN resolution_due_at END
);

CREATE INDEX tickets_sweep_idx ON tickets (sweep_due_at);
DROP INDEX tickets_response_sweep_idx;
DROP INDEX tickets_resolution_sweep_idx;
