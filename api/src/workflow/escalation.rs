//! What the sweeper does to one ticket whose clock needs attention: note that a clock went
//! at risk (预警), escalate (升级) one that ran out, close what closes by itself — all as
//! the aggregate's `Command::Sweep`.

use chrono::{DateTime, Utc};

use super::tickets::commit_system;
use crate::{
    db::{self, DbConnection},
    domain::{
        ids::TicketId,
        sla::SweepWork,
        ticket::{Happened, Ticket},
    },
    error::Error,
};

/// Records what is due on ticket `id` at `now`: one `at_risk` event per clock that went
/// at risk, one `escalated` event per clock past due (raising the level by one each), the
/// auto-close. The row is locked first (PostgreSQL) or written in turn (SQLite) and
/// re-read, so of several sweepers racing for the same ticket exactly one records it; the
/// others find nothing. Returns the ticket and what was recorded (None when there was
/// nothing left to do).
pub fn sweep_ticket(
    conn: &mut DbConnection,
    id: TicketId,
    now: DateTime<Utc>,
) -> Result<Option<(Ticket, SweepWork)>, Error> {
    let Some(mut ticket) = db::tickets::load_for_update(conn, id)? else {
        return Ok(None);
    };
    let policy = db::sla_policy::get(conn)?;
    let events = commit_system(conn, &mut ticket, &policy, now)?;
    if events.is_empty() {
        // Nothing due (met or moved on since it was read): the next look is set.
        if ticket.timing().next_sweep_at(policy.at_risk_percent).is_some_and(|at| at <= now) {
            return Err(Error::internal(format!("ticket {id} would be swept forever")));
        }
        return Ok(None);
    }
    // What was recorded, read off the events `apply` made (not worked out a second time).
    let mut work = SweepWork::default();
    for event in &events {
        match event.happened {
            Happened::AtRisk { clock, .. } => work.at_risk.push(clock),
            Happened::Escalated { clock, .. } => work.overdue.push(clock),
            Happened::Closed { auto: true, .. } => work.auto_close = true,
            _ => {}
        }
    }
    Ok(Some((ticket, work)))
}
