-- Urges (催办) and supervision orders (督办) are shown on the ticket and its queue row: how
-- many, and the latest. Filled from the history for tickets urged before.
ALTER TABLE tickets ADD COLUMN urge_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN urged_at TIMESTAMP;
UPDATE tickets SET
    urge_count = (SELECT COUNT(*) FROM ticket_events e
                  WHERE e.ticket_id = tickets.id AND e.kind IN ('urged', 'supervised')),
    urged_at = (SELECT MAX(e.at) FROM ticket_events e
                WHERE e.ticket_id = tickets.id AND e.kind IN ('urged', 'supervised'));
