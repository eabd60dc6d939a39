-- Reports count events (escalations, urges …) per department: the department a ticket was
-- with when the event happened, kept on the event since the ticket may move on.
ALTER TABLE ticket_events ADD COLUMN department_id TEXT;
UPDATE ticket_events SET department_id = (SELECT department_id FROM tickets WHERE tickets.id = ticket_events.ticket_id);
CREATE INDEX ticket_events_department_kind_at_idx ON ticket_events (department_id, kind, at);
