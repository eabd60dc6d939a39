//! Escalation (升级): what the sweeper does to one ticket whose clock ran out.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::tickets::{clocks, event, refresh_deadlines};
use crate::{
    db::{self, tickets::TicketRow, DbConnection},
    domain::{sla::ClockKind, ticket::EventKind},
    error::Error,
};

/// Escalates every clock of ticket `id` that is past due at `now`, unmet and not yet
/// escalated: one `escalated` event per clock, the level raised by one for each. The row
/// is locked first (PostgreSQL) or written in turn (SQLite), so of several sweepers racing
/// for the same breach exactly one escalates it; the others find nothing left to do.
/// Returns the ticket and the clocks escalated (none when another sweeper was first).
pub fn escalate_overdue(
    conn: &mut DbConnection,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<(TicketRow, Vec<ClockKind>)>, Error> {
    let Some(mut row) = db::tickets::find_for_update(conn, id)? else {
        return Ok(None);
    };
    let due = clocks(&row)?.overdue(now);
    if due.is_empty() {
        return Ok(None);
    }
    for kind in &due {
        row.escalation_level += 1;
        let due_at = match kind {
            ClockKind::Response => {
                row.response_escalated_at = Some(db::to_db(now));
                row.response_due_at.map(db::from_db)
            }
            ClockKind::Resolution => {
                row.resolution_escalated_at = Some(db::to_db(now));
                Some(db::from_db(row.resolution_due_at))
            }
        };
        let data = json!({
            "clock": kind, "level": row.escalation_level, "due_at": due_at, "department_id": row.department_id,
        });
        event(conn, &row.id, EventKind::Escalated, None, now, data)?;
    }
    row.version += 1;
    row.updated_at = db::to_db(now);
    refresh_deadlines(conn, &mut row)?;
    db::tickets::save(conn, &row)?;
    Ok(Some((row, due)))
}
