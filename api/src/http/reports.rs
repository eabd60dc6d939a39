//! Reports for supervisors: response-window compliance, 48-hour resolution, satisfaction.

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{
    extract::{AuthUser, Query},
    openapi::ReadErrors,
    AppState,
};
use crate::{
    clock,
    domain::{
        ids::DepartmentId,
        reports::{FlagCounts, Period, ResolutionCounts, ResponseCounts, SatisfactionCounts, SATISFACTION_TARGET},
        role::Role,
        ticket::Urgency,
    },
    error::Error,
    workflow::reports::{self as workflow, AnswerReportFigures, AnswerUses, PerDepartment, SummaryFigures},
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryParams {
    /// Start of the period (inclusive); default: 7 days before `to`.
    pub from: Option<DateTime<Utc>>,
    /// End of the period (exclusive); default: now.
    pub to: Option<DateTime<Utc>>,
    /// Only this department's figures: tickets with it, events while they were, answers it
    /// issued. Department staff always get their own department's.
    pub department_id: Option<Uuid>,
}

/// How the response windows of dispatches made in the period went.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResponseCompliance {
    pub dispatched: i64,
    pub met_on_time: i64,
    pub met_late: i64,
    /// Not contacted, past due.
    pub open_breached: i64,
    /// Not contacted, still within the window.
    pub open_on_time: i64,
    /// met_on_time / (met_on_time + met_late + open_breached); null when nothing is decided.
    pub compliance_rate: Option<f64>,
}

impl From<ResponseCounts> for ResponseCompliance {
    fn from(c: ResponseCounts) -> Self {
        ResponseCompliance {
            dispatched: c.dispatched,
            met_on_time: c.met_on_time,
            met_late: c.met_late,
            open_breached: c.open_breached,
            open_on_time: c.open_on_time,
            compliance_rate: c.compliance_rate(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TierCompliance {
    pub urgency: Urgency,
    #[serde(flatten)]
    pub figures: ResponseCompliance,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DepartmentCompliance {
    pub department_id: Uuid,
    pub department_name: String,
    #[serde(flatten)]
    pub figures: ResponseCompliance,
}

/// Resolution of tickets taken in the period, against the original 48-hour deadline.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResolutionFigures {
    pub total: i64,
    /// Resolved within the original deadline.
    pub on_time: i64,
    /// Resolved after the original deadline but within an approved extension.
    pub late_with_extension: i64,
    pub late: i64,
    pub open_breached: i64,
    pub open_on_time: i64,
    /// on_time / (on_time + late_with_extension + late + open_breached); null when none.
    pub rate_48h: Option<f64>,
}

impl From<ResolutionCounts> for ResolutionFigures {
    fn from(c: ResolutionCounts) -> Self {
        ResolutionFigures {
            total: c.total,
            on_time: c.on_time,
            late_with_extension: c.late_with_extension,
            late: c.late,
            open_breached: c.open_breached,
            open_on_time: c.open_on_time,
            rate_48h: c.rate_48h(),
        }
    }
}

/// Satisfaction = satisfied callbacks / callbacks that reached the customer.
#[derive(Debug, Serialize, ToSchema)]
pub struct SatisfactionFigures {
    pub callbacks: i64,
    pub satisfied: i64,
    pub rate: Option<f64>,
    /// 0.9
    pub target: f64,
    /// Null when there were no callbacks.
    pub meets_target: Option<bool>,
}

impl From<SatisfactionCounts> for SatisfactionFigures {
    fn from(c: SatisfactionCounts) -> Self {
        SatisfactionFigures {
            callbacks: c.callbacks,
            satisfied: c.satisfied,
            rate: c.rate(),
            target: SATISFACTION_TARGET,
            meets_target: c.meets_target(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DepartmentResolution {
    pub department_id: Option<Uuid>,
    pub department_name: Option<String>,
    #[serde(flatten)]
    pub figures: ResolutionFigures,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DepartmentSatisfaction {
    /// Null for tickets the call center answered itself.
    pub department_id: Option<Uuid>,
    pub department_name: Option<String>,
    #[serde(flatten)]
    pub figures: SatisfactionFigures,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DepartmentCount {
    /// Null for tickets with no department (the call center's own).
    pub department_id: Option<Uuid>,
    pub department_name: Option<String>,
    pub count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactCount {
    pub channel: String,
    pub kind: String,
    pub count: i64,
}

/// The supervisor's summary of a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct Summary {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// The department the figures are restricted to; null: all.
    pub department_id: Option<Uuid>,
    pub department_name: Option<String>,
    /// Contacts taken, by channel and kind.
    pub contacts: Vec<ContactCount>,
    /// Response-window compliance per tier, P1 first.
    pub response_by_tier: Vec<TierCompliance>,
    pub response_by_department: Vec<DepartmentCompliance>,
    pub resolution: ResolutionFigures,
    /// The same per department the tickets are with (null: the call center's own).
    pub resolution_by_department: Vec<DepartmentResolution>,
    pub satisfaction: SatisfactionFigures,
    pub satisfaction_by_department: Vec<DepartmentSatisfaction>,
    /// Clocks escalated by the sweeper in the period.
    pub escalations: i64,
    /// The same per department the ticket was with when it was escalated.
    pub escalations_by_department: Vec<DepartmentCount>,
    /// Supervisors' urges (催办) and supervision orders (督办) in the period.
    pub urges: i64,
    pub supervision_orders: i64,
    pub extensions: ExtensionFigures,
    /// Root causes of the tickets resolved in the period, most frequent first (top 10).
    pub top_root_causes: Vec<RootCauseCount>,
    /// Hot complaints flagged in the period and their report-upward clock.
    pub hot_complaints: FlagFigures,
    /// Category-1 incidents flagged in the period and their on-site clock.
    pub incidents: FlagFigures,
    /// Tickets given a supervision order in the period (their latest order) and whether it
    /// was met: resolved by its due time.
    pub supervision: FlagFigures,
    /// The unified answers cited most in the period (top 10; with a department: the
    /// answers it issued).
    pub top_answers: Vec<AnswerUsage>,
}

/// Extension requests made in the period, and decided in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExtensionFigures {
    pub requested: i64,
    pub approved: i64,
    pub rejected: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RootCauseCount {
    pub root_cause_id: Uuid,
    /// `Category / Cause`.
    pub name: String,
    pub count: i64,
}

/// Flags raised in the period and how their clock went.
#[derive(Debug, Serialize, ToSchema)]
pub struct FlagFigures {
    pub flagged: i64,
    pub met_on_time: i64,
    pub met_late: i64,
    pub open_breached: i64,
    pub open_on_time: i64,
}

impl From<FlagCounts> for FlagFigures {
    fn from(c: FlagCounts) -> Self {
        FlagFigures {
            flagged: c.flagged,
            met_on_time: c.met_on_time,
            met_late: c.met_late,
            open_breached: c.open_breached,
            open_on_time: c.open_on_time,
        }
    }
}

/// Figures for a period, overall or for one department (supervisors, admins; department
/// staff for their own department): contacts, response compliance per tier and
/// department, the 48-hour resolution rate, satisfaction against the 90% target,
/// escalations, extensions, root causes, hot complaints, incidents, unified answers.
#[utoipa::path(
    tag = "reports", params(SummaryParams),
    responses((status = 200, body = Summary), ReadErrors), security(("bearer" = []))
)]
#[get("/reports/summary")]
pub async fn summary(
    state: web::Data<AppState>,
    user: AuthUser,
    params: Query<SummaryParams>,
) -> Result<HttpResponse, Error> {
    let summary = load_summary(&state, &user, &params).await?;
    Ok(HttpResponse::Ok().json(summary))
}

/// The same figures as CSV rows `section,key,metric,value`, for spreadsheets.
#[utoipa::path(
    tag = "reports", params(SummaryParams),
    responses((status = 200, description = "CSV: section,key,metric,value", body = String, content_type = "text/csv"), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reports/summary.csv")]
pub async fn summary_csv(
    state: web::Data<AppState>,
    user: AuthUser,
    params: Query<SummaryParams>,
) -> Result<HttpResponse, Error> {
    let figures = load_summary(&state, &user, &params).await?;
    let name = format!("switchboard-summary-{}-{}.csv", figures.from.format("%Y%m%d"), figures.to.format("%Y%m%d"));
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{name}\"")))
        .body(to_csv(&figures)?))
}

/// Which department's figures `user` may see and asked for: department staff only their
/// own; supervisors and admins any, or all.
fn report_department(user: &AuthUser, asked: Option<Uuid>) -> Result<Option<DepartmentId>, Error> {
    let actor = user.require(&[Role::Supervisor, Role::Admin, Role::DeptStaff], "see reports")?;
    let asked = asked.map(DepartmentId::from);
    match (actor.role, actor.department_id) {
        (Role::DeptStaff, Some(own)) if asked.is_none_or(|a| a == own) => Ok(Some(own)),
        (Role::DeptStaff, _) => Err(Error::forbidden("department staff see only their own department's reports")),
        _ => Ok(asked),
    }
}

async fn load_summary(state: &AppState, user: &AuthUser, params: &SummaryParams) -> Result<Summary, Error> {
    let department = report_department(user, params.department_id)?;
    let now = clock::now(state.clock.as_ref());
    let period = Period::asked(params.from, params.to, now)?;
    let figures = state.db.read(move |c| workflow::summary(c, period, department, now)).await?;
    Ok(figures.into())
}

/// A department's id and name as the documents carry them: both null for the call
/// center's own tickets.
fn department_key(department: Option<workflow::Department>) -> (Option<Uuid>, Option<String>) {
    department.map_or((None, None), |d| (Some(d.id.into()), Some(d.name)))
}

impl From<SummaryFigures> for Summary {
    fn from(f: SummaryFigures) -> Summary {
        let (department_id, department_name) = department_key(f.department);
        Summary {
            from: f.period.from,
            to: f.period.to,
            department_id,
            department_name,
            contacts: f
                .contacts
                .into_iter()
                .map(|c| ContactCount { channel: c.channel, kind: c.kind, count: c.count })
                .collect(),
            response_by_tier: f
                .response_by_tier
                .into_iter()
                .map(|(urgency, counts)| TierCompliance { urgency, figures: counts.into() })
                .collect(),
            response_by_department: f
                .response_by_department
                .into_iter()
                .map(|(d, counts)| DepartmentCompliance {
                    department_id: d.id.into(),
                    department_name: d.name,
                    figures: counts.into(),
                })
                .collect(),
            resolution: f.resolution.into(),
            resolution_by_department: f
                .resolution_by_department
                .into_iter()
                .map(|PerDepartment { department, figures }| {
                    let (department_id, department_name) = department_key(department);
                    DepartmentResolution { department_id, department_name, figures: figures.into() }
                })
                .collect(),
            satisfaction: f.satisfaction.into(),
            satisfaction_by_department: f
                .satisfaction_by_department
                .into_iter()
                .map(|PerDepartment { department, figures }| {
                    let (department_id, department_name) = department_key(department);
                    DepartmentSatisfaction { department_id, department_name, figures: figures.into() }
                })
                .collect(),
            escalations: f.escalations,
            escalations_by_department: f
                .escalations_by_department
                .into_iter()
                .map(|PerDepartment { department, figures }| {
                    let (department_id, department_name) = department_key(department);
                    DepartmentCount { department_id, department_name, count: figures }
                })
                .collect(),
            urges: f.urges,
            supervision_orders: f.supervision_orders,
            extensions: ExtensionFigures {
                requested: f.extensions.requested,
                approved: f.extensions.approved,
                rejected: f.extensions.rejected,
            },
            top_root_causes: f
                .top_root_causes
                .into_iter()
                .map(|c| RootCauseCount { root_cause_id: c.root_cause_id.into(), name: c.name, count: c.count })
                .collect(),
            hot_complaints: f.hot_complaints.into(),
            incidents: f.incidents.into(),
            supervision: f.supervision.into(),
            top_answers: f.top_answers.into_iter().map(AnswerUsage::from).collect(),
        }
    }
}

/// A cell that a spreadsheet will not run as a formula: text beginning with `=`, `+`, `-`,
/// `@`, a tab or a carriage return (names of departments, causes and answers are typed by
/// people) is prefixed with `'`, as OWASP advises against CSV injection.
fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Flattens a summary into `section,key,metric,value` rows.
fn to_csv(s: &Summary) -> Result<String, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut row = |section: &str, key: &str, metric: &str, value: String| {
        w.write_record([section, key, metric, value.as_str()].map(|cell| spreadsheet_safe(cell).into_owned()))
            .map_err(Error::internal)
    };
    let opt = |v: Option<f64>| v.map(|r| format!("{r:.4}")).unwrap_or_default();
    row("section", "key", "metric", "value".into())?;
    row("period", "", "from", s.from.to_rfc3339())?;
    row("period", "", "to", s.to.to_rfc3339())?;
    if let Some(name) = &s.department_name {
        row("period", "", "department", name.clone())?;
    }
    for c in &s.contacts {
        row("contacts", &format!("{}/{}", c.channel, c.kind), "count", c.count.to_string())?;
    }
    let mut compliance = |section: &str, key: &str, f: &ResponseCompliance| -> Result<(), Error> {
        row(section, key, "dispatched", f.dispatched.to_string())?;
        row(section, key, "met_on_time", f.met_on_time.to_string())?;
        row(section, key, "met_late", f.met_late.to_string())?;
        row(section, key, "open_breached", f.open_breached.to_string())?;
        row(section, key, "open_on_time", f.open_on_time.to_string())?;
        row(section, key, "compliance_rate", opt(f.compliance_rate))
    };
    for t in &s.response_by_tier {
        compliance("response_by_tier", t.urgency.as_str(), &t.figures)?;
    }
    for d in &s.response_by_department {
        compliance("response_by_department", &d.department_name, &d.figures)?;
    }
    let r = &s.resolution;
    for (metric, v) in [
        ("total", r.total),
        ("on_time", r.on_time),
        ("late_with_extension", r.late_with_extension),
        ("late", r.late),
        ("open_breached", r.open_breached),
        ("open_on_time", r.open_on_time),
    ] {
        row("resolution", "", metric, v.to_string())?;
    }
    row("resolution", "", "rate_48h", opt(r.rate_48h))?;
    for d in &s.resolution_by_department {
        let key = d.department_name.clone().unwrap_or_else(|| "call center".into());
        row("resolution_by_department", &key, "total", d.figures.total.to_string())?;
        row("resolution_by_department", &key, "on_time", d.figures.on_time.to_string())?;
        row("resolution_by_department", &key, "rate_48h", opt(d.figures.rate_48h))?;
    }
    row("satisfaction", "", "callbacks", s.satisfaction.callbacks.to_string())?;
    row("satisfaction", "", "satisfied", s.satisfaction.satisfied.to_string())?;
    row("satisfaction", "", "rate", opt(s.satisfaction.rate))?;
    row("satisfaction", "", "target", format!("{:.2}", s.satisfaction.target))?;
    for d in &s.satisfaction_by_department {
        let key = d.department_name.clone().unwrap_or_else(|| "call center".into());
        row("satisfaction_by_department", &key, "callbacks", d.figures.callbacks.to_string())?;
        row("satisfaction_by_department", &key, "satisfied", d.figures.satisfied.to_string())?;
        row("satisfaction_by_department", &key, "rate", opt(d.figures.rate))?;
    }
    row("escalations", "", "count", s.escalations.to_string())?;
    for d in &s.escalations_by_department {
        let key = d.department_name.clone().unwrap_or_else(|| "call center".into());
        row("escalations_by_department", &key, "count", d.count.to_string())?;
    }
    row("urges", "", "count", s.urges.to_string())?;
    row("supervision_orders", "", "issued", s.supervision_orders.to_string())?;
    row("extensions", "", "requested", s.extensions.requested.to_string())?;
    row("extensions", "", "approved", s.extensions.approved.to_string())?;
    row("extensions", "", "rejected", s.extensions.rejected.to_string())?;
    for c in &s.top_root_causes {
        row("top_root_causes", &c.name, "count", c.count.to_string())?;
    }
    for (section, f) in
        [("hot_complaints", &s.hot_complaints), ("incidents", &s.incidents), ("supervision_orders", &s.supervision)]
    {
        row(section, "", "flagged", f.flagged.to_string())?;
        row(section, "", "met_on_time", f.met_on_time.to_string())?;
        row(section, "", "met_late", f.met_late.to_string())?;
        row(section, "", "open_breached", f.open_breached.to_string())?;
        row(section, "", "open_on_time", f.open_on_time.to_string())?;
    }
    for a in &s.top_answers {
        row("top_answers", &a.title, "uses", a.uses.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| Error::internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(Error::internal)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnswerReportParams {
    /// Start of the period (inclusive); default: 7 days before `to`.
    pub from: Option<DateTime<Utc>>,
    /// End of the period (exclusive); default: now.
    pub to: Option<DateTime<Utc>>,
    /// How many answers to list: 1–200, default 20.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

/// How often one unified answer was cited in the period.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerUsage {
    pub answer_id: Uuid,
    pub title: String,
    pub department_id: Uuid,
    pub department_name: String,
    pub unit: Option<String>,
    pub topic: Option<String>,
    /// Uses in the period.
    pub uses: i64,
}

/// The most cited unified answers of a period: how often each matter is raised.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerReport {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Uses of all answers in the period.
    pub total_uses: i64,
    /// Most used first.
    pub top: Vec<AnswerUsage>,
}

/// The unified answers cited most in a period (supervisors, admins).
#[utoipa::path(
    tag = "reports", params(AnswerReportParams),
    responses((status = 200, body = AnswerReport), ReadErrors), security(("bearer" = []))
)]
#[get("/reports/answers")]
pub async fn answers(
    state: web::Data<AppState>,
    user: AuthUser,
    params: Query<AnswerReportParams>,
) -> Result<HttpResponse, Error> {
    user.require(&[Role::Supervisor, Role::Admin], "see reports")?;
    let now = clock::now(state.clock.as_ref());
    let period = Period::asked(params.from, params.to, now)?;
    let limit = match params.limit {
        None => 20,
        Some(n) if (1..=200).contains(&n) => n,
        Some(_) => return Err(Error::invalid("limit", "must be between 1 and 200")),
    };
    let report = AnswerReport::from(state.db.read(move |c| workflow::answer_report(c, period, limit)).await?);
    Ok(HttpResponse::Ok().json(report))
}

impl From<AnswerUses> for AnswerUsage {
    fn from(a: AnswerUses) -> AnswerUsage {
        AnswerUsage {
            answer_id: a.answer_id.into(),
            title: a.title,
            department_id: a.department_id.into(),
            department_name: a.department_name,
            unit: a.unit,
            topic: a.topic,
            uses: a.uses,
        }
    }
}

impl From<AnswerReportFigures> for AnswerReport {
    fn from(r: AnswerReportFigures) -> AnswerReport {
        AnswerReport {
            from: r.period.from,
            to: r.period.to,
            total_uses: r.total_uses,
            top: r.top.into_iter().map(AnswerUsage::from).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_safe;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_defused() {
        for formula in ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"] {
            assert_eq!(spreadsheet_safe(formula), format!("'{formula}"));
        }
        for plain in ["Water & Repairs", "0.9000", "12", "物业维修", ""] {
            assert_eq!(spreadsheet_safe(plain), plain);
        }
    }
}
