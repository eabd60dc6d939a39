//! The SLA sweeper: every interval it reads the clocks that are past due, unmet and not yet
//! escalated — through the partial indexes on their due times, so a pass costs O(due
//! items) — and escalates each in its own transaction. The escalation is a conditional
//! update, so with several processes on one database each breach is escalated once.

use std::{sync::Arc, time::Duration};

use serde_json::json;

use crate::{
    clock::{self, Clock},
    db::{self, events::EventRow, tickets::SweptClock, Db},
    domain::ticket::EventKind,
    error::Error,
    live::{Hub, LiveEvent},
    metrics,
};

/// How many overdue clocks one pass takes per kind; the rest wait for the next pass.
const BATCH: i64 = 500;

/// Runs passes forever, one every `interval`.
pub async fn run(db: Db, clock: Arc<dyn Clock>, interval: Duration, hub: Hub) {
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let timer = metrics::METRICS.sweep_seconds.with_label_values(&[] as &[&str]).start_timer();
        let outcome = sweep_once(&db, clock.as_ref(), &hub).await;
        timer.observe_duration();
        match outcome {
            Ok(0) => {}
            Ok(n) => tracing::info!(escalated = n, "sla sweep escalated overdue clocks"),
            Err(e) => tracing::warn!(error = %e, "sla sweep failed; will retry next interval"),
        }
    }
}

/// One pass: escalates every overdue clock it finds, returns how many it escalated.
pub async fn sweep_once(db: &Db, clock: &dyn Clock, hub: &Hub) -> Result<usize, Error> {
    let now = db::to_db(clock::now(clock));
    let mut escalated = 0;
    for kind in [SweptClock::Response, SweptClock::Resolution] {
        let ids = db.read(move |c| db::tickets::overdue(c, kind, now, BATCH)).await?;
        for id in ids {
            let done = db
                .write(move |c| {
                    let Some(level) = db::tickets::mark_escalated(c, &id, kind, now)? else {
                        return Ok(None); // met, moved on, or another process got there first
                    };
                    let ticket = db::tickets::find(c, &id)?.ok_or_else(|| Error::not_found("ticket"))?;
                    let due = match kind {
                        SweptClock::Response => ticket.response_due_at,
                        SweptClock::Resolution => Some(ticket.resolution_due_at),
                    };
                    db::events::insert(
                        c,
                        &EventRow {
                            id: db::new_id(),
                            ticket_id: id.clone(),
                            kind: EventKind::Escalated.as_str().to_owned(),
                            actor_id: None,
                            at: now,
                            data: json!({
                                "clock": kind.as_str(),
                                "level": level,
                                "due_at": due.map(db::from_db),
                                "department_id": ticket.department_id,
                            })
                            .to_string(),
                        },
                    )?;
                    Ok(Some(ticket))
                })
                .await?;
            if let Some(ticket) = done {
                hub.publish(LiveEvent::escalated(&ticket, kind.as_str(), now));
                metrics::METRICS.escalations.with_label_values(&[kind.as_str()]).inc();
                escalated += 1;
            }
        }
    }
    Ok(escalated)
}
