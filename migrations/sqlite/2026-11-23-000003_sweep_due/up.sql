-- One column the sweeper reads: the earliest deadline among the ticket's clocks that
-- run, are unmet and are not yet escalated (NULL when there is none). Its plain index
-- gives the sweeper O(due items) passes whatever the query planner thinks of partial
-- indexes with bound parameters (SQLite would not use them).
ALTER TABLE tickets ADD COLUMN sweep_due_at TIMESTAMP;

-- SQLite's two-argument min() is NULL when either is; coalesce picks the one that is set.
UPDATE tickets SET sweep_due_at = (
    SELECT CASE WHEN r IS NULL THEN s WHEN s IS NULL THEN r ELSE min(r, s) END
    FROM (SELECT
        CASE WHEN status IN ('dispatched', 'accepted') AND responded_at IS NULL AND response_escalated_at IS NULL
             THEN response_due_at END AS r,
        CASE WHEN status IN ('new', 'dispatched', 'accepted', 'in_progress', 'returned', 'reopened')
                  AND resolved_at IS NULL AND resolution_escalated_at IS NULL
             THEN resolution_due_at END AS s)
);

CREATE INDEX tickets_sweep_idx ON tickets (sweep_due_at);
DROP INDEX tickets_response_sweep_idx;
DROP INDEX tickets_resolution_sweep_idx;
