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

/// One pass: escalates every overdue clock it finds, returns how many it escalated.
pub async fn sweep_once(db: &Db, clock: &dyn Clock, hub: &Hub) -> Result<usize, Error> {
    let now = clock::now(clock);
    let ids = db.read(move |c| db::tickets::due_for_sweep(c, db::to_db(now), BATCH)).await?;
    let mut escalated = 0;
    for id in ids {
        let Some((ticket, clocks)) = db.write(move |c| escalation::escalate_overdue(c, &id, now)).await? else {
            continue; // met, moved on, or another process got there first
        };
        for kind in clocks {
            hub.publish(LiveEvent::escalated(&ticket, kind.as_str(), db::to_db(now)));
            metrics::METRICS.escalations.with_label_values(&[kind.as_str()]).inc();
            escalated += 1;
        }
    }
    Ok(escalated)
}
