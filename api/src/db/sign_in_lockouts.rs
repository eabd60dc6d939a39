//! Sign-in lockouts: written when an account or an address fails too often, read before
//! every sign-in (so that every process sharing the database honours them), lifted by
//! administrators.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::sign_in_lockouts, DbConnection};
use crate::error::Error;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = sign_in_lockouts)]
pub struct LockoutRow {
    pub id: String,
    /// `account` or `address`.
    pub kind: String,
    /// The username as typed, or the client address.
    pub subject: String,
    pub failures: i32,
    pub locked_at: NaiveDateTime,
    pub locked_until: NaiveDateTime,
    pub lifted_at: Option<NaiveDateTime>,
    pub lifted_by: Option<String>,
}

pub fn insert(conn: &mut DbConnection, row: &LockoutRow) -> Result<(), Error> {
    diesel::insert_into(sign_in_lockouts::table).values(row).execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<LockoutRow>, Error> {
    Ok(sign_in_lockouts::table.find(id).first(conn).optional()?)
}

/// The end of the latest lockout in force at `now` for this username or this address.
pub fn locked_until(
    conn: &mut DbConnection,
    username: &str,
    address: &str,
    now: NaiveDateTime,
) -> Result<Option<NaiveDateTime>, Error> {
    use sign_in_lockouts::dsl as l;
    let subject =
        l::kind.eq("account").and(l::subject.eq(username)).or(l::kind.eq("address").and(l::subject.eq(address)));
    Ok(l::sign_in_lockouts
        .filter(subject)
        .filter(l::locked_until.gt(now))
        .filter(l::lifted_at.is_null())
        .select(l::locked_until)
        .order(l::locked_until.desc())
        .first(conn)
        .optional()?)
}

/// A page of lockouts, newest first, before the lockout `before`; only those in force at
/// `active_at` when given.
pub fn list(
    conn: &mut DbConnection,
    before: Option<&str>,
    limit: i64,
    active_at: Option<NaiveDateTime>,
) -> Result<Vec<LockoutRow>, Error> {
    use sign_in_lockouts::dsl as l;
    let mut q = l::sign_in_lockouts.order(l::id.desc()).limit(limit).into_boxed();
    if let Some(before) = before {
        q = q.filter(l::id.lt(before.to_owned()));
    }
    if let Some(now) = active_at {
        q = q.filter(l::locked_until.gt(now)).filter(l::lifted_at.is_null());
    }
    Ok(q.load(conn)?)
}

/// Lifts a lockout (once: lifting it again changes nothing).
pub fn lift(conn: &mut DbConnection, id: &str, by: &str, at: NaiveDateTime) -> Result<(), Error> {
    use sign_in_lockouts::dsl as l;
    diesel::update(l::sign_in_lockouts.find(id).filter(l::lifted_at.is_null()))
        .set((l::lifted_at.eq(at), l::lifted_by.eq(by)))
        .execute(conn)?;
    Ok(())
}
