//! API tokens of integration users: only their SHA-256 hashes are stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::api_tokens, DbConnection};
use crate::error::Error;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct ApiTokenRow {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub token_hash: String,
    pub token_start: String,
    /// Space-separated scopes.
    pub scopes: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &ApiTokenRow) -> Result<(), Error> {
    diesel::insert_into(api_tokens::table).values(row).execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<ApiTokenRow>, Error> {
    Ok(api_tokens::table.find(id).first(conn).optional()?)
}

pub fn find_by_hash(conn: &mut DbConnection, hash: &str) -> Result<Option<ApiTokenRow>, Error> {
    Ok(api_tokens::table.filter(api_tokens::token_hash.eq(hash)).first(conn).optional()?)
}

/// A page of tokens, newest first, after the token `after` = (created_at, id).
pub fn list(
    conn: &mut DbConnection,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> Result<Vec<ApiTokenRow>, Error> {
    use api_tokens::dsl as t;
    let mut q = t::api_tokens.order((t::created_at.desc(), t::id.desc())).limit(limit).into_boxed();
    if let Some((at, id)) = after {
        q = q.filter(t::created_at.lt(at).or(t::created_at.eq(at).and(t::id.lt(id))));
    }
    Ok(q.load(conn)?)
}

pub fn revoke(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> Result<(), Error> {
    use api_tokens::dsl as t;
    diesel::update(t::api_tokens.find(id).filter(t::revoked_at.is_null())).set(t::revoked_at.eq(at)).execute(conn)?;
    Ok(())
}

/// Notes that the token was used, at most once a minute (a write per request would
/// serialise every integration call on SQLite).
pub fn touch(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> Result<(), Error> {
    use api_tokens::dsl as t;
    let stale = at - chrono::TimeDelta::minutes(1);
    diesel::update(t::api_tokens.find(id).filter(t::last_used_at.is_null().or(t::last_used_at.lt(stale))))
        .set(t::last_used_at.eq(at))
        .execute(conn)?;
    Ok(())
}

/// Of the tokens `ids`, those that no longer work at `at`: revoked or expired.
pub fn ended(conn: &mut DbConnection, ids: &[String], at: NaiveDateTime) -> Result<Vec<String>, Error> {
    use api_tokens::dsl as t;
    Ok(t::api_tokens
        .filter(t::id.eq_any(ids))
        .filter(t::revoked_at.is_not_null().or(t::expires_at.le(at)))
        .select(t::id)
        .load(conn)?)
}
