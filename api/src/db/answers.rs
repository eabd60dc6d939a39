//! Unified answers (统一答复口径), their search terms and their uses at intake.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use diesel::{dsl::count_star, prelude::*};

use super::{
    schema::{answer_terms, answer_uses, answers},
    DbConnection,
};
use crate::error::Error;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = answers, treat_none_as_null = true)]
pub struct AnswerRow {
    pub id: String,
    pub title: String,
    pub body: String,
    pub department_id: String,
    /// The site/project (matches customers' `unit`); None: every site.
    pub unit: Option<String>,
    pub topic: Option<String>,
    pub valid_from: NaiveDateTime,
    /// None: valid until deactivated.
    pub valid_until: Option<NaiveDateTime>,
    pub active: bool,
    /// All-time uses; goes up in the transaction that records each use.
    pub use_count: i64,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = answer_uses)]
pub struct AnswerUseRow {
    pub id: String,
    pub answer_id: String,
    pub ticket_id: String,
    pub by_user: String,
    pub at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &AnswerRow) -> Result<(), Error> {
    diesel::insert_into(answers::table).values(row).execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<AnswerRow>, Error> {
    Ok(answers::table.find(id).first(conn).optional()?)
}

/// The given answers, in no particular order.
pub fn find_many(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<AnswerRow>, Error> {
    Ok(answers::table.filter(answers::id.eq_any(ids)).load(conn)?)
}

pub fn update(conn: &mut DbConnection, row: &AnswerRow) -> Result<(), Error> {
    diesel::update(answers::table.find(&row.id)).set(row).execute(conn)?;
    Ok(())
}

/// Replaces the search terms of an answer.
pub fn set_terms(conn: &mut DbConnection, answer_id: &str, terms: &BTreeSet<String>) -> Result<(), Error> {
    diesel::delete(answer_terms::table.filter(answer_terms::answer_id.eq(answer_id.to_owned()))).execute(conn)?;
    let rows: Vec<_> = terms
        .iter()
        .map(|t| (answer_terms::answer_id.eq(answer_id.to_owned()), answer_terms::term.eq(t.clone())))
        .collect();
    // Multi-row inserts do not compile through `MultiBackend`; row by row is as fast on
    // SQLite inside one transaction.
    match conn {
        DbConnection::Postgresql(c) => {
            for chunk in rows.chunks(500) {
                diesel::insert_into(answer_terms::table).values(chunk).execute(c)?;
            }
        }
        DbConnection::Sqlite(c) => {
            for row in rows {
                diesel::insert_into(answer_terms::table).values(row).execute(c)?;
            }
        }
    }
    Ok(())
}

/// Records one use of an answer and counts it on the answer (an atomic increment).
pub fn record_use(conn: &mut DbConnection, row: &AnswerUseRow) -> Result<(), Error> {
    diesel::insert_into(answer_uses::table).values(row).execute(conn)?;
    diesel::update(answers::table.find(&row.answer_id))
        .set(answers::use_count.eq(answers::use_count + 1))
        .execute(conn)?;
    Ok(())
}

/// The library's filters, already checked.
#[derive(Debug, Default, Clone)]
pub struct AnswerFilter {
    pub department_id: Option<String>,
    pub unit: Option<String>,
    /// Only answers offered at this time (active and valid); None: every answer.
    pub offered_at: Option<NaiveDateTime>,
    pub limit: i64,
}

/// Applies an [`AnswerFilter`] to a boxed query over `answers` (alone or joined).
macro_rules! filtered {
    ($q:expr, $f:expr) => {{
        let mut q = $q;
        if let Some(d) = &$f.department_id {
            q = q.filter(answers::department_id.eq(d.clone()));
        }
        if let Some(u) = &$f.unit {
            q = q.filter(answers::unit.eq(u.clone()));
        }
        if let Some(now) = $f.offered_at {
            q = q
                .filter(answers::active.eq(true))
                .filter(answers::valid_from.le(now))
                .filter(answers::valid_until.is_null().or(answers::valid_until.gt(now)));
        }
        q
    }};
}

/// A page of answers, newest first, after the answer `after` = (created_at, id).
pub fn list(
    conn: &mut DbConnection,
    f: &AnswerFilter,
    after: Option<(NaiveDateTime, String)>,
) -> Result<Vec<AnswerRow>, Error> {
    use answers::dsl as a;
    let mut q = filtered!(a::answers.order((a::created_at.desc(), a::id.desc())).limit(f.limit).into_boxed(), f);
    if let Some((at, id)) = after {
        q = q.filter(a::created_at.lt(at).or(a::created_at.eq(at).and(a::id.lt(id))));
    }
    Ok(q.load(conn)?)
}

/// Where a page of search results ends: (matched terms, created_at, id) of its last item.
pub type SearchKey = (i64, NaiveDateTime, String);

/// A page of answers containing any of `terms`, those matching the most terms first (then
/// newest first), each with the number of terms it matched. One grouped read of the term
/// index: `WHERE term IN (…) GROUP BY answer ORDER BY count DESC`.
pub fn search(
    conn: &mut DbConnection,
    f: &AnswerFilter,
    terms: &[String],
    after: Option<SearchKey>,
) -> Result<Vec<(AnswerRow, i64)>, Error> {
    use answers::dsl as a;
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let base = a::answers
        .inner_join(answer_terms::table)
        .filter(answer_terms::term.eq_any(terms.to_vec()))
        .group_by(a::id)
        .select((answers::all_columns, count_star()))
        .order((count_star().desc(), a::created_at.desc(), a::id.desc()))
        .limit(f.limit)
        .into_boxed();
    let mut q = filtered!(base, f);
    if let Some((hits, at, id)) = after {
        q = q.having(
            count_star()
                .lt(hits)
                .or(count_star().eq(hits).and(a::created_at.lt(at).or(a::created_at.eq(at).and(a::id.lt(id))))),
        );
    }
    Ok(q.load(conn)?)
}

/// Up to `limit` indexed terms that begin with `prefix` (other than `prefix` itself).
/// `prefix` is a term of the tokenizer, made of letters and digits: no LIKE wildcards.
pub fn terms_with_prefix(conn: &mut DbConnection, prefix: &str, limit: i64) -> Result<Vec<String>, Error> {
    use answer_terms::dsl as t;
    Ok(t::answer_terms
        .select(t::term)
        .filter(t::term.like(format!("{prefix}%")))
        .filter(t::term.ne(prefix.to_owned()))
        .distinct()
        .order(t::term.asc())
        .limit(limit)
        .load(conn)?)
}

/// The most used answers in [from, to), as (answer id, uses), most used first: one grouped
/// count over the `answer_uses` time index.
pub fn top_used(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    department: Option<&str>,
    limit: i64,
) -> Result<Vec<(String, i64)>, Error> {
    use answer_uses::dsl as u;
    let mut q = u::answer_uses
        .inner_join(answers::table)
        .filter(u::at.ge(from))
        .filter(u::at.lt(to))
        .group_by(u::answer_id)
        .select((u::answer_id, count_star()))
        .order((count_star().desc(), u::answer_id.asc()))
        .limit(limit)
        .into_boxed();
    if let Some(d) = department {
        q = q.filter(answers::department_id.eq(d.to_owned()));
    }
    Ok(q.load(conn)?)
}

/// All uses in [from, to) of answers (of one issuing department, or all).
pub fn count_uses(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    department: Option<&str>,
) -> Result<i64, Error> {
    Ok(uses(from, to, department).count().get_result(conn)?)
}

/// Uses in [from, to) of answers issued by `department` (or by any).
fn uses(
    from: NaiveDateTime,
    to: NaiveDateTime,
    department: Option<&str>,
) -> diesel::helper_types::IntoBoxed<
    'static,
    diesel::dsl::InnerJoin<answer_uses::table, answers::table>,
    super::MultiBackend,
> {
    use answer_uses::dsl as u;
    let q = u::answer_uses.inner_join(answers::table).filter(u::at.ge(from)).filter(u::at.lt(to)).into_boxed();
    match department {
        Some(d) => q.filter(answers::department_id.eq(d.to_owned())),
        None => q,
    }
}
