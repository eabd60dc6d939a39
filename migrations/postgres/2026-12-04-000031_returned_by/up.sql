-- The department that last returned a ticket (退单) lives on the ticket, so that an overrule
-- (审定) sends it back there, with the reason given, without reading the history. Filled
-- from the latest return.
ALTER TABLE tickets ADD COLUMN returned_by_department_id TEXT;
ALTER TABLE tickets ADD COLUMN return_reason TEXT;
UPDATE tickets SET returned_by_department_id = (
    SELECT e.data::json ->> 'department_id' FROM ticket_events e
    WHERE e.ticket_id = tickets.id AND e.kind = 'returned'
    ORDER BY e.at DESC, e.id DESC LIMIT 1);
UPDATE tickets SET return_reason = (
    SELECT e.data::json ->> 'reason' FROM ticket_events e
    WHERE e.ticket_id = tickets.id AND e.kind = 'returned'
    ORDER BY e.at DESC, e.id DESC LIMIT 1);
