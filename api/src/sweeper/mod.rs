//! The SLA sweeper: a pass reads the tickets whose `sweep_due_at` has passed — a range
//! read of one index, so a pass costs O(due items) — and escalates each in its own
//! transaction (`workflow::escalation`). Row locking there makes several processes on one
//! PostgreSQL database escalate each breach exactly once.
//!
//! Passes run every interval ([`Sweeper::run`]) or when asked ([`Sweeper::pass`], what
//! tests do through `startup::Background`): the loop calls the same pass.

use std::{sync::Arc, time::Duration};

use chrono::{DateTime, Utc};

use crate::{
    clock::{self, Clock},
    db::{self, Db},
    domain::ids::TicketId,
    error::Error,
    live::{Hub, LiveEvent},
    metrics,
    workflow::escalation,
};

/// How many due tickets one pass takes; the rest wait for the next pass.
const BATCH: i64 = 500;

/// What one pass did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    /// The moment the pass swept to (what was due by then).
    pub at: DateTime<Utc>,
    /// Clocks noted at risk.
    pub at_risk: usize,
    /// Clocks escalated.
    pub escalated: usize,
    /// Tickets closed by themselves.
    pub closed: usize,
    /// Tickets whose sweep failed (logged; the next pass takes them again).
    pub failed: usize,
    /// Idempotency keys purged: those older than `db::idempotency::KEPT_FOR`.
    pub purged_keys: usize,
}

impl Swept {
    /// Clocks noted or escalated and tickets closed: what the pass recorded.
    pub fn recorded(&self) -> usize {
        self.at_risk + self.escalated + self.closed
    }
}

/// The sweeper of one process.
#[derive(Clone)]
pub struct Sweeper {
    db: Db,
    clock: Arc<dyn Clock>,
    hub: Hub,
}

impl Sweeper {
    pub fn new(db: Db, clock: Arc<dyn Clock>, hub: Hub) -> Sweeper {
        Sweeper { db, clock, hub }
    }

    /// Runs passes forever, one every `interval`.
    pub async fn run(self, interval: Duration) {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            // What it did or why it failed is logged; a failed pass is retried next tick.
            let _ = self.pass().await;
        }
    }

    /// One pass, timed and logged.
    pub async fn pass(&self) -> Result<Swept, Error> {
        let timer = metrics::METRICS.sweep_seconds.with_label_values(&[] as &[&str]).start_timer();
        let outcome = sweep_once(&self.db, self.clock.as_ref(), &self.hub).await;
        timer.observe_duration();
        match &outcome {
            Ok(s) if s.escalated > 0 => tracing::info!(escalated = s.escalated, "sla sweep escalated overdue clocks"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "sla sweep failed"),
        }
        outcome
    }

    /// How many tickets have sweep work due at `at` (up to one pass's batch).
    pub async fn due(&self, at: DateTime<Utc>) -> Result<usize, Error> {
        Ok(self.db.read(move |c| db::tickets::due_for_sweep(c, db::to_db(at), BATCH)).await?.len())
    }
}

/// One pass: purges idempotency keys past their 24 hours, notes clocks gone at risk,
/// escalates overdue ones and closes what closes by itself; says how many of each.
pub async fn sweep_once(db: &Db, clock: &dyn Clock, hub: &Hub) -> Result<Swept, Error> {
    let now = clock::now(clock);
    let ids = db.read(move |c| db::tickets::due_for_sweep(c, db::to_db(now), BATCH)).await?;
    let before = db::to_db(now - db::idempotency::KEPT_FOR);
    // A purge that fails must not hold back escalations: logged, and tried next pass.
    let purged_keys = db.write(move |c| db::idempotency::purge(c, before)).await.unwrap_or_else(|e| {
        tracing::warn!(error = %e, "purging old idempotency keys failed");
        0
    });
    let mut swept = Swept { at: now, at_risk: 0, escalated: 0, closed: 0, failed: 0, purged_keys };
    for id in ids {
        let work = db.write({
            let id = id.clone();
            move |c| escalation::sweep_ticket(c, db::stored::<TicketId>(&id)?, now)
        });
        let (ticket, work) = match work.await {
            Ok(Some(done)) => done,
            Ok(None) => continue, // met, moved on, or another process got there first
            // One bad ticket must not stop the others from being escalated.
            Err(e) => {
                tracing::warn!(ticket = %id, error = %e, "sweeping a ticket failed");
                swept.failed += 1;
                continue;
            }
        };
        for kind in work.at_risk {
            hub.publish(LiveEvent::clock("ticket.at_risk", &ticket, kind.as_str(), now));
            swept.at_risk += 1;
        }
        if work.auto_close {
            hub.publish(LiveEvent::of("ticket.changed", &ticket, now));
            swept.closed += 1;
        }
        for kind in work.overdue {
            hub.publish(LiveEvent::clock("ticket.escalated", &ticket, kind.as_str(), now));
            metrics::METRICS.escalations.with_label_values(&[kind.as_str()]).inc();
            swept.escalated += 1;
        }
    }
    Ok(swept)
}
