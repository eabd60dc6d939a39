ALTER TABLE tickets DROP COLUMN resolution_risk_noted_at;
ALTER TABLE tickets DROP COLUMN response_risk_noted_at;
