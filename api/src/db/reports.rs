//! Aggregate queries for reports: counts grouped in the database over indexed ranges,
//! never tickets loaded into memory.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::{dsl::count_star, prelude::*};

use super::{
    schema::{callbacks, ticket_events, tickets},
    DbConnection,
};
use crate::{
    domain::{
        reports::{ExtensionCounts, FlagCounts, ResolutionCounts, ResponseCounts, SatisfactionCounts},
        ticket::TicketStatus,
    },
    error::Error,
};

/// What a report covers: the period [from, to), judged at `now`, over every department or
/// only one. A ticket counts for the department it is with; an event for the department
/// the ticket was with when it happened.
#[derive(Debug, Clone)]
pub struct Scope {
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
    pub now: NaiveDateTime,
    pub department: Option<String>,
}

/// A value bound to an aggregate query.
enum Bind<'a> {
    At(NaiveDateTime),
    Text(&'a str),
}

/// Runs one aggregate SELECT written once with `?` placeholders on either backend
/// (PostgreSQL wants `$1, $2, …`).
fn aggregate<R>(conn: &mut DbConnection, sql: &str, binds: &[Bind]) -> Result<Vec<R>, Error>
where
    R: diesel::QueryableByName<diesel::pg::Pg> + diesel::QueryableByName<diesel::sqlite::Sqlite> + 'static,
{
    use diesel::sql_types::{Text, Timestamp};
    macro_rules! run {
        ($c:expr, $sql:expr) => {{
            let mut q = diesel::sql_query($sql).into_boxed();
            for b in binds {
                q = match b {
                    Bind::At(at) => q.bind::<Timestamp, _>(*at),
                    Bind::Text(text) => q.bind::<Text, _>(text.to_string()),
                };
            }
            q.load::<R>($c)?
        }};
    }
    Ok(match conn {
        DbConnection::Postgresql(c) => {
            let mut n = 0;
            let numbered: String = sql
                .chars()
                .map(|ch| {
                    if ch == '?' {
                        n += 1;
                        format!("${n}")
                    } else {
                        ch.to_string()
                    }
                })
                .collect();
            run!(c, numbered)
        }
        DbConnection::Sqlite(c) => run!(c, sql.to_owned()),
    })
}

#[derive(diesel::QueryableByName)]
struct ResponseRow {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    urgency: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    department_id: Option<String>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    met_on_time: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    met_late: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    open_breached: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    open_on_time: i64,
}

/// `1` when the condition holds, summed; 0 over no rows.
fn count_if(condition: &str) -> String {
    format!("CAST(COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0) AS BIGINT)")
}

/// The statuses as the inside of a SQL `IN (…)`: `'dispatched', 'accepted'`. Each is the
/// domain's own text (`TicketStatus::as_str`), so the lists are written once, in the
/// domain, and nothing a caller typed reaches the SQL.
fn sql_list(statuses: &[TicketStatus]) -> String {
    statuses.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", ")
}

/// Response outcomes keyed by tier or by department id.
pub type ResponseByKey = BTreeMap<String, ResponseCounts>;

/// The scope's department as a SQL condition and its binds, appended to a WHERE clause.
fn department_clause(scope: &Scope) -> (&'static str, Option<Bind<'_>>) {
    match &scope.department {
        // An expression, not the bare column: see `in_department!`.
        Some(d) => (" AND COALESCE(department_id, '') = ? ", Some(Bind::Text(d))),
        None => (" ", None),
    }
}

/// The SELECT of [`response_outcomes`]: binds `now`, `now`, `from`, `to`, then the
/// department clause's. A clock is still running while the ticket awaits its response.
fn response_outcomes_sql(department_clause: &str) -> String {
    let awaiting = sql_list(&TicketStatus::AWAITING_RESPONSE);
    format!(
        "SELECT urgency, department_id, {met_on_time} AS met_on_time, {met_late} AS met_late, \
         {open_breached} AS open_breached, {open_on_time} AS open_on_time \
         FROM tickets WHERE dispatched_at >= ? AND dispatched_at < ? AND response_due_at IS NOT NULL\
         {department_clause}GROUP BY urgency, department_id",
        met_on_time = count_if("responded_at <= response_due_at"),
        met_late = count_if("responded_at > response_due_at"),
        open_breached = count_if(&format!("responded_at IS NULL AND status IN ({awaiting}) AND response_due_at <= ?")),
        open_on_time = count_if(&format!("responded_at IS NULL AND status IN ({awaiting}) AND response_due_at > ?")),
    )
}

/// Response outcomes of dispatches made in the period, per tier and per department, in
/// one pass over the dispatch-time index. A dispatch that was returned is not counted:
/// its clock stopped.
pub fn response_outcomes(conn: &mut DbConnection, scope: &Scope) -> Result<(ResponseByKey, ResponseByKey), Error> {
    let (clause, department) = department_clause(scope);
    let sql = response_outcomes_sql(clause);
    let binds = [Bind::At(scope.now), Bind::At(scope.now), Bind::At(scope.from), Bind::At(scope.to)];
    let rows: Vec<ResponseRow> = aggregate(conn, &sql, &binds.into_iter().chain(department).collect::<Vec<_>>())?;
    let (mut by_tier, mut by_department) = (BTreeMap::new(), BTreeMap::new());
    for r in rows {
        let counts = ResponseCounts {
            dispatched: r.met_on_time + r.met_late + r.open_breached + r.open_on_time,
            met_on_time: r.met_on_time,
            met_late: r.met_late,
            open_breached: r.open_breached,
            open_on_time: r.open_on_time,
        };
        for (map, key) in [(&mut by_tier, r.urgency), (&mut by_department, r.department_id)] {
            let e: &mut ResponseCounts = map.entry(key.unwrap_or_default()).or_default();
            *e += counts;
        }
    }
    Ok((by_tier, by_department))
}

#[derive(diesel::QueryableByName)]
struct ResolutionRow {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    department_id: Option<String>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    total: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    on_time: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    late_with_extension: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    late: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    open_breached: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    open_on_time: i64,
}

/// The SELECT of [`resolution_by_department`]: binds `now`, `now`, `from`, `to`, then the
/// department clause's. The resolution clock runs while the ticket is open.
fn resolution_by_department_sql(department_clause: &str) -> String {
    let open = sql_list(&TicketStatus::OPEN);
    format!(
        "SELECT department_id, CAST(COUNT(*) AS BIGINT) AS total, {on_time} AS on_time, \
         {late_with_extension} AS late_with_extension, {late} AS late, \
         {open_breached} AS open_breached, {open_on_time} AS open_on_time \
         FROM tickets WHERE created_at >= ? AND created_at < ? AND status <> '{merged}'\
         {department_clause}GROUP BY department_id",
        on_time = count_if("resolved_at <= resolution_original_due_at"),
        late_with_extension = count_if("resolved_at > resolution_original_due_at AND resolved_at <= resolution_due_at"),
        late = count_if("resolved_at > resolution_original_due_at AND resolved_at > resolution_due_at"),
        open_breached = count_if(&format!("resolved_at IS NULL AND status IN ({open}) AND resolution_due_at <= ?")),
        open_on_time = count_if(&format!("resolved_at IS NULL AND status IN ({open}) AND resolution_due_at > ?")),
        merged = TicketStatus::Merged.as_str(),
    )
}

/// Resolution outcomes of tickets taken in the period (merged duplicates left out), per
/// department they are with (key "" for the call center's own), in one pass over the
/// intake-time index.
pub fn resolution_by_department(
    conn: &mut DbConnection,
    scope: &Scope,
) -> Result<BTreeMap<String, ResolutionCounts>, Error> {
    let (clause, department) = department_clause(scope);
    let sql = resolution_by_department_sql(clause);
    let binds = [Bind::At(scope.now), Bind::At(scope.now), Bind::At(scope.from), Bind::At(scope.to)];
    let rows: Vec<ResolutionRow> = aggregate(conn, &sql, &binds.into_iter().chain(department).collect::<Vec<_>>())?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let counts = ResolutionCounts {
                total: r.total,
                on_time: r.on_time,
                late_with_extension: r.late_with_extension,
                late: r.late,
                open_breached: r.open_breached,
                open_on_time: r.open_on_time,
            };
            (r.department_id.unwrap_or_default(), counts)
        })
        .collect())
}

/// Reached callbacks in the period and how many were satisfied, per department
/// (key "" for tickets answered by the call center itself).
pub fn satisfaction_by_department(
    conn: &mut DbConnection,
    scope: &Scope,
) -> Result<BTreeMap<String, SatisfactionCounts>, Error> {
    use callbacks::dsl as cb;
    let reached =
        || cb::callbacks.filter(cb::at.ge(scope.from)).filter(cb::at.lt(scope.to)).filter(cb::reached.eq(true));
    let by_department = |conn: &mut DbConnection, satisfied_only: bool| -> Result<Vec<(Option<String>, i64)>, Error> {
        let mut q = reached().group_by(cb::department_id).select((cb::department_id, count_star())).into_boxed();
        if satisfied_only {
            q = q.filter(cb::satisfaction.eq("satisfied"));
        }
        if let Some(d) = &scope.department {
            q = q.filter(cb::department_id.eq(d.clone()));
        }
        Ok(q.load(conn)?)
    };
    let all = by_department(conn, false)?;
    let satisfied = by_department(conn, true)?;
    let mut out: BTreeMap<String, SatisfactionCounts> = BTreeMap::new();
    for (key, n) in all {
        out.entry(key.unwrap_or_default()).or_default().callbacks += n;
    }
    for (key, n) in satisfied {
        out.entry(key.unwrap_or_default()).or_default().satisfied += n;
    }
    Ok(out)
}

/// Tickets taken in the period per (channel, kind).
pub fn contacts(conn: &mut DbConnection, scope: &Scope) -> Result<Vec<(String, String, i64)>, Error> {
    use tickets::dsl as t;
    let mut q = t::tickets
        .filter(t::created_at.ge(scope.from))
        .filter(t::created_at.lt(scope.to))
        .group_by((t::channel, t::kind))
        .select((t::channel, t::kind, count_star()))
        .into_boxed();
    if let Some(d) = &scope.department {
        q = q.filter(in_department!(d));
    }
    Ok(q.load(conn)?)
}

/// Events of `kind` in the period, per department the ticket was with (key "" for none).
pub fn events_by_department(
    conn: &mut DbConnection,
    kind: &str,
    scope: &Scope,
) -> Result<BTreeMap<String, i64>, Error> {
    use ticket_events::dsl as e;
    let mut q = e::ticket_events
        .filter(e::kind.eq(kind.to_owned()))
        .filter(e::at.ge(scope.from))
        .filter(e::at.lt(scope.to))
        .group_by(e::department_id)
        .select((e::department_id, count_star()))
        .into_boxed();
    if let Some(d) = &scope.department {
        q = q.filter(e::department_id.eq(d.clone()));
    }
    let rows: Vec<(Option<String>, i64)> = q.load(conn)?;
    Ok(rows.into_iter().map(|(d, n)| (d.unwrap_or_default(), n)).collect())
}

/// Extension requests made in the period, and those decided in it.
pub fn extensions(conn: &mut DbConnection, scope: &Scope) -> Result<ExtensionCounts, Error> {
    use super::schema::extensions::dsl as x;
    use tickets::dsl as t;
    let of_scope = || {
        let q = x::extensions.inner_join(t::tickets).into_boxed();
        match &scope.department {
            Some(d) => q.filter(in_department!(d)),
            None => q,
        }
    };
    let requested = of_scope()
        .filter(x::requested_at.ge(scope.from))
        .filter(x::requested_at.lt(scope.to))
        .count()
        .get_result(conn)?;
    let decided = |status: &'static str, conn: &mut DbConnection| -> Result<i64, Error> {
        Ok(of_scope()
            .filter(x::status.eq(status))
            .filter(x::decided_at.ge(scope.from))
            .filter(x::decided_at.lt(scope.to))
            .count()
            .get_result(conn)?)
    };
    Ok(ExtensionCounts { requested, approved: decided("approved", conn)?, rejected: decided("rejected", conn)? })
}

/// Tickets resolved in the period per root cause, most frequent first (DESIGN §1.10).
pub fn top_root_causes(conn: &mut DbConnection, scope: &Scope, limit: i64) -> Result<Vec<(String, i64)>, Error> {
    use tickets::dsl as t;
    let mut q = t::tickets
        .filter(t::resolved_at.ge(scope.from))
        .filter(t::resolved_at.lt(scope.to))
        .filter(t::root_cause_id.is_not_null())
        .group_by(t::root_cause_id)
        .select((t::root_cause_id, count_star()))
        .order(count_star().desc())
        .limit(limit)
        .into_boxed();
    if let Some(d) = &scope.department {
        q = q.filter(in_department!(d));
    }
    let rows: Vec<(Option<String>, i64)> = q.load(conn)?;
    Ok(rows.into_iter().filter_map(|(id, n)| id.map(|id| (id, n))).collect())
}

/// Counts one flag's outcomes: `$start` the flag time, `$met` when met, `$due` the deadline.
macro_rules! flag_counts {
    ($conn:expr, $scope:expr, $start:expr, $met:expr, $due:expr) => {{
        use tickets::dsl as t;
        let scope: &Scope = $scope;
        let base = || {
            let q = t::tickets.filter($start.ge(scope.from)).filter($start.lt(scope.to)).into_boxed();
            match &scope.department {
                Some(d) => q.filter(in_department!(d)),
                None => q,
            }
        };
        let count = |conn: &mut DbConnection,
                     q: tickets::BoxedQuery<'static, super::MultiBackend>|
         -> Result<i64, Error> { Ok(q.count().get_result(conn)?) };
        FlagCounts {
            flagged: count($conn, base())?,
            met_on_time: count($conn, base().filter($met.le($due)))?,
            met_late: count($conn, base().filter($met.gt($due)))?,
            open_breached: count($conn, base().filter($met.is_null()).filter($due.le(scope.now)))?,
            open_on_time: count($conn, base().filter($met.is_null()).filter($due.gt(scope.now)))?,
        }
    }};
}

pub fn hot_complaints(conn: &mut DbConnection, scope: &Scope) -> Result<FlagCounts, Error> {
    Ok(flag_counts!(conn, scope, t::hot_at, t::hot_reported_at, t::hot_report_due_at))
}

pub fn incidents(conn: &mut DbConnection, scope: &Scope) -> Result<FlagCounts, Error> {
    Ok(flag_counts!(conn, scope, t::onsite_started_at, t::onsite_at, t::onsite_due_at))
}

/// Tickets whose latest supervision order was issued in the period, met by resolving.
pub fn supervision_orders(conn: &mut DbConnection, scope: &Scope) -> Result<FlagCounts, Error> {
    Ok(flag_counts!(conn, scope, t::supervised_at, t::resolved_at, t::supervision_due_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lists_are_the_domains_texts_quoted() {
        assert_eq!(sql_list(&TicketStatus::AWAITING_RESPONSE), "'dispatched', 'accepted'");
        assert_eq!(
            sql_list(&TicketStatus::OPEN),
            "'new', 'dispatched', 'accepted', 'in_progress', 'returned', 'reopened'"
        );
    }

    #[test]
    fn the_aggregates_bind_the_times_and_the_department() {
        for sql in [response_outcomes_sql, resolution_by_department_sql] {
            assert_eq!(sql(" ").matches('?').count(), 4);
            assert_eq!(sql(" AND COALESCE(department_id, '') = ? ").matches('?').count(), 5);
        }
        let open = sql_list(&TicketStatus::OPEN);
        assert!(response_outcomes_sql(" ").contains("status IN ('dispatched', 'accepted') AND response_due_at <= ?"));
        assert!(resolution_by_department_sql(" ").contains(&format!("status IN ({open}) AND resolution_due_at > ?")));
    }
}
