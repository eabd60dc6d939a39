//! Shift handovers (交接班): writing one with the server's snapshot of the queue, and
//! signing it once. The snapshot is stored as JSON text in the handover's row.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    db::{
        self,
        handovers::HandoverRow,
        tickets::{TicketFilter, TicketRow},
        DbConnection,
    },
    domain::{
        handover::{shift_end, MAX_SHIFT_END_HOURS, SNAPSHOT_LIST_LIMIT},
        ids::{TicketId, UserId},
        role::{Actor, Role},
    },
    error::{Error, ErrorCode},
};

/// A ticket as a snapshot names it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SnapshotTicket {
    pub id: TicketId,
    pub number: String,
    pub subject: String,
    pub status: String,
    pub urgency: Option<String>,
    pub department_name: Option<String>,
    /// The nearest running deadline.
    pub due_at: DateTime<Utc>,
}

/// The queue as the server saw it when the handover was written; stored as its JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    pub taken_at: DateTime<Utc>,
    /// Open tickets (resolved ones waiting for a callback included) per status.
    pub open_by_status: BTreeMap<String, i64>,
    pub open_total: i64,
    /// Past a deadline now, nearest first; at most [`SNAPSHOT_LIST_LIMIT`].
    pub breached: Vec<SnapshotTicket>,
    /// Due before the next shift ends (and not yet breached), nearest first; at most
    /// [`SNAPSHOT_LIST_LIMIT`].
    pub due_before_shift_end: Vec<SnapshotTicket>,
}

impl Snapshot {
    /// The snapshot stored in a handover's row.
    pub fn stored(row: &HandoverRow) -> Result<Snapshot, Error> {
        serde_json::from_str(&row.snapshot).map_err(Error::internal)
    }
}

/// The queue at `now`, for a shift that ends at `shift_ends_at`.
fn snapshot(conn: &mut DbConnection, now: DateTime<Utc>, shift_ends_at: DateTime<Utc>) -> Result<Snapshot, Error> {
    let open_by_status: BTreeMap<String, i64> = db::handovers::open_by_status(conn)?.into_iter().collect();
    let breached = db::tickets::list(
        conn,
        &TicketFilter {
            breached: Some(true),
            now: Some(db::to_db(now)),
            limit: SNAPSHOT_LIST_LIMIT,
            ..TicketFilter::default()
        },
    )?;
    let due_soon = db::tickets::list(
        conn,
        &TicketFilter {
            breached: Some(false),
            due_before: Some(db::to_db(shift_ends_at)),
            now: Some(db::to_db(now)),
            limit: SNAPSHOT_LIST_LIMIT,
            ..TicketFilter::default()
        },
    )?;
    let departments: Vec<String> = breached.iter().chain(&due_soon).filter_map(|t| t.department_id.clone()).collect();
    let names: HashMap<String, String> = db::departments::names(conn, &departments)?.into_iter().collect();
    let item = |t: TicketRow| -> Result<SnapshotTicket, Error> {
        Ok(SnapshotTicket {
            id: db::stored(&t.id)?,
            department_name: t.department_id.as_ref().and_then(|d| names.get(d).cloned()),
            number: t.number,
            subject: t.subject,
            status: t.status,
            urgency: t.urgency,
            due_at: db::from_db(t.queue_due_at),
        })
    };
    Ok(Snapshot {
        taken_at: now,
        open_total: open_by_status.values().sum(),
        open_by_status,
        breached: breached.into_iter().map(item).collect::<Result<_, _>>()?,
        due_before_shift_end: due_soon.into_iter().map(item).collect::<Result<_, _>>()?,
    })
}

/// A handover as its author writes it.
#[derive(Debug, Clone)]
pub struct NewHandover {
    /// What happened, what is still open, what to watch; not blank.
    pub log: String,
    /// None: the default shift (`domain::handover::DEFAULT_SHIFT_HOURS`).
    pub shift_ends_at: Option<DateTime<Utc>>,
    /// The incoming person, if the handover is addressed to one.
    pub recipient_id: Option<UserId>,
}

/// Writes `author`'s handover with a snapshot of the queue taken `now`. The next shift
/// ends within the next `MAX_SHIFT_END_HOURS`; the recipient, if any, is another active
/// call-center user.
pub fn create(
    conn: &mut DbConnection,
    author: &Actor,
    handover: NewHandover,
    now: DateTime<Utc>,
) -> Result<HandoverRow, Error> {
    let NewHandover { log, shift_ends_at, recipient_id } = handover;
    let shift_ends_at = shift_end(shift_ends_at, now)
        .ok_or_else(|| Error::invalid("shift_ends_at", format!("must be in the next {MAX_SHIFT_END_HOURS} hours")))?;
    if recipient_id == Some(author.id) {
        return Err(Error::invalid("recipient_id", "hand over to someone else"));
    }
    if let Some(r) = recipient_id {
        match db::users::find(conn, &r.to_string())? {
            Some(u) if u.active && Role::parse(&u.role).is_some_and(Role::is_call_center) => {}
            _ => return Err(Error::invalid("recipient_id", "no active call-center user with this id")),
        }
    }
    let snapshot = snapshot(conn, now, shift_ends_at)?;
    let row = HandoverRow {
        id: db::new_id(),
        author_id: author.id.to_string(),
        recipient_id: recipient_id.map(|r| r.to_string()),
        created_at: db::to_db(now),
        shift_ends_at: db::to_db(shift_ends_at),
        log,
        snapshot: serde_json::to_string(&snapshot).map_err(Error::internal)?,
        signed_by: None,
        signed_at: None,
        sign_note: None,
    };
    db::handovers::insert(conn, &row)?;
    Ok(row)
}

/// `signer` signs handover `id`: the incoming person, not its author, and the recipient
/// if it is addressed to one. A signed handover never changes.
pub fn sign(
    conn: &mut DbConnection,
    signer: &Actor,
    id: &str,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<HandoverRow, Error> {
    let row = db::handovers::find(conn, id)?.ok_or_else(|| Error::not_found("handover"))?;
    let signer_id = signer.id.to_string();
    if row.author_id == signer_id {
        return Err(Error::conflict(ErrorCode::OwnHandover, "the incoming person signs, not the author"));
    }
    if row.recipient_id.as_ref().is_some_and(|r| *r != signer_id) {
        return Err(Error::forbidden("this handover is addressed to someone else"));
    }
    if !db::handovers::sign(conn, id, &signer_id, db::to_db(now), note)? {
        return Err(Error::conflict(ErrorCode::AlreadySigned, "this handover is signed and can no longer change"));
    }
    db::handovers::find(conn, id)?.ok_or_else(|| Error::not_found("handover"))
}
