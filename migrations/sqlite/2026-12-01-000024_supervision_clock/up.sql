-- A supervision order (督办) is a clock: issued with a due time, met when the ticket is
-- resolved, escalated by the sweeper when missed. A new order replaces the previous one.
ALTER TABLE tickets ADD COLUMN supervised_at TIMESTAMP;
ALTER TABLE tickets ADD COLUMN supervision_due_at TIMESTAMP;
ALTER TABLE tickets ADD COLUMN supervision_escalated_at TIMESTAMP;
ALTER TABLE tickets ADD COLUMN supervision_risk_noted_at TIMESTAMP;
CREATE INDEX tickets_supervised_idx ON tickets (supervised_at);
