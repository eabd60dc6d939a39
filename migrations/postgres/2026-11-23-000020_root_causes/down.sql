DROP INDEX tickets_resolved_cause_idx;
ALTER TABLE tickets DROP COLUMN root_cause_id;
DROP TABLE root_causes;
