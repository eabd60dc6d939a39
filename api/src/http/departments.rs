//! Departments (admin writes; every signed-in user reads, to dispatch and to label).

use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::{
    extract::{required_text, AdminUser, AuthUser, Body, Query},
    openapi::{ReadErrors, WriteErrors},
    pagination::{self, Page},
    tickets::PageParams,
    AppState,
};
use crate::{
    clock,
    db::{self, departments::DepartmentRow},
    error::{Error, ErrorCode},
};

/// A responsible department (责任部门).
#[derive(Debug, Serialize, ToSchema)]
pub struct Department {
    pub id: Uuid,
    pub name: String,
    /// Inactive departments cannot receive dispatches.
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

impl Department {
    fn from_row(row: DepartmentRow) -> Result<Department, Error> {
        Ok(Department {
            id: super::stored_id(&row.id)?,
            name: row.name,
            active: row.active,
            created_at: db::from_db(row.created_at),
        })
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateDepartment {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100, example = "物业维修部")]
    pub name: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateDepartment {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    pub active: Option<bool>,
}

/// All departments, in creation order.
#[utoipa::path(
    tag = "admin", params(PageParams),
    responses((status = 200, body = Page<Department>), ReadErrors), security(("bearer" = []))
)]
#[get("/departments")]
pub async fn list_departments(
    state: web::Data<AppState>,
    _user: AuthUser,
    params: Query<PageParams>,
) -> Result<HttpResponse, Error> {
    let (limit, cursor) = (params.limit, params.cursor.as_deref());
    let page =
        pagination::by_id(&state.db, limit, cursor, db::departments::list, |r| r.id.clone(), Department::from_row)
            .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One department.
#[utoipa::path(
    tag = "admin", params(("id" = Uuid, Path)),
    responses((status = 200, body = Department), ReadErrors), security(("bearer" = []))
)]
#[get("/departments/{id}")]
pub async fn get_department(
    state: web::Data<AppState>,
    _user: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, Error> {
    let id = id.into_inner().to_string();
    let row =
        state.db.read(move |c| db::departments::find(c, &id)).await?.ok_or_else(|| Error::not_found("department"))?;
    Ok(HttpResponse::Ok().json(Department::from_row(row)?))
}

/// Creates a department (admin).
#[utoipa::path(
    tag = "admin", request_body = CreateDepartment,
    responses((status = 201, body = Department), WriteErrors), security(("bearer" = []))
)]
#[post("/departments")]
pub async fn create_department(
    state: web::Data<AppState>,
    _admin: AdminUser,
    body: Body<CreateDepartment>,
) -> Result<HttpResponse, Error> {
    let name = required_text("name", body.parse()?.name)?;
    let now = clock::now(state.clock.as_ref());
    let row = state
        .db
        .write(move |c| {
            if db::departments::name_taken(c, &name, None)? {
                return Err(Error::conflict(
                    ErrorCode::NameTaken,
                    format!("a department named `{name}` exists already"),
                ));
            }
            let row = DepartmentRow { id: db::new_id(), name, active: true, created_at: db::to_db(now) };
            db::departments::insert(c, &row)?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Created().json(Department::from_row(row)?))
}

/// Renames, deactivates or reactivates a department (admin).
#[utoipa::path(
    tag = "admin", params(("id" = Uuid, Path)), request_body = UpdateDepartment,
    responses((status = 200, body = Department), WriteErrors), security(("bearer" = []))
)]
#[patch("/departments/{id}")]
pub async fn update_department(
    state: web::Data<AppState>,
    _admin: AdminUser,
    id: web::Path<Uuid>,
    body: Body<UpdateDepartment>,
) -> Result<HttpResponse, Error> {
    let id = id.into_inner().to_string();
    let UpdateDepartment { name, active } = body.parse()?;
    let name = name.as_deref().map(|n| required_text("name", n)).transpose()?;
    let row = state
        .db
        .write(move |c| {
            let mut row = db::departments::find(c, &id)?.ok_or_else(|| Error::not_found("department"))?;
            if let Some(name) = name {
                if db::departments::name_taken(c, &name, Some(&id))? {
                    return Err(Error::conflict(
                        ErrorCode::NameTaken,
                        format!("a department named `{name}` exists already"),
                    ));
                }
                row.name = name;
            }
            if let Some(active) = active {
                row.active = active;
            }
            db::departments::update(c, &row)?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Department::from_row(row)?))
}
