//! Sign-in lockouts (admin): who was locked out after repeated failed sign-ins, until
//! when, and lifting a lockout early.

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{
    extract::{AdminUser, Query},
    openapi::{ReadErrors, WriteErrors},
    pagination::{self, Page},
    AppState,
};
use crate::{
    auth::throttle::Kind,
    clock,
    db::{self, sign_in_lockouts::LockoutRow},
    error::Error,
};

/// A temporary refusal of sign-ins for one username (known or not) or one client address.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignInLockout {
    pub id: Uuid,
    /// `account` (a username as typed) or `address` (a client IP address).
    #[schema(example = "account")]
    pub kind: String,
    /// The username or the address.
    pub subject: String,
    /// Consecutive failed sign-ins that caused it.
    pub failures: i32,
    pub locked_at: DateTime<Utc>,
    pub locked_until: DateTime<Utc>,
    pub lifted_at: Option<DateTime<Utc>>,
    /// The administrator who lifted it.
    pub lifted_by: Option<Uuid>,
    /// In force now: not lifted and not yet over.
    pub active: bool,
}

impl SignInLockout {
    fn from_row(row: LockoutRow, now: DateTime<Utc>) -> Result<SignInLockout, Error> {
        let locked_until = db::from_db(row.locked_until);
        Ok(SignInLockout {
            id: super::stored_id(&row.id)?,
            active: row.lifted_at.is_none() && locked_until > now,
            lifted_by: row.lifted_by.as_deref().map(super::stored_id).transpose()?,
            lifted_at: row.lifted_at.map(db::from_db),
            locked_at: db::from_db(row.locked_at),
            locked_until,
            failures: row.failures,
            subject: row.subject,
            kind: row.kind,
        })
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LockoutParams {
    /// Only the lockouts in force now.
    pub active: Option<bool>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[A-Za-z0-9_-]+$")]
    pub cursor: Option<String>,
}

/// Sign-in lockouts, newest first (admin).
#[utoipa::path(
    tag = "admin", params(LockoutParams),
    responses((status = 200, body = Page<SignInLockout>), ReadErrors), security(("bearer" = []))
)]
#[get("/sign-in-lockouts")]
pub async fn list_sign_in_lockouts(
    state: web::Data<AppState>,
    _admin: AdminUser,
    params: Query<LockoutParams>,
) -> Result<HttpResponse, Error> {
    let limit = pagination::limit(params.limit)?;
    let before = params.cursor.as_deref().map(pagination::decode_id).transpose()?;
    let now = clock::now(state.clock.as_ref());
    let active_at = params.active.unwrap_or(false).then(|| db::to_db(now));
    let page = state
        .db
        .read(move |c| {
            let rows = db::sign_in_lockouts::list(c, before.as_deref(), limit + 1, active_at)?;
            pagination::page_of(rows, limit, |r| pagination::encode_id(&r.id), |r| SignInLockout::from_row(r, now))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Lifts a lockout (admin): sign-ins for its username or address are accepted again at
/// once, with their failure count cleared. Lifting twice is harmless.
#[utoipa::path(
    tag = "admin", params(("id" = Uuid, Path)),
    responses((status = 200, body = SignInLockout), WriteErrors), security(("bearer" = []))
)]
#[post("/sign-in-lockouts/{id}/lift")]
pub async fn lift_sign_in_lockout(
    state: web::Data<AppState>,
    admin: AdminUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, Error> {
    let id = id.into_inner().to_string();
    let now = clock::now(state.clock.as_ref());
    let row = state
        .db
        .write(move |c| {
            db::sign_in_lockouts::lift(c, &id, &admin.0.id.to_string(), db::to_db(now))?;
            db::sign_in_lockouts::find(c, &id)?.ok_or_else(|| Error::not_found("sign-in lockout"))
        })
        .await?;
    if let Some(kind) = Kind::parse(&row.kind) {
        state.throttle.forget(kind, &row.subject);
    }
    Ok(HttpResponse::Ok().json(SignInLockout::from_row(row, now)?))
}
