//! Extension requests (延期): a department asks for a new completion time.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::extensions, DbConnection};
use crate::error::Error;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = extensions, treat_none_as_null = true)]
pub struct ExtensionRow {
    pub id: String,
    pub ticket_id: String,
    pub status: String,
    pub requested_by: String,
    pub requested_at: NaiveDateTime,
    pub previous_due_at: NaiveDateTime,
    pub new_due_at: NaiveDateTime,
    pub reason: String,
    pub customer_agreed: bool,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_note: Option<String>,
}

pub fn insert(conn: &mut DbConnection, row: &ExtensionRow) -> Result<(), Error> {
    diesel::insert_into(extensions::table).values(row).execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, ticket_id: &str, id: &str) -> Result<Option<ExtensionRow>, Error> {
    Ok(extensions::table.find(id).filter(extensions::ticket_id.eq(ticket_id.to_owned())).first(conn).optional()?)
}

pub fn for_ticket(conn: &mut DbConnection, ticket_id: &str) -> Result<Vec<ExtensionRow>, Error> {
    Ok(extensions::table
        .filter(extensions::ticket_id.eq(ticket_id.to_owned()))
        .order((extensions::requested_at.asc(), extensions::id.asc()))
        .load(conn)?)
}

pub fn has_pending(conn: &mut DbConnection, ticket_id: &str) -> Result<bool, Error> {
    let n: i64 = extensions::table
        .filter(extensions::ticket_id.eq(ticket_id.to_owned()))
        .filter(extensions::status.eq("pending"))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn update(conn: &mut DbConnection, row: &ExtensionRow) -> Result<(), Error> {
    diesel::update(extensions::table.find(&row.id)).set(row).execute(conn)?;
    Ok(())
}

/// A page of extension requests in `status` (all tickets), oldest first, with each
/// ticket's number; after the request `after` = (requested_at, id).
pub fn list_by_status(
    conn: &mut DbConnection,
    status: &str,
    department: Option<&str>,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> Result<Vec<(ExtensionRow, String)>, Error> {
    use super::schema::tickets;
    use extensions::dsl as e;
    let mut q = e::extensions
        .inner_join(tickets::table)
        .filter(e::status.eq(status.to_owned()))
        .order((e::requested_at.asc(), e::id.asc()))
        .select((extensions::all_columns, tickets::number))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = after {
        q = q.filter(e::requested_at.gt(at).or(e::requested_at.eq(at).and(e::id.gt(id))));
    }
    if let Some(d) = department {
        q = q.filter(crate::in_department!(d.to_owned()));
    }
    Ok(q.load(conn)?)
}

/// Of the tickets `ids`, those with an extension request waiting for a decision.
pub fn pending_among(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<String>, Error> {
    Ok(extensions::table
        .filter(extensions::ticket_id.eq_any(ids))
        .filter(extensions::status.eq("pending"))
        .select(extensions::ticket_id)
        .distinct()
        .load(conn)?)
}
