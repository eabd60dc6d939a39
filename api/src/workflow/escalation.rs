//! What the sweeper does to one ticket whose clock needs attention: note that a clock went
//! at risk (预警), or escalate (升级) one that ran out.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::tickets::{clocks, event, refresh_deadlines, sweep_marks};
use crate::{
    db::{self, tickets::TicketRow, DbConnection},
    domain::{
        sla::SweepWork,
        ticket::{EventKind, TicketStatus},
    },
    error::Error,
};

/// Records what is due on ticket `id` at `now`: one `at_risk` event per clock that went
/// at risk, one `escalated` event per clock past due (raising the level by one each). The
/// row is locked first (PostgreSQL) or written in turn (SQLite) and re-read, so of several
/// sweepers racing for the same ticket exactly one records it; the others find nothing.
/// Returns the ticket and what was recorded (None when there was nothing left to do).
pub fn sweep_ticket(
    conn: &mut DbConnection,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<(TicketRow, SweepWork)>, Error> {
    let Some(mut row) = db::tickets::find_for_update(conn, id)? else {
        return Ok(None);
    };
    let at_risk_percent = db::sla_policy::get(conn)?.at_risk_percent;
    let work = clocks(&row)?.sweep_work(now, at_risk_percent);
    if work == SweepWork::default() {
        // Nothing due (met or moved on since it was read): just set the next look.
        refresh_deadlines(conn, &mut row)?;
        if row.sweep_due_at.is_some_and(|at| at <= db::to_db(now)) {
            return Err(Error::internal(format!("ticket {} would be swept forever", row.id)));
        }
        row.version += 1;
        db::tickets::save(conn, &row)?;
        return Ok(None);
    }
    let facts = clocks(&row)?;
    for kind in &work.at_risk {
        *sweep_marks(&mut row, *kind).1 = Some(db::to_db(now));
        let data = json!({ "clock": kind, "due_at": facts.facts(*kind).due_at, "department_id": row.department_id });
        event(conn, &row, EventKind::AtRisk, None, now, data)?;
    }
    for kind in &work.overdue {
        row.escalation_level += 1;
        *sweep_marks(&mut row, *kind).0 = Some(db::to_db(now));
        let data = json!({
            "clock": kind, "level": row.escalation_level, "due_at": facts.facts(*kind).due_at,
            "department_id": row.department_id,
        });
        event(conn, &row, EventKind::Escalated, None, now, data)?;
    }
    if work.auto_close {
        // One week resolved with no repeat contact: closed by the system.
        row.status = TicketStatus::Closed.as_str().to_owned();
        row.closed_at = Some(db::to_db(now));
        row.auto_close_at = None;
        let data = json!({ "auto": true, "from": TicketStatus::Resolved, "to": TicketStatus::Closed });
        event(conn, &row, EventKind::Closed, None, now, data)?;
    }
    row.version += 1;
    row.updated_at = db::to_db(now);
    refresh_deadlines(conn, &mut row)?;
    db::tickets::save(conn, &row)?;
    Ok(Some((row, work)))
}
