//! The live event stream: what changed, pushed to consoles and integrations as
//! Server-Sent Events. Each process publishes what it did and what its sweeper found; on
//! PostgreSQL the [`relay`] passes events between the processes sharing the database, so
//! a console sees every change whichever process made it. [`sessions`] ends open streams
//! when their session ends.

pub mod relay;
pub mod sessions;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc};
use utoipa::ToSchema;

use crate::domain::{
    ids::{DepartmentId, TicketId},
    ticket::{Ticket, TicketStatus},
};

/// One change, as streamed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LiveEvent {
    /// `ticket.created`, `ticket.changed`, `ticket.at_risk` or `ticket.escalated`.
    #[serde(rename = "type")]
    pub kind: String,
    #[schema(value_type = uuid::Uuid)]
    pub ticket_id: TicketId,
    pub number: String,
    pub status: TicketStatus,
    #[schema(value_type = Option<uuid::Uuid>)]
    pub department_id: Option<DepartmentId>,
    pub version: i32,
    pub at: DateTime<Utc>,
    /// For `ticket.at_risk` and `ticket.escalated`: which clock.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock: Option<String>,
}

impl LiveEvent {
    pub fn of(kind: &str, ticket: &Ticket, at: DateTime<Utc>) -> LiveEvent {
        LiveEvent {
            kind: kind.to_owned(),
            ticket_id: ticket.id,
            number: ticket.number.clone(),
            status: ticket.status,
            department_id: ticket.department_id,
            version: ticket.version,
            at,
            clock: None,
        }
    }

    /// `ticket.at_risk` or `ticket.escalated`, for one clock.
    pub fn clock(kind: &str, ticket: &Ticket, clock: &str, at: DateTime<Utc>) -> LiveEvent {
        LiveEvent { clock: Some(clock.to_owned()), ..LiveEvent::of(kind, ticket, at) }
    }
}

/// Fan-out of live events to every open stream of this process, and to the relay (when
/// there is one) for the other processes.
#[derive(Clone)]
pub struct Hub {
    tx: broadcast::Sender<LiveEvent>,
    relay: Option<mpsc::UnboundedSender<LiveEvent>>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub { tx: broadcast::channel(1024).0, relay: None }
    }
}

impl Hub {
    /// Sends to whoever listens; nobody listening is fine.
    pub fn publish(&self, event: LiveEvent) {
        if let Some(relay) = &self.relay {
            let _ = relay.send(event.clone());
        }
        let _ = self.tx.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.tx.subscribe()
    }
}
