//! The live event stream: what changed, pushed to consoles and integrations as
//! Server-Sent Events. In-process: each `switchboard` process streams what it did itself
//! and what its own sweeper escalated.

use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::sync::broadcast;
use utoipa::ToSchema;

use crate::db::tickets::TicketRow;

/// One change, as streamed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LiveEvent {
    /// `ticket.created`, `ticket.changed`, `ticket.at_risk` or `ticket.escalated`.
    #[serde(rename = "type")]
    pub kind: String,
    pub ticket_id: String,
    pub number: String,
    pub status: String,
    pub department_id: Option<String>,
    pub version: i32,
    pub at: DateTime<Utc>,
    /// For `ticket.at_risk` and `ticket.escalated`: which clock.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock: Option<String>,
}

impl LiveEvent {
    pub fn of(kind: &str, row: &TicketRow, at: DateTime<Utc>) -> LiveEvent {
        LiveEvent {
            kind: kind.to_owned(),
            ticket_id: row.id.clone(),
            number: row.number.clone(),
            status: row.status.clone(),
            department_id: row.department_id.clone(),
            version: row.version,
            at,
            clock: None,
        }
    }

    /// `ticket.at_risk` or `ticket.escalated`, for one clock.
    pub fn clock(kind: &str, row: &TicketRow, clock: &str, at: DateTime<Utc>) -> LiveEvent {
        LiveEvent { clock: Some(clock.to_owned()), ..LiveEvent::of(kind, row, at) }
    }
}

/// Fan-out of live events to every open stream.
#[derive(Clone)]
pub struct Hub {
    tx: broadcast::Sender<LiveEvent>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub { tx: broadcast::channel(1024).0 }
    }
}

impl Hub {
    /// Sends to whoever listens; nobody listening is fine.
    pub fn publish(&self, event: LiveEvent) {
        let _ = self.tx.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.tx.subscribe()
    }
}
