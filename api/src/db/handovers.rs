//! Shift handovers (交接班). Signed ones are never updated: `sign` only touches unsigned rows.

use chrono::NaiveDateTime;
use diesel::{dsl::count_star, prelude::*};

use super::{
    schema::{handovers, tickets},
    DbConnection,
};
use crate::{domain::ticket::TicketStatus, error::Error};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = handovers)]
pub struct HandoverRow {
    pub id: String,
    pub author_id: String,
    /// The person the handover is addressed to; anyone on the call center may sign if None.
    pub recipient_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub shift_ends_at: NaiveDateTime,
    pub log: String,
    /// JSON: the queue as the server saw it when the handover was written.
    pub snapshot: String,
    pub signed_by: Option<String>,
    pub signed_at: Option<NaiveDateTime>,
    pub sign_note: Option<String>,
}

pub fn insert(conn: &mut DbConnection, row: &HandoverRow) -> Result<(), Error> {
    diesel::insert_into(handovers::table).values(row).execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<HandoverRow>, Error> {
    Ok(handovers::table.find(id).first(conn).optional()?)
}

/// Newest first; keyset on (created_at, id).
pub fn list(
    conn: &mut DbConnection,
    before: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> Result<Vec<HandoverRow>, Error> {
    use handovers::dsl as h;
    let mut q = h::handovers.order((h::created_at.desc(), h::id.desc())).limit(limit).into_boxed();
    if let Some((at, id)) = before {
        q = q.filter(h::created_at.lt(at).or(h::created_at.eq(at).and(h::id.lt(id))));
    }
    Ok(q.load(conn)?)
}

/// Signs an unsigned handover; false when it was signed already.
pub fn sign(conn: &mut DbConnection, id: &str, by: &str, at: NaiveDateTime, note: Option<&str>) -> Result<bool, Error> {
    use handovers::dsl as h;
    let n = diesel::update(h::handovers.find(id).filter(h::signed_at.is_null()))
        .set((h::signed_by.eq(by), h::signed_at.eq(at), h::sign_note.eq(note)))
        .execute(conn)?;
    Ok(n == 1)
}

/// Open tickets (resolved ones waiting for a callback included) per status: an aggregate
/// over the status index.
pub fn open_by_status(conn: &mut DbConnection) -> Result<Vec<(String, i64)>, Error> {
    use tickets::dsl as t;
    Ok(t::tickets
        .filter(t::status.eq_any(TicketStatus::OPEN_OR_RESOLVED.map(TicketStatus::as_str)))
        .group_by(t::status)
        .select((t::status, count_star()))
        .load(conn)?)
}
