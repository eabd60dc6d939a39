//! Writing the unified answers library (统一答复口径), and citing an answer at intake.

use chrono::{DateTime, Utc};

use super::tickets::Ctx;
use crate::{
    db::{
        self,
        answers::{AnswerRow, AnswerUseRow},
        DbConnection,
    },
    domain::{
        answers::{in_effect, index_terms, may_write},
        ids::{AnswerId, DepartmentId, TicketId},
    },
    error::Error,
};

#[derive(Debug, Clone)]
pub struct NewAnswer {
    pub title: String,
    pub body: String,
    pub department_id: DepartmentId,
    pub unit: Option<String>,
    pub topic: Option<String>,
    /// None: from now.
    pub valid_from: Option<DateTime<Utc>>,
    pub valid_until: Option<DateTime<Utc>>,
}

/// What a PATCH changes; `Some(None)` clears a nullable field.
#[derive(Debug, Clone, Default)]
pub struct AnswerChanges {
    pub title: Option<String>,
    pub body: Option<String>,
    pub department_id: Option<DepartmentId>,
    pub unit: Option<Option<String>>,
    pub topic: Option<Option<String>>,
    pub valid_from: Option<DateTime<Utc>>,
    pub valid_until: Option<Option<DateTime<Utc>>>,
    pub active: Option<bool>,
}

fn forbidden() -> Error {
    Error::forbidden("your role may not write this department's answers")
}

/// An active department the actor may write answers for.
fn check_department(conn: &mut DbConnection, ctx: &Ctx, department_id: DepartmentId) -> Result<(), Error> {
    if !may_write(ctx.actor, department_id) {
        return Err(forbidden());
    }
    match db::departments::find(conn, &department_id.to_string())? {
        Some(d) if d.active => Ok(()),
        Some(_) => Err(Error::invalid("department_id", "this department is inactive")),
        None => Err(Error::invalid("department_id", "no such department")),
    }
}

fn check_validity(row: &AnswerRow) -> Result<(), Error> {
    if row.valid_until.is_some_and(|until| until <= row.valid_from) {
        return Err(Error::invalid("valid_until", "must be later than valid_from"));
    }
    Ok(())
}

/// Indexes what an answer is found by: its title, body, topic and unit.
fn index(conn: &mut DbConnection, row: &AnswerRow) -> Result<(), Error> {
    let text = [Some(&row.title), Some(&row.body), row.topic.as_ref(), row.unit.as_ref()]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\n");
    db::answers::set_terms(conn, &row.id, &index_terms(&text))
}

/// Issues an answer for a department (supervisors, administrators, or that department's
/// staff), and indexes it for search.
pub fn create(conn: &mut DbConnection, ctx: &Ctx, input: NewAnswer) -> Result<AnswerRow, Error> {
    check_department(conn, ctx, input.department_id)?;
    let now = db::to_db(ctx.now);
    let row = AnswerRow {
        id: db::new_id(),
        title: input.title,
        body: input.body,
        department_id: input.department_id.to_string(),
        unit: input.unit,
        topic: input.topic,
        valid_from: input.valid_from.map(db::to_db).unwrap_or(now),
        valid_until: input.valid_until.map(db::to_db),
        active: true,
        use_count: 0,
        created_by: ctx.actor.id.to_string(),
        created_at: now,
        updated_at: now,
    };
    check_validity(&row)?;
    db::answers::insert(conn, &row)?;
    index(conn, &row)?;
    Ok(row)
}

/// Edits, deactivates or reactivates an answer; re-indexes it when its text changed.
pub fn update(conn: &mut DbConnection, ctx: &Ctx, id: AnswerId, changes: AnswerChanges) -> Result<AnswerRow, Error> {
    let mut row = db::answers::find(conn, &id.to_string())?.ok_or_else(|| Error::not_found("answer"))?;
    let current: DepartmentId = db::stored(&row.department_id)?;
    if !may_write(ctx.actor, current) {
        return Err(forbidden());
    }
    if let Some(department_id) = changes.department_id.filter(|d| *d != current) {
        check_department(conn, ctx, department_id)?;
        row.department_id = department_id.to_string();
    }
    let text_before = (row.title.clone(), row.body.clone(), row.topic.clone(), row.unit.clone());
    if let Some(title) = changes.title {
        row.title = title;
    }
    if let Some(body) = changes.body {
        row.body = body;
    }
    if let Some(unit) = changes.unit {
        row.unit = unit;
    }
    if let Some(topic) = changes.topic {
        row.topic = topic;
    }
    if let Some(from) = changes.valid_from {
        row.valid_from = db::to_db(from);
    }
    if let Some(until) = changes.valid_until {
        row.valid_until = until.map(db::to_db);
    }
    if let Some(active) = changes.active {
        row.active = active;
    }
    check_validity(&row)?;
    row.updated_at = db::to_db(ctx.now);
    db::answers::update(conn, &row)?;
    if text_before != (row.title.clone(), row.body.clone(), row.topic.clone(), row.unit.clone()) {
        index(conn, &row)?;
    }
    Ok(row)
}

/// An answer cited on a ticket: it must be offered now (active and valid). Records the
/// use, which counts it, in the caller's transaction.
pub fn cite(conn: &mut DbConnection, ctx: &Ctx, answer_id: AnswerId, ticket_id: TicketId) -> Result<AnswerRow, Error> {
    let row = db::answers::find(conn, &answer_id.to_string())?
        .ok_or_else(|| Error::invalid("answer_id", "no such answer"))?;
    let offered = in_effect(row.active, db::from_db(row.valid_from), row.valid_until.map(db::from_db), ctx.now);
    if !offered {
        let why = if row.active { "this answer is not valid now" } else { "this answer was withdrawn" };
        return Err(Error::invalid("answer_id", why));
    }
    db::answers::record_use(
        conn,
        &AnswerUseRow {
            id: db::new_id(),
            answer_id: row.id.clone(),
            ticket_id: ticket_id.to_string(),
            by_user: ctx.actor.id.to_string(),
            at: db::to_db(ctx.now),
        },
    )?;
    Ok(row)
}
