DROP INDEX tickets_supervised_idx;
ALTER TABLE tickets DROP COLUMN supervision_risk_noted_at;
ALTER TABLE tickets DROP COLUMN supervision_escalated_at;
ALTER TABLE tickets DROP COLUMN supervision_due_at;
ALTER TABLE tickets DROP COLUMN supervised_at;
