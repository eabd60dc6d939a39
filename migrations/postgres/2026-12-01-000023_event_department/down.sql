DROP INDEX ticket_events_department_kind_at_idx;
ALTER TABLE ticket_events DROP COLUMN department_id;
