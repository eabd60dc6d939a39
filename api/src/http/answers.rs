//! The unified answers library (统一答复口径): every signed-in user searches it; supervisors,
//! administrators and each department's staff write their department's answers.

use std::collections::HashMap;

use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::{
    extract::{nullable, required_text, AuthUser, Body, Query},
    openapi::{ReadErrors, WriteErrors},
    pagination::{self, Page},
    AppState,
};
use crate::{
    clock,
    db::{
        self,
        answers::{AnswerFilter, AnswerRow},
        DbConnection,
    },
    domain::{
        answers::{in_effect, query_terms, typed_prefix, MAX_QUERY_TERMS},
        ids::{AnswerId, DepartmentId},
        role::Role,
    },
    error::Error,
    workflow::{
        answers::{self as workflow, AnswerChanges, NewAnswer},
        tickets::Ctx,
    },
};

/// An official answer a department issued for a site/project and topic.
#[derive(Debug, Serialize, ToSchema)]
pub struct Answer {
    pub id: Uuid,
    #[schema(example = "3号楼电梯停运检修")]
    pub title: String,
    /// The text agents give callers.
    pub body: String,
    /// The issuing department.
    pub department_id: Uuid,
    pub department_name: String,
    /// The site or project it applies to (as in customers' `unit`); null: every site.
    pub unit: Option<String>,
    #[schema(example = "电梯")]
    pub topic: Option<String>,
    pub valid_from: DateTime<Utc>,
    /// Null: valid until withdrawn.
    pub valid_until: Option<DateTime<Utc>>,
    /// False once withdrawn.
    pub active: bool,
    /// Active and valid now: offered to agents and citable when answering a ticket.
    pub in_effect: bool,
    /// How many times it was cited when answering a ticket, all time.
    pub use_count: i64,
    /// With `q`: how many of the query's terms it contains (results are ranked by it);
    /// null otherwise.
    pub matched_terms: Option<i64>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Answer {
    fn build(
        row: AnswerRow,
        matched_terms: Option<i64>,
        names: &HashMap<String, String>,
        now: DateTime<Utc>,
    ) -> Result<Answer, Error> {
        let parse = super::stored_id;
        let valid_from = db::from_db(row.valid_from);
        let valid_until = row.valid_until.map(db::from_db);
        Ok(Answer {
            id: parse(&row.id)?,
            department_id: parse(&row.department_id)?,
            department_name: names.get(&row.department_id).cloned().unwrap_or_default(),
            created_by: parse(&row.created_by)?,
            in_effect: in_effect(row.active, valid_from, valid_until, now),
            title: row.title,
            body: row.body,
            unit: row.unit,
            topic: row.topic,
            valid_from,
            valid_until,
            active: row.active,
            use_count: row.use_count,
            matched_terms,
            created_at: db::from_db(row.created_at),
            updated_at: db::from_db(row.updated_at),
        })
    }
}

/// Names of the departments of `rows`, by id.
fn department_names<'a>(
    conn: &mut DbConnection,
    rows: impl Iterator<Item = &'a AnswerRow>,
) -> Result<HashMap<String, String>, Error> {
    let mut ids: Vec<String> = rows.map(|r| r.department_id.clone()).collect();
    ids.sort();
    ids.dedup();
    Ok(db::departments::names(conn, &ids)?.into_iter().collect())
}

fn render(conn: &mut DbConnection, row: AnswerRow, now: DateTime<Utc>) -> Result<Answer, Error> {
    let names = department_names(conn, std::iter::once(&row))?;
    Answer::build(row, None, &names, now)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnswerListParams {
    /// Words in Chinese or English, matched against title, body, topic and unit; results
    /// are ranked by how many of its terms they contain. Without it: newest first.
    #[param(max_length = 100, example = "电梯")]
    pub q: Option<String>,
    /// Only answers issued by this department.
    pub department_id: Option<Uuid>,
    /// Only answers for this site/project (exactly as stored).
    #[param(max_length = 200)]
    pub unit: Option<String>,
    /// `true`: also answers not in effect now (expired, not yet valid, or withdrawn).
    pub include_expired: Option<bool>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[A-Za-z0-9_-]+$")]
    pub cursor: Option<String>,
}

/// Trims an optional text; blank is none; at most `max` characters.
fn optional_text(field: &str, text: Option<String>, max: usize) -> Result<Option<String>, Error> {
    let text = text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    if text.as_ref().is_some_and(|t| t.chars().count() > max) {
        return Err(Error::invalid(field, format!("must be at most {max} characters")));
    }
    Ok(text)
}

/// The answers library. By default only answers in effect now (active and valid); with
/// `q`, those matching the most query terms first. Every signed-in user.
#[utoipa::path(
    tag = "answers", params(AnswerListParams),
    responses((status = 200, body = Page<Answer>), ReadErrors), security(("bearer" = []))
)]
#[get("/answers")]
pub async fn list_answers(
    state: web::Data<AppState>,
    _user: AuthUser,
    params: Query<AnswerListParams>,
) -> Result<HttpResponse, Error> {
    let p = params.into_inner();
    let limit = pagination::limit(p.limit)?;
    let q = optional_text("q", p.q, 100)?;
    let now = clock::now(state.clock.as_ref());
    let filter = AnswerFilter {
        department_id: p.department_id.map(|d| d.to_string()),
        unit: optional_text("unit", p.unit, 200)?,
        offered_at: (!p.include_expired.unwrap_or(false)).then(|| db::to_db(now)),
        limit: limit + 1,
    };
    let page = match q {
        Some(q) => {
            let mut terms = query_terms(&q);
            let prefix = typed_prefix(&q);
            let after = p.cursor.as_deref().map(pagination::decode_rank_time_id).transpose()?;
            state
                .db
                .read(move |c| {
                    if let Some(prefix) = prefix {
                        let room = i64::try_from(MAX_QUERY_TERMS.saturating_sub(terms.len())).unwrap_or(0).min(8);
                        terms.extend(db::answers::terms_with_prefix(c, &prefix, room)?);
                    }
                    let rows = db::answers::search(c, &filter, &terms, after)?;
                    let names = department_names(c, rows.iter().map(|(r, _)| r))?;
                    pagination::page_of(
                        rows,
                        limit,
                        |(r, hits)| pagination::encode_rank_time_id(*hits, r.created_at, &r.id),
                        |(r, hits)| Answer::build(r, Some(hits), &names, now),
                    )
                })
                .await?
        }
        None => {
            let after = p.cursor.as_deref().map(pagination::decode_time_id).transpose()?;
            state
                .db
                .read(move |c| {
                    let rows = db::answers::list(c, &filter, after)?;
                    let names = department_names(c, rows.iter())?;
                    pagination::page_of(
                        rows,
                        limit,
                        |r| pagination::encode_time_id(r.created_at, &r.id),
                        |r| Answer::build(r, None, &names, now),
                    )
                })
                .await?
        }
    };
    Ok(HttpResponse::Ok().json(page))
}

/// One answer, in effect or not. Every signed-in user.
#[utoipa::path(
    tag = "answers", params(("id" = Uuid, Path)),
    responses((status = 200, body = Answer), ReadErrors), security(("bearer" = []))
)]
#[get("/answers/{id}")]
pub async fn get_answer(
    state: web::Data<AppState>,
    _user: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, Error> {
    let id = id.into_inner().to_string();
    let now = clock::now(state.clock.as_ref());
    let answer = state
        .db
        .read(move |c| {
            let row = db::answers::find(c, &id)?.ok_or_else(|| Error::not_found("answer"))?;
            render(c, row, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAnswer {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200, example = "3号楼电梯停运检修")]
    pub title: String,
    #[validate(length(min = 1, max = 10000))]
    #[schema(min_length = 1, max_length = 10000, example = "3号楼电梯故障，维修单位已到场，预计今晚20点前恢复运行。")]
    pub body: String,
    /// The issuing department; department staff issue only for their own.
    pub department_id: Uuid,
    /// The site or project (as in customers' `unit`); omit for every site.
    #[schema(max_length = 200, example = "Garden Estate")]
    pub unit: Option<String>,
    #[schema(max_length = 100, example = "电梯")]
    pub topic: Option<String>,
    /// Default: now.
    pub valid_from: Option<DateTime<Utc>>,
    /// Later than `valid_from`; omit for no end.
    pub valid_until: Option<DateTime<Utc>>,
}

/// Issues an answer (supervisors, administrators, or department staff for their own
/// department).
#[utoipa::path(
    tag = "answers", request_body = CreateAnswer,
    responses((status = 201, body = Answer), WriteErrors), security(("bearer" = []))
)]
#[post("/answers")]
pub async fn create_answer(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Body<CreateAnswer>,
) -> Result<HttpResponse, Error> {
    user.require(&[Role::Admin, Role::Supervisor, Role::DeptStaff], "write answers")?;
    let b = body.parse()?;
    let input = NewAnswer {
        title: required_text("title", b.title)?,
        body: required_text("body", b.body)?,
        department_id: DepartmentId::from(b.department_id),
        unit: optional_text("unit", b.unit, 200)?,
        topic: optional_text("topic", b.topic, 100)?,
        valid_from: b.valid_from,
        valid_until: b.valid_until,
    };
    let actor = user.0;
    let now = clock::now(state.clock.as_ref());
    let answer = state
        .db
        .write(move |c| {
            let row = workflow::create(c, &Ctx { actor: &actor, now }, input)?;
            render(c, row, now)
        })
        .await?;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/v1/answers/{}", answer.id))).json(answer))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateAnswer {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    #[validate(length(min = 1, max = 10000))]
    #[schema(min_length = 1, max_length = 10000)]
    pub body: Option<String>,
    pub department_id: Option<Uuid>,
    /// `null` clears it (every site).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 200)]
    pub unit: Option<Option<String>>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub topic: Option<Option<String>>,
    pub valid_from: Option<DateTime<Utc>>,
    /// `null` clears it (no end).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub valid_until: Option<Option<DateTime<Utc>>>,
    /// `false` withdraws the answer: it is no longer offered or citable.
    pub active: Option<bool>,
}

/// Edits, withdraws (`active: false`) or reinstates an answer (supervisors, administrators,
/// or department staff for their own department's answers).
#[utoipa::path(
    tag = "answers", params(("id" = Uuid, Path)), request_body = UpdateAnswer,
    responses((status = 200, body = Answer), WriteErrors), security(("bearer" = []))
)]
#[patch("/answers/{id}")]
pub async fn update_answer(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: Body<UpdateAnswer>,
) -> Result<HttpResponse, Error> {
    user.require(&[Role::Admin, Role::Supervisor, Role::DeptStaff], "write answers")?;
    let b = body.parse()?;
    let changes = AnswerChanges {
        title: b.title.map(|t| required_text("title", t)).transpose()?,
        body: b.body.map(|t| required_text("body", t)).transpose()?,
        department_id: b.department_id.map(DepartmentId::from),
        unit: b.unit.map(|u| optional_text("unit", u, 200)).transpose()?,
        topic: b.topic.map(|t| optional_text("topic", t, 100)).transpose()?,
        valid_from: b.valid_from,
        valid_until: b.valid_until,
        active: b.active,
    };
    let id = AnswerId::from(id.into_inner());
    let actor = user.0;
    let now = clock::now(state.clock.as_ref());
    let answer = state
        .db
        .write(move |c| {
            let row = workflow::update(c, &Ctx { actor: &actor, now }, id, changes)?;
            render(c, row, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
