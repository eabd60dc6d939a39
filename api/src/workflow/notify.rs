//! Webhook deliveries for a new history event: one outbox row per active webhook that
//! wants the event's kind, written in the event's own transaction. `crate::webhooks`
//! sends them.

use serde_json::{json, Value};

use crate::{
    db::{self, events::EventRow, webhooks::DeliveryRow, DbConnection},
    domain::ticket::{EventKind, Ticket},
    error::Error,
};

/// `data` is the event's details as stored in `event.data`, not parsed again.
pub fn enqueue(conn: &mut DbConnection, ticket: &Ticket, event: &EventRow, data: Value) -> Result<(), Error> {
    let hooks: Vec<_> = db::webhooks::active(conn)?.into_iter().filter(|w| w.wants(&event.kind)).collect();
    if hooks.is_empty() {
        return Ok(());
    }
    let internal = event.kind == EventKind::Comment.as_str() && data["internal"] == true;
    let data = if internal { json!({ "internal": true }) } else { data };
    for hook in hooks {
        let id = db::new_id();
        let payload = payload(&id, ticket, event, &data);
        db::webhooks::insert_delivery(
            conn,
            &DeliveryRow {
                id,
                webhook_id: hook.id,
                event_id: event.id.clone(),
                event_kind: event.kind.clone(),
                payload: payload.to_string(),
                created_at: event.at,
                attempts: 0,
                next_attempt_at: Some(event.at),
                delivered_at: None,
                last_status: None,
                last_error: None,
            },
        )?;
    }
    Ok(())
}

/// The body of a delivery: the event and the ticket as it was then. Internal comments'
/// text stays inside, as it does for integrations; phones are never sent.
fn payload(delivery_id: &str, ticket: &Ticket, event: &EventRow, data: &Value) -> Value {
    json!({
        "delivery_id": delivery_id,
        "event": {
            "id": event.id,
            "kind": event.kind,
            "at": db::from_db(event.at),
            "actor_id": event.actor_id,
            "department_id": event.department_id,
            "data": data,
        },
        "ticket": {
            "id": ticket.id,
            "number": ticket.number,
            "status": ticket.status,
            "kind": ticket.kind,
            "channel": ticket.channel,
            "subject": ticket.subject,
            "department_id": ticket.department_id,
            "urgency": ticket.urgency,
            "escalation_level": ticket.escalation_level,
        },
    })
}
