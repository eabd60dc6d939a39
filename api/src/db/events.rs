//! The append-only history of every ticket (DESIGN §1.19). Rows are only ever inserted.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::ticket_events, DbConnection};
use crate::error::Error;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = ticket_events)]
pub struct EventRow {
    pub id: String,
    pub ticket_id: String,
    pub kind: String,
    pub actor_id: Option<String>,
    pub at: NaiveDateTime,
    /// JSON object with the details of the event.
    pub data: String,
    /// The department the ticket was with when it happened (reports count per department).
    pub department_id: Option<String>,
}

pub fn insert(conn: &mut DbConnection, row: &EventRow) -> Result<(), Error> {
    diesel::insert_into(ticket_events::table).values(row).execute(conn)?;
    Ok(())
}

/// A page of a ticket's timeline, oldest first, after the event `after` = (at, id);
/// without internal comments when `internal` is false. The filter is part of the query, so
/// a page is cut after it and `limit` rows mean there may be more.
pub fn list(
    conn: &mut DbConnection,
    ticket_id: &str,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
    internal: bool,
) -> Result<Vec<EventRow>, Error> {
    use ticket_events::dsl as e;
    let mut q = e::ticket_events
        .filter(e::ticket_id.eq(ticket_id.to_owned()))
        .order((e::at.asc(), e::id.asc()))
        .limit(limit)
        .into_boxed();
    if !internal {
        q = q.filter(e::kind.ne("comment").or(e::data.not_like("%\"internal\":true%")));
    }
    if let Some((at, id)) = after {
        q = q.filter(e::at.gt(at).or(e::at.eq(at).and(e::id.gt(id))));
    }
    Ok(q.load(conn)?)
}

/// The latest event of `kind` on a ticket.
pub fn latest_of_kind(conn: &mut DbConnection, ticket_id: &str, kind: &str) -> Result<Option<EventRow>, Error> {
    use ticket_events::dsl as e;
    Ok(e::ticket_events
        .filter(e::ticket_id.eq(ticket_id.to_owned()))
        .filter(e::kind.eq(kind.to_owned()))
        .order((e::at.desc(), e::id.desc()))
        .first(conn)
        .optional()?)
}
