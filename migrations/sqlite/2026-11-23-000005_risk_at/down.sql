DROP INDEX tickets_risk_idx;
ALTER TABLE tickets DROP COLUMN risk_at;
