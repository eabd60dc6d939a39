//! Idempotency keys for intake: a retried request with the same key gets the first ticket.
//! Keys are kept [`KEPT_FOR`], then purged by the sweeper's pass.

use chrono::{NaiveDateTime, TimeDelta};
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

/// How long a key is kept: a retry within this answers with the first ticket; after it
/// (and a sweeper pass) the key is new again.
pub const KEPT_FOR: TimeDelta = TimeDelta::hours(24);

/// Removes the keys written before `before` (one index range); how many.
pub fn purge(conn: &mut DbConnection, before: NaiveDateTime) -> Result<usize, Error> {
    Ok(diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(before))).execute(conn)?)
}
