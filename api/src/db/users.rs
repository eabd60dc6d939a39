//! Users: call-center staff, department staff, administrators.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::users, DbConnection};
use crate::error::Error;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = users, treat_none_as_null = true)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub department_id: Option<String>,
    pub password_hash: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Raised to end every session of the user; session tokens carry the one they began under.
    pub session_version: i32,
    /// The password was not chosen by the user (generated at first start, or set by an
    /// administrator): the console asks for a new one before anything else.
    pub password_change_required: bool,
}

pub fn count(conn: &mut DbConnection) -> Result<i64, Error> {
    Ok(users::table.count().get_result(conn)?)
}

pub fn insert(conn: &mut DbConnection, row: &UserRow) -> Result<(), Error> {
    diesel::insert_into(users::table).values(row).execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<UserRow>, Error> {
    Ok(users::table.find(id).first(conn).optional()?)
}

pub fn find_by_username(conn: &mut DbConnection, username: &str) -> Result<Option<UserRow>, Error> {
    Ok(users::table.filter(users::username.eq(username)).first(conn).optional()?)
}

pub fn username_taken(conn: &mut DbConnection, username: &str) -> Result<bool, Error> {
    Ok(find_by_username(conn, username)?.is_some())
}

/// A page of users in creation order, after the user `after`.
pub fn list(conn: &mut DbConnection, after: Option<&str>, limit: i64) -> Result<Vec<UserRow>, Error> {
    let mut q = users::table.order(users::id.asc()).limit(limit).into_boxed();
    if let Some(after) = after {
        q = q.filter(users::id.gt(after.to_owned()));
    }
    Ok(q.load(conn)?)
}

pub fn update(conn: &mut DbConnection, row: &UserRow) -> Result<(), Error> {
    diesel::update(users::table.find(&row.id)).set(row).execute(conn)?;
    Ok(())
}

/// Display names of the given users, as (id, name).
pub fn names(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<(String, String)>, Error> {
    Ok(users::table.filter(users::id.eq_any(ids)).select((users::id, users::display_name)).load(conn)?)
}

/// Ends every session of the user (a sign-out everywhere).
pub fn end_sessions(conn: &mut DbConnection, id: &str) -> Result<(), Error> {
    diesel::update(users::table.find(id)).set(users::session_version.eq(users::session_version + 1)).execute(conn)?;
    Ok(())
}

/// What decides whether a user's sessions still hold, for the given users:
/// (id, session version, active, role).
pub fn session_states(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<(String, i32, bool, String)>, Error> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::session_version, users::active, users::role))
        .load(conn)?)
}
