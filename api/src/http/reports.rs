//! Reports for supervisors: response-window compliance, 48-hour resolution, satisfaction.

use std::collections::HashMap;

use actix_web::{web, HttpResponse};
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{extract::AuthUser, openapi::ReadErrors, AppState};
use crate::{
    clock,
    db::{
        self,
        reports::{ResolutionCounts, ResponseCounts, SatisfactionCounts},
    },
    domain::{role::Role, ticket::Urgency},
    error::Error,
};

/// The satisfaction target of the regulations (DESIGN §1.13).
pub const SATISFACTION_TARGET: f64 = 0.9;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodParams {
    /// Start of the period (inclusive); default: 7 days before `to`.
    pub from: Option<DateTime<Utc>>,
    /// End of the period (exclusive); default: now.
    pub to: Option<DateTime<Utc>>,
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
            compliance_rate: rate(c.met_on_time, c.met_on_time + c.met_late + c.open_breached),
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
            rate_48h: rate(c.on_time, c.on_time + c.late_with_extension + c.late + c.open_breached),
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
        let r = rate(c.satisfied, c.callbacks);
        SatisfactionFigures {
            callbacks: c.callbacks,
            satisfied: c.satisfied,
            rate: r,
            target: SATISFACTION_TARGET,
            meets_target: r.map(|r| r >= SATISFACTION_TARGET),
        }
    }
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
    /// Contacts taken, by channel and kind.
    pub contacts: Vec<ContactCount>,
    /// Response-window compliance per tier, P1 first.
    pub response_by_tier: Vec<TierCompliance>,
    pub response_by_department: Vec<DepartmentCompliance>,
    pub resolution: ResolutionFigures,
    pub satisfaction: SatisfactionFigures,
    pub satisfaction_by_department: Vec<DepartmentSatisfaction>,
    /// Clocks escalated by the sweeper in the period.
    pub escalations: i64,
}

/// The period asked for: `to` defaults to now, `from` to 7 days before `to`; at most 366
/// days.
fn period(
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), Error> {
    let to = to.unwrap_or(now);
    let from = from.unwrap_or(to - TimeDelta::days(7));
    if from >= to {
        return Err(Error::invalid("from", "must be before `to`"));
    }
    if to - from > TimeDelta::days(366) {
        return Err(Error::invalid("from", "a period is at most 366 days"));
    }
    Ok((from, to))
}

fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Figures for a period (supervisors, admins): response compliance per tier and
/// department, the 48-hour resolution rate, satisfaction against the 90% target.
#[utoipa::path(
    get, path = "/api/v1/reports/summary", tag = "reports", params(PeriodParams),
    responses((status = 200, body = Summary), ReadErrors), security(("bearer" = []))
)]
pub async fn summary(
    state: web::Data<AppState>,
    user: AuthUser,
    params: web::Query<PeriodParams>,
) -> Result<HttpResponse, Error> {
    user.require(&[Role::Supervisor, Role::Admin], "see reports")?;
    let now = clock::now(state.clock.as_ref());
    let (from, to) = period(params.from, params.to, now)?;
    let (f, t, n) = (db::to_db(from), db::to_db(to), db::to_db(now));
    let summary = state
        .db
        .read(move |c| {
            let by_tier = db::reports::response_by(c, false, f, t, n)?;
            let by_department = db::reports::response_by(c, true, f, t, n)?;
            let satisfaction = db::reports::satisfaction_by_department(c, f, t)?;
            let mut department_ids: Vec<String> = by_department.keys().cloned().collect();
            department_ids.extend(satisfaction.keys().filter(|k| !k.is_empty()).cloned());
            let names: HashMap<String, String> = db::departments::names(c, &department_ids)?.into_iter().collect();
            let name = |id: &str| names.get(id).cloned().unwrap_or_default();
            let parse = |id: &str| Uuid::parse_str(id).map_err(Error::internal);

            let total = satisfaction.values().fold(SatisfactionCounts::default(), |acc, s| SatisfactionCounts {
                callbacks: acc.callbacks + s.callbacks,
                satisfied: acc.satisfied + s.satisfied,
            });
            Ok(Summary {
                from,
                to,
                contacts: db::reports::contacts(c, f, t)?
                    .into_iter()
                    .map(|(channel, kind, count)| ContactCount { channel, kind, count })
                    .collect(),
                response_by_tier: Urgency::ALL
                    .iter()
                    .map(|u| TierCompliance {
                        urgency: *u,
                        figures: by_tier.get(u.as_str()).copied().unwrap_or_default().into(),
                    })
                    .collect(),
                response_by_department: by_department
                    .iter()
                    .filter(|(id, _)| !id.is_empty())
                    .map(|(id, counts)| {
                        Ok(DepartmentCompliance {
                            department_id: parse(id)?,
                            department_name: name(id),
                            figures: (*counts).into(),
                        })
                    })
                    .collect::<Result<_, Error>>()?,
                resolution: db::reports::resolution(c, f, t, n)?.into(),
                satisfaction: total.into(),
                satisfaction_by_department: satisfaction
                    .iter()
                    .map(|(id, counts)| {
                        Ok(DepartmentSatisfaction {
                            department_id: if id.is_empty() { None } else { Some(parse(id)?) },
                            department_name: if id.is_empty() { None } else { Some(name(id)) },
                            figures: (*counts).into(),
                        })
                    })
                    .collect::<Result<_, Error>>()?,
                escalations: db::reports::count_events(c, "escalated", f, t)?,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(summary))
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
    get, path = "/api/v1/reports/answers", tag = "reports", params(AnswerReportParams),
    responses((status = 200, body = AnswerReport), ReadErrors), security(("bearer" = []))
)]
pub async fn answers(
    state: web::Data<AppState>,
    user: AuthUser,
    params: web::Query<AnswerReportParams>,
) -> Result<HttpResponse, Error> {
    user.require(&[Role::Supervisor, Role::Admin], "see reports")?;
    let now = clock::now(state.clock.as_ref());
    let (from, to) = period(params.from, params.to, now)?;
    let limit = match params.limit {
        None => 20,
        Some(n) if (1..=200).contains(&n) => n,
        Some(_) => return Err(Error::invalid("limit", "must be between 1 and 200")),
    };
    let (f, t) = (db::to_db(from), db::to_db(to));
    let report = state
        .db
        .read(move |c| {
            let counts = db::answers::top_used(c, f, t, limit)?;
            let ids: Vec<String> = counts.iter().map(|(id, _)| id.clone()).collect();
            let answers: HashMap<String, db::answers::AnswerRow> =
                db::answers::find_many(c, &ids)?.into_iter().map(|a| (a.id.clone(), a)).collect();
            let department_ids: Vec<String> = answers.values().map(|a| a.department_id.clone()).collect();
            let names: HashMap<String, String> = db::departments::names(c, &department_ids)?.into_iter().collect();
            let parse = |id: &str| Uuid::parse_str(id).map_err(Error::internal);
            let top = counts
                .into_iter()
                .map(|(id, uses)| {
                    let a = answers.get(&id).ok_or_else(|| Error::internal(format!("answer {id} is missing")))?;
                    Ok(AnswerUsage {
                        answer_id: parse(&a.id)?,
                        title: a.title.clone(),
                        department_id: parse(&a.department_id)?,
                        department_name: names.get(&a.department_id).cloned().unwrap_or_default(),
                        unit: a.unit.clone(),
                        topic: a.topic.clone(),
                        uses,
                    })
                })
                .collect::<Result<_, Error>>()?;
            Ok(AnswerReport { from, to, total_uses: db::answers::count_uses(c, f, t)?, top })
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}
