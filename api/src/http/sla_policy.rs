//! `GET`/`PUT /api/v1/sla-policy`: the response windows and the resolution deadline.

use actix_web::{get, put, web, HttpResponse};
use validator::Validate;

use super::{
    extract::{AdminUser, AuthUser, Body},
    openapi::{ReadErrors, WriteErrors},
    AppState,
};
use crate::{
    clock, db,
    domain::sla::SlaPolicyDoc,
    error::{Error, FieldErrors},
};

impl Validate for SlaPolicyDoc {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        Ok(()) // checked by `to_policy`, which reports every bad field
    }
}

/// The SLA policy in force (everyone signed in may read it: the console shows deadlines).
#[utoipa::path(
    tag = "admin",
    responses((status = 200, body = SlaPolicyDoc), ReadErrors), security(("bearer" = []))
)]
#[get("/sla-policy")]
pub async fn get_sla_policy(state: web::Data<AppState>, _user: AuthUser) -> Result<HttpResponse, Error> {
    let policy = state.db.read(db::sla_policy::get).await?;
    Ok(HttpResponse::Ok().json(SlaPolicyDoc::from_policy(&policy)))
}

/// Replaces the SLA policy (admin). It applies to clocks started after the change.
#[utoipa::path(
    tag = "admin", request_body = SlaPolicyDoc,
    responses((status = 200, body = SlaPolicyDoc), WriteErrors), security(("bearer" = []))
)]
#[put("/sla-policy")]
pub async fn put_sla_policy(
    state: web::Data<AppState>,
    admin: AdminUser,
    body: Body<SlaPolicyDoc>,
) -> Result<HttpResponse, Error> {
    let admin = admin.0;
    let policy = body.parse()?.to_policy().map_err(|list| {
        let mut errors = FieldErrors::new();
        for (field, message) in list {
            errors.entry(field).or_default().push(message);
        }
        let fields: Vec<_> = errors.keys().cloned().collect();
        Error::Validation { detail: format!("invalid fields: {}", fields.join(", ")), errors }
    })?;
    let now = db::to_db(clock::now(state.clock.as_ref()));
    let saved = policy.clone();
    state.db.write(move |c| db::sla_policy::put(c, &saved, now, &admin.id.to_string())).await?;
    Ok(HttpResponse::Ok().json(SlaPolicyDoc::from_policy(&policy)))
}
