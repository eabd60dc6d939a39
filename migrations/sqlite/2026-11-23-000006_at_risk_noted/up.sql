-- When the sweeper recorded that a clock went at risk (one `at_risk` event per clock).
ALTER TABLE tickets ADD COLUMN response_risk_noted_at TIMESTAMP;
ALTER TABLE tickets ADD COLUMN resolution_risk_noted_at TIMESTAMP;
