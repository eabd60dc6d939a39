//! The SLA sweeper: every interval it reads the tickets whose `sweep_due_at` has passed —
//! a range read of one index, so a pass costs O(due items) — and escalates each in its own
//! transaction (`workflow::escalation`). Row locking there makes several processes on one
//! PostgreSQL database escalate each breach exactly once.

use std::{sync::Arc, time::Duration};

use crate::{
    clock::{self, Clock},
    db::{self, Db},
    error::Error,
    live::{Hub, LiveEvent},
    metrics,
    workflow::escalation,
};

/// How many due tickets one pass takes; the rest wait for the next pass.
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

/// One pass: notes clocks gone at risk and escalates overdue ones; returns how many it
/// escalated.
pub async fn sweep_once(db: &Db, clock: &dyn Clock, hub: &Hub) -> Result<usize, Error> {
    let now = clock::now(clock);
    let ids = db.read(move |c| db::tickets::due_for_sweep(c, db::to_db(now), BATCH)).await?;
    let mut escalated = 0;
    for id in ids {
        let swept = db.write({
            let id = id.clone();
            move |c| escalation::sweep_ticket(c, &id, now)
        });
        let (ticket, work) = match swept.await {
            Ok(Some(done)) => done,
            Ok(None) => continue, // met, moved on, or another process got there first
            // One bad ticket must not stop the others from being escalated.
            Err(e) => {
                tracing::warn!(ticket = %id, error = %e, "sweeping a ticket failed");
                continue;
            }
        };
        for kind in work.at_risk {
            hub.publish(LiveEvent::clock("ticket.at_risk", &ticket, kind.as_str(), now));
        }
        if work.auto_close {
            hub.publish(LiveEvent::of("ticket.changed", &ticket, now));
        }
        for kind in work.overdue {
            hub.publish(LiveEvent::clock("ticket.escalated", &ticket, kind.as_str(), now));
            metrics::METRICS.escalations.with_label_values(&[kind.as_str()]).inc();
            escalated += 1;
        }
    }
    Ok(escalated)
}
