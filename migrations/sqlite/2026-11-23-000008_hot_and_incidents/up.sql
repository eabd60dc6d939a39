-- Two more clocks (DESIGN §2): the on-site clock of category-1 incidents (一类突发事件,
-- manager on site within 2 hours) and the report-upward clock of hot complaints (热点投诉,
-- within one working day). Each: start, due, met, escalated, at-risk noted.
ALTER TABLE tickets ADD COLUMN onsite_started_at TIMESTAMP;
ALTER TABLE tickets ADD COLUMN onsite_due_at TIMESTAMP;
ALTER TABLE tickets ADD COLUMN onsite_at TIMESTAMP;
ALTER TABLE tickets ADD COLUMN onsite_escalated_at TIMESTAMP;
ALTER TABLE tickets ADD COLUMN onsite_risk_noted_at TIMESTAMP;
ALTER TABLE tickets ADD COLUMN hot_at TIMESTAMP;
ALTER TABLE tickets ADD COLUMN hot_report_due_at TIMESTAMP;
ALTER TABLE tickets ADD COLUMN hot_reported_at TIMESTAMP;
ALTER TABLE tickets ADD COLUMN hot_report_escalated_at TIMESTAMP;
ALTER TABLE tickets ADD COLUMN hot_report_risk_noted_at TIMESTAMP;
CREATE INDEX tickets_hot_idx ON tickets (hot_at);
