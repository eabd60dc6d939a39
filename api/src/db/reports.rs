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

const RESPONSE_RUNNING: [&str; 2] = ["dispatched", "accepted"];
const OPEN: [&str; 6] = ["new", "dispatched", "accepted", "in_progress", "returned", "reopened"];

/// Response outcomes of dispatches made in [from, to), grouped by `key` (urgency or
/// department). A dispatch that was returned is not counted: its clock stopped.
pub fn response_by(
    conn: &mut DbConnection,
    by_department: bool,
    from: NaiveDateTime,
    to: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<BTreeMap<String, ResponseCounts>, Error> {
    use tickets::dsl as t;
    // One grouped count per outcome; `group_by` needs an unboxed query, hence the macro.
    macro_rules! grouped {
        ($outcome:expr) => {{
            let q = t::tickets
                .filter(t::dispatched_at.ge(from))
                .filter(t::dispatched_at.lt(to))
                .filter(t::response_due_at.is_not_null())
                .filter($outcome);
            let rows: Vec<(Option<String>, i64)> = if by_department {
                q.group_by(t::department_id).select((t::department_id, count_star())).load(conn)?
            } else {
                q.group_by(t::urgency).select((t::urgency, count_star())).load(conn)?
            };
            rows
        }};
    }
    let running = t::responded_at.is_null().and(t::status.eq_any(RESPONSE_RUNNING));
    let buckets = [
        grouped!(t::responded_at.le(t::response_due_at).assume_not_null()),
        grouped!(t::responded_at.gt(t::response_due_at).assume_not_null()),
        grouped!(running.clone().and(t::response_due_at.le(now).assume_not_null())),
        grouped!(running.and(t::response_due_at.gt(now).assume_not_null())),
    ];
    let mut out: BTreeMap<String, ResponseCounts> = BTreeMap::new();
    for (bucket, rows) in buckets.into_iter().enumerate() {
        for (key, n) in rows {
            let entry = out.entry(key.unwrap_or_default()).or_default();
            match bucket {
                0 => entry.met_on_time += n,
                1 => entry.met_late += n,
                2 => entry.open_breached += n,
                _ => entry.open_on_time += n,
            }
            entry.dispatched += n;
        }
    }
    Ok(out)
}

/// Resolution outcomes of tickets taken in [from, to) (merged duplicates left out).
pub fn resolution(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<ResolutionCounts, Error> {
    use tickets::dsl as t;
    let base = || t::tickets.filter(t::created_at.ge(from)).filter(t::created_at.lt(to)).filter(t::status.ne("merged"));
    let count = |q: tickets::BoxedQuery<'static, super::MultiBackend>, conn: &mut DbConnection| -> Result<i64, Error> {
        Ok(q.count().get_result(conn)?)
    };
    let total = count(base().into_boxed(), conn)?;
    let on_time = count(base().filter(t::resolved_at.le(t::resolution_original_due_at.nullable())).into_boxed(), conn)?;
    let late_with_extension = count(
        base()
            .filter(t::resolved_at.gt(t::resolution_original_due_at.nullable()))
            .filter(t::resolved_at.le(t::resolution_due_at.nullable()))
            .into_boxed(),
        conn,
    )?;
    let late = count(
        base()
            .filter(t::resolved_at.gt(t::resolution_original_due_at.nullable()))
            .filter(t::resolved_at.gt(t::resolution_due_at.nullable()))
            .into_boxed(),
        conn,
    )?;
    let open = || base().filter(t::resolved_at.is_null()).filter(t::status.eq_any(OPEN));
    let open_breached = count(open().filter(t::resolution_due_at.le(now)).into_boxed(), conn)?;
    let open_on_time = count(open().filter(t::resolution_due_at.gt(now)).into_boxed(), conn)?;
    Ok(ResolutionCounts { total, on_time, late_with_extension, late, open_breached, open_on_time })
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
