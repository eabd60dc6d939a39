//! Idempotency keys for intake: a retried request with the same key gets the first ticket.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::idempotency_keys, DbConnection};
use crate::error::Error;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct IdempotencyRow {
    pub user_id: String,
    pub key: String,
    /// The request body as JSON, to tell a retry from a different request.
    pub request: String,
    pub ticket_id: String,
    pub created_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConnection, user_id: &str, key: &str) -> Result<Option<IdempotencyRow>, Error> {
    Ok(idempotency_keys::table.find((user_id.to_owned(), key.to_owned())).first(conn).optional()?)
}

pub fn insert(conn: &mut DbConnection, row: &IdempotencyRow) -> Result<(), Error> {
    diesel::insert_into(idempotency_keys::table).values(row).execute(conn)?;
    Ok(())
}
