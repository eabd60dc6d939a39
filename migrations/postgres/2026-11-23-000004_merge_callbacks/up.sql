-- Duplicates (重复投诉): find a main ticket's duplicates. Callback worklist (回访): resolved
-- tickets oldest first, with the number of attempts that did not reach the customer.
ALTER TABLE tickets ADD COLUMN callback_attempts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tickets_duplicate_of_idx ON tickets (duplicate_of);
CREATE INDEX tickets_status_resolved_idx ON tickets (status, resolved_at, id);
