DROP INDEX tickets_dispatched_idx;
DROP INDEX tickets_created_idx;
DROP INDEX ticket_events_kind_at_idx;
DROP TABLE callbacks;
