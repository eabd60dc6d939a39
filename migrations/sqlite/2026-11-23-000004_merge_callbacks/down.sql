DROP INDEX tickets_status_resolved_idx;
DROP INDEX tickets_duplicate_of_idx;
ALTER TABLE tickets DROP COLUMN callback_attempts;
