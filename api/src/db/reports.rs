//! Aggregate queries for reports: counts grouped in the database over indexed ranges,
//! never tickets loaded into memory.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::{dsl::count_star, prelude::*};

use super::{
    schema::{callbacks, ticket_events, tickets},
    DbConnection,
};
use crate::error::Error;

/// Outcome counts of response clocks (per tier or per department).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ResponseCounts {
    pub dispatched: i64,
    pub met_on_time: i64,
    pub met_late: i64,
    pub open_breached: i64,
    pub open_on_time: i64,
}

/// Outcome counts of resolution clocks.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ResolutionCounts {
    pub total: i64,
    /// Resolved by the original 48-hour deadline.
    pub on_time: i64,
    /// Resolved after the original deadline but by an approved extension's (DESIGN §1.17).
    pub late_with_extension: i64,
    pub late: i64,
    pub open_breached: i64,
    pub open_on_time: i64,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SatisfactionCounts {
    /// Callbacks where the customer was reached.
    pub callbacks: i64,
    pub satisfied: i64,
}

/// Runs one aggregate SELECT written once with `?` placeholders on either backend
/// (PostgreSQL wants `$1, $2, …`). Every bound value is a timestamp.
fn aggregate<R>(conn: &mut DbConnection, sql: &str, binds: &[NaiveDateTime]) -> Result<Vec<R>, Error>
where
    R: diesel::QueryableByName<diesel::pg::Pg> + diesel::QueryableByName<diesel::sqlite::Sqlite> + 'static,
{
    use diesel::sql_types::Timestamp;
    macro_rules! run {
        ($c:expr, $sql:expr) => {{
            let mut q = diesel::sql_query($sql).into_boxed();
            for b in binds {
                q = q.bind::<Timestamp, _>(*b);
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
macro_rules! count_if {
    ($cond:literal) => {
        concat!("CAST(COALESCE(SUM(CASE WHEN ", $cond, " THEN 1 ELSE 0 END), 0) AS BIGINT)")
    };
}

/// Response outcomes keyed by tier or by department id.
pub type ResponseByKey = BTreeMap<String, ResponseCounts>;

/// Response outcomes of dispatches made in [from, to), per tier and per department, in
/// one pass over the dispatch-time index. A dispatch that was returned is not counted:
/// its clock stopped.
pub fn response_outcomes(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<(ResponseByKey, ResponseByKey), Error> {
    const SQL: &str = concat!(
        "SELECT urgency, department_id, ",
        count_if!("responded_at <= response_due_at"),
        " AS met_on_time, ",
        count_if!("responded_at > response_due_at"),
        " AS met_late, ",
        count_if!("responded_at IS NULL AND status IN ('dispatched', 'accepted') AND response_due_at <= ?"),
        " AS open_breached, ",
        count_if!("responded_at IS NULL AND status IN ('dispatched', 'accepted') AND response_due_at > ?"),
        " AS open_on_time ",
        "FROM tickets WHERE dispatched_at >= ? AND dispatched_at < ? AND response_due_at IS NOT NULL ",
        "GROUP BY urgency, department_id"
    );
    let rows: Vec<ResponseRow> = aggregate(conn, SQL, &[now, now, from, to])?;
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
            e.dispatched += counts.dispatched;
            e.met_on_time += counts.met_on_time;
            e.met_late += counts.met_late;
            e.open_breached += counts.open_breached;
            e.open_on_time += counts.open_on_time;
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

/// Resolution outcomes of tickets taken in [from, to) (merged duplicates left out), per
/// department they are with (key "" for the call center's own), in one pass over the
/// intake-time index.
pub fn resolution_by_department(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<BTreeMap<String, ResolutionCounts>, Error> {
    const SQL: &str = concat!(
        "SELECT department_id, CAST(COUNT(*) AS BIGINT) AS total, ",
        count_if!("resolved_at <= resolution_original_due_at"), " AS on_time, ",
        count_if!("resolved_at > resolution_original_due_at AND resolved_at <= resolution_due_at"),
        " AS late_with_extension, ",
        count_if!("resolved_at > resolution_original_due_at AND resolved_at > resolution_due_at"), " AS late, ",
        count_if!("resolved_at IS NULL AND status IN ('new', 'dispatched', 'accepted', 'in_progress', 'returned', 'reopened') AND resolution_due_at <= ?"),
        " AS open_breached, ",
        count_if!("resolved_at IS NULL AND status IN ('new', 'dispatched', 'accepted', 'in_progress', 'returned', 'reopened') AND resolution_due_at > ?"),
        " AS open_on_time ",
        "FROM tickets WHERE created_at >= ? AND created_at < ? AND status <> 'merged' GROUP BY department_id"
    );
    let rows: Vec<ResolutionRow> = aggregate(conn, SQL, &[now, now, from, to])?;
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

impl std::ops::Add for ResolutionCounts {
    type Output = ResolutionCounts;
    fn add(self, o: ResolutionCounts) -> ResolutionCounts {
        ResolutionCounts {
            total: self.total + o.total,
            on_time: self.on_time + o.on_time,
            late_with_extension: self.late_with_extension + o.late_with_extension,
            late: self.late + o.late,
            open_breached: self.open_breached + o.open_breached,
            open_on_time: self.open_on_time + o.open_on_time,
        }
    }
}

/// Reached callbacks in [from, to) and how many were satisfied, per department
/// (key "" for tickets answered by the call center itself).
pub fn satisfaction_by_department(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<BTreeMap<String, SatisfactionCounts>, Error> {
    use callbacks::dsl as cb;
    let reached = || cb::callbacks.filter(cb::at.ge(from)).filter(cb::at.lt(to)).filter(cb::reached.eq(true));
    let all: Vec<(Option<String>, i64)> =
        reached().group_by(cb::department_id).select((cb::department_id, count_star())).load(conn)?;
    let satisfied: Vec<(Option<String>, i64)> = reached()
        .filter(cb::satisfaction.eq("satisfied"))
        .group_by(cb::department_id)
        .select((cb::department_id, count_star()))
        .load(conn)?;
    let mut out: BTreeMap<String, SatisfactionCounts> = BTreeMap::new();
    for (key, n) in all {
        out.entry(key.unwrap_or_default()).or_default().callbacks += n;
    }
    for (key, n) in satisfied {
        out.entry(key.unwrap_or_default()).or_default().satisfied += n;
    }
    Ok(out)
}

/// Tickets taken in [from, to) per (channel, kind).
pub fn contacts(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<(String, String, i64)>, Error> {
    use tickets::dsl as t;
    Ok(t::tickets
        .filter(t::created_at.ge(from))
        .filter(t::created_at.lt(to))
        .group_by((t::channel, t::kind))
        .select((t::channel, t::kind, count_star()))
        .load(conn)?)
}

/// Events of `kind` in [from, to).
pub fn count_events(conn: &mut DbConnection, kind: &str, from: NaiveDateTime, to: NaiveDateTime) -> Result<i64, Error> {
    use ticket_events::dsl as e;
    Ok(e::ticket_events
        .filter(e::kind.eq(kind.to_owned()))
        .filter(e::at.ge(from))
        .filter(e::at.lt(to))
        .count()
        .get_result(conn)?)
}

/// Extension requests made in [from, to), and those decided in it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ExtensionCounts {
    pub requested: i64,
    pub approved: i64,
    pub rejected: i64,
}

pub fn extensions(conn: &mut DbConnection, from: NaiveDateTime, to: NaiveDateTime) -> Result<ExtensionCounts, Error> {
    use super::schema::extensions::dsl as x;
    let requested =
        x::extensions.filter(x::requested_at.ge(from)).filter(x::requested_at.lt(to)).count().get_result(conn)?;
    let decided = |status: &'static str, conn: &mut DbConnection| -> Result<i64, Error> {
        Ok(x::extensions
            .filter(x::status.eq(status))
            .filter(x::decided_at.ge(from))
            .filter(x::decided_at.lt(to))
            .count()
            .get_result(conn)?)
    };
    Ok(ExtensionCounts { requested, approved: decided("approved", conn)?, rejected: decided("rejected", conn)? })
}

/// Tickets resolved in [from, to) per root cause, most frequent first (DESIGN §1.10).
pub fn top_root_causes(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    limit: i64,
) -> Result<Vec<(String, i64)>, Error> {
    use tickets::dsl as t;
    let rows: Vec<(Option<String>, i64)> = t::tickets
        .filter(t::resolved_at.ge(from))
        .filter(t::resolved_at.lt(to))
        .filter(t::root_cause_id.is_not_null())
        .group_by(t::root_cause_id)
        .select((t::root_cause_id, count_star()))
        .order(count_star().desc())
        .limit(limit)
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(id, n)| id.map(|id| (id, n))).collect())
}

/// Outcomes of a flag's clock (hot report, on site) for flags raised in [from, to).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FlagCounts {
    pub flagged: i64,
    pub met_on_time: i64,
    pub met_late: i64,
    pub open_breached: i64,
    pub open_on_time: i64,
}

/// Counts one flag's outcomes: `$start` the flag time, `$met` when met, `$due` the deadline.
macro_rules! flag_counts {
    ($conn:expr, $from:expr, $to:expr, $now:expr, $start:expr, $met:expr, $due:expr) => {{
        use tickets::dsl as t;
        let count = |conn: &mut DbConnection,
                     q: tickets::BoxedQuery<'static, super::MultiBackend>|
         -> Result<i64, Error> { Ok(q.count().get_result(conn)?) };
        let base = || t::tickets.filter($start.ge($from)).filter($start.lt($to));
        FlagCounts {
            flagged: count($conn, base().into_boxed())?,
            met_on_time: count($conn, base().filter($met.le($due)).into_boxed())?,
            met_late: count($conn, base().filter($met.gt($due)).into_boxed())?,
            open_breached: count($conn, base().filter($met.is_null()).filter($due.le($now)).into_boxed())?,
            open_on_time: count($conn, base().filter($met.is_null()).filter($due.gt($now)).into_boxed())?,
        }
    }};
}

pub fn hot_complaints(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<FlagCounts, Error> {
    Ok(flag_counts!(conn, from, to, now, t::hot_at, t::hot_reported_at, t::hot_report_due_at))
}

pub fn incidents(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<FlagCounts, Error> {
    Ok(flag_counts!(conn, from, to, now, t::onsite_started_at, t::onsite_at, t::onsite_due_at))
}
