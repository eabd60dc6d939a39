//! Assembling the reports: the aggregate counts of `db::reports` for a period and scope,
//! with the names of the departments, root causes and answers they are about, in one read.
//! What is counted and how the rates and the target are made is the domain's
//! (`domain::reports`); the JSON and CSV documents are the HTTP layer's.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use crate::{
    db::{self, reports::Scope, stored, DbConnection},
    domain::{
        ids::{AnswerId, DepartmentId, RootCauseId},
        reports::{
            ExtensionCounts, FlagCounts, Period, ResolutionCounts, ResponseCounts, SatisfactionCounts, TOP_ANSWERS,
            TOP_ROOT_CAUSES,
        },
        ticket::{EventKind, Urgency},
    },
    error::Error,
};

/// A department a report names.
#[derive(Debug, Clone)]
pub struct Department {
    pub id: DepartmentId,
    pub name: String,
}

/// Figures kept per department; `department` is None for the call center's own tickets
/// (those with no department).
#[derive(Debug, Clone)]
pub struct PerDepartment<T> {
    pub department: Option<Department>,
    pub figures: T,
}

/// Contacts taken with one channel and kind.
#[derive(Debug, Clone)]
pub struct ContactCount {
    pub channel: String,
    pub kind: String,
    pub count: i64,
}

/// A root cause and how many tickets resolved in the period it was found for.
#[derive(Debug, Clone)]
pub struct RootCauseCount {
    pub root_cause_id: RootCauseId,
    /// `Category / Cause`.
    pub name: String,
    pub count: i64,
}

/// A unified answer and how often it was cited in the period.
#[derive(Debug, Clone)]
pub struct AnswerUses {
    pub answer_id: AnswerId,
    pub title: String,
    pub department_id: DepartmentId,
    pub department_name: String,
    pub unit: Option<String>,
    pub topic: Option<String>,
    pub uses: i64,
}

/// The figures of a period, overall or for one department.
#[derive(Debug, Clone)]
pub struct SummaryFigures {
    pub period: Period,
    /// The department the figures are restricted to; None: all.
    pub department: Option<Department>,
    pub contacts: Vec<ContactCount>,
    /// Every tier, P1 first.
    pub response_by_tier: Vec<(Urgency, ResponseCounts)>,
    /// Dispatches go to a department, so each of these has one.
    pub response_by_department: Vec<(Department, ResponseCounts)>,
    pub resolution: ResolutionCounts,
    pub resolution_by_department: Vec<PerDepartment<ResolutionCounts>>,
    pub satisfaction: SatisfactionCounts,
    pub satisfaction_by_department: Vec<PerDepartment<SatisfactionCounts>>,
    pub escalations: i64,
    pub escalations_by_department: Vec<PerDepartment<i64>>,
    pub urges: i64,
    pub supervision_orders: i64,
    pub extensions: ExtensionCounts,
    /// At most [`TOP_ROOT_CAUSES`], most frequent first.
    pub top_root_causes: Vec<RootCauseCount>,
    pub hot_complaints: FlagCounts,
    pub incidents: FlagCounts,
    pub supervision: FlagCounts,
    /// At most [`TOP_ANSWERS`], most cited first.
    pub top_answers: Vec<AnswerUses>,
}

/// The figures of `period`, judged at `now`, over every department or only `department`
/// (404 when there is no such department). Who may see which department is the caller's
/// question.
pub fn summary(
    conn: &mut DbConnection,
    period: Period,
    department: Option<DepartmentId>,
    now: DateTime<Utc>,
) -> Result<SummaryFigures, Error> {
    let scope = Scope {
        from: db::to_db(period.from),
        to: db::to_db(period.to),
        now: db::to_db(now),
        department: department.map(|d| d.to_string()),
    };
    let department = match department {
        Some(id) => {
            let row = db::departments::find(conn, &id.to_string())?.ok_or_else(|| Error::not_found("department"))?;
            Some(Department { id, name: row.name })
        }
        None => None,
    };
    let (by_tier, by_department) = db::reports::response_outcomes(conn, &scope)?;
    let satisfaction = db::reports::satisfaction_by_department(conn, &scope)?;
    let resolution = db::reports::resolution_by_department(conn, &scope)?;
    let escalations = db::reports::events_by_department(conn, EventKind::Escalated.as_str(), &scope)?;
    let mut department_ids: Vec<String> = by_department.keys().cloned().collect();
    department_ids.extend(resolution.keys().cloned());
    department_ids.extend(satisfaction.keys().cloned());
    department_ids.extend(escalations.keys().cloned());
    department_ids.retain(|id| !id.is_empty());
    let names: HashMap<String, String> = db::departments::names(conn, &department_ids)?.into_iter().collect();
    let count_events = |conn: &mut DbConnection, kind: EventKind| -> Result<i64, Error> {
        Ok(db::reports::events_by_department(conn, kind.as_str(), &scope)?.values().sum())
    };
    Ok(SummaryFigures {
        period,
        department,
        contacts: db::reports::contacts(conn, &scope)?
            .into_iter()
            .map(|(channel, kind, count)| ContactCount { channel, kind, count })
            .collect(),
        response_by_tier: Urgency::ALL
            .iter()
            .map(|u| (*u, by_tier.get(u.as_str()).copied().unwrap_or_default()))
            .collect(),
        response_by_department: by_department
            .iter()
            .filter(|(id, _)| !id.is_empty())
            .map(|(id, counts)| Ok((named(id, &names)?, *counts)))
            .collect::<Result<_, Error>>()?,
        resolution: resolution.values().fold(ResolutionCounts::default(), |a, b| a + *b),
        resolution_by_department: per_department(&resolution, &names)?,
        satisfaction: satisfaction.values().fold(SatisfactionCounts::default(), |a, b| a + *b),
        satisfaction_by_department: per_department(&satisfaction, &names)?,
        escalations: escalations.values().sum(),
        escalations_by_department: per_department(&escalations, &names)?,
        urges: count_events(conn, EventKind::Urged)?,
        supervision_orders: count_events(conn, EventKind::Supervised)?,
        extensions: db::reports::extensions(conn, &scope)?,
        top_root_causes: top_root_causes(conn, &scope)?,
        hot_complaints: db::reports::hot_complaints(conn, &scope)?,
        incidents: db::reports::incidents(conn, &scope)?,
        supervision: db::reports::supervision_orders(conn, &scope)?,
        top_answers: {
            let counts = db::answers::top_used(conn, scope.from, scope.to, scope.department.as_deref(), TOP_ANSWERS)?;
            answer_uses(conn, counts)?
        },
    })
}

/// The unified answers cited most in a period, and how often any was.
#[derive(Debug, Clone)]
pub struct AnswerReportFigures {
    pub period: Period,
    pub total_uses: i64,
    /// At most `limit`, most cited first.
    pub top: Vec<AnswerUses>,
}

/// The `limit` answers cited most in `period`, over every department.
pub fn answer_report(conn: &mut DbConnection, period: Period, limit: i64) -> Result<AnswerReportFigures, Error> {
    let (from, to) = (db::to_db(period.from), db::to_db(period.to));
    let counts = db::answers::top_used(conn, from, to, None, limit)?;
    let top = answer_uses(conn, counts)?;
    Ok(AnswerReportFigures { period, total_uses: db::answers::count_uses(conn, from, to, None)?, top })
}

/// The department of a stored id, with its name (empty if it has none).
fn named(id: &str, names: &HashMap<String, String>) -> Result<Department, Error> {
    Ok(Department { id: stored(id)?, name: names.get(id).cloned().unwrap_or_default() })
}

/// Figures keyed by department id, key "" for the call center's own, in key order.
fn per_department<T: Copy>(
    figures: &BTreeMap<String, T>,
    names: &HashMap<String, String>,
) -> Result<Vec<PerDepartment<T>>, Error> {
    figures
        .iter()
        .map(|(id, figures)| {
            let department = if id.is_empty() { None } else { Some(named(id, names)?) };
            Ok(PerDepartment { department, figures: *figures })
        })
        .collect()
}

/// The most frequent root causes of tickets resolved in the scope, named
/// `Category / Cause`.
fn top_root_causes(conn: &mut DbConnection, scope: &Scope) -> Result<Vec<RootCauseCount>, Error> {
    db::reports::top_root_causes(conn, scope, TOP_ROOT_CAUSES)?
        .into_iter()
        .map(|(id, count)| {
            let cause = db::root_causes::find(conn, &id)?.ok_or_else(|| Error::internal("unknown root cause"))?;
            let parent = match &cause.parent_id {
                Some(p) => db::root_causes::find(conn, p)?.map(|p| p.name),
                None => None,
            };
            let name = match parent {
                Some(p) => format!("{p} / {}", cause.name),
                None => cause.name,
            };
            Ok(RootCauseCount { root_cause_id: stored(&id)?, name, count })
        })
        .collect()
}

/// The answers of `(answer id, uses)` counts with their titles and departments.
fn answer_uses(conn: &mut DbConnection, counts: Vec<(String, i64)>) -> Result<Vec<AnswerUses>, Error> {
    let ids: Vec<String> = counts.iter().map(|(id, _)| id.clone()).collect();
    let rows: HashMap<String, db::answers::AnswerRow> =
        db::answers::find_many(conn, &ids)?.into_iter().map(|a| (a.id.clone(), a)).collect();
    let department_ids: Vec<String> = rows.values().map(|a| a.department_id.clone()).collect();
    let names: HashMap<String, String> = db::departments::names(conn, &department_ids)?.into_iter().collect();
    counts
        .into_iter()
        .map(|(id, uses)| {
            let a = rows.get(&id).ok_or_else(|| Error::internal(format!("answer {id} is missing")))?;
            Ok(AnswerUses {
                answer_id: stored(&a.id)?,
                title: a.title.clone(),
                department_id: stored(&a.department_id)?,
                department_name: names.get(&a.department_id).cloned().unwrap_or_default(),
                unit: a.unit.clone(),
                topic: a.topic.clone(),
                uses,
            })
        })
        .collect()
}
