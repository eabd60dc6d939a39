//! Live events across processes on PostgreSQL (LISTEN/NOTIFY). Each process sends what it
//! publishes as a notification on one channel, tagged with its own id, and forwards to its
//! streams what the others sent. Live events are a convenience — the database is the
//! record — so a lost connection only costs the events sent while it was down; both
//! sides reconnect by themselves.

use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    thread,
    time::Duration,
};

use diesel::{pg::PgConnection, sql_types::Text, Connection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc};
use uuid::Uuid;

use super::{Hub, LiveEvent};

const CHANNEL: &str = "switchboard_live";
/// How often the listener looks for notifications.
const POLL: Duration = Duration::from_millis(50);
/// How long to wait before connecting again after a failure.
const RETRY: Duration = Duration::from_secs(1);

#[derive(Serialize, Deserialize)]
struct Envelope {
    origin: Uuid,
    event: LiveEvent,
}

/// Starts relaying `hub`'s events through the PostgreSQL database at `url`; returns the
/// hub to publish to from now on. Both threads end once every clone of that hub is gone.
pub fn start(url: &str, hub: Hub) -> Hub {
    let origin = Uuid::now_v7();
    let (tx, rx) = mpsc::unbounded_channel();
    let here = hub.tx.clone();
    let hub = Hub { relay: Some(tx), ..hub };
    let running = Arc::new(AtomicBool::new(true));
    let (send_url, listen_url, still_running) = (url.to_owned(), url.to_owned(), running.clone());
    let started = thread::Builder::new().name("live-relay-send".into()).spawn(move || {
        send(&send_url, origin, rx);
        running.store(false, Ordering::Relaxed);
    });
    if let Err(e) = started {
        tracing::error!(error = %e, "live relay: cannot start the sender");
    }
    let started = thread::Builder::new()
        .name("live-relay-listen".into())
        .spawn(move || listen(&listen_url, origin, &here, &still_running));
    if let Err(e) = started {
        tracing::error!(error = %e, "live relay: cannot start the listener");
    }
    hub
}

/// Notifies the other processes of each event this one publishes.
fn send(url: &str, origin: Uuid, mut rx: mpsc::UnboundedReceiver<LiveEvent>) {
    let mut conn: Option<PgConnection> = None;
    while let Some(event) = rx.blocking_recv() {
        let Ok(payload) = serde_json::to_string(&Envelope { origin, event }) else { continue };
        if conn.is_none() {
            conn = PgConnection::establish(url)
                .map_err(|e| tracing::warn!(error = %e, "live relay: cannot connect to send"))
                .ok();
        }
        if let Some(c) = conn.as_mut() {
            let sent = diesel::sql_query("SELECT pg_notify($1, $2)")
                .bind::<Text, _>(CHANNEL)
                .bind::<Text, _>(&payload)
                .execute(c);
            if let Err(e) = sent {
                tracing::warn!(error = %e, "live relay: an event was not sent to the other processes");
                conn = None;
            }
        }
    }
}

/// Forwards to this process's streams what the other processes sent, until the process's
/// hub is gone.
fn listen(url: &str, origin: Uuid, here: &broadcast::Sender<LiveEvent>, running: &AtomicBool) {
    while running.load(Ordering::Relaxed) {
        if let Err(e) = listen_until_broken(url, origin, here, running) {
            tracing::warn!(error = %e, "live relay: listening stopped; connecting again");
            thread::sleep(RETRY);
        }
    }
}

fn listen_until_broken(
    url: &str,
    origin: Uuid,
    here: &broadcast::Sender<LiveEvent>,
    running: &AtomicBool,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut conn = PgConnection::establish(url)?;
    diesel::sql_query(format!("LISTEN {CHANNEL}")).execute(&mut conn)?;
    while running.load(Ordering::Relaxed) {
        for notification in conn.notifications_iter() {
            let notification = notification?;
            match serde_json::from_str::<Envelope>(&notification.payload) {
                Ok(envelope) if envelope.origin != origin => {
                    let _ = here.send(envelope.event);
                }
                Ok(_) => {} // our own
                Err(e) => tracing::warn!(error = %e, "live relay: a notification that is not an event"),
            }
        }
        thread::sleep(POLL);
    }
    Ok(())
}
