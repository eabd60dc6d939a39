-- Reports count incidents by when their on-site clock started.
CREATE INDEX tickets_onsite_started_idx ON tickets (onsite_started_at);
