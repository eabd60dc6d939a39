//! Root-cause categories (admin writes; everyone signed in reads, to resolve and report).

use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::{
    extract::{required_text, AdminUser, AuthUser, Body, Query},
    openapi::{ReadErrors, WriteErrors},
    AppState,
};
use crate::{
    clock,
    db::{self, root_causes::RootCauseRow},
    error::{Error, ErrorCode},
};

/// A root-cause category (first level) or a cause within one (second level).
#[derive(Debug, Serialize, ToSchema)]
pub struct RootCause {
    pub id: Uuid,
    /// The category of a cause; null for a category.
    pub parent_id: Option<Uuid>,
    pub name: String,
    /// Inactive ones cannot be chosen when resolving; old tickets keep them.
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

impl RootCause {
    fn from_row(row: RootCauseRow) -> Result<RootCause, Error> {
        let id = super::stored_id;
        Ok(RootCause {
            id: id(&row.id)?,
            parent_id: row.parent_id.as_deref().map(id).transpose()?,
            name: row.name,
            active: row.active,
            created_at: db::from_db(row.created_at),
        })
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RootCauseParams {
    /// Include deactivated categories and causes.
    pub include_inactive: Option<bool>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRootCause {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100, example = "管道老化")]
    pub name: String,
    /// The category this cause belongs to; omit to create a category.
    pub parent_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateRootCause {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    pub active: Option<bool>,
}

/// All categories and causes, by name (everyone signed in).
#[utoipa::path(
    tag = "admin", params(RootCauseParams),
    responses((status = 200, body = Vec<RootCause>), ReadErrors), security(("bearer" = []))
)]
#[get("/root-causes")]
pub async fn list_root_causes(
    state: web::Data<AppState>,
    _user: AuthUser,
    params: Query<RootCauseParams>,
) -> Result<HttpResponse, Error> {
    let include_inactive = params.include_inactive.unwrap_or(false);
    let list = state
        .db
        .read(move |c| {
            db::root_causes::all(c)?
                .into_iter()
                .filter(|r| include_inactive || r.active)
                .map(RootCause::from_row)
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Creates a category, or a cause within one (admin). Two levels only.
#[utoipa::path(
    tag = "admin", request_body = CreateRootCause,
    responses((status = 201, body = RootCause), WriteErrors), security(("bearer" = []))
)]
#[post("/root-causes")]
pub async fn create_root_cause(
    state: web::Data<AppState>,
    _admin: AdminUser,
    body: Body<CreateRootCause>,
) -> Result<HttpResponse, Error> {
    let CreateRootCause { name, parent_id } = body.parse()?;
    let name = required_text("name", &name)?;
    let parent_id = parent_id.map(|p| p.to_string());
    let now = db::to_db(clock::now(state.clock.as_ref()));
    let row = state
        .db
        .write(move |c| {
            if let Some(p) = &parent_id {
                match db::root_causes::find(c, p)? {
                    Some(parent) if parent.parent_id.is_none() => {}
                    Some(_) => return Err(Error::invalid("parent_id", "causes have two levels: pick a category")),
                    None => return Err(Error::invalid("parent_id", "no such category")),
                }
            }
            if db::root_causes::name_taken(c, parent_id.as_deref(), &name, None)? {
                return Err(Error::conflict(ErrorCode::NameTaken, format!("`{name}` exists already here")));
            }
            let row = RootCauseRow { id: db::new_id(), parent_id, name, active: true, created_at: now };
            db::root_causes::insert(c, &row)?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Created().json(RootCause::from_row(row)?))
}

/// Renames or (de)activates a category or cause (admin).
#[utoipa::path(
    tag = "admin", params(("id" = Uuid, Path)),
    request_body = UpdateRootCause,
    responses((status = 200, body = RootCause), WriteErrors), security(("bearer" = []))
)]
#[patch("/root-causes/{id}")]
pub async fn update_root_cause(
    state: web::Data<AppState>,
    _admin: AdminUser,
    id: web::Path<Uuid>,
    body: Body<UpdateRootCause>,
) -> Result<HttpResponse, Error> {
    let UpdateRootCause { name, active } = body.parse()?;
    let name = name.as_deref().map(|n| required_text("name", n)).transpose()?;
    let id = id.into_inner().to_string();
    let row = state
        .db
        .write(move |c| {
            let mut row = db::root_causes::find(c, &id)?.ok_or_else(|| Error::not_found("root cause"))?;
            if let Some(name) = name {
                if db::root_causes::name_taken(c, row.parent_id.as_deref(), &name, Some(&id))? {
                    return Err(Error::conflict(ErrorCode::NameTaken, format!("`{name}` exists already here")));
                }
                row.name = name;
            }
            if let Some(active) = active {
                row.active = active;
            }
            db::root_causes::update(c, &row)?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(RootCause::from_row(row)?))
}
